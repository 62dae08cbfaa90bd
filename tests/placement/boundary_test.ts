/**
 * Placement entry points refuse null and unknown options at the boundary (found by the
 * fuzz test of issue 13): a typo never silently runs the default.
 */
import assert from "node:assert/strict";
import {
  type Host,
  placePba,
  setCoverGreedy,
  validatePlacement,
  type VmDemand,
} from "../../lib/placement/mod.ts";

const hosts: Host[] = [{
  name: "h",
  cpuMips: 1000,
  cores: 1,
  ramBytes: 2 ** 30,
  bandwidthBytesPerSecond: 1e9,
  rack: 0,
}];
const vms: VmDemand[] = [{
  name: "v",
  cpuMips: 100,
  ramBytes: 2 ** 20,
  bandwidthBytesPerSecond: 1e6,
}];

Deno.test("placement entry points refuse null and unknown options", async (t) => {
  await t.step("null options", () => {
    assert.throws(() => setCoverGreedy(hosts, vms, null as never), {
      name: "TypeError",
      message:
        "Cannot place VMs by greedy set cover as options must be an object: current value is null",
    });
  });
  await t.step("a mistyped option", () => {
    assert.throws(() => placePba(hosts, [], { ordre: "input" } as never), {
      name: "TypeError",
      message:
        'Cannot place desktops by PBA as "ordre" must be a known key of options ("choice", "order"): current value is "input"',
    });
    assert.throws(
      () => validatePlacement(hosts, vms, { assignment: [0] } as never, { sameHosts: [] } as never),
      /"sameHosts" must be a known key of options/,
    );
  });
});
