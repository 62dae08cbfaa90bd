import { integer, nonNegative, positive, requiredOptions } from "../_validate.ts";
import { affordableDowntime } from "./affordable_downtime.ts";
import { validatePlatform } from "./_analysis.ts";
import type { Platform } from "./model.ts";

/** Options of {@link scheduleAffordableDowntime}. */
export interface ScheduleAffordableDowntimeOptions {
  /** Index of the VM that is out of service (EDF guest, placed on a processor). */
  vm: number;
  /** Earliest start of the outage in seconds (>= 0). */
  fromSeconds: number;
  /** The outage may start at any time in [fromSeconds, fromSeconds + spanSeconds] (>= 0). */
  spanSeconds: number;
  /**
   * An outage length to check: the result then names a start time at which an outage
   * this long misses a deadline (`missStartSeconds`), or null if none does.
   * @default {undefined}
   */
  outageSeconds?: number;
  /**
   * Cap on the VM's jobs examined (the release-to-deadline windows grow with their square:
   * 1,000 jobs take some seconds); passing it throws a RangeError.
   * @default {2000}
   */
  maxJobs?: number;
}

/** What {@link scheduleAffordableDowntime} returns. */
export interface ScheduleAffordableDowntime {
  /**
   * The longest outage, starting at any time in the range, after which the VM's jobs
   * in the concrete schedule of `simulateSchedule` still meet every deadline; null if
   * they miss deadlines without any outage.
   */
  downtimeSeconds: number | null;
  /** The start time that binds (misses come at or just before it for longer outages); null if none. */
  worstStartSeconds: number | null;
  /** The worst-case-safe value of `affordableDowntime` for the same VM and processor (periodic resource model). */
  worstCaseDowntimeSeconds: number | null;
  /** For `outageSeconds`: a start time in the range at which it misses a deadline, or null. */
  missStartSeconds: number | null;
}

/** Time tolerance (seconds), as the simulator's. */
const EPSILON = 1e-9;

/**
 * The affordable downtime of a VM in the concrete schedule that `simulateSchedule`
 * produces, exact for it, beside the worst-case-safe value of `affordableDowntime`.
 *
 * Why both. `affordableDowntime` bounds the supply of a periodic server (Π, Θ) by the
 * periodic resource model (Shin and Lee 2003): the outage may remove the most a server
 * can supply in its length (two budgets back to back) from a window that gets the
 * least (a blackout of 2(Π − Θ)). That is safe for any hypervisor schedule that gives
 * Θ every Π, but the simulator's EDF over servers, all released together at 0, is one
 * fixed schedule that need not produce that pattern, so a VM may be predicted to miss
 * and never miss in simulation. Here the prediction uses that fixed schedule instead.
 *
 * Method. The servers are idling (they spend their budget whether or not their VM has
 * work, also during the outage), so the supply of the VM's server is a fixed function
 * S of time, computed by replaying the processor's EDF over servers as the simulator
 * does (deadline at the end of each period, ties to the lower VM index). A job set on
 * a processor available by S is met by EDF iff, for every window [r, d] from a job's
 * release to a job's deadline, the work of the jobs inside it is at most the supply in
 * it (the demand criterion with a time-varying supply; Liu and Layland 1973's EDF
 * optimality, Baruah et al. 1990 for the job-level demand test); the first miss is
 * the same with or without aborting late jobs. An outage [s, s + Δ) removes the supply
 * it overlaps, so window W with slack σ_W (supply − demand) breaks iff the supply of the
 * outage inside W exceeds σ_W. For each window the least breaking Δ over start times s is
 * found at the start times where S has a breakpoint (range ends, the window's start,
 * starts of service, and the starts after which the outage would just reach the end of
 * a service interval); the affordable downtime is the least over windows. Jobs are
 * examined up to the outage's latest end plus twice the longest deadline and server
 * period (and past the latest first release, a task's offset), the horizon widened until
 * the result fits in it.
 *
 * @param platform The platform (the VM stays on its `placement` processor).
 * @param options The VM, the range of start times and optionally an outage to check.
 * @returns The schedule-exact and the worst-case-safe affordable downtime, and the binding start.
 * @throws {RangeError} If an index or time is out of range, the VM is not placed, or more
 *   than `options.maxJobs` of its jobs would be examined.
 * @throws {TypeError} If the VM's guest scheduler is not EDF (only EDF guests are supported).
 *
 * @example A VM in a (Π = 1, Θ = 0.5) server, served at the start of each period
 * ```ts
 * import { scheduleAffordableDowntime } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const platform = {
 *   processors: [{ name: "p0", capacity: 1, ramBytes: 2 ** 30, link: { bandwidthBytesPerSecond: 1e8 } }],
 *   vms: [{
 *     name: "a", scheduler: "edf" as const, server: { periodSeconds: 1, budgetSeconds: 0.5 },
 *     tasks: [{ name: "t", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 4 }],
 *     image: { pageCount: 1, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } },
 *   }],
 *   placement: [0],
 * };
 * const r = scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 0, spanSeconds: 4 });
 * // The server supplies [k, k + 0.5): 2 s of supply in the job's 4 s, 1 s of slack. An outage
 * // of 2 s covers at most two half budgets (1 s); a longer one from 0 leaves less than 1 s.
 * assert.equal(r.downtimeSeconds, 2);
 * // The periodic resource model's bound assumes the worst supply pattern: 0.5 s.
 * assert.equal(r.worstCaseDowntimeSeconds, 0.5);
 * ```
 */
