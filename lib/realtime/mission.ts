import { integer, nonNegative, object, positive, requiredOptions, within } from "../_validate.ts";
import type { Fidelity } from "../migration/result.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import type { LifetimeDistribution } from "../reliability/lifetime.ts";
import { drawFaults, type Fault } from "./fault_model.ts";
import {
  type FaultRestoration,
  injectFault,
  type RestorationTechnique,
} from "./fault_restoration.ts";
import type { Platform } from "./model.ts";

/** Options of {@link simulateMission}. */
export interface MissionOptions {
  /** Mission time in seconds (> 0). */
  missionSeconds: number;
  /** One lifetime distribution for every processor, or one per processor. */
  lifetimes: LifetimeDistribution | readonly LifetimeDistribution[];
  /** Probability that a fault is `"degraded"` (its VMs can be migrated), in [0, 1]. */
  pDegraded: number;
  /**
   * Probability that the reconfiguration after a fault succeeds (is covered).
   * @default {1}
   */
  coverage?: number;
  /** Technique that migrates the VMs of a degraded processor. */
  technique: RestorationTechnique;
  /** Seed of the mission; recorded in the result. */
  seed: Seed;
  /**
   * Index of the mission within the seed (Monte Carlo repetition).
   * @default {0}
   */
  missionIndex?: number;
  /**
   * Seconds after a degraded fault during which VM state can still be sent.
   * @default {Infinity}
   */
  windowSeconds?: number;
  /**
   * Fault detection latency in seconds.
   * @default {0}
   */
  detectionSeconds?: number;
  /**
   * Fidelity of the migration engine.
   * @default {"page"}
   */
  fidelity?: Fidelity;
  /**
   * Passed to `injectFault`: simulate the schedule this many seconds past each fault
   * to count deadline misses (0 skips it, which is much faster).
   * @default {0}
   */
  scheduleAfterFaultSeconds?: number;
}

/** One fault of a mission and how the system handled it. */
export interface MissionFaultRecord {
  /** The fault. */
  fault: Fault;
  /** Whether its reconfiguration was covered. */
  covered: boolean;
  /** The restoration of the faulty processor's VMs. */
  restoration: FaultRestoration;
  /** Whether this fault ended the mission (a VM lost, or the fault uncovered). */
  systemFailed: boolean;
}

/** The result of {@link simulateMission}. */
export interface MissionResult {
  /** The seed. */
  seed: Seed;
  /** The mission index. */
  missionIndex: number;
  /** Mission time in seconds. */
  missionSeconds: number;
  /** The technique. */
  technique: RestorationTechnique;
  /** Whether every VM ran somewhere schedulable for the whole mission. */
  survived: boolean;
  /** When the system failed, in seconds, or null when it survived. */
  failureSeconds: number | null;
  /** The faults up to the system failure (or the mission end), in time order. */
  faults: MissionFaultRecord[];
}

/**
 * Simulates one mission of a platform: processor faults drawn from their lifetimes,
 * each handled by {@link injectFault} on the platform as the earlier faults left it.
 *
 * Model: faults come from `drawFaults` (stream `createPrng(seed, "fault", missionIndex,
 * processor)`); each fault's reconfiguration is covered with probability `coverage`
 * (stream `createPrng(seed, "coverage", missionIndex, processor)`, one uniform). The
 * system works while every VM runs on a working processor that stays schedulable. It
 * fails at a fault that is uncovered (even on a processor that hosts no VM: the
 * combinatorial model's convention, where every failure needs a reconfiguration),
 * or that loses a VM (fail-stop, no schedulable target, or migration beyond the
 * window). With `pDegraded = 1`, an unlimited window and identical processors whose
 * VMs a greedy target selection packs as well as any placement, this is the k-out-of-m
 * model with coverage of `migrationSystemReliability`.
 *
 * @param platform The platform at the mission start (placement feasible).
 * @param options Mission time, lifetimes, fault kinds, coverage, technique, seed.
 * @returns Survival, failure time and one record per handled fault.
 * @throws {RangeError} If a time, probability or index is out of range.
 *
 * @example A two-processor mission with a short mission time survives
 * ```ts
 * import { simulateMission } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const platform = {
 *   processors: [processor("p0"), processor("p1")],
 *   vms: [{
 *     name: "a",
 *     scheduler: "edf" as const,
 *     server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
 *     tasks: [{ name: "t", periodSeconds: 0.02, wcetSeconds: 0.002, deadlineSeconds: 0.02 }],
 *     image: { pageCount: 256, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } },
 *   }],
 *   placement: [0],
 * };
 * const result = simulateMission(platform, {
 *   missionSeconds: 3600,
 *   lifetimes: { kind: "exponential", ratePerSecond: 1e-9 },
 *   pDegraded: 1,
 *   technique: "pre-copy",
 *   seed: 1,
 * });
 * assert.equal(result.survived, true);
 * assert.equal(result.failureSeconds, null);
 * ```
 */
export function simulateMission(platform: Platform, options: MissionOptions): MissionResult {
  requiredOptions("run simulateMission()", "options", options, [
    "coverage",
    "detectionSeconds",
    "fidelity",
    "lifetimes",
    "missionIndex",
    "missionSeconds",
    "pDegraded",
    "scheduleAfterFaultSeconds",
    "seed",
    "technique",
    "windowSeconds",
  ]);
  const action = "simulate a mission";
  object(action, "platform", platform);
  object(action, "options", options);
  const {
    missionSeconds,
    lifetimes,
    pDegraded,
    coverage = 1,
    technique,
    seed,
    missionIndex = 0,
    windowSeconds = Infinity,
    detectionSeconds = 0,
    fidelity = "page",
    scheduleAfterFaultSeconds = 0,
  } = options;
  positive(action, "options.missionSeconds", missionSeconds);
  within(action, "options.coverage", coverage, 0, 1);
  integer(action, "options.missionIndex", missionIndex, 0);
  nonNegative(action, "options.detectionSeconds", detectionSeconds);
  const faults = drawFaults(platform, {
    lifetimes,
    pDegraded,
    seed,
    missionIndex,
    horizonSeconds: missionSeconds,
  });
  let current: Platform = platform;
  const failed: number[] = [];
  const records: MissionFaultRecord[] = [];
  for (const fault of faults) {
    const covered = createPrng(seed, "coverage", missionIndex, fault.processorIndex)() < coverage;
    const restoration = injectFault(current, fault, {
      technique,
      seed,
      windowSeconds,
      detectionSeconds,
      covered,
      failedProcessors: failed,
      fidelity,
      scheduleAfterFaultSeconds,
    });
    failed.push(fault.processorIndex);
    const systemFailed = !covered || !restoration.allRestored;
    records.push({ fault, covered, restoration, systemFailed });
    if (systemFailed) {
      return {
        seed,
        missionIndex,
        missionSeconds,
        technique,
        survived: false,
        failureSeconds: fault.timeSeconds,
        faults: records,
      };
    }
    current = { ...current, placement: restoration.placement };
  }
  return {
    seed,
    missionIndex,
    missionSeconds,
    technique,
    survived: true,
    failureSeconds: null,
    faults: records,
  };
}
