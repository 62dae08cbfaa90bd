/**
 * The system model of the review (sections 1 and 8; Groesbrink 2014): m identical
 * processors host v real-time VMs; migration after a processor fault keeps the
 * system up while the working processors can still host every VM schedulably.
 *
 * @module
 */
import { checkLifetime } from "./_lifetime_check.ts";
import { integer, optionNames, requiredOptions, show, within } from "../_validate.ts";
import { kOutOfNWithCoverage } from "./k_out_of_n_with_coverage.ts";
import { MAX_COMPONENTS } from "./_tails.ts";
import { type LifetimeDistribution, reliabilityAt } from "./lifetime.ts";

/**
 * The system: processor count, the hosting requirement, the processors' reliability
 * and the coverage. Give exactly one of `requiredProcessors` and `canHost`, and
 * exactly one of `componentReliability` and `lifetime` (with `missionSeconds`).
 */
export interface MigrationSystem {
  /** The number m of identical processors (integer in [1, 1e7]). */
  processors: number;
  /**
   * The least number k of working processors that can still host every VM
   * schedulably (integer in [1, processors]), e.g. from a bin-packing of server
   * bandwidths.
   */
  requiredProcessors?: number;
  /**
   * Alternative to `requiredProcessors`: whether `workingCount` identical processors
   * can host every VM schedulably (a boolean; any other answer is an error). k is the least
   * count in 1..m for which it returns true; it must be true for m and is assumed monotone
   * (more processors never hurt).
   */
  canHost?: (workingCount: number) => boolean;
  /** The reliability R of one processor over the mission, in [0, 1]. */
  componentReliability?: number;
  /** Alternative to `componentReliability`: the processors' lifetime distribution. */
  lifetime?: LifetimeDistribution;
  /** The mission time in seconds (>= 0), required with `lifetime`. */
  missionSeconds?: number;
  /**
   * The probability c that the migration after a processor failure succeeds.
   * @default {1}
   */
  coverage?: number;
  /**
   * The number h of processors that host at least one VM, all of which are needed
   * without migration; the other m - h are hot spares.
   * @default {processors}
   */
  hostingProcessors?: number;
}

/** Reliability with and without migration, and the gain. */
export interface ReliabilityIncrease {
  /** m, the processor count. */
  processors: number;
  /** k, the least number of working processors that can host every VM. */
  requiredProcessors: number;
  /** h, the processors needed without migration. */
  hostingProcessors: number;
  /** R, the reliability of one processor over the mission. */
  componentReliability: number;
  /** c, the coverage. */
  coverage: number;
  /** Σ_{j=0}^{m-k} C(m, j) R^(m-j) (1 - R)^j c^j. */
  withMigration: number;
  /** R^h. */
  withoutMigration: number;
  /** withMigration - withoutMigration. */
  difference: number;
  /** withMigration / withoutMigration (Infinity when only the latter is 0, NaN when both are). */
  ratio: number;
  /**
   * The least coverage c* in [0, 1] for which migration does not lower reliability
   * (difference >= 0 iff c >= c*); 0 when h = m or R is 0 or 1.
   */
  breakEvenCoverage: number;
}

interface Resolved {
  m: number;
  k: number;
  h: number;
  r: number;
  c: number;
}

function resolve(action: string, system: MigrationSystem): Resolved {
  requiredOptions(
    action,
    "system",
    system,
    optionNames<MigrationSystem>({
      processors: 0,
      requiredProcessors: 0,
      canHost: 0,
      componentReliability: 0,
      lifetime: 0,
      missionSeconds: 0,
      coverage: 0,
      hostingProcessors: 0,
    }),
  );
  const m = integer(action, "system.processors", system.processors, 1, MAX_COMPONENTS);
  let k: number;
  if ((system.requiredProcessors === undefined) === (system.canHost === undefined)) {
    throw new TypeError(
      `Cannot ${action} as exactly one of system.requiredProcessors and system.canHost must be given: current value is ${
        show({ requiredProcessors: system.requiredProcessors, canHost: typeof system.canHost })
      }`,
    );
  }
  if (system.canHost !== undefined) {
    if (typeof system.canHost !== "function") {
      throw new TypeError(
        `Cannot ${action} as system.canHost must be a function: current value is ${
          show(system.canHost)
        }`,
      );
    }
    const canHost = system.canHost;
    /** Its answer for `count` processors, checked: a boolean (1 or "yes" read as false once). */
    const hosts = (count: number): boolean => {
      const answer: unknown = canHost(count);
      if (typeof answer !== "boolean") {
        throw new TypeError(
          `Cannot ${action} as system.canHost(${count}) must return a boolean: current value is ${
            show(answer)
          }`,
        );
      }
      return answer;
    };
    if (!hosts(m)) {
      throw new RangeError(
        `Cannot ${action} as system.canHost(processors) must be true: current value is false`,
      );
    }
    k = 1;
    while (k < m && !hosts(k)) k++;
  } else {
    k = integer(action, "system.requiredProcessors", system.requiredProcessors, 1, m);
  }
  let r: number;
  if ((system.componentReliability === undefined) === (system.lifetime === undefined)) {
    throw new TypeError(
      `Cannot ${action} as exactly one of system.componentReliability and system.lifetime must be given: current value is ${
        show({ componentReliability: system.componentReliability, lifetime: system.lifetime })
      }`,
    );
  }
  if (system.lifetime !== undefined) {
    if (system.missionSeconds === undefined) {
      throw new TypeError(
        `Cannot ${action} as system.missionSeconds must be given with system.lifetime: current value is undefined`,
      );
    }
    checkLifetime(action, "system.lifetime", system.lifetime);
    const t: unknown = system.missionSeconds;
    if (typeof t !== "number" || !(t >= 0)) {
      throw new (typeof t === "number" ? RangeError : TypeError)(
        `Cannot ${action} as system.missionSeconds must be a number >= 0: current value is ${
          show(t)
        }`,
      );
    }
    r = reliabilityAt(system.lifetime, t);
  } else {
    r = within(action, "system.componentReliability", system.componentReliability, 0, 1);
  }
  const c = within(action, "system.coverage", system.coverage ?? 1, 0, 1);
  const h = integer(action, "system.hostingProcessors", system.hostingProcessors ?? m, k, m);
  return { m, k, h, r, c };
}

