import { integer, within } from "../_validate.ts";
import { logBinomialTerms, logSumExp, MAX_COMPONENTS } from "./_tails.ts";

/**
 * Computes the reliability of a k-out-of-n system of identical components with
 * imperfect coverage (fault-tolerance with reconfiguration).
 *
 * Model (Bouricius, Carter & Schneider 1969, "Reliability modeling techniques for
 * self-repairing computer systems"; Dugan & Trivedi 1989, IEEE Trans. Computers
 * 38(6)): the n components are all active and fail independently, each with
 * probability 1 - R by the mission time. Every component failure that occurs while
 * the system is still up must be reconfigured around (here: the failed processor's
 * VMs are migrated); that reconfiguration succeeds (is "covered") with probability c,
 * independently of everything else. A covered failure leaves the system up with one
 * component fewer; an uncovered failure brings the whole system down at once, even
 * if k components still work. The system works at the mission time iff at most
 * n - k components have failed and each of those failures was covered:
 *
 * R_sys = Σ_{j=0}^{n-k} C(n, j) R^(n-j) (1 - R)^j c^j
 *
 * The failure that takes the count below k ends the mission whether or not it is
 * covered, so it needs no coverage term. c = 1 gives the plain k-out-of-n tail and
 * c = 0 gives R^n (any failure is fatal: a series system). The sum is formed in log
 * space like {@link kOutOfNIdentical}, with 0^0 = 1.
 *
 * @param k The least number of working components, 0..n.
 * @param n The number of components (integer in [1, 1e7]).
 * @param reliability The reliability R of each component, in [0, 1].
 * @param coverage The coverage c of each failure, in [0, 1].
 * @returns The system reliability in [0, 1].
 * @throws {RangeError} If an argument is out of range.
 *
 * @example 3-out-of-4 with 95% coverage
 * ```ts
 * import { kOutOfNWithCoverage } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = 0.9;
 * const expected = r ** 4 + 4 * r ** 3 * (1 - r) * 0.95;
 * assert.ok(Math.abs(kOutOfNWithCoverage(3, 4, r, 0.95) - expected) < 1e-15);
 * ```
 */
export function kOutOfNWithCoverage(
  k: number,
  n: number,
  reliability: number,
  coverage: number,
): number {
  const action = "compute k-out-of-n reliability with coverage";
  integer(action, "n", n, 1, MAX_COMPONENTS);
  integer(action, "k", k, 0, n);
  within(action, "reliability", reliability, 0, 1);
  within(action, "coverage", coverage, 0, 1);
  const terms = logBinomialTerms(
    n,
    Math.log(reliability),
    Math.log1p(-reliability),
    Math.log(coverage),
  );
  return Math.exp(logSumExp(terms, 0, n - k));
}
