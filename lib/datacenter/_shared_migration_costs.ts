import {
  ADMISSION_LIMITS,
  type AdmissionLimits,
  type AdmissionPresetName,
  resolveAdmissionLimits,
} from "../fleet/admission_limits.ts";
import {
  type BackgroundTransfer,
  MigrationJob,
  runMigrationJobs,
} from "../fleet/_migration_process.ts";
import type { SharedTechnique } from "../fleet/simulate_migrations.ts";
import { closedFormPreset } from "../migration/_closed_form_preset.ts";
import { compileStopRules } from "../migration/_compiled_stop_rules.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { DEFAULT_PRESET } from "../migration/presets.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import { createFlowNetwork } from "../network/flow_network.ts";
import { migrationVmSpec } from "./_migration_vm_spec.ts";
import { cloudsimMigrationDelaySeconds } from "./migration_cost_models.ts";

/** The preset of the shared network's migrations (`"default"`) and its rules, compiled. */
const PRESET = closedFormPreset("book the shared migrations", undefined);
const STOP_RULES = compileStopRules(PRESET.stopRules);

/** One migration's costs as `simulateDatacenter` books them. */
export interface BookedMigrationCost {
  /** Duration in seconds. */
  seconds: number;
  /** Seconds from the update until it started (waiting for admission); 0 when absent. */
  waitSeconds?: number;
  /**
   * Seconds from the update until it ended, as the shared network's clock gives it (absent:
   * its wait plus its duration): a migration admitted as another ends starts at that very
   * instant, which the sum could miss by a rounding.
   */
  endSeconds?: number;
  /** Downtime in seconds. */
  downtime: number;
  /** Bytes sent. */
  bytes: number;
  /** Guest time lost to the migration's mechanisms, in seconds. */
  slowdown: number;
  /** CloudSim's fixed delay for the same migration, in seconds. */
  cloud: number;
  /**
   * Bytes it sends after the checkpoint (the interval's end), read off the shared network's
   * flows there; absent when not read (each migration alone on its link), and its bytes left
   * are then taken in proportion to its time left.
   */
  bytesAfterCheckpoint?: number;
  /** Whether it was still waiting for admission at the checkpoint (absent when not read). */
  waitingAtCheckpoint?: boolean;
}

/**
 * A migration started at an earlier update and still running, or still waiting for admission:
 * its hosts, the bytes it has left to send, and its end in seconds after the update (filled by
 * the shared network).
 */
export interface ResumedTransfer {
  source: number;
  destination: number;
  bytes: number;
  /** Whether it was still waiting for admission at the last interval's end (never started). */
  waiting: boolean;
  endSeconds: number;
  /** Filled by the shared network at its checkpoint: the bytes it still sends after it. */
  bytesAfterCheckpoint?: number;
  /** Filled likewise: whether it was still waiting for admission then. */
  waitingAtCheckpoint?: boolean;
  /**
   * Filled for one that was waiting: its migration run anew from the update, as the update's
   * own are booked (its `waitSeconds` the new wait, its duration, bytes, downtime and
   * slowdown those of this run, the VM's demand now).
   */
  cost?: BookedMigrationCost;
}

/** The migrations started at one update, as parallel arrays of VM, source and target. */
export interface SharedMoves {
  vm: readonly number[];
  source: readonly number[];
  destination: readonly number[];
}

/** What the shared network needs of the VMs and hosts, and of the options. */
export interface SharedNetworkSettings {
  /** RAM bytes per VM. */
  ramBytes: Float64Array;
  /** Current demand per VM in MIPS. */
  demandMips: Float64Array;
  /** Full MIPS per VM. */
  cpuMips: Float64Array;
  /** Bandwidth per host in bytes per second. */
  hostBandwidth: Float64Array;
  bandwidthShare: number;
  writesPerSecondAtFullLoad: number;
  technique: TechniqueName;
  fidelity: Fidelity;
  seed: Seed;
  /** Admission limits (`"vsphere"`: by the slowest host's NIC, see {@link vsphereLimits}). */
  admission: "vsphere" | AdmissionPresetName | AdmissionLimits;
  /**
   * Fraction of guest time dirty logging costs while pre-copy's live phase runs (the engine's
   * `mechanisms.dirtyLogging.slowdownFraction`); 0: none.
   */
  dirtyLoggingSlowdown: number;
}

/** 10 Gbit/s in bytes per second: vSphere's limit per NIC is 8 from this speed on, else 4. */
const TEN_GBE = 1.25e9;

