/**
 * Edge cases of the lifetime fits and goodness-of-fit tests found by a mutation review.
 * Every expected value is derived independently: by hand (arithmetic in comments), from a
 * published table, or by a brute-force computation written here.
 */
import assert from "node:assert/strict";
import {
  drawLifetime,
  fitExponential,
  fitReliabilityCurve,
  fitWeibull,
  kaplanMeier,
  kolmogorovDistribution,
  ksBootstrap,
  ksStatistic,
  type LifetimeObservation,
  meanLifetime,
  MONTE_CARLO_CHUNK_MISSIONS,
  monteCarloMissions,
  monteCarloObservations,
  monteCarloReliability,
  summarizeObservations,
  wilsonInterval,
} from "../../lib/reliability/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { logChoose, logGamma } from "../../lib/reliability/_log_gamma.ts";
import { chiSquareQuantile, gammaP, gammaQ } from "../../lib/reliability/_special.ts";
import { reliabilityPoints } from "../../lib/reliability/_monte_carlo_points.ts";

const fail = (timeSeconds: number): LifetimeObservation => ({ timeSeconds, censored: false });
const censor = (timeSeconds: number): LifetimeObservation => ({ timeSeconds, censored: true });

/** The censored Weibull log-likelihood at (k, λ), written from its definition. */
function weibullLogLikelihood(obs: readonly LifetimeObservation[], k: number, scale: number) {
  let sum = 0;
  for (const { timeSeconds: t, censored } of obs) {
    sum -= Math.pow(t / scale, k);
    if (!censored) sum += Math.log(k / scale) + (k - 1) * Math.log(t / scale);
  }
  return sum;
}

/**
 * Brute-force maximum of the censored Weibull likelihood: for each k the best λ solves
 * ∂lnL/∂λ = 0, λ^k = Σ tᵢ^k / r; golden-section search of that profile over k.
 */
function bruteForceWeibull(obs: readonly LifetimeObservation[]) {
  const r = obs.filter((o) => !o.censored).length;
  const max = Math.max(...obs.map((o) => o.timeSeconds));
  const scaleOf = (k: number) =>
    max * Math.pow(obs.reduce((s, o) => s + Math.pow(o.timeSeconds / max, k), 0) / r, 1 / k);
  const profile = (k: number) => weibullLogLikelihood(obs, k, scaleOf(k));
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.01);
  let b = Math.log(500);
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = profile(Math.exp(c));
  let fd = profile(Math.exp(d));
  for (let i = 0; i < 200; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = profile(Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = profile(Math.exp(d));
    }
  }
  const k = Math.exp((a + b) / 2);
  return { shape: k, scaleSeconds: scaleOf(k), logLikelihood: profile(k) };
}

/**
 * Score of the censored Weibull likelihood, from its definition:
 * ∂lnL/∂k = r/k + Σ_F ln(t/λ) - Σ_A (t/λ)^k ln(t/λ) and λ ∂lnL/∂λ = -r k + k Σ_A (t/λ)^k.
 */
function weibullScore(obs: readonly LifetimeObservation[], k: number, scale: number) {
  let r = 0;
  let sumFailureLog = 0;
  let sumZLog = 0;
  let sumZ = 0;
  for (const { timeSeconds: t, censored } of obs) {
    const l = Math.log(t / scale);
    const z = Math.pow(t / scale, k);
    sumZ += z;
    sumZLog += z * l;
    if (!censored) {
      r++;
      sumFailureLog += l;
    }
  }
  return { shape: r / k + sumFailureLog - sumZLog, scale: -r * k + k * sumZ, r };
}

const WEIBULL_SAMPLES: LifetimeObservation[][] = [
  // moderately spread, three censored (one tied with nothing, one beyond the last failure)
  [fail(2), fail(3), censor(4), fail(5), fail(7), censor(9), fail(11), censor(12)],
  // a tight cluster of failures and one unit censored far out: a very small shape
  [fail(1), fail(1.01), fail(1.02), fail(1.03), censor(1e6)],
  // a tight cluster around 100 s: a very large shape (about 98.5)
  [fail(100), fail(100.5), fail(101), censor(102), fail(99.7)],
  // times spread over six decades
  [fail(1e-3), fail(1), fail(1e3), censor(1e4)],
];

Deno.test("fitWeibull() reaches the brute-force maximum of the censored likelihood and solves its score equations", () => {
  for (const [i, obs] of WEIBULL_SAMPLES.entries()) {
    const fit = fitWeibull(obs);
    const { shape: k, scaleSeconds: scale } = fit.parameters;
    const brute = bruteForceWeibull(obs);
    // The golden-section search on a flat maximum locates k to about 1e-7.
    assert.ok(Math.abs(k / brute.shape - 1) < 1e-6, `sample ${i}: k ${k} vs ${brute.shape}`);
    assert.ok(Math.abs(scale / brute.scaleSeconds - 1) < 1e-6, `sample ${i}: λ ${scale}`);
    const ll = weibullLogLikelihood(obs, k, scale);
    assert.ok(Math.abs(fit.logLikelihood - ll) < 1e-12 * Math.max(1, Math.abs(ll)), `sample ${i}`);
    assert.ok(ll >= brute.logLikelihood - 1e-12 * Math.abs(ll), `sample ${i}: not the maximum`);
    // At the maximum both score components vanish (scaled by r, they are O(1) elsewhere); the
    // solver iterates to 1e-14 relative in k, so they vanish to rounding (about 3e-14 at k = 98).
    const score = weibullScore(obs, k, scale);
    assert.ok(Math.abs(score.shape * k / score.r) < 2e-13, `sample ${i}: ∂/∂k ${score.shape}`);
    assert.ok(Math.abs(score.scale / (k * score.r)) < 2e-13, `sample ${i}: ∂/∂λ ${score.scale}`);
  }
});

