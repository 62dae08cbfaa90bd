import { integer, nonNegative, object, oneOf, requiredOptions, show } from "../_validate.ts";
import { migrate } from "../migration/migrate.ts";
import type { Fidelity, MigrationResult } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { isSchedulable, validatePlatform } from "./_analysis.ts";
import { bandwidthOf } from "./_placement.ts";
import { affordableDowntime } from "./affordable_downtime.ts";
import { RESTORATION_TECHNIQUES, type RestorationTechnique } from "./fault_restoration.ts";
import {
  DEFAULT_HYPERVISOR_COST,
  type HypervisorCostModel,
  hypervisorMigrationCost,
} from "./hypervisor_migration_cost.ts";
import type { Platform } from "./model.ts";
import type { ScheduleOutage } from "./simulate_schedule.ts";
import {
  selectMigrationTargets,
  TARGET_POLICIES,
  type TargetPolicy,
} from "./select_migration_targets.ts";

/** Options of {@link planRealTimeMigrations}. */
export interface PlanRealTimeMigrationsOptions {
  /** Seed passed to every migration. */
  seed: Seed;
  /**
   * The techniques the policy may choose from, in tie-break order.
   * @default {["offline", "pre-copy", "post-copy"]}
   */
  techniques?: readonly RestorationTechnique[];
  /**
   * Fidelity of the migration engine.
   * @default {"page"}
   */
  fidelity?: Fidelity;
  /**
   * When the fault happens (the plan's outages are absolute times from it on).
   * @default {0}
   */
  faultTimeSeconds?: number;
  /**
   * Seconds from the fault until the hypervisor detects it and starts migrating.
   * @default {0}
   */
  detectionSeconds?: number;
  /**
   * Seconds after the fault during which the failing processors can still send
   * state; a migration must end within it (Infinity: no limit).
   * @default {Infinity}
   */
  windowSeconds?: number;
  /**
   * Whether the failing processor still serves its guests until each VM stops there
   * (a degraded processor that keeps time, or a planned migration). Then a VM's outage
   * is the migration's downtime (suspend to resume, plus post-copy stalls) and waiting
   * for the link costs nothing. When false, a VM's outage runs from the fault to its
   * resume at the target, as in `injectFault`.
   * @default {true}
   */
  sourceServesGuests?: boolean;
  /**
   * How `selectMigrationTargets` picks each VM's target.
   * @default {"best-fit"}
   */
  targetPolicy?: TargetPolicy;
  /**
   * `false`: a failing processor's VMs migrate one after another over its link, in
   * urgency order. `true`: they all start at detection and share the link equally
   * (bandwidth / k for k VMs; a shared-link model will replace this).
   * @default {false}
   */
  concurrent?: boolean;
  /**
   * The hypervisor's processor time and memory per migration.
   * @default {DEFAULT_HYPERVISOR_COST}
   */
  hypervisorCost?: HypervisorCostModel;
}

/** One technique evaluated for one VM. */
export interface TechniqueCandidate {
  /** The technique. */
  technique: RestorationTechnique;
  /** Seconds from the fault at which the migration would start. */
  startSeconds: number;
  /** Seconds the migration takes. */
  migrationSeconds: number;
  /** Seconds from the migration's start until the VM runs at the destination (resume event). */
  resumeSeconds: number;
  /** Seconds the VM gets no service, by the plan's outage rule. */
  outageSeconds: number;
  /** Whether the migration ends within the window. */
  withinWindow: boolean;
  /** Whether outageSeconds <= the VM's affordable downtime. */
  keepsDeadlines: boolean;
  /** Bytes the migration sends. */
  bytesSent: number;
}

/** Why a VM ends up where the plan puts it. */
export type PlanOutcome = "keeps-deadlines" | "misses-deadlines" | "no-target" | "window-exceeded";