/**
 * vCenter's limits on simultaneous vMotions for hosts of these bandwidths (bytes per second):
 * `"vsphere-10gbe"` when every NIC has 10 Gbit/s or more, else `"vsphere-1gbe"`
 * (`ADMISSION_LIMITS`).
 */
function vsphereLimits(hostBandwidth: ArrayLike<number>): AdmissionLimits {
  let slowest = Infinity;
  for (let h = 0; h < hostBandwidth.length; h++) slowest = Math.min(slowest, hostBandwidth[h]!);
  return ADMISSION_LIMITS[slowest >= TEN_GBE ? "vsphere-10gbe" : "vsphere-1gbe"];
}

/**
 * The VM a shared-network migration moves: {@link migrationVmSpec}, and under dirty logging
 * (pre-copy only, as the engine cost model turns it on) writing at `1 - slowdown` of its rate,
 * as the engine's `mechanisms.dirtyLogging` does: the guest runs `1 - slowdown` of the live
 * phase (`MechanismState.exec`), so its writes advance that much less.
 */
function sharedVmSpec(
  ramBytes: number,
  utilizationPercent: number,
  s: SharedNetworkSettings,
): VmSpec {
  const spec = migrationVmSpec(ramBytes, utilizationPercent, s.writesPerSecondAtFullLoad);
  const slowdown = s.technique === "pre-copy" ? s.dirtyLoggingSlowdown : 0;
  if (slowdown === 0 || spec.workload.kind !== "uniform") return spec;
  return {
    ...spec,
    workload: { kind: "uniform", writesPerSecond: spec.workload.writesPerSecond * (1 - slowdown) },
  };
}

/**
 * Costs of the migrations started at update k (moves `first` on; the earlier ones are carried
 * from earlier updates) when they share the hosts' NICs (`simulateDatacenter`'s
 * `migrationNetwork: "shared"`), in move order; the `resumed` migrations (the moves just
 * before `first`) send the bytes they have left as one flow each from the update on, holding
 * their admission slots whatever the limits, or, those still waiting for admission at their
 * interval's end, wait again ahead of the update's migrations and run as migrations of their
 * own (their costs filled in as `cost`); their ends are filled in, and, at `checkpointSeconds`
 * (the interval's end), what every migration has left then (`bytesAfterCheckpoint`,
 * `waitingAtCheckpoint`): each involved host's bandwidth times the share is a link, and the
 * shared-link engine shares them max-min fairly under the admission limits (a migration they
 * hold back waits from the update on): the jobs
 * `simulateMigrations` makes of requests with its defaults, built here from the arrays
 * without the requests' checks and names (the settings were checked once per run, and each
 * VM's RAM against the engine's page count when the run was created). Dirty logging
 * (`dirtyLoggingSlowdown`, pre-copy) costs the guest that fraction of its live phase, as the
 * engine's `mechanisms.dirtyLogging` does alone on a link: it dirties pages at `1 - slowdown`
 * of its rate (see {@link sharedVmSpec}), and its slowdown is `slowdown` times the live phase
 * (the migration's time minus its downtime and the preset's setup).
 */
