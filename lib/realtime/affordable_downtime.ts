import { object, options as checkOptions, positive } from "../_validate.ts";
import {
  dbf,
  deadlineMonotonicOrder,
  processorDemandTest,
  sbf,
  type ScaledTask,
  scaledUtilization,
  scaleTasks,
  TOLERANCE,
  usbfSupInverse,
  validateScheduler,
  validateServer,
  validateTasks,
} from "./_analysis.ts";
import type { PeriodicServer } from "./model.ts";
import type { ServedTaskSet } from "./schedulable_in_server.ts";

/** Options of {@link affordableDowntime}. */
export interface AffordableDowntimeOptions {
  /**
   * Speed of the hosting processor (WCETs are divided by it).
   * @default {1}
   */
  capacity?: number;
  /**
   * Cap on the deadlines examined (EDF), and on one task's scheduling points (fixed
   * priority: multiples of the higher-priority periods below its deadline); passing it
   * throws a RangeError.
   * @default {1_000_000}
   */
  maxDeadlines?: number;
}

/** What {@link affordableDowntime} returns. */
export interface AffordableDowntime {
  /**
   * The longest outage in seconds, starting at any time, that the VM's tasks absorb
   * without a deadline miss; null when they miss deadlines even without an outage.
   */
  downtimeSeconds: number | null;
  /**
   * The least spare supply min_t (sbf(t) − demand(t)) in seconds of processor time
   * over the windows that decide (EDF: every deadline; fixed priority: the best
   * scheduling point of the most constrained task).
   */
  slackSeconds: number;
  /** Index of the task whose deadline decides (fixed priority; -1 under EDF or with no task). */
  bindingTask: number;
}

/**
 * The affordable downtime of a VM (Groesbrink 2014, "Virtual machine migration as a
 * fault tolerance technique for embedded real-time systems", SERE-C, pp. 7-12, doi
 * 10.1109/SERE-C.2014.16): the longest service outage its task set can absorb without
 * a deadline miss, computed from its slack, here in the periodic resource model of its
 * server (Shin and Lee 2003).
 *
 * Derivation. An outage of length Δ placed anywhere removes from a window of length t
 * at most usbf(min(Δ, t)) of the supply, where usbf(x) is the most a server Γ = (Π, Θ)
 * can supply in any x seconds: two budgets back to back (end of one period, start of
 * the next), then Θ every Π, so usbf(x) = min(x, Θ) + ⌊y/Π⌋Θ + min(Θ, y − ⌊y/Π⌋Π) with
 * y = max(0, x − Θ); on a dedicated processor usbf(x) = x. So sbf(t) − usbf(min(Δ, t))
 * is a supply lower bound for every window, and the demand tests with it are:
 * - EDF: dbf(t) + usbf(Δ) <= sbf(t) at every deadline t (a window shorter than Δ can
 *   lie inside the outage, but then usbf(Δ) > sbf(t) − dbf(t) there already). With
 *   S = min_t (sbf(t) − dbf(t)), the affordable downtime is sup {Δ : usbf(Δ) <= S}.
 *   Deadlines are scanned until (α − U) t − 2α(Π − Θ) − Σ (T_i − D_i) U_i, a lower bound
 *   of sbf(t) − dbf(t), passes the running minimum (α = Θ/Π).
 * - Fixed priority (deadline-monotonic): task i absorbs Δ if some t <= D_i has
 *   rbf_i(t) + usbf(Δ) <= sbf(t), t among the multiples of higher-priority periods and
 *   D_i; the VM's affordable downtime is the least over tasks of the largest such Δ.
 * - With U >= α (for example U = 1 on a dedicated processor) no outage is affordable:
 *   lost work is never caught up; the result is 0 when schedulable.
 * - A VM without tasks affords any outage (Infinity).
 *
 * On a dedicated processor (Θ = Π) this is the classic slack min_t (t − dbf(t)) under
 * EDF and max_t (t − rbf_i(t)) under fixed priorities, and it is exact: an outage from
 * the synchronous release on makes a deadline miss iff it is longer.
 *
 * @param vm The tasks, the guest scheduler and the server (a {@link RealTimeVm} fits).
 * @param options The processor capacity and the deadline cap.
 * @returns The affordable downtime, the slack and the binding task.
 * @throws {RangeError} If a task, the server or the capacity is out of range.
 * @throws {TypeError} If the scheduler is unknown.
 *
 * @example Two tasks on a dedicated processor absorb a 2 s outage
 * ```ts
 * import { affordableDowntime } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = [
 *   { name: "a", periodSeconds: 10, wcetSeconds: 2, deadlineSeconds: 5 },
 *   { name: "b", periodSeconds: 20, wcetSeconds: 4, deadlineSeconds: 10 },
 * ];
 * const server = { periodSeconds: 1, budgetSeconds: 1 };
 * // EDF: t - dbf(t) is 5 - 2 = 3 at 5, 10 - 6 = 4 at 10, 15 - 8 = 7 at 15: the slack is 3.
 * assert.equal(affordableDowntime({ tasks, scheduler: "edf", server }).downtimeSeconds, 3);
 * // DM: b needs t with t - (4 + ⌈t/10⌉ 2) largest at t = 10: 4; a: 5 - 2 = 3.
 * assert.equal(affordableDowntime({ tasks, scheduler: "fixed-priority", server }).downtimeSeconds, 3);
 * ```
 */