export function scheduleAffordableDowntime(
  platform: Platform,
  options: ScheduleAffordableDowntimeOptions,
): ScheduleAffordableDowntime {
  const action = "compute the schedule-exact affordable downtime";
  // Deadlines up to the period, as the worst-case-safe `affordableDowntime` it reports beside.
  validatePlatform(action, platform, { allowUnplaced: true, arbitraryDeadlines: false });
  requiredOptions(action, "options", options, [
    "vm",
    "fromSeconds",
    "spanSeconds",
    "outageSeconds",
    "maxJobs",
  ]);
  const { vm, fromSeconds, spanSeconds, outageSeconds, maxJobs = 2000 } = options;
  integer(action, "options.maxJobs", maxJobs, 1);
  integer(action, "options.vm", vm, 0, platform.vms.length - 1);
  nonNegative(action, "options.fromSeconds", fromSeconds);
  nonNegative(action, "options.spanSeconds", spanSeconds);
  if (outageSeconds !== undefined) positive(action, "options.outageSeconds", outageSeconds);
  const host = platform.placement[vm]!;
  if (host < 0) {
    throw new RangeError(
      `Cannot ${action} as platform.placement[${vm}] must be a processor index >= 0: current value is ${host}`,
    );
  }
  const theVm = platform.vms[vm]!;
  if (theVm.scheduler !== "edf") {
    throw new TypeError(
      `Cannot ${action} as platform.vms[${vm}].scheduler must be "edf": current value is ${
        JSON.stringify(theVm.scheduler)
      }`,
    );
  }
  const capacity = platform.processors[host]!.capacity;
  const worstCase = affordableDowntime(theVm, { capacity }).downtimeSeconds;
  const servers = platform.vms.flatMap((_v, i) => platform.placement[i] === host ? [i] : []);
  const maxDeadline = Math.max(0, ...theVm.tasks.map((t) => t.deadlineSeconds));
  const maxPeriod = Math.max(
    0,
    ...theVm.tasks.map((t) => t.periodSeconds),
    ...servers.map((i) => platform.vms[i]!.server.periodSeconds),
  );
  // A task's first job comes at its offset: the horizon reaches past the latest one, or an
  // outage from the range would find no job to delay and seem affordable at any length.
  const maxOffset = Math.max(0, ...theVm.tasks.map((t) => t.offsetSeconds ?? 0));
  const latestStart = fromSeconds + spanSeconds;
  let guess = Math.max(maxDeadline, maxPeriod);
  for (let round = 0; round < 30; round++) {
    const horizon = latestStart + maxOffset + guess + 2 * (maxDeadline + maxPeriod);
    const supply = serverSupply(platform, servers, vm, horizon);
    const windows = demandWindows(theVm.tasks, capacity, horizon, supply, maxJobs, action);
    if (windows === null) {
      return {
        downtimeSeconds: null,
        worstStartSeconds: null,
        worstCaseDowntimeSeconds: worstCase,
        missStartSeconds: outageSeconds === undefined ? null : fromSeconds,
      };
    }
    let best = Infinity;
    let bestStart: number | null = null;
    const candidates: number[] = [];
    for (const w of windows) {
      if (w.end <= fromSeconds + EPSILON) continue;
      for (const s of startCandidates(supply, w, fromSeconds, latestStart)) {
        const length = breakingLength(supply, w, s.start, s.leftLimit);
        if (length < best - EPSILON) {
          best = length;
          bestStart = s.start;
        }
        if (outageSeconds !== undefined && length < outageSeconds) {
          candidates.push(s.start, s.start - Math.min(EPSILON * 100, (outageSeconds - length) / 2));
        }
      }
    }
    if (Number.isFinite(best) && latestStart + best + 2 * maxDeadline > horizon - maxPeriod) {
      guess = 2 * best + guess;
      continue;
    }
    let missStart: number | null = null;
    if (outageSeconds !== undefined) {
      missStart = candidates.filter((s) => s >= fromSeconds - EPSILON && s <= latestStart + EPSILON)
        .find((s) => breaks(supply, windows, Math.max(fromSeconds, s), outageSeconds)) ?? null;
    }
    return {
      downtimeSeconds: Math.max(0, best),
      worstStartSeconds: bestStart,
      worstCaseDowntimeSeconds: worstCase,
      missStartSeconds: missStart,
    };
  }
  throw new RangeError(
    `Cannot ${action} as the examined horizon must cover the outage: current value is ${guess} s past the range`,
  );
}

