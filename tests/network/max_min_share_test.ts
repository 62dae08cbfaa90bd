import assert from "node:assert/strict";
import { maxMinShare } from "../../lib/network/mod.ts";

Deno.test("maxMinShare() gives max-min fair rates by progressive filling", async (t) => {
  await t.step("two equal flows on one link each get half", () => {
    assert.deepEqual(maxMinShare([10], [{ links: [0] }, { links: [0] }]), [5, 5]);
  });
  await t.step("a bottleneck elsewhere: true max-min, not an equal split", () => {
    // Link 0: 10, link 1: 4. b crosses both, c only link 1: b and c get 2 on link
    // 1, and a takes what b leaves on link 0 (8), not 10 / 2.
    assert.deepEqual(maxMinShare([10, 4], [{ links: [0] }, { links: [0, 1] }, { links: [1] }]), [
      8,
      2,
      2,
    ]);
  });
  await t.step("a flow's own cap frees the rest for the others", () => {
    assert.deepEqual(
      maxMinShare([12], [{ links: [0], maxBytesPerSecond: 2 }, { links: [0] }, { links: [0] }]),
      [2, 5, 5],
    );
  });
  await t.step("a capped flow on no link gets its cap", () => {
    assert.deepEqual(maxMinShare([1], [{ links: [], maxBytesPerSecond: 7 }]), [7]);
  });
  await t.step("no flow, no rate", () => {
    assert.deepEqual(maxMinShare([1], []), []);
  });
  await t.step("every link is full or every flow capped (max-min property)", () => {
    const caps = [10, 7, 3];
    const flows = [{ links: [0, 1] }, { links: [1, 2] }, { links: [0] }, { links: [2] }, {
      links: [0, 1, 2],
    }];
    const rates = maxMinShare(caps, flows);
    // Each flow crosses a saturated link on which it has the largest rate.
    for (let f = 0; f < flows.length; f++) {
      const bottleneck = flows[f]!.links.some((l) => {
        const load = flows.reduce((s, g, i) => s + (g.links.includes(l) ? rates[i]! : 0), 0);
        const top = Math.max(...flows.map((g, i) => g.links.includes(l) ? rates[i]! : 0));
        return Math.abs(load - caps[l]!) < 1e-9 && rates[f]! >= top - 1e-9;
      });
      assert.ok(bottleneck, `flow ${f} has no bottleneck`);
    }
  });
  await t.step("bad input names the field and value", () => {
    assert.throws(() => maxMinShare([0], []), /capacities\[0\] must be a finite number > 0/);
    // both messages follow the grammar (they said "flows[0].links holds 3, not an index of
    // capacities (0..0)" and "flows[0] crosses no link and has no maxBytesPerSecond: ...")
    assert.throws(
      () => maxMinShare([1], [{ links: [3] }]),
      /^RangeError: Cannot compute a max-min fair share as flows\[0\]\.links\[0\] must be an index of capacities \(0\.\.0\): current value is 3$/,
    );
    assert.throws(
      () => maxMinShare([1], [{ links: [0, "a" as never] }]),
      /as flows\[0\]\.links\[1\] must be an index of capacities \(0\.\.0\): current value is "a"$/,
    );
    assert.throws(
      () => maxMinShare([1], [{ links: [] }]),
      /^RangeError: Cannot compute a max-min fair share as flows\[0\]\.maxBytesPerSecond must be a finite number when the flow crosses no link \(its rate would be infinite\): current value is undefined$/,
    );
    // an explicit Infinity is named as given, not as undefined
    assert.throws(
      () => maxMinShare([1], [{ links: [], maxBytesPerSecond: Infinity }]),
      /flows\[0\]\.maxBytesPerSecond must be a finite number when the flow crosses no link \(its rate would be infinite\): current value is Infinity$/,
    );
    assert.throws(
      () => maxMinShare([1], [{ links: [0], maxBytesPerSecond: -1 }]),
      /flows\[0\].maxBytesPerSecond must be a finite number > 0: current value is -1/,
    );
  });
});
