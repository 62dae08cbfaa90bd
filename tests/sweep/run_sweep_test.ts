import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";
import {
  CONSOLIDATION_RUNS,
  expandSweep,
  mergeSweepShards,
  parseShard,
  parseSweepRows,
  runSweep,
  type SweepSpec,
  type SweepValue,
} from "../../lib/sweep/mod.ts";
import { withDir } from "./_files.ts";

/** Small VMs so the test is quick; a grid, two techniques, replicates. */
const SPEC: SweepSpec = {
  kind: "migration",
  seed: "test",
  name: "run_sweep_test",
  fixed: { memoryBytes: 16 * 2 ** 20, workload: "hot-cold" },
  grid: { writesPerSecond: [500, 5000, 50000], bandwidthBytesPerSecond: [12.5e6, 125e6] },
  variants: [
    { label: "pre-copy/qemu", parameters: { technique: "pre-copy" } },
    { label: "post-copy", parameters: { technique: "post-copy", readsPerSecond: 2000 } },
  ],
  replicates: 3,
};

Deno.test("runSweep() writes the same bytes with 1 and 2 workers, threads or processes", async () => {
  await withDir("sweep-test-", async (dir) => {
    const outputs: string[] = [];
    for (
      const [runner, workers] of [
        ["inline", 1],
        ["worker", 1],
        ["worker", 2],
        ["process", 2],
      ] as const
    ) {
      const out = `${dir}/${runner}-${workers}.csv`;
      const result = await runSweep(SPEC, { runner, workers, out });
      assert.equal(result.rows.length, 36);
      assert.equal(result.ran, 36);
      outputs.push(await Deno.readTextFile(out) + await Deno.readTextFile(`${out}.sweep.json`));
      await assert.rejects(Deno.stat(`${out}.partial.jsonl`), Deno.errors.NotFound);
    }
    for (const text of outputs) assert.equal(text, outputs[0]);
    const lines = outputs[0]!.split("\n");
    assert.equal(
      lines[0],
      "run,variant,replicate,seed,memoryBytes,workload,writesPerSecond,readsPerSecond," +
        "bandwidthBytesPerSecond,technique,totalSeconds,downtimeSeconds,bytesSent,pagesSent," +
        "rounds,converged,stopReason,remoteFaults,stallSeconds,pagesMissing",
    );
  });
});

Deno.test("runSweep() records the spec and library version beside the rows", async () => {
  await withDir("sweep-test-", async (dir) => {
    await runSweep(SPEC, { runner: "inline", out: `${dir}/rows.jsonl` });
    const sidecar = JSON.parse(await Deno.readTextFile(`${dir}/rows.jsonl.sweep.json`));
    const config = JSON.parse(
      await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
    );
    assert.equal(sidecar.library.version, config.version);
    assert.deepEqual(sidecar.spec, SPEC);
    assert.equal(sidecar.format, "jsonl");
    assert.equal(sidecar.shard, null);
    assert.equal(sidecar.runs, 36);
    const rows = (await Deno.readTextFile(`${dir}/rows.jsonl`)).trimEnd().split("\n").map((l) =>
      JSON.parse(l)
    );
    assert.deepEqual(rows.map((r) => r.run), [...Array(36).keys()]);
    assert.deepEqual(Object.keys(rows[0]), sidecar.columns);
  });
});

Deno.test("expandSweep() seeds depend on parameters and replicate, not on position", () => {
  const a = expandSweep(SPEC).runs;
  const reordered = expandSweep({
    ...SPEC,
    grid: { writesPerSecond: [50000, 5000, 500], bandwidthBytesPerSecond: [125e6, 12.5e6] },
  }).runs;
  const key = (r: { variant: string; replicate: number; parameters: object }) =>
    JSON.stringify([r.variant, r.replicate, r.parameters]);
  const seedOf = new Map(a.map((r) => [key(r), r.seed]));
  for (const r of reordered) assert.equal(r.seed, seedOf.get(key(r)));
  assert.notDeepEqual(reordered.map((r) => r.seed), a.map((r) => r.seed));
  assert.equal(new Set(a.filter((r) => r.variant === "post-copy").map((r) => r.seed)).size, 18);
});

