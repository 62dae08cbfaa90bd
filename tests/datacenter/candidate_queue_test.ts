import assert from "node:assert/strict";
import { CandidateQueue } from "../../lib/datacenter/_candidate_queue.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** Every candidate of `diff[0..n)` popped from a queue (reset on `queue` when given). */
function popAll(diff: Float64Array, n: number, queue = new CandidateQueue(n)): number[] {
  queue.reset(diff, n);
  const order: number[] = [];
  for (let i = queue.pop(); i >= 0; i = queue.pop()) order.push(i);
  return order;
}

/** Candidates 0..n-1 sorted by increase, ties to the earlier, Infinity left out. */
function sorted(diff: Float64Array, n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
    .filter((i) => diff[i] !== Infinity)
    .sort((a, b) => diff[a]! - diff[b]! || a - b);
}

Deno.test("CandidateQueue pops by increasing increase, ties to the earlier, Infinity left out", async (t) => {
  await t.step("a hand case", () => {
    const diff = Float64Array.of(3, 1, Infinity, 1, 0, 3, 2);
    assert.deepEqual(popAll(diff, 7), [4, 1, 3, 6, 0, 5]);
    // only the first n candidates are taken
    assert.deepEqual(popAll(diff, 4), [1, 3, 0]);
  });
  await t.step("none, or only Infinity: -1 at once", () => {
    assert.deepEqual(popAll(new Float64Array(0), 0), []);
    assert.deepEqual(popAll(Float64Array.of(Infinity, Infinity), 2), []);
  });
  await t.step("random increases with many ties, on one queue reset each time", () => {
    const prng = createPrng(11, "candidate-queue");
    const queue = new CandidateQueue(200);
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(prng() * 200);
      const diff = Float64Array.from({ length: n }, () => {
        const x = prng();
        return x < 0.1 ? Infinity : Math.floor(x * 8) - 2;
      });
      assert.deepEqual(popAll(diff, n, queue), sorted(diff, n), `round ${round}`);
    }
  });
});
