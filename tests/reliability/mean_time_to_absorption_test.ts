import assert from "node:assert/strict";
import { coldStandbyChain, coldStandbyMttf } from "../../lib/reliability/cold_standby.ts";
import type { Ctmc, CtmcTransition } from "../../lib/reliability/ctmc.ts";
import { meanTimeToAbsorption } from "../../lib/reliability/mean_time_to_absorption.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { meanAndError, simulatePath } from "./_ctmc_simulation.ts";

/** Fundamental matrix N = (-Q_TT)^-1 by Gauss–Jordan (independent of the library). */
function fundamental(chain: Ctmc, transient: number[]): number[][] {
  const m = transient.length;
  const a = transient.map((i) => {
    const row = new Array<number>(2 * m).fill(0);
    for (const [f, t, r] of chain.rates) {
      if (f !== i) continue;
      row[transient.indexOf(i)]! += r;
      const j = transient.indexOf(t);
      if (j >= 0) row[j]! -= r;
    }
    return row;
  });
  a.forEach((row, i) => (row[m + i] = 1));
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]!;
    for (let k = 0; k < 2 * m; k++) a[c]![k]! /= pivot;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let k = 0; k < 2 * m; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a.map((row) => row.slice(m));
}

function randomAbsorbingChain(seed: number, n: number, absorbing: number): Ctmc {
  const prng = createPrng(seed, "mtta");
  const rates: CtmcTransition[] = [];
  for (let i = 0; i < n - absorbing; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && prng() < 0.5) rates.push([i, j, Math.round(prng() * 100) / 10 + 0.1]);
    }
    rates.push([i, n - absorbing + (i % absorbing), 0.3]); // every state can be absorbed
  }
  return { states: n, rates };
}

Deno.test("meanTimeToAbsorption() equals N·1 and N·R of the fundamental matrix on random chains", () => {
  for (let seed = 0; seed < 20; seed++) {
    const n = 4 + (seed % 6);
    const chain = randomAbsorbingChain(seed, n, 2);
    const transient = Array.from({ length: n - 2 }, (_, i) => i);
    const big = fundamental(chain, transient);
    const result = meanTimeToAbsorption(chain);
    transient.forEach((i) => {
      const want = big[i]!.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(result.stateMeanSeconds[i]! / want - 1) < 1e-12, `seed ${seed}`);
    });
    for (const a of [n - 2, n - 1]) {
      let want = 0;
      for (const [f, t, r] of chain.rates) if (t === a) want += big[0]![f]! * r;
      assert.ok(Math.abs(result.absorptionProbabilities[a]! - want) < 1e-12, `seed ${seed}`);
    }
    assert.deepEqual(result.absorbingStates, [n - 2, n - 1]);
  }
});

Deno.test("meanTimeToAbsorption() agrees with Monte Carlo trajectories (4σ)", () => {
  const chain = randomAbsorbingChain(3, 6, 1);
  const prng = createPrng(3, "mtta", "simulation");
  const times: number[] = [];
  for (let k = 0; k < 20_000; k++) times.push(simulatePath(chain, 0, Infinity, prng).at(-1)!.enter);
  const { mean, error } = meanAndError(times);
  const exact = meanTimeToAbsorption(chain).meanSeconds;
  assert.ok(Math.abs(mean - exact) < 4 * error, `${mean} ± ${error} vs ${exact}`);
});

Deno.test("meanTimeToAbsorption() keeps full precision on a stiff duplex with repair", () => {
  // MTTF = (3λ + μ)/(2λ²): λ = 1e-9/s, μ = 1e3/s, rates 12 orders apart.
  for (const [l, m] of [[1e-9, 1e3], [1e-4, 1e-1], [2, 0]]) {
    const chain: Ctmc = { states: 3, rates: [[0, 1, 2 * l!], [1, 0, m!], [1, 2, l!]] };
    const want = (3 * l! + m!) / (2 * l! * l!);
    assert.ok(Math.abs(meanTimeToAbsorption(chain).meanSeconds / want - 1) < 1e-13);
  }
  const cold = { failureRatePerSecond: 1e-6, coverage: 0.9, repairRatePerSecond: 1 };
  const got = meanTimeToAbsorption(coldStandbyChain(cold)).meanSeconds;
  assert.ok(Math.abs(got / coldStandbyMttf(cold) - 1) < 1e-13);
});

Deno.test("meanTimeToAbsorption() is Infinity where absorption is not certain", () => {
  // 0 → 1 (absorbing) or 0 → 2 ⇄ 3 (a closed class); 4 → 1 only.
  const chain: Ctmc = {
    states: 5,
    rates: [[0, 1, 1], [0, 2, 1], [2, 3, 1], [3, 2, 1], [4, 1, 2]],
  };
  const r = meanTimeToAbsorption(chain);
  assert.deepEqual(r.stateMeanSeconds, [Infinity, 0, Infinity, Infinity, 0.5]);
  assert.equal(r.meanSeconds, Infinity);
  assert.deepEqual(r.absorptionProbabilities, [0, 0.5, 0, 0, 0]);
  const from4 = meanTimeToAbsorption(chain, { initial: [0, 0, 0, 0, 1] });
  assert.equal(from4.meanSeconds, 0.5);
  assert.equal(from4.absorptionProbabilities[1], 1);
});

