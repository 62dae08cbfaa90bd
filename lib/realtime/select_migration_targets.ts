import { integer, oneOf, options as checkOptions, show } from "../_validate.ts";
import { imageBytes, isSchedulable, validatePlatform } from "./_analysis.ts";
import { bandwidthFits, bandwidthOf, type Load, vmFits } from "./_placement.ts";
import type { Platform } from "./model.ts";

/** How {@link selectMigrationTargets} chooses among the processors a VM fits on. */
export type TargetPolicy = "best-fit" | "worst-fit" | "first-fit";

/** Every target policy. */
export const TARGET_POLICIES: readonly TargetPolicy[] = ["best-fit", "worst-fit", "first-fit"];

/** Options of {@link selectMigrationTargets}. */
export interface SelectMigrationTargetsOptions {
  /**
   * `"best-fit"`: the processor left with the least spare server bandwidth (packs VMs
   * tightly, keeps whole processors free for later faults); `"worst-fit"`: the one left
   * with the most (spreads load); `"first-fit"`: the lowest index. Ties go to the
   * lowest index.
   * @default {"best-fit"}
   */
  policy?: TargetPolicy;
}

/** One migration chosen by {@link selectMigrationTargets}. */
export interface MigrationMove {
  /** VM index. */
  vm: number;
  /** Index of the failed processor it leaves. */
  from: number;
  /** Index of the surviving processor it goes to. */
  to: number;
}

/** What {@link selectMigrationTargets} returns. */
export interface MigrationTargets {
  /** The new placement: moved VMs at their targets, unrestorable ones at -1, others unchanged. */
  placement: number[];
  /** The migrations, in the order they were decided (server bandwidth decreasing). */
  moved: MigrationMove[];
  /** Indices of the VMs of failed processors that fit on no surviving processor. */
  unrestorable: number[];
  /** The policy used. */
  policy: TargetPolicy;
}

/**
 * Chooses a surviving processor for every VM of the failed processors, so that every
 * target stays feasible (see {@link checkPlacement}), and reports the VMs that cannot
 * be restored instead of forcing them.
 *
 * Method: the VMs hosted on failed processors are taken in decreasing order of server
 * bandwidth Θ/Π (ties by VM index), like first-fit decreasing bin packing. Each goes to
 * a surviving processor that is feasible now and stays feasible with it: its RAM still
 * fits, Σ Θ/Π stays <= 1, and the VM is schedulable in its (unchanged) server on that
 * processor's capacity. Servers isolate VMs, so the VMs already there stay schedulable.
 * Among the candidates the policy picks one; a VM with no candidate is unrestorable
 * and keeps no processor (-1). A surviving processor that is infeasible before the
 * fault never receives a VM. VMs already unplaced (-1) are left alone.
 *
 * @param platform The platform before the migrations.
 * @param failedProcessors Indices of the failed processors (duplicates allowed).
 * @param options The target policy.
 * @returns The new placement, the moves and the unrestorable VMs.
 * @throws {RangeError} If an index is out of range.
 * @throws {TypeError} If the policy is unknown or the platform has the wrong shape.
 *
 * @example Processor 0 fails: its two VMs fit on processor 1 and 2 only one each
 * ```ts
 * import { selectMigrationTargets } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const vm = (name: string, budgetSeconds: number) => ({
 *   name,
 *   scheduler: "fixed-priority" as const,
 *   server: { periodSeconds: 0.01, budgetSeconds },
 *   tasks: [{ name: "t", periodSeconds: 0.1, wcetSeconds: 0.01, deadlineSeconds: 0.1 }],
 *   image: { pageCount: 256, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } },
 * });
 * const result = selectMigrationTargets({
 *   processors: [processor("p0"), processor("p1"), processor("p2")],
 *   vms: [vm("a", 0.004), vm("b", 0.005), vm("c", 0.005), vm("d", 0.004)],
 *   placement: [0, 0, 1, 2],
 * }, [0]);
 * assert.deepEqual(result.moved, [{ vm: 1, from: 0, to: 1 }, { vm: 0, from: 0, to: 2 }]);
 * assert.deepEqual(result.placement, [2, 1, 1, 2]);
 * assert.deepEqual(result.unrestorable, []);
 * ```
 */
export function selectMigrationTargets(
  platform: Platform,
  failedProcessors: readonly number[],
  options: SelectMigrationTargetsOptions = {},
): MigrationTargets {
  checkOptions("run selectMigrationTargets()", "options", options, ["policy"]);
  const { policy = "best-fit" } = options;
  const action = "select migration targets";
  validatePlatform(action, platform, { allowUnplaced: true });
  if (!Array.isArray(failedProcessors)) {
    throw new TypeError(
      `Cannot ${action} as failedProcessors must be an array: current value is ${
        show(failedProcessors)
      }`,
    );
  }
  const m = platform.processors.length;
  failedProcessors.forEach((p, i) => integer(action, `failedProcessors[${i}]`, p, 0, m - 1));
  oneOf(action, "options.policy", policy, TARGET_POLICIES);
  const failed = new Set(failedProcessors);

  const loads: Load[] = platform.processors.map(() => ({ bandwidth: 0, ramBytes: 0 }));
  const usable = platform.processors.map((_, p) => !failed.has(p));
  platform.vms.forEach((vm, i) => {
    const host = platform.placement[i]!;
    if (host < 0 || failed.has(host)) return;
    const load = loads[host]!;
    load.bandwidth += bandwidthOf(vm);
    load.ramBytes += imageBytes(vm.image);
    if (!isSchedulable(vm.tasks, vm.scheduler, vm.server, platform.processors[host]!.capacity)) {
      usable[host] = false;
    }
  });
  platform.processors.forEach((processor, p) => {
    const load = loads[p]!;
    if (!bandwidthFits(load.bandwidth) || load.ramBytes > processor.ramBytes) usable[p] = false;
  });

  const movers = platform.placement
    .flatMap((host, i) => host >= 0 && failed.has(host) ? [i] : [])
    .sort((a, b) => bandwidthOf(platform.vms[b]!) - bandwidthOf(platform.vms[a]!) || a - b);
  const placement = [...platform.placement];
  const moved: MigrationMove[] = [];
  const unrestorable: number[] = [];
  for (const i of movers) {
    const vm = platform.vms[i]!;
    let best = -1;
    let bestSpare = 0;
    for (let p = 0; p < m; p++) {
      if (!usable[p] || !vmFits(vm, platform.processors[p]!, loads[p]!)) continue;
      const spare = 1 - loads[p]!.bandwidth - bandwidthOf(vm);
      if (
        best === -1 ||
        (policy === "best-fit" && spare < bestSpare) ||
        (policy === "worst-fit" && spare > bestSpare)
      ) {
        best = p;
        bestSpare = spare;
      }
      if (policy === "first-fit") break;
    }
    if (best === -1) {
      unrestorable.push(i);
      placement[i] = -1;
      continue;
    }
    loads[best]!.bandwidth += bandwidthOf(vm);
    loads[best]!.ramBytes += imageBytes(vm.image);
    moved.push({ vm: i, from: platform.placement[i]!, to: best });
    placement[i] = best;
  }
  unrestorable.sort((a, b) => a - b);
  return { placement, moved, unrestorable, policy };
}
