/**
 * Hand-computed cases for the overload detectors and VM selection that the other tests leave
 * open (found by mutation testing): the LR horizon's rounding up, LR's `>= 1`, the static
 * fallback of the adaptive and regression detectors (also when trimmed zeros leave LR short), MC's histories in the one-at-a-time
 * selector, and CloudSim's choice of the first VM when no R^2 exceeds `Double.MIN_VALUE`.
 */
import assert from "node:assert/strict";
import {
  OVERLOAD_DETECTORS,
  type OverloadDetectorSettings,
} from "../../lib/datacenter/overload_detectors.ts";
import { iqrUpperThreshold } from "../../lib/datacenter/iqr_threshold.ts";
import { localRegressionPrediction } from "../../lib/datacenter/local_regression.ts";
import { selectVmToMigrate } from "../../lib/datacenter/vm_selection.ts";
import { VM_SELECTORS } from "../../lib/datacenter/vm_selectors.ts";

const settings: OverloadDetectorSettings = {
  parameter: 1.2,
  fallbackThreshold: 0.7,
  minHistory: 12,
  regressionWindow: 10,
  regressionWeighting: "tricube",
  intervalSeconds: 300,
};

function view(utilization: number, history: number[], migrationSeconds = 0) {
  return {
    utilization,
    history: () => history,
    largestMigrationSeconds: () => migrationSeconds,
  };
}

Deno.test("LR's horizon is the migration time in intervals rounded up (CloudSim's ceil)", () => {
  // history 0.05, 0.10, ..., 0.50 at x = 1..10: an exact line y = 0.05 x (any weights fit it)
  // migration 400 s over 300 s intervals: ceil(1.33) = 2 intervals, so x = 10 + 2 = 12:
  // y = 0.60, times s = 1.7 -> 1.02 >= 1: overloaded. Rounded to 1 interval instead: x = 11,
  // y = 0.55, times 1.7 -> 0.935 < 1: not overloaded.
  const history = Array.from({ length: 10 }, (_, i) => 0.05 * (i + 1));
  const s = { ...settings, parameter: 1.7 };
  for (const regressionWeighting of ["tricube", "cloudsim"] as const) {
    assert.equal(
      OVERLOAD_DETECTORS.lr(view(0.5, history, 400), { ...s, regressionWeighting }),
      true,
    );
    assert.equal(
      OVERLOAD_DETECTORS.lrr(view(0.5, history, 400), { ...s, regressionWeighting }),
      true,
    );
  }
  // 300 s is exactly one interval: x = 11, 0.935 < 1
  assert.equal(OVERLOAD_DETECTORS.lr(view(0.5, history, 300), s), false);
});

Deno.test("LR counts a prediction of exactly 1 as overloaded (CloudSim: >= 1)", () => {
  // ten values 0.5: my = (sum of w_i * 0.5) / (sum of w_i) = 0.5 exactly (halving is exact),
  // every y - my is 0, so the slope is 0 and the intercept 0.5: s = 2 gives exactly 1.0
  const history = new Array(10).fill(0.5);
  assert.equal(localRegressionPrediction(history, { safetyParameter: 2, horizonIntervals: 0 }), 1);
  const s = { ...settings, parameter: 2 };
  assert.equal(OVERLOAD_DETECTORS.lr(view(0.1, history), s), true);
  assert.equal(OVERLOAD_DETECTORS.lrr(view(0.1, history), s), true);
});

Deno.test("adaptive and regression detectors fall back to THR fallbackThreshold, strictly", () => {
  // fewer than minHistory (12) values for MAD/IQR and than the window (10) for LR/LRR: the
  // decision is utilization > fallbackThreshold (0.7), not the safety parameter (2.5 / 1.2)
  const short = [0.5, 0.6, 0.7, 0.8, 0.9, 0.5, 0.6, 0.7, 0.8];
  const s = { ...settings, parameter: 2.5 };
  for (const name of ["mad", "iqr", "lr", "lrr"] as const) {
    assert.equal(OVERLOAD_DETECTORS[name](view(0.75, short), s), true, name); // 0.75 > 0.7
    assert.equal(OVERLOAD_DETECTORS[name](view(0.7, short), s), false, name); // 0.7 = 0.7
    assert.equal(OVERLOAD_DETECTORS[name](view(0.65, short), s), false, name);
  }
});

