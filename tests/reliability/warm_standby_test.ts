import assert from "node:assert/strict";
import { coldStandbyReliability } from "../../lib/reliability/cold_standby.ts";
import { transientProbabilities } from "../../lib/reliability/ctmc_transient.ts";
import {
  warmStandbyChain,
  warmStandbyMttf,
  warmStandbyReliability,
} from "../../lib/reliability/warm_standby.ts";
import { createPrng, type Prng } from "../../lib/random/prng.ts";
import { exponential } from "../../lib/random/exponential.ts";
import { meanAndError } from "./_ctmc_simulation.ts";

/**
 * One mission of an n-unit warm standby system, simulated unit by unit (independent
 * of the chain): spares age at λs while waiting; the operating unit lives Exp(λ) from
 * its switch-in; each switch-in succeeds with probability c.
 */
function lifetime(n: number, l: number, ls: number, c: number, prng: Prng): number {
  // Waiting-failure times of the spares (Infinity at λs = 0).
  const spareDeath = Array.from(
    { length: n - 1 },
    () => (ls > 0 ? exponential(prng, ls) : Infinity),
  );
  let t = exponential(prng, l); // the first operating unit fails
  for (const death of spareDeath) {
    if (death <= t) continue; // this spare failed while waiting
    if (prng() >= c) return t; // the switch-over failed
    t += exponential(prng, l);
  }
  return t;
}

Deno.test("warmStandbyReliability() two-unit closed form equals the chain by uniformization", () => {
  for (const [ls, c] of [[0, 1], [2e-4, 1], [5e-4, 0.9], [1e-3, 0.5]]) {
    const system = {
      failureRatePerSecond: 1e-3,
      standbyFailureRatePerSecond: ls!,
      switchSuccessProbability: c!,
    };
    const chain = warmStandbyChain(system);
    for (const t of [0, 100, 1000, 4000]) {
      const fromChain = 1 - transientProbabilities(chain, t).probabilities[2]!;
      assert.ok(Math.abs(warmStandbyReliability(system, t) - fromChain) < 1e-12, `λs ${ls} t ${t}`);
    }
  }
});

Deno.test("warmStandbyReliability() spans cold standby (λs = 0) and hot redundancy (λs = λ)", () => {
  const l = 1e-3;
  for (const t of [10, 700, 3000]) {
    const cold = warmStandbyReliability({
      failureRatePerSecond: l,
      standbyFailureRatePerSecond: 0,
      switchSuccessProbability: 0.8,
    }, t);
    assert.ok(
      Math.abs(cold - coldStandbyReliability({ failureRatePerSecond: l, coverage: 0.8 }, t)) <
        1e-15,
    );
    const hot = warmStandbyReliability({
      failureRatePerSecond: l,
      standbyFailureRatePerSecond: l,
      units: 3,
    }, t);
    assert.ok(Math.abs(hot - (1 - (1 - Math.exp(-l * t)) ** 3)) < 1e-12);
  }
});

Deno.test("warmStandbyMttf() matches first-step analysis and 1/λ + c/(λ+λs)", () => {
  const l = 1e-3;
  for (const [n, ls, c] of [[2, 3e-4, 0.9], [3, 3e-4, 0.9], [5, 1e-4, 0.99], [1, 0, 1]]) {
    let want = 0;
    let survive = 1;
    for (let i = 0; i < n!; i++) {
      const total = l + (n! - 1 - i) * ls!;
      want += survive / total;
      if (i < n! - 1) survive *= (c! * l + (n! - 1 - i) * ls!) / total;
    }
    const got = warmStandbyMttf({
      failureRatePerSecond: l,
      standbyFailureRatePerSecond: ls!,
      units: n!,
      switchSuccessProbability: c!,
    });
    assert.ok(Math.abs(got / want - 1) < 1e-13, `n ${n}`);
    if (n === 2) assert.ok(Math.abs(got - (1 / l + c! / (l + ls!))) < 1e-9);
  }
});

Deno.test("warmStandbyReliability() and warmStandbyMttf() agree with Monte Carlo of unit lifetimes (4σ)", () => {
  const [n, l, ls, c] = [3, 1e-3, 4e-4, 0.9];
  const system = {
    failureRatePerSecond: l,
    standbyFailureRatePerSecond: ls,
    units: n,
    switchSuccessProbability: c,
  };
  const prng = createPrng(8, "warm-standby");
  const samples = Array.from({ length: 40_000 }, () => lifetime(n, l, ls, c, prng));
  const { mean, error } = meanAndError(samples);
  const mttf = warmStandbyMttf(system);
  assert.ok(Math.abs(mean - mttf) < 4 * error, `${mean} ± ${error} vs ${mttf}`);
  for (const t of [500, 1500, 3000]) {
    const r = warmStandbyReliability(system, t);
    const est = samples.filter((x) => x > t).length / samples.length;
    const sigma = Math.sqrt((r * (1 - r)) / samples.length);
    assert.ok(Math.abs(est - r) < 4 * sigma, `t ${t}: ${est} vs ${r}`);
  }
});

Deno.test("warmStandbyReliability() of 3+ units over a very long mission is 0, not an error", () => {
  // Λt = 2e6 uniformization steps, past the cap; R(t) <= P(Poisson(λt) <= n - 1) = 0 here.
  const system = { failureRatePerSecond: 1, standbyFailureRatePerSecond: 0.5, units: 3 };
  assert.equal(warmStandbyReliability(system, 2e6), 0);
  assert.equal(
    warmStandbyReliability({ ...system, units: 5, standbyFailureRatePerSecond: 0 }, 1e7),
    0,
  );
});

Deno.test("warmStandbyReliability() of 3 units keeps small values: decreasing, not 1e-12 noise", () => {
  // References: the up-state sum of e0·exp(Tt) in 50-digit arithmetic (mpmath.expm).
  const system = { failureRatePerSecond: 1, standbyFailureRatePerSecond: 0.5, units: 3 };
  for (
    const [t, want] of [
      [1, 0.82824121555105337],
      [30, 5.614571491289503e-13],
      [100, 2.2320455856125016e-43],
      [300, 3.0889201334472083e-130],
    ]
  ) {
    const got = warmStandbyReliability(system, t!);
    assert.ok(Math.abs(got / want! - 1) < 1e-12, `t ${t}: ${got} vs ${want}`);
  }
});

Deno.test("warmStandby*() reject out-of-range systems with the field", async (t) => {
  const base = { failureRatePerSecond: 1e-3, standbyFailureRatePerSecond: 1e-4 };
  const cases: [object, string][] = [
    [
      { ...base, standbyFailureRatePerSecond: 2e-3 },
      "system.standbyFailureRatePerSecond must be <= system.failureRatePerSecond (0.001): current value is 0.002",
    ],
    [
      { ...base, standbyFailureRatePerSecond: -1 },
      "system.standbyFailureRatePerSecond must be a finite number >= 0: current value is -1",
    ],
    [
      { ...base, failureRatePerSecond: NaN },
      "system.failureRatePerSecond must be a finite number > 0: current value is NaN",
    ],
    [{ ...base, units: 0 }, "system.units must be an integer >= 1: current value is 0"],
    [
      { ...base, switchSuccessProbability: 1.5 },
      "system.switchSuccessProbability must be in [0, 1]: current value is 1.5",
    ],
  ];
  for (const [system, message] of cases) {
    await t.step(message, () =>
      assert.throws(() => warmStandbyMttf(system as typeof base), {
        name: "RangeError",
        message: `Cannot compute warm standby MTTF as ${message}`,
      }));
  }
});
