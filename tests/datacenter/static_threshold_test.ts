import assert from "node:assert/strict";
import { isOverloadedStaticThreshold } from "../../lib/datacenter/mod.ts";

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