/** The plan for one VM of a failing processor. */
export interface VmMigrationPlan {
  /** Index of the VM. */
  vmIndex: number;
  /** Name of the VM. */
  vm: string;
  /** The failing processor that hosts it. */
  fromProcessor: number;
  /** The processor it goes to, or null when it is lost. */
  targetProcessor: number | null;
  /** Its affordable downtime in seconds (null: it misses deadlines even without outage). */
  affordableDowntimeSeconds: number | null;
  /** Every technique evaluated, in the order of `techniques` (empty without a target). */
  candidates: TechniqueCandidate[];
  /** The chosen technique, or null when the VM is lost. */
  technique: RestorationTechnique | null;
  /** Position in the migration order (0 first), or -1 when not migrated. */
  rank: number;
  /**
   * The outage interval in absolute seconds (to = Infinity for a lost VM; from =
   * Infinity for a VM that stays on a source that serves it and never fails).
   */
  outage: { fromSeconds: number; toSeconds: number };
  /** Whether the plan predicts a deadline miss of this VM. */
  predictedMiss: boolean;
  /** The outcome. */
  outcome: PlanOutcome;
  /** Hypervisor processor seconds for its migration, on each end (0 when not migrated). */
  hypervisorCpuSeconds: number;
  /** Hypervisor memory in bytes during its migration (0 when not migrated). */
  hypervisorMemoryBytes: number;
}

/** A VM that stays put but may miss deadlines because a migration takes processor time. */
export interface BystanderRisk {
  /** Index of the VM. */
  vmIndex: number;
  /** The processor it shares with a migrating hypervisor. */
  processor: number;
  /** The hypervisor's largest processor share there during the migrations. */
  hypervisorShare: number;
  /** The factor its server's budget is squeezed by, < 1. */
  budgetFactor: number;
}

/** What {@link planRealTimeMigrations} returns. */
export interface RealTimeMigrationPlan {
  /** One row per VM of the failing processors, in VM index order. */
  vms: VmMigrationPlan[];
  /** VM indices in migration order (most urgent first). */
  order: number[];
  /** Where every VM runs after the plan: its target, unchanged, or -1 when lost. */
  placement: number[];
  /**
   * The placement and outages to give `simulateSchedule` to check the plan: migrated
   * VMs at their targets, lost ones at their old processor.
   */
  simulation: { placement: number[]; outages: ScheduleOutage[] };
  /** VMs of the failing processors the plan predicts to miss deadlines. */
  predictedMisses: number[];
  /** VMs elsewhere whose servers the hypervisor's migration work squeezes below schedulability. */
  bystanders: BystanderRisk[];
  /**
   * Processors whose RAM cannot hold their VMs' images plus the hypervisor's migration
   * memory (dirty bitmaps and buffers of every migration from or to them, held at once).
   */
  memoryShortfalls: MemoryShortfall[];
}

/** A processor short of RAM during the migrations. */
export interface MemoryShortfall {
  /** The processor. */
  processor: number;
  /** Bytes needed: the images of the VMs it holds during the migrations plus the hypervisor's memory. */
  neededBytes: number;
  /** Its RAM in bytes. */
  ramBytes: number;
}