/** Service intervals of one server with prefix sums of supply. */
interface Supply {
  from: number[];
  to: number[];
  /** cum[k]: supply before interval k starts. */
  cum: number[];
}

/** Replays the simulator's EDF over idling periodic servers on one processor. */
function serverSupply(
  platform: Platform,
  servers: readonly number[],
  vm: number,
  horizon: number,
): Supply {
  const state = servers.map((i) => ({
    vm: i,
    period: platform.vms[i]!.server.periodSeconds,
    budget: platform.vms[i]!.server.budgetSeconds,
    remaining: 0,
    deadline: 0,
    next: 0,
  }));
  const from: number[] = [];
  const to: number[] = [];
  let now = 0;
  while (now < horizon - EPSILON) {
    for (const s of state) {
      if (s.remaining <= EPSILON) s.remaining = 0;
      const release = s.next * s.period;
      if (release <= now + EPSILON) {
        s.remaining = s.budget;
        s.deadline = release + s.period;
        s.next++;
      }
    }
    let running: (typeof state)[number] | null = null;
    for (const s of state) {
      if (s.remaining <= 0) continue;
      if (running === null || s.deadline < running.deadline) running = s;
    }
    let next = horizon;
    for (const s of state) next = Math.min(next, s.next * s.period);
    if (running !== null) next = Math.min(next, now + running.remaining);
    if (running !== null) {
      running.remaining -= next - now;
      if (running.vm === vm) {
        if (to.length > 0 && Math.abs(to[to.length - 1]! - now) <= EPSILON) {
          to[to.length - 1] = next;
        } else {
          from.push(now);
          to.push(next);
        }
      }
    }
    now = next;
  }
  const cum: number[] = [];
  let total = 0;
  for (let k = 0; k < from.length; k++) {
    cum.push(total);
    total += to[k]! - from[k]!;
  }
  cum.push(total);
  return { from, to, cum };
}

