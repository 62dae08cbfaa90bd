import { integer, options as checkOptions, show } from "../_validate.ts";
import { imageBytes, TOLERANCE, validatePlatform } from "./_analysis.ts";
import { bandwidthFits, bandwidthOf, vmFits } from "./_placement.ts";
import type { Platform } from "./model.ts";

/** Options of {@link minimumProcessors}. */
export interface MinimumProcessorsOptions {
  /**
   * Up to this many VMs the count is exact (branch and bound); above it, first-fit
   * decreasing gives an upper bound.
   * @default {16}
   */
  exactLimit?: number;
  /**
   * Branch-and-bound node budget; when it runs out the best packing found so far is
   * returned with `exact: false`.
   * @default {1_000_000}
   */
  maxNodes?: number;
}

/** What {@link minimumProcessors} returns. */
export interface MinimumProcessors {
  /**
   * The least number of processors like `platform.processors[0]` that host every VM
   * schedulably (exact when `exact`), or null when some VM fits on no such processor
   * even alone.
   */
  processorCount: number | null;
  /** For each VM, the index (0 … processorCount − 1) of its processor in a packing that attains the count; all -1 when the count is null. */
  assignment: number[];
  /** Whether the count is proven minimal. */
  exact: boolean;
  /** max(⌈Σ Θ/Π⌉, ⌈Σ RAM / RAM per processor⌉): no packing uses fewer processors. */
  lowerBound: number;
}

/**
 * Finds the least number of identical processors that can host every VM of the
 * platform schedulably, the k of the review's "system works while k processors work"
 * reliability model.
 *
 * All processors must have the same capacity and RAM (processor 0 is the model). A
 * set of VMs fits one processor when Σ Θ/Π <= 1, their RAM fits and each is
 * schedulable in its server there (see {@link checkPlacement}); since the last
 * condition does not depend on the other VMs, this is two-dimensional bin packing
 * (server bandwidth and RAM). Method: VMs sorted by bandwidth decreasing (then RAM
 * decreasing, then index); first-fit decreasing gives an upper bound. With at most
 * `exactLimit` VMs, depth-first branch and bound then tries every VM in every open
 * processor (skipping processors in identical states, opening at most one new one per
 * step) and prunes with the lower bound; the result is exact unless `maxNodes` runs
 * out. `placement` is ignored.
 *
 * @param platform The processors (identical) and the VMs.
 * @param options The exact-search limits.
 * @returns The count, a packing attaining it and whether it is exact.
 * @throws {RangeError} If the processors differ, or an option is out of range.
 *
 * @example Four VMs of bandwidth 0.6, 0.5, 0.4 and 0.3 need two processors
 * ```ts
 * import { minimumProcessors } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const processor = { name: "p", capacity: 1, ramBytes: 2 ** 30, link };
 * const vm = (budgetSeconds: number) => ({
 *   name: `vm${budgetSeconds}`,
 *   scheduler: "edf" as const,
 *   server: { periodSeconds: 1, budgetSeconds },
 *   tasks: [{ name: "t", periodSeconds: 2, wcetSeconds: 0.1, deadlineSeconds: 2 }],
 *   image: { pageCount: 256, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } },
 * });
 * const result = minimumProcessors({
 *   processors: ["p0", "p1", "p2"].map((name) => ({ ...processor, name })),
 *   vms: [vm(0.6), vm(0.5), vm(0.4), vm(0.3)],
 *   placement: [0, 1, 2, 0],
 * });
 * assert.equal(result.processorCount, 2);
 * assert.equal(result.exact, true);
 * ```
 */
