import assert from "node:assert/strict";
import { kOutOfNIdentical } from "../../lib/reliability/k_out_of_n_identical.ts";
import { kOutOfNWithCoverage } from "../../lib/reliability/k_out_of_n_with_coverage.ts";

Deno.test("kOutOfNWithCoverage() with c = 1 reduces to the plain k-out-of-n tail", () => {
  for (const [k, n, r] of [[2, 3, 0.9], [7, 10, 0.8], [900, 1000, 0.95], [1, 4, 0.3]]) {
    const plain = kOutOfNIdentical(k!, n!, r!).reliability;
    assert.ok(Math.abs(kOutOfNWithCoverage(k!, n!, r!, 1) - plain) < 1e-12, `${k}/${n}`);
  }
});

Deno.test("kOutOfNWithCoverage() with c = 0 gives R^n (every failure is fatal)", () => {
  for (const [k, n, r] of [[2, 3, 0.9], [1, 10, 0.8], [5000, 10_000, 0.9999]]) {
    const got = kOutOfNWithCoverage(k!, n!, r!, 0);
    assert.ok(Math.abs(got / r! ** n! - 1) < 1e-12, `${k}/${n}`);
  }
});

Deno.test("kOutOfNWithCoverage() matches Σ C(n,j) R^(n-j) (1-R)^j c^j summed term by term", () => {
  // 2-out-of-4, R = 0.9, c = 0.9: R⁴ + 4R³(1-R)c + 6R²(1-R)²c².
  const r = 0.9;
  const c = 0.9;
  const want = r ** 4 + 4 * r ** 3 * (1 - r) * c + 6 * r ** 2 * (1 - r) ** 2 * c ** 2;
  assert.ok(Math.abs(kOutOfNWithCoverage(2, 4, r, c) - want) < 1e-15);
});

Deno.test("kOutOfNWithCoverage() is non-decreasing in c and finite for n = 10,000", () => {
  let previous = -1;
  for (let c = 0; c <= 1; c += 0.125) {
    const got = kOutOfNWithCoverage(9900, 10_000, 0.999, c);
    assert.ok(Number.isFinite(got) && got >= previous);
    previous = got;
  }
});

Deno.test("kOutOfNWithCoverage() rejects a coverage outside [0, 1]", () => {
  assert.throws(() => kOutOfNWithCoverage(1, 2, 0.5, 1.5), {
    name: "RangeError",
    message:
      "Cannot compute k-out-of-n reliability with coverage as coverage must be in [0, 1]: current value is 1.5",
  });
});

Deno.test("kOutOfNWithCoverage() names n when it is too large to allocate (as kOutOfNIdentical)", () => {
  assert.throws(() => kOutOfNWithCoverage(1, 2 ** 33, 0.5, 0.5), {
    name: "RangeError",
    message:
      "Cannot compute k-out-of-n reliability with coverage as n must be an integer in [1, 10000000]: current value is 8589934592",
  });
  // The limit itself still works.
  assert.ok(kOutOfNWithCoverage(9_999_000, 10_000_000, 1 - 1e-7, 1) > 0.99);
});
