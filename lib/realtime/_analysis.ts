/**
 * Shared internals of the real-time analyses: input checks, the demand and supply
 * functions, the inverse supply function, deadline-monotonic order and the
 * generalised processor-demand test. Internal: not re-exported from `mod.ts`.
 *
 * Conventions used by every analysis here:
 * - A processor of capacity `c` runs a task of WCET `C` in `C / c` seconds: the
 *   analyses scale every WCET by `1 / c` and then work in seconds of processor time.
 * - A periodic server Γ = (Π, Θ) receives Θ seconds of processor time every Π
 *   (Shin and Lee 2003); Θ = Π is a dedicated processor (supply t in any t).
 * - Comparisons of demand with supply allow a relative slack of {@link TOLERANCE}
 *   (1e-9 of the time point, at least 1e-9 s) so that exact boundary cases, such as a
 *   demand equal to the supply, are not lost to floating-point rounding.
 *
 * @module
 */
import {
  integer,
  knownKeys,
  nonNegative,
  object,
  optionNames,
  positive,
  show,
} from "../_validate.ts";
import { MAX_PAGE_COUNT } from "../workload/page_limit.ts";
import { decimalHyperperiod } from "./_hyperperiod.ts";
import type {
  GuestScheduler,
  PeriodicServer,
  PeriodicTask,
  Platform,
  Processor,
  RealTimeVm,
} from "./model.ts";

/**
 * The fields of each record a platform is made of: a misspelt optional field (an
 * `offsetSecond` for `offsetSeconds`) would otherwise run as if it were absent.
 */
const TASK_FIELDS = optionNames<PeriodicTask>({
  name: 0,
  periodSeconds: 0,
  wcetSeconds: 0,
  deadlineSeconds: 0,
  offsetSeconds: 0,
});
const SERVER_FIELDS = optionNames<PeriodicServer>({ periodSeconds: 0, budgetSeconds: 0 });
const PROCESSOR_FIELDS = optionNames<Processor>({ name: 0, capacity: 0, ramBytes: 0, link: 0 });
const VM_FIELDS = optionNames<RealTimeVm>({ name: 0, tasks: 0, scheduler: 0, server: 0, image: 0 });
const PLATFORM_FIELDS = optionNames<Platform>({ processors: 0, vms: 0, placement: 0 });

/**
 * Most deadlines the processor-demand test examines (backward and forward scans each),
 * checked as it goes: task sets whose periods differ by many orders of magnitude would
 * otherwise take unbounded time (a period of 1e-52 s beside one of 4 s).
 */
export const MAX_DEMAND_DEADLINES = 5_000_000;

/**
 * Most processors a platform built from a count may have (`simulateMission`'s platform,
 * `partitionTasks`): each is listed in the result.
 */
export const MAX_PROCESSORS = 100_000;

/** Throws the named error for a demand test past its deadline budget. */
function tooManyDeadlines(count: number): never {
  throw new RangeError(
    `Cannot run the processor-demand test as the deadlines examined must be <= ${MAX_DEMAND_DEADLINES} (periods too far apart): current value is ${count}`,
  );
}

/** Relative tolerance of demand-versus-supply comparisons. */
export const TOLERANCE = 1e-9;

/** A task reduced to the numbers the analyses use, WCET already scaled by capacity. */
export interface ScaledTask {
  /** Period T in seconds. */
  t: number;
  /** WCET in seconds of processor time on the analysed processor. */
  c: number;
  /** Relative deadline D in seconds. */
  d: number;
}

/**
 * Checks one task and returns it unchanged. With `arbitraryDeadlines`, a deadline
 * beyond the period is allowed (analyses that support it: EDF demand, the
 * arbitrary-deadline response-time analysis, the simulator).
 */
