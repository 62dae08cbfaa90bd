import { array, object, oneOf, string } from "../_validate.ts";
import denoConfig from "../../deno.json" with { type: "json" };
import { toCsv } from "../study/csv.ts";
import type { ExpandedSweep, SweepSpec } from "./expand_sweep.ts";
import type { SweepRecord } from "./run_kind.ts";
import type { SweepShard } from "./shard.ts";

/** How sweep rows are written: CSV (RFC 4180, `\n`) or JSON Lines. */
export type SweepFormat = "csv" | "jsonl";

/**
 * What the sidecar `<rows file>.sweep.json` says about how its rows were made: the
 * spec, the run kind's defaults, the library and its version, the columns and the
 * shard. It holds no time, host or worker count, so equal sweeps give equal bytes.
 */
export interface SweepSidecar {
  /** Marks the file as a sweep sidecar. */
  type: "migrate-lab sweep";
  /** Library name and version (from `deno.json`). */
  library: { name: string; version: string };
  /** The spec as given. */
  spec: SweepSpec;
  /** Run kind name. */
  kind: string;
  /** Values of the parameters the spec leaves unset. */
  defaults: SweepRecord;
  /** Columns of every row, in order. */
  columns: string[];
  /** Runs in the whole sweep (all shards). */
  runs: number;
  /** Format of the rows file. */
  format: SweepFormat;
  /** The shard these rows are, or `null` for the whole sweep. */
  shard: SweepShard | null;
}

/** Name and version of the library, from `deno.json`. */
export const LIBRARY_VERSION: { name: string; version: string } = Object.freeze({
  name: denoConfig.name,
  version: denoConfig.version,
});

/**
 * The sidecar of a sweep's rows file.
 *
 * @param sweep The expanded sweep.
 * @param format The rows' format.
 * @param shard The shard, or `null` for the whole sweep.
 * @returns The sidecar.
 *
 * @example The sidecar records the library version and the defaults
 * ```ts
 * import { expandSweep, sweepSidecar } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sidecar = sweepSidecar(expandSweep({ kind: "reliability", seed: 1 }), "csv", null);
 * assert.equal(sidecar.library.name, "@migrate-lab/migrate-lab");
 * assert.equal(sidecar.defaults.missions, 10000);
 * assert.equal(sidecar.runs, 1);
 * ```
 */
export function sweepSidecar(
  sweep: ExpandedSweep,
  format: SweepFormat,
  shard: SweepShard | null,
): SweepSidecar {
  const sweepRecord = object("describe a sweep", "sweep", sweep);
  object("describe a sweep", "sweep.spec", sweepRecord.spec);
  oneOf("describe a sweep", "format", format, ["csv", "jsonl"]);
  if (shard !== null) object("describe a sweep", "shard", shard);
  return {
    type: "migrate-lab sweep",
    library: { name: LIBRARY_VERSION.name, version: LIBRARY_VERSION.version },
    spec: sweep.spec,
    kind: sweep.kind.name,
    defaults: Object.fromEntries(
      Object.entries(sweep.kind.parameters).map(([name, p]) => [name, p.default]),
    ),
    columns: sweep.columns,
    runs: sweep.runs.length,
    format,
    shard: shard === null ? null : { index: shard.index, count: shard.count },
  };
}

/**
 * Formats sweep rows (already in run-id order) as CSV with a header or as JSON Lines.
 *
 * @param rows The rows.
 * @param columns The columns, in order.
 * @param format `"csv"` or `"jsonl"`.
 * @returns The text, each record ending with `\n`.
 *
 * @example The same row as CSV and as JSON Lines
 * ```ts
 * import { formatSweepRows } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [{ run: 0, variant: "a,b", seconds: 1.5 }];
 * const columns = ["run", "variant", "seconds"];
 * assert.equal(formatSweepRows(rows, columns, "csv"), 'run,variant,seconds\n0,"a,b",1.5\n');
 * assert.equal(formatSweepRows(rows, columns, "jsonl"), '{"run":0,"variant":"a,b","seconds":1.5}\n');
 * ```
 */
export function formatSweepRows(
  rows: readonly SweepRecord[],
  columns: readonly string[],
  format: SweepFormat,
): string {
  array("write sweep rows", "rows", rows);
  rows.forEach((row, i) => object("write sweep rows", `rows[${i}]`, row));
  array("write sweep rows", "columns", columns);
  columns.forEach((c, i) => string("write sweep rows", `columns[${i}]`, c));
  oneOf("write sweep rows", "format", format, ["csv", "jsonl"]);
  if (format === "csv") return toCsv(rows, { columns });
  return rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c]]))))
    .map((line) => line + "\n").join("");
}

/**
 * The format of a rows file from its name: `.csv` or `.jsonl`.
 *
 * @param path The rows file.
 * @returns The format.
 *
 * @example
 * ```ts
 * import { sweepFormatOf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sweepFormatOf("out/plane.jsonl"), "jsonl");
 * assert.throws(() => sweepFormatOf("out/plane.txt"), { name: "TypeError" });
 * ```
 */
export function sweepFormatOf(path: string): SweepFormat {
  string("write sweep rows", "path", path);
  if (path.endsWith(".csv")) return "csv";
  if (path.endsWith(".jsonl")) return "jsonl";
  throw new TypeError(
    `Cannot write sweep rows as the output file must end in .csv or .jsonl: current value is ${
      JSON.stringify(path)
    }`,
  );
}
