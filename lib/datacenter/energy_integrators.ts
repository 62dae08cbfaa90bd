import { nonNegative } from "../_validate.ts";
import { UNCHECKED_INTEGRATORS } from "./_unchecked_strategies.ts";

/**
 * An energy integrator: a host's energy in joules over one segment between two updates, from
 * its power at the segment's start and end. A plain value chosen by name
 * (`simulateDatacenter`'s `energyIntegration`).
 */
export interface EnergyIntegrator {
  /** Whether the integrator reads the power at the segment's end (the update there). */
  readsEnd: boolean;
  /** Joules over `seconds` from `startWatts` to `endWatts`. */
  joules(startWatts: number, endWatts: number, seconds: number): number;
}

const ACTION = "integrate a host's energy";

/**
 * Energy integrators by name, the values of `simulateDatacenter`'s `energyIntegration`:
 * `"trapezoid"` (CloudSim 3.0.3's `PowerHost.getEnergyLinearInterpolation`: the mean of the
 * powers at the segment's two ends times its length, utilisation following the traces
 * linearly in between) and `"hold"` (the power at the segment's start held to its end).
 * Each `joules` refuses powers and seconds that are not finite numbers >= 0, naming the
 * argument.
 *
 * @example 100 W rising to 200 W over 10 s
 * ```ts
 * import { ENERGY_INTEGRATORS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ENERGY_INTEGRATORS.trapezoid.joules(100, 200, 10), 1500);
 * assert.equal(ENERGY_INTEGRATORS.hold.joules(100, 200, 10), 1000);
 * assert.throws(() => ENERGY_INTEGRATORS.trapezoid.joules(100, NaN, 10), /endWatts/);
 * ```
 */
export const ENERGY_INTEGRATORS: Readonly<Record<"trapezoid" | "hold", EnergyIntegrator>> = Object
  .freeze({
    trapezoid: checkedIntegrator(UNCHECKED_INTEGRATORS.trapezoid),
    hold: checkedIntegrator(UNCHECKED_INTEGRATORS.hold),
  });

/** The integrator with its arguments checked: powers and seconds finite and >= 0. */
function checkedIntegrator(unchecked: EnergyIntegrator): EnergyIntegrator {
  const joules = unchecked.joules;
  return Object.freeze({
    readsEnd: unchecked.readsEnd,
    joules: (startWatts: number, endWatts: number, seconds: number) =>
      joules(
        nonNegative(ACTION, "startWatts", startWatts),
        nonNegative(ACTION, "endWatts", endWatts),
        nonNegative(ACTION, "seconds", seconds),
      ),
  });
}
