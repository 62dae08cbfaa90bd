import { integer, object, positive, requiredOptions, show } from "../_validate.ts";
import { deadlineMonotonicOrder, validatePlatform } from "./_analysis.ts";
import type { Platform } from "./model.ts";

/** An interval in which a VM's tasks get no service (fault detection to resume). */
export interface ScheduleOutage {
  /** VM index. */
  vm: number;
  /** Start of the outage in seconds (>= 0). */
  fromSeconds: number;
  /** End of the outage in seconds (>= fromSeconds; Infinity for a VM that never resumes). */
  toSeconds: number;
}

/** Options of {@link simulateSchedule}. */
export interface SimulateScheduleOptions {
  /** Simulated time span [0, horizonSeconds], a finite number > 0. */
  horizonSeconds: number;
  /**
   * Outages of VMs; intervals of one VM may overlap.
   * @default {[]}
   */
  outages?: ScheduleOutage[];
  /**
   * Cap on scheduling steps over all processors; reaching it throws a RangeError. A step
   * releases at most one job of a task, so a task releasing more than `maxEvents + 1` jobs in
   * the horizon is refused before the run.
   * @default {10_000_000}
   */
  maxEvents?: number;
  /**
   * Keep running a job past its deadline until it finishes (counted as missed once, at
   * its deadline) instead of aborting it there. Later jobs of the same task wait
   * behind it (jobs of one task run in release order), so lateness cascades as in a
   * real system without deadline enforcement; response times then include late jobs.
   * @default {false}
   */
  keepLateJobs?: boolean;
}

/** What happened to one task in {@link simulateSchedule}. */
export interface TaskScheduleRow {
  /** VM index. */
  vm: number;
  /** VM name. */
  vmName: string;
  /** Task index within its VM. */
  taskIndex: number;
  /** Task name. */
  task: string;
  /** Processor index (-1 for an unplaced VM, whose jobs never run). */
  processor: number;
  /** Jobs released in [0, horizonSeconds). */
  released: number;
  /** Jobs that finished by their deadline. */
  completed: number;
  /**
   * Jobs whose deadline (<= horizonSeconds) passed before they finished; each is
   * aborted there unless `keepLateJobs`.
   */
  missed: number;
  /**
   * Longest response time (finish − release) of a finished job (with `keepLateJobs`,
   * late jobs included), or null if none finished.
   */
  maxResponseSeconds: number | null;
}

/** What {@link simulateSchedule} returns. */
export interface ScheduleResult {
  /** The simulated horizon in seconds. */
  horizonSeconds: number;
  /** Scheduling steps taken, over all processors. */
  events: number;
  /** Σ missed over all tasks. */
  totalMissed: number;
  /** The earliest absolute deadline that was missed (any task), or null. */
  firstMissSeconds: number | null;
  /** One row per task, VMs in index order, tasks in their order. */
  tasks: TaskScheduleRow[];
}

/** Default of {@link SimulateScheduleOptions.maxEvents}. */
export const DEFAULT_SCHEDULE_MAX_EVENTS = 10_000_000;

/** Times closer than this (seconds) are the same instant; work below it (in seconds of this processor) is done. */
const EPSILON = 1e-9;

/** Jobs a task releases in [0, horizon): at offset + k·period (times within EPSILON are one). */
function releasesWithin(horizonSeconds: number, offsetSeconds: number, periodSeconds: number) {
  return offsetSeconds < horizonSeconds
    ? Math.ceil((horizonSeconds - offsetSeconds) / periodSeconds - EPSILON)
    : 0;
}

interface Job {
  releaseSeconds: number;
  deadlineSeconds: number;
  remainingWork: number;
  late: boolean;
}

interface TaskState {
  row: TaskScheduleRow;
  slot: number;
  rank: number;
  periodSeconds: number;
  deadlineSeconds: number;
  wcetSeconds: number;
  offsetSeconds: number;
  nextRelease: number;
  /**
   * Jobs in release order, so in deadline order (each deadline is its release plus the
   * task's D): those before `head` are gone; the first pending one runs.
   */
  jobs: Job[];
  /** Index in `jobs` of the first pending job. */
  head: number;
  /**
   * Pending jobs already late, kept by `keepLateJobs`: those from `head` on, deadlines being
   * in release order (0 without it: a late job is dropped).
   */
  late: number;
}

interface ServerState {
  vm: number;
  edf: boolean;
  periodSeconds: number;
  budgetSeconds: number;
  remainingSeconds: number;
  deadlineSeconds: number;
  nextRelease: number;
  outages: [number, number][];
}