Deno.test("LR and LRR fall back when zeros at the history's oldest end leave it short", () => {
  // ten values whose oldest is 0: CloudSim trims it (MathUtil.trimZeroTail), nine are left, so
  // the host at 75 % is judged by THR 0.7 (overloaded); with ten values 0.1 the forecast is
  // 1.2 x 0.1 = 0.12 < 1 (not overloaded)
  const trimmed = [0, ...new Array(9).fill(0.1)];
  const full = new Array(10).fill(0.1);
  for (const name of ["lr", "lrr"] as const) {
    for (const regressionWeighting of ["tricube", "cloudsim"] as const) {
      const s = { ...settings, regressionWeighting };
      assert.equal(OVERLOAD_DETECTORS[name](view(0.75, trimmed), s), true, name);
      assert.equal(OVERLOAD_DETECTORS[name](view(0.75, full), s), false, name);
    }
  }
});

Deno.test("VM_SELECTORS.mc asks the host for histories and picks by R^2, not MMT", () => {
  // VM 1's history is exactly twice VM 0's (0.25, 0.5, 0.75 and 0.5, 1, 1.5): each is an exact
  // linear function of the other, R^2 = 1 for both, and the first strictly largest wins: VM 0.
  // MMT (the fallback when there are no histories) would take VM 1, the smaller RAM.
  const vms = [
    { vm: 0, ramBytes: 2e9, utilization: 0.5, hostShare: 0.5, history: [0.25, 0.5, 0.75] },
    { vm: 1, ramBytes: 1e9, utilization: 0.4, hostShare: 0.4, history: [0.5, 1, 1.5] },
  ];
  const removed: number[] = [];
  const asked: boolean[] = [];
  const host = {
    candidates: (withHistory: boolean) => {
      asked.push(withHistory);
      return vms.filter((c) => !removed.includes(c.vm)).map((c) =>
        withHistory ? c : { ...c, history: undefined }
      );
    },
    remove: (vm: number) => void removed.push(vm),
    overloaded: () => removed.length === 0,
  };
  VM_SELECTORS.mc(host, { threshold: 0.8, prng: () => 0 });
  assert.deepEqual(removed, [0]);
  assert.deepEqual(asked, [true]);
});

Deno.test("MC with no R^2 above Double.MIN_VALUE takes the first VM, as CloudSim does", () => {
  // CloudSim's getVmToMigrate starts at maxMetric = Double.MIN_VALUE, maxIndex = 0: when no R^2
  // is strictly above it, the first VM goes (not the MMT fallback, which is only for exceptions).
  // The VMs' centred histories are orthogonal, so the textbook R^2 of each is 0:
  // [0, 1, 0.5] has mean 0.5, deviations -0.5, 0.5, 0; [0, 0, 0.5] has mean 1/6, deviations
  // -1/6, -1/6, 1/3; cross products 1/12 - 1/12 + 0 = 0. (Householder rounding gives 0 and
  // -2.2e-16, neither above Double.MIN_VALUE.) MMT would take VM 1 (RAM 1 < 2).
  const pick = (histories: number[][]) =>
    selectVmToMigrate(
      histories.map((history, i) => ({ ramBytes: 2 - i, utilization: 0, history })),
      "mc",
    );
  assert.equal(pick([[0, 1, 0.5], [0, 0, 0.5]]), 0);
  // [1, 0.5, 0.5, 0.75]: mean 0.6875, deviations 0.3125, -0.1875, -0.1875, 0.0625;
  // [0.25, 0, 0.75, 1]: mean 0.5, deviations -0.25, -0.5, 0.25, 0.5; cross products
  // -0.078125 + 0.09375 - 0.046875 + 0.03125 = 0: textbook R^2 0 for both. The rounded R^2 are
  // -2.2e-16 (VM 0) and 0 (VM 1): 0 is the larger, but not above Double.MIN_VALUE, so VM 0
  // stays (starting from -Infinity instead would pick VM 1).
  assert.equal(pick([[1, 0.5, 0.5, 0.75], [0.25, 0, 0.75, 1]]), 0);
});

Deno.test("MC regresses as many history values as VMs (Commons Math accepts m = n)", () => {
  // validateSampleData rejects only (n - 1) + 1 > m; two VMs with two values each are an exact
  // fit of intercept and slope: R^2 = 1 for both, the first wins (VM 0), not MMT's VM 1
  assert.equal(
    selectVmToMigrate([
      { ramBytes: 2, utilization: 0, history: [0.25, 0.75] },
      { ramBytes: 1, utilization: 0, history: [0.5, 1] },
    ], "mc"),
    0,
  );
  // one value fewer than VMs: rejected, MMT
  assert.equal(
    selectVmToMigrate([
      { ramBytes: 2, utilization: 0, history: [0.25, 0.75] },
      { ramBytes: 1, utilization: 0, history: [0.5, 1] },
      { ramBytes: 3, utilization: 0, history: [0.5, 0.25] },
    ], "mc"),
    1,
  );
});