export function affordableDowntime(
  vm: ServedTaskSet,
  options: AffordableDowntimeOptions = {},
): AffordableDowntime {
  checkOptions("run affordableDowntime()", "options", options, ["capacity", "maxDeadlines"]);
  const { capacity = 1, maxDeadlines = 1_000_000 } = options;
  const action = "compute the affordable downtime";
  object(action, "vm", vm);
  validateTasks(action, "vm.tasks", vm.tasks);
  validateScheduler(action, "vm.scheduler", vm.scheduler);
  validateServer(action, "vm.server", vm.server);
  positive(action, "options.capacity", capacity);
  positive(action, "options.maxDeadlines", maxDeadlines);
  const server = vm.server;
  const tasks = scaleTasks(vm.tasks, capacity);
  if (tasks.length === 0) {
    return { downtimeSeconds: Infinity, slackSeconds: Infinity, bindingTask: -1 };
  }
  const alpha = server.budgetSeconds / server.periodSeconds;
  const u = scaledUtilization(tasks);
  if (vm.scheduler === "edf") {
    if (u >= alpha - TOLERANCE) {
      const ok = processorDemandTest(tasks, server).schedulable;
      return { downtimeSeconds: ok ? 0 : null, slackSeconds: 0, bindingTask: -1 };
    }
    const slack = edfSlack(tasks, server, alpha, u, maxDeadlines, action);
    if (slack < -TOLERANCE) return { downtimeSeconds: null, slackSeconds: slack, bindingTask: -1 };
    const downtime = usbfSupInverse(server, Math.max(0, slack));
    return { downtimeSeconds: downtime, slackSeconds: slack, bindingTask: -1 };
  }
  const order = deadlineMonotonicOrder(vm.tasks);
  let downtime = Infinity;
  let slackSeconds = Infinity;
  let bindingTask = -1;
  order.forEach((i, rank) => {
    const self = tasks[i]!;
    const hp = order.slice(0, rank).map((j) => tasks[j]!);
    const points = new Set<number>([self.d]);
    for (const task of hp) {
      for (let k = 1; k * task.t < self.d; k++) {
        points.add(k * task.t);
        if (points.size > maxDeadlines) {
          throw new RangeError(
            `Cannot ${action} as the scheduling points examined must be <= options.maxDeadlines (${maxDeadlines}): current value is ${points.size}`,
          );
        }
      }
    }
    let best = -Infinity;
    for (const t of points) {
      let demand = self.c;
      for (const task of hp) demand += Math.ceil(t / task.t - TOLERANCE) * task.c;
      best = Math.max(best, sbf(server, t) - demand);
    }
    if (best < slackSeconds) {
      slackSeconds = best;
      bindingTask = i;
    }
    const di = best < -TOLERANCE ? -Infinity : usbfSupInverse(server, Math.max(0, best));
    if (di < downtime) downtime = di;
  });
  if (downtime === -Infinity) return { downtimeSeconds: null, slackSeconds, bindingTask };
  return {
    downtimeSeconds: u >= alpha - TOLERANCE ? 0 : downtime,
    slackSeconds,
    bindingTask,
  };
}

/** min over deadlines t of sbf(t) − dbf(t), scanning until the linear lower bound passes it. */
function edfSlack(
  tasks: readonly ScaledTask[],
  server: PeriodicServer,
  alpha: number,
  u: number,
  maxDeadlines: number,
  action: string,
): number {
  let constant = 2 * alpha * (server.periodSeconds - server.budgetSeconds);
  for (const task of tasks) constant += (task.t - task.d) * task.c / task.t;
  const next = tasks.map((task) => task.d);
  let best = Infinity;
  for (let count = 0; count < maxDeadlines; count++) {
    let t = Infinity;
    for (const d of next) t = Math.min(t, d);
    if ((alpha - u) * t - constant > best) return best;
    // no early return at a negative value: slackSeconds is the least over every deadline
    best = Math.min(best, sbf(server, t) - dbf(tasks, t));
    tasks.forEach((task, i) => {
      while (next[i]! <= t * (1 + 1e-12)) next[i] = next[i]! + task.t;
    });
  }
  throw new RangeError(
    `Cannot ${action} as the deadlines examined must be <= options.maxDeadlines (${maxDeadlines}): current value is ${
      maxDeadlines + 1
    }`,
  );
}
