import assert from "node:assert/strict";
import {
  DEFAULT_STUDY_CONFIG,
  DEFAULT_TECHNIQUE_VARIANTS,
  formatTable,
  runStudy,
  type StudyConfig,
  type StudyProgress,
  toCsv,
} from "../../mod.ts";
import { assertSnapshot } from "../plot/_snapshot.ts";

/** The default study shrunk to a 16 MiB VM (4,096 pages) so that it runs in well under a second. */
const TINY: StudyConfig = { ...DEFAULT_STUDY_CONFIG, pageCount: 4096 };

Deno.test("DEFAULT_STUDY_CONFIG describes a 4 GiB VM on a 1 Gbit/s link", () => {
  assert.equal(
    DEFAULT_STUDY_CONFIG.pageCount * DEFAULT_STUDY_CONFIG.pageSizeBytes,
    2 ** 32,
  );
  assert.equal(DEFAULT_STUDY_CONFIG.stateBytes, 256 * 1024);
  assert.deepEqual(DEFAULT_STUDY_CONFIG.link, {
    bandwidthBytesPerSecond: 125e6,
    latencySeconds: 1e-4,
    pageOverheadBytes: 8,
  });
  assert.deepEqual(DEFAULT_STUDY_CONFIG.workloads.map((w) => w.name), [
    "idle",
    "uniform",
    "hot-cold",
  ]);
  assert.equal(DEFAULT_STUDY_CONFIG.techniques, DEFAULT_TECHNIQUE_VARIANTS);
  assert.deepEqual(DEFAULT_STUDY_CONFIG.seeds, [1]);
});

Deno.test("runStudy() on the tiny default study matches its golden CSV", async () => {
  await assertSnapshot(toCsv(runStudy(TINY)), "study-tiny.csv");
});

Deno.test("runStudy() runs workload x technique x seed in order", async (t) => {
  const config: StudyConfig = {
    ...TINY,
    workloads: TINY.workloads.slice(0, 2),
    techniques: DEFAULT_TECHNIQUE_VARIANTS.slice(0, 3),
    seeds: [1, "two"],
  };
  const progress: StudyProgress[] = [];
  const rows = runStudy(config, { onProgress: (p) => progress.push(p) });

  await t.step(
    "2 workloads x 3 techniques x 2 seeds give 12 rows in nesting order",
    () => {
      assert.equal(rows.length, 12);
      assert.deepEqual(
        rows.slice(0, 4).map((r) => [r.workload, r.label, r.seed]),
        [["idle", "offline", 1], ["idle", "offline", "two"], [
          "idle",
          "pre-copy/qemu",
          1,
        ], [
          "idle",
          "pre-copy/qemu",
          "two",
        ]],
      );
      assert.equal(rows[11]!.workload, "uniform");
      assert.equal(rows[11]!.label, "pre-copy/xen");
    },
  );

  await t.step("rows are flat records with the documented fields", () => {
    assert.deepEqual(Object.keys(rows[0]!), [
      "workload",
      "label",
      "technique",
      "seed",
      "fidelity",
      "totalSeconds",
      "downtimeSeconds",
      "bytesSent",
      "pagesSent",
      "rounds",
      "converged",
      "stopReason",
      "remoteFaults",
      "stallSeconds",
    ]);
  });

  await t.step(
    "offline rows match the closed form: memory and state over the link",
    () => {
      const offline = rows[0]!;
      const bytes = 4096 * (4096 + 8) + 262144;
      assert.equal(offline.bytesSent, bytes);
      assert.ok(Math.abs(offline.totalSeconds - (bytes / 125e6 + 1e-4)) < 1e-9);
      assert.equal(offline.downtimeSeconds, offline.totalSeconds);
    },
  );

  await t.step(
    "onProgress is called once per run with the row and its full result",
    () => {
      assert.deepEqual(progress.map((p) => p.completed), [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
      ]);
      assert.ok(progress.every((p) => p.total === 12));
      assert.deepEqual(progress.map((p) => p.row), rows);
      assert.equal(
        progress[2]!.result.roundRows.length,
        progress[2]!.row.rounds,
      );
    },
  );

  await t.step("the same config gives the same rows", () => {
    assert.deepEqual(runStudy(config), rows);
  });

  await t.step("the config is not mutated", () => {
    const copy = structuredClone(config);
    runStudy(config);
    assert.deepEqual(config, copy);
  });
});

Deno.test("runStudy() records each run's fidelity, shown after seed in toCsv() and formatTable()", async (t) => {
  const config: StudyConfig = {
    ...TINY,
    workloads: [TINY.workloads[1]!],
    techniques: [
      { label: "post-copy/page", options: { technique: "post-copy" } },
      {
        label: "post-copy/closed-form",
        options: { technique: "post-copy", fidelity: "closed-form" },
      },
    ],
  };
  const rows = runStudy(config);
  await t.step("fidelity comes from the result", () => {
    assert.deepEqual(rows.map((r) => r.fidelity), ["page", "closed-form"]);
  });
  await t.step("closed-form faults and stall are expected values, not 0", () => {
    const [page, closed] = rows;
    assert.ok(closed!.remoteFaults > 0 && !Number.isInteger(closed!.remoteFaults));
    assert.ok(closed!.stallSeconds > 0);
    // Same VM and link: the expected value is near the simulated run (1 seed, 10%).
    assert.ok(Math.abs(closed!.remoteFaults / page!.remoteFaults - 1) < 0.1);
    assert.equal(closed!.totalSeconds.toFixed(9), page!.totalSeconds.toFixed(9));
  });
  await t.step("toCsv() and formatTable() put the column after seed", () => {
    const header = toCsv(rows).split("\n")[0]!;
    assert.match(header, /^workload,label,technique,seed,fidelity,totalSeconds,/);
    assert.match(
      toCsv(rows).split("\n")[2]!,
      /^uniform,post-copy\/closed-form,post-copy,1,closed-form,/,
    );
    const table = formatTable(rows).split("\n");
    assert.match(table[0]!, /^workload +label +technique +seed +fidelity +totalSeconds/);
    assert.match(table[3]!, / 1 +closed-form +/);
  });
});