/**
 * The real-time migration policy of Groesbrink (2014, "Virtual machine migration as a
 * fault tolerance technique for embedded real-time systems", SERE-C, doi
 * 10.1109/SERE-C.2014.16; building on his 2014 "A first step towards real-time virtual
 * machine migration in heterogeneous multi-processor systems", which sets out the
 * hypervisor/guest exchange of scheduling information): restore the VMs of failing
 * processors by migration so that, where possible, every deadline is kept, and predict
 * the misses before migrating by comparing each technique's downtime with the VM's
 * affordable downtime (its slack).
 *
 * The policy, exactly:
 * 1. Targets: `selectMigrationTargets` (every target stays schedulable). A VM with
 *    none is lost (`"no-target"`).
 * 2. Affordable downtime of each VM: {@link affordableDowntime} on its target's
 *    capacity (the guest reports its tasks; the hypervisor knows the server).
 * 3. Urgency order: least affordable downtime first (Jackson's rule: earliest deadline
 *    first minimises the largest lateness of jobs on one machine, here the migrations
 *    sharing one link); VMs already unschedulable go last; ties by VM index.
 * 4. For each VM in that order, every technique is run through the engine
 *    (`migrate(vm.image, link, { technique, seed, fidelity })`, the source's link, or
 *    its 1/k share when `concurrent`), starting when the link is free (detection plus
 *    the earlier migrations from that processor). Its outage: with
 *    `sourceServesGuests`, from the suspend to the resume event plus post-copy's stall
 *    seconds (stalls counted as if contiguous after the resume, an upper bound);
 *    otherwise from the fault to the resume plus stalls. The chosen technique is, among
 *    those that end within the window and keep the outage within the affordable
 *    downtime, the one with the shortest migration (it frees the link and the failing
 *    processor soonest); if none keeps deadlines, the one with the least outage (a
 *    predicted miss); if none ends within the window the VM is lost
 *    (`"window-exceeded"`, no link time used).
 * 5. Hypervisor cost: each migration takes {@link hypervisorMigrationCost} processor
 *    time on its source and target. On a processor whose servers' bandwidths plus that
 *    share exceed 1, every server there is squeezed to budget × (1 − share) / Σ Θ/Π
 *    during the migrations; a VM that is no longer schedulable so is reported as a
 *    bystander at risk (conservative: the squeeze lasts only the migration). Memory:
 *    each migration holds a dirty bitmap and buffers on both ends; a processor whose
 *    RAM cannot hold its images and those is reported in `memoryShortfalls`.
 *
 * A VM is predicted to miss iff its outage exceeds its affordable downtime (or it is
 * lost and has tasks). The plan's `simulation` feeds `simulateSchedule` to check that.
 *
 * @param platform The platform before the fault.
 * @param failedProcessors Indices of the failing processors.
 * @param options Seed, techniques, timing, link sharing and the hypervisor cost model.
 * @returns Per VM the target, technique, outage and predicted miss; the order; the
 *   new placement; bystanders at risk.
 * @throws {RangeError} If an index, time or cost is out of range.
 * @throws {TypeError} If a technique or the target policy is unknown.
 *
 * @example A slack-rich VM goes offline, a tight one by post-copy
 *
 * Offline stops the VM for the whole 42 ms transfer; pre-copy for 2.9 ms, post-copy
 * for 2.3 ms (resume plus stalls). The relaxed VM affords about 96 ms, the tight one
 * 5.5 ms: offline and post-copy (the shorter migration of the two that fit).
 * ```ts
 * import { planRealTimeMigrations } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 1e8 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const vm = (name: string, deadlineSeconds: number) => ({
 *   name,
 *   scheduler: "edf" as const,
 *   server: { periodSeconds: 0.001, budgetSeconds: 0.0004 },
 *   tasks: [{ name: "t", periodSeconds: 0.1, wcetSeconds: 0.001, deadlineSeconds }],
 *   image: {
 *     pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096,
 *     workload: { kind: "uniform" as const, writesPerSecond: 2000 },
 *   },
 * });
 * const plan = planRealTimeMigrations({
 *   processors: [processor("p0"), processor("p1")],
 *   vms: [vm("relaxed", 0.1), vm("tight", 0.01)],
 *   placement: [0, 0],
 * }, [0], { seed: 1 });
 * assert.deepEqual(plan.vms.map((v) => v.technique), ["offline", "post-copy"]);
 * assert.deepEqual(plan.order, [1, 0]); // the tight VM first
 * assert.deepEqual(plan.predictedMisses, []);
 * ```
 */
