import { positive, show } from "../_validate.ts";

/** A flow as {@link maxMinShare} sees it: the links it crosses and its own cap. */
export interface ShareFlow {
  /** Indices into the capacity array of the links the flow crosses (may be empty if capped). */
  links: readonly number[];
  /**
   * The most the flow can take, bytes per second (its own rate limit, e.g. QEMU's
   * `max-bandwidth`), > 0.
   * @default {Infinity}
   */
  maxBytesPerSecond?: number;
}

const ACTION = "compute a max-min fair share";

/**
 * Max-min fair rates by progressive filling (Bertsekas & Gallager, "Data
 * Networks", 2nd ed., section 6.5.2): every unfrozen flow's rate rises at the same
 * pace until a link it crosses is full or it reaches its own cap; those flows
 * freeze, the others keep rising. The result is the unique allocation in which no
 * flow can get more without taking from a flow that has no more than it.
 *
 * Each filling step freezes at least one flow, so the cost is
 * O(flows x (flows + links x route length)).
 *
 * @param capacities Link capacities in bytes per second (each > 0).
 * @param flows The flows: their links (indices into `capacities`) and caps.
 * @returns One rate per flow, bytes per second.
 *
 * @example Three flows, one bottleneck elsewhere: true max-min, not an equal split
 * ```ts
 * import { maxMinShare } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // Link 0 carries 10, link 1 carries 4. Flow b crosses both; c only link 1.
 * const rates = maxMinShare([10, 4], [{ links: [0] }, { links: [0, 1] }, { links: [1] }]);
 * assert.deepEqual(rates, [8, 2, 2]);
 * ```
 */
export function maxMinShare(
  capacities: readonly number[],
  flows: readonly ShareFlow[],
): number[] {
  if (!Array.isArray(capacities)) {
    throw new TypeError(
      `Cannot ${ACTION} as capacities must be an array: current value is ${show(capacities)}`,
    );
  }
  capacities.forEach((c, i) => positive(ACTION, `capacities[${i}]`, c));
  const n = flows.length;
  const rates = new Array<number>(n).fill(0);
  const remaining = capacities.slice();
  const caps = new Array<number>(n);
  for (let f = 0; f < n; f++) {
    const flow = flows[f]!;
    const cap = flow.maxBytesPerSecond ?? Infinity;
    if (cap !== Infinity) positive(ACTION, `flows[${f}].maxBytesPerSecond`, cap);
    for (const l of flow.links) {
      if (!Number.isInteger(l) || l < 0 || l >= capacities.length) {
        throw new RangeError(
          `Cannot ${ACTION} as flows[${f}].links holds ${show(l)}, not an index of capacities (0..${
            capacities.length - 1
          })`,
        );
      }
    }
    if (flow.links.length === 0 && cap === Infinity) {
      throw new RangeError(
        `Cannot ${ACTION} as flows[${f}] crosses no link and has no maxBytesPerSecond: its rate would be infinite`,
      );
    }
    caps[f] = cap;
  }
  // Progressive filling over the unfrozen flows and the links they use only: the same
  // operations on every rate and remaining capacity as a pass over all flows and links
  // (each link loses the same delta once per unfrozen flow, whatever their order).
  const users = new Array<number>(capacities.length).fill(0);
  let open: number[] = [];
  for (let f = 0; f < n; f++) {
    open.push(f);
    for (const l of flows[f]!.links) users[l]!++;
  }
  let used: number[] = [];
  for (let l = 0; l < capacities.length; l++) if (users[l]! > 0) used.push(l);
  while (open.length > 0) {
    // The common increment: the first link to fill or the first cap to bind.
    let delta = Infinity;
    for (const l of used) delta = Math.min(delta, remaining[l]! / users[l]!);
    for (const f of open) delta = Math.min(delta, caps[f]! - rates[f]!);
    for (const f of open) {
      rates[f]! += delta;
      for (const l of flows[f]!.links) remaining[l]! -= delta;
    }
    // Freeze the flows on a full link or at their cap (relative tolerance for rounding).
    const still: number[] = [];
    const freezing: number[] = [];
    for (const f of open) {
      let freeze = rates[f]! >= caps[f]! * (1 - 1e-12);
      for (const l of flows[f]!.links) {
        if (remaining[l]! <= capacities[l]! * 1e-12) freeze = true;
      }
      (freeze ? freezing : still).push(f);
    }
    for (const f of freezing) for (const l of flows[f]!.links) users[l]!--;
    open = still;
    if (freezing.length > 0) used = used.filter((l) => users[l]! > 0);
  }
  return rates;
}
