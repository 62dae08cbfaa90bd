import assert from "node:assert/strict";
import { createPrng, exponential, weibull } from "../../mod.ts";
import {
  fitExponential,
  fitWeibull,
  ksStatistic,
  type LifetimeObservation,
} from "../../lib/reliability/mod.ts";

/** n Weibull(shape, scale) lifetimes, randomly right-censored at exponential times. */
function sample(
  seed: number,
  n: number,
  shape: number,
  scaleSeconds: number,
  censoringRate: number,
): LifetimeObservation[] {
  const prng = createPrng(seed, "lifetimes");
  const censor = createPrng(seed, "censoring");
  return Array.from({ length: n }, () => {
    const t = weibull(prng, shape, scaleSeconds);
    if (censoringRate === 0) return { timeSeconds: t, censored: false };
    const c = exponential(censor, censoringRate);
    return t <= c ? { timeSeconds: t, censored: false } : { timeSeconds: c, censored: true };
  });
}

/** The censored Weibull log-likelihood, written independently of the library. */
function logLikelihood(observations: LifetimeObservation[], k: number, scale: number): number {
  let sum = 0;
  for (const { timeSeconds: t, censored } of observations) {
    const z = Math.pow(t / scale, k);
    sum -= z;
    if (!censored) sum += Math.log(k / scale) + (k - 1) * Math.log(t / scale);
  }
  return sum;
}

Deno.test("fitWeibull() recovers shape and scale of 20,000 seeded lifetimes", async (t) => {
  await t.step("complete sample, shape 1.7 scale 1000 s, within 2%", () => {
    const fit = fitWeibull(sample(1, 20_000, 1.7, 1000, 0));
    assert.ok(Math.abs(fit.parameters.shape / 1.7 - 1) < 0.02, `shape ${fit.parameters.shape}`);
    assert.ok(Math.abs(fit.parameters.scaleSeconds / 1000 - 1) < 0.02);
    assert.deepEqual(fit.distribution, { kind: "weibull", ...fit.parameters });
  });
  await t.step("about 30% random censoring, shape 0.8 scale 5e6 s, within 3%", () => {
    const observations = sample(2, 20_000, 0.8, 5e6, 1 / 1.2e7);
    const fit = fitWeibull(observations);
    assert.ok(Math.abs(fit.censored / 20_000 - 0.3) < 0.03, `censored ${fit.censored}`);
    assert.ok(Math.abs(fit.parameters.shape / 0.8 - 1) < 0.03, `shape ${fit.parameters.shape}`);
    assert.ok(Math.abs(fit.parameters.scaleSeconds / 5e6 - 1) < 0.03);
    assert.ok(fit.intervals.shape.lower < 0.8 && 0.8 < fit.intervals.shape.upper);
    assert.ok(fit.intervals.scaleSeconds.lower < 5e6 && 5e6 < fit.intervals.scaleSeconds.upper);
  });
});

Deno.test("fitWeibull() finds the maximum of the censored log-likelihood", () => {
  const observations = sample(3, 300, 2.5, 40, 1 / 60);
  const fit = fitWeibull(observations);
  const { shape: k, scaleSeconds: scale } = fit.parameters;
  const best = logLikelihood(observations, k, scale);
  assert.ok(Math.abs(fit.logLikelihood - best) < 1e-9 * Math.abs(best));
  assert.equal(fit.aic, 4 - 2 * fit.logLikelihood);
  for (const [dk, ds] of [[1e-4, 0], [-1e-4, 0], [0, 1e-4], [0, -1e-4], [1e-4, 1e-4]]) {
    assert.ok(logLikelihood(observations, k * (1 + dk!), scale * (1 + ds!)) < best);
  }
});

Deno.test("fitWeibull() intervals match a finite-difference observed information within 1e-4", () => {
  const observations = sample(4, 500, 1.3, 10, 1 / 20);
  const fit = fitWeibull(observations, { confidence: 0.9 });
  const a = Math.log(fit.parameters.shape);
  const b = Math.log(fit.parameters.scaleSeconds);
  const f = (x: number, y: number) => logLikelihood(observations, Math.exp(x), Math.exp(y));
  const h = 1e-4;
  const haa = (f(a + h, b) - 2 * f(a, b) + f(a - h, b)) / (h * h);
  const hbb = (f(a, b + h) - 2 * f(a, b) + f(a, b - h)) / (h * h);
  const hab = (f(a + h, b + h) - f(a + h, b - h) - f(a - h, b + h) + f(a - h, b - h)) / (4 * h * h);
  const det = haa * hbb - hab * hab;
  const z = 1.6448536269514722; // 95th percentile of the standard normal
  const seShape = Math.sqrt(-hbb / det);
  const seScale = Math.sqrt(-haa / det);
  const { shape, scaleSeconds } = fit.intervals;
  assert.ok(Math.abs(Math.log(shape.upper / fit.parameters.shape) / (z * seShape) - 1) < 1e-4);
  assert.ok(Math.abs(Math.log(fit.parameters.shape / shape.lower) / (z * seShape) - 1) < 1e-4);
  assert.ok(
    Math.abs(Math.log(scaleSeconds.upper / fit.parameters.scaleSeconds) / (z * seScale) - 1) < 1e-4,
  );
});

