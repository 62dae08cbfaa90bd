import assert from "node:assert/strict";
import { createFlowNetwork } from "../../lib/network/mod.ts";

Deno.test("createFlowNetwork() shares links max-min fairly as flows come and go", async (t) => {
  await t.step("two equal flows on one link each get half", () => {
    const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
    net.startFlow({ route: ["l"], bytes: 100 });
    net.startFlow({ route: ["l"], bytes: 100 });
    net.run();
    const flows = net.flows();
    assert.deepEqual(flows.map((f) => [f.endSeconds, f.lastBytesPerSecond]), [[2, 50], [2, 50]]);
  });
  await t.step("a flow that ends frees its share", () => {
    const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
    net.startFlow({ route: ["l"], bytes: 100, label: "short" });
    net.startFlow({ route: ["l"], bytes: 300, label: "long" });
    net.run();
    // 0-2 s: 50 each; the short one is done; 2-4 s: the long one sends its last 200 at 100.
    assert.deepEqual(
      net.flows().map((f) => [f.label, f.endSeconds, f.lastBytesPerSecond]),
      [["short", 2, 50], ["long", 4, 100]],
    );
    const [usage] = net.linkUsage();
    assert.deepEqual(usage, {
      id: "l",
      bandwidthBytesPerSecond: 100,
      bytes: 400,
      busySeconds: 4,
      peakBytesPerSecond: 100,
      peakUtilisation: 1,
      peakFlows: 2,
    });
  });
  await t.step("a flow that starts later takes its share from then on", () => {
    const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
    net.startFlow({ route: ["l"], bytes: 300 });
    net.at(1, (n) => n.startFlow({ route: ["l"], bytes: 50 }));
    net.run();
    // 0-1: first alone (100 sent); 1-2: 50 each (second done at 2, first has 150 left);
    // 2-3.5: the first's last 150 at 100.
    assert.deepEqual(net.flows().map((f) => [f.id, f.startSeconds, f.endSeconds]), [
      [1, 1, 2],
      [0, 0, 3.5],
    ]);
  });
  await t.step("three flows with a bottleneck elsewhere", () => {
    const net = createFlowNetwork({
      links: [
        { id: "a", bandwidthBytesPerSecond: 10 },
        { id: "b", bandwidthBytesPerSecond: 4, latencySeconds: 0.5 },
      ],
    });
    net.startFlow({ route: ["a"], bytes: 80 });
    net.startFlow({ route: ["a", "b"], bytes: 20 });
    net.startFlow({ route: ["b"], bytes: 20 });
    net.run();
    // Rates 8, 2, 2: all three end at 10 s; flows over b arrive 0.5 s later.
    assert.deepEqual(net.flows().map((f) => [f.id, f.endSeconds, f.arrivalSeconds]), [
      [0, 10, 10],
      [1, 10, 10.5],
      [2, 10, 10.5],
    ]);
  });
  await t.step("a completion callback can chain the next flow", () => {
    const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 10 }] });
    net.startFlow({
      route: ["l"],
      bytes: 10,
      onDone: (_f, n) => n.startFlow({ route: ["l"], bytes: 0 }),
    });
    net.run();
    assert.deepEqual(net.flows().map((f) => f.endSeconds), [1, 1]);
  });
  await t.step("keepFlows: false delivers each record to onDone and keeps none", () => {
    const run = (keepFlows: boolean) => {
      const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] }, {
        keepFlows,
      });
      const seen: [string, number, number][] = [];
      const onDone = (f: { label: string; endSeconds: number; lastBytesPerSecond: number }) =>
        seen.push([f.label, f.endSeconds, f.lastBytesPerSecond]);
      net.startFlow({ route: ["l"], bytes: 100, label: "short", onDone });
      net.startFlow({ route: ["l"], bytes: 300, label: "long", onDone });
      net.run();
      return { net, seen };
    };
    const kept = run(true), dropped = run(false);
    assert.deepEqual(dropped.seen, [["short", 2, 50], ["long", 4, 100]]);
    assert.deepEqual(dropped.seen, kept.seen);
    assert.deepEqual(dropped.net.linkUsage(), kept.net.linkUsage());
    assert.throws(() => dropped.net.flows(), /options.keepFlows must be true/);
    assert.throws(
      () =>
        createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 1 }] }, {
          keepFlows: "no" as unknown as boolean,
        }),
      /options.keepFlows must be a boolean: current value is "no"/,
    );
  });
  await t.step("linkUsage: false gives the same flows and accounts no link", () => {
    const links = [{ id: "a", bandwidthBytesPerSecond: 100 }, {
      id: "b",
      bandwidthBytesPerSecond: 40,
    }];
    const run = (linkUsage: boolean) => {
      const net = createFlowNetwork({ links }, { linkUsage });
      net.startFlow({ route: ["a"], bytes: 300 });
      net.startFlow({ route: ["a", "b"], bytes: 100, maxBytesPerSecond: 30 });
      net.at(0.5, (n) => n.startFlow({ route: ["b"], bytes: 50 }));
      net.run();
      return net;
    };
    const full = run(true), lean = run(false);
    assert.deepEqual(lean.flows(), full.flows());
    assert.throws(() => lean.linkUsage(), /options.linkUsage must be true/);
    assert.equal(full.linkUsage().length, 2);
  });
  await t.step("bad input names the field and value", () => {
    const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 10 }] });
    assert.throws(
      () => net.startFlow({ route: ["x"], bytes: 1 }),
      /request.route\[0\] must name a link of the network \(l\): current value is "x"/,
    );
    assert.throws(() => net.startFlow({ route: ["l"], bytes: -1 }), /request.bytes/);
    assert.throws(() => net.startFlow({ route: [], bytes: 1 }), /request.route/);
    assert.throws(
      () => createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 0 }] }),
      /network.links\[0\].bandwidthBytesPerSecond/,
    );
  });
});
