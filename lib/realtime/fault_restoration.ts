import { integer, nonNegative, object, oneOf, requiredOptions, show } from "../_validate.ts";
import { type MigrationRequest, simulateMigrations } from "../fleet/simulate_migrations.ts";
import { checkLink } from "../migration/_check_link.ts";
import { checkVm } from "../migration/_check_vm.ts";
import { migrate } from "../migration/migrate.ts";
import type { Fidelity } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { validatePlatform } from "./_analysis.ts";
import type { Fault } from "./fault_model.ts";
import type { Platform } from "./model.ts";
import {
  DEFAULT_SCHEDULE_MAX_EVENTS,
  type ScheduleOutage,
  simulateSchedule,
} from "./simulate_schedule.ts";
import {
  selectMigrationTargets,
  TARGET_POLICIES,
  type TargetPolicy,
} from "./select_migration_targets.ts";

/** The techniques that can restore a VM after a degraded fault. */
export type RestorationTechnique = "offline" | "pre-copy" | "post-copy";

/** Every {@link RestorationTechnique}, in documentation order. */
export const RESTORATION_TECHNIQUES: readonly RestorationTechnique[] = Object.freeze([
  "offline",
  "pre-copy",
  "post-copy",
]);

/** Why a VM of the faulty processor was or was not restored. */
export type RestorationOutcome =
  | "restored"
  | "fail-stop"
  | "uncovered"
  | "no-target"
  | "window-exceeded";

/** Options of {@link injectFault}. */
export interface InjectFaultOptions {
  /** Migration technique: `"offline"` (stop-and-copy), `"pre-copy"` or `"post-copy"`. */
  technique: RestorationTechnique;
  /** Seed passed to every migration (recorded in the result). */
  seed: Seed;
  /**
   * Degraded faults: seconds after the fault during which the processor can still
   * save and send VM state (> 0; Infinity for no limit).
   */
  windowSeconds: number;
  /**
   * Seconds from the fault until the hypervisor detects it and starts migrating.
   * @default {0}
   */
  detectionSeconds?: number;
  /**
   * Whether the reconfiguration succeeds (coverage). An uncovered fault loses every
   * VM of the processor, whatever its kind.
   * @default {true}
   */
  covered?: boolean;
  /**
   * Processors that already failed before this fault (never chosen as targets).
   * @default {[]}
   */
  failedProcessors?: readonly number[];
  /**
   * How `selectMigrationTargets` picks a target among those that stay schedulable.
   * @default {"best-fit"}
   */
  targetPolicy?: TargetPolicy;
  /**
   * Fidelity of the migration engine (`"closed-form"` is faster).
   * @default {"page"}
   */
  fidelity?: Fidelity;
  /**
   * How the VMs share the faulty processor's link. `"concurrent"` (the default): all
   * at once from detection, sharing the link max-min fairly and re-sharing as each
   * ends (`simulateMigrations`; at page fidelity post-copy's pull and its stalls are
   * simulated over the shared link, at closed-form fidelity its stalls are those of
   * the VM alone on the link); a VM whose migration would end after the window is not
   * started: the one ending last is dropped and the others re-simulated until all fit.
   * `"sequential"` (the default before shared links): one after another, in VM index
   * order, each with the whole link. Both honour the link's bandwidth, latency,
   * `pageOverheadBytes`, `maxBandwidthBytesPerSecond` and `zeroPageSeconds` alike (one VM
   * gives the same outage either way; see {@link injectFault}).
   * @default {"concurrent"}
   */
  linkSharing?: "sequential" | "concurrent";
  /**
   * Count deadline misses by simulating the schedule from time 0 to the fault plus
   * this many seconds (0 skips the simulation and leaves `tasks` empty).
   * @default {1}
   */
  scheduleAfterFaultSeconds?: number;
}

/** What happened to one VM of the faulty processor. */
export interface VmRestoration {
  /** Index of the VM in `platform.vms`. */
  vmIndex: number;
  /** Name of the VM. */
  vm: string;
  /** The faulty processor that hosted it. */
  fromProcessor: number;
  /** The processor it was migrated to, or null when it was not restored. */
  targetProcessor: number | null;
  /** Whether it runs again (on `targetProcessor`). */
  restored: boolean;
  /** Why it was or was not restored. */
  outcome: RestorationOutcome;
  /** Seconds from the fault until its migration started (detection plus waiting for the link). */
  startSeconds: number;
  /** Seconds its migration took (0 when it was not migrated). */
  migrationSeconds: number;
  /** Post-copy: seconds its vCPU stalled on remote page faults after the resume. */
  stallSeconds: number;
  /** Bytes its migration sent. */
  bytesSent: number;
  /**
   * Seconds of service outage from the fault: detection, waiting for the link, the
   * migration up to the resume at the target, and post-copy stalls; Infinity when the
   * VM was not restored.
   */
  outageSeconds: number;
}

