import assert from "node:assert/strict";
import type { WorkerReply, WorkerRequest } from "../../lib/sweep/_execute.ts";
import { RUN_KIND_LOADERS } from "../../lib/sweep/_run_kind_loaders.ts";
import { SWEEP_TIMING } from "../../lib/sweep/_sweep_timing.ts";
import {
  expandSweep,
  formatSweepRows,
  runSweep,
  SWEEP_RUN_KINDS,
  type SweepSpec,
} from "../../lib/sweep/mod.ts";

/**
 * Runs that set different parameters (points with and without `readsPerSecond`, so
 * the workers fill that column's default for some runs), a grid, variants and
 * replicates: everything the expanded runs sent to the workers carry.
 */
const SPEC: SweepSpec = {
  kind: "migration",
  seed: "run_workers_test",
  fixed: { memoryBytes: 8 * 2 ** 20, workload: "uniform" },
  points: [{}, { readsPerSecond: 3000, stateBytes: 0 }],
  grid: { writesPerSecond: [1000, 20000], bandwidthBytesPerSecond: [12.5e6, 125e6] },
  variants: [
    { label: "pre-copy", parameters: { technique: "pre-copy" } },
    { label: "post-copy", parameters: { technique: "post-copy" } },
  ],
  replicates: 3,
};

Deno.test("runSweep() gives the inline rows' bytes over 1, 2 and 3 workers and 2 processes, whole or sharded", async () => {
  const columns = expandSweep(SPEC).columns;
  for (const shard of [undefined, { index: 1, count: 3 }]) {
    const texts: string[] = [];
    for (
      const [runner, workers] of [
        ["inline", 1],
        ["worker", 1],
        ["worker", 2],
        ["worker", 3],
        ["process", 2],
      ] as const
    ) {
      const { rows, ran } = await runSweep(
        SPEC,
        shard === undefined ? { runner, workers } : { runner, workers, shard },
      );
      assert.equal(ran, shard === undefined ? 48 : 16, `${runner} ${workers}`);
      texts.push(formatSweepRows(rows, columns, "jsonl"));
    }
    for (const text of texts) assert.equal(text, texts[0]);
    // The readsPerSecond default (0) fills the runs of the first point.
    const first = JSON.parse(texts[0]!.split("\n")[0]!);
    assert.equal(first.readsPerSecond, 0);
  }
});

Deno.test("RUN_KIND_LOADERS loads each kind of SWEEP_RUN_KINDS, and only those", async () => {
  assert.deepEqual(Object.keys(RUN_KIND_LOADERS), Object.keys(SWEEP_RUN_KINDS));
  for (const [name, load] of Object.entries(RUN_KIND_LOADERS)) {
    assert.equal(await load(), SWEEP_RUN_KINDS[name], name);
  }
});

Deno.test({
  name:
    "runSweep() over workers stops the workers it started early when the spec is rejected or already done",
  ignore: Deno.build.os !== "linux",
}, async () => {
  // counted in a process of its own: under --parallel other test files run workers here
  const bad = { kind: "migration", seed: 1, grid: { bandwidthBytesPerSecond: [1e6, -5] } };
  const message =
    "Cannot run a sweep as grid.bandwidthBytesPerSecond[1] must be a finite number > 0: current value is -5";
  assert.throws(() => expandSweep(bad), { message });
  const dir = await Deno.makeTempDir({ prefix: "sweep-workers-test-" });
  try {
    const script = new URL("./_workers_left.ts", import.meta.url).pathname;
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script, dir],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(stderr);
    assert.equal(code, 0, err);
    const seen = JSON.parse(new TextDecoder().decode(stdout));
    assert.deepEqual(seen, {
      before: [],
      rejected: message,
      afterRejected: [],
      firstRan: 2,
      againRan: 0,
      sameRows: true,
      afterDone: [],
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSweep() records each worker's start-up phases in order", async () => {
  for (const workers of [1, 2]) {
    SWEEP_TIMING.last = undefined;
    await runSweep(SPEC, { runner: "worker", workers });
    const timing = SWEEP_TIMING.last!;
    assert.equal(timing.workers.length, workers);
    // Clocks of two threads: allow a millisecond between them.
    const slack = 0.001;
    for (const w of timing.workers) {
      assert.ok(w.spawnSeconds <= w.createdSeconds, `${workers}: created`);
      assert.ok(w.spawnSeconds <= w.readySeconds + slack, `${workers}: ready`);
      assert.ok(w.readySeconds <= w.loadedSeconds, `${workers}: loaded`);
      assert.ok(w.loadedSeconds <= w.startSeconds, `${workers}: started after loading`);
      assert.ok(w.firstRunsSeconds <= w.startSeconds + slack, `${workers}: started after runs`);
      assert.ok(w.startSeconds <= w.endSeconds && w.endSeconds <= timing.wallSeconds);
      if (Deno.build.os === "linux") assert.ok(w.loadedCpuSeconds <= w.startCpuSeconds);
    }
  }
});

Deno.test("a sweep worker answers runs of an unknown kind with an error naming it", async () => {
  const url = new URL("../../lib/sweep/_sweep_worker.ts", import.meta.url).href;
  const worker = new Worker(url, { type: "module" });
  try {
    const reply = new Promise<WorkerReply | { error: string }>((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
    });
    const runs = expandSweep({ kind: "reliability", seed: 1 }).runs;
    worker.postMessage({ kind: "reliabilty" } satisfies WorkerRequest);
    worker.postMessage({ parameterColumns: [], runs } satisfies WorkerRequest);
    assert.deepEqual(await reply, {
      error:
        'Cannot run a sweep as kind must be one of "migration", "reliability", "consolidation", "rt-feasibility", "beloglazov2012": current value is "reliabilty"',
    });
  } finally {
    worker.terminate();
  }
});

Deno.test("runSweep() child processes read the PlanetLab folder MIGRATE_LAB_PLANETLAB names, as workers do", async () => {
  const day = new URL("../../../shared/data/planetlab/20110303", import.meta.url).pathname;
  let names: string[];
  try {
    names = [...Deno.readDirSync(day)].map((e) => e.name).sort().slice(0, 40);
  } catch {
    console.log(`skipping: ${day} is absent`);
    return;
  }
  // 40 of the day's 1052 VMs: a folder whose rows differ from the repository's.
  const root = await Deno.makeTempDir({ prefix: "sweep-planetlab-test-" });
  const before = Deno.env.get("MIGRATE_LAB_PLANETLAB");
  try {
    await Deno.mkdir(`${root}/20110303`);
    for (const name of names) await Deno.copyFile(`${day}/${name}`, `${root}/20110303/${name}`);
    Deno.env.set("MIGRATE_LAB_PLANETLAB", root);
    const spec: SweepSpec = {
      kind: "beloglazov2012",
      seed: 1,
      fixed: { day: "20110303", experiment: "dvfs" },
    };
    const texts: string[] = [];
    for (const runner of ["inline", "worker", "process"] as const) {
      const { rows } = await runSweep(spec, { runner, workers: 1 });
      texts.push(formatSweepRows(rows, expandSweep(spec).columns, "jsonl"));
    }
    assert.equal(texts[1], texts[0]);
    assert.equal(texts[2], texts[0]);
  } finally {
    if (before === undefined) Deno.env.delete("MIGRATE_LAB_PLANETLAB");
    else Deno.env.set("MIGRATE_LAB_PLANETLAB", before);
    await Deno.remove(root, { recursive: true });
  }
});