Deno.test("fitExponential() refuses a total time on test that overflows to Infinity", () => {
  // 1e308 + 1e308 = Infinity in doubles: λ̂ = 1/Infinity = 0 would be no fit at all.
  assert.throws(() => fitExponential([fail(1e308), censor(1e308)]), {
    name: "RangeError",
    message:
      "Cannot fit an exponential model as totalTimeSeconds must be a finite number > 0: current value is Infinity",
  });
});

Deno.test("fitExponential() intervals stay finite for a total time above half the largest double", () => {
  // 2T overflows there: χ²/(2T) was 0 and the mean's upper bound Infinity; (χ²/2)/T is not
  const obs = [fail(3), fail(5), censor(6), fail(1e308), fail(11)];
  const fit = fitExponential(obs);
  const T = 1e308 + 25;
  assert.equal(fit.intervals.ratePerSecond.lower, chiSquareQuantile(0.025, 8) / 2 / T);
  assert.ok(
    fit.intervals.meanSeconds.upper > 1e307 && Number.isFinite(fit.intervals.meanSeconds.upper),
  );
  // with one failure 2T / χ²(0.025; 2) is about 40 T, beyond the largest double: refused
  assert.throws(() => fitExponential([fail(1e308)]), {
    name: "RangeError",
    message:
      "Cannot fit an exponential model as totalTimeSeconds must be short enough that the mean lifetime's upper bound 2T / χ²(α/2; 2r) is finite: current value is 1e+308",
  });
});

Deno.test("fitWeibull() refuses an interval bound past the largest double, naming it", () => {
  // found by the fuzz tests (FUZZ_RUNS=10): a unit censored at 1e308 beside failures at 3-11 s
  // puts the scale at 6.9e156 with a Wald spread of e^405 around it: the upper bound was Infinity
  const obs = [fail(3), fail(5), censor(1e308), fail(8), fail(11)];
  assert.throws(() => fitWeibull(obs), {
    name: "RangeError",
    message:
      "Cannot fit a Weibull model as intervals.scaleSeconds.upper must be finite (a Wald bound past the largest double, the times spanning too many orders of magnitude): current value is Infinity",
  });
  // a censoring at 1e30 instead still fits, with finite bounds
  const fit = fitWeibull([fail(3), fail(5), censor(1e30), fail(8), fail(11)]);
  assert.ok(Number.isFinite(fit.intervals.scaleSeconds.upper));
});

Deno.test("logGamma(Infinity) is Infinity, so a Weibull mean with a vanishing shape is Infinity, not NaN", () => {
  // the series gave Infinity - Infinity; meanLifetime({ shape: 5e-324 }) = 10 Γ(1 + 2e323)
  assert.equal(logGamma(Infinity), Infinity);
  assert.equal(meanLifetime({ kind: "weibull", shape: 5e-324, scaleSeconds: 10 }), Infinity);
});

Deno.test("the fits refuse a confidence given as a numeric string", () => {
  // "0.9" > 0 and "0.9" < 1 are both true in JavaScript: only the type check catches it.
  const bad = { confidence: "0.9" as unknown as number };
  assert.throws(() => fitExponential([fail(1)], bad), {
    name: "TypeError",
    message:
      'Cannot fit an exponential model as confidence must be a number: current value is "0.9"',
  });
  assert.throws(() => fitWeibull([fail(1), fail(2)], bad), { name: "TypeError" });
});

Deno.test("summarizeObservations() refuses an empty or blank action name", () => {
  // the action is spliced into every message, which must keep the grammar "Cannot <action> as"
  for (const action of ["", " ", "\uFEFF", "\nfit"]) {
    assert.throws(() => summarizeObservations([fail(1)], action), {
      name: "TypeError",
      message:
        /^Cannot summarize observations as action must be a string of 1 to 200 characters starting with a visible one: current value is "/,
    });
  }
});

/** Product-limit estimate 1 - Ŝ(x) at x, computed from scratch (censorings at a failure time stay at risk). */
function kaplanMeierCdf(obs: readonly LifetimeObservation[], x: number): number {
  const failureTimes = [...new Set(obs.filter((o) => !o.censored).map((o) => o.timeSeconds))];
  let survival = 1;
  for (const t of failureTimes) {
    if (t > x) continue;
    const atRisk = obs.filter((o) => o.timeSeconds >= t).length;
    const failed = obs.filter((o) => !o.censored && o.timeSeconds === t).length;
    survival *= 1 - failed / atRisk;
  }
  return 1 - survival;
}

