import assert from "node:assert/strict";
import { plotFaultOutage } from "../../lib/plot/fault_outage.ts";
import type { FaultRestoration, VmRestoration } from "../../lib/realtime/fault_restoration.ts";
import { assertSnapshot } from "./_snapshot.ts";

function vm(name: string, vmIndex: number, outageSeconds: number): VmRestoration {
  const restored = Number.isFinite(outageSeconds);
  return {
    vmIndex,
    vm: name,
    fromProcessor: 0,
    targetProcessor: restored ? 1 : null,
    restored,
    outcome: restored ? "restored" : "window-exceeded",
    startSeconds: 0,
    migrationSeconds: 0,
    stallSeconds: 0,
    bytesSent: 0,
    outageSeconds,
  };
}
function restoration(
  technique: FaultRestoration["technique"],
  outages: number[],
  misses: number[],
): FaultRestoration {
  return {
    fault: { processorIndex: 0, timeSeconds: 1, kind: "degraded" },
    technique,
    seed: 1,
    detectionSeconds: 0,
    windowSeconds: 1,
    vms: outages.map((o, i) => vm(`vm${i}`, i, o)),
    tasks: misses.map((m, i) => ({
      vmIndex: i,
      vm: `vm${i}`,
      task: "t",
      jobs: 10,
      deadlinesMissed: m,
    })),
    observedUntilSeconds: 2,
    allRestored: outages.every(Number.isFinite),
    placement: [],
  };
}
const restorations = [
  restoration("offline", [0.5, 1.1], [5, 11]),
  restoration("pre-copy", [0.65, Infinity], [6, 10]),
  restoration("post-copy", [0.2, 0.8], [2, 8]),
];

Deno.test("plotFaultOutage() matches its golden SVG files", async (t) => {
  await t.step("outage", async () => {
    await assertSnapshot(plotFaultOutage(restorations).toSvg(), "fault-outage.svg");
  });
  await t.step("deadlines missed", async () => {
    await assertSnapshot(
      plotFaultOutage(restorations, { metric: "deadlinesMissed" }).toSvg(),
      "fault-outage-deadlines.svg",
    );
  });
});

Deno.test("plotFaultOutage() draws a bar per restored VM and technique and labels lost VMs", () => {
  const svg = plotFaultOutage(restorations).toSvg();
  assert.equal((svg.match(/<rect (?!width="100%")/g) ?? []).length, 5);
  assert.match(svg, />lost</);
  assert.match(svg, />1\.1</);
  assert.match(svg, /Outage from the fault \(s\)/);
  const misses = plotFaultOutage(restorations, { metric: "deadlinesMissed" }).toSvg();
  assert.equal((misses.match(/<rect (?!width="100%")/g) ?? []).length, 6);
  assert.match(misses, />11</);
  // Lost VMs are marked in the deadlines panel too, and the axes carry the window and jobs.
  assert.match(misses, />10 · lost</);
  assert.match(misses, /Deadlines missed in 0–2 s \(fault at 1 s\)/);
  assert.match(misses, />vm1 \(10 jobs\)</);
});

Deno.test("plotFaultOutage() rejects an unknown metric", () => {
  assert.throws(
    () => plotFaultOutage(restorations, { metric: "bytes" as unknown as "outageSeconds" }),
    {
      name: "TypeError",
      message:
        'Cannot plot fault outage as metric must be one of "outageSeconds", "deadlinesMissed": current value is "bytes"',
    },
  );
});

Deno.test("plotFaultOutage() refuses a restored VM without a finite outage, never drawing it as 0", async (t) => {
  const withVm = (change: Partial<VmRestoration>) => {
    const r = restoration("offline", [0.5, 1.1], [5, 11]);
    return [{ ...r, vms: [r.vms[0]!, { ...r.vms[1]!, ...change }] }];
  };
  await t.step("outageSeconds NaN", () => {
    assert.throws(() => plotFaultOutage(withVm({ outageSeconds: NaN })), {
      name: "RangeError",
      message:
        "Cannot plot fault outage as restorations[0].vms[1].outageSeconds must be a finite number >= 0: current value is NaN",
    });
  });
  await t.step("outageSeconds missing", () => {
    assert.throws(
      () => plotFaultOutage(withVm({ outageSeconds: undefined as unknown as number })),
      {
        name: "TypeError",
        message:
          "Cannot plot fault outage as restorations[0].vms[1].outageSeconds must be a number: current value is undefined",
      },
    );
  });
  await t.step("outageSeconds Infinity on a restored VM", () => {
    assert.throws(() => plotFaultOutage(withVm({ outageSeconds: Infinity })), {
      name: "RangeError",
      message:
        "Cannot plot fault outage as restorations[0].vms[1].outageSeconds must be a finite number >= 0: current value is Infinity",
    });
  });
  await t.step("Infinity is the outage of a lost VM", () => {
    assert.match(
      plotFaultOutage(withVm({ outageSeconds: Infinity, restored: false })).toSvg(),
      />lost</,
    );
  });
  await t.step("deadlinesMissed NaN", () => {
    const r = restoration("offline", [0.5, 1.1], [5, NaN]);
    assert.throws(() => plotFaultOutage([r], { metric: "deadlinesMissed" }), {
      name: "RangeError",
      message:
        "Cannot plot fault outage as restorations[0].tasks[1].deadlinesMissed must be a finite number >= 0: current value is NaN",
    });
  });
});