Deno.test("shards merged give the bytes of the one-machine run", async (t) => {
  for (const format of ["csv", "jsonl"] as const) {
    await t.step(format, async () => {
      await withDir("sweep-test-", async (dir) => {
        const whole = `${dir}/whole.${format}`;
        await runSweep(SPEC, { runner: "inline", out: whole });
        const shards: string[] = [];
        for (const index of [2, 0, 3, 1]) {
          const out = `${dir}/shard-${index}.${format}`;
          const r = await runSweep(SPEC, { workers: 2, out, shard: { index, count: 4 } });
          assert.ok(r.rows.every((row) => Number(row.run) % 4 === index));
          shards.push(out);
        }
        await mergeSweepShards(shards, `${dir}/merged.${format}`);
        assert.equal(
          await Deno.readTextFile(`${dir}/merged.${format}`),
          await Deno.readTextFile(whole),
        );
        assert.equal(
          await Deno.readTextFile(`${dir}/merged.${format}.sweep.json`),
          await Deno.readTextFile(`${whole}.sweep.json`),
        );
        await assert.rejects(
          mergeSweepShards(shards.slice(1), `${dir}/bad.${format}`),
          { name: "RangeError", message: "Cannot merge sweep shards as shards 2/4 are missing" },
        );
        await assert.rejects(Deno.stat(`${dir}/bad.${format}`), Deno.errors.NotFound);
        const other = `${dir}/other.${format}`;
        await runSweep({ ...SPEC, seed: "other" }, {
          runner: "inline",
          out: other,
          shard: { index: 2, count: 4 },
        });
        await assert.rejects(
          mergeSweepShards([...shards.slice(1), other], `${dir}/bad.${format}`),
          {
            name: "TypeError",
            message: new RegExp(`other\\.${format} differs from .* in spec`),
          },
        );
      });
    });
  }
});

Deno.test("runSweep() resumes an interrupted sweep from the rows already written", async () => {
  await withDir("sweep-test-", async (dir) => {
    const whole = `${dir}/whole.csv`;
    const first = await runSweep(SPEC, { runner: "inline", out: whole });
    const out = `${dir}/resumed.csv`;
    // Simulate an interruption: the journal holds 10 whole rows and a row cut short.
    const header = JSON.stringify(first.sidecar);
    const lines = first.rows.slice(0, 10).map((row) => JSON.stringify(row) + "\n");
    const cut = JSON.stringify(first.rows[10]).slice(0, 25);
    await Deno.writeTextFile(`${out}.partial.jsonl`, header + "\n" + lines.join("") + cut);
    let last = -1;
    const resumed = await runSweep(SPEC, {
      workers: 2,
      out,
      onProgress: (p) => (last = p.completed),
    });
    assert.equal(resumed.resumed, 10);
    assert.equal(resumed.ran, 26);
    assert.equal(last, 36);
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(whole));
    await assert.rejects(Deno.stat(`${out}.partial.jsonl`), Deno.errors.NotFound);
    // A finished output with the same sidecar is not run again, and reads back the rows.
    const again = await runSweep(SPEC, { runner: "inline", out });
    assert.equal(again.ran, 0);
    assert.deepEqual(again.rows, first.rows);
    assert.deepEqual(
      parseSweepRows(await Deno.readTextFile(out), "csv", expandSweep(SPEC)),
      first.rows,
    );
    // A journal of another sweep is refused, naming the file.
    await Deno.writeTextFile(`${dir}/x.csv.partial.jsonl`, "{}\n");
    await assert.rejects(runSweep(SPEC, { runner: "inline", out: `${dir}/x.csv` }), {
      name: "TypeError",
      message: /x\.csv\.partial\.jsonl must come from the same sweep/,
    });
  });
});

