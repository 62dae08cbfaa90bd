import assert from "node:assert/strict";
import { createPrng, exponential } from "../../mod.ts";
import { fitExponential, type LifetimeObservation } from "../../lib/reliability/mod.ts";
import {
  chiSquareQuantile,
  gammaQ,
  normalCentralQuantile,
} from "../../lib/reliability/_special.ts";

/** n exponential lifetimes with rate `rate`, randomly right-censored at exponential times. */
function sample(
  seed: number,
  n: number,
  rate: number,
  censoringRate: number,
): LifetimeObservation[] {
  const prng = createPrng(seed, "lifetimes");
  const censor = createPrng(seed, "censoring");
  return Array.from({ length: n }, () => {
    const t = exponential(prng, rate);
    if (censoringRate === 0) return { timeSeconds: t, censored: false };
    const c = exponential(censor, censoringRate);
    return t <= c ? { timeSeconds: t, censored: false } : { timeSeconds: c, censored: true };
  });
}

Deno.test("fitExponential() rate equals failures / total time on test exactly, censoring included", () => {
  const observations = sample(1, 5000, 0.002, 0.002 * 3 / 7);
  let failures = 0;
  let total = 0;
  for (const o of observations) {
    if (!o.censored) failures++;
    total += o.timeSeconds;
  }
  const fit = fitExponential(observations);
  assert.equal(fit.parameters.ratePerSecond, failures / total);
  assert.equal(fit.distribution.ratePerSecond, failures / total);
  assert.equal(fit.parameters.meanSeconds, total / failures);
  assert.equal(fit.failures, failures);
  assert.equal(fit.censored, 5000 - failures);
  assert.equal(fit.n, 5000);
  assert.equal(fit.totalTimeSeconds, total);
});

Deno.test("fitExponential() recovers the rate of 20,000 seeded lifetimes within 2%", async (t) => {
  const rate = 1 / 3600;
  await t.step("complete sample", () => {
    const fit = fitExponential(sample(2, 20_000, rate, 0));
    assert.ok(Math.abs(fit.parameters.ratePerSecond / rate - 1) < 0.02);
    assert.equal(fit.censored, 0);
  });
  await t.step("30% random censoring (censoring rate 3/7 of the failure rate)", () => {
    const fit = fitExponential(sample(3, 20_000, rate, rate * 3 / 7));
    assert.ok(Math.abs(fit.censored / 20_000 - 0.3) < 0.01, `censored ${fit.censored}`);
    assert.ok(Math.abs(fit.parameters.ratePerSecond / rate - 1) < 0.02);
    const { lower, upper } = fit.intervals.ratePerSecond;
    assert.ok(lower < rate && rate < upper, `${lower} < ${rate} < ${upper}`);
    assert.ok(fit.intervals.meanSeconds.lower < 3600 && 3600 < fit.intervals.meanSeconds.upper);
  });
});

Deno.test("fitExponential() log-likelihood is r ln(r/T) - r and AIC is 2 - 2 lnL", () => {
  const observations = [
    { timeSeconds: 2, censored: false },
    { timeSeconds: 5, censored: true },
    { timeSeconds: 3, censored: false },
  ];
  const fit = fitExponential(observations);
  const expected = 2 * Math.log(2 / 10) - 2;
  assert.ok(Math.abs(fit.logLikelihood - expected) < 1e-12);
  assert.equal(fit.aic, 2 - 2 * fit.logLikelihood);
});

Deno.test("fitExponential() interval is the time-truncated chi-square interval (table values)", () => {
  // r = 5 failures, T = 0.5 s, so 2T = 1 and the ends are the table quantiles themselves:
  // chi2(0.025; 10) = 3.247 and chi2(0.975; 12) = 23.337.
  const observations = Array.from({ length: 5 }, () => ({ timeSeconds: 0.1, censored: false }));
  const fit = fitExponential(observations);
  assert.ok(Math.abs(fit.intervals.ratePerSecond.lower - 3.247) < 5e-4);
  assert.ok(Math.abs(fit.intervals.ratePerSecond.upper - 23.337) < 5e-4);
  assert.equal(fit.intervals.meanSeconds.lower, 1 / fit.intervals.ratePerSecond.upper);
  assert.equal(fit.intervals.meanSeconds.upper, 1 / fit.intervals.ratePerSecond.lower);
  const narrow = fitExponential(observations, { confidence: 0.5 });
  assert.ok(narrow.intervals.ratePerSecond.lower > fit.intervals.ratePerSecond.lower);
  assert.ok(narrow.intervals.ratePerSecond.upper < fit.intervals.ratePerSecond.upper);
});