export function validateTask(
  action: string,
  field: string,
  task: unknown,
  arbitraryDeadlines = false,
): PeriodicTask {
  const o = object(action, field, task);
  knownKeys(action, field, o, TASK_FIELDS);
  if (typeof o.name !== "string") {
    throw new TypeError(
      `Cannot ${action} as ${field}.name must be a string: current value is ${show(o.name)}`,
    );
  }
  const period = positive(action, `${field}.periodSeconds`, o.periodSeconds);
  const wcet = positive(action, `${field}.wcetSeconds`, o.wcetSeconds);
  // a period so short that the utilization overflows (2 s every 5e-323 s) leaves every
  // analysis with Infinity - Infinity
  if (!Number.isFinite(wcet / period)) {
    throw new RangeError(
      `Cannot ${action} as ${field}.wcetSeconds / periodSeconds (its utilization) must be finite: current value is ${
        wcet / period
      }`,
    );
  }
  const deadline = positive(action, `${field}.deadlineSeconds`, o.deadlineSeconds);
  if (deadline > period && !arbitraryDeadlines) {
    throw new RangeError(
      `Cannot ${action} as ${field}.deadlineSeconds must be <= periodSeconds (${period}): current value is ${deadline}`,
    );
  }
  if (o.offsetSeconds !== undefined) nonNegative(action, `${field}.offsetSeconds`, o.offsetSeconds);
  return task as PeriodicTask;
}

/** Checks a task array (may be empty). */
export function validateTasks(
  action: string,
  field: string,
  tasks: unknown,
  arbitraryDeadlines = false,
): PeriodicTask[] {
  if (!Array.isArray(tasks)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an array: current value is ${show(tasks)}`,
    );
  }
  tasks.forEach((task, i) => validateTask(action, `${field}[${i}]`, task, arbitraryDeadlines));
  return tasks as PeriodicTask[];
}

/** Requires the names of `items` to be unique (results and reports are keyed by them). */
function uniqueNames(action: string, field: string, items: readonly { name: string }[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.name);
    if (first !== undefined) {
      throw new RangeError(
        `Cannot ${action} as ${field}[${i}].name must be unique (${field}[${first}] has it): current value is ${
          show(item.name)
        }`,
      );
    }
    seen.set(item.name, i);
  });
}

/** Checks a periodic server (0 < Θ <= Π). */
export function validateServer(action: string, field: string, server: unknown): PeriodicServer {
  const o = object(action, field, server);
  knownKeys(action, field, o, SERVER_FIELDS);
  const period = positive(action, `${field}.periodSeconds`, o.periodSeconds);
  const budget = positive(action, `${field}.budgetSeconds`, o.budgetSeconds);
  if (budget > period) {
    throw new RangeError(
      `Cannot ${action} as ${field}.budgetSeconds must be <= periodSeconds (${period}): current value is ${budget}`,
    );
  }
  return server as PeriodicServer;
}

/** Checks a platform: processors, VMs (tasks, scheduler, server, image) and placement. */
export function validatePlatform(
  action: string,
  platform: unknown,
  options: { allowUnplaced?: boolean; arbitraryDeadlines?: boolean } = {},
): Platform {
  const { allowUnplaced = false, arbitraryDeadlines = false } = options;
  const p = object(action, "platform", platform);
  knownKeys(action, "platform", p, PLATFORM_FIELDS);
  if (!Array.isArray(p.processors)) {
    throw new TypeError(
      `Cannot ${action} as platform.processors must be an array: current value is ${
        show(p.processors)
      }`,
    );
  }
  if (!Array.isArray(p.vms)) {
    throw new TypeError(
      `Cannot ${action} as platform.vms must be an array: current value is ${show(p.vms)}`,
    );
  }
  if (!Array.isArray(p.placement)) {
    throw new TypeError(
      `Cannot ${action} as platform.placement must be an array: current value is ${
        show(p.placement)
      }`,
    );
  }
  p.processors.forEach((proc, i) => {
    const o = object(action, `platform.processors[${i}]`, proc);
    knownKeys(action, `platform.processors[${i}]`, o, PROCESSOR_FIELDS);
    if (typeof o.name !== "string") {
      throw new TypeError(
        `Cannot ${action} as platform.processors[${i}].name must be a string: current value is ${
          show(o.name)
        }`,
      );
    }
    if (o.link !== undefined) {
      const link = object(action, `platform.processors[${i}].link`, o.link);
      positive(
        action,
        `platform.processors[${i}].link.bandwidthBytesPerSecond`,
        link.bandwidthBytesPerSecond,
      );
    }
    positive(action, `platform.processors[${i}].capacity`, o.capacity);
    nonNegative(action, `platform.processors[${i}].ramBytes`, o.ramBytes);
  });
  uniqueNames(action, "platform.processors", p.processors as { name: string }[]);
  p.vms.forEach((vm, i) => {
    const field = `platform.vms[${i}]`;
    const o = object(action, field, vm);
    knownKeys(action, field, o, VM_FIELDS);
    if (typeof o.name !== "string") {
      throw new TypeError(
        `Cannot ${action} as ${field}.name must be a string: current value is ${show(o.name)}`,
      );
    }
    validateTasks(action, `${field}.tasks`, o.tasks, arbitraryDeadlines);
    // a platform's reports name tasks within their VM (a bare task list is kept by index)
    uniqueNames(action, `${field}.tasks`, o.tasks as { name: string }[]);
    validateScheduler(action, `${field}.scheduler`, o.scheduler);
    validateServer(action, `${field}.server`, o.server);
    // as the migration engine takes a VM (whole pages, at most MAX_PAGE_COUNT), and a byte
    // count that stays an exact integer, so that a processor's RAM sums stay finite
    const image = object(action, `${field}.image`, o.image);
    integer(action, `${field}.image.pageCount`, image.pageCount, 1, MAX_PAGE_COUNT);
    integer(action, `${field}.image.pageSizeBytes`, image.pageSizeBytes, 1);
    const bytes = imageBytes(image as { pageCount: number; pageSizeBytes: number });
    if (!(bytes <= Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(
        `Cannot ${action} as ${field}.image must hold at most 2^53 bytes (pageCount · pageSizeBytes): current value is ${bytes}`,
      );
    }
  });
  uniqueNames(action, "platform.vms", p.vms as { name: string }[]);
  if (p.placement.length !== p.vms.length) {
    throw new RangeError(
      `Cannot ${action} as platform.placement.length must be platform.vms.length (${p.vms.length}): current value is ${p.placement.length}`,
    );
  }
  const processorCount = p.processors.length;
  p.placement.forEach((host, i) =>
    integer(
      action,
      `platform.placement[${i}]`,
      host,
      allowUnplaced ? -1 : 0,
      processorCount - 1,
    )
  );
  return platform as Platform;
}

/** Checks a guest scheduler name. */
export function validateScheduler(action: string, field: string, value: unknown): void {
  if (value !== "edf" && value !== "fixed-priority") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be one of "edf", "fixed-priority": current value is ${
        show(value)
      }`,
    );
  }
}

