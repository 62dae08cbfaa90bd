import assert from "node:assert/strict";
import { affordableDowntime } from "../../lib/realtime/affordable_downtime.ts";
import { analyzeEdf } from "../../lib/realtime/edf_analysis.ts";
import { analyzeFixedPriority } from "../../lib/realtime/fixed_priority_analysis.ts";
import { responseTimeAnalysis } from "../../lib/realtime/response_time_analysis.ts";
import { task, vm } from "./_fixtures.ts";

Deno.test("analyzeEdf() accepts demand equal to supply despite rounding", () => {
  // Two jobs due at 0.3 on a dedicated processor: dbf(0.3) = 0.1 + 0.2, which is
  // 0.30000000000000004 in floating point, against sbf(0.3) = 0.3. Exactly equal: schedulable.
  const r = analyzeEdf([task(0.1, 1, 0.3), task(0.2, 1, 0.3)]);
  assert.equal(r.schedulable, true);
  assert.equal(r.failureSeconds, null);
});

Deno.test("analyzeEdf() checks up to the busy period when it is below L*", () => {
  // (C, T, D) = (1, 4, 1) and (1, 8, 2): U = 0.25 + 0.125 = 0.375.
  // L* = Σ (T − D) U / (1 − U) = (3·0.25 + 6·0.125) / 0.625 = 1.5 / 0.625 = 2.4.
  // Busy period: w = 1 + 1 = 2, then ⌈2/4⌉·1 + ⌈2/8⌉·1 = 2: fixed point 2 < 2.4.
  // dbf(1) = 1 <= 1 and dbf(2) = 2 <= 2: schedulable, checked up to min(2.4, 2) = 2.
  const r = analyzeEdf([task(1, 4, 1), task(1, 8, 2)]);
  assert.equal(r.schedulable, true);
  assert.equal(r.checkedUpToSeconds, 2);
});

Deno.test("analyzeEdf() in a server scans up to the 2(Π − Θ) blackout bound", () => {
  // Γ = (2, 1), α = 0.5: sbf(t) = 0 up to 2, then 1 per 2 s: sbf(5) = 2, sbf(8) = 3, sbf(10) = 4.
  // Tasks (0.25, 5) and (2.8, 8), implicit deadlines: U = 0.05 + 0.35 = 0.4.
  // Bound L = α·2(Π − Θ) / (α − U) = 0.5·2 / 0.1 = 10 (half of it, 5, stops too early).
  // dbf(5) = 0.25 <= 2, dbf(8) = 0.25 + 2.8 = 3.05 > sbf(8) = 3: the earliest failure is 8.
  const r = analyzeEdf([task(0.25, 5), task(2.8, 8)], {
    server: { periodSeconds: 2, budgetSeconds: 1 },
  });
  assert.equal(r.schedulable, false);
  assert.equal(r.failureSeconds, 8);
});

Deno.test("analyzeEdf() groups deadlines within the tolerance at the first failure", () => {
  // (C, T, D) = (0.15, 10, 0.3) and (0.1, 0.2, 0.1). Deadlines 0.1, then 0.3 and
  // 0.1 + 0.2 = 0.30000000000000004 (the same instant within 1e-9, as dbf counts it).
  // dbf(0.1) = 0.1 <= 0.1; dbf(0.3) = 0.15 + 2·0.1 = 0.35 > 0.3: the failure is at 0.3.
  const r = analyzeEdf([task(0.15, 10, 0.3), task(0.1, 0.2, 0.1)]);
  assert.equal(r.schedulable, false);
  assert.equal(r.failureSeconds, 0.3);
});

Deno.test("analyzeFixedPriority() does not count a job released at R through rounding", () => {
  // DM: (0.1, 0.3) before (0.2, 1). R = 0.2 + ⌈R / 0.3⌉·0.1: start 0.1 + 0.2 =
  // 0.30000000000000004; ⌈0.30000000000000004 / 0.3⌉ is 1 (not 2) within the tolerance,
  // so R = 0.2 + 0.1 = 0.3, the fixed point (a second job would give 0.4).
  const r = analyzeFixedPriority([task(0.1, 0.3), task(0.2, 1)]);
  assert.equal(r.schedulable, true);
  assert.ok(Math.abs(r.responseTimesSeconds[1]! - 0.3) < 1e-12, `${r.responseTimesSeconds[1]}`);
});

