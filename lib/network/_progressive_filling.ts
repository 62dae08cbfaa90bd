/** A flow as the filling reads it: `ShareFlow`, its cap possibly present as `undefined`. */
export interface FillFlow {
  readonly links: readonly number[];
  readonly maxBytesPerSecond?: number | undefined;
}

/**
 * The working arrays of {@link progressiveFilling}, kept between calls so that a network
 * resharing at every flow start and end allocates nothing: per link, the unfrozen flows
 * crossing it (all zeros between calls), its remaining capacity and the list of its flows;
 * per flow (grown on demand), the rates, caps and whether it is frozen; the links with
 * unfrozen flows. Internal.
 */
export class FillingScratch {
  /** Unfrozen flows per link; all zeros between calls. */
  readonly users: Int32Array;
  /** Remaining capacity per link (any contents between calls). */
  readonly remaining: Float64Array;
  /** The rates of the last call, one per flow (longer than the flows when grown before). */
  rates: Float64Array = new Float64Array(8);
  caps: Float64Array = new Float64Array(8);
  /** Per flow: 1 once frozen. */
  frozen: Uint8Array = new Uint8Array(8);
  /** The flows with a cap still open (only their caps can bind). */
  open: Int32Array = new Int32Array(8);
  /** The flows crossing each link in use, link after link (from `first[l]`). */
  crossing: Int32Array = new Int32Array(16);
  readonly used: Int32Array;
  /** Where each link's flows start in `crossing`. */
  readonly first: Int32Array;
  /** How many flows cross each link in use. */
  readonly crossed: Int32Array;
  /** The links filled at a step. */
  readonly full: Int32Array;

  /** @param links The network's link count. */
  constructor(links: number) {
    this.users = new Int32Array(links);
    this.remaining = new Float64Array(links);
    this.used = new Int32Array(links);
    this.first = new Int32Array(links);
    this.crossed = new Int32Array(links);
    this.full = new Int32Array(links);
  }

  /** Makes room for `n` flows. */
  reserve(n: number): void {
    if (n <= this.rates.length) return;
    const size = Math.max(n, 2 * this.rates.length);
    this.rates = new Float64Array(size);
    this.caps = new Float64Array(size);
    this.frozen = new Uint8Array(size);
    this.open = new Int32Array(size);
  }

  /** Makes room for `n` flow-link crossings. */
  reserveCrossings(n: number): void {
    if (n > this.crossing.length) {
      this.crossing = new Int32Array(Math.max(n, 2 * this.crossing.length));
    }
  }
}

/**
 * Max-min fair rates by progressive filling (`maxMinShare`'s algorithm) of checked input,
 * written to `scratch.rates[0..n)`. Walks the links with unfrozen flows only, so a call costs
 * nothing for the idle links of a large network, and freezes the flows of each link that
 * fills through that link's list, so a step costs its links and the flows it freezes rather
 * than every unfrozen flow. The same operations on every rate and remaining capacity as a
 * pass over all flows and links: each link loses the same delta once per unfrozen flow,
 * whatever their order, and every unfrozen flow has received the same deltas since 0, so its
 * rate is their running sum (`level`), written when it freezes. Internal.
 *
 * @param capacities Link capacities (checked > 0).
 * @param flows The flows (links checked as indices of `capacities`; a flow without links
 *   has a finite cap).
 * @param scratch Working arrays sized for `capacities` (its `users` left all zeros).
 * @returns `scratch.rates`, whose first `flows.length` entries are the rates.
 */
export function progressiveFilling(
  capacities: Float64Array,
  flows: readonly FillFlow[],
  scratch: FillingScratch,
): Float64Array {
  const n = flows.length;
  scratch.reserve(n);
  const { users, remaining, rates, caps, frozen, open, used, first, crossed, full } = scratch;
  let inUse = 0, capped = 0, crossings = 0;
  for (let f = 0; f < n; f++) {
    frozen[f] = 0;
    const cap = flows[f]!.maxBytesPerSecond ?? Infinity;
    caps[f] = cap;
    if (cap < Infinity) open[capped++] = f;
    const links = flows[f]!.links;
    crossings += links.length;
    for (let j = 0; j < links.length; j++) {
      const l = links[j]!;
      if (users[l]!++ === 0) {
        used[inUse++] = l;
        remaining[l] = capacities[l]!;
      }
    }
  }
  // each link's flows, link after link in `crossing` (first[l] counts down to the link's start)
  scratch.reserveCrossings(crossings);
  const crossing = scratch.crossing;
  for (let i = 0, at = 0; i < inUse; i++) {
    const l = used[i]!;
    at += users[l]!;
    first[l] = at;
    crossed[l] = users[l]!;
  }
  for (let f = 0; f < n; f++) {
    const links = flows[f]!.links;
    for (let j = 0; j < links.length; j++) crossing[--first[links[j]!]!] = f;
  }
  // every open flow has received the same increments since 0, so each one's rate is `level`
  // (the same additions in the same order), written when it freezes
  let level = 0, opened = n;
  while (opened > 0) {
    // The common increment: the first link to fill or the first cap to bind.
    let delta = Infinity;
    for (let i = 0; i < inUse; i++) {
      const l = used[i]!;
      delta = Math.min(delta, remaining[l]! / users[l]!);
    }
    for (let i = 0; i < capped; i++) delta = Math.min(delta, caps[open[i]!]! - level);
    level += delta;
    // each link loses the increment once per open flow crossing it (the same subtractions
    // whatever the flows' order); full: within a relative tolerance of rounding, or with a
    // share of what is left that underflows to 0 (a subnormal capacity: 2.5e-323 bytes/s
    // shared by two flows left one unit that no increment could take, and the loop ran on)
    let filled = 0;
    for (let i = 0; i < inUse; i++) {
      const l = used[i]!;
      let r = remaining[l]!;
      for (let k = users[l]!; k > 0; k--) r -= delta;
      remaining[l] = r;
      if (r <= capacities[l]! * 1e-12 || r / users[l]! === 0) full[filled++] = l;
    }
    // Freeze the flows on a full link or at their cap; the decisions read the level and the
    // remaining capacities only, so a frozen flow can leave its links' counts at once.
    const froze = opened;
    for (let i = 0; i < filled; i++) {
      const l = full[i]!;
      for (let c = first[l]!, end = c + crossed[l]!; c < end; c++) {
        const f = crossing[c]!;
        if (frozen[f] === 1) continue;
        frozen[f] = 1;
        rates[f] = level;
        opened--;
        const links = flows[f]!.links;
        for (let j = 0; j < links.length; j++) users[links[j]!]!--;
      }
    }
    let still = 0;
    for (let i = 0; i < capped; i++) {
      const f = open[i]!;
      if (frozen[f] === 1) continue;
      if (level >= caps[f]! * (1 - 1e-12)) {
        frozen[f] = 1;
        rates[f] = level;
        opened--;
        const links = flows[f]!.links;
        for (let j = 0; j < links.length; j++) users[links[j]!]!--;
      } else open[still++] = f;
    }
    capped = still;
    if (opened < froze) {
      let kept = 0;
      for (let i = 0; i < inUse; i++) {
        const l = used[i]!;
        if (users[l]! > 0) used[kept++] = l;
      }
      inUse = kept;
    }
  }
  return rates;
}