/** Tasks with WCETs scaled to a processor of the given capacity. */
export function scaleTasks(tasks: readonly PeriodicTask[], capacity: number): ScaledTask[] {
  return tasks.map((task) => ({
    t: task.periodSeconds,
    c: task.wcetSeconds / capacity,
    d: task.deadlineSeconds,
  }));
}

/** Σ C/T of scaled tasks. */
export function scaledUtilization(tasks: readonly ScaledTask[]): number {
  let u = 0;
  for (const task of tasks) u += task.c / task.t;
  return u;
}

/**
 * Demand bound function: work with release and deadline in [0, t], synchronous release.
 * A deadline within the tolerance above t counts at t, the first one as every later one.
 */
export function dbf(tasks: readonly ScaledTask[], t: number): number {
  let demand = 0;
  for (const task of tasks) {
    const jobs = Math.floor((t - task.d) / task.t + TOLERANCE) + 1;
    if (jobs > 0) demand += jobs * task.c;
  }
  return demand;
}

/** Supply bound function of the periodic resource model (Shin and Lee 2003). */
export function sbf(server: PeriodicServer | undefined, t: number): number {
  if (server === undefined || server.budgetSeconds === server.periodSeconds) return Math.max(0, t);
  const { periodSeconds: p, budgetSeconds: b } = server;
  const y = t - (p - b);
  if (y <= 0) return 0;
  const k = Math.floor(y / p);
  return k * b + Math.max(0, y - k * p - (p - b));
}

/**
 * sup {x : usbf(x) <= s} for s >= 0, where usbf(x) is the most supply the server gives in any
 * x seconds: min(x, Θ) + kΘ + min(Θ, y − kΠ) with y = max(0, x − Θ), k = floor(y / Π) (the
 * end of a plateau when s sits on one, also when rounding left s a hair below it: 0.125 is
 * five budgets of 0.025).
 */
export function usbfSupInverse(server: PeriodicServer, s: number): number {
  const { periodSeconds: p, budgetSeconds: b } = server;
  if (b >= p || s < (2 - TOLERANCE) * b) return s;
  const j = Math.max(0, Math.floor((s - 2 * b) / b + TOLERANCE));
  const r = s - (2 + j) * b;
  return b + (j + 1) * p + r;
}