Deno.test("ksStatistic() with censoring: hand example where D is reached at the last (censored) time", () => {
  // Failures at 1 and 2, censorings at 2 (tied with a failure: still at risk) and 10.
  // Ŝ(1) = 3/4; at t = 2 three units are at risk (2F, 2C, 10C): Ŝ(2) = 3/4 · 2/3 = 1/2.
  // F(t) = 1 - e^(-0.3 t): F(1) = 0.2592, F(2) = 0.4512, F(10) = 1 - e^-3 = 0.9502.
  // Sides: |F(1) - 0| = 0.2592, |1/4 - F(1)| = 0.0092, |F(2) - 1/4| = 0.2012, |1/2 - F(2)| = 0.0488,
  // and at the largest time F(10) - 1/2 = 1/2 - e^-3 = 0.4502, the supremum.
  const obs = [fail(1), fail(2), censor(2), censor(10)];
  const result = ksStatistic(obs, { kind: "exponential", ratePerSecond: 0.3 });
  assert.ok(Math.abs(result.statistic - (0.5 - Math.exp(-3))) < 1e-15, `${result.statistic}`);
  assert.equal(result.method, "kaplan-meier");
  assert.equal(result.pValue, null);
  assert.equal(result.failures, 2);
  assert.equal(result.n, 4);
});

Deno.test("ksStatistic() equals a brute-force sup |F̂ - F| over both sides of every time, with and without censoring", () => {
  const dist = { kind: "weibull", shape: 1.3, scaleSeconds: 50 } as const;
  const cdf = (t: number) => 1 - Math.exp(-Math.pow(t / 50, 1.3));
  for (const censoring of [false, true]) {
    const prng = createPrng(11, "fit-edges-ks", String(censoring));
    const obs: LifetimeObservation[] = Array.from({ length: 40 }, () => {
      // times rounded to whole seconds so that failures and censorings tie
      const t = Math.round(1 + 100 * prng());
      return censoring && prng() < 0.3 ? censor(t) : fail(t);
    });
    // F̂ is a right-continuous step function and F is continuous and increasing: the
    // supremum over [0, max t] is at some observed time t, either at t or just before it.
    let brute = 0;
    for (const { timeSeconds: t } of obs) {
      brute = Math.max(brute, Math.abs(kaplanMeierCdf(obs, t) - cdf(t)));
      brute = Math.max(brute, Math.abs(kaplanMeierCdf(obs, t - 1e-9) - cdf(t)));
    }
    const result = ksStatistic(obs, dist);
    assert.ok(
      Math.abs(result.statistic - brute) < 1e-12,
      `censoring ${censoring}: ${result.statistic} vs ${brute}`,
    );
  }
});

Deno.test("kaplanMeier() counts units censored at a failure time at risk, and drops them afterwards", () => {
  // 1F, 2C, 3F, 3C, 4F, 6C: n = 6.
  // t = 1: 6 at risk, Ŝ = 5/6. t = 3: at risk 3F, 3C, 4F, 6C = 4, Ŝ = 5/6 · 3/4 = 5/8.
  // t = 4: at risk 4F, 6C = 2 (the unit censored at 3 has left), Ŝ = 5/8 · 1/2 = 5/16.
  // Greenwood sums: 1/(6·5) = 1/30; + 1/(4·3) = 1/30 + 1/12 = 7/60; + 1/(2·1) = 7/60 + 1/2 = 37/60.
  const steps = kaplanMeier([censor(6), fail(4), censor(3), fail(3), censor(2), fail(1)]);
  assert.deepEqual(steps.map((s) => [s.timeSeconds, s.atRisk, s.failures, s.censored]), [
    [1, 6, 1, 0],
    [3, 4, 1, 1],
    [4, 2, 1, 0],
  ]);
  const survival = [5 / 6, 5 / 8, 5 / 16];
  const greenwood = [1 / 30, 7 / 60, 37 / 60];
  steps.forEach((s, i) => {
    assert.ok(Math.abs(s.survival - survival[i]!) < 1e-15, `step ${i}`);
    assert.ok(Math.abs(s.standardError - survival[i]! * Math.sqrt(greenwood[i]!)) < 1e-15);
  });
});

Deno.test("kolmogorovDistribution() for n = 2 matches the closed form on both branches", () => {
  // D₂ < d iff 1/2 - d < u₍₁₎ < d and 1 - d < u₍₂₎ < 1/2 + d, with density 2 on u₍₁₎ < u₍₂₎:
  // for 1/4 <= d <= 1/2 the two intervals are disjoint, P = 2(2d - 1/2)²;
  // for d >= 1/2, P = 2d² - (2d - 1)² (the overlap triangle removed) = 1 - 2(1 - d)².
  const cases: [number, number][] = [
    [0.3, 2 * 0.1 ** 2], // 0.02
    [0.4, 2 * 0.3 ** 2], // 0.18
    [0.6, 1 - 2 * 0.4 ** 2], // 0.68, nd = 1.2, h = 0.8: the corner (2h - 1)^m term is active
    [0.8, 1 - 2 * 0.2 ** 2], // 0.92
    [0.95, 1 - 2 * 0.05 ** 2], // 0.995
  ];
  for (const [d, cdf] of cases) {
    const got = kolmogorovDistribution(2, d);
    assert.equal(got.method, "exact");
    assert.ok(Math.abs(got.cdf - cdf) < 1e-14, `d ${d}: ${got.cdf} vs ${cdf}`);
    assert.ok(Math.abs(got.pValue - (1 - cdf)) < 1e-14);
  }
  // The trivial ends: D₂ >= 1/(2n) = 1/4 always, and D₂ < 1 always.
  assert.deepEqual(kolmogorovDistribution(2, 0.25), { cdf: 0, pValue: 1, method: "exact" });
  assert.deepEqual(kolmogorovDistribution(5, 1), { cdf: 1, pValue: 0, method: "exact" });
  // d = 1 is exact also beyond the exact limit (n·d = 60 > 50): P(D_60 >= 1) = 0.
  assert.deepEqual(kolmogorovDistribution(60, 1), { cdf: 1, pValue: 0, method: "exact" });
});

