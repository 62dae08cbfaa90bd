/**
 * Where `runSweep`'s workers spent their time, for benches and diagnosis (see
 * `bench/sweep_speedup.ts`). Internal: not re-exported from the sweep entry point;
 * `runSweep` overwrites {@link SWEEP_TIMING}`.last` at the end of each call that
 * runs Web Workers.
 *
 * @module
 */

/** One worker's time, in seconds since `runSweep` started (wall clock) or of CPU. */
export interface SweepWorkerTiming {
  /** When this thread began creating the worker (before expanding the spec). */
  spawnSeconds: number;
  /** When creating it returned (this thread waits while its isolate is made). */
  createdSeconds: number;
  /** When its entry module was evaluated (it could take messages). */
  readySeconds: number;
  /** When its run kind's modules were loaded. */
  loadedSeconds: number;
  /** CPU seconds of the worker's thread by then. */
  loadedCpuSeconds: number;
  /** When this thread posted its first runs (after expanding the spec). */
  firstRunsSeconds: number;
  /** When the worker began its first batch: after start-up and its first runs came. */
  startSeconds: number;
  /** CPU seconds of the worker's thread when its first batch began (its start-up). */
  startCpuSeconds: number;
  /** When its last rows arrived. */
  endSeconds: number;
  /** Wall seconds inside batches (running runs). */
  busySeconds: number;
  /**
   * CPU seconds of the worker's thread from its start to its last batch (module
   * load and compilation included), from `/proc/thread-self/stat`; NaN where that
   * cannot be read.
   */
  cpuSeconds: number;
  /** Runs it ran. */
  runs: number;
  /** Batches it ran. */
  batches: number;
}

/** The time of one `runSweep` call over Web Workers. */
export interface SweepTiming {
  /** Seconds from the call's start to its return. */
  wallSeconds: number;
  /**
   * CPU seconds of the calling thread from the call's start until it handed out the
   * first runs (creating the workers, expanding the spec, reading a journal); NaN
   * when unknown.
   */
  setupCpuSeconds: number;
  /**
   * CPU seconds of the calling thread over the whole call: the setup, creating the
   * workers, and taking in their rows (structured clones, journal, progress); NaN
   * when unknown.
   */
  callerCpuSeconds: number;
  /** Per worker. */
  workers: SweepWorkerTiming[];
}

/** The last timing recorded. */
export const SWEEP_TIMING: { last: SweepTiming | undefined } = { last: undefined };

/** The calling thread's statistics (Linux `proc(5)`). */
const PROC_STAT = "/proc/thread-self/stat";

/** Permission names that `--allow-all` grants. */
const ALL = ["read", "write", "net", "env", "run", "ffi", "sys"] as const;

/** Whether every permission is granted (checked once per thread). */
let allGranted: boolean | undefined;

/** Ticks per second of `/proc` CPU times (Linux `USER_HZ`, 100 on every common build). */
const USER_HZ = 100;

/**
 * CPU seconds (user + system) of the calling thread, from `/proc/thread-self/stat`,
 * or NaN where it cannot be read (not Linux, or Deno run without `--allow-all`,
 * which it needs to read `/proc/self`).
 */
export function threadCpuSeconds(): number {
  try {
    // Deno reads /proc/self only with every permission: without them granted
    // already, there is no figure (and never a prompt).
    allGranted ??= ALL.every((name) => Deno.permissions.querySync({ name }).state === "granted");
    if (!allGranted) return NaN;
    const stat = Deno.readTextFileSync(PROC_STAT);
    // Fields after the command name (which may hold spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return NaN;
  }
}
