import { checkLifetime } from "../reliability/_lifetime_check.ts";
import { integer, nonNegative, object, requiredOptions, show, within } from "../_validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { drawLifetime, type LifetimeDistribution } from "../reliability/lifetime.ts";
import type { Platform } from "./model.ts";

/**
 * What a processor fault leaves behind.
 *
 * - `"fail-stop"`: the processor stops at once and its memory is lost; its VMs are
 *   lost (they are not restored).
 * - `"degraded"`: the processor can no longer guarantee its guests' timing, but it can
 *   still save and send VM state for a time window after the fault, so its VMs can be
 *   migrated away (see `injectFault`).
 */
export type FaultKind = "fail-stop" | "degraded";

/** One processor fault. */
export interface Fault {
  /** Index of the faulty processor in `platform.processors`. */
  processorIndex: number;
  /** When the fault happens, in seconds from the mission start. */
  timeSeconds: number;
  /** The kind of fault. */
  kind: FaultKind;
}

/** Options of {@link drawFaults}. */
export interface DrawFaultsOptions {
  /** One lifetime distribution for every processor, or one per processor (same index). */
  lifetimes: LifetimeDistribution | readonly LifetimeDistribution[];
  /** Probability that a fault is `"degraded"` rather than `"fail-stop"`, in [0, 1]. */
  pDegraded: number;
  /** Seed of the mission. */
  seed: Seed;
  /**
   * Index of the mission (Monte Carlo repetition) within the seed.
   * @default {0}
   */
  missionIndex?: number;
  /**
   * Only faults at or before this time (seconds) are returned.
   * @default {Infinity}
   */
  horizonSeconds?: number;
}

/**
 * Draws each processor's fault for one mission: its time (one lifetime drawn from the
 * processor's distribution; processors are not repaired, so each faults at most once)
 * and its kind (`"degraded"` with probability `pDegraded`, else `"fail-stop"`).
 *
 * Randomness: processor `p` draws from its own stream
 * `createPrng(seed, "fault", missionIndex, p)`, first the lifetime (`drawLifetime`),
 * then one uniform for the kind (degraded when below `pDegraded`). Adding a processor
 * or changing the horizon never changes another processor's fault.
 *
 * @param platform The platform; only its processor count is used.
 * @param options Lifetimes, probability of a degraded fault, seed, mission, horizon.
 * @returns The faults up to the horizon, in time order (ties by processor index).
 * @throws {RangeError} If a probability, index or time is out of range.
 * @throws {TypeError} If the lifetimes are not one distribution or one per processor.
 *
 * @example Three processors, one fault each, in time order
 * ```ts
 * import { drawFaults } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const processor = { name: "p", capacity: 1, ramBytes: 2 ** 30, link };
 * const processors = ["p0", "p1", "p2"].map((name) => ({ ...processor, name }));
 * const platform = { processors, vms: [], placement: [] };
 * const faults = drawFaults(platform, {
 *   lifetimes: { kind: "exponential", ratePerSecond: 1e-4 },
 *   pDegraded: 0.8,
 *   seed: 1,
 * });
 * assert.equal(faults.length, 3);
 * assert.ok(faults[0]!.timeSeconds <= faults[1]!.timeSeconds);
 * ```
 */
export function drawFaults(platform: Platform, options: DrawFaultsOptions): Fault[] {
  requiredOptions("run drawFaults()", "options", options, [
    "horizonSeconds",
    "lifetimes",
    "missionIndex",
    "pDegraded",
    "seed",
  ]);
  const action = "draw faults";
  object(action, "platform", platform);
  object(action, "options", options);
  const {
    lifetimes,
    pDegraded,
    seed,
    missionIndex = 0,
    horizonSeconds = Infinity,
  } = options;
  if (!Array.isArray(platform.processors)) {
    throw new TypeError(
      `Cannot ${action} as platform.processors must be an array: current value is ${
        show(platform.processors)
      }`,
    );
  }
  const count = platform.processors.length;
  within(action, "options.pDegraded", pDegraded, 0, 1);
  integer(action, "options.missionIndex", missionIndex, 0);
  if (horizonSeconds !== Infinity) nonNegative(action, "options.horizonSeconds", horizonSeconds);
  const perProcessor = Array.isArray(lifetimes);
  if (perProcessor && lifetimes.length !== count) {
    throw new TypeError(
      `Cannot ${action} as options.lifetimes must be one distribution or one per processor (${count}): current value is an array of ${lifetimes.length}`,
    );
  }
  const faults: Fault[] = [];
  for (let p = 0; p < count; p++) {
    const dist = perProcessor
      ? (lifetimes as readonly LifetimeDistribution[])[p]!
      : lifetimes as LifetimeDistribution;
    const prng = createPrng(seed, "fault", missionIndex, p);
    checkLifetime(action, perProcessor ? `options.lifetimes[${p}]` : "options.lifetimes", dist);
    const timeSeconds = drawLifetime(prng, dist);
    const kind: FaultKind = prng() < pDegraded ? "degraded" : "fail-stop";
    if (timeSeconds <= horizonSeconds) faults.push({ processorIndex: p, timeSeconds, kind });
  }
  return faults.sort((a, b) =>
    a.timeSeconds - b.timeSeconds || a.processorIndex - b.processorIndex
  );
}
