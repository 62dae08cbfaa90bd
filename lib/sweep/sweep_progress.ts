import {
  boolean,
  func,
  integer,
  nonNegative,
  object,
  options as checkOptions,
} from "../_validate.ts";
import type { SweepProgress } from "./run_sweep.ts";

/** Options of {@link formatSweepProgress}. */
export interface FormatSweepProgressOptions {
  /**
   * Characters of the bar between the brackets.
   * @default {30}
   */
  width?: number;
}

/**
 * One line of progress: a bar, the count, the rate and the time left, e.g.
 * `[##########--------------------] 340/1000 runs   34%  112.0 runs/s  5.9 s left`.
 *
 * (A few lines of our own rather than npm's `cli-progress`: this is a pure function
 * of the progress, so the CLI, the Jupyter display and tests share it.)
 *
 * @param progress The progress report.
 * @param options The bar width.
 * @returns The line, without a line ending.
 *
 * @example Half way at 20 runs per second
 * ```ts
 * import { formatSweepProgress } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const line = formatSweepProgress({ completed: 50, total: 100, resumed: 0,
 *   elapsedSeconds: 2.5, runsPerSecond: 20, remainingSeconds: 2.5, done: false }, { width: 10 });
 * assert.equal(line, "[#####-----] 50/100 runs   50%  20.0 runs/s  2.5 s left");
 * ```
 */
export function formatSweepProgress(
  progress: SweepProgress,
  options: FormatSweepProgressOptions = {},
): string {
  checkProgress(progress);
  checkOptions("run formatSweepProgress()", "options", options, ["width"]);
  const { width = 30 } = options;
  integer("format sweep progress", "options.width", width, 1, 1000);
  const { completed, total, resumed, runsPerSecond, remainingSeconds, elapsedSeconds, done } =
    progress;
  const fraction = total === 0 ? 1 : completed / total;
  const filled = Math.round(fraction * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const parts = [
    `${bar} ${completed}/${total} runs`,
    `${Math.floor(fraction * 100)}%`.padStart(4),
    runsPerSecond > 0 ? `${runsPerSecond.toFixed(1)} runs/s` : "-- runs/s",
    done
      ? `done in ${seconds(elapsedSeconds)}`
      : Number.isFinite(remainingSeconds)
      ? `${seconds(remainingSeconds)} left`
      : "-- left",
  ];
  if (resumed > 0) parts.push(`(${resumed} resumed)`);
  return parts.join("  ");
}

function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * The shape of `Deno.jupyter.broadcast`: sends a Jupyter message on the kernel's
 * IOPub channel. Passed in by the notebook, so `lib/` never touches `Deno.jupyter`.
 */
export type JupyterBroadcast = (
  messageType: string,
  content: Record<string, unknown>,
) => Promise<void>;

/** Options of {@link jupyterSweepProgress}. */
export interface JupyterSweepProgressOptions {
  /**
   * Least milliseconds between two updates (the last report always shows).
   * @default {250}
   */
  intervalMs?: number;
  /**
   * Clock in milliseconds.
   * @default {performance.now}
   */
  now?: () => number;
}

let displays = 0;

/**
 * A progress callback for `runSweep` that draws a bar in a Deno Jupyter cell and
 * updates it in place: the first report sends `display_data` with a `display_id`,
 * later ones `update_display_data` for the same id (Jupyter messaging protocol,
 * "Update Display Data"). In a notebook:
 *
 * ```ts ignore
 * const { rows } = await runSweep(spec, { onProgress: jupyterSweepProgress(Deno.jupyter.broadcast) });
 * ```
 *
 * @param broadcast `Deno.jupyter.broadcast`, or any function of that shape.
 * @param options Update interval and clock.
 * @returns The `onProgress` callback.
 *
 * @example The messages sent for three reports
 * ```ts
 * import { jupyterSweepProgress } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sent: string[] = [];
 * const onProgress = jupyterSweepProgress(async (type) => { sent.push(type); }, { intervalMs: 0 });
 * const p = { completed: 0, total: 2, resumed: 0, elapsedSeconds: 0, runsPerSecond: 0,
 *   remainingSeconds: Infinity, done: false };
 * onProgress(p);
 * onProgress({ ...p, completed: 1 });
 * onProgress({ ...p, completed: 2, done: true });
 * await new Promise((resolve) => setTimeout(resolve, 0));
 * assert.deepEqual(sent, ["display_data", "update_display_data", "update_display_data"]);
 * ```
 */
export function jupyterSweepProgress(
  broadcast: JupyterBroadcast,
  options: JupyterSweepProgressOptions = {},
): (progress: SweepProgress) => void {
  checkOptions("run jupyterSweepProgress()", "options", options, ["intervalMs", "now"]);
  const { intervalMs = 250, now = () => performance.now() } = options;
  const displayId = `migrate-lab-sweep-${++displays}-${Date.now()}`;
  let shown = false;
  let last = -Infinity;
  let chain: Promise<void> = Promise.resolve();
  func("report sweep progress", "broadcast", broadcast);
  func("report sweep progress", "options.now", now);
  nonNegative("report sweep progress", "options.intervalMs", intervalMs);
  return (progress) => {
    checkProgress(progress);
    const t = now();
    if (shown && !progress.done && t - last < intervalMs) return;
    last = t;
    const line = formatSweepProgress(progress);
    const percent = progress.total === 0 ? 100 : (100 * progress.completed) / progress.total;
    const content = {
      data: {
        "text/plain": line,
        "text/html": `<div style="font-family:monospace"><progress value="${
          percent.toFixed(1)
        }" max="100" style="width:20em"></progress> ${line.slice(line.indexOf("]") + 2)}</div>`,
      },
      metadata: {},
      transient: { display_id: displayId },
    };
    const type = shown ? "update_display_data" : "display_data";
    shown = true;
    chain = chain.then(() => broadcast(type, content)).catch(() => {});
  };
}

/** Checks a progress report's counts and times (shared by both reporters). */
function checkProgress(progress: unknown): void {
  const action = "format sweep progress";
  const p = object(action, "progress", progress);
  const total = integer(action, "progress.total", p.total, 0);
  integer(action, "progress.completed", p.completed, 0, total);
  integer(action, "progress.resumed", p.resumed, 0, total);
  nonNegative(action, "progress.elapsedSeconds", p.elapsedSeconds);
  nonNegative(action, "progress.runsPerSecond", p.runsPerSecond);
  if (p.remainingSeconds !== Infinity) {
    nonNegative(action, "progress.remainingSeconds", p.remainingSeconds);
  }
  boolean(action, "progress.done", p.done);
}
