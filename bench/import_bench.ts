/**
 * What importing each entry point costs a fresh process: the engine (`mod.ts`) must load
 * in under 100 ms and add under 20 MiB (issue 10), as a one-process-per-job cluster task
 * or a sweep worker pays it on every start.
 *
 * - `deno bench -A bench/import_bench.ts`: wall time of a fresh `deno run` that imports each
 *   entry point, against an empty process as the baseline (the difference is the import);
 * - `deno run -A bench/import_bench.ts`: per entry point, the median over 5 fresh processes
 *   of the time of the `import()` itself and of the resident memory it adds to an empty
 *   process, in a table, with the targets for `mod.ts`.
 *
 * Module compilation is cached by Deno after the first run, as it is for any user after
 * their first; the first import in each process is what is measured.
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url);
const ENTRIES = [
  "mod.ts",
  "lib/realtime/mod.ts",
  "lib/reliability/mod.ts",
  "lib/placement/mod.ts",
  "lib/datacenter/mod.ts",
  "lib/sweep/mod.ts",
  "lib/validation/mod.ts",
  "lib/measure/mod.ts",
  "lib/plot/mod.ts",
] as const;
const RUNS = 5;
const TARGET_MS = 100;
const TARGET_MIB = 20;

/** One measurement in a fresh process: import time and resident memory added. */
interface ImportCost {
  milliseconds: number;
  addedMiB: number;
}

function childSource(url: string | undefined): string {
  return `const before = Deno.memoryUsage().rss;
const started = performance.now();
${url === undefined ? "" : `await import(${JSON.stringify(url)});`}
const milliseconds = performance.now() - started;
console.log(JSON.stringify({ milliseconds, addedMiB: (Deno.memoryUsage().rss - before) / 2 ** 20 }));
`;
}

async function measure(entry: string | undefined): Promise<ImportCost> {
  const url = entry === undefined ? undefined : new URL(entry, ROOT).href;
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", childSource(url)],
    cwd: ROOT.pathname,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (import.meta.main) {
  // Compile and cache every entry once, so that each measurement is a warm start.
  for (const entry of ENTRIES) await measure(entry);
  console.log("| Entry point | import (ms, median of 5) | memory added (MiB) |");
  console.log("| --- | --- | --- |");
  for (const entry of ENTRIES) {
    const costs: ImportCost[] = [];
    for (let run = 0; run < RUNS; run += 1) costs.push(await measure(entry));
    const ms = median(costs.map((cost) => cost.milliseconds));
    const mib = median(costs.map((cost) => cost.addedMiB));
    const target = entry === "mod.ts"
      ? ` (target ${TARGET_MS} ms, ${TARGET_MIB} MiB: ${
        ms < TARGET_MS && mib < TARGET_MIB ? "met" : "MISSED"
      })`
      : "";
    console.log(`| ${entry} | ${ms.toFixed(1)} | ${mib.toFixed(1)}${target} |`);
  }
} else {
  Deno.bench("fresh deno process, no import", { group: "import", baseline: true }, async () => {
    await measure(undefined);
  });
  for (const entry of ENTRIES) {
    Deno.bench(`fresh deno process importing ${entry}`, { group: "import" }, async () => {
      await measure(entry);
    });
  }
}