export function planRealTimeMigrations(
  platform: Platform,
  failedProcessors: readonly number[],
  options: PlanRealTimeMigrationsOptions,
): RealTimeMigrationPlan {
  requiredOptions("run planRealTimeMigrations()", "options", options, [
    "concurrent",
    "detectionSeconds",
    "faultTimeSeconds",
    "fidelity",
    "hypervisorCost",
    "seed",
    "sourceServesGuests",
    "targetPolicy",
    "techniques",
    "windowSeconds",
  ]);
  const action = "plan real-time migrations";
  validatePlatform(action, platform, { allowUnplaced: true });
  object(action, "options", options);
  const {
    seed,
    techniques = RESTORATION_TECHNIQUES,
    fidelity = "page",
    faultTimeSeconds = 0,
    detectionSeconds = 0,
    windowSeconds = Infinity,
    sourceServesGuests = true,
    targetPolicy = "best-fit",
    concurrent = false,
    hypervisorCost = DEFAULT_HYPERVISOR_COST,
  } = options;
  if (!Array.isArray(failedProcessors)) {
    throw new TypeError(
      `Cannot ${action} as failedProcessors must be an array: current value is ${
        show(failedProcessors)
      }`,
    );
  }
  const m = platform.processors.length;
  failedProcessors.forEach((p, i) => integer(action, `failedProcessors[${i}]`, p, 0, m - 1));
  if (!Array.isArray(techniques) || techniques.length === 0) {
    throw new TypeError(
      `Cannot ${action} as options.techniques must be a non-empty array: current value is ${
        show(techniques)
      }`,
    );
  }
  techniques.forEach((t, i) =>
    oneOf(action, `options.techniques[${i}]`, t, RESTORATION_TECHNIQUES)
  );
  oneOf(action, "options.fidelity", fidelity, ["page", "closed-form"] as const);
  oneOf(action, "options.targetPolicy", targetPolicy, TARGET_POLICIES);
  nonNegative(action, "options.faultTimeSeconds", faultTimeSeconds);
  nonNegative(action, "options.detectionSeconds", detectionSeconds);
  if (typeof windowSeconds !== "number" || !(windowSeconds > 0)) {
    throw new (typeof windowSeconds === "number" ? RangeError : TypeError)(
      `Cannot ${action} as options.windowSeconds must be a number > 0: current value is ${
        show(windowSeconds)
      }`,
    );
  }
  for (
    const [field, value] of [["sourceServesGuests", sourceServesGuests], [
      "concurrent",
      concurrent,
    ]] as const
  ) {
    if (typeof value !== "boolean") {
      throw new TypeError(
        `Cannot ${action} as options.${field} must be a boolean: current value is ${show(value)}`,
      );
    }
  }
  const failed = new Set(failedProcessors);
  const targets = selectMigrationTargets(platform, failedProcessors, { policy: targetPolicy })
    .placement;
  const hosted = platform.placement.flatMap((host, i) => host >= 0 && failed.has(host) ? [i] : []);
  const affordable = new Map<number, number | null>();
  for (const i of hosted) {
    const vm = platform.vms[i]!;
    const target = targets[i]!;
    const capacity = platform.processors[target >= 0 ? target : platform.placement[i]!]!.capacity;
    affordable.set(i, affordableDowntime(vm, { capacity }).downtimeSeconds);
  }
  const urgency = (i: number) => affordable.get(i) ?? Infinity;
  const order = hosted.filter((i) => targets[i]! >= 0).sort((a, b) =>
    (affordable.get(a) === null ? 1 : 0) - (affordable.get(b) === null ? 1 : 0) ||
    urgency(a) - urgency(b) || a - b
  );
  const sharers = new Map<number, number>();
  for (const i of order) {
    const p = platform.placement[i]!;
    sharers.set(p, (sharers.get(p) ?? 0) + 1);
  }

  const linkFree = new Map<number, number>();
  const rows = new Map<number, VmMigrationPlan>();
  const shares: { processor: number; share: number; from: number; to: number }[] = [];
  const fault = faultTimeSeconds;
  let rank = 0;
  for (const i of order) {
    const vm = platform.vms[i]!;
    const from = platform.placement[i]!;
    const target = targets[i]!;
    const source = platform.processors[from]!;
    const k = concurrent ? sharers.get(from)! : 1;
    const link = k === 1 ? source.link : {
      ...source.link,
      bandwidthBytesPerSecond: source.link.bandwidthBytesPerSecond / k,
    };
    const start = detectionSeconds + (concurrent ? 0 : linkFree.get(from) ?? 0);
    const budget = affordable.get(i)!;
    const runs: {
      candidate: TechniqueCandidate;
      result: MigrationResult;
      outage: [number, number];
    }[] = techniques.map((technique) => {
      const result = migrate(vm.image, link, { technique, seed, fidelity });
      const suspend = result.timeline.find((e) => e.kind === "suspend")?.timeSeconds ?? 0;
      const resume = result.timeline.find((e) => e.kind === "resume")?.timeSeconds ??
        result.totalSeconds;
      const outage: [number, number] = sourceServesGuests
        ? [fault + start + suspend, fault + start + resume + result.stallSeconds]
        : [fault, fault + start + resume + result.stallSeconds];
      const outageSeconds = outage[1] - outage[0];
      return {
        candidate: {
          technique,
          startSeconds: start,
          migrationSeconds: result.totalSeconds,
          resumeSeconds: resume,
          outageSeconds,
          withinWindow: start + result.totalSeconds <= windowSeconds,
          keepsDeadlines: budget !== null && outageSeconds <= budget * (1 + 1e-12) + 1e-15,
          bytesSent: result.bytesSent,
        },
        result,
        outage,
      };
    });
    const inWindow = runs.filter((r) => r.candidate.withinWindow);
    const keeping = inWindow.filter((r) => r.candidate.keepsDeadlines);
    const pick = keeping.length > 0
      ? keeping.reduce((a, b) =>
        b.candidate.migrationSeconds < a.candidate.migrationSeconds ? b : a
      )
      : inWindow.length > 0
      ? inWindow.reduce((a, b) => b.candidate.outageSeconds < a.candidate.outageSeconds ? b : a)
      : undefined;
    const candidates = runs.map((r) => r.candidate);
    if (pick === undefined) {
      rows.set(
        i,
        lostRow(
          platform,
          i,
          from,
          budget,
          candidates,
          "window-exceeded",
          fault,
          windowSeconds,
          sourceServesGuests,
        ),
      );
      continue;
    }
    if (!concurrent) linkFree.set(from, start - detectionSeconds + pick.result.totalSeconds);
    const cost = hypervisorMigrationCost(pick.result, vm.image.pageCount, hypervisorCost);
    for (const p of [from, target]) {
      shares.push({
        processor: p,
        share: cost.processorShare,
        from: fault + start,
        to: fault + start + pick.result.totalSeconds,
      });
    }
    const predictedMiss = !pick.candidate.keepsDeadlines;
    rows.set(i, {
      vmIndex: i,
      vm: vm.name,
      fromProcessor: from,
      targetProcessor: target,
      affordableDowntimeSeconds: budget,
      candidates,
      technique: pick.candidate.technique,
      rank: rank++,
      outage: { fromSeconds: pick.outage[0], toSeconds: pick.outage[1] },
      predictedMiss,
      outcome: predictedMiss ? "misses-deadlines" : "keeps-deadlines",
      hypervisorCpuSeconds: cost.cpuSeconds,
      hypervisorMemoryBytes: cost.memoryBytes,
    });
  }
  for (const i of hosted) {
    if (!rows.has(i)) {
      rows.set(
        i,
        lostRow(
          platform,
          i,
          platform.placement[i]!,
          affordable.get(i)!,
          [],
          "no-target",
          fault,
          windowSeconds,
          sourceServesGuests,
        ),
      );
    }
  }
  const vms = hosted.map((i) => rows.get(i)!);
  const placement = platform.placement.map((host, i) => {
    const row = rows.get(i);
    return row === undefined ? host : row.targetProcessor ?? -1;
  });
  const simulationPlacement = platform.placement.map((host, i) =>
    rows.get(i)?.targetProcessor ?? host
  );
  // A VM that stays on a source that never fails (infinite window) has no outage.
  const outages: ScheduleOutage[] = vms.filter((v) => Number.isFinite(v.outage.fromSeconds)).map((
    v,
  ) => ({ vm: v.vmIndex, fromSeconds: v.outage.fromSeconds, toSeconds: v.outage.toSeconds }));
  return {
    vms,
    order,
    placement,
    simulation: { placement: simulationPlacement, outages },
    predictedMisses: vms.filter((v) => v.predictedMiss).map((v) => v.vmIndex),
    bystanders: bystanders(platform, placement, failed, shares, new Set(hosted)),
    memoryShortfalls: memoryShortfalls(platform, vms),
  };
}

