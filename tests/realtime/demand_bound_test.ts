import assert from "node:assert/strict";
import { demandBound } from "../../lib/realtime/mod.ts";
import { task } from "./_fixtures.ts";

Deno.test("demandBound() is the step function Σ max(0, ⌊(t − D)/T⌋ + 1)·C (hand values)", () => {
  const tasks = [task(1, 4, 3), task(2, 6, 6)];
  const expected: [number, number][] = [
    [0, 0],
    [2.999, 0],
    [3, 1],
    [5.9, 1],
    [6, 3],
    [7, 4],
    [11, 5],
    [12, 7],
    [24, 6 + 8],
  ];
  for (const [t, d] of expected) assert.equal(demandBound(tasks, t), d, `dbf(${t})`);
});

Deno.test("demandBound() counts exact multiples despite floating-point periods", () => {
  // 0.3 / 0.1 is 2.9999999999999996 in binary floating point.
  assert.equal(demandBound([task(0.01, 0.1)], 0.3), 0.03);
});

Deno.test("demandBound() rejects a negative or non-finite window", () => {
  assert.throws(() => demandBound([task(1, 4)], -1), {
    name: "RangeError",
    message:
      "Cannot compute the demand bound as tSeconds must be a finite number >= 0: current value is -1",
  });
  assert.throws(() => demandBound([task(1, 4)], Infinity), RangeError);
});

Deno.test("demandBound() counts a first deadline within rounding of t, as it counts later ones", () => {
  const tasks = [
    { name: "a", periodSeconds: 0.1, wcetSeconds: 0.01, deadlineSeconds: 0.1 },
    { name: "b", periodSeconds: 1, wcetSeconds: 0.5, deadlineSeconds: 0.8 },
  ];
  // 0.1 + 0.1 + … (eight terms) is 0.7999999999999999: a's eighth deadline counts there, so does b's first.
  assert.equal(demandBound(tasks, 0.7999999999999999), demandBound(tasks, 0.8));
  assert.equal(demandBound([tasks[1]!], 0.7999999999999999), 0.5);
});
