/**
 * Exported helpers of lib/workload check their arguments at the boundary with the
 * project's error grammar (found by the fuzz test of issue 13).
 */
import assert from "node:assert/strict";
import {
  expectedZeroPages,
  hotSetPages,
  initialZeroPageCount,
  sequentialRegion,
  validateWorkload,
  workloadModel,
} from "../../lib/workload/mod.ts";
import { phaseModel } from "../../lib/workload/models/_phase_model.ts";

Deno.test("lib/workload helpers name the field and the value of bad input", async (t) => {
  await t.step("hotSetPages() bounds its page count", () => {
    assert.throws(() => hotSetPages(0.1, 1e20), {
      name: "RangeError",
      message:
        "Cannot size a hot set as pageCount must be an integer in [1, 1073741824]: current value is 100000000000000000000",
    });
  });
  await t.step("initialZeroPageCount() validates its spec", () => {
    assert.throws(() => initialZeroPageCount({ initialShare: NaN }, 8), {
      name: "RangeError",
      message:
        "Cannot count the initial zero pages as spec.initialShare must be in [0, 1]: current value is NaN",
    });
  });
  await t.step("sequentialRegion(), phaseModel() and workloadModel() need a spec", () => {
    assert.throws(() => sequentialRegion(undefined as never, 10), {
      name: "TypeError",
      message:
        "Cannot compute a sequential region as spec must be an object: current value is undefined",
    });
    assert.throws(() => phaseModel({ kind: "trace" } as never), {
      name: "TypeError",
      message:
        'Cannot choose a phase model as spec.kind must be one of "idle", "uniform", "hot-cold", "zipf": current value is "trace"',
    });
    assert.throws(() => workloadModel(null as never), {
      name: "TypeError",
      message: "Cannot choose a workload model as spec must be an object: current value is null",
    });
  });
  await t.step("validateWorkload() refuses labels that would break its messages", () => {
    assert.throws(() => validateWorkload({ kind: "idle" }, 8, " ", "migrate"), {
      name: "TypeError",
      message:
        'Cannot validate a workload as field must be a string of 1 to 200 characters starting with a visible one: current value is " "',
    });
  });
  await t.step("expectedZeroPages() validates its workload", () => {
    assert.throws(() => expectedZeroPages(null as never, 7, 12), {
      name: "TypeError",
      message:
        "Cannot compute expected zero pages as spec must be an object: current value is null",
    });
  });
});
