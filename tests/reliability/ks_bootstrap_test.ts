import assert from "node:assert/strict";
import { ksBootstrap } from "../../lib/reliability/ks_bootstrap.ts";
import { ksStatistic } from "../../lib/reliability/ks_statistic.ts";
import { fitExponential } from "../../lib/reliability/fit_exponential.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { exponential } from "../../lib/random/exponential.ts";

const sample = (seed: number, n: number) => {
  const prng = createPrng(seed, "ks-bootstrap-test");
  return Array.from(
    { length: n },
    () => ({ timeSeconds: exponential(prng, 0.01), censored: false }),
  );
};

Deno.test("ksBootstrap() is calibrated under a fitted exponential while the uncorrected p-value is conservative", () => {
  // 150 exponential samples of 20, each tested with its own fitted rate.
  let bootstrapBelow = 0;
  let plainBelow = 0;
  const datasets = 150;
  for (let seed = 0; seed < datasets; seed++) {
    const data = sample(seed, 20);
    const boot = ksBootstrap(data, "exponential", { seed, replicates: 99 });
    const plain = ksStatistic(data, fitExponential(data).distribution);
    assert.equal(plain.pValueCorrectedForFittedParameters, false);
    assert.equal(boot.statistic, plain.statistic);
    if (boot.pValue <= 0.2) bootstrapBelow++;
    if (plain.pValue! <= 0.2) plainBelow++;
  }
  // Calibrated: P(p <= 0.2) = 0.2 (σ ≈ 0.033 over 150 samples); the plain one is far below.
  assert.ok(Math.abs(bootstrapBelow / datasets - 0.2) < 4 * 0.033, `bootstrap ${bootstrapBelow}`);
  assert.ok(plainBelow / datasets < 0.2 - 3 * 0.033, `plain ${plainBelow}`);
});

Deno.test("ksBootstrap() gives the same result for the same seed and records it", () => {
  const data = sample(1, 30);
  const a = ksBootstrap(data, "weibull", { seed: "s", replicates: 20 });
  const b = ksBootstrap(data, "weibull", { seed: "s", replicates: 20 });
  assert.deepEqual(a, b);
  assert.equal(a.seed, "s");
  assert.equal(a.pValueCorrectedForFittedParameters, true);
  assert.ok(a.pValue >= 1 / 21 && a.pValue <= 1);
});

Deno.test("ksBootstrap() rejects censored data, bad replicates and unknown models", () => {
  const data = [...sample(2, 5), { timeSeconds: 3, censored: true }];
  assert.throws(() => ksBootstrap(data, "exponential", { seed: 1 }), {
    name: "RangeError",
    message:
      "Cannot run the Kolmogorov-Smirnov bootstrap as observations[5].censored must be false (complete samples only): current value is true",
  });
  assert.throws(() => ksBootstrap(sample(2, 5), "exponential", { seed: 1, replicates: 0 }), {
    name: "RangeError",
    message: /options.replicates must be an integer in \[1, 10000000\]: current value is 0/,
  });
  assert.throws(() => ksBootstrap(sample(2, 5), "gamma" as "weibull", { seed: 1 }), TypeError);
});
