/**
 * `decimalHyperperiod`: the least common multiple of periods read as the decimals they were
 * written as, or undefined when they are not decimals of at most 9 places or the multiple is
 * past the limit.
 */
import assert from "node:assert/strict";
import { decimalHyperperiod } from "../../lib/realtime/_hyperperiod.ts";

Deno.test("decimalHyperperiod() is the lcm of the periods as decimals", () => {
  assert.equal(decimalHyperperiod([4, 6, 10], 1e6), 60);
  // 0.005 and 0.012 are no doubles: read in thousandths, 5 and 12, lcm 60
  assert.equal(decimalHyperperiod([0.005, 0.012], 1e6), 0.06);
  assert.equal(decimalHyperperiod([0.2, 0.3, 0.5], 1e6), 3);
  assert.equal(decimalHyperperiod([2e-9, 3e-9], 1e6), 6e-9);
});

Deno.test("decimalHyperperiod() gives undefined for periods that are no short decimals, or past the limit", () => {
  assert.equal(decimalHyperperiod([Math.PI, 1], 1e6), undefined);
  assert.equal(decimalHyperperiod([1e-10, 1], 1e6), undefined);
  assert.equal(decimalHyperperiod([2.5e-9, 1e-9], 1e6), undefined); // ten places
  // a period a ten-billionth off a whole number is not that number
  assert.equal(decimalHyperperiod([3.0000000001, 2], 1e6), undefined);
  // 7, 11, 13, 17, 19: lcm 323,323
  assert.equal(decimalHyperperiod([7, 11, 13, 17, 19], 323323), 323323);
  assert.equal(decimalHyperperiod([7, 11, 13, 17, 19], 323322), undefined);
  // lcm past 2^53 in units: undefined, never a rounded multiple
  const primes = [101, 103, 107, 109, 113, 127, 131, 137, 139];
  assert.equal(decimalHyperperiod(primes, Infinity), undefined);
});
