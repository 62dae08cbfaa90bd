import {
  BELOGLAZOV2012_EXPERIMENTS,
  PLANETLAB_DAYS,
  runBeloglazov2012Day,
} from "../datacenter/beloglazov2012_evaluation.ts";
import type { RunKind, SweepParameter, SweepRecord } from "./run_kind.ts";

/** The repository's `../shared/data/planetlab`, found from this file. */
const DEFAULT_ROOT = new URL("../../../shared/data/planetlab", import.meta.url).pathname;

/**
 * Folder holding the PlanetLab day folders: `MIGRATE_LAB_PLANETLAB` when set and readable (sweep
 * child processes may run without env access), else the repository's `../shared/data/planetlab`.
 */
function planetlabRoot(): string {
  try {
    return Deno.env.get("MIGRATE_LAB_PLANETLAB") ?? DEFAULT_ROOT;
  } catch {
    return DEFAULT_ROOT;
  }
}

/**
 * Sweeps of the Beloglazov and Buyya (2012) evaluation on the real PlanetLab days: one run is
 * one experiment (`BELOGLAZOV2012_EXPERIMENTS`) on one day (`PLANETLAB_DAYS`, read from
 * `$MIGRATE_LAB_PLANETLAB/<day>`, else the repository's `../shared/data/planetlab/<day>`) in CloudSim mode or
 * engine mode, reporting the paper's metrics. The run's seed seeds its draws: random VM
 * selection (MAD-RS) and, in engine mode, the migrations' page draws, so replicates of MAD-RS
 * differ and the seed column is the one each row ran with. `sweeps/beloglazov2012.json` is
 * the full evaluation: 10 days x 11 experiments x 2 modes.
 *
 * @example The parameters and their defaults
 * ```ts
 * import { BELOGLAZOV2012_RUNS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(BELOGLAZOV2012_RUNS.parameters.day!.default, "20110303");
 * assert.equal(BELOGLAZOV2012_RUNS.parameters.mode!.default, "cloudsim");
 * ```
 */
export const BELOGLAZOV2012_RUNS: RunKind = Object.freeze<RunKind>({
  name: "beloglazov2012",
  description: "Beloglazov and Buyya (2012) on the real PlanetLab days: energy, migrations, SLA",
  parameters: Object.freeze<Record<string, SweepParameter>>({
    day: {
      description: "PlanetLab day (folder name)",
      default: "20110303",
      check: { type: "choice", values: PLANETLAB_DAYS },
    },
    experiment: {
      description: "experiment key (allocation-selection)",
      default: "mad-mmt",
      check: { type: "choice", values: BELOGLAZOV2012_EXPERIMENTS.map((e) => e.key) },
    },
    mode: {
      description: "cloudsim: CloudSim 3.0.3's model and quirks; engine: engine migration costs",
      default: "cloudsim",
      check: { type: "choice", values: ["cloudsim", "engine"] },
    },
  }),
  metrics: Object.freeze([
    "energyKwh",
    "migrations",
    "slatahPercent",
    "pdmPercent",
    "slavPercent",
    "esv",
  ]),
  run(p: Readonly<SweepRecord>, seed: number): SweepRecord {
    const row = runBeloglazov2012Day(
      planetlabRoot(),
      p.day as string,
      p.experiment as string,
      p.mode as "cloudsim" | "engine",
      seed,
    );
    return {
      energyKwh: row.energyKwh,
      migrations: row.migrations,
      slatahPercent: row.slatahPercent,
      pdmPercent: row.pdmPercent,
      slavPercent: row.slavPercent,
      esv: row.esv,
    };
  },
});
