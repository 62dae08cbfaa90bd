import assert from "node:assert/strict";
import { type LifetimeObservation, summarizeObservations } from "../../lib/reliability/mod.ts";

Deno.test("summarizeObservations() counts failures and sums the total time on test", () => {
  const summary = summarizeObservations([
    { timeSeconds: 1.5, censored: false },
    { timeSeconds: 0, censored: true },
    { timeSeconds: 2.25, censored: true },
    { timeSeconds: 4, censored: false },
  ]);
  assert.deepEqual(summary, { n: 4, failures: 2, censored: 2, totalTimeSeconds: 7.75 });
});

Deno.test("summarizeObservations() rejects bad input with the caller's action", async (t) => {
  await t.step("custom action in the message", () => {
    assert.throws(() => summarizeObservations([], "fit a model"), {
      name: "RangeError",
      message:
        "Cannot fit a model as observations must contain at least one observation: current value is []",
    });
  });
  await t.step("missing fields", () => {
    assert.throws(
      () => summarizeObservations([{ censored: false }] as unknown as LifetimeObservation[]),
      {
        name: "TypeError",
        message:
          "Cannot summarize observations as observations[0].timeSeconds must be a number: current value is undefined",
      },
    );
    assert.throws(
      () => summarizeObservations([{ timeSeconds: 1 }] as unknown as LifetimeObservation[]),
      {
        name: "TypeError",
        message:
          "Cannot summarize observations as observations[0].censored must be a boolean: current value is undefined",
      },
    );
  });
});