/** Deadline misses of one task around a fault. */
export interface TaskDeadlineMisses {
  /** Index of the VM in `platform.vms`. */
  vmIndex: number;
  /** Name of the VM. */
  vm: string;
  /** Name of the task. */
  task: string;
  /** Jobs released within the simulated schedule. */
  jobs: number;
  /** Jobs that missed their deadline. */
  deadlinesMissed: number;
}

/** The result of {@link injectFault}. */
export interface FaultRestoration {
  /** The fault. */
  fault: Fault;
  /** The technique used. */
  technique: RestorationTechnique;
  /** The seed passed to the migrations. */
  seed: Seed;
  /** Detection latency in seconds. */
  detectionSeconds: number;
  /** The degraded window in seconds. */
  windowSeconds: number;
  /** One row per VM of the faulty processor, in VM index order. */
  vms: VmRestoration[];
  /** One row per task of every VM, in VM and task order (empty when not simulated). */
  tasks: TaskDeadlineMisses[];
  /**
   * The schedule behind `tasks` was simulated over [0, observedUntilSeconds] (the fault
   * plus `scheduleAfterFaultSeconds`); 0 when it was not simulated.
   */
  observedUntilSeconds: number;
  /** Whether every VM of the faulty processor was restored. */
  allRestored: boolean;
  /** The placement after the fault: each VM's processor, or -1 for a lost VM. */
  placement: number[];
}

/**
 * Injects one processor fault into a platform and restores the processor's VMs by
 * migration when the fault allows it.
 *
 * The model, exactly:
 * - A `"fail-stop"` fault, or any fault whose reconfiguration is not covered
 *   (`covered: false`), loses every VM of the processor.
 * - A `"degraded"` fault is detected `detectionSeconds` after it happens; the
 *   hypervisor then picks targets with `selectMigrationTargets` (every target stays
 *   schedulable; a VM with no target is lost, outcome `"no-target"`), and migrates the
 *   VMs all at once from detection over the faulty processor's link, sharing it
 *   max-min fairly and re-sharing it as each ends (`simulateMigrations`, the default
 *   `linkSharing: "concurrent"`); or, with `linkSharing: "sequential"`, one after
 *   another, in VM index order, each alone on the link with the engine
 *   (`migrate(vm.image, processor.link, { technique, seed, sampler: "per-write" })`).
 * - The faulty processor must stay up until the last byte of a migration has left it:
 *   for pre-copy and offline that is the whole migration; for post-copy too, since the
 *   pages not yet pushed live only on the source and the resumed VM faults on them.
 *   So a VM is restored only if its migration ends within `windowSeconds` of the fault
 *   (detection and its migration, which shares the link with the others, or, when
 *   sequential, waits for the earlier VMs'). A migration that would not end in time is
 *   not started (outcome `"window-exceeded"`) and uses no link time (concurrent: the
 *   one ending last is dropped and the rest re-shared until all fit), so another,
 *   smaller VM may still be restored.
 * - The link's sender scan of zero pages (`link.zeroPageSeconds`): the sequential path
 *   passes the whole link to `migrate`, which adds the scan to every batch that holds
 *   zero pages; the concurrent path passes it to `simulateMigrations` as each request's
 *   `zeroPageSeconds`, which adds it the same way: a batch's scan is the VM's own sender
 *   time, taken before its flow starts and with its flow off the link meanwhile (the other
 *   VMs share the link without it), so the scan lengthens that VM's migration but not the
 *   others' beyond the bytes they share. Latency, `pageOverheadBytes`,
 *   `maxBandwidthBytesPerSecond` and `zeroPageSeconds` reach `simulateMigrations` (the
 *   route's link, the request's overhead, cap and scan), so the two paths agree on them
 *   for one VM.
 * - Outage of a restored VM: from the fault to its resume at the target, that is
 *   detection + waiting for the earlier migrations + the migration up to its resume
 *   event (offline: the whole transfer; pre-copy: all rounds and the stop-and-copy,
 *   since a degraded processor gives its guests no timing guarantee; post-copy: the
 *   state transfer), plus post-copy's vCPU stalls on remote faults, counted as if
 *   they came right after the resume (an upper bound on their effect).
 * - Deadline misses, per task of every VM: `simulateSchedule` runs the platform from
 *   time 0 to `fault.timeSeconds + scheduleAfterFaultSeconds` (so keep the fault time
 *   small, or pass 0 to skip this), each restored VM on its target with an outage
 *   from the fault to the end of its outage, each lost VM on its old processor with
 *   an outage from the fault on. The VMs of other processors are isolated by their
 *   servers, and the targets stay schedulable, so only the faulty processor's VMs
 *   can miss deadlines.
 *
 * @param platform The platform before the fault.
 * @param fault The faulty processor, the fault time and its kind.
 * @param options Technique, seed, window, detection latency, coverage and more.
 * @returns Per VM: outage, restored flag and target; per task: deadline misses.
 * @throws {RangeError} If an index or time is out of range, or a field of the
 *   platform is (for a covered degraded fault, also the faulty processor's link and
 *   the images of its VMs, as the migration engine checks them).
 * @throws {TypeError} If the technique, the fault kind or another option is unknown,
 *   or the platform is not shaped as {@link Platform}. Every error names this
 *   function's action ("Cannot inject a fault as ...").
 *
 * @example A degraded fault restored by post-copy
 * ```ts
 * import { injectFault } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const vm = (name: string) => ({
 *   name,
 *   scheduler: "edf" as const,
 *   server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
 *   tasks: [{ name: "t", periodSeconds: 0.02, wcetSeconds: 0.002, deadlineSeconds: 0.02 }],
 *   image: { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096, workload: { kind: "idle" as const } },
 * });
 * const platform = {
 *   processors: [processor("p0"), processor("p1")],
 *   vms: [vm("a"), vm("b")],
 *   placement: [0, 1],
 * };
 * const result = injectFault(platform, { processorIndex: 0, timeSeconds: 0.1, kind: "degraded" }, {
 *   technique: "post-copy", seed: 1, windowSeconds: 1, detectionSeconds: 0.01,
 * });
 * assert.equal(result.vms[0]!.restored, true);
 * assert.equal(result.vms[0]!.targetProcessor, 1);
 * assert.ok(result.vms[0]!.outageSeconds < 0.02);
 * ```
 */
