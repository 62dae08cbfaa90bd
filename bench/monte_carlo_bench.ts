/**
 * Speed target of issue 3: one million Monte Carlo missions of a 16-processor system
 * in under 5 s on one core (`monteCarloReliability`'s lean path). Run with
 * `deno bench --allow-read --allow-env bench/monte_carlo_bench.ts`.
 *
 * @module
 */
import { monteCarloReliability } from "../lib/reliability/mod.ts";

const system = {
  processorCount: 16,
  requiredProcessors: 12,
  coverage: 0.95,
} as const;
const year = 365.25 * 86_400;

Deno.bench({
  name: "monteCarloReliability: 1,000,000 missions, 16 processors, exponential lifetimes",
  n: 3,
  warmup: 1,
  fn() {
    monteCarloReliability(
      { ...system, lifetime: { kind: "exponential", ratePerSecond: 1 / (5 * year) } },
      { missions: 1_000_000, missionSeconds: year, seed: 1 },
    );
  },
});

Deno.bench({
  name: "monteCarloReliability: 1,000,000 missions, 16 processors, Weibull lifetimes",
  n: 3,
  warmup: 1,
  fn() {
    monteCarloReliability(
      { ...system, lifetime: { kind: "weibull", shape: 1.5, scaleSeconds: 5 * year } },
      { missions: 1_000_000, missionSeconds: year, seed: 1 },
    );
  },
});
