import type { PowerModel } from "./power_model.ts";

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
  const steps = table.length - 1;
  const x = (u <= 0 ? 0 : u >= 1 ? 1 : u) * steps;
  const i = Math.floor(x);
  if (i >= steps) return table[steps]!;
  return table[i]! + (table[i + 1]! - table[i]!) * (x - i);
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
