import assert from "node:assert/strict";
import { exponentialZiggurat } from "../../lib/random/_exponential_ziggurat.ts";
import { createPrng } from "../../lib/random/prng.ts";

Deno.test("exponentialZiggurat() draws Exp(1): one-sample KS against 1 - e^-x, the tail, and the layer wedges", () => {
  const prng = createPrng(7, "ziggurat");
  const n = 200_000;
  const x = Array.from({ length: n }, () => exponentialZiggurat(prng)).sort((a, b) => a - b);
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = -Math.expm1(-x[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs(f - (i + 1) / n));
  }
  // 1 % critical value of the one-sample statistic: 1.628 / sqrt(n).
  assert.ok(d < 1.628 / Math.sqrt(n), `KS D = ${d}`);
  // The tail beyond r = 7.697 (probability e^-r = 4.5e-4) is reached.
  const tail = x.filter((v) => v > 7.697117470131487).length / n;
  assert.ok(Math.abs(tail - Math.exp(-7.697117470131487)) < 4 * Math.sqrt(4.5e-4 / n), `${tail}`);
  const mean = x.reduce((s, v) => s + v, 0) / n;
  assert.ok(Math.abs(mean - 1) < 0.01, `mean ${mean}`);
});