export function injectFault(
  platform: Platform,
  fault: Fault,
  options: InjectFaultOptions,
): FaultRestoration {
  const action = "inject a fault";
  object(action, "platform", platform);
  object(action, "fault", fault);
  requiredOptions(action, "options", options, [
    "covered",
    "detectionSeconds",
    "failedProcessors",
    "fidelity",
    "linkSharing",
    "scheduleAfterFaultSeconds",
    "seed",
    "targetPolicy",
    "technique",
    "windowSeconds",
  ]);
  const {
    technique,
    seed,
    windowSeconds,
    detectionSeconds = 0,
    covered = true,
    failedProcessors = [],
    targetPolicy = "best-fit",
    fidelity = "page",
    scheduleAfterFaultSeconds = 1,
    linkSharing = "concurrent",
  } = options;
  oneOf(action, "options.linkSharing", linkSharing, ["sequential", "concurrent"] as const);
  oneOf(action, "fault.kind", fault.kind, ["fail-stop", "degraded"] as const);
  if (typeof covered !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as options.covered must be a boolean: current value is ${show(covered)}`,
    );
  }
  const migrating = fault.kind === "degraded" && covered;
  // the checks of selectMigrationTargets (constrained deadlines) and simulateSchedule,
  // made here so that their errors name this function's action
  validatePlatform(action, platform, { allowUnplaced: true, arbitraryDeadlines: !migrating });
  const processorCount = platform.processors.length;
  const p = integer(action, "fault.processorIndex", fault.processorIndex, 0, processorCount - 1);
  nonNegative(action, "fault.timeSeconds", fault.timeSeconds);
  oneOf(action, "options.technique", technique, RESTORATION_TECHNIQUES);
  oneOf(action, "options.targetPolicy", targetPolicy, TARGET_POLICIES);
  oneOf(action, "options.fidelity", fidelity, ["page", "closed-form"] as const);
  if (!(windowSeconds > 0) || typeof windowSeconds !== "number") {
    throw new (typeof windowSeconds === "number" ? RangeError : TypeError)(
      `Cannot ${action} as options.windowSeconds must be a number > 0: current value is ${
        show(windowSeconds)
      }`,
    );
  }
  nonNegative(action, "options.detectionSeconds", detectionSeconds);
  nonNegative(action, "options.scheduleAfterFaultSeconds", scheduleAfterFaultSeconds);
  if (!Array.isArray(failedProcessors)) {
    throw new TypeError(
      `Cannot ${action} as options.failedProcessors must be an array: current value is ${
        show(failedProcessors)
      }`,
    );
  }
  for (const [i, f] of failedProcessors.entries()) {
    integer(action, `options.failedProcessors[${i}]`, f, 0, processorCount - 1);
  }
  const hosted = platform.placement.flatMap((host, vmIndex) => host === p ? [vmIndex] : []);
  if (migrating) {
    // what the migration engine checks, for the link and the VMs it would move
    checkLink(platform.processors[p]!.link, `platform.processors[${p}].link`, action);
    for (const v of hosted) checkVm(platform.vms[v]!.image, `platform.vms[${v}].image`, action);
  }
  const processor = platform.processors[p]!;
  const placement = [...platform.placement];
  const outcomeIfLost: RestorationOutcome = fault.kind === "fail-stop" ? "fail-stop" : "uncovered";
  const targets = migrating
    ? selectMigrationTargets(platform, [...failedProcessors, p], { policy: targetPolicy })
      .placement
    : [];
  const concurrent = migrating && linkSharing === "concurrent"
    ? shareLink(platform, p, hosted.filter((v) => targets[v]! >= 0), {
      technique,
      seed,
      fidelity,
      windowSeconds,
      detectionSeconds,
    })
    : undefined;
  let linkFreeSeconds = detectionSeconds;
  const vms: VmRestoration[] = hosted.map((vmIndex) => {
    const vm = platform.vms[vmIndex]!;
    const lost = (outcome: RestorationOutcome): VmRestoration => {
      placement[vmIndex] = -1;
      return {
        vmIndex,
        vm: vm.name,
        fromProcessor: p,
        targetProcessor: null,
        restored: false,
        outcome,
        startSeconds: 0,
        migrationSeconds: 0,
        stallSeconds: 0,
        bytesSent: 0,
        outageSeconds: Infinity,
      };
    };
    if (!migrating) return lost(outcomeIfLost);
    const target = targets[vmIndex]!;
    if (target < 0) return lost("no-target");
    /** Restored on `target`: the migration started at `startSeconds`, its VM resumed `resumeSeconds` later. */
    const restored = (
      m: {
        startSeconds: number;
        migrationSeconds: number;
        stallSeconds: number;
        bytesSent: number;
      },
      resumeSeconds: number,
    ): VmRestoration => {
      placement[vmIndex] = target;
      return {
        vmIndex,
        vm: vm.name,
        fromProcessor: p,
        targetProcessor: target,
        restored: true,
        outcome: "restored",
        startSeconds: m.startSeconds,
        migrationSeconds: m.migrationSeconds,
        stallSeconds: m.stallSeconds,
        bytesSent: m.bytesSent,
        outageSeconds: m.startSeconds + resumeSeconds + m.stallSeconds,
      };
    };
    if (concurrent !== undefined) {
      const row = concurrent.get(vmIndex);
      if (row === undefined) return lost("window-exceeded");
      return restored(row, row.resumeSeconds);
    }
    // The per-write engine, as the concurrent (shared-link) path runs: one VM gives
    // the same result either way, seed for seed.
    const result = migrate(vm.image, processor.link, {
      technique,
      seed,
      fidelity,
      sampler: "per-write",
    });
    const end = linkFreeSeconds + result.totalSeconds;
    if (end > windowSeconds) return lost("window-exceeded");
    const resume = result.timeline.find((e) => e.kind === "resume")?.timeSeconds ??
      result.totalSeconds;
    const startSeconds = linkFreeSeconds;
    linkFreeSeconds = end;
    return restored({
      startSeconds,
      migrationSeconds: result.totalSeconds,
      stallSeconds: result.stallSeconds,
      bytesSent: result.bytesSent,
    }, resume);
  });

  const tasks = scheduleAfterFaultSeconds > 0
    ? countDeadlineMisses(action, platform, fault, vms, scheduleAfterFaultSeconds)
    : [];
  return {
    fault: { ...fault },
    technique,
    seed,
    detectionSeconds,
    windowSeconds,
    vms,
    tasks,
    observedUntilSeconds: scheduleAfterFaultSeconds > 0
      ? fault.timeSeconds + scheduleAfterFaultSeconds
      : 0,
    allRestored: vms.every((v) => v.restored),
    placement,
  };
}

/** One VM's migration when the VMs share the link (see `linkSharing`). */
interface SharedRow {
  startSeconds: number;
  migrationSeconds: number;
  stallSeconds: number;
  bytesSent: number;
  /** From its migration's start to its resume at the target. */
  resumeSeconds: number;
}

/**
 * Migrates `vmIndices` at once over processor `p`'s link from detection on, dropping
 * the VM that ends last while any ends after the window. Returns the restored VMs.
 */
function shareLink(
  platform: Platform,
  p: number,
  vmIndices: readonly number[],
  o: {
    technique: RestorationTechnique;
    seed: Seed;
    fidelity: Fidelity;
    windowSeconds: number;
    detectionSeconds: number;
  },
): Map<number, SharedRow> {
  const link = platform.processors[p]!.link;
  const network = {
    links: [{
      id: "link",
      bandwidthBytesPerSecond: link.bandwidthBytesPerSecond,
      latencySeconds: link.latencySeconds ?? 0,
    }],
  };
  const fidelity = o.fidelity;
  let left = [...vmIndices];
  for (;;) {
    const requests: MigrationRequest[] = left.map((v) => ({
      id: String(v),
      vm: platform.vms[v]!.image,
      sourceHost: `p${p}`,
      destinationHost: `vm${v}`,
      route: ["link"],
      technique: o.technique,
      releaseSeconds: o.detectionSeconds,
      pageOverheadBytes: link.pageOverheadBytes ?? 0,
      // the sender's scan of each zero page, as `migrate` charges it on this link
      zeroPageSeconds: link.zeroPageSeconds ?? 0,
      seed: o.seed,
      ...(link.maxBandwidthBytesPerSecond === undefined
        ? {}
        : { maxBandwidthBytesPerSecond: link.maxBandwidthBytesPerSecond }),
    }));
    const rows = simulateMigrations(network, requests, { fidelity, seed: o.seed }).migrations;
    let latest = -1;
    rows.forEach((r, i) => {
      if (
        r.endSeconds > o.windowSeconds && (latest < 0 || r.endSeconds >= rows[latest]!.endSeconds)
      ) {
        latest = i;
      }
    });
    if (latest >= 0) {
      left = left.filter((_, i) => i !== latest);
      continue;
    }
    const out = new Map<number, SharedRow>();
    rows.forEach((r, i) => {
      const v = left[i]!;
      // Page fidelity pulls over the shared link (faults at the shared rate); the
      // closed form has no fault stream, so its stalls are the VM's alone on the link.
      const stall = o.technique !== "post-copy"
        ? 0
        : fidelity === "page"
        ? r.stallSeconds
        : migrate(platform.vms[v]!.image, link, {
          technique: "post-copy",
          seed: o.seed,
          fidelity: o.fidelity,
        }).stallSeconds;
      out.set(v, {
        startSeconds: r.startSeconds,
        migrationSeconds: r.totalSeconds,
        stallSeconds: stall,
        bytesSent: r.bytesSent,
        resumeSeconds: o.technique === "post-copy" ? r.downtimeSeconds : r.totalSeconds,
      });
    });
    return out;
  }
}

/** How `simulateSchedule` starts the error of its event cap. */
const EVENT_CAP = "Cannot simulate the schedule as the event count";

/**
 * Runs `simulateSchedule` from 0 to the fault plus `afterSeconds`: every VM of the
 * faulty processor on its target with an outage [fault, fault + outage), a lost VM on
 * its old processor with an outage [fault, Infinity).
 */
function countDeadlineMisses(
  action: string,
  platform: Platform,
  fault: Fault,
  vms: readonly VmRestoration[],
  afterSeconds: number,
): TaskDeadlineMisses[] {
  const placement = [...platform.placement];
  const outages: ScheduleOutage[] = vms.map((v) => {
    if (v.targetProcessor !== null) placement[v.vmIndex] = v.targetProcessor;
    return {
      vm: v.vmIndex,
      fromSeconds: fault.timeSeconds,
      toSeconds: fault.timeSeconds + v.outageSeconds,
    };
  });
  const horizonSeconds = fault.timeSeconds + afterSeconds;
  let schedule: ReturnType<typeof simulateSchedule>;
  try {
    schedule = simulateSchedule({ ...platform, placement }, { horizonSeconds, outages });
  } catch (error) {
    // the inputs were checked; what is left is the schedule's event cap, named here
    // by the fields that set the horizon
    if (!(error instanceof RangeError) || !error.message.startsWith(EVENT_CAP)) throw error;
    throw new RangeError(
      `Cannot ${action} as fault.timeSeconds + options.scheduleAfterFaultSeconds must be short enough for the schedule to take <= ${DEFAULT_SCHEDULE_MAX_EVENTS} events (options.scheduleAfterFaultSeconds: 0 skips it): current value is ${horizonSeconds}`,
      { cause: error },
    );
  }
  return schedule.tasks.map((row) => ({
    vmIndex: row.vm,
    vm: row.vmName,
    task: row.task,
    jobs: row.released,
    deadlinesMissed: row.missed,
  }));
}