Deno.test("fitExponential() upper bounds stay finite for a confidence next to 1", () => {
  // r = 5 failures, T = 33 s, confidence 1 - 2^-53 (α/2 = 2^-54): scipy.stats.chi2.isf(α/2, ν) / 2T.
  const observations = [3, 5, 6, 8, 11].map((t) => ({ timeSeconds: t, censored: false }));
  const confidence = 0.9999999999999999;
  for (
    const [termination, want] of [["time", 1.5923958863253342], [
      "failure",
      1.5145452914075332,
    ]] as const
  ) {
    const { upper } =
      fitExponential(observations, { confidence, termination }).intervals.ratePerSecond;
    assert.ok(Math.abs(upper / want - 1) < 1e-12, `${termination}: ${upper}`);
  }
  const { lower } = fitExponential(observations, { confidence }).intervals.meanSeconds;
  assert.ok(Math.abs(lower * 1.5923958863253342 - 1) < 1e-12, `${lower}`);
});

Deno.test("chiSquareQuantile() matches table values to the table's 3 decimals", async (t) => {
  const table: [number, number, number][] = [
    [0.975, 10, 20.483],
    [0.025, 10, 3.247],
    [0.95, 1, 3.841],
    [0.99, 5, 15.086],
    [0.05, 2, 0.103],
    [0.995, 100, 140.169],
    [0.005, 100, 67.328],
    [0.5, 30, 29.336],
  ];
  for (const [p, dof, value] of table) {
    await t.step(`chi2(${p}; ${dof}) = ${value}`, () => {
      assert.ok(Math.abs(chiSquareQuantile(p, dof) - value) < 5e-4, `${chiSquareQuantile(p, dof)}`);
    });
  }
  await t.step("2 degrees of freedom: closed form -2 ln(1 - p) within 1e-13 relative", () => {
    for (const p of [1e-9, 0.01, 0.3, 0.9, 0.999999]) {
      const exact = -2 * Math.log1p(-p);
      assert.ok(Math.abs(chiSquareQuantile(p, 2) / exact - 1) < 1e-13, `p = ${p}`);
    }
  });
  await t.step("edges and the normal quantile", () => {
    assert.equal(chiSquareQuantile(0, 4), 0);
    assert.equal(chiSquareQuantile(1, 4), Infinity);
    assert.ok(Math.abs(normalCentralQuantile(0.95) - 1.959963984540054) < 1e-12);
    assert.ok(Math.abs(normalCentralQuantile(0.99) - 2.5758293035489) < 1e-12);
  });
});

Deno.test("fitExponential() 95% interval coverage over 1000 complete samples of 20 matches its closed form within 2%", () => {
  // With r = n = 20 failures, 2λT ~ χ²(2r), so the time-truncated interval covers λ with
  // probability P(χ²(0.025; 2r) < χ²₂ᵣ < χ²(0.975; 2r + 2)) = 0.975 - Q(r, χ²(0.975; 2r + 2)/2)
  // ≈ 0.960: conservative, as the Type I interval is for Type II (failure-truncated) data.
  const rate = 0.5;
  const expected = 0.975 - gammaQ(20, chiSquareQuantile(0.975, 42) / 2);
  assert.ok(expected > 0.95 && expected < 0.97);
  let covered = 0;
  for (let seed = 0; seed < 1000; seed++) {
    const { lower, upper } = fitExponential(sample(seed, 20, rate, 0)).intervals.ratePerSecond;
    if (lower < rate && rate < upper) covered++;
  }
  assert.ok(Math.abs(covered / 1000 - expected) <= 0.02, `coverage ${covered / 1000}`);
});

Deno.test("fitExponential() does not modify its input", () => {
  const observations = sample(5, 20, 1, 1);
  const copy = structuredClone(observations);
  fitExponential(observations);
  assert.deepEqual(observations, copy);
});