/** Supply delivered in [0, x). */
function supplyBefore(s: Supply, x: number): number {
  let lo = 0;
  let hi = s.from.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.from[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  // Intervals 0..lo-1 start before x.
  if (lo === 0) return 0;
  const k = lo - 1;
  return s.cum[k]! + Math.min(x, s.to[k]!) - s.from[k]!;
}

/** The earliest time u >= x with supplyBefore(u) >= level (Infinity if never within the horizon). */
function reachTime(s: Supply, level: number): number {
  for (let k = 0; k < s.from.length; k++) {
    if (s.cum[k + 1]! >= level - EPSILON) return s.from[k]! + Math.max(0, level - s.cum[k]!);
  }
  return Infinity;
}

/**
 * The time s with supplyBefore(s) = level just after supply was delivered (s in
 * (from[j], to[j]]): an outage starting just before it gains supply at once. Null if none.
 */
function jumpStart(s: Supply, level: number): number | null {
  for (let k = 0; k < s.from.length; k++) {
    if (s.cum[k]! < level - EPSILON && s.cum[k + 1]! >= level - EPSILON) {
      return s.from[k]! + (level - s.cum[k]!);
    }
  }
  return null;
}

/** The latest time u with supplyBefore(u) <= level: past a level reached at the end of an interval, the next start. */
function lastAtLevel(s: Supply, level: number): number {
  for (let k = 0; k < s.from.length; k++) {
    if (s.cum[k + 1]! > level + EPSILON) return s.from[k]! + Math.max(0, level - s.cum[k]!);
  }
  return Infinity;
}

interface Window {
  start: number;
  end: number;
  slack: number;
}

/** Release-to-deadline windows with their slack; null if a window has negative slack. */
function demandWindows(
  tasks: Platform["vms"][number]["tasks"],
  capacity: number,
  horizon: number,
  supply: Supply,
  maxJobs: number,
  action: string,
): Window[] | null {
  const jobs: { r: number; d: number; w: number }[] = [];
  for (const t of tasks) {
    const offset = t.offsetSeconds ?? 0;
    for (let k = 0; offset + k * t.periodSeconds + t.deadlineSeconds <= horizon; k++) {
      const r = offset + k * t.periodSeconds;
      jobs.push({ r, d: r + t.deadlineSeconds, w: t.wcetSeconds / capacity });
      if (jobs.length > maxJobs) {
        throw new RangeError(
          `Cannot ${action} as the jobs examined up to ${horizon} s must be <= options.maxJobs (${maxJobs}): current value is over it (shorten spanSeconds or raise options.maxJobs)`,
        );
      }
    }
  }
  const starts = [...new Set(jobs.map((j) => j.r))].sort((a, b) => a - b);
  const ends = [...new Set(jobs.map((j) => j.d))].sort((a, b) => a - b);
  const windows: Window[] = [];
  for (const start of starts) {
    const inside = jobs.filter((j) => j.r >= start - EPSILON).sort((a, b) => a.d - b.d);
    let demand = 0;
    let i = 0;
    for (const end of ends) {
      if (end <= start + EPSILON) continue;
      while (i < inside.length && inside[i]!.d <= end + EPSILON) demand += inside[i++]!.w;
      if (demand === 0) continue;
      const slack = supplyBefore(supply, end) - supplyBefore(supply, start) - demand;
      if (slack < -EPSILON) return null;
      windows.push({ start, end, slack: Math.max(0, slack) });
    }
  }
  return windows;
}

/** Start times at which the least breaking length of a window can occur. */
function startCandidates(
  supply: Supply,
  w: Window,
  lo: number,
  hi: number,
): { start: number; leftLimit: boolean }[] {
  const out: { start: number; leftLimit: boolean }[] = [];
  const add = (s: number, leftLimit = false) => {
    if (s >= lo - EPSILON && s <= hi + EPSILON && s < w.end - EPSILON) {
      out.push({ start: Math.min(Math.max(s, lo), hi), leftLimit });
    }
  };
  add(lo);
  add(hi);
  add(w.start);
  add(Math.min(hi, w.start));
  const base = Math.max(lo, w.start);
  for (let k = 0; k < supply.from.length; k++) {
    if (supply.from[k]! > w.end) break;
    if (supply.to[k]! < base - EPSILON) continue;
    add(supply.from[k]!);
    // The start from which the outage reaches exactly the end of interval k with σ of supply.
    const level = supply.cum[k + 1]! - w.slack;
    if (level < supplyBefore(supply, base) - EPSILON) continue;
    const s = jumpStart(supply, level);
    if (s !== null && s > base + EPSILON) add(s, true);
  }
  return out;
}

/** The longest outage starting at s that does not break window w (left limit at jump points). */
function breakingLength(supply: Supply, w: Window, s: number, leftLimit: boolean): number {
  const x = Math.max(s, w.start);
  const level = supplyBefore(supply, x) + w.slack;
  if (supplyBefore(supply, w.end) <= level + EPSILON) return Infinity;
  const u = leftLimit ? reachTime(supply, level) : lastAtLevel(supply, level);
  return u - s;
}

/** Whether an outage [s, s + length) breaks some window. */
function breaks(supply: Supply, windows: readonly Window[], s: number, length: number): boolean {
  for (const w of windows) {
    const a = Math.max(s, w.start);
    const b = Math.min(s + length, w.end);
    if (b <= a) continue;
    if (supplyBefore(supply, b) - supplyBefore(supply, a) > w.slack + EPSILON) return true;
  }
  return false;
}