Deno.test("bad sweep specs are rejected naming the field and the value", async (t) => {
  const cases: [string, unknown, string | RegExp][] = [
    [
      "unknown parameter",
      { kind: "migration", seed: 1, grid: { bandwith: [1] } },
      /^Cannot run a sweep as grid key must be a parameter of run kind "migration" \(.*\): current value is "bandwith"$/,
    ],
    [
      "empty grid",
      { kind: "migration", seed: 1, grid: { writesPerSecond: [] } },
      "Cannot run a sweep as grid.writesPerSecond must be a non-empty array: current value is []",
    ],
    [
      "unknown technique",
      {
        kind: "migration",
        seed: 1,
        variants: [{ label: "x", parameters: { technique: "pre-cpy" } }],
      },
      /^Cannot run a sweep as variants\[0\]\.parameters\.technique must be one of "offline", .*: current value is "pre-cpy"$/,
    ],
    [
      "negative value",
      { kind: "migration", seed: 1, grid: { bandwidthBytesPerSecond: [1e6, -5] } },
      "Cannot run a sweep as grid.bandwidthBytesPerSecond[1] must be a finite number > 0: current value is -5",
    ],
    [
      "unknown kind",
      { kind: "migrations", seed: 1 },
      'Cannot run a sweep as kind must be one of "migration", "reliability", "consolidation", "rt-feasibility", "beloglazov2012": current value is "migrations"',
    ],
    [
      "unknown spec key",
      { kind: "migration", seed: 1, seeds: [1, 2] },
      /^Cannot run a sweep as every spec key must be one of .*: current value is "seeds"$/,
    ],
    [
      "replicates",
      { kind: "migration", seed: 1, replicates: 0 },
      "Cannot run a sweep as replicates must be an integer >= 1: current value is 0",
    ],
    [
      // found by the sweep fuzz test (FUZZ_RUNS=5): 8.6e278 replicates were listed one by one
      // until the machine ran out of memory
      "more runs than one sweep lists",
      {
        kind: "migration",
        seed: 1,
        grid: { bandwidthBytesPerSecond: [1e8, 1e9] },
        replicates: 500_001,
      },
      "Cannot run a sweep as its runs (points x grid combinations x variants x replicates) must be <= 1000000: current value is 1000002",
    ],
    [
      "memory not a multiple of the page size",
      { kind: "migration", seed: 1, fixed: { memoryBytes: 5000 } },
      "Cannot run a sweep as memoryBytes must be a multiple of pageSizeBytes (4096): current value is 5000",
    ],
    [
      "k > m",
      { kind: "reliability", seed: 1, fixed: { requiredProcessors: 5 } },
      "Cannot run a sweep as requiredProcessors must be <= processorCount (4): current value is 5",
    ],
    [
      "variant sets a grid parameter",
      {
        kind: "migration",
        seed: 1,
        grid: { technique: ["offline"] },
        variants: [{ label: "a", parameters: { technique: "hybrid" } }],
      },
      'Cannot run a sweep as variants[0].parameters must not set a grid parameter: current value is "technique"',
    ],
  ];
  for (const [name, spec, message] of cases) {
    await t.step(name, async () => {
      assert.throws(() => expandSweep(spec as SweepSpec), { message });
      await assert.rejects(runSweep(spec as SweepSpec, { runner: "inline" }), { message });
    });
  }
  // found by the sweep fuzz test (FUZZ_RUNS=40): the worker runner sized its pool from the
  // spec before checking it, and a kind with no prototype threw a raw TypeError there
  await t.step("a kind that is an object without a prototype, on the worker runner", async () => {
    const kind = Object.assign(Object.create(null), { name: "migration" });
    await assert.rejects(runSweep({ kind, seed: 1 } as unknown as SweepSpec, { workers: 2 }), {
      name: "TypeError",
      message:
        'Cannot run a sweep as kind must be one of "migration", "reliability", "consolidation", "rt-feasibility", "beloglazov2012": current value is {"name":"migration"}',
    });
  });
  await t.step('bad shard "3/2"', () => {
    assert.throws(() => parseShard("3/2"), {
      name: "RangeError",
      message:
        'Cannot parse shard as its index must be below its count (i/N with 0 <= i < N): current value is "3/2"',
    });
    assert.throws(() => parseShard("1/0"), { name: "RangeError" });
    assert.throws(() => parseShard("one/2"), { name: "SyntaxError" });
  });
  await t.step("bad workers", async () => {
    await assert.rejects(runSweep({ kind: "reliability", seed: 1 }, { workers: 0 }), {
      message: "Cannot run a sweep as options.workers must be an integer >= 1: current value is 0",
    });
  });
});