/**
 * P(D_n < d) by Steck's determinant (Steck 1971, "Rectangle probabilities for uniform order
 * statistics", Ann. Math. Statist. 42): D_n < d iff i/n - d < U₍ᵢ₎ < (i-1)/n + d for every i,
 * and P(uᵢ < U₍ᵢ₎ < vᵢ ∀i) = n! det[(vᵢ - uⱼ)₊^(j-i+1) / (j-i+1)!] (1 on j = i - 1, 0 below).
 * An algorithm independent of Durbin's matrix power; determinant by Gaussian elimination.
 */
function steckCdf(n: number, d: number): number {
  const lower = (j: number) => Math.max(0, j / n - d);
  const upper = (i: number) => Math.min(1, (i - 1) / n + d);
  const factorial = [1];
  for (let i = 1; i <= n; i++) factorial.push(factorial[i - 1]! * i);
  const a = Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => {
      const e = c - r + 1;
      if (e < 0) return 0;
      if (e === 0) return 1;
      return Math.pow(Math.max(0, upper(r + 1) - lower(c + 1)), e) / factorial[e]!;
    }));
  let det = factorial[n]!;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    if (a[pivot]![c] === 0) return 0;
    if (pivot !== c) {
      [a[pivot], a[c]] = [a[c]!, a[pivot]!];
      det = -det;
    }
    det *= a[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k] = a[r]![k]! - f * a[c]![k]!;
    }
  }
  return det;
}

Deno.test("kolmogorovDistribution() agrees with Steck's determinant on both computation paths", () => {
  // Steck's formula reproduces Marsaglia-Tsang-Wang's K(10, 0.274) = 0.6284796154565043.
  assert.ok(Math.abs(steckCdf(10, 0.274) - 0.6284796154565043) < 1e-14);
  // (n, d): with k = ⌊nd⌋ + 1, h = k - nd, the corner term (2h - 1)^m/m! is active when h > 1/2;
  // n <= 2m log2(n + 1) takes n vector products, larger n repeated squaring.
  const cases: [number, number][] = [
    [3, 0.5], // nd = 1.5, h = 0.5: corner term 0
    [4, 0.3], // nd = 1.2, h = 0.8: corner active, vector path
    [5, 0.45], // h = 0.75, corner active
    [6, 0.4], // nd = 2.4, h = 0.6
    [8, 0.2], // nd = 1.6, h = 0.4: corner inactive
    [10, 0.40925], // h = 0.9075: corner active
    [12, 0.3], // nd = 3.6
    [30, 0.06], // nd = 1.8, m = 3: squaring path, corner inactive
    [40, 0.03], // nd = 1.2, m = 3: squaring path, corner active
    [100, 0.02], // nd = 2, h = 1: squaring path, full corner
    [100, 0.035], // nd = 3.5, m = 7: squaring path
    [64, 0.05], // nd = 3.2, m = 7: vector path (64 <= 14 log2 65)
  ];
  for (const [n, d] of cases) {
    const want = steckCdf(n, d);
    const got = kolmogorovDistribution(n, d);
    assert.equal(got.method, "exact");
    assert.ok(Math.abs(got.cdf / want - 1) < 1e-10, `n ${n} d ${d}: ${got.cdf} vs ${want}`);
  }
});

/** Kolmogorov's limiting tail Q(z) = 2 Σ (-1)^(j-1) e^(-2j²z²), summed directly. */
function kolmogorovSeries(z: number): number {
  let sum = 0;
  for (let j = 1; j <= 500; j++) sum += (j % 2 === 1 ? 2 : -2) * Math.exp(-2 * j * j * z * z);
  return sum;
}

