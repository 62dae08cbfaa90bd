import assert from "node:assert/strict";
import {
  intervalProbabilities,
  transientProbabilities,
} from "../../lib/reliability/ctmc_transient.ts";
import { steadyState } from "../../lib/reliability/ctmc.ts";
import {
  repairableUnitAvailability,
  repairableUnitChain,
} from "../../lib/reliability/repairable_unit.ts";

const UNIT = { failureRatePerSecond: 1e-3, repairRatePerSecond: 0.05 };

Deno.test("repairableUnitAvailability() closed forms agree with the CTMC solvers within 1e-12", () => {
  const chain = repairableUnitChain(UNIT);
  assert.ok(
    Math.abs(repairableUnitAvailability(UNIT, 0).steadyState - steadyState(chain)[0]!) < 1e-15,
  );
  for (const t of [1, 30, 200, 5000]) {
    const a = repairableUnitAvailability(UNIT, t);
    assert.ok(Math.abs(a.point - transientProbabilities(chain, t).probabilities[0]!) < 1e-12);
    assert.ok(Math.abs(a.interval - intervalProbabilities(chain, t).probabilities[0]!) < 1e-12);
    assert.ok(a.steadyState < a.interval && a.interval < 1 && a.point < a.interval);
  }
});

Deno.test("repairableUnitAvailability() gives A = μ/(λ+μ) = MTTF/(MTTF + MTTR)", () => {
  assert.ok(Math.abs(repairableUnitAvailability(UNIT, 0).steadyState - 1000 / 1020) < 1e-15);
});

Deno.test("repairableUnitChain() rejects a zero repair rate", () => {
  assert.throws(() => repairableUnitChain({ failureRatePerSecond: 1, repairRatePerSecond: 0 }), {
    name: "RangeError",
    message:
      "Cannot build repairable unit chain as unit.repairRatePerSecond must be a finite number > 0: current value is 0",
  });
});
