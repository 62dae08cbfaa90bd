import { iqrUpperThreshold } from "./iqr_threshold.ts";
import { localRegressionPrediction } from "./local_regression.ts";
import { madUpperThreshold } from "./mad_threshold.ts";
import { robustLocalRegressionPrediction } from "./robust_local_regression.ts";

/** What an overload detector sees of one host (with a candidate VM, when one is being placed). */
export interface OverloadHostView {
  /** Requested MIPS over the host's MIPS, the candidate included. */
  utilization: number;
  /** The host's utilisation history, oldest first, the candidate's included. */
  history(): ArrayLike<number>;
  /** Seconds CloudSim's delay would take to migrate the host's largest VM off it. */
  largestMigrationSeconds(): number;
}

/** Settings every detector reads (see `SimulateDatacenterOptions` for their defaults). */
export interface OverloadDetectorSettings {
  /** THR threshold or MAD/IQR/LR/LRR safety parameter. */
  parameter: number;
  /** Static threshold while the history is too short. */
  fallbackThreshold: number;
  /** History values MAD and IQR need. */
  minHistory: number;
  /** Window of LR and LRR. */
  regressionWindow: number;
  /** `"tricube"` (Loess) or `"cloudsim"` (CloudSim 3.0.3's plain least squares). */
  regressionWeighting: "tricube" | "cloudsim";
  /** Scheduling interval in seconds (the LR/LRR horizon is a migration in intervals). */
  intervalSeconds: number;
}

/** An overload detector: whether the host is overloaded. A plain function value. */
export type OverloadDetector = (
  host: OverloadHostView,
  settings: OverloadDetectorSettings,
) => boolean;

/** Static threshold (Beloglazov and Buyya 2012, THR; and the upper threshold of 2010's DT). */
const threshold: OverloadDetector = (host, s) => host.utilization > s.parameter;

function adaptive(f: typeof madUpperThreshold): OverloadDetector {
  return (host, s) => {
    const t = f(host.history(), { safetyParameter: s.parameter, minHistory: s.minHistory });
    return host.utilization > (t ?? s.fallbackThreshold);
  };
}

function regression(robust: boolean): OverloadDetector {
  return (host, s) => {
    const horizon = Math.ceil(host.largestMigrationSeconds() / s.intervalSeconds);
    // CloudSim 3.0.3 applies weights only when 40 % of them are <= 0, which its tricube and
    // bisquare weights never are: its robust fit is the same least-squares line as LR's
    const f = !robust || s.regressionWeighting === "cloudsim"
      ? localRegressionPrediction
      : robustLocalRegressionPrediction;
    const p = f(host.history(), {
      safetyParameter: s.parameter,
      windowLength: s.regressionWindow,
      horizonIntervals: horizon,
      weighting: s.regressionWeighting,
    });
    return p === undefined ? host.utilization > s.fallbackThreshold : p >= 1;
  };
}

/**
 * Overload detectors by allocation name (Beloglazov and Buyya 2012, section 5.1, as CloudSim
 * 3.0.3's `PowerVmAllocationPolicyMigration*` classes compute them): `"thr"` and `"dt"` a
 * static threshold, `"mad"` and `"iqr"` adaptive thresholds (THR `fallbackThreshold` while the
 * history is short), `"lr"` and `"lrr"` a local-regression forecast one migration ahead.
 * `simulateDatacenter` picks one by its `allocation` option.
 *
 * @example A host at 85 % is overloaded under THR 0.8, not under THR 0.9
 * ```ts
 * import { OVERLOAD_DETECTORS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { utilization: 0.85, history: () => [], largestMigrationSeconds: () => 0 };
 * const s = { parameter: 0.8, fallbackThreshold: 0.7, minHistory: 12, regressionWindow: 10,
 *   regressionWeighting: "tricube" as const, intervalSeconds: 300 };
 * assert.equal(OVERLOAD_DETECTORS.thr(host, s), true);
 * assert.equal(OVERLOAD_DETECTORS.thr(host, { ...s, parameter: 0.9 }), false);
 * // short histories fall back to THR 0.7: a host at 75 % is overloaded under MAD and LR
 * const cool = { ...host, utilization: 0.75 };
 * assert.equal(OVERLOAD_DETECTORS.mad(cool, s), true);
 * // ten values, but the oldest zero is trimmed as CloudSim does: nine are too few for LR
 * const nine = { ...cool, history: () => [0, ...Array(9).fill(0.1)] };
 * assert.equal(OVERLOAD_DETECTORS.lr(nine, s), true);
 * assert.equal(OVERLOAD_DETECTORS.lr({ ...nine, history: () => Array(10).fill(0.1) }, s), false);
 * ```
 */
export const OVERLOAD_DETECTORS: Readonly<
  Record<"thr" | "dt" | "mad" | "iqr" | "lr" | "lrr", OverloadDetector>
> = Object.freeze({
  thr: threshold,
  dt: threshold,
  mad: adaptive(madUpperThreshold),
  iqr: adaptive(iqrUpperThreshold),
  lr: regression(false),
  lrr: regression(true),
});