Deno.test("kolmogorovDistribution() asymptotic branch is Q((√n + 0.12 + 0.11/√n) d) and P(K <= 1.36) ≈ 0.95", () => {
  // Published quantiles of Kolmogorov's K: P(K > 1.3581) = 0.05, P(K > 1.2238) = 0.10,
  // P(K > 1.6276) = 0.01 (standard tables of Kolmogorov's distribution), and the median 0.8276.
  const n = 10_000;
  const factor = Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n); // 100.1211
  for (const [z, tail] of [[1.3581, 0.05], [1.2238, 0.1], [1.6276, 0.01], [0.8276, 0.5]]) {
    const got = kolmogorovDistribution(n, z! / factor, { exactLimit: 1 });
    assert.equal(got.method, "asymptotic");
    assert.ok(Math.abs(got.pValue - tail!) < 1e-4, `z ${z}: ${got.pValue}`);
  }
  // Both series branches (z < 1.18 and above) against the direct alternating sum, and the
  // Stephens factor with a small n (n = 4: √4 + 0.12 + 0.11/2 = 2.175).
  for (const z of [0.3, 0.6, 0.9, 1.17, 1.19, 1.5, 2.5]) {
    const got = kolmogorovDistribution(n, z / factor, { exactLimit: 1 });
    assert.ok(Math.abs(got.pValue - kolmogorovSeries(z)) < 1e-13, `z ${z}: ${got.pValue}`);
    assert.ok(Math.abs(got.cdf - (1 - kolmogorovSeries(z))) < 1e-13);
  }
  // The exact method is used up to n·d = exactLimit inclusive: 10 · 0.4 = 4 and 100 · 0.5 = 50
  // (from d = 1/2 on, P(D_n >= d) = 2 P(D_n⁺ >= d) is exact and cheap at any n·d).
  assert.equal(kolmogorovDistribution(10, 0.4, { exactLimit: 4 }).method, "exact");
  assert.equal(kolmogorovDistribution(10, 0.41, { exactLimit: 4 }).method, "asymptotic");
  assert.equal(kolmogorovDistribution(10, 0.51, { exactLimit: 4 }).method, "exact");
  assert.equal(kolmogorovDistribution(100, 0.5).method, "exact");
  const small = kolmogorovDistribution(4, 0.45, { exactLimit: 1 });
  assert.ok(Math.abs(small.pValue - kolmogorovSeries(2.175 * 0.45)) < 1e-13);
});

Deno.test("wilsonInterval() equals the Wilson formula with z = 1.959963984540054 by hand", () => {
  // 5 of 10 at 95%: z² = 3.841458820694124, center = (0.5 + z²/20)/(1 + z²/10) = 0.5,
  // half = z/(1 + z²/10) · sqrt(0.25/10 + z²/400) = 1.4160097 · 0.1860206 = 0.2634069,
  // so [0.2365931, 0.7634069].
  const z = 1.959963984540054;
  const wilson = (s: number, n: number, zz: number) => {
    const p = s / n;
    const center = (p + zz * zz / (2 * n)) / (1 + zz * zz / n);
    const half = zz / (1 + zz * zz / n) * Math.sqrt(p * (1 - p) / n + zz * zz / (4 * n * n));
    return [center - half, center + half];
  };
  const half = wilsonInterval(5, 10);
  assert.ok(Math.abs(half.lowerBound - 0.2365931) < 1e-7, `${half.lowerBound}`);
  assert.ok(Math.abs(half.upperBound - 0.7634069) < 1e-7, `${half.upperBound}`);
  // Acklam's quantile is good to about 1e-9, so the bounds agree to 1e-8.
  for (const [s, n] of [[5, 10], [1, 3], [97, 100], [999, 1000], [1, 1000]]) {
    const [lower, upper] = wilson(s!, n!, z);
    const got = wilsonInterval(s!, n!);
    assert.ok(Math.abs(got.lowerBound - lower!) < 1e-8, `${s}/${n} lower ${got.lowerBound}`);
    assert.ok(Math.abs(got.upperBound - upper!) < 1e-8, `${s}/${n} upper ${got.upperBound}`);
  }
  // Standard normal quantiles Φ⁻¹(1 - (1 - c)/2) from tables: 99% (upper tail of Acklam's
  // approximation, p > 0.97575), 90%, 99.9%, 80% and 60%.
  const levels: [number, number][] = [
    [0.99, 2.5758293035489004],
    [0.9, 1.6448536269514722],
    [0.999, 3.2905267314919255],
    [0.8, 1.2815515655446004], // Φ⁻¹(0.9): central region of Acklam's approximation
    [0.6, 0.8416212335729143], // Φ⁻¹(0.8)
  ];
  for (const [confidence, zz] of levels) {
    const [lower, upper] = wilson(40, 100, zz);
    const got = wilsonInterval(40, 100, { confidence });
    assert.ok(Math.abs(got.lowerBound - lower!) < 1e-8, `${confidence}: ${got.lowerBound}`);
    assert.ok(Math.abs(got.upperBound - upper!) < 1e-8, `${confidence}: ${got.upperBound}`);
  }
});

Deno.test("monteCarloReliability() draws mission j from stream floor(j / 4096), one uniform per processor, by inversion", () => {
  // One processor, k = 1: a mission fails at its processor's lifetime -ln(1 - u)/λ if that is
  // <= t, with no coverage draw. Missions 0..4095 use stream 0, 4096.. use stream 1.
  const rate = 1e-3;
  const missionSeconds = 700;
  const missions = MONTE_CARLO_CHUNK_MISSIONS + 300;
  const result = monteCarloReliability(
    {
      processorCount: 1,
      requiredProcessors: 1,
      lifetime: { kind: "exponential", ratePerSecond: rate },
    },
    { missions, missionSeconds, seed: "edges" },
  );
  const expected: number[] = [];
  let prng = createPrng("edges", "monte-carlo", 0);
  for (let j = 0; j < missions; j++) {
    if (j === MONTE_CARLO_CHUNK_MISSIONS) prng = createPrng("edges", "monte-carlo", 1);
    const life = -Math.log(1 - prng()) / rate;
    if (life <= missionSeconds) expected.push(life);
  }
  expected.sort((a, b) => a - b);
  assert.equal(result.failureTimesSeconds.length, expected.length);
  result.failureTimesSeconds.forEach((t, i) => {
    assert.ok(Math.abs(t / expected[i]! - 1) < 1e-12, `failure ${i}: ${t} vs ${expected[i]}`);
  });
  assert.equal(result.points[0]!.survivals, missions - expected.length);
  // Default confidence 0.95: the point carries the 95% Wilson interval of its counts.
  assert.equal(result.confidence, 0.95);
  const wilson = wilsonInterval(missions - expected.length, missions, { confidence: 0.95 });
  assert.equal(result.points[0]!.lowerBound, wilson.lowerBound);
  assert.equal(result.points[0]!.upperBound, wilson.upperBound);
});

