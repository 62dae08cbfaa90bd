import assert from "node:assert/strict";
import { executeRun } from "../../lib/sweep/_execute.ts";
import type { RunKind, SweepRecord } from "../../lib/sweep/run_kind.ts";

/** A kind whose one metric is whatever `value` gives. */
function kindGiving(value: (seed: number) => SweepRecord): RunKind {
  return {
    name: "test",
    description: "gives a chosen metric",
    parameters: {},
    metrics: ["x"],
    run: (_p, seed) => value(seed),
  };
}

const run = { id: 3, variant: "default", replicate: 0, seed: 7, parameters: {} };

Deno.test("executeRun() refuses a metric that is missing or not finite, naming it and the run", () => {
  for (
    const [metrics, shown] of [[{ x: NaN }, "NaN"], [{ x: -Infinity }, "-Infinity"], [
      {},
      "undefined",
    ]] as const
  ) {
    assert.throws(
      () => executeRun(kindGiving(() => ({ ...metrics })), [], run),
      (e: Error) =>
        e instanceof RangeError && e.message.includes("sweep run 3") &&
        e.message.includes(
          `metric x must be a finite number, a string or a boolean: current value is ${shown}`,
        ),
    );
  }
});

Deno.test("executeRun() keeps finite numbers, strings and booleans", () => {
  for (const x of [0, -1.5e300, "text", false]) {
    assert.deepEqual(executeRun(kindGiving(() => ({ x })), [], run), {
      run: 3,
      variant: "default",
      replicate: 0,
      seed: 7,
      x,
    });
  }
});
