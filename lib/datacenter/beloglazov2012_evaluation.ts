import { array, nonNegative, object, oneOf, show, string } from "../_validate.ts";
import { runBeloglazov2012 } from "./beloglazov2012.ts";
import { type Beloglazov2012Metrics, beloglazov2012Metrics } from "./beloglazov2012_metrics.ts";
import type { ConsolidationAllocation } from "./simulate_options.ts";
import type { DatacenterResult } from "./datacenter_result.ts";
import type { VmSelectionPolicy } from "./vm_selection.ts";

/**
 * The ten PlanetLab days of Beloglazov and Buyya (2012), Table 2 (the folders of CloudSim
 * 3.0.3's `workload/planetlab`).
 */
export const PLANETLAB_DAYS: readonly string[] = Object.freeze([
  "20110303",
  "20110306",
  "20110309",
  "20110322",
  "20110325",
  "20110403",
  "20110409",
  "20110411",
  "20110412",
  "20110420",
]);

/** One experiment of the evaluation: a named allocation, selection and parameter. */
export interface Beloglazov2012Experiment {
  /** Name, as in `data/cloudsim/results-<day>.json` (e.g. `"mad-mmt"`). */
  key: string;
  /** Allocation (overload detection) policy. */
  allocation: ConsolidationAllocation;
  /** VM selection policy. */
  selection: VmSelectionPolicy;
  /** Threshold or safety parameter. */
  parameter: number;
}

/**
 * The eleven experiments: NPA, DVFS, THR (0.8), IQR (1.5), MAD (2.5), LR (1.2) and LRR (1.2)
 * with MMT, MAD with MC, MU and RS, and THR at 1.0 with MMT (the paper's table of results
 * lists THR-MMT at 1.0 and 0.8). CloudSim 3.0.3's examples package has one class per
 * experiment (`examples/power/planetlab`).
 */
export const BELOGLAZOV2012_EXPERIMENTS: readonly Beloglazov2012Experiment[] = Object.freeze(
  [
    { key: "npa", allocation: "npa", selection: "mmt", parameter: 0 },
    { key: "dvfs", allocation: "dvfs", selection: "mmt", parameter: 0 },
    { key: "thr-mmt", allocation: "thr", selection: "mmt", parameter: 0.8 },
    { key: "iqr-mmt", allocation: "iqr", selection: "mmt", parameter: 1.5 },
    { key: "mad-mmt", allocation: "mad", selection: "mmt", parameter: 2.5 },
    { key: "lr-mmt", allocation: "lr", selection: "mmt", parameter: 1.2 },
    { key: "lrr-mmt", allocation: "lrr", selection: "mmt", parameter: 1.2 },
    { key: "mad-mc", allocation: "mad", selection: "mc", parameter: 2.5 },
    { key: "mad-mu", allocation: "mad", selection: "mu", parameter: 2.5 },
    { key: "mad-rs", allocation: "mad", selection: "rs", parameter: 2.5 },
    { key: "thr-mmt-1.0", allocation: "thr", selection: "mmt", parameter: 1.0 },
  ] as const satisfies readonly Beloglazov2012Experiment[],
);

/** One row of the evaluation: the paper's metrics of one experiment on one day. */
export interface Beloglazov2012Row extends Beloglazov2012Metrics {
  /** PlanetLab day (`"20110303"`), or `"mean"` in the ten-day means. */
  day: string;
  /** Experiment key. */
  experiment: string;
  /** `"cloudsim"` or `"engine"`. */
  mode: "cloudsim" | "engine";
}

/** Turns a simulation result into a row. */
function beloglazov2012Row(
  day: string,
  experiment: string,
  mode: "cloudsim" | "engine",
  r: DatacenterResult,
): Beloglazov2012Row {
  return {
    day,
    experiment,
    mode,
    ...beloglazov2012Metrics(r),
  };
}

/** Finds an experiment by key; unknown keys get an error listing the known ones. */
export function beloglazov2012Experiment(key: string): Beloglazov2012Experiment {
  const keys = BELOGLAZOV2012_EXPERIMENTS.map((e) => e.key);
  oneOf("find beloglazov2012 experiment", "key", key, keys);
  return BELOGLAZOV2012_EXPERIMENTS.find((e) => e.key === key)!;
}

/**
 * Runs one experiment on one PlanetLab day (`<root>/<day>`) and returns its row.
 *
 * @param root Folder holding the day folders.
 * @param day PlanetLab day, one of {@link PLANETLAB_DAYS}.
 * @param key Experiment key, one of {@link BELOGLAZOV2012_EXPERIMENTS}.
 * @param mode `"cloudsim"` (CloudSim 3.0.3's model and quirks) or `"engine"` (engine costs).
 * @param seed The seed of the run's draws (random VM selection, and the engine's page
 *   draws): `runBeloglazov2012`'s, 1 by default.
 * @returns The row.
 *
 * @example Unknown experiments are refused before any file is read
 * ```ts
 * import { runBeloglazov2012Day } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => runBeloglazov2012Day("/nowhere", "20110303", "mad-xyz", "cloudsim"), /key/);
 * ```
 */
