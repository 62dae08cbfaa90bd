import assert from "node:assert/strict";
import {
  intervalProbabilities,
  transientProbabilities,
} from "../../lib/reliability/ctmc_transient.ts";
import { steadyState } from "../../lib/reliability/ctmc.ts";
import { createPrng } from "../../lib/random/mod.ts";

const UNIT = { states: 2, rates: [[0, 1, 0.2], [1, 0, 1.8]] } as const;

Deno.test("transientProbabilities() matches A(t) = μ/(λ+μ) + λ/(λ+μ) e^(-(λ+μ)t) within 1e-12", () => {
  for (const t of [0, 0.01, 0.5, 2, 10, 300]) {
    const { probabilities, errorBound } = transientProbabilities(UNIT, t);
    const want = 0.9 + 0.1 * Math.exp(-2 * t);
    assert.ok(Math.abs(probabilities[0]! - want) < 1e-12, `t=${t}`);
    assert.ok(errorBound <= 1e-12);
  }
});

Deno.test("transientProbabilities() gives e^(-λt)(1 + λt) for cold standby (Erlang-2 survival)", () => {
  const chain = { states: 3, rates: [[0, 1, 0.5], [1, 2, 0.5]] } as const;
  for (const t of [1, 4, 20]) {
    const p = transientProbabilities(chain, t).probabilities;
    assert.ok(Math.abs(1 - p[2]! - Math.exp(-0.5 * t) * (1 + 0.5 * t)) < 1e-12);
  }
});

Deno.test("transientProbabilities() approaches the steady state for large t (Λt = 2000)", () => {
  const chain = { states: 3, rates: [[0, 1, 0.3], [1, 2, 0.2], [2, 0, 1], [1, 0, 0.7]] } as const;
  const pi = steadyState(chain);
  const { probabilities, steps } = transientProbabilities(chain, 2000);
  pi.forEach((p, i) => assert.ok(Math.abs(probabilities[i]! - p) < 1e-11));
  assert.ok(steps > 2000 && steps < 2400);
});

Deno.test("intervalProbabilities() matches Ā(t) = μ/(λ+μ) + λ/((λ+μ)² t)(1 - e^(-(λ+μ)t)) within 1e-12", () => {
  for (const t of [0.01, 0.5, 2, 10, 300]) {
    const { probabilities } = intervalProbabilities(UNIT, t);
    const want = 0.9 + (0.2 / (4 * t)) * (1 - Math.exp(-2 * t));
    assert.ok(Math.abs(probabilities[0]! - want) < 1e-12, `t=${t}`);
  }
  assert.deepEqual(intervalProbabilities(UNIT, 0).probabilities, [1, 0]);
});

Deno.test("transientProbabilities() honours the initial distribution and rejects bad options", async (t) => {
  await t.step("starting down", () => {
    const p = transientProbabilities(UNIT, 1, { initial: [0, 1] }).probabilities;
    assert.ok(Math.abs(p[0]! - 0.9 * (1 - Math.exp(-2))) < 1e-12);
  });
  await t.step(
    "initial not summing to 1",
    () =>
      assert.throws(() => transientProbabilities(UNIT, 1, { initial: [0.5, 0.4] }), {
        name: "RangeError",
        message:
          "Cannot compute transient probabilities as options.initial must sum to 1: current value is 0.9",
      }),
  );
  await t.step(
    "too many steps",
    () => assert.throws(() => transientProbabilities(UNIT, 1e4, { maxSteps: 100 }), RangeError),
  );
  await t.step("negative time", () =>
    assert.throws(() => intervalProbabilities(UNIT, -1), {
      name: "RangeError",
      message:
        "Cannot compute interval probabilities as tSeconds must be a finite number >= 0: current value is -1",
    }));
});

Deno.test("intervalProbabilities() over a very short interval is π(0), not 0 (no 1 - P(N <= k))", () => {
  // Repairable unit λ = 1, μ = 3: Ā(t) = 3/4 + (1/4)(1 - e^(-4t))/(4t).
  const chain = { states: 2, rates: [[0, 1, 1], [1, 0, 3]] } as const;
  for (const t of [1e-20, 1e-12, 1e-9, 1e-3]) {
    const { probabilities: [up, down], errorBound } = intervalProbabilities(chain, t);
    const want = 0.75 + 0.25 * (-Math.expm1(-4 * t) / (4 * t));
    // Within the truncation bound, plus rounding.
    assert.ok(Math.abs(up! - want) <= errorBound + 1e-14, `t ${t}: ${up} vs ${want}`);
    // The down part (1/4)(x + expm1(-x))/x, x = 4t, by its series (no cancellation).
    const x = 4 * t;
    const wantDown = 0.25 * (x / 2 - x ** 2 / 6 + x ** 3 / 24 - x ** 4 / 120);
    assert.ok(Math.abs(down! - wantDown) <= errorBound + 1e-9 * wantDown, `t ${t}: ${down}`);
  }
});

