import { options as checkOptions, positive } from "../_validate.ts";
import { validateTasks } from "./_analysis.ts";
import type { PeriodicTask } from "./model.ts";

/** Options of {@link utilizationBounds}. */
export interface UtilizationBoundsOptions {
  /**
   * Speed of the processor relative to the reference processor (WCETs are divided by it).
   * @default {1}
   */
  capacity?: number;
}

/** The verdicts of {@link utilizationBounds}. */
export interface UtilizationBounds {
  /** Number of tasks n. */
  taskCount: number;
  /** Σ C_i / (capacity · min(D_i, T_i)): the density (the utilization when D = T). */
  density: number;
  /** Liu and Layland's bound n (2^(1/n) − 1) (1 for n = 0). */
  liuLaylandBound: number;
  /** Whether density <= the Liu and Layland bound (sufficient for rate/deadline monotonic). */
  liuLayland: boolean;
  /** Π (u_i + 1) with u_i = C_i / (capacity · min(D_i, T_i)). */
  hyperbolicProduct: number;
  /** Whether Π (u_i + 1) <= 2 (Bini, Buttazzo and Buttazzo 2003; sufficient, dominates Liu and Layland). */
  hyperbolic: boolean;
  /** Whether density <= 1 (sufficient for EDF; exact when every D = T). */
  edfDensity: boolean;
}

/**
 * Utilization-bound schedulability tests, the quick sufficient checks that sit beside
 * the exact ones ({@link analyzeFixedPriority}, {@link analyzeEdf}) on a dedicated
 * processor:
 * - Liu and Layland (1973): n implicit-deadline tasks are schedulable by rate
 *   monotonic priorities if U <= n (2^(1/n) − 1).
 * - The hyperbolic bound (Bini, Buttazzo and Buttazzo 2003, "Rate monotonic analysis:
 *   the hyperbolic bound", IEEE Trans. Computers 52(7)): schedulable by rate monotonic
 *   if Π (U_i + 1) <= 2. It accepts every set Liu and Layland accepts, and more.
 * - EDF: U <= 1 (Liu and Layland 1973), exact for implicit deadlines.
 *
 * With constrained deadlines (D < T) each u_i is the density C_i / D_i: a task of
 * (C, T, D) does no less than one of (C, D, D), so the bounds stay sufficient for
 * deadline-monotonic priorities and EDF (they are no longer exact for EDF).
 *
 * @param tasks The periodic tasks (D <= T; the bounds do not cover D > T).
 * @param options The processor capacity.
 * @returns The density, both bounds and the three verdicts.
 * @throws {RangeError} If a period, WCET, deadline or the capacity is out of range,
 *   including a deadline beyond its period.
 *
 * @example Three tasks: the hyperbolic bound accepts what Liu and Layland reject
 * ```ts
 * import { utilizationBounds } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = utilizationBounds([
 *   { name: "a", periodSeconds: 10, wcetSeconds: 5, deadlineSeconds: 10 },
 *   { name: "b", periodSeconds: 10, wcetSeconds: 1.5, deadlineSeconds: 10 },
 *   { name: "c", periodSeconds: 10, wcetSeconds: 1.5, deadlineSeconds: 10 },
 * ]);
 * // U = 0.8 > 3 (2^(1/3) - 1) = 0.7798; (1.5)(1.15)(1.15) = 1.98 <= 2
 * assert.equal(r.liuLayland, false);
 * assert.equal(r.hyperbolic, true);
 * ```
 */
export function utilizationBounds(
  tasks: readonly PeriodicTask[],
  options: UtilizationBoundsOptions = {},
): UtilizationBounds {
  checkOptions("run utilizationBounds()", "options", options, ["capacity"]);
  const { capacity = 1 } = options;
  const action = "test utilization bounds";
  validateTasks(action, "tasks", tasks);
  positive(action, "options.capacity", capacity);
  const n = tasks.length;
  let density = 0;
  let product = 1;
  for (const task of tasks) {
    const u = task.wcetSeconds / (capacity * Math.min(task.deadlineSeconds, task.periodSeconds));
    density += u;
    product *= u + 1;
  }
  const liuLaylandBound = n === 0 ? 1 : n * (Math.pow(2, 1 / n) - 1);
  // A relative slack of 1e-12 keeps exact boundary cases (U equal to the bound) accepted.
  return {
    taskCount: n,
    density,
    liuLaylandBound,
    liuLayland: density <= liuLaylandBound * (1 + 1e-12),
    hyperbolicProduct: product,
    hyperbolic: product <= 2 * (1 + 1e-12),
    edfDensity: density <= 1 + 1e-12,
  };
}
