import { string } from "../_validate.ts";
import { atomicWriteTextFile } from "../_atomic_write.ts";
import { splitSweepRecords } from "./parse_sweep_rows.ts";
import { sweepFormatOf, type SweepSidecar } from "./sweep_output.ts";

const ACTION = "merge sweep shards";

/**
 * Joins the rows files of every shard of a sweep into the file a one-machine run
 * writes, byte for byte, with its sidecar. Checks first that the shards are complete
 * and consistent: every sidecar names the same spec, library version, columns and
 * format; shards `0..N-1` of one `N` are each present exactly once; each holds
 * exactly its runs. Nothing is written when a check fails.
 *
 * @param shardPaths The shards' rows files (each with its `.sweep.json` beside it).
 * @param out The merged rows file (same format as the shards, and none of them).
 * @returns The merged sidecar.
 *
 * @example Two shards of a reliability sweep merge into the one-machine bytes
 * (writes files, so not run by `deno test --doc --allow-read`; `tests/sweep/` runs it)
 * ```ts ignore
 * import { mergeSweepShards, runSweep } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const spec = { kind: "reliability", seed: 3, grid: { coverage: [0.9, 0.99, 1] },
 *   fixed: { missions: 200 } };
 * await runSweep(spec, { runner: "inline", out: `${dir}/all.csv` });
 * for (const index of [0, 1]) {
 *   await runSweep(spec, { runner: "inline", out: `${dir}/s${index}.csv`, shard: { index, count: 2 } });
 * }
 * await mergeSweepShards([`${dir}/s1.csv`, `${dir}/s0.csv`], `${dir}/merged.csv`);
 * assert.equal(await Deno.readTextFile(`${dir}/merged.csv`), await Deno.readTextFile(`${dir}/all.csv`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function mergeSweepShards(
  shardPaths: readonly string[],
  out: string,
): Promise<SweepSidecar> {
  if (Array.isArray(shardPaths)) {
    shardPaths.forEach((p, i) => string("merge sweep shards", `shardPaths[${i}]`, p, true));
  }
  string("merge sweep shards", "out", out, true);
  if (!Array.isArray(shardPaths) || shardPaths.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as shardPaths must be a non-empty array: current value is ${
        JSON.stringify(shardPaths)
      }`,
    );
  }
  // found only at the end, once the old sidecar beside it was removed, as a bare rename error
  if ((await Deno.stat(out).catch(() => undefined))?.isDirectory === true) {
    throw new TypeError(
      `Cannot ${ACTION} as out must be a file, not a folder: current value is ${
        JSON.stringify(out)
      }`,
    );
  }
  const shards: { path: string; sidecar: SweepSidecar; text: string }[] = [];
  for (const path of shardPaths) {
    let sidecar: SweepSidecar;
    try {
      sidecar = JSON.parse(await Deno.readTextFile(`${path}.sweep.json`));
    } catch (error) {
      throw new TypeError(
        `Cannot ${ACTION} as every shard must have a readable sidecar ${path}.sweep.json: current value is ${
          (error as Error).message
        }`,
      );
    }
    if (sidecar?.type !== "migrate-lab sweep" || sidecar.shard === null) {
      throw new TypeError(
        `Cannot ${ACTION} as ${path}.sweep.json must describe a shard of a sweep: current value is ${
          JSON.stringify(sidecar?.shard)
        }`,
      );
    }
    shards.push({ path, sidecar, text: await Deno.readTextFile(path) });
  }
  // merged over a shard it read, the shard and its sidecar were gone (the merge not redoable)
  const outPath = await Deno.realPath(out).catch(() => undefined);
  for (const { path } of shards) {
    if (outPath !== undefined && await Deno.realPath(path) === outPath) {
      throw new TypeError(
        `Cannot ${ACTION} as out must not be one of the shards: current value is ${
          JSON.stringify(out)
        }, which is ${JSON.stringify(path)}`,
      );
    }
  }
  const first = shards[0]!.sidecar;
  // rows of one format under the other's name would not read back
  if (sweepFormatOf(out) !== first.format) {
    throw new TypeError(
      `Cannot ${ACTION} as out must end in .${first.format}, the shards' format: current value is ${
        JSON.stringify(out)
      }`,
    );
  }
  const common = (s: SweepSidecar) => JSON.stringify({ ...s, shard: null });
  for (const { path, sidecar } of shards) {
    if (common(sidecar) !== common(first)) {
      const field = (["library", "spec", "kind", "defaults", "columns", "runs", "format"] as const)
        .find((k) => JSON.stringify(sidecar[k]) !== JSON.stringify(first[k]));
      throw new TypeError(
        `Cannot ${ACTION} as every shard must come from the same sweep: ${path} differs from ${
          shards[0]!.path
        } in ${field}: current value is ${JSON.stringify(sidecar[field!])}`,
      );
    }
  }
  const count = first.shard!.count;
  const seen = new Map<number, string>();
  for (const { path, sidecar } of shards) {
    if (sidecar.shard!.count !== count) {
      throw new TypeError(
        `Cannot ${ACTION} as every shard must be of ${count} shards: ${path} is shard ${
          sidecar.shard!.index
        }/${sidecar.shard!.count}`,
      );
    }
    const other = seen.get(sidecar.shard!.index);
    if (other !== undefined) {
      throw new TypeError(
        `Cannot ${ACTION} as each shard must be given once: shard ${
          sidecar.shard!.index
        }/${count} is both ${other} and ${path}`,
      );
    }
    seen.set(sidecar.shard!.index, path);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new RangeError(
      `Cannot ${ACTION} as shards ${missing.map((i) => `${i}/${count}`).join(", ")} are missing`,
    );
  }
  const header = first.columns.join(",");
  const records: { id: number; text: string }[] = [];
  for (const { path, sidecar, text } of shards) {
    let body = splitSweepRecords(text, first.format);
    if (first.format === "csv") {
      if (body[0] !== header) {
        throw new SyntaxError(
          `Cannot ${ACTION} as ${path} must start with the header ${
            JSON.stringify(header)
          }: current value is ${JSON.stringify(body[0])}`,
        );
      }
      body = body.slice(1);
    }
    const expected = Math.ceil((first.runs - sidecar.shard!.index) / count);
    if (body.length !== expected) {
      throw new RangeError(
        `Cannot ${ACTION} as ${path} must hold ${expected} rows: current value is ${body.length}`,
      );
    }
    for (const [k, record] of body.entries()) {
      // a record that does not start with its run id (e.g. an empty line) has none
      const id = first.format === "csv"
        ? Number(/^(\d+),/.exec(record)?.[1] ?? NaN)
        : Number(JSON.parse(record).run);
      if (!Number.isInteger(id) || id % count !== sidecar.shard!.index) {
        throw new RangeError(
          `Cannot ${ACTION} as ${path} must hold only runs of shard ${
            sidecar.shard!.index
          }/${count}: current value is run ${id}`,
        );
      }
      // a run twice would stand in for a run missing from the merged rows
      const wanted = sidecar.shard!.index + k * count;
      if (id !== wanted) {
        throw new RangeError(
          `Cannot ${ACTION} as ${path} must hold each run of shard ${
            sidecar.shard!.index
          }/${count} once, in run order (row ${
            k + 1
          } is run ${wanted}): current value is run ${id}`,
        );
      }
      records.push({ id, text: record });
    }
  }
  records.sort((a, b) => a.id - b.id);
  const merged: SweepSidecar = { ...first, shard: null };
  const lines = first.format === "csv"
    ? [header, ...records.map((r) => r.text)]
    : records.map((r) => r.text);
  // The sidecar is the manifest, written last, as runSweep does: the old one goes first, so
  // a merge stopped between the two writes never leaves new rows beside an old sidecar.
  await Deno.remove(`${out}.sweep.json`).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await atomicWriteTextFile(out, lines.map((line) => line + "\n").join(""));
  await atomicWriteTextFile(`${out}.sweep.json`, JSON.stringify(merged, null, 2) + "\n");
  return merged;
}
