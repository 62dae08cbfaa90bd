import assert from "node:assert/strict";
import {
  localRegressionPrediction,
  robustLocalRegressionPrediction,
} from "../../lib/datacenter/mod.ts";

Deno.test("localRegressionPrediction() extrapolates a line exactly", async (t) => {
  const line = Array.from({ length: 12 }, (_, i) => 0.1 + 0.02 * i);
  await t.step("tricube weights: next value of the last 10 points", () => {
    // last value 0.32 at x = 10; horizon 1 -> 0.34; safety 1.2 -> 0.408
    assert.ok(Math.abs(localRegressionPrediction(line)! - 0.408) < 1e-12);
  });
  await t.step("CloudSim weighting (ordinary least squares) agrees on a line", () => {
    const p = localRegressionPrediction(line, { weighting: "cloudsim", horizonIntervals: 2 });
    assert.ok(Math.abs(p! - 1.2 * 0.36) < 1e-12);
  });
  await t.step("tricube weights match a hand-written weighted least squares", () => {
    const history = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.6, 0.7];
    const tricube = localRegressionPrediction(history, { safetyParameter: 1 })!;
    const ols = localRegressionPrediction(history, { safetyParameter: 1, weighting: "cloudsim" })!;
    // OLS by hand: x mean 5.5, y mean 0.32, Sxy = 4.4, Sxx = 82.5
    const b = 4.4 / 82.5;
    assert.ok(Math.abs(ols - (0.32 - b * 5.5 + b * 11)) < 1e-12);
    // weighted least squares by hand with w_i = (1 - ((10 - i) / 9)^3)^3, x = 1..10
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    history.forEach((y, i) => {
      const x = i + 1;
      const w = (1 - ((10 - x) / 9) ** 3) ** 3;
      sw += w;
      sx += w * x;
      sy += w * y;
      sxx += w * x * x;
      sxy += w * x * y;
    });
    const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
    const intercept = (sy - slope * sx) / sw;
    assert.ok(Math.abs(tricube - (intercept + slope * 11)) < 1e-12);
    assert.notEqual(tricube.toFixed(6), ols.toFixed(6));
  });
  await t.step("fewer than 10 values gives undefined (fallback)", () => {
    assert.equal(localRegressionPrediction(line.slice(0, 9)), undefined);
    assert.equal(robustLocalRegressionPrediction(line.slice(0, 9)), undefined);
  });
});

Deno.test("zeros at the oldest end do not count toward the window, as CloudSim trims them", () => {
  // CloudSim 3.0.3: PowerHostUtilizationHistory.getUtilizationHistory returns
  // MathUtil.trimZeroTail of the newest-first history, and LR's isHostOverUtilized falls back
  // when fewer than 10 values are left
  const flat = new Array(10).fill(0.1);
  const fns = [localRegressionPrediction, robustLocalRegressionPrediction];
  for (const f of fns) {
    for (const weighting of ["tricube", "cloudsim"] as const) {
      const label = `${f.name} ${weighting}`;
      // ten values, the oldest zero: nine count, too few
      assert.equal(f([0, ...flat.slice(1)], { weighting }), undefined, label);
      // two leading zeros before ten values: the window is the newest ten, as without them
      const p = f(flat, { weighting, safetyParameter: 1 })!;
      assert.ok(Math.abs(p - 0.1) < 1e-12, label);
      assert.equal(f([0, 0, ...flat], { weighting, safetyParameter: 1 }), p, label);
      // a zero inside the history counts: ten values, a fit
      assert.notEqual(f([0.1, 0, ...flat.slice(2)], { weighting }), undefined, label);
      // all zeros: CloudSim keeps one value, too few
      assert.equal(f(new Array(10).fill(0), { weighting }), undefined, label);
      // a longer window counts the same way: 11 values after the zero are enough for 11
      assert.notEqual(f([0, ...flat, 0.1], { weighting, windowLength: 11 }), undefined, label);
      assert.equal(f([0, ...flat], { weighting, windowLength: 11 }), undefined, label);
    }
  }
});

Deno.test("robustLocalRegressionPrediction() discounts an outlier by bisquare weights", () => {
  const history = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.95, 0.5, 0.5];
  const lr = localRegressionPrediction(history, { safetyParameter: 1 })!;
  const lrr = robustLocalRegressionPrediction(history, { safetyParameter: 1 })!;
  assert.ok(Math.abs(lrr - 0.5) < 1e-9, `lrr ${lrr}`);
  assert.ok(Math.abs(lr - 0.5) > 0.01, `lr ${lr}`);
});

Deno.test("localRegressionPrediction() and the robust variant reject non-finite histories", () => {
  const history = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, Infinity];
  assert.throws(() => localRegressionPrediction(history), {
    name: "RangeError",
    message:
      "Cannot predict utilization by local regression as history[9] must be a finite number >= 0: current value is Infinity",
  });
  assert.throws(() => robustLocalRegressionPrediction(null as unknown as number[]), {
    name: "TypeError",
    message:
      "Cannot predict utilization by robust local regression as history must be an array of numbers: current value is null",
  });
});

/** Weighted least squares of y on x = 1..n by the normal equations: [intercept, slope]. */
function normalEquations(y: readonly number[], w: readonly number[]): [number, number] {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  y.forEach((yi, i) => {
    const x = i + 1;
    sw += w[i]!;
    sx += w[i]! * x;
    sy += w[i]! * yi;
    sxx += w[i]! * x * x;
    sxy += w[i]! * x * yi;
  });
  const slope = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
  return [(sy - slope * sx) / sw, slope];
}

