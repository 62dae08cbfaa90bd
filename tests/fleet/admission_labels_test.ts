import assert from "node:assert/strict";
import { resolveAdmissionLimits } from "../../lib/fleet/mod.ts";

// resolveAdmissionLimits puts its caller's action and field into its messages: a blank or
// non-string label made messages outside the grammar ("Cannot   as 3 must be an object").
Deno.test("resolveAdmissionLimits() refuses an action or field that is not a label", () => {
  for (const [action, field] of [[" ", "f"], ["plan", 3], ["plan", ""], [() => 0, "f"]]) {
    assert.throws(
      () => resolveAdmissionLimits([] as never, action as never, field as never),
      /^TypeError: Cannot resolve admission limits as (action|field) must be a string of 1 to 200 characters starting with a visible one: current value is /,
    );
  }
  assert.equal(resolveAdmissionLimits("kubevirt", "plan", "f").maxConcurrent, 5);
});
