import { show } from "../_validate.ts";
import { withSlack } from "./_fit.ts";
import { checkDesktops, checkHosts } from "./_desktops.ts";
import type { DesktopUsage } from "./pba.ts";
import type { Host } from "./model.ts";

/** How a placement of desktops fares over a period of usage. */
export interface DesktopPlacementEvaluation {
  /** Servers with at least one desktop. */
  hostsUsed: number;
  /** Desktops not placed. */
  unplaced: number;
  /** Server-intervals in which the summed CPU demand exceeds the server's MIPS. */
  overloadIntervals: number;
  /** Servers overloaded in at least one interval. */
  overloadedHosts: number;
  /** `overloadIntervals` over all server-intervals of the used servers (0 when none is used). */
  overloadShare: number;
  /** CPU demand above capacity summed over the overloaded server-intervals, in MIPS·intervals. */
  excessMipsIntervals: number;
}

/**
 * Replays a placement of desktops over a period of usage and counts the overloads: in each
 * interval, each server's CPU demand is the sum of its desktops' demands in that interval,
 * and the server is overloaded when that sum exceeds its MIPS by more than the placement
 * layer's fit tolerance. The measures of Man and Kayashima's comparison of PBA with First
 * Fit (IEEE CCIS 2011 and 2012): servers used, and overloads when the usage differs from
 * the pattern the placement was made for.
 *
 * @param hosts The servers.
 * @param desktops The desktops' usage over the period (same order as the assignment).
 * @param assignment For each desktop, its server index or -1.
 * @returns Servers used, unplaced desktops and overload counts.
 * @throws {RangeError} If the assignment's length differs from the desktops' or names no server.
 *
 * @example A server whose two desktops peak together is overloaded twice
 * ```ts
 * import { evaluateDesktopPlacement } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { name: "h0", cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const a = { name: "a", cpuMipsSeries: [600, 600, 100], ramBytes: 1e9 };
 * const result = evaluateDesktopPlacement([host], [a, { ...a, name: "b" }], [0, 0]);
 * assert.equal(result.overloadIntervals, 2);
 * assert.equal(result.excessMipsIntervals, 400);
 * ```
 */
export function evaluateDesktopPlacement(
  hosts: readonly Host[],
  desktops: readonly DesktopUsage[],
  assignment: readonly number[],
): DesktopPlacementEvaluation {
  const action = "evaluate a desktop placement";
  checkHosts(action, hosts);
  const intervals = checkDesktops(action, desktops);
  if (!Array.isArray(assignment) || assignment.length !== desktops.length) {
    throw new RangeError(
      `Cannot ${action} as assignment must have one entry per desktop (${desktops.length}): current value is ${
        show(assignment)
      }`,
    );
  }
  const load = new Map<number, Float64Array>();
  let unplaced = 0;
  assignment.forEach((j, i) => {
    if (j === -1) {
      unplaced++;
      return;
    }
    if (!Number.isInteger(j) || j < 0 || j >= hosts.length) {
      throw new RangeError(
        `Cannot ${action} as assignment[${i}] must be -1 or a host index: current value is ${
          show(j)
        }`,
      );
    }
    const l = load.get(j) ?? new Float64Array(intervals);
    load.set(j, l);
    desktops[i]!.cpuMipsSeries.forEach((x, t) => l[t]! += x);
  });
  let overloadIntervals = 0;
  let overloadedHosts = 0;
  let excessMipsIntervals = 0;
  for (const [j, l] of load) {
    const capacity = hosts[j]!.cpuMips;
    let overloaded = false;
    for (let t = 0; t < intervals; t++) {
      if (l[t]! > withSlack(capacity)) {
        overloadIntervals++;
        excessMipsIntervals += l[t]! - capacity;
        overloaded = true;
      }
    }
    if (overloaded) overloadedHosts++;
  }
  return {
    hostsUsed: load.size,
    unplaced,
    overloadIntervals,
    overloadedHosts,
    overloadShare: load.size > 0 ? overloadIntervals / (load.size * intervals) : 0,
    excessMipsIntervals,
  };
}
