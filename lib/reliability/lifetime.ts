/**
 * Lifetime distributions of components, as plain data, with their reliability,
 * density, hazard, mean and sampling. Time is in seconds throughout.
 *
 * Formulas (Trivedi, "Probability and Statistics with Reliability, Queuing and
 * Computer Science Applications", 2nd ed., §3.4; Rausand & Høyland, "System
 * Reliability Theory", 2nd ed., §2.4–2.5), with cumulative hazard H(t):
 *
 * | kind        | H(t)        | R(t) = e^(-H(t)) | f(t) = h(t)R(t)            | h(t)               | mean         |
 * | ----------- | ----------- | ---------------- | -------------------------- | ------------------ | ------------ |
 * | exponential | λt          | e^(-λt)          | λe^(-λt)                   | λ                  | 1/λ          |
 * | weibull     | (t/η)^k     | e^(-(t/η)^k)     | (k/η)(t/η)^(k-1)e^(-(t/η)^k) | (k/η)(t/η)^(k-1) | η Γ(1 + 1/k) |
 *
 * @module
 */
import { checkLifetime } from "./_lifetime_check.ts";
import { positive, show } from "../_validate.ts";
import { exponential } from "../random/exponential.ts";
import type { Prng } from "../random/prng.ts";
import { weibull } from "../random/weibull.ts";
import { logGamma } from "./_log_gamma.ts";

/** A constant failure rate λ: lifetimes are exponential with mean 1/λ. */
export interface ExponentialLifetime {
  /** Discriminant. */
  kind: "exponential";
  /** Failure rate λ in failures per second (> 0). */
  ratePerSecond: number;
}

/** A Weibull lifetime with shape k and scale η (shape 1 is exponential with rate 1/η). */
export interface WeibullLifetime {
  /** Discriminant. */
  kind: "weibull";
  /** Shape k (> 0): below 1 infant mortality, 1 constant hazard, above 1 wear-out. */
  shape: number;
  /** Scale η in seconds (> 0): the age at which R = e^(-1) ≈ 0.368. */
  scaleSeconds: number;
}

/** A component lifetime distribution. */
export type LifetimeDistribution = ExponentialLifetime | WeibullLifetime;

/** Validates a lifetime distribution and returns its cumulative hazard function. */
function cumulativeHazard(action: string, dist: LifetimeDistribution, tSeconds: number): number {
  checkLifetime(action, "dist", dist);
  const kind = dist.kind;
  if (typeof tSeconds !== "number" || !(tSeconds >= 0)) {
    throw new (typeof tSeconds === "number" ? RangeError : TypeError)(
      `Cannot ${action} as tSeconds must be a number >= 0: current value is ${show(tSeconds)}`,
    );
  }
  if (kind === "exponential") {
    return positive(action, "dist.ratePerSecond", (dist as ExponentialLifetime).ratePerSecond) *
      tSeconds;
  }
  const d = dist as WeibullLifetime;
  const shape = positive(action, "dist.shape", d.shape);
  const scale = positive(action, "dist.scaleSeconds", d.scaleSeconds);
  return Math.pow(tSeconds / scale, shape);
}

/**
 * Computes the reliability (survival probability) R(t) = P(lifetime > t).
 *
 * @param dist The lifetime distribution.
 * @param tSeconds The mission time t in seconds (>= 0; Infinity gives 0).
 * @returns R(t) in [0, 1].
 * @throws {RangeError} If a parameter is not a finite number > 0 or t < 0.
 * @throws {TypeError} If `dist` is not an object with a known `kind`.
 *
 * @example One failure per 1000 h over 100 h
 * ```ts
 * import { reliabilityAt } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = reliabilityAt({ kind: "exponential", ratePerSecond: 1 / 3.6e6 }, 3.6e5);
 * assert.ok(Math.abs(r - Math.exp(-0.1)) < 1e-15);
 * ```
 */
export function reliabilityAt(dist: LifetimeDistribution, tSeconds: number): number {
  return Math.exp(-cumulativeHazard("compute reliability", dist, tSeconds));
}

/**
 * Computes the unreliability F(t) = 1 - R(t) = P(lifetime <= t), as -expm1(-H(t)) so
 * that it keeps full relative precision when it is tiny (R close to 1).
 *
 * @param dist The lifetime distribution.
 * @param tSeconds The mission time t in seconds (>= 0).
 * @returns F(t) in [0, 1].
 * @throws {RangeError} If a parameter is not a finite number > 0 or t < 0.
 * @throws {TypeError} If `dist` is not an object with a known `kind`.
 *
 * @example A tiny failure probability keeps its digits
 * ```ts
 * import { unreliabilityAt } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const f = unreliabilityAt({ kind: "exponential", ratePerSecond: 1e-12 }, 1);
 * assert.ok(Math.abs(f / 1e-12 - 1) < 1e-9);
 * ```
 */
