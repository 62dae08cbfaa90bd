import { integer as requireInteger } from "../_validate.ts";
import { above, source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

const TWO_POW_21 = 2 ** 21;
const TWO_POW_32 = 2 ** 32;

/**
 * Draws a uniform random integer in `[min, maxExclusive)`.
 *
 * Algorithm: `min + floor(span * u)` with `span = maxExclusive - min`, as in
 * d3-random's `randomInt`. Generators such as the one of {@link createPrng} give 32
 * random bits per draw, so for spans above 2^32 two draws are combined into one
 * uniform with 53 bits (`(floor(2^21 u₁) + u₂) / 2^21`); otherwise large spans would
 * leave most integers unreachable. The mean is `(min + maxExclusive - 1) / 2` and the
 * variance `(span² - 1) / 12`.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param min The inclusive lower end, a safe integer.
 * @param maxExclusive The exclusive upper end, a safe integer > `min`.
 * @returns An integer `k` with `min <= k < maxExclusive`.
 * @throws {RangeError} If an end is not a safe integer or `maxExclusive <= min`.
 *
 * @example A random page of a 1000-page VM
 * ```ts
 * import { createPrng, integer } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const page = integer(createPrng(1, "example"), 0, 1000);
 * assert.ok(Number.isInteger(page) && page >= 0 && page < 1000);
 * ```
 */
export function integer(prng: Prng, min: number, maxExclusive: number): number {
  const next = source("sample integer", prng);
  requireInteger("sample integer", "min", min, Number.MIN_SAFE_INTEGER);
  requireInteger(
    "sample integer",
    "maxExclusive",
    maxExclusive,
    Number.MIN_SAFE_INTEGER,
  );
  above("sample integer", "maxExclusive", maxExclusive, "min", min);
  const span = maxExclusive - min;
  if (span > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      `Cannot sample integer as maxExclusive - min must be <= ${Number.MAX_SAFE_INTEGER}: current value is ${span}`,
    );
  }
  const u = span <= TWO_POW_32 ? next() : (Math.floor(next() * TWO_POW_21) + next()) / TWO_POW_21;
  return min + Math.min(Math.floor(span * u), span - 1);
}
