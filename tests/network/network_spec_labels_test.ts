import assert from "node:assert/strict";
import { validateNetwork } from "../../lib/network/mod.ts";

// validateNetwork puts its caller's action into its messages: a blank or non-string action
// made messages outside the grammar ("Cannot   as network must be an object").
Deno.test("validateNetwork() refuses an action that is not a label", () => {
  for (const action of [" ", "", 6, null, () => 0]) {
    assert.throws(
      () => validateNetwork([] as never, action as never),
      /^TypeError: Cannot validate a network as action must be a string of 1 to 200 characters starting with a visible one: current value is /,
    );
  }
  assert.equal(validateNetwork({ links: [{ id: "a", bandwidthBytesPerSecond: 1 }] }).get("a"), 0);
});