Deno.test("ksBootstrap() p-value is (1 + #{D* >= D}) / (B + 1) over samples b drawn from createPrng(seed, 'ks-bootstrap', b)", () => {
  // The documented procedure, redone step by step: fit, D; B samples of n from the fitted
  // law, each refitted, D*; count D* >= D.
  const prng = createPrng(5, "fit-edges-bootstrap");
  const data = Array.from({ length: 15 }, () => fail(-Math.log(1 - prng()) * 100));
  const replicates = 30;
  const result = ksBootstrap(data, "exponential", { seed: 9, replicates });
  const fitted = fitExponential(data).distribution;
  const d = ksStatistic(data, fitted).statistic;
  let atLeast = 0;
  for (let b = 0; b < replicates; b++) {
    const stream = createPrng(9, "ks-bootstrap", b);
    const sample = Array.from({ length: 15 }, () => fail(drawLifetime(stream, fitted)));
    if (ksStatistic(sample, fitExponential(sample).distribution).statistic >= d) atLeast++;
  }
  assert.ok(atLeast > 0 && atLeast < replicates, `atLeast ${atLeast}`); // both ends informative
  assert.equal(result.statistic, d);
  assert.equal(result.pValue, (1 + atLeast) / (replicates + 1));
  // With B = 1 the p-value is 1 when sample 0 (stream b = 0) reaches D and 1/2 otherwise.
  for (let seed = 0; seed < 12; seed++) {
    const stream = createPrng(seed, "ks-bootstrap", 0);
    const sample = Array.from({ length: 15 }, () => fail(drawLifetime(stream, fitted)));
    const reaches = ksStatistic(sample, fitExponential(sample).distribution).statistic >= d;
    const one = ksBootstrap(data, "exponential", { seed, replicates: 1 });
    assert.equal(one.pValue, reaches ? 1 : 1 / 2, `seed ${seed}`);
  }
  // Without `replicates`, B is the documented 999.
  assert.equal(ksBootstrap(data.slice(0, 5), "exponential", { seed: 1 }).replicates, 999);
});

Deno.test("monteCarloObservations() refuses more failures than missions and negative times", () => {
  const base = {
    seed: 1,
    missions: 3,
    missionSeconds: 10,
    confidence: 0.95,
    points: [],
    failureTimesSeconds: [2, 5],
  };
  assert.throws(() => monteCarloObservations({ ...base, missions: 1 }), {
    name: "RangeError",
    message: /result\.missions must be an integer in \[2, 100000000\]: current value is 1/,
  });
  assert.throws(() => monteCarloObservations({ ...base, missionSeconds: -1 }), {
    name: "RangeError",
    message: /result\.missionSeconds must be a finite number >= 0: current value is -1/,
  });
  assert.throws(() => monteCarloObservations({ ...base, failureTimesSeconds: [-2, 5] }), {
    name: "RangeError",
    message: /result\.failureTimesSeconds\[0\] must be a finite number >= 0: current value is -2/,
  });
});

Deno.test("fitReliabilityCurve() leaves out points at t = 0 and points with R = 1", () => {
  // (0, 0.9) has no finite ln t and -ln R · t = 0: it must not count. The other point gives
  // λ = 2 · 1 / 1² = 2 exactly (-ln e^-2 = 2 at t = 1); the error at t = 0 is |0.9 - 1| = 0.1.
  const fit = fitReliabilityCurve([
    { timeSeconds: 0, reliability: 0.9 },
    { timeSeconds: 1, reliability: Math.exp(-2) },
  ], "exponential");
  assert.equal(fit.pointsUsed, 1);
  assert.ok(fit.model === "exponential" && Math.abs(fit.parameters.ratePerSecond - 2) < 1e-15);
  assert.ok(Math.abs(fit.maxAbsoluteError - 0.1) < 1e-15);
  // Likewise a point with R = 1 at t = 2 (-ln R = 0) must not pull λ down: λ stays 2, and the
  // error there is 1 - e^(-4).
  const flat = fitReliabilityCurve([
    { timeSeconds: 1, reliability: Math.exp(-2) },
    { timeSeconds: 2, reliability: 1 },
  ], "exponential");
  assert.equal(flat.pointsUsed, 1);
  assert.ok(flat.model === "exponential" && Math.abs(flat.parameters.ratePerSecond - 2) < 1e-15);
  assert.ok(Math.abs(flat.maxAbsoluteError - (1 - Math.exp(-4))) < 1e-15);
  // Weibull through (1, e^-2) and (2, e^-8): ln(-ln R) = ln 2 and ln 8 at ln 1 and ln 2, so
  // k = (ln 8 - ln 2)/ln 2 = 2 and λ = exp(0 - ln 2 / 2) = 1/√2.
  const weibull = fitReliabilityCurve([
    { timeSeconds: 0, reliability: 0.9 },
    { timeSeconds: 1, reliability: Math.exp(-2) },
    { timeSeconds: 2, reliability: Math.exp(-8) },
  ], "weibull");
  assert.ok(weibull.model === "weibull");
  assert.equal(weibull.pointsUsed, 2);
  assert.ok(Math.abs(weibull.parameters.shape - 2) < 1e-14);
  assert.ok(Math.abs(weibull.parameters.scaleSeconds - Math.SQRT1_2) < 1e-14);
});