Deno.test("fitExponential() rejects unusable input", async (t) => {
  const fail = (timeSeconds: number) => ({ timeSeconds, censored: false });
  await t.step("empty", () => {
    assert.throws(() => fitExponential([]), {
      name: "RangeError",
      message:
        "Cannot fit an exponential model as observations must contain at least one observation: current value is []",
    });
  });
  await t.step("no failure", () => {
    assert.throws(() => fitExponential([{ timeSeconds: 3, censored: true }]), {
      name: "RangeError",
      message: "Cannot fit an exponential model as failures must be >= 1: current value is 0",
    });
  });
  await t.step("negative and NaN times", () => {
    assert.throws(() => fitExponential([fail(1), fail(-1)]), {
      name: "RangeError",
      message:
        "Cannot fit an exponential model as observations[1].timeSeconds must be a finite number >= 0: current value is -1",
    });
    assert.throws(() => fitExponential([fail(NaN)]), {
      name: "RangeError",
      message:
        "Cannot fit an exponential model as observations[0].timeSeconds must be a finite number >= 0: current value is NaN",
    });
  });
  await t.step("zero total time on test", () => {
    assert.throws(() => fitExponential([fail(0)]), {
      name: "RangeError",
      message:
        "Cannot fit an exponential model as totalTimeSeconds must be a finite number > 0: current value is 0",
    });
  });
  await t.step("confidence outside (0, 1)", () => {
    assert.throws(() => fitExponential([fail(1)], { confidence: 1 }), {
      name: "RangeError",
      message:
        "Cannot fit an exponential model as confidence must be in (0, 1): current value is 1",
    });
  });
  await t.step("wrong shapes", () => {
    assert.throws(
      () =>
        fitExponential([{ timeSeconds: 1, censored: "no" }] as unknown as LifetimeObservation[]),
      {
        name: "TypeError",
        message:
          'Cannot fit an exponential model as observations[0].censored must be a boolean: current value is "no"',
      },
    );
    assert.throws(() => fitExponential(null as unknown as LifetimeObservation[]), {
      name: "TypeError",
      message:
        "Cannot fit an exponential model as observations must be an array: current value is null",
    });
  });
});

Deno.test("fitExponential() failure-terminated (Type II) interval uses 2r degrees of freedom: r = 1 closed form", () => {
  // One failure at T: 2λT ~ χ²(2) = Exp(1/2), so λ ∈ [-ln(1 - α/2)/T, -ln(α/2)/T].
  const fit = fitExponential([{ timeSeconds: 200, censored: false }], {
    confidence: 0.9,
    termination: "failure",
  });
  assert.equal(fit.termination, "failure");
  const { lower, upper } = fit.intervals.ratePerSecond;
  assert.ok(Math.abs(lower / (-Math.log(0.95) / 200) - 1) < 1e-12);
  assert.ok(Math.abs(upper / (-Math.log(0.05) / 200) - 1) < 1e-12);
  assert.ok(Math.abs(fit.intervals.meanSeconds.lower - 1 / upper) < 1e-9);
  const timeTerminated = fitExponential([{ timeSeconds: 200, censored: false }], {
    confidence: 0.9,
  });
  assert.equal(timeTerminated.termination, "time");
  assert.ok(timeTerminated.intervals.ratePerSecond.upper > upper);
});

Deno.test("fitExponential() Type II interval covers λ 90% ± 4σ on simulated failure-terminated tests; Type I is conservative", () => {
  // 12 units on test, stopped at the 5th failure; T = Σ_{i<=5} t_(i) + 7 t_(5).
  const rate = 1e-3;
  const runs = 3000;
  const miss = { failure: { low: 0, high: 0 }, time: { low: 0, high: 0 } };
  for (let run = 0; run < runs; run++) {
    const prng = createPrng(run, "type-ii");
    const times = Array.from({ length: 12 }, () => exponential(prng, rate)).sort((a, b) => a - b);
    const stop = times[4]!;
    const observations = times.map((t) =>
      t <= stop ? { timeSeconds: t, censored: false } : { timeSeconds: stop, censored: true }
    );
    for (const termination of ["failure", "time"] as const) {
      const { lower, upper } = fitExponential(observations, { confidence: 0.9, termination })
        .intervals.ratePerSecond;
      if (rate < lower) miss[termination].low++;
      if (rate > upper) miss[termination].high++;
    }
  }
  const sigma = Math.sqrt((0.05 * 0.95) / runs);
  for (const side of ["low", "high"] as const) {
    assert.ok(
      Math.abs(miss.failure[side] / runs - 0.05) < 4 * sigma,
      `${side}: ${miss.failure[side]}`,
    );
  }
  // Type I upper end is larger: it misses above less often than 5%.
  assert.ok(
    miss.time.high / runs < 0.05 - 3 * sigma,
    `time-terminated high misses ${miss.time.high}`,
  );
  assert.equal(miss.time.low, miss.failure.low);
});

Deno.test("fitExponential() rejects an unknown termination", () => {
  assert.throws(
    () =>
      fitExponential([{ timeSeconds: 1, censored: false }], { termination: "sudden" as "time" }),
    {
      name: "TypeError",
      message:
        'Cannot fit an exponential model as options.termination must be one of "time", "failure": current value is "sudden"',
    },
  );
});