Deno.test("meanTimeToAbsorption() rejects chains and initial vectors with the field", async (t) => {
  await t.step(
    "no absorbing state",
    () =>
      assert.throws(() => meanTimeToAbsorption({ states: 2, rates: [[0, 1, 1], [1, 0, 1]] }), {
        name: "RangeError",
        message: /chain must have an absorbing state \(no outgoing rate\)/,
      }),
  );
  await t.step(
    "negative rate",
    () =>
      assert.throws(() => meanTimeToAbsorption({ states: 2, rates: [[0, 1, -1]] }), {
        name: "RangeError",
        message:
          "Cannot compute mean time to absorption as chain.rates[0][2] must be a finite number >= 0: current value is -1",
      }),
  );
  await t.step("initial of the wrong length", () =>
    assert.throws(
      () => meanTimeToAbsorption({ states: 2, rates: [[0, 1, 1]] }, { initial: [1] }),
      { name: "TypeError", message: /options.initial must be an array of 2 probabilities/ },
    ));
  await t.step("initial NaN", () =>
    assert.throws(
      () => meanTimeToAbsorption({ states: 2, rates: [[0, 1, 1]] }, { initial: [NaN, 1] }),
      {
        name: "RangeError",
        message: /options.initial\[0\] must be in \[0, 1\]: current value is NaN/,
      },
    ));
});

Deno.test("meanTimeToAbsorption() counts the initial mass already in an absorbing state", () => {
  // 0 → 1 at rate 1, 0 → 2 at rate 3; 1 and 2 absorb. From (1/2, 1/2, 0): half is already
  // absorbed in 1, the other half leaves 0 after a mean 1/4 s, to 1 with probability 1/4
  // and to 2 with 3/4: P(end in 1) = 1/2 + 1/2 · 1/4 = 5/8, P(end in 2) = 1/2 · 3/4 = 3/8,
  // mean time 1/2 · 1/4 = 1/8 s.
  const chain: Ctmc = { states: 3, rates: [[0, 1, 1], [0, 2, 3]] };
  const r = meanTimeToAbsorption(chain, { initial: [0.5, 0.5, 0] });
  assert.deepEqual(r.absorbingStates, [1, 2]);
  assert.ok(Math.abs(r.meanSeconds - 0.125) < 1e-15, `${r.meanSeconds}`);
  assert.ok(Math.abs(r.absorptionProbabilities[1]! - 0.625) < 1e-15);
  assert.ok(Math.abs(r.absorptionProbabilities[2]! - 0.375) < 1e-15);
  assert.equal(r.absorptionProbabilities[0], 0);
});

Deno.test("meanTimeToAbsorption() takes a transition of rate 0 as no way out", () => {
  // 0 ⇄ 1 at rate 1 each way and 0 → 2 at rate 0: state 2 has no outgoing rate (absorbing)
  // but is never reached, so absorption from 0 or 1 is not certain: infinite mean times
  // and no probability of ending in 2.
  const chain: Ctmc = { states: 3, rates: [[0, 1, 1], [1, 0, 1], [0, 2, 0]] };
  const r = meanTimeToAbsorption(chain);
  assert.deepEqual(r.absorbingStates, [2]);
  assert.equal(r.meanSeconds, Infinity);
  assert.deepEqual(r.stateMeanSeconds, [Infinity, Infinity, 0]);
  assert.deepEqual(r.absorptionProbabilities, [0, 0, 0]);
});

Deno.test("meanTimeToAbsorption() refuses an initial distribution that does not sum to 1 within 1e-9", () => {
  const chain: Ctmc = { states: 2, rates: [[0, 1, 1]] };
  for (const initial of [[0.95, 0], [0.5, 0.500001]]) {
    assert.throws(
      () => meanTimeToAbsorption(chain, { initial }),
      (e: unknown) => e instanceof RangeError && /options\.initial must sum to 1/.test(e.message),
      JSON.stringify(initial),
    );
  }
  // rounding within the tolerance is accepted: 0.7 + 0.2 + 0.1 = 0.9999999999999999; states
  // 0 and 1 each leave at rate 1 into 2, so the mean is (0.7 + 0.2) · 1 s = 0.9 s
  const three: Ctmc = { states: 3, rates: [[0, 2, 1], [1, 2, 1]] };
  assert.ok(
    Math.abs(meanTimeToAbsorption(three, { initial: [0.7, 0.2, 0.1] }).meanSeconds - 0.9) < 1e-15,
  );
});