Deno.test("fitWeibull() never has a lower log-likelihood than the nested exponential fit", () => {
  for (let seed = 0; seed < 5; seed++) {
    const observations = sample(seed, 200, 1, 100, 1 / 150);
    const w = fitWeibull(observations);
    const e = fitExponential(observations);
    assert.ok(w.logLikelihood >= e.logLikelihood - 1e-9, `seed ${seed}`);
    assert.ok(Math.abs(w.parameters.shape - 1) < 0.2);
  }
});

Deno.test("fitWeibull() 95% intervals cover the true shape in 95% ± 4% of 200 samples of 200", () => {
  let shapeCovered = 0;
  let scaleCovered = 0;
  for (let seed = 0; seed < 200; seed++) {
    const fit = fitWeibull(sample(seed, 200, 2, 1, 0.3));
    if (fit.intervals.shape.lower < 2 && 2 < fit.intervals.shape.upper) shapeCovered++;
    if (fit.intervals.scaleSeconds.lower < 1 && 1 < fit.intervals.scaleSeconds.upper) {
      scaleCovered++;
    }
  }
  assert.ok(Math.abs(shapeCovered / 200 - 0.95) <= 0.04, `shape coverage ${shapeCovered / 200}`);
  assert.ok(Math.abs(scaleCovered / 200 - 0.95) <= 0.04, `scale coverage ${scaleCovered / 200}`);
});

Deno.test("fitWeibull() does not modify its input", () => {
  const observations = sample(5, 30, 2, 1, 1);
  const copy = structuredClone(observations);
  fitWeibull(observations);
  assert.deepEqual(observations, copy);
});

Deno.test("fitWeibull() rejects unusable input", async (t) => {
  const fail = (timeSeconds: number) => ({ timeSeconds, censored: false });
  await t.step("empty", () => {
    assert.throws(() => fitWeibull([]), {
      name: "RangeError",
      message:
        "Cannot fit a Weibull model as observations must contain at least one observation: current value is []",
    });
  });
  await t.step("no failure", () => {
    assert.throws(() => fitWeibull([{ timeSeconds: 3, censored: true }]), {
      name: "RangeError",
      message: "Cannot fit a Weibull model as failures must be >= 1: current value is 0",
    });
  });
  await t.step("zero, negative and NaN times", () => {
    assert.throws(() => fitWeibull([fail(1), fail(0)]), {
      name: "RangeError",
      message:
        "Cannot fit a Weibull model as observations[1].timeSeconds must be > 0: current value is 0",
    });
    assert.throws(() => fitWeibull([fail(-2)]), {
      name: "RangeError",
      message:
        "Cannot fit a Weibull model as observations[0].timeSeconds must be a finite number >= 0: current value is -2",
    });
    assert.throws(() => fitWeibull([fail(NaN)]), { name: "RangeError" });
  });
  await t.step("every failure at the longest time (likelihood unbounded in k)", () => {
    assert.throws(() => fitWeibull([fail(5), fail(5), { timeSeconds: 2, censored: true }]), {
      name: "RangeError",
      message:
        "Cannot fit a Weibull model as observations must include a failure earlier than the longest time: current value is 5 s for every failure",
    });
  });
  await t.step("confidence outside (0, 1)", () => {
    assert.throws(() => fitWeibull([fail(1), fail(2)], { confidence: 0 }), {
      name: "RangeError",
      message: "Cannot fit a Weibull model as confidence must be in (0, 1): current value is 0",
    });
  });
});

Deno.test("fitWeibull() and ksStatistic() are equivariant under the relabelling t → c·t^a", () => {
  // If T ~ Weibull(k, η), then c·T^a ~ Weibull(k/a, c·η^a): R(t) = exp(-(t/η)^k) is a
  // function of (t/η)^k only. The censored likelihood maps the same way, so the MLE of
  // the relabelled data is (k̂/a, c·η̂^a); D = sup|F̂ - F| is unchanged by a strictly
  // increasing relabelling of the data and the distribution together.
  const prng = createPrng(41, "weibull", "relabel");
  for (let i = 0; i < 40; i++) {
    const shape = 0.5 + 2.5 * prng();
    const scale = Math.pow(10, 3 * prng());
    const observations = sample(100 + i, 30, shape, scale, i % 2 === 0 ? 0 : 0.5 / scale);
    if (observations.filter((o) => !o.censored).length < 3) continue;
    const a = 0.4 + 1.6 * prng();
    const c = Math.pow(10, -2 + 4 * prng());
    const relabelled = observations.map((o) => ({
      timeSeconds: c * Math.pow(o.timeSeconds, a),
      censored: o.censored,
    }));
    const fit = fitWeibull(observations).parameters;
    const fitR = fitWeibull(relabelled).parameters;
    assert.ok(Math.abs(fitR.shape / (fit.shape / a) - 1) < 1e-6, `case ${i} shape`);
    const wantScale = c * Math.pow(fit.scaleSeconds, a);
    assert.ok(Math.abs(fitR.scaleSeconds / wantScale - 1) < 1e-6, `case ${i} scale`);
    const d = ksStatistic(observations, { kind: "weibull", shape, scaleSeconds: scale });
    const dR = ksStatistic(relabelled, {
      kind: "weibull",
      shape: shape / a,
      scaleSeconds: c * Math.pow(scale, a),
    });
    assert.ok(Math.abs(dR.statistic - d.statistic) < 1e-9, `case ${i} D`);
  }
});