Deno.test("ksStatistic() checks the distribution under its own field name, before the lifetime functions", () => {
  const obs = [fail(1)];
  assert.throws(
    () => ksStatistic(obs, { kind: "weibull", shape: -1, scaleSeconds: 1 }),
    {
      name: "RangeError",
      message:
        "Cannot compute the Kolmogorov-Smirnov statistic as distribution.shape must be a finite number > 0: current value is -1",
    },
  );
  assert.throws(
    () =>
      ksStatistic(obs, {
        kind: "exponential",
        ratePerSecond: 1,
        shape: 2,
      } as unknown as { kind: "exponential"; ratePerSecond: number }),
    { name: "TypeError", message: /"shape" must be a known key of distribution/ },
  );
});

Deno.test("logGamma() below 1/2 goes through the reflection formula; logChoose() is exact at both ends", () => {
  // Γ(1/4) = 3.6256099082219083119 and Γ(1/10) = 9.5135076986687318397 (standard
  // constants); Γ(1/2) = √π.
  assert.ok(Math.abs(logGamma(0.25) - Math.log(3.6256099082219083)) < 1e-14);
  assert.ok(Math.abs(logGamma(0.1) - Math.log(9.513507698668732)) < 1e-14);
  assert.ok(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-14);
  assert.equal(logGamma(0), Infinity);
  // C(n, 0) = C(n, n) = 1 exactly, whatever the rounding of ln Γ; C(5, 2) = 10.
  assert.equal(logChoose(7, 0), 0);
  assert.equal(logChoose(7, 7), 0);
  assert.equal(logChoose(50, 50), 0);
  assert.ok(Math.abs(logChoose(5, 2) - Math.log(10)) < 1e-14);
});

Deno.test("chiSquareQuantile() is solved to full precision: 2 degrees of freedom in closed form", () => {
  // χ²₂ is exponential with mean 2: F(x) = 1 - e^(-x/2), so χ²(p; 2) = -2 ln(1 - p). Newton is
  // iterated until the step is below 4ε relative, which leaves a few ulps of error.
  let worst = 0;
  for (let i = 1; i < 1000; i++) {
    const p = i / 1000;
    worst = Math.max(worst, Math.abs(chiSquareQuantile(p, 2) / (-2 * Math.log1p(-p)) - 1));
  }
  assert.ok(worst < 1e-14, `worst relative error ${worst}`);
});

Deno.test("monteCarloReliability() draws one coverage uniform per absorbed failure, and coverage defaults to 1", () => {
  // Two processors, one required: the first failure is absorbed (one coverage uniform,
  // covered when below c), the second brings the system down. Per mission: u₁, u₂ for the
  // lifetimes -ln(1 - u)/λ, then, if at least one failed by t, one coverage uniform.
  const rate = 2e-3;
  const missionSeconds = 600;
  const missions = 3000;
  const replay = (seed: string, coverage: number) => {
    const prng = createPrng(seed, "monte-carlo", 0);
    const failures: number[] = [];
    for (let j = 0; j < missions; j++) {
      const lives = [prng(), prng()].map((u) => -Math.log(1 - u) / rate)
        .filter((life) => life <= missionSeconds).sort((a, b) => a - b);
      if (lives.length === 0) continue;
      if (!(prng() < coverage)) failures.push(lives[0]!);
      else if (lives.length === 2) failures.push(lives[1]!);
    }
    return failures.sort((a, b) => a - b);
  };
  const lifetime = { kind: "exponential", ratePerSecond: rate } as const;
  for (const coverage of [undefined, 0.5]) {
    const system = coverage === undefined
      ? { processorCount: 2, requiredProcessors: 1, lifetime }
      : { processorCount: 2, requiredProcessors: 1, lifetime, coverage };
    const got = monteCarloReliability(system, { missions, missionSeconds, seed: "cover" });
    const want = replay("cover", coverage ?? 1);
    assert.equal(got.failureTimesSeconds.length, want.length, `coverage ${coverage}`);
    got.failureTimesSeconds.forEach((t, i) => {
      assert.ok(Math.abs(t / want[i]! - 1) < 1e-12, `coverage ${coverage}, failure ${i}`);
    });
  }
});

