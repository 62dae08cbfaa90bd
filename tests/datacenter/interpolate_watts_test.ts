import assert from "node:assert/strict";
import {
  cloudsimTablePower,
  interpolateWatts,
  tablePower,
} from "../../lib/datacenter/_power_table.ts";
import { powerAt, type PowerModel } from "../../lib/datacenter/power_model.ts";
import { drawAt, powerCurve } from "../../lib/placement/_power_index.ts";
import { createPrng } from "../../lib/random/prng.ts";

// The formulas each caller had before they shared `interpolateWatts`, kept here as the oracle:
// the shared function must give the same doubles (Object.is) for every table and utilisation.
function oldTablePowerAt(watts: readonly number[], u: number): number {
  const steps = watts.length - 1;
  const position = u * steps;
  const nearest = Math.round(position);
  if (Math.abs(position - nearest) <= 1e-9) return watts[nearest]!;
  const lower = Math.floor(position);
  return watts[lower]! + (watts[lower + 1]! - watts[lower]!) * (position - lower);
}
function oldLinearPowerAt(idle: number, peak: number, u: number): number {
  return idle + (peak - idle) * u;
}
function oldSimulationTablePower(table: Float64Array, u: number): number {
  const steps = table.length - 1;
  const x = (u <= 0 ? 0 : u >= 1 ? 1 : u) * steps;
  const i = Math.floor(x);
  if (i >= steps) return table[steps]!;
  return table[i]! + (table[i + 1]! - table[i]!) * (x - i);
}

/** Utilisations that probe every branch: grid points, their neighbourhoods, ends, random. */
function utilisations(steps: number, next: () => number): number[] {
  const us = [0, 1];
  for (let k = 0; k <= steps; k++) {
    for (const off of [0, 1e-12, -1e-12, 1e-10, -1e-10, 5e-9, -5e-9, 1e-7, -1e-7]) {
      const u = k / steps + off;
      if (u >= 0 && u <= 1) us.push(u);
    }
  }
  while (us.length < 200) us.push(next());
  return us.slice(0, 200);
}

Deno.test("interpolateWatts gives every caller's former doubles on 400 random tables", () => {
  const next = createPrng(2026, "interpolate-watts");
  let compared = 0;
  for (let t = 0; t < 400; t++) {
    const points = 2 + Math.floor(next() * 20);
    // Half SPECpower-like whole watts rising with load, half arbitrary doubles.
    const watts = Array.from(
      { length: points },
      (_, k) => t % 2 === 0 ? 50 + 10 * k + Math.floor(next() * 10) : next() * 300,
    );
    const table: PowerModel = { kind: "table", watts };
    const [idle, peak] = [watts[0]!, watts[points - 1]!];
    const linear: PowerModel = { kind: "linear", idleWatts: idle, peakWatts: peak };
    const compiled = Float64Array.from(watts);
    const tableCurve = powerCurve(table), linearCurve = powerCurve(linear);
    for (const u of utilisations(points - 1, next)) {
      const expectTable = oldTablePowerAt(watts, u);
      const expectLinear = oldLinearPowerAt(idle, peak, u);
      assert.ok(Object.is(powerAt(table, u), expectTable), `powerAt table ${t} at ${u}`);
      assert.ok(Object.is(drawAt(tableCurve, u), expectTable), `drawAt table ${t} at ${u}`);
      assert.ok(Object.is(powerAt(linear, u), expectLinear), `powerAt linear ${t} at ${u}`);
      assert.ok(Object.is(drawAt(linearCurve, u), expectLinear), `drawAt linear ${t} at ${u}`);
      assert.ok(
        Object.is(tablePower(compiled, u), oldSimulationTablePower(compiled, u)),
        `tablePower ${t} at ${u}`,
      );
      compared += 5;
    }
  }
  assert.equal(compared, 400 * 200 * 5);
});

Deno.test("interpolateWatts snaps within the tolerance and interpolates otherwise", () => {
  const table = [100, 110, 130];
  // Midway between points: the straight line.
  assert.equal(interpolateWatts(table, 0.5, 1e-9), 105);
  assert.equal(interpolateWatts(table, 1.25, 0), 115);
  // Near a point: the entry itself within the tolerance, the line outside it.
  assert.equal(interpolateWatts(table, 1 + 1e-10, 1e-9), 110);
  assert.notEqual(interpolateWatts(table, 1 + 1e-10, 0), 110);
  assert.equal(interpolateWatts(table, 1 + 1e-10, 0), 110 + 20 * ((1 + 1e-10) - 1));
  // Never snapping still ends on the last entry: the last segment carries position = steps.
  assert.equal(interpolateWatts(table, 2, -Infinity), 130);
  assert.equal(interpolateWatts([0.1, 0.7], 1, -Infinity), 0.1 + (0.7 - 0.1) * 1);
});

Deno.test("tablePower() clamps the utilisation to [0, 1]: idle below, peak above", () => {
  const table = Float64Array.of(86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117);
  assert.equal(tablePower(table, -0.1), 86);
  assert.equal(tablePower(table, 1.2), 117);
  assert.equal(tablePower(Float64Array.of(100, 200), 1.5), 200);
});

Deno.test("cloudsimTablePower() returns a table point only where CloudSim's u % 0.1 is 0", () => {
  // 0.1 + 0.2 is 0.30000000000000004: u x 10 is within rounding of 3, but u % 0.1 is not 0,
  // so CloudSim's PowerModelSpecPower interpolates between points 3 and 4 (the ceiling of
  // 3.0000000000000004 is 4), a little above point 3. At 0.3 and 0.5, whose u % 0.1 is not 0
  // either, u x 10 is whole: the interpolation starts and ends at the point itself.
  const table = Float64Array.of(0, 0, 0, 0, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6, 1e6);
  const u = 0.1 + 0.2;
  assert.equal(cloudsimTablePower(table, u), 0 + (1e6 - 0) / 10 * (u - 3 / 10) * 100);
  assert.ok(cloudsimTablePower(table, u) > 0);
  assert.equal(cloudsimTablePower(table, 0.3), 0);
  assert.equal(cloudsimTablePower(table, 0.5), 1e6);
});
