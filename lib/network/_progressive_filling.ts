import type { ShareFlow } from "./max_min_share.ts";

/**
 * Max-min fair rates by progressive filling (`maxMinShare`'s algorithm) of checked input.
 * Walks the unfrozen flows and the links they use only, so a call costs nothing for the
 * idle links of a large network: the same operations on every rate and remaining capacity
 * as a pass over all flows and links (each link loses the same delta once per unfrozen
 * flow, whatever their order). Internal.
 *
 * @param capacities Link capacities (checked > 0).
 * @param flows The flows (links checked as indices of `capacities`; a flow without links
 *   has a finite cap).
 * @param users Scratch, one zero per link; left all zeros.
 * @param remaining Scratch, one entry per link (any contents).
 * @returns One rate per flow.
 */
export function progressiveFilling(
  capacities: readonly number[],
  flows: readonly ShareFlow[],
  users: number[],
  remaining: number[],
): number[] {
  const n = flows.length;
  const rates = new Array<number>(n).fill(0);
  const caps = new Array<number>(n);
  let open: number[] = [];
  let used: number[] = [];
  for (let f = 0; f < n; f++) {
    open.push(f);
    caps[f] = flows[f]!.maxBytesPerSecond ?? Infinity;
    for (const l of flows[f]!.links) {
      if (users[l]!++ === 0) {
        used.push(l);
        remaining[l] = capacities[l]!;
      }
    }
  }
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