Deno.test("wilsonInterval() ends are exactly 0 with no success and exactly 1 with no failure", () => {
  // p̂ = 0: center = (z²/2n)/(1 + z²/n) and half = z/(1 + z²/n) · sqrt(z²/4n²) = the same, so the
  // lower end is 0 exactly (rounding must not leave 5e-17); p̂ = 1 mirrors it at 1.
  for (const confidence of [0.9, 0.95, 0.99]) {
    for (let n = 1; n <= 30; n++) {
      assert.equal(wilsonInterval(0, n, { confidence }).lowerBound, 0, `0/${n} at ${confidence}`);
      assert.equal(
        wilsonInterval(n, n, { confidence }).upperBound,
        1,
        `${n}/${n} at ${confidence}`,
      );
    }
  }
});

Deno.test("Monte Carlo points count a failure at exactly the estimate time as failed, and refuse time 0", () => {
  // Failures at 1, 2, 2, 3 among 10 missions: by t = 2 three have failed (R(t) = P(T > t)),
  // so 7 survive; by t = 1, one; by t = 3, four; just below 2, one.
  const points = reliabilityPoints([1, 2, 2, 3], 10, [2, 1, 3, 1.999], 0.95);
  assert.deepEqual(points.map((p) => p.survivals), [7, 9, 6, 9]);
  assert.equal(points[0]!.reliability, 0.7);
  assert.throws(
    () =>
      monteCarloReliability(
        {
          processorCount: 1,
          requiredProcessors: 1,
          lifetime: { kind: "exponential", ratePerSecond: 1 },
        },
        { missions: 1, missionSeconds: 1, seed: 1, timesSeconds: [0] },
      ),
    {
      name: "RangeError",
      message:
        "Cannot estimate reliability by Monte Carlo as options.timesSeconds[0] must be a finite number > 0: current value is 0",
    },
  );
});

Deno.test("monteCarloMissions() defaults to one estimate at the mission time with a 95% Wilson interval", () => {
  // Processors that practically never fail: 20 survivals of 20. The 95% Wilson lower end at
  // p̂ = 1 is 1/(1 + z²/n) = 1/(1 + 3.8414588/20) = 0.8388748.
  const link = { bandwidthBytesPerSecond: 125e6 };
  const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
  const result = monteCarloMissions(
    { processors: [processor("p0"), processor("p1")], vms: [], placement: [] },
    {
      missions: 20,
      missionSeconds: 1,
      lifetimes: { kind: "exponential", ratePerSecond: 1e-12 },
      pDegraded: 1,
      technique: "offline",
      seed: 1,
    },
  );
  assert.equal(result.confidence, 0.95);
  assert.equal(result.points.length, 1);
  assert.equal(result.points[0]!.timeSeconds, 1);
  assert.equal(result.points[0]!.survivals, 20);
  assert.ok(Math.abs(result.points[0]!.lowerBound - 0.8388748) < 1e-7);
});

Deno.test("gammaP() and gammaQ() at the ends of [0, ∞] and for a = 1 (the exponential CDF)", () => {
  // P(a, 0) = 0, P(a, ∞) = 1 and Q = 1 - P; P(1, x) = 1 - e^(-x) on both sides of x = a + 1.
  for (const a of [0.5, 1, 3, 40]) {
    assert.equal(gammaP(a, 0), 0);
    assert.equal(gammaQ(a, 0), 1);
    assert.equal(gammaP(a, Infinity), 1);
    assert.equal(gammaQ(a, Infinity), 0);
  }
  for (const x of [0.1, 1, 1.9, 2.1, 5, 30]) {
    assert.ok(Math.abs(gammaP(1, x) - -Math.expm1(-x)) < 1e-15, `P(1, ${x})`);
    assert.ok(Math.abs(gammaQ(1, x) / Math.exp(-x) - 1) < 1e-13, `Q(1, ${x})`);
  }
});

Deno.test("fitReliabilityCurve() refuses a fitted parameter past the largest double, naming it (found by the fuzz tests)", () => {
  // a point at 5e-324 s pulls the Weibull plot's shape to about 0.001: ln λ = x̄ − ȳ / k = 726
  // (past ln of the largest double, 709.8): Infinity; one point at 5e-324 s with R = 0.5 gives
  // λ = ln 2 / 5e-324
  const points = [
    { timeSeconds: 1, reliability: 0.914440643607217 },
    { timeSeconds: 5e-324, reliability: 0.7764816931256178 },
    { timeSeconds: 4, reliability: 0.4889271623750864 },
    { timeSeconds: 8, reliability: 0.1321447055723518 },
  ];
  assert.throws(() => fitReliabilityCurve(points, "weibull"), {
    name: "RangeError",
    message:
      "Cannot fit a reliability curve as the fitted Weibull scale must be a finite number > 0 (times so short or so long that it overflows): current value is Infinity",
  });
  assert.throws(
    () => fitReliabilityCurve([{ timeSeconds: 5e-324, reliability: 0.5 }], "exponential"),
    {
      name: "RangeError",
      message:
        "Cannot fit a reliability curve as the fitted rate must be a finite number > 0 (times so short or so long that it overflows): current value is Infinity",
    },
  );
  // without the 5e-324 s point the same curve fits
  const fit = fitReliabilityCurve(points.filter((p) => p.timeSeconds >= 1), "weibull");
  assert.ok(fit.model === "weibull" && Number.isFinite(fit.parameters.scaleSeconds));
});