Deno.test("MAD and IQR detectors use settings.minHistory, not the default 12", () => {
  // four values 0.2, 0.4, 0.6, 0.8 with minHistory 4:
  // MAD: median (0.4 + 0.6) / 2 = 0.5, deviations 0.3, 0.1, 0.1, 0.3, median 0.2:
  //   threshold 1 - 2.5 * 0.2 = 0.5; utilisation 0.6 > 0.5: overloaded
  // IQR: ranks round(1.25) = 1 and round(3.75) = 4: Q1 0.2, Q3 0.8, threshold 1 - 1.5 * 0.6
  //   = 0.1; utilisation 0.6 > 0.1: overloaded
  // with the default 12 both would fall back to THR 0.7: 0.6 is not above it
  const history = [0.2, 0.4, 0.6, 0.8];
  const s = { ...settings, minHistory: 4 };
  assert.equal(OVERLOAD_DETECTORS.mad(view(0.6, history), { ...s, parameter: 2.5 }), true);
  assert.equal(OVERLOAD_DETECTORS.iqr(view(0.6, history), { ...s, parameter: 1.5 }), true);
  // and 0.45 is under MAD's 0.5 though the history is long enough
  assert.equal(OVERLOAD_DETECTORS.mad(view(0.45, history), { ...s, parameter: 2.5 }), false);
});

Deno.test("IQR of a single value (minHistory 1) is 0: the threshold is 1", () => {
  // n = 1: Q1 rank round(0.5) = 1, Q3 rank round(1.5) = 2 clamped to n = 1: Q1 = Q3 = 0.5,
  // IQR 0, threshold 1 - 1.5 * 0 = 1 (not NaN from reading past the end)
  assert.equal(iqrUpperThreshold([0.5], { minHistory: 1 }), 1);
  assert.equal(iqrUpperThreshold([0, 0, 0.5], { minHistory: 1 }), 1); // zeros trimmed first
});

Deno.test("2012 selectors stop when no VM can leave an overloaded host", () => {
  // every VM in migration (no candidates) and the host still overloaded: nothing to select
  // (CloudSim's getVmToMigrate returns null and the loop ends), no error
  for (const name of ["mmt", "rs", "mc", "mu"] as const) {
    const removed: number[] = [];
    const host = {
      candidates: () => [],
      remove: (vm: number) => void removed.push(vm),
      overloaded: () => true,
    };
    VM_SELECTORS[name](host, { threshold: 0.8, prng: () => 0.5 });
    assert.deepEqual(removed, [], name);
  }
});

Deno.test("OVERLOAD_DETECTORS.lrr forecasts by the robust fit, not LR's", () => {
  // Ten values 0.5 with one outlier 0.95 at x = 8; the host's migration takes one 300 s
  // interval, so both forecast x = 10 + 1 = 11. LR (tricube weights (1 - ((10 - x)/9)^3)^3,
  // weighted least squares by the normal equations, worked separately) predicts 0.618 at
  // x = 11. LRR: the residuals of that fit have median |e| = s with e_8 / 6s = 1.13 >= 1, so the
  // outlier's bisquare weight is 0; the refit is of nine values 0.5, the flat line 0.5. With
  // the safety parameter 1.8: LR 1.8 x 0.618 = 1.11 >= 1, overloaded; LRR 1.8 x 0.5 = 0.9 < 1,
  // not overloaded. An LRR detector forecasting with LR's line would call it overloaded.
  const history = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.95, 0.5, 0.5];
  const s = { ...settings, parameter: 1.8 };
  assert.equal(OVERLOAD_DETECTORS.lr(view(0.5, history, 300), s), true);
  assert.equal(OVERLOAD_DETECTORS.lrr(view(0.5, history, 300), s), false);
  // CloudSim weighting: both are the least-squares line (CloudSim 3.0.3 never weights), so
  // they agree; OLS by hand: x mean 5.5, y mean 0.545, Sxy = 0.45 x (8 - 5.5) = 1.125,
  // Sxx = 82.5, slope 0.013636, prediction at 11: 0.545 + 0.013636 x 5.5 = 0.62, x 1.8 = 1.116
  const cloudsim = { ...s, regressionWeighting: "cloudsim" as const };
  assert.equal(OVERLOAD_DETECTORS.lr(view(0.5, history, 300), cloudsim), true);
  assert.equal(OVERLOAD_DETECTORS.lrr(view(0.5, history, 300), cloudsim), true);
});