export function minimumProcessors(
  platform: Platform,
  options: MinimumProcessorsOptions = {},
): MinimumProcessors {
  checkOptions("run minimumProcessors()", "options", options, ["exactLimit", "maxNodes"]);
  const { exactLimit = 16, maxNodes = 1_000_000 } = options;
  const action = "find the minimum processor count";
  validatePlatform(action, platform, { allowUnplaced: true });
  integer(action, "options.exactLimit", exactLimit, 0);
  integer(action, "options.maxNodes", maxNodes, 0);
  const model = platform.processors[0];
  if (model === undefined) {
    throw new RangeError(
      `Cannot ${action} as platform.processors.length must be >= 1: current value is 0`,
    );
  }
  platform.processors.forEach((p, i) => {
    if (p.capacity !== model.capacity || p.ramBytes !== model.ramBytes) {
      throw new RangeError(
        `Cannot ${action} as platform.processors[${i}] must have the capacity and ramBytes of processors[0]: current value is ${
          show({ capacity: p.capacity, ramBytes: p.ramBytes })
        }`,
      );
    }
  });
  const v = platform.vms.length;
  const empty = { bandwidth: 0, ramBytes: 0 };
  if (platform.vms.some((vm) => !vmFits(vm, model, empty))) {
    return {
      processorCount: null,
      assignment: platform.vms.map(() => -1),
      exact: true,
      lowerBound: 0,
    };
  }
  const bw = platform.vms.map(bandwidthOf);
  const ram = platform.vms.map((vm) => imageBytes(vm.image));
  const order = platform.vms.map((_, i) => i).sort((a, b) =>
    bw[b]! - bw[a]! || ram[b]! - ram[a]! || a - b
  );
  let sumBw = 0;
  let sumRam = 0;
  for (let i = 0; i < v; i++) {
    sumBw += bw[i]!;
    sumRam += ram[i]!;
  }
  const lowerBound = Math.max(
    Math.ceil(sumBw - TOLERANCE),
    model.ramBytes > 0 ? Math.ceil(sumRam / model.ramBytes) : 0,
    v > 0 ? 1 : 0,
  );
  const fits = (bin: { bandwidth: number; ramBytes: number }, i: number) =>
    bandwidthFits(bin.bandwidth + bw[i]!) && bin.ramBytes + ram[i]! <= model.ramBytes;

  // First-fit decreasing.
  const bins: { bandwidth: number; ramBytes: number }[] = [];
  let best: number[] = new Array(v).fill(-1);
  for (const i of order) {
    let b = bins.findIndex((bin) => fits(bin, i));
    if (b === -1) {
      b = bins.length;
      bins.push({ bandwidth: 0, ramBytes: 0 });
    }
    bins[b]!.bandwidth += bw[i]!;
    bins[b]!.ramBytes += ram[i]!;
    best[i] = b;
  }
  let bestCount = bins.length;
  if (bestCount === lowerBound || v > exactLimit) {
    return {
      processorCount: bestCount,
      assignment: best,
      exact: bestCount === lowerBound,
      lowerBound,
    };
  }

  // Branch and bound over the sorted VMs.
  let nodes = 0;
  let complete = true;
  const open: { bandwidth: number; ramBytes: number }[] = [];
  const current: number[] = new Array(v).fill(-1);
  function search(k: number): void {
    if (bestCount === lowerBound) return;
    if (nodes++ >= maxNodes) {
      complete = false;
      return;
    }
    if (k === v) {
      bestCount = open.length;
      best = [...current];
      return;
    }
    const i = order[k]!;
    const tried: string[] = [];
    for (let b = 0; b < open.length; b++) {
      const bin = open[b]!;
      if (!fits(bin, i)) continue;
      const key = `${bin.bandwidth}/${bin.ramBytes}`;
      if (tried.includes(key)) continue;
      tried.push(key);
      bin.bandwidth += bw[i]!;
      bin.ramBytes += ram[i]!;
      current[i] = b;
      search(k + 1);
      bin.bandwidth -= bw[i]!;
      bin.ramBytes -= ram[i]!;
      if (!complete) return;
    }
    if (open.length + 1 < bestCount) {
      open.push({ bandwidth: bw[i]!, ramBytes: ram[i]! });
      current[i] = open.length - 1;
      search(k + 1);
      open.pop();
    }
    current[i] = -1;
  }
  search(0);
  return { processorCount: bestCount, assignment: best, exact: complete, lowerBound };
}
