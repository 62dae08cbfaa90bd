/**
 * Export hygiene of the package's entry points (`deno.json` `exports`): internal helpers
 * never leak. The convention (README, "Names"): internal code lives in `_`-prefixed files
 * (`lib/_validate.ts`, `lib/plot/_render.ts`, ...) and under `lib/_deps/`, which no
 * `mod.ts` re-exports; no public name starts with `_`; and a few helper names that once
 * leaked stay out (the denylist below).
 *
 * @module
 */
import assert from "node:assert/strict";

/** Helper names that once leaked from an entry point, kept out on purpose. */
const DENYLIST = [
  "DistributiveOmit", // a type utility: the two options fields now spell it out
  "plainText", // a cell formatter of tables and CSV: lib/study/_plain_text.ts
  "renderSvg", // figures render through drawFigure: lib/plot/_render.ts
  "figureMarks", // (lower case) the splitter of lib/plot/_render.ts; FigureMarks is public
  "requireFlatRows",
  "requireFinite",
  "requireArray",
  "atomicWriteTextFile",
  "atomicWriteFile",
  "checkOptions",
  "phaseModel", // the model of a phase's workload: lib/workload/models/_phase_model.ts
];

interface DocSymbol {
  name: string;
  declarations: { location: { filename: string } }[];
}

/** Every entry point's exported symbols, from one `deno doc --json` run. */
async function entryPointSymbols(): Promise<Map<string, DocSymbol[]>> {
  const root = new URL("../", import.meta.url);
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root)));
  const paths = Object.values(config.exports as Record<string, string>);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", ...paths],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const doc = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    nodes: Record<string, { symbols: DocSymbol[] }>;
  };
  const byEntry = new Map<string, DocSymbol[]>();
  for (const [url, node] of Object.entries(doc.nodes)) {
    byEntry.set(url.slice(root.href.length), node.symbols);
  }
  assert.equal(byEntry.size, paths.length, "one doc node per entry point");
  return byEntry;
}

Deno.test("entry points export no internal helper", async (t) => {
  const byEntry = await entryPointSymbols();
  const leaks = (test: (symbol: DocSymbol) => boolean) =>
    [...byEntry].flatMap(([entry, symbols]) =>
      symbols.filter(test).map((s) => `${entry}: ${s.name}`)
    );
  await t.step("no name declared in a _-prefixed file or under lib/_deps/", () => {
    assert.deepEqual(
      leaks((s) =>
        s.declarations.some(({ location }) => /\/_[^/]*\.ts$|\/_deps\//.test(location.filename))
      ),
      [],
    );
  });
  await t.step("no name starting with _", () => {
    assert.deepEqual(leaks((s) => s.name.startsWith("_")), []);
  });
  await t.step("no name on the denylist of helpers that once leaked", () => {
    assert.deepEqual(leaks((s) => DENYLIST.includes(s.name)), []);
  });
  await t.step("the checks see the entry points' real exports", () => {
    const names = (entry: string) => byEntry.get(entry)?.map((s) => s.name) ?? [];
    assert.ok(names("mod.ts").includes("migrate"));
    assert.ok(names("lib/plot/mod.ts").includes("drawFigure"));
    assert.ok(names("lib/plot/mod.ts").includes("FigureMarks"));
    assert.ok(byEntry.size >= 19);
  });
});

Deno.test("every plot helper comes as plotXxx (the figure) and xxxMarks (its marks)", async () => {
  const byEntry = await entryPointSymbols();
  const names = new Set(byEntry.get("lib/plot/mod.ts")!.map((s) => s.name));
  const figures = [...names].filter((n) => /^plot[A-Z]/.test(n)).sort();
  assert.ok(figures.length >= 12, figures.join(", "));
  const missing = figures
    .map((n) => n.slice(4, 5).toLowerCase() + n.slice(5) + "Marks")
    .filter((marks) => !names.has(marks));
  assert.deepEqual(missing, []);
  const orphans = [...names].filter((n) => /^[a-z]\w*Marks$/.test(n))
    .filter((n) => !names.has("plot" + n[0]!.toUpperCase() + n.slice(1, -5)));
  assert.deepEqual(orphans, []);
});
