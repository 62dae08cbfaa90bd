import type { PlacerHosts } from "./placers.ts";

/**
 * OBFDF rack by rack, online (Esfandiarpour, Pahlavan and Goudarzi 2013, "Optimised Best Fit
 * Decreasing First"; the batch form is `placeObfdf`'s `rackByRack` in `lib/placement/obfdf.ts`): racks are
 * opened in increasing rack number, the open racks being those up to the highest-numbered
 * rack that holds a VM (at least the first). VM `v` goes to the host of least
 * `hosts.increase` (OBFDF's cost: an empty host's whole draw, plus the switches it would switch
 * on when switch power is given; ties to the lower index) among the open racks' hosts that are
 * not excluded, fit it and are empty or stay not overloaded with it; only when none can is
 * the next rack opened. -1 when no rack can take it.
 *
 * @example The VM stays in the open rack though an empty host of the next rack costs less
 * ```ts
 * import { obfdfRackByRack } from "./_rack_by_rack_placer.ts";
 * import assert from "node:assert/strict";
 *
 * const hosts = {
 *   count: 3,
 *   fits: () => true,
 *   increase: (_v: number, h: number) => [50, 175, 125][h]!,
 *   overloaded: () => false,
 *   isEmpty: (h: number) => h !== 0,
 *   excluded: (h: number) => h === 0,
 *   hostHistory: () => [],
 *   vmHistory: () => [],
 *   leastCost: () => 2,
 *   rackOf: (h: number) => h === 2 ? 1 : 0,
 *   rackCount: 2,
 * };
 * assert.equal(obfdfRackByRack(0, hosts), 1);
 * ```
 */
export function obfdfRackByRack(v: number, hosts: PlacerHosts): number {
  const { rackOf, rackCount } = hosts;
  if (rackOf === undefined || rackCount === undefined) {
    throw new TypeError(
      `Cannot place VM ${v} rack by rack as hosts.rackOf and hosts.rackCount must be given: current value is ${
        rackOf === undefined ? "no rackOf" : "no rackCount"
      }`,
    );
  }
  let open = 0;
  for (let h = 0; h < hosts.count; h++) {
    if (!hosts.isEmpty(h) && rackOf(h) > open) open = rackOf(h);
  }
  if (open >= rackCount) return -1;
  /** Whether VM v may go to host h (not excluded, fits, empty or stays not overloaded). */
  const candidate = (h: number) =>
    !hosts.excluded(h) && hosts.fits(v, h) && (hosts.isEmpty(h) || !hosts.overloaded(h, v));
  // The open racks' best host (ties to the lower index).
  let chosen = -1, least = Infinity;
  for (let h = 0; h < hosts.count; h++) {
    if (rackOf(h) > open || !candidate(h)) continue;
    const cost = hosts.increase(v, h);
    if (cost < least) {
      chosen = h;
      least = cost;
    }
  }
  if (chosen >= 0) return chosen;
  // Else racks open one by one until one has a candidate: the lowest-numbered rack beyond
  // them with a candidate, its best host (the racks before it add none); one more pass.
  let chosenRack = rackCount - 1; // racks numbered rackCount or more never open
  for (let h = 0; h < hosts.count; h++) {
    const rack = rackOf(h);
    if (rack <= open || rack > chosenRack || !candidate(h)) continue;
    const cost = hosts.increase(v, h);
    if (rack < chosenRack || cost < least) {
      chosen = h;
      chosenRack = rack;
      least = cost;
    }
  }
  return chosen;
}