Deno.test("reliability sweeps: exact values fall inside the Monte Carlo intervals", async () => {
  const { rows } = await runSweep({
    kind: "reliability",
    seed: 9,
    fixed: { missions: 4000 },
    grid: { coverage: [0.8, 0.95, 1], missionSeconds: [500, 2000] },
  }, { workers: 2 });
  assert.equal(rows.length, 6);
  const inside = rows.filter((r) =>
    Number(r.lowerBound) <= Number(r.exactReliability) &&
    Number(r.exactReliability) <= Number(r.upperBound)
  );
  assert.ok(inside.length >= 5, `${inside.length} of 6 intervals hold the exact value`);
});

Deno.test("sweep workers and child processes import the engine, not mod.ts or the figure code", async () => {
  for (const entry of ["_sweep_worker.ts", "_sweep_process.ts"]) {
    const path = new URL(`../../lib/sweep/${entry}`, import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", path],
      stdout: "piped",
      stderr: "null",
    }).output();
    const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
      modules: { specifier: string }[];
    };
    const local = graph.modules.map((m) => m.specifier).filter((s) => s.startsWith("file:"));
    assert.ok(local.some((s) => s.endsWith("/lib/migration/migrate.ts")), entry);
    // The rt-feasibility kind plans with the real-time analyses, but not the missions or fault injection.
    const heavy = local.filter((s) =>
      s.endsWith("/mod.ts") ||
      /\/lib\/plot\/|\/lib\/realtime\/(mission|fault_injection|random_task_set)|\/lib\/placement\/(ilp|_ilp_solver|genetic)\.ts$/
        .test(s)
    );
    assert.deepEqual(heavy, [], `${entry} imports ${heavy.join(", ")}`);
  }
});

Deno.test("consolidation sweeps: MAD migrates and saves energy over DVFS on the same traces", async () => {
  const { rows } = await runSweep({
    kind: "consolidation",
    seed: 4,
    fixed: { hosts: 20, vms: 30, intervals: 24 },
    variants: [
      { label: "dvfs", parameters: { allocation: "dvfs" } },
      { label: "mad-mmt", parameters: { allocation: "mad", selection: "mmt" } },
    ],
    replicates: 2,
  }, { workers: 2 });
  assert.equal(rows.length, 4);
  for (const replicate of [0, 1]) {
    const dvfs = rows.find((r) => r.variant === "dvfs" && r.replicate === replicate)!;
    const mad = rows.find((r) => r.variant === "mad-mmt" && r.replicate === replicate)!;
    assert.equal(dvfs.seed, mad.seed);
    assert.equal(dvfs.migrations, 0);
    assert.ok(Number(mad.migrations) > 0);
    assert.ok(Number(mad.energyKwh) < Number(dvfs.energyKwh));
  }
});

/** Every consolidation parameter at its default. */
const CONSOLIDATION_DEFAULTS = Object.fromEntries(
  Object.entries(CONSOLIDATION_RUNS.parameters).map(([k, p]) => [k, p.default]),
);