/**
 * The least time t with sbf(t) >= x (x >= 0). A demand within the tolerance above a
 * whole number of budgets is that many budgets (0.1 + 0.2 is three budgets of 0.1).
 */
export function sbfInverse(server: PeriodicServer | undefined, x: number): number {
  if (x <= 0) return 0;
  if (server === undefined || server.budgetSeconds === server.periodSeconds) return x;
  const { periodSeconds: p, budgetSeconds: b } = server;
  const k = Math.max(0, Math.ceil(x / b - TOLERANCE) - 1);
  return 2 * (p - b) + k * p + (x - k * b);
}

/** Whether demand `h` fits within supply `s` at time `t`, with the tolerance. */
export function fits(h: number, s: number, t: number): boolean {
  return h <= s + TOLERANCE * Math.max(1, t);
}

/** Task indices in deadline-monotonic order (shorter deadline first, ties by index). */
export function deadlineMonotonicOrder(tasks: readonly PeriodicTask[]): number[] {
  return tasks.map((_, i) => i).sort((a, b) =>
    tasks[a]!.deadlineSeconds - tasks[b]!.deadlineSeconds || a - b
  );
}

/** The largest absolute deadline k·T + D (k >= 0) strictly below x, or -Infinity. */
export function lastDeadlineBefore(tasks: readonly ScaledTask[], x: number): number {
  let best = -Infinity;
  for (const task of tasks) {
    if (task.d >= x) continue;
    let k = Math.ceil((x - task.d) / task.t) - 1;
    // Beyond 2^53 jobs k-- no longer changes k; such a scan would never end anyway.
    if (k > Number.MAX_SAFE_INTEGER) tooManyDeadlines(k);
    while (k > 0 && k * task.t + task.d >= x) k--;
    const d = k * task.t + task.d;
    if (d < x && d > best) best = d;
  }
  return best;
}

/** Result of {@link processorDemandTest}. */
export interface DemandTestResult {
  /** Whether dbf(t) <= sbf(t) at every absolute deadline. */
  schedulable: boolean;
  /** The bound up to which deadlines were examined (0 when a utilization test decided). */
  checkedUpToSeconds: number;
  /** The earliest deadline at which demand exceeds supply, or null. */
  failureSeconds: number | null;
  /** Deadlines at which dbf and sbf were compared. */
  iterations: number;
}

/**
 * EDF processor-demand test dbf(t) <= sbf(t) at every absolute deadline, by the QPA
 * backward iteration of Zhang and Burns (2009) generalised to a supply bound function
 * (a jump from a passing t to sbf⁻¹(dbf(t)) skips only passing deadlines: for t' in
 * between, dbf(t') <= dbf(t) <= sbf(t')). QPA, going backwards, meets a late failing
 * deadline first; the earliest one is then found by a forward scan of the deadlines
 * up to it, with the demand summed incrementally.
 */