Deno.test("transientProbabilities() and intervalProbabilities() uniformize at the largest exit rate, also when it is state 0's", () => {
  // 0 → 1 at λ = 2, 1 → 0 at μ = 1 (state 0 leaves fastest). Closed forms from state 0:
  // P0(t) = μ/(λ+μ) + λ/(λ+μ) e^(-(λ+μ)t) = 1/3 + (2/3) e^(-3t), and its time average
  // (1/t)∫0^t P0 = 1/3 + λ/((λ+μ)² t) (1 - e^(-(λ+μ)t)) = 1/3 + (2/9)(1 - e^(-3t))/t.
  const chain = { states: 2, rates: [[0, 1, 2], [1, 0, 1]] } as const;
  for (const t of [0.1, 1, 5]) {
    const p0 = 1 / 3 + (2 / 3) * Math.exp(-3 * t);
    const [up, down] = transientProbabilities(chain, t).probabilities;
    assert.ok(Math.abs(up! - p0) < 1e-11, `t=${t}: ${up} vs ${p0}`);
    assert.ok(Math.abs(down! - (1 - p0)) < 1e-11, `t=${t}`);
    const mean = 1 / 3 + (2 / 9) * -Math.expm1(-3 * t) / t;
    const [avg] = intervalProbabilities(chain, t).probabilities;
    assert.ok(Math.abs(avg! - mean) < 1e-11, `t=${t}: ${avg} vs ${mean}`);
  }
  // Only state 0 leaves (pure death at rate 1): P0(t) = e^(-t), mean (1 - e^(-t))/t.
  const death = { states: 2, rates: [[0, 1, 1]] } as const;
  const [alive] = transientProbabilities(death, 2).probabilities;
  assert.ok(Math.abs(alive! - Math.exp(-2)) < 1e-12, `${alive}`);
  const [meanAlive] = intervalProbabilities(death, 2).probabilities;
  assert.ok(Math.abs(meanAlive! - -Math.expm1(-2) / 2) < 1e-12, `${meanAlive}`);
});

/** e^(At) by scaling and squaring of a 30-term Taylor series, independent of uniformization. */
function expm(a: number[][], t: number): number[][] {
  let norm = 0;
  for (const row of a) norm = Math.max(norm, row.reduce((s, x) => s + Math.abs(x), 0));
  let squarings = 0;
  while ((norm * t) / 2 ** squarings > 0.5) squarings++;
  const h = t / 2 ** squarings;
  const mul = (x: number[][], y: number[][]) =>
    x.map((row) => y[0]!.map((_, j) => row.reduce((s, v, k) => s + v * y[k]![j]!, 0)));
  let sum: number[][] = a.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  let term = sum;
  for (let k = 1; k <= 30; k++) {
    term = mul(term, a).map((row) => row.map((x) => (x * h) / k));
    sum = sum.map((row, i) => row.map((x, j) => x + term[i]![j]!));
  }
  for (let i = 0; i < squarings; i++) sum = mul(sum, sum);
  return sum;
}

Deno.test("transientProbabilities() and intervalProbabilities() equal e^(Qt) and (1/t)∫e^(Qs)ds on random chains", () => {
  // By definition π(t) = π(0) e^(Qt) and Ā(t) = (1/t) ∫_0^t π(s) ds. The integral is
  // the top-right block of e^(Bt), B = [[Q, I], [0, 0]] (Van Loan 1978).
  const prng = createPrng(31, "ctmc-transient", "expm");
  for (let c = 0; c < 60; c++) {
    const states = 2 + Math.floor(prng() * 4);
    const rates: [number, number, number][] = [];
    for (let i = 0; i < states; i++) {
      for (let j = 0; j < states; j++) {
        if (i !== j && prng() < 0.6) rates.push([i, j, Math.pow(10, -3 + 4 * prng())]);
      }
    }
    if (rates.length === 0) continue;
    const chain = { states, rates };
    const t = prng() * 200;
    const q = Array.from({ length: states }, () => new Array<number>(states).fill(0));
    for (const [i, j, r] of rates) {
      q[i]![j]! += r;
      q[i]![i]! -= r;
    }
    const b = Array.from(
      { length: 2 * states },
      (_, i) =>
        Array.from(
          { length: 2 * states },
          (_, j) => (i < states && j < states ? q[i]![j]! : i < states && j === i + states ? 1 : 0),
        ),
    );
    const eb = expm(b, t)[0]!;
    const point = transientProbabilities(chain, t).probabilities;
    const average = intervalProbabilities(chain, t).probabilities;
    const sum = point.reduce((s, p) => s + p, 0);
    assert.ok(Math.abs(sum - 1) < 1e-10, `case ${c}: Σπ = ${sum}`);
    for (let i = 0; i < states; i++) {
      assert.ok(Math.abs(point[i]! - eb[i]!) < 1e-9, `case ${c} π_${i}: ${point[i]} vs ${eb[i]}`);
      if (t > 0) {
        const want = eb[states + i]! / t;
        assert.ok(
          Math.abs(average[i]! - want) < 1e-9,
          `case ${c} Ā_${i}: ${average[i]} vs ${want}`,
        );
      }
    }
  }
});