/**
 * Simulates hierarchical scheduling on every processor of a platform, event by
 * event with exact times, and counts deadline misses per task.
 *
 * Model, exactly:
 * - Each processor runs the periodic servers of its VMs under EDF: server (Π, Θ) of a
 *   VM is a job released at 0, Π, 2Π, … with Θ seconds of budget and deadline at the
 *   end of its period (ties: lower VM index). It is a periodic (polling, idling)
 *   server: when scheduled it consumes budget whether or not its VM has work, which is
 *   the supply the periodic resource model's sbf bounds. Unused budget is lost at
 *   the replenishment.
 * - Inside its server, a guest runs its pending jobs by EDF (earliest absolute
 *   deadline, ties by task index) or deadline-monotonic fixed priorities; a job needs
 *   C / capacity seconds of processor time.
 * - Jobs are released at offset + k·T; deadlines may exceed periods (several jobs of
 *   a task then pend; they run in release order). A job not finished at its absolute
 *   deadline is counted as missed once and aborted there (hard real-time: no
 *   cascading lateness), or with `keepLateJobs` keeps running until it finishes. A job
 *   that finishes exactly at its deadline meets it. `firstMissSeconds` is the earliest
 *   missed deadline.
 * - During an outage [fromSeconds, toSeconds) of a VM its tasks do not run (its
 *   server idles its budget away) but jobs keep being released. A VM with placement
 *   -1 never runs. A VM stays on its `placement` processor for the whole run; servers
 *   isolate VMs, so to model a migrated VM pass its destination and an outage.
 * - Times within 1e-9 s are one instant. Jobs pending at the horizon count as
 *   released only, so released = completed + missed + pending.
 *
 * @param platform Processors, VMs and the placement (-1 allowed).
 * @param options The horizon, outages and the event cap.
 * @returns Per-task counts of released, completed and missed jobs, and the worst response time.
 * @throws {RangeError} If the horizon, an outage or an index is out of range, or the event
 * cap is reached (or a task's releases in the horizon alone exceed it).
 * @throws {TypeError} If the platform or an outage has the wrong shape.
 *
 * @example One VM in a half-processor server: response time = blackout + work
 * ```ts
 * import { simulateSchedule } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const platform = {
 *   processors: [{ name: "p0", capacity: 1, ramBytes: 2 ** 30, link: { bandwidthBytesPerSecond: 1e8 } }],
 *   vms: [{
 *     name: "a",
 *     scheduler: "edf" as const,
 *     server: { periodSeconds: 2, budgetSeconds: 1 },
 *     tasks: [{ name: "t", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 4 }],
 *     image: { pageCount: 1, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } },
 *   }],
 *   placement: [0],
 * };
 * const result = simulateSchedule(platform, { horizonSeconds: 8 });
 * assert.deepEqual(result.tasks[0], {
 *   vm: 0, vmName: "a", taskIndex: 0, task: "t", processor: 0,
 *   released: 2, completed: 2, missed: 0, maxResponseSeconds: 1,
 * });
 * const out = simulateSchedule(platform, { horizonSeconds: 8, outages: [{ vm: 0, fromSeconds: 0, toSeconds: 5 }] });
 * assert.equal(out.tasks[0]!.missed, 1);
 * ```
 */
