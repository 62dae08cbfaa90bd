/**
 * Rewrites `import { ... } from ".../mod.ts"` (the root entry point) so that every name
 * comes from the entry point of its area: engine names stay with `mod.ts`, the others move
 * to `lib/<area>/mod.ts` (plot, realtime, reliability, placement, datacenter, sweep, ...).
 * For code written before the root was split, or merged from a branch that still imports
 * everything from `mod.ts`. Covers `.ts` files (code and JSDoc examples), notebooks' code
 * cells and `README.md`; run `deno fmt` afterwards.
 *
 * ```sh
 * deno run --allow-read --allow-write --allow-run tools/split_mod_imports.ts [FILE ...]
 * ```
 *
 * Which area exports a name comes from `deno doc --json lib/<area>/mod.ts`; a name no area
 * exports is reported and left with `mod.ts`.
 *
 * @module
 */

import { atomicWriteTextFile } from "../lib/_atomic_write.ts";

const ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname).replace(/\/$/, "");
/** Areas `mod.ts` re-exports: their names stay imported from the root. */
const ENGINE = ["units", "random", "events", "bitset", "workload", "migration", "study"];

const IMPORT =
  /^(?<indent>[ \t]*(?:\*[ \t]?)?)import(?<typeOnly>\s+type)?\s*\{(?<names>[^}]*)\}\s*from\s*"(?<spec>(?:\.\.\/)*(?:\.\/)?mod\.ts)";/gm;

/** The areas with a `lib/<area>/mod.ts`, engine first. */
async function areas(): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(`${ROOT}/lib`)) {
    if (!entry.isDirectory) continue;
    try {
      await Deno.stat(`${ROOT}/lib/${entry.name}/mod.ts`);
      found.push(entry.name);
    } catch { /* no entry point */ }
  }
  const rest = found.filter((a) => !ENGINE.includes(a)).sort();
  return [...ENGINE.filter((a) => found.includes(a)), ...rest];
}

/** Name -> area, from `deno doc --json` of each area's entry point. */
async function areaOfNames(list: string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const area of list) {
    const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", `lib/${area}/mod.ts`],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(new TextDecoder().decode(stderr));
    const doc = JSON.parse(new TextDecoder().decode(stdout));
    for (const file of Object.values(doc.nodes ?? {}) as { symbols?: { name: string }[] }[]) {
      for (const symbol of file.symbols ?? []) {
        if (!map.has(symbol.name)) map.set(symbol.name, area);
      }
    }
  }
  return map;
}

function relative(fromDir: string, to: string): string {
  const a = fromDir.split("/").filter(Boolean);
  const b = to.split("/").filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  const path = [...Array(a.length - i).fill(".."), ...b.slice(i)].join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/** Rewrites the root imports of one text; returns it unchanged if nothing moves. */
function rewrite(
  text: string,
  fileDir: string,
  areaOf: Map<string, string>,
  order: string[],
  unknown: Set<string>,
): string {
  return text.replace(IMPORT, (whole, ...args) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    const spec = groups.spec!;
    const target = new URL(spec, `file://${fileDir}/`).pathname;
    if (target !== `${ROOT}/mod.ts`) return whole;
    const items = groups.names!.replace(/^\s*\*\s?/gm, "").split(",").map((s) => s.trim())
      .filter(Boolean);
    const byArea = new Map<string, string[]>();
    for (const item of items) {
      const name = item.replace(/^type\s+/, "").split(" as ")[0]!.trim();
      const area = areaOf.get(name);
      if (area === undefined) unknown.add(name);
      const key = area === undefined || ENGINE.includes(area) ? "." : area;
      byArea.set(key, [...(byArea.get(key) ?? []), item]);
    }
    if (byArea.size === 1 && byArea.has(".")) return whole;
    const indent = groups.indent ?? "";
    const typeOnly = groups.typeOnly ? "type " : "";
    const keys = [...(byArea.has(".") ? ["."] : []), ...order.filter((a) => byArea.has(a))];
    return keys.map((key) => {
      const from = key === "." ? spec : relative(fileDir, `${ROOT}/lib/${key}/mod.ts`);
      const names = byArea.get(key)!.sort((x, y) =>
        x.replace(/^type\s+/, "").toLowerCase().localeCompare(
          y.replace(/^type\s+/, "").toLowerCase(),
        )
      );
      const line = `${indent}import ${typeOnly}{ ${names.join(", ")} } from "${from}";`;
      if (line.length <= 100) return line;
      return [
        `${indent}import ${typeOnly}{`,
        ...names.map((n) => `${indent}  ${n},`),
        `${indent}} from "${from}";`,
      ].join("\n");
    }).join("\n");
  });
}

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && !entry.name.startsWith(".") && entry.name !== "out") yield* walk(path);
    else if (entry.isFile && (path.endsWith(".ts") || path.endsWith(".ipynb"))) yield path;
  }
}

async function main(): Promise<void> {
  const order = await areas();
  const areaOf = await areaOfNames(order);
  const files = Deno.args.length > 0
    ? Deno.args.map((f) => f.startsWith("/") ? f : `${Deno.cwd()}/${f}`)
    : [...await Array.fromAsync(walk(ROOT)), `${ROOT}/README.md`];
  const unknown = new Set<string>();
  // Every file is read and rewritten before any is written: a file that failed (missing, or a
  // notebook that is not JSON) stopped the run with the files before it rewritten.
  const changes: [string, string][] = [];
  for (const file of files) {
    const dir = file.slice(0, file.lastIndexOf("/"));
    const text = await Deno.readTextFile(file);
    let next: string;
    if (file.endsWith(".ipynb")) {
      const notebook = JSON.parse(text);
      let changed = false;
      for (const cell of notebook.cells) {
        if (cell.cell_type !== "code") continue;
        const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
        const rewritten = rewrite(source, dir, areaOf, order, unknown);
        if (rewritten !== source) {
          cell.source = rewritten.split(/(?<=\n)/);
          changed = true;
        }
      }
      next = changed ? JSON.stringify(notebook, null, 1) + "\n" : text;
    } else {
      next = rewrite(text, dir, areaOf, order, unknown);
    }
    if (next !== text) changes.push([file, next]);
  }
  for (const [file, next] of changes) {
    await atomicWriteTextFile(file, next);
    console.log(`rewrote ${file.slice(ROOT.length + 1)}`);
  }
  if (unknown.size > 0) console.log(`names no area exports: ${[...unknown].sort().join(", ")}`);
}

if (import.meta.main) await main();
