/**
 * Writes the ten-day mean table of the Beloglazov and Buyya (2012) evaluation
 * (`data/datacenter/beloglazov2012_ten_day_means.csv`) from its per-day record
 * (`data/datacenter/beloglazov2012_ten_days.csv`, made by `deno task sweep` over
 * `sweeps/beloglazov2012.json`; see `data/README.md`): one row per experiment and mode, each
 * metric the mean over the ten days (`beloglazov2012Means`). The table is written to a
 * temporary file and renamed, so a failed run leaves no half-written table.
 *
 * `deno run --allow-read --allow-write validation/datacenter/beloglazov2012_means.ts`
 *
 * @module
 */
import {
  beloglazov2012Means,
  type Beloglazov2012Row,
} from "../../lib/datacenter/beloglazov2012_evaluation.ts";
import { BELOGLAZOV2012_RUNS } from "../../lib/sweep/beloglazov2012_runs.ts";

/** Columns of the per-day record and of the mean table: the run's parameters, then its metrics. */
export const COLUMNS: readonly string[] = [
  "day",
  "experiment",
  "mode",
  ...BELOGLAZOV2012_RUNS.metrics,
];

/** Reads the sweep's per-day CSV (no quoted fields) into rows; errors name the line. */
export function readTenDayRecord(text: string): Beloglazov2012Row[] {
  const [header, ...lines] = text.trimEnd().split("\n");
  const names = header!.split(",");
  const at = (name: string) => {
    const i = names.indexOf(name);
    if (i < 0) {
      throw new TypeError(
        `Cannot read the ten-day record as its header must name ${name}: current value is ${header}`,
      );
    }
    return i;
  };
  const index = COLUMNS.map(at);
  return lines.map((line, n) => {
    const cells = line.split(",");
    const row: Record<string, string | number> = {};
    COLUMNS.forEach((name, j) => {
      const cell = cells[index[j]!];
      if (cell === undefined) {
        throw new TypeError(
          `Cannot read the ten-day record as line ${
            n + 2
          } must have ${names.length} cells: current value is ${line}`,
        );
      }
      row[name] = j < 3 ? cell : Number(cell);
    });
    return row as unknown as Beloglazov2012Row;
  });
}

/** The mean table as CSV text (numbers as JavaScript prints them: they read back exactly). */
export function meansCsv(rows: readonly Beloglazov2012Row[]): string {
  const means = beloglazov2012Means(rows);
  const body = means.map((r) =>
    COLUMNS.map((c) => String((r as unknown as Record<string, unknown>)[c])).join(",")
  );
  return [COLUMNS.join(","), ...body].join("\n") + "\n";
}

if (import.meta.main) {
  const data = new URL("../../data/datacenter/", import.meta.url);
  const rows = readTenDayRecord(
    await Deno.readTextFile(new URL("beloglazov2012_ten_days.csv", data)),
  );
  const out = new URL("beloglazov2012_ten_day_means.csv", data);
  const temporary = new URL("beloglazov2012_ten_day_means.csv.tmp", data);
  await Deno.writeTextFile(temporary, meansCsv(rows));
  await Deno.rename(temporary, out);
  console.log(`${out.pathname}: ${beloglazov2012Means(rows).length} rows`);
}