Deno.test("runStudy() rejects bad configs", async (t) => {
  await t.step("a fractional page count throws a RangeError", () => {
    assert.throws(() => runStudy({ ...TINY, pageCount: 1.5 }), {
      name: "RangeError",
      message:
        "Cannot run a study as config.pageCount must be an integer in [1, 1073741824]: current value is 1.5",
    });
  });
  await t.step("a workload's typo fails before any run, naming the workload (review)", () => {
    let runs = 0;
    const bad = { name: "bad", spec: { kind: "uniform", writesPerSecond: 1, typo: 1 } } as never;
    assert.throws(
      () =>
        runStudy({ ...TINY, workloads: [...TINY.workloads, bad] }, {
          onProgress: () => void runs++,
        }),
      {
        message:
          /^Cannot run a study as "typo" must be a known key of config\.workloads\[\d+\]\.spec /,
      },
    );
    assert.equal(runs, 0);
  });
  await t.step("a technique's refused option names the technique, workload and seed", () => {
    const techniques = [{
      label: "x",
      options: { technique: "post-copy", fetch: "bogus" },
    }] as never;
    assert.throws(() => runStudy({ ...TINY, techniques }), {
      name: "TypeError",
      message:
        /^Cannot run a study: config\.techniques\[0\] \("x"\) on config\.workloads\[0\] \("[^"]+"\), seed [^:]+: Cannot simulate post-copy as options\.fetch must be one of /,
    });
  });
  await t.step("seeds that are not an array throw a TypeError", () => {
    assert.throws(() => runStudy({ ...TINY, seeds: 1 as unknown as [] }), {
      name: "TypeError",
      message: "Cannot run a study as config.seeds must be an array: current value is 1",
    });
  });
  await t.step("a workload or technique that is not an object names its index", () => {
    const idle = { name: "idle", spec: { kind: "idle" } } as const;
    const cases: [Partial<StudyConfig>, string][] = [
      [
        { workloads: [idle, null as never] },
        "Cannot run a study as config.workloads[1] must be an object: current value is null",
      ],
      [
        { workloads: [{ spec: { kind: "idle" } } as never] },
        "Cannot run a study as config.workloads[0].name must be a string: current value is undefined",
      ],
      [
        { techniques: [null as never] },
        "Cannot run a study as config.techniques[0] must be an object: current value is null",
      ],
      [
        { techniques: [{ label: "x" } as never] },
        "Cannot run a study as config.techniques[0].options must be an object: current value is undefined",
      ],
    ];
    for (const [patch, message] of cases) {
      assert.throws(() => runStudy({ ...TINY, ...patch }), { name: "TypeError", message });
    }
  });
  await t.step("empty lists give no rows", () => {
    assert.deepEqual(runStudy({ ...TINY, seeds: [] }), []);
  });
});

Deno.test("runStudy() checks every technique variant before any run (review)", async (t) => {
  const check = (techniques: unknown, expected: { name: string; message: string | RegExp }) => {
    let runs = 0;
    assert.throws(
      () => runStudy({ ...TINY, techniques } as never, { onProgress: () => void runs++ }),
      expected,
    );
    assert.equal(runs, 0);
  };
  const offline = { label: "offline", options: { technique: "offline" } };
  await t.step("a misspelt technique in techniques[1]", () => {
    check([offline, { label: "p", options: { technique: "pre-copyy" } }], {
      name: "TypeError",
      message:
        'Cannot run a study as config.techniques[1].options.technique must be one of "offline", "pre-copy", "time-series-pre-copy", "post-copy", "hybrid": current value is "pre-copyy"',
    });
  });
  await t.step("an unknown option in techniques[1]", () => {
    check([offline, { label: "p", options: { technique: "pre-copy", bogus: 1 } }], {
      name: "TypeError",
      message:
        /^Cannot run a study as "bogus" must be a known key of config\.techniques\[1\]\.options \(/,
    });
  });
  await t.step("a bad fidelity in techniques[1]", () => {
    check([offline, { label: "p", options: { technique: "pre-copy", fidelity: "fast" } }], {
      name: "TypeError",
      message:
        'Cannot run a study as config.techniques[1].options.fidelity must be one of "page", "closed-form": current value is "fast"',
    });
  });
});

Deno.test("runStudy() refuses duplicate labels and workload names, which summarizeStudy would merge (review)", async (t) => {
  await t.step("two variants labelled offline", () => {
    const techniques = [
      { label: "offline", options: { technique: "offline" } },
      { label: "offline", options: { technique: "pre-copy" } },
    ] as never;
    assert.throws(() => runStudy({ ...TINY, techniques }), {
      name: "RangeError",
      message:
        'Cannot run a study as config.techniques[1].label must be unique: current value is "offline", given before',
    });
  });
  await t.step("two workloads named idle", () => {
    const idle = { name: "idle", spec: { kind: "idle" as const } };
    assert.throws(() => runStudy({ ...TINY, workloads: [idle, idle] }), {
      name: "RangeError",
      message:
        'Cannot run a study as config.workloads[1].name must be unique: current value is "idle", given before',
    });
  });
  await t.step("a seed given twice", () => {
    assert.throws(() => runStudy({ ...TINY, seeds: [1, "two", 1] }), {
      name: "RangeError",
      message:
        "Cannot run a study as config.seeds[2] must not repeat config.seeds[0]: current value is 1",
    });
  });
});
