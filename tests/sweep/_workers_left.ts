/**
 * Run by `run_workers_test.ts` in a process of its own: counts the worker threads left after
 * `runSweep` over workers (a spec rejected after the workers started, then a sweep run twice
 * to one output, the second finding it done) and prints what it saw as one JSON line. Its own
 * process, because `deno test --parallel` runs other test files' workers beside the test's.
 *
 * ```sh
 * deno run -A tests/sweep/_workers_left.ts <folder for the output>
 * ```
 *
 * @module
 */
import { runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";

/** Worker threads of this process (Deno names them `worker-<n>`), on Linux. */
function workerThreads(): string[] {
  const names: string[] = [];
  for (const entry of Deno.readDirSync("/proc/self/task")) {
    try {
      names.push(Deno.readTextFileSync(`/proc/self/task/${entry.name}/comm`).trim());
    } catch (e) {
      // A thread that ended between the listing and the read is gone: skip it (the read
      // fails with ENOENT, or with ESRCH, "No such process (os error 3)", which Deno does
      // not map to an error class).
      const gone = e instanceof Deno.errors.NotFound ||
        (e instanceof Error && /\(os error 3\)/.test(e.message));
      if (!gone) throw e;
    }
  }
  return names.filter((name) => name.startsWith("worker-"));
}

/** The worker threads left once termination had 5 s to finish (it is asynchronous). */
async function workersLeft(): Promise<string[]> {
  for (let i = 0; i < 250 && workerThreads().length > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return workerThreads();
}

const dir = Deno.args[0]!;
const before = await workersLeft();
// Valid in shape (so workers start before the expansion), invalid in a value.
const bad = { kind: "migration", seed: 1, grid: { bandwidthBytesPerSecond: [1e6, -5] } };
let rejected = "";
try {
  await runSweep(bad as SweepSpec, { runner: "worker", workers: 2 });
} catch (e) {
  rejected = e instanceof Error ? e.message : String(e);
}
const afterRejected = await workersLeft();
const spec: SweepSpec = { kind: "reliability", seed: 2, grid: { missions: [100, 200] } };
const first = await runSweep(spec, { runner: "worker", workers: 2, out: `${dir}/r.csv` });
const again = await runSweep(spec, { runner: "worker", workers: 2, out: `${dir}/r.csv` });
const afterDone = await workersLeft();
console.log(JSON.stringify({
  before,
  rejected,
  afterRejected,
  firstRan: first.ran,
  againRan: again.ran,
  sameRows: JSON.stringify(again.rows) === JSON.stringify(first.rows),
  afterDone,
}));
// workers left running would keep the process alive: the report above tells
Deno.exit(0);
