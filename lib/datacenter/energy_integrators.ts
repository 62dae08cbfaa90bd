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

/**
 * Energy integrators by name, the values of `simulateDatacenter`'s `energyIntegration`:
 * `"trapezoid"` (CloudSim 3.0.3's `PowerHost.getEnergyLinearInterpolation`: the mean of the
 * powers at the segment's two ends times its length, utilisation following the traces
 * linearly in between) and `"hold"` (the power at the segment's start held to its end).
 *
 * @example 100 W rising to 200 W over 10 s
 * ```ts
 * import { ENERGY_INTEGRATORS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ENERGY_INTEGRATORS.trapezoid.joules(100, 200, 10), 1500);
 * assert.equal(ENERGY_INTEGRATORS.hold.joules(100, 200, 10), 1000);
 * ```
 */
export const ENERGY_INTEGRATORS: Readonly<Record<"trapezoid" | "hold", EnergyIntegrator>> = Object
  .freeze({
    trapezoid: Object.freeze({
      readsEnd: true,
      joules: (p: number, q: number, seconds: number) => (p + (q - p) / 2) * seconds,
    }),
    hold: Object.freeze({
      readsEnd: false,
      joules: (p: number, _q: number, seconds: number) => p * seconds,
    }),
  });
