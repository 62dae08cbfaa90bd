import type { EnergyIntegrator } from "./energy_integrators.ts";
import type { PlacementCandidate, PlacementRule } from "./placement_rules.ts";

/**
 * The built-in energy integrators and placement rules without their input checks: the
 * formulas `ENERGY_INTEGRATORS` and `PLACEMENT_RULES` apply once their arguments are checked.
 * The data-centre simulation calls these, tens of millions of times a run, on the powers,
 * seconds and utilisations it computed itself (a strategy plugged by a user keeps the check of
 * its answer). Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** `ENERGY_INTEGRATORS`' formulas, by the same names. */
export const UNCHECKED_INTEGRATORS: Readonly<Record<"trapezoid" | "hold", EnergyIntegrator>> =
  Object.freeze({
    trapezoid: Object.freeze({
      readsEnd: true,
      joules: (p: number, q: number, seconds: number) => (p + (q - p) / 2) * seconds,
    }),
    hold: Object.freeze({
      readsEnd: false,
      joules: (p: number, _q: number, seconds: number) => p * seconds,
    }),
  });

/** `PLACEMENT_RULES`' formulas, by the same names. */
export const UNCHECKED_RULES: Readonly<Record<"pabfd" | "obfdf", PlacementRule>> = Object.freeze({
  pabfd: (c: PlacementCandidate) => c.watts(c.after) - c.watts(c.before),
  obfdf: (c: PlacementCandidate) =>
    c.empty ? c.watts(c.after) + c.switchOnWatts : c.watts(c.after) - c.watts(c.before),
});
