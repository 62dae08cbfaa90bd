// A seeded trajectory simulator of a CTMC for tests (independent of the solvers).
import type { Ctmc } from "../../lib/reliability/ctmc.ts";
import type { Prng } from "../../lib/random/prng.ts";

/** One trajectory up to time `horizon` (or absorption): visited states with entry times. */
export function simulatePath(
  chain: Ctmc,
  start: number,
  horizon: number,
  prng: Prng,
): { state: number; enter: number }[] {
  const out: { from: number; to: number; rate: number }[][] = Array.from(
    { length: chain.states },
    () => [],
  );
  for (const [from, to, rate] of chain.rates) if (rate > 0) out[from]!.push({ from, to, rate });
  const path = [{ state: start, enter: 0 }];
  let t = 0;
  let s = start;
  for (;;) {
    const moves = out[s]!;
    const total = moves.reduce((a, m) => a + m.rate, 0);
    if (total === 0) return path;
    t += -Math.log(1 - prng()) / total;
    if (t >= horizon) return path;
    let u = prng() * total;
    let next = moves[moves.length - 1]!.to;
    for (const m of moves) {
      if (u < m.rate) {
        next = m.to;
        break;
      }
      u -= m.rate;
    }
    s = next;
    path.push({ state: s, enter: t });
  }
}

/** Mean and standard error of samples. */
export function meanAndError(xs: readonly number[]): { mean: number; error: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, error: Math.sqrt(variance / xs.length) };
}