export function simulateSchedule(
  platform: Platform,
  options: SimulateScheduleOptions,
): ScheduleResult {
  requiredOptions("run simulateSchedule()", "options", options, [
    "horizonSeconds",
    "keepLateJobs",
    "maxEvents",
    "outages",
  ]);
  const action = "simulate the schedule";
  validatePlatform(action, platform, { allowUnplaced: true, arbitraryDeadlines: true });
  object(action, "options", options);
  const {
    horizonSeconds,
    outages = [],
    maxEvents = DEFAULT_SCHEDULE_MAX_EVENTS,
    keepLateJobs = false,
  } = options;
  positive(action, "options.horizonSeconds", horizonSeconds);
  integer(action, "options.maxEvents", maxEvents, 0);
  if (typeof keepLateJobs !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as options.keepLateJobs must be a boolean: current value is ${
        show(keepLateJobs)
      }`,
    );
  }
  let firstMiss = Infinity;
  if (!Array.isArray(outages)) {
    throw new TypeError(
      `Cannot ${action} as options.outages must be an array: current value is ${show(outages)}`,
    );
  }
  const outagesByVm: [number, number][][] = platform.vms.map(() => []);
  outages.forEach((o, i) => {
    const field = `options.outages[${i}]`;
    requiredOptions(action, field, o, ["vm", "fromSeconds", "toSeconds"]);
    const vm = integer(action, `${field}.vm`, o.vm, 0, platform.vms.length - 1);
    const from = o.fromSeconds;
    if (typeof from !== "number" || !(from >= 0) || !Number.isFinite(from)) {
      throw new (typeof from === "number" ? RangeError : TypeError)(
        `Cannot ${action} as ${field}.fromSeconds must be a finite number >= 0: current value is ${
          show(from)
        }`,
      );
    }
    const to = o.toSeconds;
    if (typeof to !== "number" || !(to >= from)) {
      throw new (typeof to === "number" ? RangeError : TypeError)(
        `Cannot ${action} as ${field}.toSeconds must be a number >= fromSeconds (${from}): current value is ${
          show(to)
        }`,
      );
    }
    outagesByVm[vm]!.push([from, to]);
  });

  const rows: TaskScheduleRow[] = [];
  const byProcessor: { servers: ServerState[]; tasks: TaskState[] }[] = platform.processors.map(
    () => ({ servers: [], tasks: [] }),
  );
  platform.vms.forEach((vm, v) => {
    const host = platform.placement[v]!;
    const ranks: number[] = [];
    deadlineMonotonicOrder(vm.tasks).forEach((taskIndex, rank) => ranks[taskIndex] = rank);
    const group = byProcessor[host];
    const slot = group === undefined ? -1 : group.servers.length;
    if (group !== undefined) {
      group.servers.push({
        vm: v,
        edf: vm.scheduler === "edf",
        periodSeconds: vm.server.periodSeconds,
        budgetSeconds: vm.server.budgetSeconds,
        remainingSeconds: 0,
        deadlineSeconds: 0,
        nextRelease: 0,
        outages: outagesByVm[v]!,
      });
    }
    vm.tasks.forEach((task, taskIndex) => {
      const row: TaskScheduleRow = {
        vm: v,
        vmName: vm.name,
        taskIndex,
        task: task.name,
        processor: host,
        released: 0,
        completed: 0,
        missed: 0,
        maxResponseSeconds: null,
      };
      rows.push(row);
      const offset = task.offsetSeconds ?? 0;
      if (group === undefined) {
        // Never runs: every released job whose deadline falls in the horizon is missed.
        row.released = releasesWithin(horizonSeconds, offset, task.periodSeconds);
        const lastDeadline = horizonSeconds - offset - task.deadlineSeconds;
        row.missed = lastDeadline >= -EPSILON
          ? Math.min(row.released, Math.floor(lastDeadline / task.periodSeconds + EPSILON) + 1)
          : 0;
        if (row.missed > 0) firstMiss = Math.min(firstMiss, offset + task.deadlineSeconds);
        return;
      }
      group.tasks.push({
        row,
        slot,
        rank: ranks[taskIndex]!,
        periodSeconds: task.periodSeconds,
        deadlineSeconds: task.deadlineSeconds,
        wcetSeconds: task.wcetSeconds,
        offsetSeconds: offset,
        nextRelease: 0,
        jobs: [],
        head: 0,
        late: 0,
      });
    });
  });

  // Each scheduling step releases at most one job of a task, so a task with more releases in
  // the horizon than maxEvents + 1 reaches the event cap: refused before the run, which would
  // take that many steps first (a period of 2e-91 s over 0.1 s: 5e89 steps, never ending).
  for (const { tasks } of byProcessor) {
    for (const task of tasks) {
      const releases = releasesWithin(horizonSeconds, task.offsetSeconds, task.periodSeconds);
      if (releases > maxEvents + 1) {
        const vm = task.row.vm, taskIndex = task.row.taskIndex;
        throw new RangeError(
          `Cannot ${action} as the event count must be <= maxEvents (${maxEvents}): current ` +
            `value is at least ${releases - 1} (the jobs platform.vms[${vm}].tasks[${taskIndex}] ` +
            `releases in options.horizonSeconds, ${horizonSeconds} s at a period of ` +
            `${task.periodSeconds} s, one step each)`,
        );
      }
    }
  }

  let events = 0;
  platform.processors.forEach((processor, p) => {
    const { servers, tasks } = byProcessor[p]!;
    if (tasks.length === 0) return;
    const capacity = processor.capacity;
    const boundaries = servers.flatMap((s) => s.outages.flat())
      .filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
    let nextBoundary = 0;
    let now = 0;
    let running: ServerState | null = null;
    let runningJob: TaskState | null = null;
    while (true) {
      // 1. Everything that happens at `now`: completions, budget exhaustion, deadlines, releases.
      for (const task of tasks) {
        const head = task.jobs[task.head];
        if (head !== undefined && head.remainingWork <= EPSILON * capacity) {
          task.head++;
          if (head.late) task.late--;
          else task.row.completed++;
          const response = now - head.releaseSeconds;
          if (task.row.maxResponseSeconds === null || response > task.row.maxResponseSeconds) {
            task.row.maxResponseSeconds = response;
          }
        }
        // the jobs whose deadline has come: from the first pending one not yet late on, up to
        // the first deadline still ahead (deadlines are in release order)
        let lateNow = 0;
        for (let i = task.head + task.late; i < task.jobs.length; i++) {
          const job = task.jobs[i]!;
          if (job.deadlineSeconds > now + EPSILON) break;
          job.late = true;
          lateNow++;
          task.row.missed++;
          if (job.deadlineSeconds < firstMiss) firstMiss = job.deadlineSeconds;
        }
        if (keepLateJobs) task.late += lateNow;
        else task.head += lateNow;
        // the jobs gone are dropped once they are most of the array
        if (task.head >= 1024 && 2 * task.head >= task.jobs.length) {
          task.jobs = task.jobs.slice(task.head);
          task.head = 0;
        }
      }
      for (const s of servers) {
        if (s.remainingSeconds <= EPSILON) s.remainingSeconds = 0;
        const release = s.nextRelease * s.periodSeconds;
        if (release <= now + EPSILON) {
          s.remainingSeconds = s.budgetSeconds;
          s.deadlineSeconds = release + s.periodSeconds;
          s.nextRelease++;
        }
      }
      for (const task of tasks) {
        const release = task.offsetSeconds + task.nextRelease * task.periodSeconds;
        if (release <= now + EPSILON && release < horizonSeconds - EPSILON) {
          task.jobs.push({
            releaseSeconds: release,
            deadlineSeconds: release + task.deadlineSeconds,
            remainingWork: task.wcetSeconds,
            late: false,
          });
          task.nextRelease++;
          task.row.released++;
        }
      }
      while (nextBoundary < boundaries.length && boundaries[nextBoundary]! <= now + EPSILON) {
        nextBoundary++;
      }
      if (now >= horizonSeconds - EPSILON) break;
      if (++events > maxEvents) {
        throw new RangeError(
          `Cannot ${action} as the event count must be <= maxEvents (${maxEvents}): current value is ${events}`,
        );
      }

      // 2. Who runs: the server with the earliest deadline, then its guest's best job.
      running = null;
      for (const s of servers) {
        if (s.remainingSeconds <= 0) continue;
        if (running === null || s.deadlineSeconds < running.deadlineSeconds) running = s;
      }
      runningJob = null;
      if (running !== null && !inOutage(running.outages, now)) {
        const slot = servers.indexOf(running);
        for (const task of tasks) {
          const head = task.jobs[task.head];
          if (task.slot !== slot || head === undefined) continue;
          if (
            runningJob === null ||
            (running.edf
              ? head.deadlineSeconds < runningJob.jobs[runningJob.head]!.deadlineSeconds
              : task.rank < runningJob.rank)
          ) {
            runningJob = task;
          }
        }
      }

      // 3. The next instant at which something changes.
      let next = horizonSeconds;
      for (const s of servers) next = Math.min(next, s.nextRelease * s.periodSeconds);
      for (const task of tasks) {
        next = Math.min(next, task.offsetSeconds + task.nextRelease * task.periodSeconds);
        // the earliest deadline of a job not yet late: the first such (deadlines in release order)
        const due = task.jobs[task.head + task.late];
        if (due !== undefined) next = Math.min(next, due.deadlineSeconds);
      }
      if (nextBoundary < boundaries.length) next = Math.min(next, boundaries[nextBoundary]!);
      if (running !== null) next = Math.min(next, now + running.remainingSeconds);
      if (runningJob !== null) {
        next = Math.min(next, now + runningJob.jobs[runningJob.head]!.remainingWork / capacity);
      }
      const dt = next - now;
      if (running !== null) running.remainingSeconds -= dt;
      if (runningJob !== null) runningJob.jobs[runningJob.head]!.remainingWork -= dt * capacity;
      now = next;
    }
  });

  return {
    horizonSeconds,
    events,
    totalMissed: rows.reduce((sum, row) => sum + row.missed, 0),
    firstMissSeconds: Number.isFinite(firstMiss) ? firstMiss : null,
    tasks: rows,
  };
}

/** Whether `t` falls in one of the [from, to) intervals (within the tolerance). */
function inOutage(outages: readonly [number, number][], t: number): boolean {
  for (const [from, to] of outages) {
    if (from - EPSILON <= t && t < to - EPSILON) return true;
  }
  return false;
}
