import { options as checkOptions } from "../_validate.ts";
import { firstFit } from "./first_fit.ts";
import { evaluateDesktopPlacement } from "./evaluate_desktop_placement.ts";
import type { DesktopPlacementEvaluation } from "./evaluate_desktop_placement.ts";
import { checkDesktops } from "./_desktops.ts";
import { placePba } from "./pba.ts";
import type { DesktopUsage, PbaOrder } from "./pba.ts";
import type { Host } from "./model.ts";

/** Options of {@linkcode comparePba}. */
export interface ComparePbaOptions {
  /**
   * The same desktops' usage over the period the placement must serve (e.g. the next
   * workday), in the same order; the placements are made from `desktops` (the observed
   * pattern) and judged on this. Without it they are judged on `desktops` themselves.
   *
   * @default {undefined} (judge on the pattern itself)
   */
  evaluation?: readonly DesktopUsage[];
  /**
   * The order PBA and First Fit over the patterns take the desktops in.
   *
   * @default {"peak-decreasing"}
   */
  order?: PbaOrder;
}

/** One algorithm's row in {@linkcode comparePba}. */
export interface PbaComparisonRow extends DesktopPlacementEvaluation {
  /**
   * `"pba"`, `"first-fit-series"` (First Fit over the patterns), `"first-fit-peak"` (First
   * Fit sizing each desktop by its peak) or `"first-fit-mean"` (by its mean).
   */
  algorithm: string;
}

/**
 * Compares PBA with First Fit the way Man and Kayashima did (IEEE CCIS 2011 and 2012):
 * the servers each needs for the same desktops, and the overloads each suffers over the
 * period it must serve.
 *
 * Four placements are made from the observed patterns `desktops`: PBA ({@linkcode placePba});
 * First Fit over the same patterns (`placePba` with `choice: "first"`, so the only
 * difference is the correlation rule); and First Fit ({@linkcode firstFit}, input order, CPU
 * and RAM) with each desktop sized by one number, its peak or its mean CPU demand, the
 * way a placement that ignores patterns sizes it. Each is then replayed by
 * {@linkcode evaluateDesktopPlacement} over `options.evaluation` (or the patterns).
 *
 * @param hosts The servers.
 * @param desktops The observed usage patterns.
 * @param options The period to judge on, and the order.
 * @returns One row per algorithm, in the order listed above.
 *
 * @example Complementary desktops: PBA needs fewer servers than peak sizing, no overload
 * ```ts
 * import { comparePba } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [0, 1, 2, 3].map((j) => ({ ...host, name: `h${j}` }));
 * const day = { name: "day", cpuMipsSeries: [700, 700, 100, 100], ramBytes: 1e9 };
 * const night = { name: "night", cpuMipsSeries: [100, 100, 700, 700], ramBytes: 1e9 };
 * const rows = comparePba(hosts, [day, { ...day, name: "day2" }, night, { ...night, name: "night2" }]);
 * const row = (name: string) => rows.find((r) => r.algorithm === name)!;
 * assert.equal(row("pba").hostsUsed, 2);
 * assert.equal(row("pba").overloadIntervals, 0);
 * assert.equal(row("first-fit-peak").hostsUsed, 4);
 * ```
 */
export function comparePba(
  hosts: readonly Host[],
  desktops: readonly DesktopUsage[],
  options: ComparePbaOptions = {},
): PbaComparisonRow[] {
  checkOptions("compare PBA", "options", options, ["evaluation", "order"]);
  const { evaluation = desktops, order = "peak-decreasing" } = options;
  const intervals = checkDesktops("compare PBA", desktops);
  if (evaluation !== desktops) checkDesktops("compare PBA", evaluation, "evaluation");
  if (evaluation !== desktops && evaluation.length !== desktops.length) {
    throw new RangeError(
      `Cannot compare PBA as evaluation must hold the ${desktops.length} desktops: current value has ${evaluation.length}`,
    );
  }
  const sized = (size: (series: readonly number[]) => number) =>
    desktops.map((d) => ({
      name: d.name,
      cpuMips: size(d.cpuMipsSeries),
      ramBytes: d.ramBytes,
      bandwidthBytesPerSecond: 0,
    }));
  const dimensions = ["cpuMips", "ramBytes"] as const;
  const placements: [string, number[]][] = [
    ["pba", placePba(hosts, desktops, { order }).assignment],
    ["first-fit-series", placePba(hosts, desktops, { order, choice: "first" }).assignment],
    [
      "first-fit-peak",
      firstFit(hosts, sized((s) => Math.max(...s)), { dimensions }).assignment,
    ],
    [
      "first-fit-mean",
      firstFit(hosts, sized((s) => s.reduce((a, b) => a + b, 0) / intervals), { dimensions })
        .assignment,
    ],
  ];
  return placements.map(([algorithm, assignment]) => ({
    algorithm,
    ...evaluateDesktopPlacement(hosts, evaluation, assignment),
  }));
}
