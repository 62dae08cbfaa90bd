import { object, options as checkOptions, positive } from "../_validate.ts";
import { isSchedulable, validateScheduler, validateServer, validateTasks } from "./_analysis.ts";
import type { GuestScheduler, PeriodicServer, PeriodicTask } from "./model.ts";

/** The part of a {@link RealTimeVm} that {@link schedulableInServer} reads. */
export interface ServedTaskSet {
  /** The guest's periodic tasks. */
  tasks: PeriodicTask[];
  /** The guest's scheduler (fixed priority is deadline-monotonic). */
  scheduler: GuestScheduler;
  /** The hypervisor's reservation for the guest. */
  server: PeriodicServer;
}

/** Options of {@link schedulableInServer}. */
export interface SchedulableInServerOptions {
  /**
   * Speed of the hosting processor (WCETs are divided by it).
   * @default {1}
   */
  capacity?: number;
}

/**
 * Tests whether a VM's tasks meet every deadline inside its periodic server
 * Γ = (Π, Θ) on a processor of the given capacity (Shin and Lee 2003): under EDF iff
 * dbf(t) <= sbf_Γ(t) at every deadline (see {@link analyzeEdf}); under
 * deadline-monotonic fixed priorities iff every task i has some t <= D_i with
 * rbf_i(t) <= sbf_Γ(t) (see {@link analyzeFixedPriority}).
 *
 * The server's budget is processor time of the hosting processor: on a processor of
 * capacity c it supplies c · Θ of reference work per period. A VM with no task is
 * schedulable.
 *
 * @param vm The tasks, the guest scheduler and the server (a {@link RealTimeVm} fits).
 * @param options The capacity of the hosting processor.
 * @returns Whether the VM is schedulable in its server.
 * @throws {RangeError} If a task, the server or the capacity is out of range.
 * @throws {TypeError} If the scheduler is not "edf" or "fixed-priority".
 *
 * @example A task of 1 s every 10 s needs a budget of 1 s every 5 s
 * ```ts
 * import { schedulableInServer } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = [{ name: "a", periodSeconds: 10, wcetSeconds: 1, deadlineSeconds: 10 }];
 * assert.equal(schedulableInServer({ tasks, scheduler: "edf", server: { periodSeconds: 5, budgetSeconds: 1 } }), true);
 * assert.equal(schedulableInServer({ tasks, scheduler: "fixed-priority", server: { periodSeconds: 5, budgetSeconds: 0.9 } }), false);
 * assert.equal(schedulableInServer({ tasks, scheduler: "fixed-priority", server: { periodSeconds: 5, budgetSeconds: 0.9 } }, { capacity: 2 }), true);
 * ```
 */
export function schedulableInServer(
  vm: ServedTaskSet,
  options: SchedulableInServerOptions = {},
): boolean {
  checkOptions("run schedulableInServer()", "options", options, ["capacity"]);
  const { capacity = 1 } = options;
  const action = "test schedulability in a server";
  object(action, "vm", vm);
  validateTasks(action, "vm.tasks", vm.tasks);
  validateScheduler(action, "vm.scheduler", vm.scheduler);
  validateServer(action, "vm.server", vm.server);
  positive(action, "options.capacity", capacity);
  return isSchedulable(vm.tasks, vm.scheduler, vm.server, capacity);
}