function lostRow(
  platform: Platform,
  i: number,
  from: number,
  budget: number | null,
  candidates: TechniqueCandidate[],
  outcome: PlanOutcome,
  fault: number,
  windowSeconds: number,
  sourceServesGuests: boolean,
): VmMigrationPlan {
  const vm = platform.vms[i]!;
  return {
    vmIndex: i,
    vm: vm.name,
    fromProcessor: from,
    targetProcessor: null,
    affordableDowntimeSeconds: budget,
    candidates,
    technique: null,
    rank: -1,
    outage: {
      fromSeconds: sourceServesGuests ? fault + windowSeconds : fault,
      toSeconds: Infinity,
    },
    predictedMiss: vm.tasks.length > 0 && (!sourceServesGuests || Number.isFinite(windowSeconds)),
    outcome,
    hypervisorCpuSeconds: 0,
    hypervisorMemoryBytes: 0,
  };
}

/**
 * Processors that cannot hold, during the migrations, the images of their VMs (before
 * and after: a moving VM counts at both ends) plus the hypervisor memory of every
 * migration from or to them.
 */
function memoryShortfalls(
  platform: Platform,
  rows: readonly VmMigrationPlan[],
): MemoryShortfall[] {
  const needed = platform.processors.map(() => 0);
  platform.vms.forEach((vm, i) => {
    const host = platform.placement[i]!;
    if (host >= 0) needed[host]! += vm.image.pageCount * vm.image.pageSizeBytes;
  });
  for (const row of rows) {
    if (row.targetProcessor === null || row.technique === null) continue;
    const image = platform.vms[row.vmIndex]!.image;
    needed[row.targetProcessor]! += image.pageCount * image.pageSizeBytes +
      row.hypervisorMemoryBytes;
    needed[row.fromProcessor]! += row.hypervisorMemoryBytes;
  }
  return platform.processors.flatMap((proc, p) =>
    needed[p]! > proc.ramBytes
      ? [{ processor: p, neededBytes: needed[p]!, ramBytes: proc.ramBytes }]
      : []
  );
}