export function processorDemandTest(
  tasks: readonly ScaledTask[],
  server: PeriodicServer | undefined,
): DemandTestResult {
  if (tasks.length === 0) {
    return { schedulable: true, checkedUpToSeconds: 0, failureSeconds: null, iterations: 0 };
  }
  const alpha = server === undefined ? 1 : server.budgetSeconds / server.periodSeconds;
  const dedicated = alpha === 1;
  const u = scaledUtilization(tasks);
  const implicit = tasks.every((task) => task.d === task.t);
  if (dedicated && implicit && u <= 1 + TOLERANCE) {
    return { schedulable: true, checkedUpToSeconds: 0, failureSeconds: null, iterations: 0 };
  }
  let bound: number;
  const maxPeriod = Math.max(...tasks.map((task) => task.t));
  if (u > alpha + TOLERANCE) {
    // dbf(t) >= U·t - Σ U_i D_i and sbf(t) <= α·t: demand exceeds supply before this bound.
    let sumUD = 0;
    for (const task of tasks) sumUD += (task.c / task.t) * task.d;
    bound = Math.max(0, sumUD / (u - alpha)) + maxPeriod;
  } else if (!dedicated && u >= alpha - TOLERANCE) {
    // U = α < 1. With every D <= T, dbf = U·t at each common multiple t of the periods,
    // above sbf(t) < α t: unschedulable. A deadline beyond its period delays its demand:
    // dbf(t) <= U t + Σ U_i (T_i - D_i) for t >= max(D_i - T_i), within sbf(t) >=
    // α (t - 2(Π - Θ)) when Σ U_i (T_i - D_i) + 2α(Π - Θ) <= 0, so only the deadlines
    // before need checking. Otherwise dbf - sbf repeats with any common multiple H of the
    // periods and Π beyond t0 = max(Π - Θ, D_i - T_i): dbf(t + H) = dbf(t) + U H once no
    // job count is clipped at 0 (t >= D_i - T_i), sbf(t + Π) = sbf(t) + Θ once t > Π - Θ,
    // and U H = α H (a U below α within the tolerance only lowers dbf − sbf from one H to
    // the next, one above it raises it by less than the tolerance). Every value of dbf - sbf beyond t0 is then taken in [t0, t0 + H], and
    // its largest at a deadline or at t0 (dbf is constant between deadlines, sbf does not
    // fall), so the deadlines up to t0 + H decide it exactly. Without such an H (periods not
    // decimals, or too many deadlines before it): unschedulable (conservative).
    const { periodSeconds: p, budgetSeconds: b } = server!;
    let shift = alpha * 2 * (p - b);
    for (const task of tasks) shift += (task.t - task.d) * task.c / task.t;
    bound = Math.max(...tasks.map((task) => task.d - task.t));
    if (shift > 0) {
      const horizon = repeatingHorizon(tasks, p, Math.max(p - b, bound));
      if (horizon === undefined) {
        return { schedulable: false, checkedUpToSeconds: 0, failureSeconds: null, iterations: 0 };
      }
      bound = horizon;
    }
  } else if (u >= 1 - TOLERANCE) {
    bound = busyPeriod(tasks);
  } else {
    // dbf(t) <= U·t + Σ max(0, T_i - D_i) U_i and sbf(t) >= α (t - 2(Π - Θ)); a task
    // with D > T adds nothing (its own U_i (t + T_i - D_i) is negative before D_i - T_i).
    let slack = 0;
    for (const task of tasks) slack += Math.max(0, task.t - task.d) * task.c / task.t;
    const blackout = server === undefined ? 0 : 2 * (server.periodSeconds - server.budgetSeconds);
    bound = (slack + alpha * blackout) / (alpha - u);
    if (dedicated) bound = Math.min(bound, busyPeriod(tasks));
  }
  const minDeadline = Math.min(...tasks.map((task) => task.d));
  bound = Math.max(bound, minDeadline);
  let t = lastDeadlineBefore(tasks, bound * (1 + TOLERANCE) + TOLERANCE);
  let failure: number | null = null;
  let iterations = 0;
  while (t >= minDeadline) {
    if (++iterations > MAX_DEMAND_DEADLINES) tooManyDeadlines(iterations);
    const h = dbf(tasks, t);
    if (!fits(h, sbf(server, t), t)) {
      failure = t;
      break;
    }
    const s = sbfInverse(server, h);
    t = lastDeadlineBefore(tasks, Math.min(s, t));
  }
  if (failure !== null) {
    const earliest = earliestFailure(tasks, server, failure);
    failure = earliest.failureSeconds;
    iterations += earliest.deadlines;
  }
  return {
    schedulable: failure === null && u <= alpha + TOLERANCE,
    checkedUpToSeconds: bound,
    failureSeconds: failure,
    iterations,
  };
}

/**
 * The earliest deadline t <= `upTo` with dbf(t) > sbf(t), by a forward scan of the
 * absolute deadlines in increasing order (a heap of each task's next deadline) with the
 * demand summed incrementally: O(log n) per deadline. `upTo` is known to fail.
 */
function earliestFailure(
  tasks: readonly ScaledTask[],
  server: PeriodicServer | undefined,
  upTo: number,
): { failureSeconds: number; deadlines: number } {
  // Heap entries: [deadline, task index, job number k] with deadline = D + k T.
  const heap: [number, number, number][] = tasks.map((task, i) => [task.d, i, 0]);
  const less = (a: [number, number, number], b: [number, number, number]) => a[0] < b[0];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  let demand = 0;
  let deadlines = 0;
  let pops = 0;
  const limit = upTo * (1 + TOLERANCE) + TOLERANCE;
  while (heap.length > 0 && heap[0]![0] <= limit) {
    const t = heap[0]![0];
    // Every deadline within the tolerance of t counts at t (as dbf's floor does).
    while (heap.length > 0 && heap[0]![0] <= t * (1 + TOLERANCE) + TOLERANCE) {
      if (++pops > MAX_DEMAND_DEADLINES) tooManyDeadlines(pops);
      const top = heap[0]!;
      const task = tasks[top[1]]!;
      demand += task.c;
      top[2]++;
      top[0] = task.d + top[2] * task.t;
      down(0);
    }
    if (++deadlines > MAX_DEMAND_DEADLINES) tooManyDeadlines(deadlines);
    if (!fits(demand, sbf(server, t), t)) return { failureSeconds: t, deadlines };
  }
  return { failureSeconds: upTo, deadlines };
}