Deno.test("robustLocalRegressionPrediction() is one bisquare step of Cleveland's Loess (by hand)", () => {
  // Beloglazov and Buyya 2012 after Cleveland 1979: the tricube fit, residuals e_i, s the
  // median |e_i| (10 values: the mean of the 5th and 6th), u_i = e_i / 6s, bisquare weights
  // (1 - u_i^2)^2 (0 for |u_i| >= 1) times the tricube weights, the refit, the next interval.
  const history = [0.3, 0.35, 0.32, 0.4, 0.38, 0.45, 0.42, 0.7, 0.48, 0.5];
  const tricube = history.map((_, i) => (1 - ((10 - (i + 1)) / 9) ** 3) ** 3);
  const [a1, b1] = normalEquations(history, tricube);
  const e = history.map((y, i) => y - (a1 + b1 * (i + 1)));
  const sorted = e.map(Math.abs).sort((p, q) => p - q);
  const s = (sorted[4]! + sorted[5]!) / 2;
  const robust = e.map((ei, i) => {
    const u = ei / (6 * s);
    return Math.abs(u) < 1 ? tricube[i]! * (1 - u * u) ** 2 : 0;
  });
  // the outlier (0.7) keeps a weight, so every part of the step counts
  assert.ok(robust[7]! > 0 && robust[7]! < 0.5 * tricube[7]!, `${robust[7]}`);
  const [a2, b2] = normalEquations(history, robust);
  const lrr = robustLocalRegressionPrediction(history, { safetyParameter: 1 })!;
  assert.ok(Math.abs(lrr - (a2 + b2 * 11)) < 1e-12, `${lrr} against ${a2 + b2 * 11}`);
  // and the safety parameter scales it
  const scaled = robustLocalRegressionPrediction(history, { safetyParameter: 1.2 })!;
  assert.ok(Math.abs(scaled - 1.2 * (a2 + b2 * 11)) < 1e-12);
});

Deno.test("robustLocalRegressionPrediction() with CloudSim weighting is LR's least-squares line", () => {
  // CloudSim 3.0.3 weights a fit only when 40 % of its weights are <= 0; its bisquare weights
  // never are, so its robust fit is the unweighted one.
  const history = [0.3, 0.35, 0.32, 0.4, 0.38, 0.45, 0.42, 0.7, 0.48, 0.5];
  const options = { safetyParameter: 1, weighting: "cloudsim" as const };
  const [a, b] = normalEquations(history, history.map(() => 1));
  assert.ok(Math.abs(robustLocalRegressionPrediction(history, options)! - (a + b * 11)) < 1e-12);
  assert.equal(
    robustLocalRegressionPrediction(history, options),
    localRegressionPrediction(history, options),
  );
});

Deno.test("LR and LRR refuse bad options by name, the same way", async (t) => {
  const history = Array.from({ length: 10 }, (_, i) => 0.05 * (i + 1));
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      "an unknown option",
      { window: 5 },
      "TypeError",
      '"window" must be a known key of options ("horizonIntervals", "safetyParameter", "weighting", "windowLength"): current value is 5',
    ],
    [
      "a negative safety parameter",
      { safetyParameter: -1 },
      "RangeError",
      "options.safetyParameter must be a finite number >= 0: current value is -1",
    ],
    [
      "a window of two values (a line through them has no residual)",
      { windowLength: 2 },
      "RangeError",
      "options.windowLength must be an integer >= 3: current value is 2",
    ],
    [
      "a negative horizon",
      { horizonIntervals: -1 },
      "RangeError",
      "options.horizonIntervals must be a finite number >= 0: current value is -1",
    ],
    [
      "an unknown weighting",
      { weighting: "loess" },
      "TypeError",
      'options.weighting must be one of "tricube", "cloudsim": current value is "loess"',
    ],
  ];
  const predictors = [
    ["local regression", localRegressionPrediction],
    ["robust local regression", robustLocalRegressionPrediction],
  ] as const;
  for (const [label, options, name, tail] of cases) {
    await t.step(label, () => {
      for (const [what, predict] of predictors) {
        assert.throws(() => predict(history, options as never), {
          name,
          message: `Cannot predict utilization by ${what} as ${tail}`,
        });
      }
    });
  }
  await t.step("a window of three values is the shortest taken", () => {
    for (const [, predict] of predictors) {
      assert.notEqual(predict(history, { windowLength: 3 }), undefined);
    }
  });
});

Deno.test("LR and LRR refuse a prediction that overflows, naming it (found by the fuzz tests)", () => {
  // a window ending at 1e308: Σ w dx (y − ȳ) overflowed, the slope was Infinity and the
  // prediction Infinity − Infinity = NaN, which compares false with 1 (not overloaded)
  const history = [1e9, 4, 1.8e-233, 7e-4, 1, 7, 2.5e-149, 10, 0, 3, 1e308];
  for (
    const [name, predict] of [
      ["local regression", localRegressionPrediction],
      ["robust local regression", robustLocalRegressionPrediction],
    ] as const
  ) {
    assert.throws(() => predict(history), {
      name: "RangeError",
      message:
        `Cannot predict utilization by ${name} as the prediction must be finite (history values or a horizon so large that the fit overflows): current value is NaN`,
    });
  }
  // the same window with its last value a utilisation predicts as before
  const sane = history.map((x) => Math.min(x, 1));
  assert.ok(Number.isFinite(localRegressionPrediction(sane)!));
  assert.ok(Number.isFinite(robustLocalRegressionPrediction(sane)!));
});
