import assert from "node:assert/strict";
import { checkTraces, MAX_TRACES } from "../../lib/datacenter/_check_traces.ts";

const check = (traces: unknown, intervals?: number) =>
  checkTraces("test", "traces", traces as never, intervals);

Deno.test("checkTraces caps the number of traces at MAX_TRACES", () => {
  const many = Array.from({ length: MAX_TRACES + 1 }, () => "v");
  assert.throws(() => check({ names: many, percent: [[1]] }), {
    name: "RangeError",
    message:
      `Cannot test as traces.names must hold 0 to ${MAX_TRACES} items: current value is "an array of ${
        MAX_TRACES + 1
      }"`,
  });
  const rows = Array.from({ length: MAX_TRACES + 1 }, () => [1]);
  assert.throws(() => check({ names: ["v"], percent: rows }), {
    name: "RangeError",
    message:
      `Cannot test as traces.percent must hold 0 to ${MAX_TRACES} items: current value is "an array of ${
        MAX_TRACES + 1
      }"`,
  });
});

Deno.test("checkTraces with intervals: each trace holds that many, and only those are read", () => {
  assert.equal(check({ names: ["a", "b"], percent: [[1, 2, 3], [4, 5]] }, 2), 2);
  assert.throws(() => check({ names: ["a"], percent: [[1, 2]] }, 3), {
    name: "RangeError",
    message:
      'Cannot test as traces.percent[0] must hold at least options.intervals (3) values: current value is "an array of 2"',
  });
  // a value past the cut is never used, so it is not checked
  assert.equal(check({ names: ["a"], percent: [[1, 2, NaN]] }, 2), 2);
  assert.throws(() => check({ names: ["a"], percent: [[1, 2, NaN]] }), /percent\[0\]\[2\]/);
});
