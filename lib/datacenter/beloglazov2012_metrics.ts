import { integer, nonNegative, object } from "../_validate.ts";
import type { DatacenterResult } from "./datacenter_result.ts";

const ACTION = "report the Beloglazov and Buyya (2012) metrics";

/**
 * The metrics Beloglazov and Buyya (2012) judge an experiment by, as the rows of
 * the ten-day evaluation and of the PBA comparison report them: the SLA metrics in percent.
 */
export interface Beloglazov2012Metrics {
  /** Energy in kWh. */
  energyKwh: number;
  /** VM migrations. */
  migrations: number;
  /** SLA violation time per active host, in percent. */
  slatahPercent: number;
  /** Performance degradation due to migration, in percent. */
  pdmPercent: number;
  /** SLAV = SLATAH x PDM, in percent. */
  slavPercent: number;
  /** ESV = energy x SLAV (kWh, SLAV as a fraction). */
  esv: number;
}

/**
 * A data-centre result's {@link Beloglazov2012Metrics}: its energy, migrations and ESV as
 * they are, SLATAH, PDM and SLAV times 100. A result whose metrics are not finite numbers
 * >= 0 (an integer count of migrations) is refused, naming the field.
 *
 * @param result A result of `simulateDatacenter` or `runBeloglazov2012`.
 * @returns The metrics, in the rows' column order.
 *
 * @example
 * ```ts
 * import { beloglazov2012Metrics, generateSyntheticTraces, runBeloglazov2012 } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const traces = generateSyntheticTraces(20, { seed: 1, intervals: 12 });
 * const result = runBeloglazov2012({ traces, hosts: 10, allocation: "mad", selection: "mmt" });
 * const metrics = beloglazov2012Metrics(result);
 * assert.equal(metrics.migrations, result.migrations);
 * assert.equal(metrics.slatahPercent, result.slatah * 100);
 * assert.deepEqual(Object.keys(metrics),
 *   ["energyKwh", "migrations", "slatahPercent", "pdmPercent", "slavPercent", "esv"]);
 * assert.throws(() => beloglazov2012Metrics({ ...result, pdm: NaN }), /result\.pdm/);
 * ```
 */
export function beloglazov2012Metrics(result: DatacenterResult): Beloglazov2012Metrics {
  const r = object(ACTION, "result", result);
  const field = (name: string) => nonNegative(ACTION, `result.${name}`, r[name]);
  return {
    energyKwh: field("energyKwh"),
    migrations: integer(ACTION, "result.migrations", r.migrations, 0),
    slatahPercent: field("slatah") * 100,
    pdmPercent: field("pdm") * 100,
    slavPercent: field("slav") * 100,
    esv: field("esv"),
  };
}
