/**
 * Why 2 Web Workers fell short of 2x on the sweep of `sweep_bench.ts`, shown from
 * each run's own cost rather than from wall times on a shared machine: every run is
 * timed on this thread (the least of 3 timings, which load can only lengthen), then
 * the two ways of handing runs to 2 workers are replayed on those costs:
 *
 * - before: batches of 63 consecutive run ids (1/16 of the sweep, at most 64),
 *   handed out as workers finish. Replicates of one grid point are consecutive, so a
 *   batch is all cheap or all dear, and the last one can leave a worker idle;
 * - now (`lib/sweep/_schedule.ts`): guided batches in bit-reversed id order, with a
 *   second batch queued behind the one a worker runs.
 *
 * Prints the makespan of each against the ideal (total / 2), and the speed-up over 1
 * worker each allows (before any start-up or message cost).
 *
 * ```sh
 * deno run --allow-read --allow-env --allow-sys bench/sweep_schedule.ts
 * ```
 *
 * @module
 */
import { expandSweep } from "../lib/sweep/expand_sweep.ts";
import { executeRun } from "../lib/sweep/_execute.ts";
import { BatchQueue } from "../lib/sweep/_schedule.ts";
import { SWEEP_BENCH_SPEC } from "./_sweep_spec.ts";

/**
 * Makespan of `batches` handed in order to `workers` workers that each hold up to
 * `depth` batches (1: a worker gets its next batch when it finishes one; 2: one
 * more is queued behind the one it runs, as `runSweep` does now). Messages are free.
 */
function makespan(
  batches: readonly number[][],
  cost: readonly number[],
  workers: number,
  depth: number,
): number {
  const costOf = (b: readonly number[]) => b.reduce((s, id) => s + cost[id]!, 0);
  let next = 0;
  const held = Array.from({ length: workers }, () => [] as number[]);
  const clock = new Array<number>(workers).fill(0);
  for (let d = 0; d < depth; d++) {
    for (let k = 0; k < workers && next < batches.length; k++) {
      held[k]!.push(costOf(batches[next++]!));
    }
  }
  for (;;) {
    // The worker whose current batch ends first finishes it and takes the next one.
    let k = -1;
    for (let j = 0; j < workers; j++) {
      if (held[j]!.length > 0 && (k < 0 || clock[j]! + held[j]![0]! < clock[k]! + held[k]![0]!)) {
        k = j;
      }
    }
    if (k < 0) return Math.max(...clock);
    clock[k]! += held[k]!.shift()!;
    if (next < batches.length) held[k]!.push(costOf(batches[next++]!));
  }
}

if (import.meta.main) {
  const load = () => Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(`load average before: ${load()}`);
  const sweep = expandSweep(SWEEP_BENCH_SPEC);
  const ids = sweep.runs.map((r) => r.id);
  for (const id of ids.slice(0, 50)) {
    executeRun(sweep.kind, sweep.parameterColumns, sweep.runs[id]!); // warm up
  }
  const cost = ids.map(() => Infinity);
  for (let pass = 0; pass < 3; pass++) {
    for (const id of ids) {
      const t0 = performance.now();
      executeRun(sweep.kind, sweep.parameterColumns, sweep.runs[id]!);
      cost[id] = Math.min(cost[id]!, (performance.now() - t0) / 1000);
    }
  }
  const total = cost.reduce((s, c) => s + c, 0);
  const byPoint = new Map<string, number>();
  for (const run of sweep.runs) {
    const key = JSON.stringify(run.parameters);
    byPoint.set(key, (byPoint.get(key) ?? 0) + cost[run.id]!);
  }
  const points = [...byPoint.values()];
  console.log(
    `${ids.length} runs, ${total.toFixed(3)} s in all; a grid point's 50 runs take ${
      Math.min(...points).toFixed(3)
    } to ${Math.max(...points).toFixed(3)} s`,
  );
  const size = Math.max(1, Math.min(64, Math.ceil(ids.length / (2 * 8))));
  const before: number[][] = [];
  for (let i = 0; i < ids.length; i += size) before.push(ids.slice(i, i + size));
  const queue = new BatchQueue(ids, 2);
  const now: number[][] = [];
  for (let b = queue.take(); b !== undefined; b = queue.take()) now.push(b);
  for (const [name, batches, depth] of [["before", before, 1], ["now", now, 2]] as const) {
    const span = makespan(batches, cost, 2, depth);
    console.log(
      `${name}: ${batches.length} batches, 2 workers finish after ${span.toFixed(3)} s ` +
        `(ideal ${(total / 2).toFixed(3)} s, ${
          ((span / (total / 2) - 1) * 100).toFixed(1)
        } % over); ` +
        `speed-up over 1 worker at most ${(total / span).toFixed(2)}x`,
    );
  }
  console.log(`load average after: ${load()}`);
}
