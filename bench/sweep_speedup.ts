/**
 * The speed-up of 2 workers over 1 for the sweep of `sweep_bench.ts`, measured side by
 * side: rounds that each run 1 worker, 2 workers, 1 process and 2 processes in turn
 * (so load from other programs hits every configuration alike), then the median time
 * of each, the speed-ups of the medians, and the median and spread of the rounds'
 * own ratios (1 over 2 of the same round). Also prints the load average before and
 * after, since on a shared machine the figures mean little without it, and for Web
 * Workers where each one's time went (start-up phases, busy, thread CPU, runs,
 * batches) and the speed-up projected for an idle machine from the threads' CPU time.
 *
 * ```sh
 * deno run -A bench/sweep_speedup.ts [ROUNDS] [worker|process]
 * ```
 *
 * (The second argument keeps only that runner's two configurations; `-A` because
 * Deno reads the threads' CPU time in `/proc/self` only with every permission; with
 * fewer, the thread CPU figures are NaN and the rest still runs.)
 *
 * @module
 */
import { runSweep, type SweepRunner } from "../lib/sweep/run_sweep.ts";
import { SWEEP_TIMING } from "../lib/sweep/_sweep_timing.ts";
import { SWEEP_BENCH_SPEC } from "./_sweep_spec.ts";

const CONFIGS: [SweepRunner, number][] = [["worker", 1], ["worker", 2], ["process", 1], [
  "process",
  2,
]];

function loadAverage(): string {
  try {
    return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  } catch {
    return "unknown (run with --allow-sys)";
  }
}

/**
 * CPU seconds so far of every process in another autogroup of this one's priority
 * or higher, by PID (Linux, as root: `/proc/<pid>/autogroup`), or undefined where
 * that cannot be read. A session at high priority takes a core from this bench
 * whatever the load average says; a round in which such processes ran is not an
 * idle-machine round.
 */
function rivals(): Map<number, number> | undefined {
  try {
    const parse = (text: string) => {
      const m = /^\/autogroup-(\d+) nice (-?\d+)/.exec(text);
      return m === null ? undefined : { group: m[1]!, nice: Number(m[2]) };
    };
    const own = parse(Deno.readTextFileSync("/proc/self/autogroup"));
    if (own === undefined) return undefined;
    const out = new Map<number, number>();
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const group = parse(Deno.readTextFileSync(`/proc/${entry.name}/autogroup`));
        if (group === undefined || group.group === own.group || group.nice > own.nice) continue;
        const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        out.set(Number(entry.name), (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // The process ended meanwhile.
      }
    }
    return out;
  } catch {
    return undefined;
  }
}

/** CPU seconds the rivals spent between two snapshots (processes that ended are missed). */
function rivalSeconds(
  before: Map<number, number> | undefined,
  after: Map<number, number> | undefined,
): number {
  if (before === undefined || after === undefined) return NaN;
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}

/** Two lines per worker of the last worker run: its start-up phases, then where its time went. */
function describeWorkers(): string {
  const t = SWEEP_TIMING.last;
  if (t === undefined) return "";
  const ms = (s: number) => `${(s * 1000).toFixed(0)}`;
  return t.workers.map((w, k) =>
    `    worker ${k} (ms since the call): spawn ${ms(w.spawnSeconds)}, created ${
      ms(w.createdSeconds)
    }, ready ${ms(w.readySeconds)}, kind loaded ${ms(w.loadedSeconds)}, first runs posted ${
      ms(w.firstRunsSeconds)
    }, first batch ${ms(w.startSeconds)}, last rows ${ms(w.endSeconds)}\n` +
    `      busy ${w.busySeconds.toFixed(2)} s; thread CPU ${w.cpuSeconds.toFixed(2)} s (start-up ${
      w.startCpuSeconds.toFixed(2)
    } s); ${w.runs} runs in ${w.batches} batches`
  ).join("\n");
}

/**
 * The time an idle machine would take, from CPU time: the start-up phase (the
 * calling thread creating the workers and expanding the spec while each worker
 * loads its modules; the workers start together), at least the longest of these
 * and at least their sum spread over the cores, then the runs' CPU seconds spread
 * evenly over the workers (the batches balance wall time, which on a loaded machine
 * differs from CPU time per thread; `bench/sweep_schedule.ts` shows what is left of
 * the imbalance on an idle one). The ratio of that for 1 worker to that for 2
 * leaves out only what CPU time cannot see (cores shared with other programs,
 * threads packed on one core, V8's helper threads, memory bandwidth, message
 * latency). `/proc` counts CPU time in 10 ms ticks.
 */
