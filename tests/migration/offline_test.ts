import assert from "node:assert/strict";
import { simulateOffline, type VmSpec } from "../../mod.ts";

Deno.test("simulateOffline() downtime equals total time equals (memory + state) / bandwidth + latency", async (t) => {
  const cases: [string, VmSpec, number, number, number][] = [
    [
      "4 GiB over 1 Gbit/s",
      {
        pageCount: 1048576,
        pageSizeBytes: 4096,
        stateBytes: 262144,
        workload: { kind: "uniform", writesPerSecond: 20000 },
      },
      125e6,
      1e-4,
      0,
    ],
    [
      "tiny VM, slow link, overhead",
      {
        pageCount: 3,
        pageSizeBytes: 100,
        stateBytes: 50,
        workload: { kind: "idle" },
      },
      10,
      0.5,
      20,
    ],
  ];
  for (const [name, vm, bw, latency, overhead] of cases) {
    await t.step(name, () => {
      const r = simulateOffline(vm, {
        bandwidthBytesPerSecond: bw,
        latencySeconds: latency,
        pageOverheadBytes: overhead,
      }, { seed: 1 });
      const expected = (vm.pageCount * (vm.pageSizeBytes + overhead) + vm.stateBytes) / bw +
        latency;
      assert.equal(r.downtimeSeconds, expected);
      assert.equal(r.totalSeconds, expected);
      assert.equal(r.pagesSent, vm.pageCount);
      assert.equal(
        r.bytesSent,
        vm.pageCount * (vm.pageSizeBytes + overhead) + vm.stateBytes,
      );
      assert.equal(r.rounds, 1);
      assert.equal(r.roundRows[0]!.phase, "stop-and-copy");
      assert.equal(r.stopReason, "offline");
    });
  }
});

Deno.test("simulateOffline() validates its inputs", () => {
  assert.throws(
    () =>
      simulateOffline(
        {
          pageCount: 1.5,
          pageSizeBytes: 4096,
          stateBytes: 0,
          workload: { kind: "idle" },
        },
        { bandwidthBytesPerSecond: 1 },
        { seed: 1 },
      ),
    {
      name: "RangeError",
      message:
        "Cannot migrate as vm.pageCount must be an integer in [1, 1073741824]: current value is 1.5",
    },
  );
});

Deno.test("simulateOffline() reports what its mechanisms cost in result.mechanisms (review)", () => {
  // 1000 pages of 4096 bytes over 4,096,000 B/s, a cipher at a quarter of that: the
  // copy takes 4 s of cipher CPU (the cipher bounds it), after a 0.5 s handshake.
  const r = simulateOffline(
    { pageCount: 1000, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
    { bandwidthBytesPerSecond: 4096e3 },
    {
      seed: 1,
      mechanisms: {
        secureTransport: { cipherBytesPerSecondPerCore: 1024e3, handshakeSeconds: 0.5 },
      },
    },
  );
  assert.equal(r.totalSeconds, 4.5);
  assert.ok(r.mechanisms !== undefined);
  assert.deepEqual(r.mechanisms.enabled, ["secureTransport"]);
  assert.equal(r.mechanisms.cipherCpuSeconds, 4);
  assert.equal(r.mechanisms.cpuSeconds, 4);
  assert.equal(r.mechanisms.handshakeSeconds, 0.5);
});
