import assert from "node:assert/strict";
import { createPrng, exponential, weibull } from "../../mod.ts";
import {
  fitExponential,
  fitWeibull,
  kolmogorovDistribution,
  ksStatistic,
  type LifetimeObservation,
} from "../../lib/reliability/mod.ts";

const fail = (timeSeconds: number) => ({ timeSeconds, censored: false });

/** Q_KS(z) = 2 Σ (-1)^(j-1) exp(-2 j² z²), summed directly (the reference series). */
function kolmogorovQ(z: number): number {
  let sum = 0;
  for (let j = 1; j <= 200; j++) sum += (j % 2 === 1 ? 2 : -2) * Math.exp(-2 * j * j * z * z);
  return sum;
}

/** Classic D for a complete sample: max over i of i/n - F(x_(i)) and F(x_(i)) - (i-1)/n. */
function classicD(times: number[], cdf: (t: number) => number): number {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  return Math.max(...sorted.map((x, i) => Math.max((i + 1) / n - cdf(x), cdf(x) - i / n)));
}

Deno.test("ksStatistic() matches a hand example and the Kolmogorov series", () => {
  // Times 1, 2, 3 against an exponential with median 2: D = 1 - F(3) ... = 2^(-3/2).
  const result = ksStatistic([fail(1), fail(2), fail(3)], {
    kind: "exponential",
    ratePerSecond: Math.LN2 / 2,
  });
  assert.ok(Math.abs(result.statistic - Math.pow(2, -1.5)) < 1e-15);
  // n = 3 is far from Kolmogorov's limit: the p-value is the exact finite-n one.
  assert.equal(result.pValue, kolmogorovDistribution(3, result.statistic).pValue);
  assert.equal(result.pValueMethod, "exact");
  assert.equal(result.pValueCorrectedForFittedParameters, false);
  assert.equal(result.method, "empirical");
  assert.equal(result.n, 3);
  assert.equal(result.failures, 3);
});

Deno.test("ksStatistic() D equals the classic formula on complete samples", () => {
  const prng = createPrng(1, "ks");
  const times = Array.from({ length: 300 }, () => weibull(prng, 1.5, 100));
  const dist = { kind: "weibull", shape: 1.4, scaleSeconds: 105 } as const;
  const result = ksStatistic(times.map(fail), dist);
  const d = classicD(times, (t) => 1 - Math.exp(-Math.pow(t / 105, 1.4)));
  assert.ok(Math.abs(result.statistic - d) < 1e-14);
  // At n = 300 the exact p-value is close to Stephens' corrected limit.
  const z = (Math.sqrt(300) + 0.12 + 0.11 / Math.sqrt(300)) * d;
  assert.ok(Math.abs(result.pValue! - kolmogorovQ(z)) < 5e-3, `${result.pValue} ${kolmogorovQ(z)}`);
  assert.equal(result.pValue, kolmogorovDistribution(300, result.statistic).pValue);
});

Deno.test("ksStatistic() p-value is small for a wrong model and large for the right one", () => {
  const prng = createPrng(2, "ks");
  const observations = Array.from({ length: 2000 }, () => fail(weibull(prng, 2, 500)));
  const right = ksStatistic(observations, fitWeibull(observations).distribution);
  const wrong = ksStatistic(observations, fitExponential(observations).distribution);
  assert.ok(right.pValue! > 0.2, `right model p = ${right.pValue}`);
  assert.ok(wrong.pValue! < 1e-6, `wrong model p = ${wrong.pValue}`);
});

Deno.test("ksStatistic() p-values under the true model are uniform: 5% ± 4% below 0.05 over 200 samples", () => {
  let below = 0;
  let sum = 0;
  for (let seed = 0; seed < 200; seed++) {
    const prng = createPrng(seed, "uniformity");
    const observations = Array.from({ length: 50 }, () => fail(exponential(prng, 2)));
    const { pValue } = ksStatistic(observations, { kind: "exponential", ratePerSecond: 2 });
    if (pValue! < 0.05) below++;
    sum += pValue!;
  }
  assert.ok(Math.abs(below / 200 - 0.05) <= 0.04, `fraction below 0.05: ${below / 200}`);
  assert.ok(Math.abs(sum / 200 - 0.5) <= 0.06, `mean p-value ${sum / 200}`);
});

Deno.test("ksStatistic() with censoring compares Kaplan-Meier with the CDF and gives no p-value", () => {
  const prng = createPrng(3, "lifetimes");
  const censor = createPrng(3, "censoring");
  const observations: LifetimeObservation[] = Array.from({ length: 20_000 }, () => {
    const t = weibull(prng, 1.5, 100);
    const c = exponential(censor, 1 / 250);
    return t <= c ? fail(t) : { timeSeconds: c, censored: true };
  });
  const right = ksStatistic(observations, { kind: "weibull", shape: 1.5, scaleSeconds: 100 });
  const wrong = ksStatistic(observations, { kind: "exponential", ratePerSecond: 1 / 90 });
  assert.equal(right.method, "kaplan-meier");
  assert.equal(right.pValue, null);
  assert.equal(right.pValueMethod, null);
  assert.ok(right.statistic < 0.015, `right D ${right.statistic}`);
  assert.ok(wrong.statistic > 0.05, `wrong D ${wrong.statistic}`);
});

Deno.test("ksStatistic() rejects samples without failures and bad distributions", async (t) => {
  await t.step("no failure", () => {
    assert.throws(
      () =>
        ksStatistic([{ timeSeconds: 1, censored: true }], {
          kind: "exponential",
          ratePerSecond: 1,
        }),
      {
        name: "RangeError",
        message:
          "Cannot compute the Kolmogorov-Smirnov statistic as failures must be >= 1: current value is 0",
      },
    );
  });
  await t.step("bad rate", () => {
    assert.throws(
      () => ksStatistic([fail(1)], { kind: "exponential", ratePerSecond: -1 }),
      RangeError,
    );
  });
});