Deno.test("consolidation sweeps pass the trace parameters to the generator (a PlanetLab-like spread)", () => {
  const trace = { meanPercent: 11, meanSpreadPercent: 12, noiseExponent: 0.5, reversion: 0.9 };
  const p = {
    ...CONSOLIDATION_DEFAULTS,
    hosts: 12,
    vms: 20,
    intervals: 24,
    ...trace,
    noisePercent: 6,
  };
  const row = CONSOLIDATION_RUNS.run(p, 7);
  const traces = generateSyntheticTraces(20, { seed: 7, intervals: 24, noisePercent: 6, ...trace });
  const r = simulateDatacenter(beloglazov2012Scenario(traces, { hosts: 12 }), {
    seed: 7,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "cloudsim",
  });
  assert.equal(row.energyKwh, r.energyKwh);
  assert.equal(row.migrations, r.migrations);
  // the defaults are the generator's: the run without them set is the run with them
  const plain = { ...CONSOLIDATION_DEFAULTS, hosts: 12, vms: 20, intervals: 24 };
  const base = generateSyntheticTraces(20, { seed: 7, intervals: 24 });
  const rb = simulateDatacenter(beloglazov2012Scenario(base, { hosts: 12 }), {
    seed: 7,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "cloudsim",
  });
  assert.equal(CONSOLIDATION_RUNS.run(plain, 7).energyKwh, rb.energyKwh);
});

Deno.test("consolidation sweeps pass the policies, parameter, cost model and seed to the simulation", () => {
  const policies = {
    allocation: "thr",
    selection: "rs",
    safetyParameter: 0.7,
    migrationModel: "engine",
  } as const;
  const p = { ...CONSOLIDATION_DEFAULTS, hosts: 12, vms: 20, intervals: 12, ...policies };
  const row = CONSOLIDATION_RUNS.run(p, 9);
  const traces = generateSyntheticTraces(20, { seed: 9, intervals: 12 });
  const r = simulateDatacenter(beloglazov2012Scenario(traces, { hosts: 12 }), {
    seed: 9,
    allocation: "thr",
    selection: "rs",
    parameter: 0.7,
    migrationModel: "engine",
  });
  assert.ok(r.migrations > 0);
  // every metric is the simulation's field of that name
  assert.deepEqual(
    row,
    Object.fromEntries(CONSOLIDATION_RUNS.metrics.map((k) => [k, r[k as keyof typeof r]])),
  );
  // the engine's durations, not CloudSim's fixed delays
  assert.notEqual(r.migrationSeconds, r.cloudsimMigrationSeconds);
});

Deno.test("a failing run stops the sweep naming the run, and keeps the rows already done", async () => {
  await withDir("sweep-test-", async (dir) => {
    const spec: SweepSpec = {
      kind: "migration",
      seed: 1,
      fixed: { fidelity: "closed-form" },
      // the last run's VM has more pages than the engine takes: it fails when it runs
      grid: { memoryBytes: [2 ** 20, 2 ** 21, 2 ** 22, 2 ** 43] },
    };
    await assert.rejects(runSweep(spec, { workers: 1, out: `${dir}/x.csv` }), {
      message:
        /^Cannot run sweep run 3 \(variant "default", .*"memoryBytes":8796093022208\}, seed \d+\): Cannot .* vm\.pageCount must be/,
    });
    const journal = (await Deno.readTextFile(`${dir}/x.csv.partial.jsonl`)).split("\n");
    assert.deepEqual(journal.slice(1, -1).map((line) => JSON.parse(line).run), [0, 1, 2]);
    await assert.rejects(Deno.stat(`${dir}/x.csv`), Deno.errors.NotFound);
    // child processes: the failing child's message; the other child is stopped
    await assert.rejects(
      runSweep({ ...spec, replicates: 5 }, { runner: "process", workers: 2, out: `${dir}/y.csv` }),
      {
        message:
          /^Cannot run a sweep as a child process failed: Cannot run sweep run \d+ \(variant "default", .*"memoryBytes":8796093022208\}/,
      },
    );
    const rows = (await Deno.readTextFile(`${dir}/y.csv.partial.jsonl`)).split("\n").slice(1, -1)
      .map((line) => JSON.parse(line));
    assert.ok(rows.every((row) => row.memoryBytes !== 2 ** 43));
    await assert.rejects(Deno.stat(`${dir}/y.csv`), Deno.errors.NotFound);
  });
});

