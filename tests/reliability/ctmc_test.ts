import assert from "node:assert/strict";
import { steadyState } from "../../lib/reliability/ctmc.ts";
import { intervalProbabilities } from "../../lib/reliability/ctmc_transient.ts";
import { meanTimeToAbsorption } from "../../lib/reliability/mean_time_to_absorption.ts";

Deno.test("steadyState() gives A = μ/(λ+μ) for the repairable unit", () => {
  const [up, down] = steadyState({ states: 2, rates: [[0, 1, 2e-5], [1, 0, 0.05]] });
  assert.ok(Math.abs(up! - 0.05 / (0.05 + 2e-5)) < 1e-15);
  assert.ok(Math.abs(down! - 2e-5 / (0.05 + 2e-5)) < 1e-15);
});

Deno.test("steadyState() of a birth–death chain matches the product form π_i ∝ Π λ/μ", () => {
  // Two units, one repair crew: 0 (both up) ⇄ 1 ⇄ 2 with failure 2λ, λ and repair μ, μ.
  const l = 0.1;
  const m = 1;
  const pi = steadyState({ states: 3, rates: [[0, 1, 2 * l], [1, 2, l], [1, 0, m], [2, 1, m]] });
  const w = [1, (2 * l) / m, (2 * l * l) / (m * m)];
  const s = w[0]! + w[1]! + w[2]!;
  pi.forEach((p, i) => assert.ok(Math.abs(p - w[i]! / s) < 1e-15));
});

Deno.test("steadyState() of an absorbing chain puts all mass on the absorbing state", () => {
  const pi = steadyState({ states: 3, rates: [[0, 1, 1], [1, 0, 5], [1, 2, 1]] });
  assert.deepEqual(pi.map((p) => Math.round(p * 1e12) / 1e12), [0, 0, 1]);
});

Deno.test("steadyState() does not depend on the time unit: tiny rates are not singular", () => {
  // The same chains with every rate multiplied by c have the same π.
  for (const c of [1, 1e-13, 1e-14, 1e-20, 1e10]) {
    const [a, b] = steadyState({ states: 2, rates: [[0, 1, c], [1, 0, 3 * c]] });
    assert.ok(Math.abs(a! - 0.75) < 1e-15 && Math.abs(b! - 0.25) < 1e-15, `c ${c}`);
    const cycle = steadyState({ states: 3, rates: [[0, 1, c], [1, 2, c], [2, 0, c]] });
    cycle.forEach((p) => assert.ok(Math.abs(p - 1 / 3) < 1e-15, `c ${c}`));
  }
});

Deno.test("steadyState() rejects chains without a unique stationary distribution and bad transitions", async (t) => {
  await t.step(
    "two absorbing states",
    () =>
      assert.throws(() => steadyState({ states: 3, rates: [[0, 1, 1], [0, 2, 1]] }), RangeError),
  );
  await t.step(
    "self loop",
    () =>
      assert.throws(() => steadyState({ states: 2, rates: [[1, 1, 1]] }), {
        name: "RangeError",
        message:
          "Cannot compute steady state as chain.rates[0] must join two different states: current value is [1,1,1]",
      }),
  );
  await t.step(
    "negative rate",
    () =>
      assert.throws(() => steadyState({ states: 2, rates: [[0, 1, -1]] }), {
        name: "RangeError",
        message:
          "Cannot compute steady state as chain.rates[0][2] must be a finite number >= 0: current value is -1",
      }),
  );
});

Deno.test("steadyState() of a chain whose state 0 is absorbing is all mass in state 0", () => {
  // 1 → 0 at rate 1 and nothing leaves 0: one closed class {0}, so π = (1, 0). The balance
  // row of state 0 has a zero diagonal (exit rate 0): solving needs a pivot from another row.
  assert.deepEqual(steadyState({ states: 2, rates: [[1, 0, 1]] }), [1, 0]);
  // three states, 2 → 1 → 0, still absorbed in 0
  assert.deepEqual(steadyState({ states: 3, rates: [[2, 1, 3], [1, 0, 0.5]] }), [1, 0, 0]);
});

Deno.test("the chain solvers refuse more states than they can hold, before allocating them", async (t) => {
  // found by the reliability fuzz test (FUZZ_RUNS=5): intervalProbabilities on 10⁹ states
  // allocated vectors of that size and ran the machine out of memory
  const huge = { states: 1e9, rates: [[0, 1, 0.001], [1, 0, 0.1]] as [number, number, number][] };
  await t.step("uniformization: 10 million states", () => {
    assert.throws(() => intervalProbabilities(huge, 10), {
      name: "RangeError",
      message:
        "Cannot compute interval probabilities as chain.states must be an integer in [1, 10000000]: current value is 1000000000",
    });
  });
  await t.step("dense solvers: 5,000 states", () => {
    const dense = { ...huge, states: 5_001 };
    assert.throws(() => steadyState(dense), /chain\.states must be an integer in \[1, 5000\]/);
    assert.throws(
      () => meanTimeToAbsorption(dense),
      /chain\.states must be an integer in \[1, 5000\]/,
    );
  });
});
