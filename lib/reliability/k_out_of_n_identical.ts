import { integer, within } from "../_validate.ts";
import { identicalTails } from "./_tails.ts";

/** Result of {@link kOutOfNIdentical}: both tails, each accurate on its own. */
export interface KOutOfNResult {
  /** P(at least k of n work). */
  reliability: number;
  /** P(fewer than k of n work), summed directly (not 1 - reliability). */
  unreliability: number;
  /** ln(reliability), finite even when reliability underflows to 0. */
  logReliability: number;
  /** ln(unreliability), finite even when unreliability underflows to 0. */
  logUnreliability: number;
}

/** Largest n accepted: the tails hold n + 1 log terms (80 MB at this size). */
const MAX_COMPONENTS = 10_000_000;

/**
 * Computes the reliability of a k-out-of-n:G structure of n independent, identical
 * components of reliability R: the binomial tail
 *
 * R_sys = Σ_{j=0}^{n-k} C(n, j) R^(n-j) (1 - R)^j
 *
 * (Trivedi 2002, §3.7; Rausand & Høyland 2004, §4.5). Each term is formed in log
 * space, ln C(n, j) = ln Γ(n+1) - ln Γ(j+1) - ln Γ(n-j+1) (Lanczos log-gamma), with
 * ln(1 - R) = log1p(-R), and each tail is summed by log-sum-exp; the unreliability
 * sums j = n-k+1..n itself rather than taking 1 - R_sys, so it keeps its relative
 * precision when R_sys is close to 1. Nothing overflows or underflows in the logs for
 * n in the millions; n = 10,000 takes well under 10 ms. TMR (k = 2, n = 3) gives
 * 3R² - 2R³.
 *
 * @param k The least number of working components, 0..n.
 * @param n The number of components (integer >= 1).
 * @param reliability The reliability R of each component, in [0, 1].
 * @returns Both tails and their logarithms.
 * @throws {RangeError} If `n` (at most 1e7), `k` or `reliability` is out of range.
 *
 * @example Triple modular redundancy: 3R² - 2R³
 * ```ts
 * import { kOutOfNIdentical } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { reliability, unreliability } = kOutOfNIdentical(2, 3, 0.9);
 * assert.ok(Math.abs(reliability - (3 * 0.81 - 2 * 0.729)) < 1e-15);
 * assert.ok(Math.abs(unreliability - 0.028) < 1e-15);
 * ```
 */
export function kOutOfNIdentical(k: number, n: number, reliability: number): KOutOfNResult {
  const action = "compute k-out-of-n reliability";
  integer(action, "n", n, 1, MAX_COMPONENTS);
  integer(action, "k", k, 0, n);
  within(action, "reliability", reliability, 0, 1);
  const { logReliability, logUnreliability } = identicalTails(
    k,
    n,
    Math.log(reliability),
    Math.log1p(-reliability),
  );
  return {
    reliability: Math.exp(logReliability),
    unreliability: Math.exp(logUnreliability),
    logReliability,
    logUnreliability,
  };
}