Deno.test("migration sweeps take the sampler as a parameter, refused by name where no sampler applies", async (t) => {
  const spec = (sampler: string, technique = "pre-copy"): SweepSpec => ({
    kind: "migration",
    seed: "sampler",
    fixed: { memoryBytes: 16 * 2 ** 20, workload: "hot-cold", writesPerSecond: 5000, technique },
    grid: { sampler: [sampler] },
    replicates: 2,
  });
  await t.step("per-write and counts rows differ per seed, per-write is the engine's", async () => {
    const perWrite = await runSweep(spec("per-write"), { workers: 1 });
    const counts = await runSweep(spec("counts"), { workers: 1 });
    assert.equal(perWrite.rows.length, 2);
    assert.notDeepEqual(
      perWrite.rows.map((r) => r.totalSeconds),
      counts.rows.map((r) => r.totalSeconds),
    );
    const { migrate } = await import("../../mod.ts");
    const seed = perWrite.rows[0]!.seed as number;
    const direct = migrate(
      {
        pageCount: 4096,
        pageSizeBytes: 4096,
        stateBytes: 262144,
        workload: { kind: "hot-cold", writesPerSecond: 5000, hotFraction: 0.05, hotShare: 0.9 },
      },
      { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4, pageOverheadBytes: 8 },
      {
        technique: "pre-copy",
        seed,
        sampler: "per-write",
        stopRules: [{ kind: "max-downtime", seconds: 0.3 }, { kind: "max-rounds", rounds: 30 }],
      },
    );
    assert.equal(perWrite.rows[0]!.totalSeconds, direct.totalSeconds);
  });
  await t.step("offline with counts is an error naming sampler", async () => {
    await assert.rejects(
      () => runSweep(spec("counts", "offline"), { workers: 1 }),
      /sampler must be "auto" or "per-write" for technique offline/,
    );
  });
  await t.step("combinations migrate() refuses are refused before any run (review)", async () => {
    // each passed the spec check and failed at its first run, leaving a partial journal
    const refused: [Record<string, unknown>, RegExp][] = [
      [
        { technique: "hybrid", preCopyRounds: 0 },
        /preCopyRounds must be >= 1 for technique hybrid: current value is 0/,
      ],
      [
        { technique: "hybrid", sampler: "counts" },
        /sampler "counts" needs technique pre-copy .*current value is "hybrid"/,
      ],
      [
        { technique: "post-copy", sampler: "counts" },
        /sampler "counts" needs technique pre-copy .*current value is "post-copy"/,
      ],
      [
        { technique: "hybrid", fidelity: "closed-form" },
        /technique must be offline, pre-copy or post-copy for fidelity closed-form .*current value is "hybrid"/,
      ],
      [
        { technique: "time-series-pre-copy", fidelity: "closed-form" },
        /for fidelity closed-form .*current value is "time-series-pre-copy"/,
      ],
      [
        { technique: "post-copy", fidelity: "closed-form", fetch: "demand" },
        /fetch must be active-push or prepaging for a closed-form post-copy/,
      ],
    ];
    for (const [fixed, message] of refused) {
      let ran = 0;
      await assert.rejects(
        () =>
          runSweep(
            { kind: "migration", seed: 1, fixed: { memoryBytes: 2 ** 20, ...fixed }, grid: {} },
            { workers: 1, onProgress: () => void ran++ },
          ),
        message,
      );
      assert.equal(ran, 0, JSON.stringify(fixed));
    }
    // and what it takes is still taken: a closed-form post-copy that prepages, pre-copy's counts
    const ok = await runSweep({
      kind: "migration",
      seed: 1,
      fixed: { memoryBytes: 2 ** 20, technique: "post-copy", fidelity: "closed-form" },
      grid: { fetch: ["prepaging", "active-push"] },
    }, { workers: 1 });
    assert.equal(ok.rows.length, 2);
  });
});