Deno.test("responseTimeAnalysis() examines one job when L = T up to rounding", () => {
  // (0.1, 0.3) and (0.2, 0.3), U = 1. Level-2 busy period: w = 0.1 + 0.2 =
  // 0.30000000000000004 = ⌈w/0.3⌉·0.1 + ⌈w/0.3⌉·0.2, ⌈w/0.3⌉ = 1 within the tolerance.
  // Jobs examined: ⌈0.3 / 0.3⌉ = 1; response 0.3 = D: schedulable.
  const r = responseTimeAnalysis([task(0.1, 0.3), task(0.2, 0.3)]);
  assert.equal(r.tasks[1]!.jobsExamined, 1);
  assert.ok(Math.abs(r.tasks[1]!.responseSeconds - 0.3) < 1e-12);
  assert.ok(Math.abs(r.tasks[1]!.busyPeriodSeconds - 0.3) < 1e-12);
  assert.equal(r.schedulable, true);
});

Deno.test("responseTimeAnalysis() rejects a priority index out of range", () => {
  assert.throws(
    () => responseTimeAnalysis([task(1, 4), task(1, 4)], { priorityOrder: [0, 2] }),
    { name: "RangeError", message: /options\.priorityOrder\[1\]/ },
  );
  assert.throws(
    () => responseTimeAnalysis([task(1, 4), task(1, 4)], { priorityOrder: [0.5, 1] }),
    { name: "RangeError", message: /options\.priorityOrder\[0\]/ },
  );
});

Deno.test("affordableDowntime() EDF: a slack of exactly 2Θ affords Θ + Π", () => {
  // Γ = (2, 1): sbf(10) = 4 (blackout 2, then 1 every 2 s), sbf(20) = 9. Task (2, 10):
  // S = min(4 − 2, 9 − 4, …) = 2. usbf(x): 1 + min(1, x − 1) up to x = 2, flat at 2
  // until x = Θ + Π = 3, then rising: sup {x : usbf(x) <= 2} = 3.
  const r = affordableDowntime(vm("a", [task(2, 10)], { periodSeconds: 2, budgetSeconds: 1 }));
  assert.equal(r.slackSeconds, 2);
  assert.equal(r.downtimeSeconds, 3);
});

Deno.test("affordableDowntime() EDF: the least slack may follow the first deadline", () => {
  // Γ = (3, 2), α = 2/3: sbf(t) = 2k + max(0, y − 3k − 1), y = t − 1, k = ⌊y/3⌋.
  // Tasks (C, T, D) = (0.5, 12, 5) and (0.5, 7, 4). Deadlines 4, 5, 11, …:
  // sbf(4) − dbf(4) = 2 − 0.5 = 1.5; sbf(5) − dbf(5) = 2 − 1 = 1; sbf(11) − dbf(11) = 4.5.
  // The scan stops when (α − U) t − 2α(Π − Θ) − Σ (T − D) U passes the minimum; at t = 5
  // this is 0.5536·5 − 1.8393 = 0.93 < 1.5, so 5 is examined: S = 1; usbf⁻¹(1) = 1 (1 < 2Θ).
  const r = affordableDowntime(
    vm("a", [task(0.5, 12, 5), task(0.5, 7, 4)], { periodSeconds: 3, budgetSeconds: 2 }),
  );
  assert.equal(r.slackSeconds, 1);
  assert.equal(r.downtimeSeconds, 1);
});

Deno.test("analyzeEdf() scales the rounding tolerance with the time point", () => {
  // As above at t = 29235701.4 s: 11148609.3 + 18087092.1 is 29235701.400000002 in floating
  // point, one ulp (3.7e-9 s) above the deadline, more than 1e-9 s but less than 1e-9·t.
  const d = 29235701.4;
  const r = analyzeEdf([task(11148609.3, 1e8, d), task(18087092.1, 1e8, d)]);
  assert.equal(r.schedulable, true);
  assert.equal(r.failureSeconds, null);
});

Deno.test("affordableDowntime() EDF: null when a deadline fails although U < α", () => {
  // Dedicated processor, (C, T, D) = (2, 10, 1) and (1.5, 10, 2): U = 0.35 < 1, but
  // dbf(1) = 2 > sbf(1) = 1 (and dbf(2) = 3.5 > 2): deadlines are missed without an outage.
  const r = affordableDowntime(
    vm("a", [task(2, 10, 1), task(1.5, 10, 2)], { periodSeconds: 1, budgetSeconds: 1 }),
  );
  assert.equal(r.downtimeSeconds, null);
  assert.ok(r.slackSeconds < 0);
});
