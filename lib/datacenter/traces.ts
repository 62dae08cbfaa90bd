import { integer, positive, requiredOptions, show, within } from "../_validate.ts";
import { gammaUnchecked } from "../random/_gamma.ts";
import { createPrng, type Seed } from "../random/prng.ts";

/** CPU-utilisation traces: one row of percentages (0-100) per VM, one value per interval. */
export interface UtilizationTraces {
  /** Trace names (file names for PlanetLab folders), one per VM. */
  names: string[];
  /** `percent[vm][interval]`: CPU utilisation in percent of the VM's MIPS. */
  percent: number[][];
}

/** Options of {@link generateSyntheticTraces}. */
export interface SyntheticTracesOptions {
  /** Seed of the generator (required: traces must be reproducible). */
  seed: Seed;
  /**
   * Values per trace.
   * @default {288}
   */
  intervals?: number;
  /**
   * Long-run mean utilisation in percent.
   * @default {25}
   */
  meanPercent?: number;
  /**
   * Spread of the VMs' own long-run means, in percent: each VM reverts to a mean drawn from
   * the gamma distribution with mean `meanPercent` and this standard deviation (a skewed
   * spread, as in the PlanetLab traces, whose VMs differ far more from one another than over a
   * day; {@link fitSyntheticTraces} estimates it). 0: every VM reverts to `meanPercent`.
   * @default {0}
   */
  meanSpreadPercent?: number;
  /**
   * Standard deviation of each step's Gaussian shock, in percent.
   * @default {8}
   */
  noisePercent?: number;
  /**
   * How each VM's shocks scale with its own mean: their standard deviation is `noisePercent`
   * times (the VM's mean / `meanPercent`) to this power (in PlanetLab's traces a VM's variation
   * grows about as its mean to the 0.56; {@link fitSyntheticTraces} estimates it). 0: every
   * VM's shocks have `noisePercent`. Only matters with `meanSpreadPercent`.
   * @default {0}
   */
  noiseExponent?: number;
  /**
   * Pull back towards the mean per step, in (0, 1] (1 = independent samples).
   * @default {0.2}
   */
  reversion?: number;
}

const ACTION = "generate synthetic traces";

/** Most values generated in one call (count x intervals). */
const MAX_VALUES = 100_000_000;

/**
 * Generates seeded synthetic CPU traces in the PlanetLab layout: a mean-reverting random walk
 * (discrete Ornstein-Uhlenbeck) per VM, rounded to integer percent and clipped to [0, 100];
 * with `meanSpreadPercent`, each VM reverts to a mean of its own (gamma-distributed), its shocks
 * scaled by a power of that mean (`noiseExponent`).
 * {@link fitSyntheticTraces} fits the options to real traces.
 *
 * Each VM draws from its own streams `createPrng(seed, "trace", vmIndex)` (and
 * `createPrng(seed, "trace-mean", vmIndex)` for its mean), so adding VMs never changes the
 * traces of the others.
 *
 * @param count Number of traces (VMs), integer >= 0.
 * @param options Seed, length and shape.
 * @returns The traces, named `synthetic-0`, `synthetic-1`, ...
 *
 * @example Two traces of 12 intervals
 * ```ts
 * import { generateSyntheticTraces } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const traces = generateSyntheticTraces(2, { seed: 1, intervals: 12 });
 * assert.equal(traces.percent.length, 2);
 * assert.equal(traces.percent[0]!.length, 12);
 * assert.deepEqual(traces, generateSyntheticTraces(2, { seed: 1, intervals: 12 }));
 * ```
 */
export function generateSyntheticTraces(
  count: number,
  options: SyntheticTracesOptions,
): UtilizationTraces {
  requiredOptions(ACTION, "options", options, [
    "seed",
    "intervals",
    "meanPercent",
    "meanSpreadPercent",
    "noisePercent",
    "noiseExponent",
    "reversion",
  ]);
  const {
    seed,
    intervals = 288,
    meanPercent = 25,
    meanSpreadPercent = 0,
    noisePercent = 8,
    noiseExponent = 0,
    reversion = 0.2,
  } = options;
  integer(ACTION, "count", count, 0);
  integer(ACTION, "options.intervals", intervals, 1);
  if (count * intervals > MAX_VALUES) {
    throw new RangeError(
      `Cannot ${ACTION} as count x options.intervals must be <= ${MAX_VALUES}: current value is ${
        count * intervals
      }`,
    );
  }
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as options.seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  within(ACTION, "options.meanPercent", meanPercent, 0, 100);
  within(ACTION, "options.meanSpreadPercent", meanSpreadPercent, 0, 100);
  if (meanSpreadPercent > 0 && meanPercent === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as options.meanSpreadPercent must be 0 when options.meanPercent is 0 (the VMs' means are drawn around it): current value is ${
        show(meanSpreadPercent)
      }`,
    );
  }
  within(ACTION, "options.noisePercent", noisePercent, 0, 100);
  within(ACTION, "options.noiseExponent", noiseExponent, 0, 2);
  positive(ACTION, "options.reversion", reversion);
  within(ACTION, "options.reversion", reversion, 0, 1);
  const names: string[] = [];
  const percent: number[][] = [];
  // gamma with mean m and standard deviation s: shape (m / s)^2, scale s^2 / m
  const shape = meanSpreadPercent > 0 ? (meanPercent / meanSpreadPercent) ** 2 : 0;
  const scale = meanSpreadPercent > 0 ? meanSpreadPercent ** 2 / meanPercent : 0;
  for (let v = 0; v < count; v++) {
    const prng = createPrng(seed, "trace", v);
    // each VM's mean from a stream of its own, so a spread leaves the shocks' draws as they are
    const mean = meanSpreadPercent > 0
      ? scale * gammaUnchecked(createPrng(seed, "trace-mean", v), shape)
      : meanPercent;
    const row = new Array<number>(intervals);
    const noise = noiseExponent === 0 || meanSpreadPercent === 0
      ? noisePercent
      : noisePercent * (mean / meanPercent) ** noiseExponent;
    let x = mean + noise * gaussian(prng);
    for (let k = 0; k < intervals; k++) {
      x += reversion * (mean - x) + noise * gaussian(prng);
      row[k] = Math.min(100, Math.max(0, Math.round(x)));
    }
    names.push(`synthetic-${v}`);
    percent.push(row);
  }
  return { names, percent };
}

/** A standard normal draw by Box-Muller (one of the pair). */
function gaussian(prng: () => number): number {
  const u = 1 - prng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * prng());
}