/**
 * t0 + H for the processor-demand test with U = α (see {@link processorDemandTest}): H the
 * decimal hyperperiod of the tasks' periods and the server's period Π, or undefined when
 * there is none or the deadlines up to t0 + H are more than the test examines.
 */
function repeatingHorizon(
  tasks: readonly ScaledTask[],
  serverPeriod: number,
  t0: number,
): number | undefined {
  const minPeriod = Math.min(serverPeriod, ...tasks.map((task) => task.t));
  const H = decimalHyperperiod(
    [serverPeriod, ...tasks.map((task) => task.t)],
    MAX_DEMAND_DEADLINES * minPeriod,
  );
  if (H === undefined) return undefined;
  const horizon = t0 + H;
  let deadlines = 0;
  for (const task of tasks) deadlines += Math.max(0, Math.floor((horizon - task.d) / task.t) + 1);
  return deadlines <= MAX_DEMAND_DEADLINES ? horizon : undefined;
}

/** Length of the synchronous busy period, by the fixed point w = Σ ⌈w/T⌉ C (needs U <= 1). */
export function busyPeriod(tasks: readonly ScaledTask[]): number {
  let w = 0;
  for (const task of tasks) w += task.c;
  for (let i = 0; i < 1_000_000; i++) {
    let next = 0;
    for (const task of tasks) next += Math.ceil(w / task.t - TOLERANCE) * task.c;
    if (next <= w * (1 + 1e-12)) return w;
    w = next;
  }
  throw new RangeError(
    `Cannot compute the busy period as the iteration count must be <= 1000000: current value is 1000001`,
  );
}

/**
 * Worst-case response times under fixed priorities in a supply sbf (Joseph and Pandya
 * 1986; Shin and Lee 2003): the least t with rbf_i(t) <= sbf(t), found by the
 * fixed-point iteration t <- sbf⁻¹(C_i + Σ_{j in hp(i)} ⌈t/T_j⌉ C_j). `order` lists
 * task indices from the highest priority. Returns null for a task whose iteration
 * passes its deadline.
 */
export function responseTimes(
  tasks: readonly ScaledTask[],
  order: readonly number[],
  server: PeriodicServer | undefined,
): (number | null)[] {
  const result: (number | null)[] = tasks.map(() => null);
  for (let rank = 0; rank < order.length; rank++) {
    const i = order[rank]!;
    const self = tasks[i]!;
    const hp = order.slice(0, rank).map((j) => tasks[j]!);
    let work = self.c;
    for (const task of hp) work += task.c;
    let t = sbfInverse(server, work);
    let r: number | null = null;
    for (let iter = 0; iter < 1_000_000; iter++) {
      if (t > self.d * (1 + TOLERANCE) + TOLERANCE) break;
      let demand = self.c;
      for (const task of hp) demand += Math.ceil(t / task.t - TOLERANCE) * task.c;
      const next = sbfInverse(server, demand);
      if (next <= t * (1 + 1e-12)) {
        r = t;
        break;
      }
      t = next;
    }
    result[i] = r;
  }
  return result;
}

/** RAM of a VM's memory image in bytes. */
export function imageBytes(image: { pageCount: number; pageSizeBytes: number }): number {
  return image.pageCount * image.pageSizeBytes;
}

/** The test without input checks (for callers that validated already). */
export function isSchedulable(
  tasks: readonly PeriodicTask[],
  scheduler: GuestScheduler,
  server: PeriodicServer,
  capacity: number,
): boolean {
  const scaled = scaleTasks(tasks, capacity);
  if (scheduler === "edf") return processorDemandTest(scaled, server).schedulable;
  return responseTimes(scaled, deadlineMonotonicOrder(tasks), server).every((r) => r !== null);
}
