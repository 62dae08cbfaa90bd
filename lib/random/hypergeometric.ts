import { integer, show } from "../_validate.ts";
import { hypergeometricUnchecked } from "./_hypergeometric.ts";
import { source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/**
 * Draws a hypergeometric random number: how many of `draws` items taken without
 * replacement from a population of `population` items, `successes` of them marked,
 * are marked. In the counts sampler: how many of the pages a round dirtied in a run
 * were still unsent.
 *
 * Exact in distribution (up to double rounding) for populations up to 2^32 (beyond it
 * the log-factorials of the acceptance test lose the digits it needs), at constant
 * expected cost. With the sample mirrored to `s = min(draws, population -
 * draws)` and the marked and unmarked sets swapped so the smaller is marked:
 *
 * - a population, sample or marked set of 0, or a full one, gives the forced count
 *   without drawing;
 * - `s < 10`: the urn, drawn item by item (one uniform per item);
 * - otherwise Stadlober's ratio-of-uniforms HRUA (E. Stadlober, 1989, "Sampling from
 *   Poisson, binomial and hypergeometric distributions: ratio of uniforms as a simple
 *   and fast alternative", *Berichte der Mathematisch-Statistischen Sektion* 303,
 *   Forschungszentrum Graz; the variant NumPy uses in `random_hypergeometric`), with
 *   exact log-factorials in its acceptance test.
 *
 * The mean is `draws·successes/population`.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param population Items in all, an integer in [0, 2^32].
 * @param successes Marked items, an integer in `[0, population]`.
 * @param draws Items drawn, an integer in `[0, population]`.
 * @returns An integer in `[max(0, draws + successes - population), min(draws, successes)]`.
 * @throws {RangeError} If `population` is not an integer in [0, 2^32], a count is not an integer >= 0, or `successes` or `draws`
 * exceed `population`.
 *
 * @example 200 of 1,000 pages unsent; a round dirties 50 pages of the run
 * ```ts
 * import { createPrng, hypergeometric } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(7, "example");
 * const both = hypergeometric(prng, 1000, 200, 50);
 * assert.ok(Number.isInteger(both) && both >= 0 && both <= 50);
 * assert.equal(hypergeometric(prng, 1000, 1000, 50), 50);
 * ```
 */
export function hypergeometric(
  prng: Prng,
  population: number,
  successes: number,
  draws: number,
): number {
  const action = "sample hypergeometric";
  const next = source(action, prng);
  integer(action, "population", population, 0, 2 ** 32);
  integer(action, "successes", successes, 0);
  integer(action, "draws", draws, 0);
  for (const [field, value] of [["successes", successes], ["draws", draws]] as const) {
    if (value > population) {
      throw new RangeError(
        `Cannot ${action} as ${field} must be <= population (${population}): current value is ${
          show(value)
        }`,
      );
    }
  }
  return hypergeometricUnchecked(next, population, successes, draws);
}
