import { array, knownKeys, object, positive, show } from "../_validate.ts";
import { FillingScratch, progressiveFilling } from "./_progressive_filling.ts";

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
const FLOW_KEYS = ["links", "maxBytesPerSecond"];

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
  array(ACTION, "flows", flows);
  const n = flows.length;
  for (let f = 0; f < n; f++) {
    const flow = flows[f]!;
    object(ACTION, `flows[${f}]`, flow);
    knownKeys(ACTION, `flows[${f}]`, flow as never, FLOW_KEYS);
    array(ACTION, `flows[${f}].links`, flow.links);
    const cap = flow.maxBytesPerSecond ?? Infinity;
    if (cap !== Infinity) positive(ACTION, `flows[${f}].maxBytesPerSecond`, cap);
    flow.links.forEach((l, k) => {
      if (!Number.isInteger(l) || l < 0 || l >= capacities.length) {
        throw new RangeError(
          `Cannot ${ACTION} as flows[${f}].links[${k}] must be an index of capacities (0..${
            capacities.length - 1
          }): current value is ${show(l)}`,
        );
      }
      // a link crossed twice would take the flow's rate twice
      if (flow.links.indexOf(l) !== k) {
        throw new RangeError(
          `Cannot ${ACTION} as flows[${f}].links must name each link once: current value is ${
            show(flow.links)
          }`,
        );
      }
    });
    if (flow.links.length === 0 && cap === Infinity) {
      throw new RangeError(
        `Cannot ${ACTION} as flows[${f}].maxBytesPerSecond must be a finite number when the flow crosses no link (its rate would be infinite): current value is ${
          show(flow.maxBytesPerSecond)
        }`,
      );
    }
  }
  const rates = progressiveFilling(
    Float64Array.from(capacities),
    flows,
    new FillingScratch(capacities.length),
  );
  return Array.from(rates.subarray(0, n));
}
