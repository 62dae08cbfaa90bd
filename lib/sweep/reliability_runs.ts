import { kOutOfNWithCoverage } from "../reliability/k_out_of_n_with_coverage.ts";
import { type LifetimeDistribution, reliabilityAt } from "../reliability/lifetime.ts";
import { monteCarloReliability } from "../reliability/monte_carlo.ts";
import type { RunKind, SweepParameter, SweepRecord } from "./run_kind.ts";

const positive = { type: "number", min: 0, minExclusive: true } as const;

/**
 * Sweeps of reliability Monte Carlo studies: one run simulates `missions` missions
 * of an m-processor system with migration (`monteCarloReliability`: at least
 * `requiredProcessors` of `processorCount` must work, each failure is covered with
 * probability `coverage`) and reports the estimated reliability at `missionSeconds`
 * with its Wilson interval, next to the exact k-out-of-n-with-coverage value.
 *
 * @example A 3-of-4 system: the exact value lies in the Monte Carlo interval
 * ```ts
 * import { RELIABILITY_RUNS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const defaults = Object.fromEntries(
 *   Object.entries(RELIABILITY_RUNS.parameters).map(([k, p]) => [k, p.default]),
 * );
 * const row = RELIABILITY_RUNS.run({ ...defaults, missions: 20000 }, 7);
 * assert.ok(Number(row.lowerBound) <= Number(row.exactReliability));
 * assert.ok(Number(row.exactReliability) <= Number(row.upperBound));
 * ```
 */
export const RELIABILITY_RUNS: RunKind = Object.freeze<RunKind>({
  name: "reliability",
  description: "Monte Carlo reliability of m processors with migration, against the exact value",
  parameters: Object.freeze<Record<string, SweepParameter>>({
    processorCount: {
      description: "processors m",
      default: 4,
      check: { type: "number", min: 1, integer: true },
    },
    requiredProcessors: {
      description: "working processors needed k (<= m)",
      default: 3,
      check: { type: "number", min: 1, integer: true },
    },
    lifetime: {
      description: "processor lifetime distribution",
      default: "exponential",
      check: { type: "choice", values: ["exponential", "weibull"] },
    },
    failureRatePerSecond: {
      description: "exponential: failures per second per processor",
      default: 1e-4,
      check: positive,
    },
    weibullShape: { description: "weibull: shape k", default: 1.5, check: positive },
    weibullScaleSeconds: {
      description: "weibull: scale in seconds",
      default: 1e4,
      check: positive,
    },
    coverage: {
      description: "probability that a failure's migration succeeds",
      default: 1,
      check: { type: "number", min: 0, max: 1 },
    },
    missionSeconds: { description: "mission time in seconds", default: 1000, check: positive },
    missions: {
      description: "missions simulated",
      default: 10000,
      check: { type: "number", min: 1, integer: true },
    },
  }),
  metrics: Object.freeze([
    "reliability",
    "lowerBound",
    "upperBound",
    "exactReliability",
    "failures",
  ]),
  check(p: Readonly<SweepRecord>): void {
    if ((p.requiredProcessors as number) > (p.processorCount as number)) {
      throw new RangeError(
        `Cannot run a sweep as requiredProcessors must be <= processorCount (${p.processorCount}): current value is ${p.requiredProcessors}`,
      );
    }
  },
  run(p: Readonly<SweepRecord>, seed: number): SweepRecord {
    const lifetime: LifetimeDistribution = p.lifetime === "weibull"
      ? {
        kind: "weibull",
        shape: p.weibullShape as number,
        scaleSeconds: p.weibullScaleSeconds as number,
      }
      : { kind: "exponential", ratePerSecond: p.failureRatePerSecond as number };
    const m = p.processorCount as number;
    const k = p.requiredProcessors as number;
    const coverage = p.coverage as number;
    const t = p.missionSeconds as number;
    const result = monteCarloReliability(
      { processorCount: m, requiredProcessors: k, lifetime, coverage },
      { missions: p.missions as number, missionSeconds: t, seed },
    );
    const point = result.points[0]!;
    return {
      reliability: point.reliability,
      lowerBound: point.lowerBound,
      upperBound: point.upperBound,
      exactReliability: kOutOfNWithCoverage(k, m, reliabilityAt(lifetime, t), coverage),
      failures: result.failureTimesSeconds.length,
    };
  },
});