/**
 * Computes the reliability of the review's system with migration: m processors, of
 * which at least k must work to host every VM schedulably, with coverage c.
 *
 * Model (k-out-of-m with imperfect coverage, Bouricius et al. 1969; Dugan & Trivedi
 * 1989; see {@link kOutOfNWithCoverage}): processors fail independently with
 * reliability R over the mission. All m processors are active: every processor
 * failure while the system is up triggers a reconfiguration — the migration of its
 * VMs to the survivors (a spare's failure needs detection and isolation, which we
 * count the same way) — which succeeds with probability c. An uncovered failure
 * (fault not detected in time, state not saved, transfer failed) brings the system
 * down. The system works at the mission time iff at least k processors work and
 * every failure so far was covered:
 *
 * R_mig = Σ_{j=0}^{m-k} C(m, j) R^(m-j) (1 - R)^j c^j
 *
 * @param system The system.
 * @returns R_mig in [0, 1].
 * @throws {RangeError} If a count, reliability or coverage is out of range, or `canHost(m)` is false.
 * @throws {TypeError} If the system has the wrong shape (both or neither of two alternatives),
 *   or `canHost` answers anything but a boolean.
 *
 * @example 4 processors, 3 needed, perfect coverage: 4R³ - 3R⁴
 * ```ts
 * import { migrationSystemReliability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = migrationSystemReliability({
 *   processors: 4,
 *   requiredProcessors: 3,
 *   componentReliability: 0.9,
 * });
 * assert.ok(Math.abs(r - (4 * 0.9 ** 3 - 3 * 0.9 ** 4)) < 1e-15);
 * ```
 */
export function migrationSystemReliability(system: MigrationSystem): number {
  const { m, k, r, c } = resolve("compute migration system reliability", system);
  return kOutOfNWithCoverage(k, m, r, c);
}

/**
 * Compares the reliability with migration ({@link migrationSystemReliability}) to
 * the reliability without it, where every one of the h processors that host a VM
 * is needed (a series system, R^h; no reconfiguration, so no coverage term).
 *
 * When the increase is negative: never when h = m (the j = 0 term of R_mig is R^m
 * and every other term is >= 0), nor when c = 1 (at least k <= h of m working
 * includes the h hosts working). With hot spares (h < m) and low coverage, an
 * uncovered failure of a spare takes down a system that would have run on without
 * it: at c = 0, R_mig = R^m < R^h. The increase is non-decreasing in c, and
 * `breakEvenCoverage` (found by bisection to 1e-12) is where it changes sign.
 *
 * @param system The system.
 * @returns Both reliabilities, their difference and ratio, and the break-even coverage.
 * @throws {RangeError} If a count, reliability or coverage is out of range, or `canHost(m)` is false.
 * @throws {TypeError} If the system has the wrong shape, or `canHost` answers anything but a
 *   boolean.
 *
 * @example 8 processors of which 6 must work
 * ```ts
 * import { reliabilityIncrease } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const gain = reliabilityIncrease({
 *   processors: 8,
 *   canHost: (working) => working >= 6,
 *   componentReliability: 0.95,
 *   coverage: 0.99,
 * });
 * assert.equal(gain.requiredProcessors, 6);
 * assert.ok(Math.abs(gain.withoutMigration - 0.95 ** 8) < 1e-15);
 * assert.ok(gain.difference > 0.3);
 * ```
 */
export function reliabilityIncrease(system: MigrationSystem): ReliabilityIncrease {
  const { m, k, h, r, c } = resolve("compute reliability increase", system);
  const withMigration = kOutOfNWithCoverage(k, m, r, c);
  const withoutMigration = Math.pow(r, h);
  let breakEvenCoverage = 0;
  if (h < m && r > 0 && r < 1) {
    let lo = 0;
    let hi = 1;
    while (hi - lo > 1e-12) {
      const mid = (lo + hi) / 2;
      if (kOutOfNWithCoverage(k, m, r, mid) >= withoutMigration) hi = mid;
      else lo = mid;
    }
    breakEvenCoverage = hi;
  }
  return {
    processors: m,
    requiredProcessors: k,
    hostingProcessors: h,
    componentReliability: r,
    coverage: c,
    withMigration,
    withoutMigration,
    difference: withMigration - withoutMigration,
    ratio: withMigration / withoutMigration,
    breakEvenCoverage,
  };
}
