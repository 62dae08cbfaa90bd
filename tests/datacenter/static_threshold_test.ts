import assert from "node:assert/strict";
import { isOverloadedStaticThreshold, OVERLOAD_DETECTORS } from "../../lib/datacenter/mod.ts";

Deno.test("isOverloadedStaticThreshold() is strictly above the threshold", async (t) => {
  await t.step("default 0.8", () => {
    assert.equal(isOverloadedStaticThreshold(0.8), false);
    assert.equal(isOverloadedStaticThreshold(0.8000001), true);
  });
  await t.step("custom threshold and oversubscription", () => {
    assert.equal(isOverloadedStaticThreshold(1.3, { threshold: 1 }), true);
  });
  await t.step("rejects NaN", () => {
    assert.throws(
      () => isOverloadedStaticThreshold(NaN),
      new RangeError(
        "Cannot detect overload as utilization must be a finite number >= 0: current value is NaN",
      ),
    );
  });
});

Deno.test("OVERLOAD_DETECTORS.thr and .dt are strictly above the parameter, too", () => {
  // The simulation decides THR (and the upper threshold of 2010's DT) through
  // OVERLOAD_DETECTORS, not isOverloadedStaticThreshold: the same strict comparison, CloudSim
  // 3.0.3's PowerVmAllocationPolicyMigrationStaticThreshold.isHostOverUtilized
  // (utilization > threshold). A host exactly at the threshold 0.8 is not overloaded.
  const settings = {
    parameter: 0.8,
    fallbackThreshold: 0.7,
    minHistory: 12,
    regressionWindow: 10,
    regressionWeighting: "tricube" as const,
    intervalSeconds: 300,
  };
  const host = (utilization: number) => ({
    utilization,
    history: () => [],
    largestMigrationSeconds: () => 0,
  });
  for (const name of ["thr", "dt"] as const) {
    assert.equal(OVERLOAD_DETECTORS[name](host(0.8), settings), false, name);
    assert.equal(OVERLOAD_DETECTORS[name](host(0.8000001), settings), true, name);
  }
});
