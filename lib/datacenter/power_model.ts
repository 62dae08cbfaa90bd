import { knownKeys, nonNegative, object, oneOf, show, within } from "../_validate.ts";
import { interpolateWatts, TABLE_POINT_TOLERANCE } from "./_power_table.ts";

/**
 * A host whose power draw rises linearly from `idleWatts` at 0 % CPU utilisation to
 * `peakWatts` at 100 %.
 */
export interface LinearPowerModel {
  /** Discriminant. */
  kind: "linear";
  /** Power draw of a switched-on, idle host, in watts. */
  idleWatts: number;
  /** Power draw at 100 % CPU utilisation, in watts. */
  peakWatts: number;
}

/**
 * A host whose power draw is a piecewise-linear table over utilisation, as published by
 * SPECpower_ssj2008: `watts[k]` is the draw at utilisation `k / (watts.length - 1)`, so
 * the usual 11 entries are the draws at 0 %, 10 %, ..., 100 %.
 */
export interface TablePowerModel {
  /** Discriminant. */
  kind: "table";
  /** Power draws in watts at equally spaced utilisations from 0 % to 100 % (at least 2). */
  watts: number[];
}

/** A host power model: linear, or a piecewise-linear table. */
export type PowerModel = LinearPowerModel | TablePowerModel;

const ACTION = "compute power";

/** Most points a power table may have (SPECpower tables have 11). */
const MAX_TABLE_POINTS = 10_001;

/**
 * Returns a host's power draw in watts at a CPU utilisation in [0, 1].
 *
 * A linear model gives `idleWatts + (peakWatts - idleWatts) · utilization`. A table
 * model interpolates linearly between the two table points around the utilisation and
 * returns the table entry itself, exactly, at a table point (a utilisation within 1e-9
 * of `k / (n - 1)`); this is the interpolation of CloudSim's `PowerModelSpecPower`.
 * Both models describe a switched-on host: at utilisation 0 they return the idle draw.
 * A switched-off host draws 0 W, which is for the caller to account (CloudSim's
 * `PowerModelLinear` returns 0 at utilisation 0 instead; its SPECpower models do not).
 *
 * @param model The power model.
 * @param utilization The CPU utilisation, a number in [0, 1].
 * @returns The power draw in watts.
 * @throws {RangeError} If the utilisation is outside [0, 1] or a wattage is negative or
 * not finite, or a table has fewer than 2 entries.
 * @throws {TypeError} If the model is not an object of a known kind.
 *
 * @example SPECpower table of the HP ProLiant ML110 G4 and a linear model
 * ```ts
 * import { powerAt, SPECPOWER_HP_ML110_G4 } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(powerAt(SPECPOWER_HP_ML110_G4, 0.5), 102);
 * assert.equal(powerAt(SPECPOWER_HP_ML110_G4, 0.55), 104);
 * assert.equal(powerAt({ kind: "linear", idleWatts: 100, peakWatts: 200 }, 0.25), 125);
 * ```
 */
export function powerAt(model: PowerModel, utilization: number): number {
  object(ACTION, "model", model);
  const kind = oneOf(ACTION, "model.kind", model.kind, ["linear", "table"] as const);
  within(ACTION, "utilization", utilization, 0, 1);
  if (kind === "linear") {
    knownKeys(ACTION, "model", model as unknown as Record<string, unknown>, [
      "kind",
      "idleWatts",
      "peakWatts",
    ]);
    const { idleWatts, peakWatts } = model as LinearPowerModel;
    nonNegative(ACTION, "model.idleWatts", idleWatts);
    nonNegative(ACTION, "model.peakWatts", peakWatts);
    return interpolateWatts([idleWatts, peakWatts], utilization, -Infinity);
  }
  knownKeys(ACTION, "model", model as unknown as Record<string, unknown>, ["kind", "watts"]);
  const { watts } = model as TablePowerModel;
  if (!Array.isArray(watts)) {
    throw new TypeError(
      `Cannot ${ACTION} as model.watts must be an array: current value is ${show(watts)}`,
    );
  }
  if (watts.length < 2 || watts.length > MAX_TABLE_POINTS) {
    throw new RangeError(
      `Cannot ${ACTION} as model.watts.length must be in [2, ${MAX_TABLE_POINTS}]: current value is ${watts.length}`,
    );
  }
  for (let k = 0; k < watts.length; k++) nonNegative(ACTION, `model.watts[${k}]`, watts[k]);
  return interpolateWatts(watts, utilization * (watts.length - 1), TABLE_POINT_TOLERANCE);
}