export function runBeloglazov2012Day(
  root: string,
  day: string,
  key: string,
  mode: "cloudsim" | "engine",
  seed: number | string = 1,
): Beloglazov2012Row {
  const e = beloglazov2012Experiment(key);
  oneOf("run beloglazov2012 day", "day", day, PLANETLAB_DAYS);
  oneOf("run beloglazov2012 day", "mode", mode, ["cloudsim", "engine"] as const);
  const r = runBeloglazov2012({
    folder: `${root}/${day}`,
    allocation: e.allocation,
    selection: e.selection,
    parameter: e.parameter,
    cloudsim: mode === "cloudsim",
    seed,
  });
  return beloglazov2012Row(day, key, mode, r);
}

/**
 * The ten-day means: one row per (experiment, mode) with `day: "mean"`, each metric the mean
 * over the days given (the paper's Table 4 reports means over the ten days). SLAV and ESV are
 * means of the daily values, not products of means. Every experiment and mode must have the
 * same days, each once (else the means would not compare, or a day would count twice).
 *
 * @param rows Per-day rows.
 * @returns Mean rows, in the order experiments first appear.
 *
 * @example
 * ```ts
 * import { beloglazov2012Means } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const row = (day: string, energyKwh: number) => ({ day, experiment: "npa", mode: "cloudsim" as const,
 *   energyKwh, migrations: 0, slatahPercent: 0, pdmPercent: 0, slavPercent: 0, esv: 0 });
 * const [mean] = beloglazov2012Means([row("20110303", 2000), row("20110306", 2200)]);
 * assert.equal(mean!.energyKwh, 2100);
 * ```
 */
export function beloglazov2012Means(rows: readonly Beloglazov2012Row[]): Beloglazov2012Row[] {
  const action = "average beloglazov2012 rows";
  array(action, "rows", rows).forEach((row, i) => {
    object(action, `rows[${i}]`, row);
    const r = row as Beloglazov2012Row;
    for (const key of ["day", "experiment", "mode"] as const) {
      string(action, `rows[${i}].${key}`, r[key]);
    }
    for (
      const key of [
        "energyKwh",
        "migrations",
        "slatahPercent",
        "pdmPercent",
        "slavPercent",
        "esv",
      ] as const
    ) nonNegative(action, `rows[${i}].${key}`, r[key]);
  });
  const groups = new Map<string, Beloglazov2012Row[]>();
  const first = new Map<string, number>(); // each (experiment, mode, day)'s first row
  rows.forEach((row, i) => {
    if (row.day === "mean") {
      throw new RangeError(
        `Cannot average beloglazov2012 rows as a row is already a mean: current value is ${
          show(row.experiment)
        }`,
      );
    }
    // a day twice would count twice in its mean
    const at = `${row.experiment}\u0000${row.mode}\u0000${row.day}`;
    const seen = first.get(at);
    if (seen !== undefined) {
      throw new RangeError(
        `Cannot ${action} as rows[${i}].day must be given once per experiment and mode (rows[${seen}] has it for ${row.experiment}, ${row.mode}): current value is ${
          show(row.day)
        }`,
      );
    }
    first.set(at, i);
    const k = `${row.experiment}\u0000${row.mode}`;
    const list = groups.get(k) ?? [];
    list.push(row);
    groups.set(k, list);
  });
  // every mean over the same days, so that the means compare (a run missing from one
  // experiment's days would otherwise move its mean alone)
  const lists = [...groups.values()];
  const daysOf = (list: Beloglazov2012Row[]) => list.map((r) => r.day).sort();
  const days = lists.length > 0 ? daysOf(lists[0]!) : [];
  for (const list of lists.slice(1)) {
    const own = daysOf(list);
    if (own.length === days.length && own.every((d, i) => d === days[i])) continue;
    const missing = days.filter((d) => !own.includes(d));
    const extra = own.filter((d) => !days.includes(d));
    throw new RangeError(
      `Cannot ${action} as rows must give every experiment and mode the same days (${
        lists[0]![0]!.experiment
      }, ${lists[0]![0]!.mode} has ${days.join(", ")}): current value is ${list[0]!.experiment}, ${
        list[0]!.mode
      } ${
        [
          missing.length > 0 ? `without ${missing.join(", ")}` : "",
          extra.length > 0 ? `with ${extra.join(", ")}` : "",
        ].filter((part) => part !== "").join(" and ")
      }`,
    );
  }
  const out: Beloglazov2012Row[] = [];
  for (const list of groups.values()) {
    const mean = (f: (r: Beloglazov2012Row) => number) =>
      list.reduce((s, r) => s + f(r), 0) / list.length;
    out.push({
      day: "mean",
      experiment: list[0]!.experiment,
      mode: list[0]!.mode,
      energyKwh: mean((r) => r.energyKwh),
      migrations: mean((r) => r.migrations),
      slatahPercent: mean((r) => r.slatahPercent),
      pdmPercent: mean((r) => r.pdmPercent),
      slavPercent: mean((r) => r.slavPercent),
      esv: mean((r) => r.esv),
    });
  }
  return out;
}
