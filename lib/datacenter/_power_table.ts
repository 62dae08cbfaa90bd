import type { PowerModel } from "./power_model.ts";

/**
 * How close to a table point (in grid units) a position snaps to that point's entry in
 * `powerAt` and the placement index, as CloudSim's `PowerModelSpecPower` returns the table
 * entry at a whole multiple of 10 %.
 */
export const TABLE_POINT_TOLERANCE = 1e-9;

/**
 * The one piecewise-linear interpolation of a power table behind every draw the library
 * computes (`powerAt`, the simulation's {@link tablePower}, the placement index's `drawAt`,
 * the host order's bounds): `table[k]` is the draw at grid position `k` (utilisation
 * `k / (table.length - 1)`), and a `position` in `[0, table.length - 1]` within `tolerance`
 * of a grid point returns that point's entry itself. Tolerances in use: `1e-9` (`powerAt` on
 * tables, after CloudSim's `PowerModelSpecPower`), `0` (exact grid points only) and
 * `-Infinity` (never snap: `powerAt`'s linear model, `idle + (peak − idle) × u`, step for step).
 * `cloudsimTablePower` is the one named exception: it repeats CloudSim 3.0.3's own arithmetic.
 */
export function interpolateWatts(
  table: ArrayLike<number>,
  position: number,
  tolerance: number,
): number {
  const nearest = Math.round(position);
  if (Math.abs(position - nearest) <= tolerance) return table[nearest]!;
  const lower = Math.min(Math.floor(position), table.length - 2);
  const below = table[lower]!;
  return below + (table[lower + 1]! - below) * (position - lower);
}

/**
 * A power model compiled to a table of watts at equal utilisation steps (a linear model is
 * the two-point table idle, peak). `powerAt` validates its model at every call and snaps to
 * table points within 1e-9; the simulation validates each model once and interpolates with
 * {@link tablePower}.
 */
export function compilePowerTable(model: PowerModel): Float64Array {
  return model.kind === "linear"
    ? Float64Array.of(model.idleWatts, model.peakWatts)
    : Float64Array.from(model.watts);
}

/** Piecewise-linear power of a compiled table at utilisation u (clamped to [0, 1]). */
export function tablePower(table: Float64Array, u: number): number {
  return interpolateWatts(table, (u <= 0 ? 0 : u >= 1 ? 1 : u) * (table.length - 1), 0);
}

/**
 * `PowerModelSpecPower.getPower` of CloudSim 3.0.3, operation by operation, on an 11-point
 * table (see `simulateDatacenter`'s `cloudsimArithmetic`).
 */
export function cloudsimTablePower(table: Float64Array, u: number): number {
  // u % 0.1 (a slow fmod) is 0 only for exact multiples of the double 0.1, whose u x 10 lies
  // within rounding of a whole number: test that first
  const x = u * 10;
  if (Math.abs(x - Math.round(x)) < 1e-9 && u % 0.1 === 0) return table[Math.trunc(x)]!;
  const u1 = Math.floor(u * 10), u2 = Math.ceil(u * 10);
  const p1 = table[u1]!, p2 = table[u2]!;
  const delta = (p2 - p1) / 10;
  return p1 + delta * (u - u1 / 10) * 100;
}
