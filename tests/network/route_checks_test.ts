import assert from "node:assert/strict";
import { createFlowNetwork } from "../../lib/network/mod.ts";

// linkIndices and routeLatencySeconds read route.length unchecked: no route failed inside
// ("Cannot read properties of undefined (reading 'length')"), and a blank field name made
// messages outside the grammar.
Deno.test("linkIndices() and routeLatencySeconds() refuse a route that is not an array", () => {
  const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
  for (const read of [net.linkIndices.bind(net), net.routeLatencySeconds.bind(net)]) {
    assert.throws(
      () => read(undefined as never),
      /^TypeError: Cannot start a flow as route must be an array: current value is undefined$/,
    );
    assert.throws(
      () => read("l" as never, "r"),
      /^TypeError: Cannot start a flow as r must be an array: current value is "l"$/,
    );
    assert.throws(
      () => read(["l"], " "),
      /^TypeError: Cannot read a route as field must be a string of 1 to 200 characters starting with a visible one: current value is " "$/,
    );
  }
  assert.deepEqual(net.linkIndices(["l"]), [0]);
  assert.equal(net.routeLatencySeconds(["l"]), 0);
});