Deno.test("LR and LRR detectors fit settings.regressionWindow values, not the default 10", () => {
  // Five values 0.1, 0.2, ..., 0.5 at x = 1..5: up to rounding the line y = 0.1 x, which any
  // weights fit (and no outlier for LRR's bisquare step). A 300 s migration is one interval
  // ahead. With regressionWindow 5 the forecast is 0.6 at x = 6, times s = 1.7: 1.02 >= 1,
  // overloaded. With the default window of 10 the five values are too few: the THR fallback
  // 0.7 judges utilisation 0.5, not overloaded.
  const history = [0.1, 0.2, 0.3, 0.4, 0.5];
  for (const name of ["lr", "lrr"] as const) {
    for (const regressionWeighting of ["tricube", "cloudsim"] as const) {
      const s = { ...settings, parameter: 1.7, regressionWeighting };
      assert.equal(
        OVERLOAD_DETECTORS[name](view(0.5, history, 300), { ...s, regressionWindow: 5 }),
        true,
      );
      assert.equal(OVERLOAD_DETECTORS[name](view(0.5, history, 300), s), false, name);
    }
  }
});

Deno.test("MAD and IQR detectors use settings.parameter as the safety parameter", () => {
  // the four values of the minHistory test above: MAD 0.2 and IQR 0.8 - 0.2 = 0.6. With the
  // safety parameter 1: MAD threshold 1 - 0.2 = 0.8, IQR threshold 1 - 0.6 = 0.4. The paper's
  // defaults (MAD 2.5: 0.5; IQR 1.5: 0.1) would call 0.6 and 0.3 overloaded.
  const history = [0.2, 0.4, 0.6, 0.8];
  const s = { ...settings, minHistory: 4, parameter: 1 };
  assert.equal(OVERLOAD_DETECTORS.mad(view(0.6, history), s), false); // 0.6 < 0.8
  assert.equal(OVERLOAD_DETECTORS.mad(view(0.85, history), s), true); // 0.85 > 0.8
  assert.equal(OVERLOAD_DETECTORS.iqr(view(0.3, history), s), false); // 0.3 < 0.4
  assert.equal(OVERLOAD_DETECTORS.iqr(view(0.45, history), s), true); // 0.45 > 0.4
});

Deno.test("adaptive and regression detectors fall back to settings.fallbackThreshold, not 0.7", () => {
  // nine values: too few for MAD/IQR (12) and LR/LRR (10); with fallbackThreshold 0.9 a host
  // at 0.8 is not overloaded (it would be over 0.7), one at 0.95 is
  const short = [0.5, 0.6, 0.7, 0.8, 0.9, 0.5, 0.6, 0.7, 0.8];
  const s = { ...settings, fallbackThreshold: 0.9 };
  for (const name of ["mad", "iqr", "lr", "lrr"] as const) {
    assert.equal(OVERLOAD_DETECTORS[name](view(0.8, short), s), false, name);
    assert.equal(OVERLOAD_DETECTORS[name](view(0.95, short), s), true, name);
  }
});

Deno.test("LR's horizon divides the migration time by settings.intervalSeconds", () => {
  // the exact line y = 0.05 x of the horizon test above, s = 1.7: one interval ahead (x = 11)
  // gives 1.7 x 0.55 = 0.935 < 1, two (x = 12) 1.7 x 0.60 = 1.02 >= 1.
  // 400 s over 600 s intervals: ceil(0.67) = 1, not overloaded (over 300 s it would be 2);
  // 300 s over 200 s intervals: ceil(1.5) = 2, overloaded (over 300 s it would be 1).
  const history = Array.from({ length: 10 }, (_, i) => 0.05 * (i + 1));
  const s = { ...settings, parameter: 1.7 };
  for (const name of ["lr", "lrr"] as const) {
    assert.equal(
      OVERLOAD_DETECTORS[name](view(0.5, history, 400), { ...s, intervalSeconds: 600 }),
      false,
      name,
    );
    assert.equal(
      OVERLOAD_DETECTORS[name](view(0.5, history, 300), { ...s, intervalSeconds: 200 }),
      true,
      name,
    );
  }
});
