/** A flow as the filling reads it: `ShareFlow`, its cap possibly present as `undefined`. */
export interface FillFlow {
  readonly links: readonly number[];
  readonly maxBytesPerSecond?: number | undefined;
}

/**
 * The working arrays of {@link progressiveFilling}, kept between calls so that a network
 * resharing at every flow start and end allocates nothing: per link, the unfrozen flows
 * crossing it (all zeros between calls) and its remaining capacity; per flow (grown on
 * demand), the rates, caps and the unfrozen flows; the links with unfrozen flows. Internal.
 */
export class FillingScratch {
  /** Unfrozen flows per link; all zeros between calls. */
  readonly users: Int32Array;
  /** Remaining capacity per link (any contents between calls). */
  readonly remaining: Float64Array;
  /** The rates of the last call, one per flow (longer than the flows when grown before). */
  rates: Float64Array = new Float64Array(8);
  caps: Float64Array = new Float64Array(8);
  open: Int32Array = new Int32Array(8);
  readonly used: Int32Array;

  /** @param links The network's link count. */
  constructor(links: number) {
    this.users = new Int32Array(links);
    this.remaining = new Float64Array(links);
    this.used = new Int32Array(links);
  }

  /** Makes room for `n` flows. */
  reserve(n: number): void {
    if (n <= this.rates.length) return;
    const size = Math.max(n, 2 * this.rates.length);
    this.rates = new Float64Array(size);
    this.caps = new Float64Array(size);
    this.open = new Int32Array(size);
  }
}

/**
 * Max-min fair rates by progressive filling (`maxMinShare`'s algorithm) of checked input,
 * written to `scratch.rates[0..n)`. Walks the unfrozen flows and the links they use only,
 * so a call costs nothing for the idle links of a large network: the same operations on
 * every rate and remaining capacity as a pass over all flows and links (each link loses the
 * same delta once per unfrozen flow, whatever their order). Internal.
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
  const { users, remaining, rates, caps, open, used } = scratch;
  let opened = 0, inUse = 0;
  for (let f = 0; f < n; f++) {
    rates[f] = 0;
    open[opened++] = f;
    caps[f] = flows[f]!.maxBytesPerSecond ?? Infinity;
    const links = flows[f]!.links;
    for (let j = 0; j < links.length; j++) {
      const l = links[j]!;
      if (users[l]!++ === 0) {
        used[inUse++] = l;
        remaining[l] = capacities[l]!;
      }
    }
  }
  while (opened > 0) {
    // The common increment: the first link to fill or the first cap to bind.
    let delta = Infinity;
    for (let i = 0; i < inUse; i++) {
      const l = used[i]!;
      delta = Math.min(delta, remaining[l]! / users[l]!);
    }
    for (let i = 0; i < opened; i++) {
      const f = open[i]!;
      delta = Math.min(delta, caps[f]! - rates[f]!);
    }
    for (let i = 0; i < opened; i++) {
      const f = open[i]!;
      rates[f]! += delta;
      const links = flows[f]!.links;
      for (let j = 0; j < links.length; j++) remaining[links[j]!]! -= delta;
    }
    // Freeze the flows on a full link or at their cap (relative tolerance for rounding);
    // the decisions read rates and remaining capacities only, so a frozen flow can leave
    // its links' counts at once.
    let still = 0, froze = false;
    for (let i = 0; i < opened; i++) {
      const f = open[i]!;
      const links = flows[f]!.links;
      let freeze = rates[f]! >= caps[f]! * (1 - 1e-12);
      for (let j = 0; j < links.length; j++) {
        const l = links[j]!;
        if (remaining[l]! <= capacities[l]! * 1e-12) freeze = true;
      }
      if (freeze) {
        froze = true;
        for (let j = 0; j < links.length; j++) users[links[j]!]!--;
      } else open[still++] = f;
    }
    opened = still;
    if (froze) {
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
