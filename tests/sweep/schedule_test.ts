import assert from "node:assert/strict";
import { BatchQueue, GUIDED_FACTOR, MAX_BATCH, spreadOrder } from "../../lib/sweep/_schedule.ts";
import { SWEEP_TIMING } from "../../lib/sweep/_sweep_timing.ts";
import { runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";

Deno.test("spreadOrder() is a permutation in bit-reversed index order", () => {
  assert.deepEqual(spreadOrder([10, 11, 12, 13, 14, 15, 16, 17]), [10, 14, 12, 16, 11, 15, 13, 17]);
  assert.deepEqual(spreadOrder([]), []);
  assert.deepEqual(spreadOrder([5]), [5]);
  for (const n of [2, 3, 7, 100, 1000]) {
    const ids = Array.from({ length: n }, (_, i) => 3 * i);
    const order = spreadOrder(ids);
    assert.deepEqual([...order].sort((a, b) => a - b), ids, `n = ${n}`);
    // Every prefix of a quarter samples each quarter of the ids about evenly.
    if (n >= 100) {
      const quarter = order.slice(0, Math.floor(n / 4));
      for (let q = 0; q < 4; q++) {
        const inside = quarter.filter((id) => id >= (3 * q * n) / 4 && id < (3 * (q + 1) * n) / 4);
        assert.ok(
          Math.abs(inside.length - n / 16) <= 2,
          `n = ${n}, quarter ${q}: ${inside.length}`,
        );
      }
    }
  }
});

Deno.test("BatchQueue hands out every id once, in guided batches that shrink to 1", () => {
  const ids = Array.from({ length: 1000 }, (_, i) => i);
  for (const workers of [1, 2, 3]) {
    const queue = new BatchQueue(ids, workers);
    const sizes: number[] = [];
    const seen: number[] = [];
    for (let batch = queue.take(); batch !== undefined; batch = queue.take()) {
      const left = queue.left + batch.length;
      assert.equal(
        batch.length,
        Math.max(1, Math.min(MAX_BATCH, Math.ceil(left / (GUIDED_FACTOR * workers)))),
      );
      sizes.push(batch.length);
      seen.push(...batch);
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), ids, `${workers} workers`);
    if (workers === 1) assert.deepEqual(seen, ids, "one worker: id order");
    for (let k = 1; k < sizes.length; k++) assert.ok(sizes[k]! <= sizes[k - 1]!);
    assert.equal(sizes.at(-1), 1);
    assert.equal(queue.take(), undefined);
  }
});

Deno.test("runSweep() over workers records each worker's runs, batches and times", async () => {
  const spec: SweepSpec = {
    kind: "migration",
    seed: "timing",
    fixed: { memoryBytes: 2 ** 24, workload: "uniform" },
    grid: { writesPerSecond: [0, 1000, 10000] },
    replicates: 5,
  };
  for (const workers of [1, 2]) {
    SWEEP_TIMING.last = undefined;
    const { rows } = await runSweep(spec, { runner: "worker", workers });
    const timing = SWEEP_TIMING.last!;
    assert.equal(timing.workers.length, workers);
    if (Deno.build.os === "linux") {
      assert.ok(timing.setupCpuSeconds >= 0 && timing.callerCpuSeconds >= timing.setupCpuSeconds);
    }
    assert.equal(timing.workers.reduce((s, w) => s + w.runs, 0), rows.length);
    for (const w of timing.workers) {
      assert.ok(w.runs > 0 && w.batches > 0);
      assert.ok(w.spawnSeconds <= w.startSeconds && w.startSeconds <= w.endSeconds);
      assert.ok(w.endSeconds <= timing.wallSeconds);
      assert.ok(w.busySeconds >= 0 && w.busySeconds <= w.endSeconds - w.startSeconds + 0.05);
      // Run with -A, the thread CPU time is readable (Linux).
      if (Deno.build.os === "linux") {
        assert.ok(w.cpuSeconds >= w.startCpuSeconds, `${w.cpuSeconds}`);
      }
    }
  }
});

Deno.test("BatchQueue hands two workers the runs in spread order, as it does more", () => {
  // in id order a worker would take a slice of neighbouring runs, which cost alike
  const ids = [10, 11, 12, 13, 14, 15, 16, 17];
  for (const workers of [2, 3]) {
    const queue = new BatchQueue(ids, workers);
    const order: number[] = [];
    for (let batch = queue.take(); batch !== undefined; batch = queue.take()) order.push(...batch);
    assert.deepEqual(order, [10, 14, 12, 16, 11, 15, 13, 17], `${workers} workers`);
  }
});