export function sharedMigrationCosts(
  moves: SharedMoves,
  k: number,
  s: SharedNetworkSettings,
  first = 0,
  resumed: readonly ResumedTransfer[] = [],
  checkpointSeconds?: number,
): BookedMigrationCost[] {
  const { vm: moveVm, source: moveSrc, destination: moveDst } = moves;
  const { ramBytes: ram, demandMips: req, cpuMips: mips, hostBandwidth: bwCap } = s;
  // the hosts involved, in increasing order; each one's NIC is its position among them (and
  // so is its index in the admission's counters), -1 for the others
  const nic = new Int32Array(bwCap.length).fill(-1);
  const involved: number[] = [];
  for (const hosts of [moveSrc, moveDst]) {
    // the resumed migrations are the moves just before `first`
    for (let i = first - resumed.length; i < hosts.length; i++) {
      const h = hosts[i]!;
      if (nic[h] === -1) {
        nic[h] = 0;
        involved.push(h);
      }
    }
  }
  involved.sort((a, b) => a - b);
  for (let i = 0; i < involved.length; i++) nic[involved[i]!] = i;
  const net = createFlowNetwork({
    links: involved.map((h) => ({
      id: `nic-${h}`,
      bandwidthBytesPerSecond: bwCap[h]! * s.bandwidthShare,
    })),
  }, { keepFlows: false, linkUsage: false });
  const page = s.fidelity === "page";
  const technique = s.technique as SharedTechnique;
  // The jobs `simulateMigrations` would make of requests with the defaults (preset, one
  // pre-copy round before a hybrid's switch, per-write sampling, no cap, no page overhead)
  // on routes of two NICs without latency, each seeded `<seed>/move-<i>` at page fidelity.
  const jobs: MigrationJob[] = [];
  /** The job of move i, seeded by `label` at page fidelity. */
  const makeJob = (i: number, label: string): MigrationJob => {
    const v = moveVm[i]!;
    const source = nic[moveSrc[i]!]!, destination = nic[moveDst[i]!]!;
    const spec = sharedVmSpec(ram[v]!, Math.round(req[v]! / mips[v]! * 100), s);
    return new MigrationJob(
      jobs.length,
      spec,
      technique,
      0,
      PRESET,
      STOP_RULES,
      // a page's wire bytes: the page, without protocol overhead
      spec.pageSizeBytes,
      0,
      undefined,
      0,
      page,
      false,
      1,
      page ? `${s.seed}/migration/interval-${k}/${label}` : s.seed,
      source,
      destination,
      [source, destination],
    );
  };
  // A resumed migration that was still waiting for admission at its interval's end has not
  // started: it waits again, ahead of this update's migrations (released before them), and
  // runs as a migration of its own; the others send the bytes they have left from the update
  // on (below).
  const waiting: number[] = [];
  for (let i = 0; i < resumed.length; i++) {
    if (!resumed[i]!.waiting) continue;
    waiting.push(i);
    jobs.push(makeJob(first - resumed.length + i, `carried-${i}`));
  }
  for (let j = 0; first + j < moveVm.length; j++) jobs.push(makeJob(first + j, `move-${j}`));
  const limits = resolveAdmissionLimits(
    s.admission === "vsphere" ? vsphereLimits(bwCap) : s.admission,
    "book the shared migrations",
    "options.migrationAdmission",
  );
  // the migrations still running from earlier updates send their rest from the update on,
  // holding their slots whatever the limits
  const background: BackgroundTransfer[] = [];
  const running: number[] = [];
  for (let i = 0; i < resumed.length; i++) {
    const r = resumed[i]!;
    if (r.waiting) continue;
    const source = nic[r.source]!, destination = nic[r.destination]!;
    running.push(i);
    background.push({
      source,
      destination,
      links: [source, destination],
      bytes: r.bytes,
      endSeconds: 0,
    });
  }
  runMigrationJobs(
    net,
    jobs,
    involved.length,
    involved.length,
    limits,
    "as-given",
    background,
    checkpointSeconds,
  );
  for (let q = 0; q < running.length; q++) {
    const r = resumed[running[q]!]!, b = background[q]!;
    r.endSeconds = b.endSeconds;
    if (b.checkpointBytesLeft !== undefined) {
      r.bytesAfterCheckpoint = b.checkpointBytesLeft;
      r.waitingAtCheckpoint = false;
    }
  }
  // The engine's dirty-logging loss: (1 - (1 - s)) of each live round, as MechanismState books it.
  const lost = s.technique === "pre-copy" ? 1 - (1 - s.dirtyLoggingSlowdown) : 0;
  /** Job `job`'s costs, the migration of move i. */
  const book = (job: MigrationJob, i: number): BookedMigrationCost => {
    const m = job.row;
    const cost: BookedMigrationCost = {
      seconds: m.totalSeconds,
      waitSeconds: m.waitSeconds,
      endSeconds: m.endSeconds,
      downtime: m.downtimeSeconds,
      bytes: m.bytesSent,
      slowdown: lost *
        Math.max(0, m.totalSeconds - m.downtimeSeconds - DEFAULT_PRESET.setupSeconds),
      cloud: cloudsimMigrationDelaySeconds(
        ram[moveVm[i]!]!,
        Math.min(bwCap[moveSrc[i]!]!, bwCap[moveDst[i]!]!),
      ),
    };
    // what it sends after the checkpoint: all it sends less what it had sent by then
    const before = job.checkpointBytesSent;
    if (before === before) {
      cost.bytesAfterCheckpoint = Math.max(0, m.bytesSent - before);
      cost.waitingAtCheckpoint = job.checkpointWaiting;
    }
    return cost;
  };
  for (let q = 0; q < waiting.length; q++) {
    const i = waiting[q]!, r = resumed[i]!, cost = book(jobs[q]!, first - resumed.length + i);
    r.endSeconds = cost.endSeconds!;
    r.cost = cost;
    if (cost.bytesAfterCheckpoint !== undefined) {
      r.bytesAfterCheckpoint = cost.bytesAfterCheckpoint;
      r.waitingAtCheckpoint = jobs[q]!.checkpointWaiting;
    }
  }
  return jobs.slice(waiting.length).map((job, j) => book(job, first + j));
}
