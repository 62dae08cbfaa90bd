import assert from "node:assert/strict";
import { migrationVmSpec } from "../../lib/datacenter/_migration_vm_spec.ts";

Deno.test("migrationVmSpec() moves a data-centre VM's RAM as 4 KiB pages written at its utilisation", async (t) => {
  await t.step("1 GiB at 50 % of 5,000 writes per second", () => {
    assert.deepEqual(migrationVmSpec(2 ** 30, 50, 5000), {
      pageCount: 262144,
      pageSizeBytes: 4096,
      stateBytes: 262144,
      workload: { kind: "uniform", writesPerSecond: 2500 },
    });
  });
  await t.step("a partial page is a page, and a VM of no RAM still has one", () => {
    assert.equal(migrationVmSpec(4097, 10, 5000).pageCount, 2);
    assert.equal(migrationVmSpec(4096, 10, 5000).pageCount, 1);
    assert.equal(migrationVmSpec(0, 10, 5000).pageCount, 1);
  });
  await t.step("idle at 0 % (no uniform workload of zero writes)", () => {
    assert.deepEqual(migrationVmSpec(2 ** 20, 0, 5000).workload, { kind: "idle" });
    assert.deepEqual(migrationVmSpec(2 ** 20, 30, 0).workload, { kind: "idle" });
  });
});