function projectedSeconds(): number {
  const t = SWEEP_TIMING.last!;
  const startups = t.workers.map((w) => w.startCpuSeconds);
  const cores = navigator.hardwareConcurrency;
  const startup = Math.max(
    t.setupCpuSeconds,
    ...startups,
    (t.setupCpuSeconds + startups.reduce((s, x) => s + x, 0)) / cores,
  );
  const runs = t.workers.reduce((s, w) => s + w.cpuSeconds - w.startCpuSeconds, 0);
  return startup + runs / t.workers.length;
}

if (import.meta.main) {
  const rounds = Number(Deno.args[0] ?? 3);
  const only = Deno.args[1];
  if (only !== undefined && only !== "worker" && only !== "process") {
    throw new TypeError(`the second argument must be "worker" or "process": got ${only}`);
  }
  const configs = CONFIGS.filter(([runner]) => only === undefined || runner === only);
  console.log(
    `load average before: ${loadAverage()} (${navigator.hardwareConcurrency} cores)`,
  );
  const times = configs.map(() => [] as number[]);
  const projected = [[] as number[], [] as number[]];
  const rivalCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const rivalsBefore = rivals();
    const roundStart = performance.now();
    for (const [i, [runner, workers]] of configs.entries()) {
      const start = performance.now();
      const { rows } = await runSweep(SWEEP_BENCH_SPEC, { runner, workers });
      if (rows.length !== 1000) throw new Error(`expected 1000 rows, got ${rows.length}`);
      times[i]!.push((performance.now() - start) / 1000);
      console.log(
        `round ${round + 1}, ${workers} ${runner}(s): ${
          times[i]!.at(-1)!.toFixed(2)
        } s, load ${loadAverage()}`,
      );
      if (runner === "worker") {
        console.log(
          `    calling thread: ${SWEEP_TIMING.last!.setupCpuSeconds.toFixed(2)} s CPU of setup, ${
            SWEEP_TIMING.last!.callerCpuSeconds.toFixed(2)
          } s in all (rows taken in included)`,
        );
        console.log(describeWorkers());
        projected[workers - 1]!.push(projectedSeconds());
      }
    }
    rivalCpu.push(rivalSeconds(rivalsBefore, rivals()));
    console.log(
      `round ${round + 1}: other high-priority sessions used ${
        rivalCpu.at(-1)!.toFixed(2)
      } s of CPU in its ${((performance.now() - roundStart) / 1000).toFixed(2)} s`,
    );
  }
  // Rounds in which other sessions at this priority or higher used under 2 % of a core.
  const clean = rivalCpu.map((cpu, k) => cpu < 0.02 * times.reduce((sum, t) => sum + t[k]!, 0));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [i, [runner, workers]] of configs.entries()) {
    console.log(
      `${workers} ${runner}(s): median ${median(times[i]!).toFixed(2)} s of ${
        times[i]!.map((t) => t.toFixed(2)).join(", ")
      }`,
    );
  }
  for (const runner of ["worker", "process"] as const) {
    const one = configs.findIndex(([r, w]) => r === runner && w === 1);
    const two = configs.findIndex(([r, w]) => r === runner && w === 2);
    if (one < 0 || two < 0) continue;
    // Each round's 1 and 2 ran side by side: their ratio, then the spread over rounds.
    const ratios = times[one]!.map((t, k) => t / times[two]![k]!);
    const sorted = [...ratios].sort((a, b) => a - b);
    const quiet = ratios.filter((_, k) => clean[k]).sort((a, b) => a - b);
    if (quiet.length > 0 && quiet.length < ratios.length) {
      console.log(
        `speed-up, 2 over 1 ${
          runner === "worker" ? "workers" : "processes"
        }, ${quiet.length} rounds without a high-priority rival: median ${
          median(quiet).toFixed(2)
        }x, range ${quiet[0]!.toFixed(2)}-${quiet.at(-1)!.toFixed(2)}x`,
      );
    }
    console.log(
      `speed-up, 2 over 1 ${runner === "worker" ? "workers" : "processes"}: ${
        (median(times[one]!) / median(times[two]!)).toFixed(2)
      }x of the medians; per round median ${median(ratios).toFixed(2)}x, quartiles ${
        sorted[Math.floor((sorted.length - 1) / 4)]!.toFixed(2)
      }-${sorted[Math.ceil((3 * (sorted.length - 1)) / 4)]!.toFixed(2)}x, range ${
        sorted[0]!.toFixed(2)
      }-${sorted.at(-1)!.toFixed(2)}x`,
    );
  }
  if (
    projected[0]!.length > 0 && projected[0]!.every(Number.isFinite) &&
    projected[1]!.every(Number.isFinite)
  ) {
    console.log(
      `projected from thread CPU time (idle machine): 1 worker ${
        median(projected[0]!).toFixed(2)
      } s, 2 workers ${median(projected[1]!).toFixed(2)} s, speed-up ${
        (median(projected[0]!) / median(projected[1]!)).toFixed(2)
      }x`,
    );
  }
  console.log(`load average after: ${loadAverage()}`);
}
