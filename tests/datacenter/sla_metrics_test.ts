import assert from "node:assert/strict";
import { slaMetrics } from "../../lib/datacenter/_sla_metrics.ts";
import type { SlaTotals } from "../../lib/datacenter/_sla_metrics.ts";

/** Totals of a run: host-seconds, MIPS-seconds and three VMs' own sums and hosts. */
function totals(vmHost: number[], vmRequested: number[], vmDegraded: number[]): SlaTotals {
  return {
    activeSeconds: 1200,
    violationSeconds: 90,
    requestedMipsSeconds: 4000,
    degradedMipsSeconds: 60,
    vmRequested: Float64Array.from(vmRequested),
    vmDegraded: Float64Array.from(vmDegraded),
    vmHost: Int32Array.from(vmHost),
  };
}

Deno.test("slaMetrics() computes SLATAH, PDM and SLAV as Beloglazov and Buyya 2012 define them (by hand)", () => {
  const m = slaMetrics(totals([0, 1], [3000, 1000], [60, 0]));
  assert.equal(m.slatah, 90 / 1200); // 0.075 of the active host-seconds in violation
  assert.equal(m.pdm, 60 / 4000); // 0.015 of the requested MIPS-seconds lost to migrations
  assert.equal(m.slav, (90 / 1200) * (60 / 4000));
  assert.equal(m.pdmPerVmMean, (60 / 3000 + 0) / 2);
});

Deno.test("slaMetrics() per-VM PDM: a VM that requested nothing counts as 0, one not placed is left out", () => {
  // VM 0: 100 MIPS-s requested, 10 lost (0.1); VM 1 placed but idle all run (0/0 -> 0);
  // VM 2 not placed (host -1), its sums ignored: (0.1 + 0) / 2 = 0.05. Leaving the idle VM
  // out would give 0.1; counting the unplaced one, (0.1 + 0 + 1) / 3.
  const m = slaMetrics(totals([0, 0, -1], [100, 0, 50], [10, 0, 50]));
  assert.equal(m.pdmPerVmMean, 0.05);
});

Deno.test("slaMetrics() gives 0 where a denominator is 0 (no active host, nothing requested)", () => {
  const none = {
    ...totals([-1], [0], [0]),
    activeSeconds: 0,
    violationSeconds: 0,
    requestedMipsSeconds: 0,
    degradedMipsSeconds: 0,
  };
  assert.deepEqual(slaMetrics(none), { slatah: 0, pdm: 0, pdmPerVmMean: 0, slav: 0 });
});