export function unreliabilityAt(dist: LifetimeDistribution, tSeconds: number): number {
  return -Math.expm1(-cumulativeHazard("compute unreliability", dist, tSeconds));
}

/**
 * Computes the probability density f(t) of the lifetime.
 *
 * @param dist The lifetime distribution.
 * @param tSeconds The age t in seconds (>= 0; Infinity gives 0). A Weibull density with
 * shape < 1 is Infinity at t = 0.
 * @returns f(t) in 1/seconds.
 * @throws {RangeError} If a parameter is not a finite number > 0 or t < 0.
 * @throws {TypeError} If `dist` is not an object with a known `kind`.
 *
 * @example Weibull shape 2, scale 1 at t = 1: 2e^(-1)
 * ```ts
 * import { densityAt } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const f = densityAt({ kind: "weibull", shape: 2, scaleSeconds: 1 }, 1);
 * assert.ok(Math.abs(f - 2 / Math.E) < 1e-15);
 * ```
 */
export function densityAt(dist: LifetimeDistribution, tSeconds: number): number {
  const h = hazardAt(dist, tSeconds);
  const r = reliabilityAt(dist, tSeconds);
  // 0 when either factor is (Infinity · 0 at t = Infinity with a rising hazard is 0, not NaN).
  return h === 0 || r === 0 ? 0 : h * r;
}

/**
 * Computes the hazard (instantaneous failure) rate h(t) = f(t) / R(t).
 *
 * @param dist The lifetime distribution.
 * @param tSeconds The age t in seconds (>= 0).
 * @returns h(t) in failures per second.
 * @throws {RangeError} If a parameter is not a finite number > 0 or t < 0.
 * @throws {TypeError} If `dist` is not an object with a known `kind`.
 *
 * @example The exponential hazard is constant
 * ```ts
 * import { hazardAt } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(hazardAt({ kind: "exponential", ratePerSecond: 0.5 }, 123), 0.5);
 * ```
 */
export function hazardAt(dist: LifetimeDistribution, tSeconds: number): number {
  const action = "compute hazard";
  cumulativeHazard(action, dist, tSeconds);
  if (dist.kind === "exponential") return dist.ratePerSecond;
  const { shape, scaleSeconds } = dist;
  return (shape / scaleSeconds) * Math.pow(tSeconds / scaleSeconds, shape - 1);
}

/**
 * Computes the mean lifetime (MTTF of one component): 1/λ for the exponential,
 * η Γ(1 + 1/k) for the Weibull (Γ by the Lanczos approximation, relative error about
 * 1e-15).
 *
 * @param dist The lifetime distribution.
 * @returns The mean lifetime in seconds.
 * @throws {RangeError} If a parameter is not a finite number > 0.
 * @throws {TypeError} If `dist` is not an object with a known `kind`.
 *
 * @example Weibull shape 2: η√π/2
 * ```ts
 * import { meanLifetime } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const m = meanLifetime({ kind: "weibull", shape: 2, scaleSeconds: 10 });
 * assert.ok(Math.abs(m - 5 * Math.sqrt(Math.PI)) < 1e-12);
 * ```
 */
export function meanLifetime(dist: LifetimeDistribution): number {
  cumulativeHazard("compute mean lifetime", dist, 0);
  if (dist.kind === "exponential") return 1 / dist.ratePerSecond;
  return dist.scaleSeconds * Math.exp(logGamma(1 + 1 / dist.shape));
}

/**
 * Draws one lifetime in seconds with lib/random's `exponential` or `weibull` (inversion).
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param dist The lifetime distribution.
 * @returns A lifetime in seconds (>= 0).
 * @throws {RangeError} If a parameter is not a finite number > 0.
 * @throws {TypeError} If `dist` is not an object with a known `kind`.
 *
 * @example The sample mean approaches the mean lifetime
 * ```ts
 * import { createPrng } from "../../mod.ts";
 * import { drawLifetime } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(1, "example");
 * let sum = 0;
 * for (let i = 0; i < 10_000; i++) sum += drawLifetime(prng, { kind: "exponential", ratePerSecond: 2 });
 * assert.ok(Math.abs(sum / 10_000 - 0.5) < 0.02);
 * ```
 */
export function drawLifetime(prng: Prng, dist: LifetimeDistribution): number {
  cumulativeHazard("draw lifetime", dist, 0);
  return dist.kind === "exponential"
    ? exponential(prng, dist.ratePerSecond)
    : weibull(prng, dist.shape, dist.scaleSeconds);
}
