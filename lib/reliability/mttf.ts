import { checkLifetime } from "./_lifetime_check.ts";
import { oneOf, options as checkOptions, positive, show } from "../_validate.ts";
import { integrateToInfinity } from "./_integrate.ts";
import { logGamma } from "./_log_gamma.ts";
import { type Block, blockReliability } from "./block_diagram.ts";
import { meanLifetime } from "./lifetime.ts";

/** Options of {@link mttf}. */
export interface MttfOptions {
  /**
   * "auto" uses a closed form when the diagram has one and numerical integration
   * otherwise; "numerical" always integrates (useful to check the closed forms).
   * @default {"auto"}
   */
  method?: "auto" | "numerical";
  /**
   * Relative tolerance of the numerical integration (on its error estimate).
   * @default {1e-10}
   */
  relativeTolerance?: number;
}

/** A Weibull equivalent (shape k, scale η); exponential is k = 1, η = 1/λ. */
interface Weibull {
  shape: number;
  scale: number;
}

/** Series of same-shape Weibulls: R = exp(-Σ (t/η_i)^k), a Weibull with η = (Σ η_i^-k)^(-1/k). */
function series(parts: (Weibull | undefined)[]): Weibull | undefined {
  const first = parts[0];
  if (first === undefined || parts.some((p) => p === undefined || p.shape !== first.shape)) {
    return undefined;
  }
  const k = first.shape;
  const sum = parts.reduce((s, p) => s + Math.pow(p!.scale, -k), 0);
  return { shape: k, scale: Math.pow(sum, -1 / k) };
}

/** The single Weibull (or exponential) law of a block's lifetime, if it has one. */
function equivalent(block: Block): Weibull | undefined {
  switch (block.kind) {
    case "component":
      if (!("lifetime" in block)) return undefined;
      return block.lifetime.kind === "exponential"
        ? { shape: 1, scale: 1 / block.lifetime.ratePerSecond }
        : { shape: block.lifetime.shape, scale: block.lifetime.scaleSeconds };
    case "series":
      return series(block.blocks.map(equivalent));
    case "parallel":
      return block.blocks.length === 1 ? equivalent(block.blocks[0]!) : undefined;
    case "k-out-of-n":
      return block.k === block.blocks.length ? series(block.blocks.map(equivalent)) : undefined;
    case "k-out-of-n-identical":
      return block.k === block.n
        ? series(Array.from({ length: block.n }, () => equivalent(block.block)))
        : undefined;
  }
}

/** (1/λ) Σ_{i=k}^{n} 1/i: k-out-of-n of identical exponentials (Trivedi 2002, §5.4). */
function harmonic(k: number, n: number, rate: number): number {
  let s = 0;
  for (let i = n; i >= k; i--) s += 1 / i;
  return s / rate;
}

/** The identical exponential rate shared by all of `blocks`, if any. */
function commonRate(blocks: readonly Block[]): number | undefined {
  const laws = blocks.map(equivalent);
  const first = laws[0];
  if (first === undefined || first.shape !== 1) return undefined;
  return laws.every((l) => l !== undefined && l.shape === 1 && l.scale === first.scale)
    ? 1 / first.scale
    : undefined;
}

function closedForm(block: Block): number | undefined {
  const law = equivalent(block);
  if (law !== undefined) return law.scale * Math.exp(logGamma(1 + 1 / law.shape));
  switch (block.kind) {
    case "parallel": {
      const rate = commonRate(block.blocks);
      if (rate !== undefined) return harmonic(1, block.blocks.length, rate);
      const laws = block.blocks.map(equivalent);
      const n = laws.length;
      if (n > 12 || laws.some((l) => l === undefined || l.shape !== 1)) return undefined;
      // Inclusion–exclusion: ∫ 1 - Π(1 - e^(-λ_i t)) dt = Σ_{S≠∅} (-1)^(|S|+1) / Σ_{i∈S} λ_i.
      let total = 0;
      for (let mask = 1; mask < 1 << n; mask++) {
        let rates = 0;
        let size = 0;
        for (let i = 0; i < n; i++) {
          if (mask & (1 << i)) {
            rates += 1 / laws[i]!.scale;
            size++;
          }
        }
        total += (size % 2 === 1 ? 1 : -1) / rates;
      }
      return total;
    }
    case "k-out-of-n": {
      const rate = commonRate(block.blocks);
      return rate === undefined || block.k === 0
        ? undefined
        : harmonic(block.k, block.blocks.length, rate);
    }
    case "k-out-of-n-identical": {
      const law = equivalent(block.block);
      return law === undefined || law.shape !== 1 || block.k === 0
        ? undefined
        : harmonic(block.k, block.n, 1 / law.scale);
    }
    default:
      return undefined;
  }
}

