import { nonNegative, object, oneOf, show, within } from "../_validate.ts";
import type { ExponentialLifetime, WeibullLifetime } from "./lifetime.ts";

/** One point of a reliability curve R(t). */
export interface ReliabilityPoint {
  /** Mission time t in seconds (finite, >= 0). */
  timeSeconds: number;
  /** Reliability R(t) in [0, 1]. */
  reliability: number;
}

/** An exponential model fitted to a reliability curve by least squares. */
export interface ExponentialCurveFit {
  /** The model family. */
  model: "exponential";
  /** The fitted lifetime distribution. */
  distribution: ExponentialLifetime;
  /** The fitted failure rate λ. */
  parameters: { ratePerSecond: number };
  /** max |R(tᵢ) - R̂(tᵢ)| over every given point (used or not). */
  maxAbsoluteError: number;
  /** Number of points with t > 0 and 0 < R < 1 that entered the regression. */
  pointsUsed: number;
}

/** A Weibull model fitted to a reliability curve by least squares. */
export interface WeibullCurveFit {
  /** The model family. */
  model: "weibull";
  /** The fitted lifetime distribution. */
  distribution: WeibullLifetime;
  /** The fitted shape k and scale λ. */
  parameters: { shape: number; scaleSeconds: number };
  /** max |R(tᵢ) - R̂(tᵢ)| over every given point (used or not). */
  maxAbsoluteError: number;
  /** Number of points with t > 0 and 0 < R < 1 that entered the regression. */
  pointsUsed: number;
}

/** A parametric lifetime model fitted to a reliability curve. */
export type ReliabilityCurveFit = ExponentialCurveFit | WeibullCurveFit;

/**
 * Fits an exponential or Weibull lifetime model to a reliability curve, e.g. a system's
 * R(t) from the combinatorial analysis, by least squares on the linearized model.
 *
 * - Exponential: `-ln R = λ t`, a line through the origin, so
 *   `λ = Σ tᵢ (-ln Rᵢ) / Σ tᵢ²`.
 * - Weibull: `ln(-ln R) = k ln t - k ln λ`, ordinary least squares of ln(-ln R) on ln t
 *   (the Weibull-plot regression), slope k and intercept b, so `λ = exp(-b/k)`.
 *
 * Only points with t > 0 and 0 < R < 1 enter the regression (the others have no finite
 * linearized value); the least squares are on the transformed scale, not on R, so
 * `maxAbsoluteError` reports the fit quality on R itself over every given point.
 *
 * @param points The curve; the input is not modified.
 * @param model `"exponential"` or `"weibull"`.
 * @returns The parameters, the distribution, the largest absolute error in R and the
 * number of points used.
 * @throws {RangeError} If `points` is empty, a time is negative or not finite, a
 * reliability is outside [0, 1], too few points are usable (1 for exponential, 2 at
 * distinct times for Weibull), the fitted Weibull shape is not > 0 (R not decreasing), or
 * a fitted parameter overflows (times near the smallest or largest double).
 * @throws {TypeError} If `points` or `model` has the wrong shape.
 *
 * @example Recover a Weibull curve exactly
 * ```ts
 * import { fitReliabilityCurve } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const points = [1, 2, 4, 8].map((t) => ({
 *   timeSeconds: t,
 *   reliability: Math.exp(-((t / 5) ** 1.5)),
 * }));
 * const fit = fitReliabilityCurve(points, "weibull");
 * assert.equal(fit.model, "weibull");
 * assert.ok(fit.model === "weibull" && Math.abs(fit.parameters.shape - 1.5) < 1e-12);
 * assert.ok(fit.maxAbsoluteError < 1e-12);
 * ```
 */
export function fitReliabilityCurve(
  points: readonly ReliabilityPoint[],
  model: "exponential" | "weibull",
): ReliabilityCurveFit {
  const action = "fit a reliability curve";
  oneOf(action, "model", model, ["exponential", "weibull"] as const);
  if (!Array.isArray(points)) {
    throw new TypeError(
      `Cannot ${action} as points must be an array: current value is ${show(points)}`,
    );
  }
  if (points.length === 0) {
    throw new RangeError(
      `Cannot ${action} as points must contain at least one point: current value is []`,
    );
  }
  const used: { t: number; y: number }[] = [];
  points.forEach((point, i) => {
    object(action, `points[${i}]`, point);
    const t = nonNegative(action, `points[${i}].timeSeconds`, point.timeSeconds);
    const r = within(action, `points[${i}].reliability`, point.reliability, 0, 1);
    if (t > 0 && r > 0 && r < 1) used.push({ t, y: -Math.log(r) });
  });

  if (model === "exponential") {
    if (used.length < 1) {
      throw new RangeError(
        `Cannot ${action} as points must include one with t > 0 and 0 < R < 1: current value is 0 usable points`,
      );
    }
    // Times in units of the largest one, so that t² neither overflows nor underflows.
    const unit = used.reduce((max, p) => Math.max(max, p.t), 0);
    let sty = 0;
    let stt = 0;
    for (const { t, y } of used) {
      const x = t / unit;
      sty += x * y;
      stt += x * x;
    }
    const rate = sty / stt / unit;
    finiteFit(action, "the fitted rate", rate);
    const error = maxError(points, (t) => Math.exp(-rate * t));
    return {
      model,
      distribution: { kind: "exponential", ratePerSecond: rate },
      parameters: { ratePerSecond: rate },
      maxAbsoluteError: error,
      pointsUsed: used.length,
    };
  }

  const xs = used.map((p) => Math.log(p.t));
  const ys = used.map((p) => Math.log(p.y));
  const m = used.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / m;
  const meanY = ys.reduce((a, b) => a + b, 0) / m;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
  }
  if (!(sxx > 0)) {
    throw new RangeError(
      `Cannot ${action} as points must include two with distinct t > 0 and 0 < R < 1: current value is ${m} usable points at one time`,
    );
  }
  const shape = sxy / sxx;
  if (!(shape > 0)) {
    throw new RangeError(
      `Cannot ${action} as the fitted Weibull shape must be > 0: current value is ${show(shape)}`,
    );
  }
  const scale = Math.exp(meanX - meanY / shape);
  finiteFit(action, "the fitted Weibull scale", scale);
  const error = maxError(points, (t) => Math.exp(-Math.pow(t / scale, shape)));
  return {
    model,
    distribution: { kind: "weibull", shape, scaleSeconds: scale },
    parameters: { shape, scaleSeconds: scale },
    maxAbsoluteError: error,
    pointsUsed: m,
  };
}

/**
 * Requires a fitted parameter to be a finite number > 0: times near the smallest double
 * (5e-324 s) can put it past the largest double, or to 0.
 */
function finiteFit(action: string, name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw new RangeError(
      `Cannot ${action} as ${name} must be a finite number > 0 (times so short or so long that it overflows): current value is ${
        show(value)
      }`,
    );
  }
}

/** Largest |R - model(t)| over the points. */
function maxError(points: readonly ReliabilityPoint[], curve: (t: number) => number): number {
  let error = 0;
  for (const p of points) error = Math.max(error, Math.abs(p.reliability - curve(p.timeSeconds)));
  return error;
}
