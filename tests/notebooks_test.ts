import assert from "node:assert/strict";
import { notebookModule } from "./_notebook_module.ts";
import {
  denoKernel,
  LATE_RESULTS_ARGS,
  lateResultsEnv,
  staleOutputs,
  VOLATILE_TAG,
} from "./run_notebooks.ts";

const RUNNER = decodeURIComponent(
  new URL("./run_notebooks.ts", import.meta.url).pathname,
);
const RUNNER_PERMISSIONS = [
  "--allow-run",
  "--allow-read",
  "--allow-write",
  "--allow-env",
];

async function hasJupyter(): Promise<boolean> {
  try {
    return (await new Deno.Command("jupyter", {
      args: ["nbconvert", "--version"],
      stdout: "null",
      stderr: "null",
    }).output()).success;
  } catch {
    return false;
  }
}

const JUPYTER = await hasJupyter();
if (!JUPYTER) {
  console.warn("notebooks_test: skipping the kernel tests: jupyter nbconvert is absent");
}

/** A minimal nbformat 4.5 notebook on the Deno kernel with one code cell. */
function notebook(source: string, outputs: unknown[] = []): string {
  return JSON.stringify({
    cells: [
      {
        cell_type: "markdown",
        id: "question",
        metadata: {},
        source: ["# Test"],
      },
      {
        cell_type: "code",
        execution_count: null,
        id: "code",
        metadata: {},
        outputs,
        source: [source],
      },
    ],
    metadata: {
      kernelspec: {
        display_name: "Deno",
        language: "typescript",
        name: "deno",
      },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

async function runRunner(
  args: string[],
  env?: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...RUNNER_PERMISSIONS, RUNNER, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...(env === undefined ? {} : { env, clearEnv: true }),
  }).output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

const SVG_RESULT = {
  data: { "image/svg+xml": ["<svg></svg>"], "text/plain": ["Figure"] },
  execution_count: 1,
  metadata: {},
  output_type: "execute_result",
};

/** A figure-like value: what `lib/plot` figures give the kernel. */
const FIGURE_SOURCE =
  '({ [Symbol.for("Jupyter.display")]: () => ({ "image/svg+xml": "<svg></svg>", "text/plain": "Figure" }) })';

Deno.test("run_notebooks.ts without Jupyter runs code cells in one Deno process and checks displays", async (t) => {
  const directory = await Deno.makeTempDir({ prefix: "notebooks_test_" });
  try {
    const good = `${directory}/good.ipynb`;
    const bad = `${directory}/bad.ipynb`;
    const lost = `${directory}/lost.ipynb`;
    await Deno.writeTextFile(good, notebook(FIGURE_SOURCE, [SVG_RESULT]));
    await Deno.writeTextFile(bad, notebook('throw new Error("boom")'));
    // The committed notebook shows a figure; the code now displays nothing.
    await Deno.writeTextFile(lost, notebook(`const figure = ${FIGURE_SOURCE};`, [SVG_RESULT]));

    await t.step("with no jupyter on PATH it says so and takes the deno path", async () => {
      const deno = Deno.execPath();
      const { code, stdout } = await runRunner([good], {
        PATH: deno.slice(0, deno.lastIndexOf("/")),
        HOME: Deno.env.get("HOME") ?? "/root",
        ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
      });
      const lines = stdout.trimEnd().split("\n");
      assert.match(lines[0] ?? "", /^notebooks: via deno \(.*jupyter nbconvert not found/);
      assert.match(lines[1] ?? "", /^ok good\.ipynb \(\d+\.\d s\)$/);
      assert.equal(lines.at(-1), "notebooks: 1 passed, 0 failed");
      assert.equal(code, 0);
    });

    await t.step("a failing cell and a lost figure each fail their notebook", async () => {
      const { code, stdout } = await runRunner(["--via=deno", good, bad, lost]);
      assert.equal(code, 1);
      assert.match(stdout, /^ok good\.ipynb/m);
      assert.match(stdout, /^FAILED bad\.ipynb\n {4}cell code failed\n(.|\n)*Error: boom/m);
      assert.match(
        stdout,
        /^FAILED lost\.ipynb\n {4}lost display outputs:\n {4}cell code displayed 0 output\(s\) \[\], the committed notebook 1 \[image\/svg\+xml, text\/plain\]$/m,
      );
      assert.equal(stdout.trimEnd().split("\n").at(-1), "notebooks: 1 passed, 2 failed");
    });

    await t.step("Deno.jupyter.display and md count as display outputs", async () => {
      const shown = `${directory}/shown.ipynb`;
      await Deno.writeTextFile(
        shown,
        notebook("Deno.jupyter.display(Deno.jupyter.md`# a`);\nDeno.jupyter.html`<b>b</b>`", [
          { data: { "text/markdown": ["# a"] }, metadata: {}, output_type: "display_data" },
          { ...SVG_RESULT, data: { "text/html": ["<b>b</b>"] } },
        ]),
      );
      const { code, stdout } = await runRunner(["--via=deno", shown]);
      assert.equal(stdout.trimEnd().split("\n").at(-1), "notebooks: 1 passed, 0 failed");
      assert.equal(code, 0);
    });

    await t.step("a broadcast display_data counts once, its updates add no output", async () => {
      const progress = `${directory}/progress.ipynb`;
      const html = { "text/html": "<b>1/2</b>", "text/plain": "1/2" };
      await Deno.writeTextFile(
        progress,
        notebook(
          [
            `const content = { data: ${
              JSON.stringify(html)
            }, metadata: {}, transient: { display_id: "p" } };`,
            'await Deno.jupyter.broadcast("display_data", content);',
            'await Deno.jupyter.broadcast("update_display_data", content);',
          ].join("\n"),
          [{ data: html, metadata: {}, output_type: "display_data" }],
        ),
      );
      const ok = await runRunner(["--via=deno", progress]);
      assert.equal(ok.stdout.trimEnd().split("\n").at(-1), "notebooks: 1 passed, 0 failed");
      // Committed with two progress displays, the run shows one: lost.
      await Deno.writeTextFile(
        progress,
        notebook('await Deno.jupyter.broadcast("display_data", { data: { "text/html": "x" } });', [
          { data: html, metadata: {}, output_type: "display_data" },
          { data: html, metadata: {}, output_type: "display_data" },
        ]),
      );
      const lost = await runRunner(["--via=deno", progress]);
      assert.equal(lost.code, 1);
      assert.match(
        lost.stdout,
        /cell code displayed 1 output\(s\) \[text\/html\], the committed notebook 2 \[text\/html, text\/plain\]/,
      );
    });

    await t.step(
      "a cell may import and declare again what an earlier cell did, as in the kernel",
      async () => {
        // notebook 07 failed without Jupyter: its later cell imported names the first had
        // imported, and declared a const an earlier cell had declared
        const again = `${directory}/again.ipynb`;
        const cell = (id: string, source: string) => ({
          cell_type: "code",
          execution_count: null,
          id,
          metadata: {},
          outputs: [],
          source: [source],
        });
        const validate = JSON.stringify(new URL("../lib/_validate.ts", import.meta.url).href);
        const prng = JSON.stringify(new URL("../lib/random/prng.ts", import.meta.url).href);
        const parsed = JSON.parse(notebook(""));
        parsed.cells = [
          cell("first", `import { show } from ${validate};\nconst failing = [show(1)];`),
          cell(
            "second",
            [
              `import type { Seed } from ${prng};`,
              `import { show, object } from ${validate};`,
              "const failing: Seed[] = [show(2), typeof object];",
              'if (failing.join() !== "2,function") throw new Error(failing.join());',
            ].join("\n"),
          ),
        ];
        await Deno.writeTextFile(again, JSON.stringify(parsed));
        const { code, stdout } = await runRunner(["--via=deno", again]);
        assert.equal(stdout.trimEnd().split("\n").at(-1), "notebooks: 1 passed, 0 failed", stdout);
        assert.equal(code, 0);
      },
    );
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test({
  name: "run_notebooks.ts reports each notebook, sums them up and exits 1 on a failing cell",
  ignore: !JUPYTER,
  async fn(t) {
    const directory = await Deno.makeTempDir({ prefix: "notebooks_test_" });
    try {
      const good = `${directory}/good.ipynb`;
      const bad = `${directory}/bad.ipynb`;
      const fresh = `${directory}/fresh.ipynb`;
      await Deno.writeTextFile(good, notebook("6 * 7"));
      await Deno.writeTextFile(bad, notebook('throw new Error("boom")'));
      const stale = notebook("6 * 7", [
        {
          data: { "text/plain": ["0"] },
          execution_count: 1,
          metadata: {},
          output_type: "execute_result",
        },
      ]);
      await Deno.writeTextFile(fresh, stale);

      await t.step(
        "a failing notebook fails the run and leaves files untouched",
        async () => {
          const { code, stdout } = await runRunner(["--timeout=60", good, bad]);
          assert.equal(code, 1);
          const lines = stdout.trimEnd().split("\n");
          // A kernel registered or not, the run goes through the real kernel.
          assert.match(lines[0] ?? "", /^notebooks: via kernel \(jupyter nbconvert, /);
          assert.match(lines[1] ?? "", /^ok good\.ipynb \(\d+\.\d s(; kept 1 late output)?\)$/);
          assert.equal(lines[2], "FAILED bad.ipynb");
          assert.match(stdout, /Error: boom/);
          assert.equal(lines.at(-1), "notebooks: 1 passed, 1 failed");
          assert.equal(await Deno.readTextFile(good), notebook("6 * 7"));
        },
      );

      await t.step(
        "--inplace replaces stale outputs, or leaves the file alone if outputs went missing",
        async () => {
          const { code, stdout } = await runRunner(["--inplace", fresh]);
          const last = stdout.trimEnd().split("\n").at(-1);
          const text = await Deno.readTextFile(fresh);
          if (code === 0) {
            assert.equal(last, "notebooks: 1 passed, 0 failed");
            const executed = JSON.parse(text);
            assert.deepEqual(executed.cells[1].outputs[0].data, { "text/plain": ["42"] });
            assert.equal(executed.cells[1].id, "code");
          } else {
            // The result went missing on every attempt: the runner must say so and must not
            // write a notebook without outputs.
            assert.equal(last, "notebooks: 0 passed, 1 failed");
            assert.match(stdout, /lost display outputs in each of 3 runs; not written/);
            assert.equal(text, stale);
          }
        },
      );
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});

Deno.test({
  name: "late_results.py keeps every cell's result the Deno kernel publishes after its idle status",
  ignore: !JUPYTER,
  async fn() {
    // Without the preprocessor, nbconvert drops the execute_result of about one cell in 20
    // (measured: 4, 3, 7 and 4 of 80 in four runs; 9 of 150 through jupyter_client), so 150
    // cells pass without it only by a chance near 0.95^150 ≈ 5e-4.
    const directory = await Deno.makeTempDir({ prefix: "late_results_test_" });
    try {
      const cells = Array.from({ length: 150 }, (_, index) => ({
        cell_type: "code",
        execution_count: null,
        id: `c${index}`,
        metadata: {},
        outputs: [],
        source: [
          `let s${index} = 0;\nfor (let j = 0; j < 1e5; j++) s${index} += j;\ns${index} + ${index}`,
        ],
      }));
      cells.push({
        cell_type: "code",
        execution_count: null,
        id: "no-result",
        metadata: {},
        outputs: [],
        source: ["const quiet = 1;"],
      });
      const path = `${directory}/many.ipynb`;
      await Deno.writeTextFile(
        path,
        JSON.stringify({
          cells,
          metadata: {
            kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
            language_info: { name: "typescript" },
          },
          nbformat: 4,
          nbformat_minor: 5,
        }),
      );
      const { success, stderr } = await new Deno.Command("jupyter", {
        args: [
          "nbconvert",
          "--to",
          "notebook",
          ...LATE_RESULTS_ARGS,
          "--ExecutePreprocessor.timeout=120",
          "--output-dir",
          `${directory}/out`,
          path,
        ],
        // the registered Deno kernel, or a temporary one (as the runner does without one)
        env: { NO_COLOR: "1", ...lateResultsEnv(), ...(await denoKernel(directory)).kernelEnv },
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.ok(success, new TextDecoder().decode(stderr));
      const executed = JSON.parse(await Deno.readTextFile(`${directory}/out/many.ipynb`));
      const results = executed.cells.map((cell: { outputs: { output_type: string }[] }) =>
        cell.outputs.filter((output) => output.output_type === "execute_result").length
      );
      const missing = results.flatMap((count: number, index: number) =>
        index < 150 && count !== 1 ? [index] : []
      );
      assert.deepEqual(missing, [], `cells without their result: ${missing.join(", ")}`);
      // The cell without a value gets none, after waiting late_output_seconds for it.
      assert.equal(results[150], 0);
      const expected = (index: number) => (1e5 * (1e5 - 1)) / 2 + index;
      assert.deepEqual(
        executed.cells.slice(0, 3).map((cell: { outputs: { data: Record<string, string[]> }[] }) =>
          cell.outputs[0]?.data["text/plain"]?.join("")
        ),
        [0, 1, 2].map((index) => String(expected(index))),
      );
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});

Deno.test("every notebook's cells make one module that Deno parses and links, for runs without Jupyter", async () => {
  // CI runs the notebooks through the kernel; a machine without Jupyter runs them as one
  // module (tests/_notebook_module.ts), where a name declared twice is a SyntaxError the
  // kernel never raises (notebook 07 had two). Parsing and linking happen before any cell
  // runs, so each module is run with an exit first: a module that cannot be parsed or
  // linked fails before it.
  const folder = new URL("../notebooks/", import.meta.url);
  const directory = await Deno.makeTempDir({ prefix: "notebook_modules_" });
  try {
    const names = [...Deno.readDirSync(folder)].map((e) => e.name)
      .filter((name) => name.endsWith(".ipynb")).sort();
    assert.ok(names.length >= 7, names.join(", "));
    for (const name of names) {
      const path = decodeURIComponent(new URL(name, folder).pathname);
      const cells = JSON.parse(await Deno.readTextFile(path)).cells;
      const module = `${directory}/${name.replace(/\.ipynb$/, "")}.ts`;
      await Deno.writeTextFile(module, `globalThis.Deno.exit(0);\n${notebookModule(cells, path)}`);
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-check", module],
        cwd: decodeURIComponent(folder.pathname),
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, `${name}: ${new TextDecoder().decode(stderr)}`);
    }
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("the one-module runner keeps value imports after type-only ones, and refuses a name both imported and declared", async (t) => {
  const validate = JSON.stringify(new URL("../lib/_validate.ts", import.meta.url).href);
  const path = decodeURIComponent(new URL("../notebooks/none.ipynb", import.meta.url).pathname);
  const cells = (...sources: string[]) =>
    sources.map((source, i) => ({ cell_type: "code", id: `c${i}`, source }));
  await t.step("a value import after a type-only import of the name is kept", async () => {
    // it was dropped as a repeat: the later cell failed with 'show is not defined'
    const module = notebookModule(
      cells(
        `import type { show } from ${validate};\nlet f: typeof show | undefined;`,
        `import { show } from ${validate};\nif (show(1) !== "1") throw new Error("show");`,
      ),
      path,
    );
    const file = await Deno.makeTempFile({ suffix: ".ts" });
    const outputs = await Deno.makeTempFile({ suffix: ".json" });
    try {
      await Deno.writeTextFile(file, module);
      const { code, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--no-check", file],
        env: { NOTEBOOK_OUTPUTS: outputs },
        stdin: "null",
        stdout: "null",
        stderr: "piped",
      }).output();
      assert.equal(code, 0, new TextDecoder().decode(stderr));
      assert.deepEqual(JSON.parse(await Deno.readTextFile(outputs)).finishedCells, ["c0", "c1"]);
    } finally {
      await Deno.remove(file);
      await Deno.remove(outputs);
    }
  });
  await t.step("a name one cell imports and another declares is refused by name", () => {
    // the declaration became a var that shadowed the import: every cell read the var
    // (console.log(show) in the first cell printed undefined), silently
    for (
      const sources of [
        [`import { show } from ${validate};\nshow(1);`, "const show = 7;"],
        ["const show = 7;", `import { show } from ${validate};\nshow(1);`],
        [`import { show } from ${validate};`, "const [a, { show }] = [1, { show: 2 }];"],
        [`import { show } from ${validate};`, "function show() {}"],
      ]
    ) {
      assert.throws(() => notebookModule(cells(...sources), path), {
        name: "SyntaxError",
        message: /'show'/,
      });
    }
  });
});

Deno.test("staleOutputs names a cell whose fresh outputs differ from the committed ones", async (t) => {
  type Cell = Parameters<typeof staleOutputs>[0][number];
  const cell = (id: string, text: string, svg: string, tags?: string[]): Cell => ({
    cell_type: "code",
    id,
    source: "",
    ...(tags === undefined ? {} : { metadata: { tags } }),
    outputs: [
      { output_type: "stream", name: "stdout", text: ["energy ", text, "\n"] },
      { output_type: "display_data", data: { "image/svg+xml": svg, "text/plain": "[Figure]" } },
    ],
  });
  const committed = [cell("a", "12.5 kWh", "<svg>1</svg>"), cell("b", "3 s", "<svg/>")];
  await t.step("the same text and figures pass", () => {
    assert.deepEqual(staleOutputs(committed, structuredClone(committed)), []);
  });
  await t.step("a printed figure that changed names the cell and the line", () => {
    const fresh = [cell("a", "12.6 kWh", "<svg>1</svg>"), committed[1]!];
    const [line, ...rest] = staleOutputs(committed, fresh);
    assert.deepEqual(rest, []);
    assert.match(line!, /^cell a .* line 2: committed "energy 12.5 kWh", fresh "energy 12.6 kWh"$/);
  });
  await t.step("a figure's SVG that changed is stale too", () => {
    const fresh = [cell("a", "12.5 kWh", "<svg>2</svg>"), committed[1]!];
    assert.match(staleOutputs(committed, fresh).join(), /cell a .*<svg>1<\/svg>.*<svg>2<\/svg>/);
  });
  await t.step("a lost output is stale (the kernel path also counts it lost)", () => {
    const fresh = [{ ...committed[0]!, outputs: [] }, committed[1]!];
    assert.match(staleOutputs(committed, fresh).join(), /cell a .*fresh \(none\)/);
  });
  await t.step("a cell committed without outputs (cleared) is left out", () => {
    const cleared = [{ ...committed[0]!, outputs: [] }, committed[1]!];
    assert.deepEqual(staleOutputs(cleared, committed), []);
  });
  await t.step(`a cell tagged "${VOLATILE_TAG}" is left out`, () => {
    const timed = [committed[0]!, cell("b", "3 s", "<svg/>", [VOLATILE_TAG])];
    assert.deepEqual(staleOutputs(timed, [committed[0]!, cell("b", "4 s", "<svg/>")]), []);
  });
});

Deno.test("only cells whose outputs change from run to run are tagged volatile", async () => {
  // the tag hides a cell from the stale-output check: keep it to the one cell with timings
  const folder = new URL("../notebooks/", import.meta.url);
  const tagged: string[] = [];
  for await (const entry of Deno.readDir(folder)) {
    if (!entry.name.endsWith(".ipynb")) continue;
    const { cells } = JSON.parse(await Deno.readTextFile(new URL(entry.name, folder)));
    for (const c of cells as { id?: string; metadata?: { tags?: string[] } }[]) {
      if (c.metadata?.tags?.includes(VOLATILE_TAG)) tagged.push(`${entry.name}#${c.id}`);
    }
  }
  assert.deepEqual(tagged, ["02_sweeps.ipynb#run"]);
});