Deno.test("every migration sweep parameter reaches migrate(): each row equals migrate() called by hand with the same values", async () => {
  const { migrate, XEN_STOP_RULES } = await import("../../lib/migration/mod.ts");
  const qemu = (seconds: number, rounds: number) => [
    { kind: "max-downtime" as const, seconds },
    { kind: "max-rounds" as const, rounds },
  ];
  const vm = (workload: Record<string, unknown>, pageCount = 4096, pageSizeBytes = 4096) => ({
    pageCount,
    pageSizeBytes,
    stateBytes: 262144,
    workload,
  });
  const link = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4, pageOverheadBytes: 8 };
  const uniform = (writesPerSecond: number, readsPerSecond = 0) => ({
    kind: "uniform",
    writesPerSecond,
    readsPerSecond,
  });
  // Each point sets values away from the defaults; beside it, the VM, link and options written
  // out here (not through the run kind's own mapping), so a parameter the run kind dropped or
  // swapped gives another migration.
  const cases: [Record<string, SweepValue>, unknown, unknown, Record<string, unknown>][] = [
    [
      { technique: "post-copy", fetch: "demand", writesPerSecond: 2000, readsPerSecond: 30000 },
      vm(uniform(2000, 30000)),
      link,
      { technique: "post-copy", fetch: "demand" },
    ],
    [
      { technique: "hybrid", fetch: "active-push", preCopyRounds: 3, writesPerSecond: 50000 },
      vm(uniform(50000)),
      link,
      { technique: "hybrid", fetch: "active-push", preCopyRounds: 3 },
    ],
    [
      { writesPerSecond: 200000, maxDowntimeSeconds: 1e-4, maxRounds: 2 },
      vm(uniform(200000)),
      link,
      { technique: "pre-copy", stopRules: qemu(1e-4, 2) },
    ],
    [
      { writesPerSecond: 200000, maxDowntimeSeconds: 0.02 },
      vm(uniform(200000)),
      link,
      { technique: "pre-copy", stopRules: qemu(0.02, 30) },
    ],
    [
      { stopRules: "xen", writesPerSecond: 100000 },
      vm(uniform(100000)),
      link,
      { technique: "pre-copy", stopRules: XEN_STOP_RULES },
    ],
    [
      { workload: "hot-cold", hotFraction: 0.2, hotShare: 0.6, writesPerSecond: 50000 },
      vm({
        kind: "hot-cold",
        writesPerSecond: 50000,
        readsPerSecond: 0,
        hotFraction: 0.2,
        hotShare: 0.6,
      }),
      link,
      { technique: "pre-copy", stopRules: qemu(0.3, 30) },
    ],
    [
      { workload: "zipf", zipfExponent: 0.5, writesPerSecond: 50000 },
      vm({ kind: "zipf", writesPerSecond: 50000, readsPerSecond: 0, exponent: 0.5 }),
      link,
      { technique: "pre-copy", stopRules: qemu(0.3, 30) },
    ],
    [
      {
        memoryBytes: 2 ** 25,
        pageSizeBytes: 8192,
        stateBytes: 10 ** 6,
        bandwidthBytesPerSecond: 2e7,
        latencySeconds: 0.01,
        pageOverheadBytes: 100,
        writesPerSecond: 1000,
      },
      { ...vm(uniform(1000), 4096, 8192), stateBytes: 10 ** 6 },
      { bandwidthBytesPerSecond: 2e7, latencySeconds: 0.01, pageOverheadBytes: 100 },
      { technique: "pre-copy", stopRules: qemu(0.3, 30) },
    ],
    [
      { technique: "time-series-pre-copy", writesPerSecond: 50000 },
      vm(uniform(50000)),
      link,
      { technique: "time-series-pre-copy", stopRules: qemu(0.3, 30) },
    ],
    [
      { fidelity: "closed-form", technique: "post-copy", fetch: "active-push" },
      vm(uniform(20000)),
      link,
      { technique: "post-copy", fetch: "active-push", fidelity: "closed-form" },
    ],
    [
      { sampler: "per-page", writesPerSecond: 50000 },
      vm(uniform(50000)),
      link,
      { technique: "pre-copy", stopRules: qemu(0.3, 30), sampler: "per-page" },
    ],
  ];
  const result = await runSweep({
    kind: "migration",
    seed: "parameters",
    fixed: { memoryBytes: 16 * 2 ** 20 },
    points: cases.map(([point]) => point),
    replicates: 1,
  }, { runner: "inline" });
  assert.equal(result.rows.length, cases.length);
  const metrics = [
    "totalSeconds",
    "downtimeSeconds",
    "bytesSent",
    "pagesSent",
    "rounds",
    "converged",
    "stopReason",
    "remoteFaults",
  ] as const;
  const seen = new Set<string>();
  for (const [i, [point, v, l, options]] of cases.entries()) {
    const row = result.rows[i]!;
    const direct = migrate(v as never, l as never, { ...options, seed: row.seed } as never);
    const expected = Object.fromEntries(metrics.map((m) => [m, direct[m]]));
    const actual = Object.fromEntries(metrics.map((m) => [m, row[m]]));
    assert.deepEqual(actual, expected, JSON.stringify(point));
    seen.add(JSON.stringify(actual));
  }
  // the points give different migrations (none collapsed to the defaults' outcome)
  assert.equal(seen.size, cases.length);
});