/** VMs on non-failing processors whose squeezed servers are no longer schedulable. */
function bystanders(
  platform: Platform,
  placement: readonly number[],
  failed: ReadonlySet<number>,
  shares: readonly { processor: number; share: number; from: number; to: number }[],
  movers: ReadonlySet<number>,
): BystanderRisk[] {
  const out: BystanderRisk[] = [];
  platform.processors.forEach((proc, p) => {
    if (failed.has(p)) return;
    const mine = shares.filter((s) => s.processor === p);
    if (mine.length === 0) return;
    // The largest sum of shares of migrations whose intervals overlap one of them.
    let share = 0;
    for (const s of mine) {
      const overlapping = mine.filter((o) => o.from < s.to && s.from < o.to);
      share = Math.max(share, Math.min(1, overlapping.reduce((sum, o) => sum + o.share, 0)));
    }
    const residents = placement.flatMap((host, i) => host === p ? [i] : []);
    const bandwidth = residents.reduce((sum, i) => sum + bandwidthOf(platform.vms[i]!), 0);
    if (bandwidth + share <= 1 + 1e-12) return;
    const factor = Math.max(0, (1 - share) / bandwidth);
    for (const i of residents) {
      if (movers.has(i)) continue; // not yet running here while it migrates
      const vm = platform.vms[i]!;
      const squeezed = { ...vm.server, budgetSeconds: vm.server.budgetSeconds * factor };
      const ok = squeezed.budgetSeconds > 0 &&
        isSchedulable(vm.tasks, vm.scheduler, squeezed, proc.capacity);
      if (!ok) out.push({ vmIndex: i, processor: p, hypervisorShare: share, budgetFactor: factor });
    }
  });
  return out.sort((a, b) => a.vmIndex - b.vmIndex);
}