/** x when finite, else 0. */
function finiteOrZero(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/**
 * Validates that every component has a lifetime; returns the largest finite mean lifetime
 * (0 if none is finite): an overflowed mean would make the quadrature's scale Infinity.
 */
function largestMean(action: string, path: string, block: Block): number {
  switch (block?.kind) {
    case "component":
      if (!("lifetime" in block) || block.lifetime === undefined) {
        throw new TypeError(
          `Cannot ${action} as ${path}.lifetime must be a lifetime distribution: current value is ${
            show(block)
          }`,
        );
      }
      checkLifetime(action, `${path}.lifetime`, block.lifetime);
      return finiteOrZero(meanLifetime(block.lifetime));
    case "k-out-of-n-identical":
      return largestMean(action, `${path}.block`, block.block);
    case "series":
    case "parallel":
    case "k-out-of-n":
      if (!Array.isArray(block.blocks)) break;
      return Math.max(
        ...block.blocks.map((b, i) => largestMean(action, `${path}.blocks[${i}]`, b)),
      );
  }
  blockReliability(block, 0); // throws the shape error
  return NaN;
}

/**
 * Computes the mean time to failure MTTF = ∫_0^∞ R(t) dt of a block diagram whose
 * components all have lifetime distributions.
 *
 * Closed forms (Trivedi 2002, §5.4; Rausand & Høyland 2004, §5.3), used by "auto":
 * - a component: 1/λ (exponential), η Γ(1 + 1/k) (Weibull);
 * - series of exponentials: 1/Σλ_i; series of Weibulls of one shape k: a Weibull
 *   with η = (Σ η_i^(-k))^(-1/k), so η Γ(1 + 1/k) (nested series too);
 * - parallel of n identical exponentials: (1/λ) Σ_{i=1}^{n} 1/i; of up to 12
 *   different exponentials: Σ_{S≠∅} (-1)^(|S|+1) / Σ_{i∈S} λ_i;
 * - k-out-of-n of identical exponentials: (1/λ) Σ_{i=k}^{n} 1/i (TMR: 5/(6λ)).
 *
 * Otherwise (and with `method: "numerical"`) the integral is computed by adaptive
 * Gauss–Kronrod (G7–K15, QUADPACK) after the substitution t = s·x/(1 - x), where s is
 * the largest finite component mean lifetime, until the error estimate is below
 * `relativeTolerance` times the result (at most 2000 subintervals). If R(t) does not
 * tend to 0 (a k-out-of-n with k = 0), the MTTF is Infinity; so it is, without a
 * closed form, when R(Number.MAX_VALUE) > 0 (the integral cannot be taken further).
 *
 * @param block The block diagram; every component needs a `lifetime`.
 * @param options The method and tolerance.
 * @returns The MTTF in seconds.
 * @throws {TypeError} If a component has a fixed reliability instead of a lifetime, or the shape is wrong.
 * @throws {RangeError} If a parameter is out of range.
 *
 * @example TMR of exponential components: 5/(6λ)
 * ```ts
 * import { mttf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const unit = { kind: "component", lifetime: { kind: "exponential", ratePerSecond: 1e-4 } } as const;
 * const tmr = { kind: "k-out-of-n-identical", k: 2, n: 3, block: unit } as const;
 * assert.ok(Math.abs(mttf(tmr) - 5 / 6e-4) < 1e-9);
 * assert.ok(Math.abs(mttf(tmr, { method: "numerical" }) / (5 / 6e-4) - 1) < 1e-9);
 * ```
 */
export function mttf(block: Block, options: MttfOptions = {}): number {
  checkOptions("run mttf()", "options", options, ["method", "relativeTolerance"]);
  const { method = "auto", relativeTolerance = 1e-10 } = options;
  const action = "compute MTTF";
  oneOf(action, "options.method", method, ["auto", "numerical"] as const);
  positive(action, "options.relativeTolerance", relativeTolerance);
  const scale = largestMean(action, "block", block) || 1;
  if (blockReliability(block, Infinity) > 0) return Infinity;
  if (method === "auto") {
    const exact = closedForm(block);
    if (exact !== undefined) return exact;
  }
  // The quadrature cannot reach past the largest double: a survival left there means an
  // MTTF of at least Number.MAX_VALUE · R(Number.MAX_VALUE), taken as Infinity.
  if (blockReliability(block, Number.MAX_VALUE) > 0) return Infinity;
  return integrateToInfinity((t) => blockReliability(block, t), scale, relativeTolerance).value;
}
