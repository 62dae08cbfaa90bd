import {
  ADMISSION_LIMITS,
  type AdmissionLimits,
  type AdmissionPresetName,
} from "../fleet/admission_limits.ts";
import {
  type MigrationRequest,
  type SharedTechnique,
  simulateMigrations,
} from "../fleet/simulate_migrations.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { DEFAULT_PRESET } from "../migration/presets.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import { migrationVmSpec } from "./_migration_vm_spec.ts";
import { cloudsimMigrationDelaySeconds } from "./migration_cost_models.ts";

/** One migration's costs as `simulateDatacenter` books them. */
export interface BookedMigrationCost {
  /** Duration in seconds. */
  seconds: number;
  /** Seconds from the update until it started (waiting for admission); 0 when absent. */
  waitSeconds?: number;
  /** Downtime in seconds. */
  downtime: number;
  /** Bytes sent. */
  bytes: number;
  /** Guest time lost to the migration's mechanisms, in seconds. */
  slowdown: number;
  /** CloudSim's fixed delay for the same migration, in seconds. */
  cloud: number;
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
 * Costs of the migrations started at update k when they share the hosts' NICs
 * (`simulateDatacenter`'s `migrationNetwork: "shared"`), in move order: each involved host's
 * bandwidth times the share is a link, and `simulateMigrations` shares them max-min fairly
 * under the admission limits (a migration they hold back waits from the update on). Dirty
 * logging (`dirtyLoggingSlowdown`, pre-copy) costs the guest that fraction of its live phase,
 * as the engine's `mechanisms.dirtyLogging` does alone on a link: it dirties pages at
 * `1 - slowdown` of its rate (see {@link sharedVmSpec}), and its slowdown is `slowdown` times
 * the live phase (the migration's time minus its downtime and the preset's setup).
 */
export function sharedMigrationCosts(
  moves: SharedMoves,
  k: number,
  s: SharedNetworkSettings,
): BookedMigrationCost[] {
  const { vm: moveVm, source: moveSrc, destination: moveDst } = moves;
  const { ramBytes: ram, demandMips: req, cpuMips: mips, hostBandwidth: bwCap } = s;
  const involved = [...new Set([...moveSrc, ...moveDst])].sort((a, b) => a - b);
  const network = {
    links: involved.map((h) => ({
      id: `nic-${h}`,
      bandwidthBytesPerSecond: bwCap[h]! * s.bandwidthShare,
    })),
  };
  const requests: MigrationRequest[] = moveVm.map((v, i) => ({
    id: `move-${i}`,
    vm: sharedVmSpec(ram[v]!, Math.round(req[v]! / mips[v]! * 100), s),
    sourceHost: `h${moveSrc[i]}`,
    destinationHost: `h${moveDst[i]}`,
    route: [`nic-${moveSrc[i]}`, `nic-${moveDst[i]}`],
    technique: s.technique as SharedTechnique,
  }));
  const r = simulateMigrations(network, requests, {
    admission: s.admission === "vsphere" ? vsphereLimits(bwCap) : s.admission,
    fidelity: s.fidelity,
    seed: `${s.seed}/migration/interval-${k}`,
    // the costs need each migration's row only
    linkUsage: false,
  });
  // The engine's dirty-logging loss: (1 - (1 - s)) of each live round, as MechanismState books it.
  const lost = s.technique === "pre-copy" ? 1 - (1 - s.dirtyLoggingSlowdown) : 0;
  return r.migrations.map((m, i) => ({
    seconds: m.totalSeconds,
    waitSeconds: m.waitSeconds,
    downtime: m.downtimeSeconds,
    bytes: m.bytesSent,
    slowdown: lost * Math.max(0, m.totalSeconds - m.downtimeSeconds - DEFAULT_PRESET.setupSeconds),
    cloud: cloudsimMigrationDelaySeconds(
      ram[moveVm[i]!]!,
      Math.min(bwCap[moveSrc[i]!]!, bwCap[moveDst[i]!]!),
    ),
  }));
}