Deno.test("every reliability sweep parameter reaches the model: exact values by hand, Monte Carlo as called directly", async () => {
  const { monteCarloReliability } = await import("../../lib/reliability/mod.ts");
  // Weibull shape 3, scale 2000 s, 1000 s: R = exp(-(1/2)^3); 2 of 3 needed, full coverage:
  // 3R^2 - 2R^3. Exponential 2e-4 /s, 1000 s: R = exp(-0.2); 3 of 4 needed, coverage 0.9:
  // R^4 + 4 (0.9) R^3 (1 - R).
  const rw = Math.exp(-(0.5 ** 3)), re = Math.exp(-0.2);
  const cases: [Record<string, SweepValue>, number, Record<string, unknown>][] = [
    [
      {
        lifetime: "weibull",
        weibullShape: 3,
        weibullScaleSeconds: 2000,
        processorCount: 3,
        requiredProcessors: 2,
      },
      3 * rw ** 2 - 2 * rw ** 3,
      {
        processorCount: 3,
        requiredProcessors: 2,
        lifetime: { kind: "weibull", shape: 3, scaleSeconds: 2000 },
        coverage: 1,
      },
    ],
    [
      { failureRatePerSecond: 2e-4, coverage: 0.9 },
      re ** 4 + 4 * 0.9 * re ** 3 * (1 - re),
      {
        processorCount: 4,
        requiredProcessors: 3,
        lifetime: { kind: "exponential", ratePerSecond: 2e-4 },
        coverage: 0.9,
      },
    ],
  ];
  const result = await runSweep({
    kind: "reliability",
    seed: "parameters",
    fixed: { missionSeconds: 1000, missions: 500 },
    points: cases.map(([point]) => point),
  }, { runner: "inline" });
  for (const [i, [point, exact, system]] of cases.entries()) {
    const row = result.rows[i]!;
    const what = JSON.stringify(point);
    assert.ok(Math.abs((row.exactReliability as number) - exact) <= 1e-12, what);
    const direct = monteCarloReliability(system as never, {
      missions: 500,
      missionSeconds: 1000,
      seed: row.seed as number,
    });
    assert.equal(row.reliability, direct.points[0]!.reliability, what);
    assert.equal(row.failures, direct.failureTimesSeconds.length, what);
  }
});
