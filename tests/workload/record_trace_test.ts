import assert from "node:assert/strict";
import { createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { createWorkload } from "../../lib/workload/create_workload.ts";
import { recordTrace } from "../../lib/workload/record_trace.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const SPEC: WorkloadSpec = {
  kind: "hot-cold",
  writesPerSecond: 600,
  readsPerSecond: 400,
  hotFraction: 0.1,
  hotShare: 0.9,
};

Deno.test("recordTrace() records the workload's access stream exactly (full precision)", () => {
  const trace = recordTrace(SPEC, 500, 2, createPrng(1, "rec"), {
    timeResolutionSeconds: 0,
  });
  const cursor = createWorkload(SPEC, 500, createPrng(1, "rec")).accesses(0);
  for (const a of trace.accesses) {
    assert.deepEqual(a, {
      timeSeconds: cursor.timeSeconds,
      page: cursor.page,
      write: cursor.write,
    });
    cursor.advance();
  }
  assert.ok(cursor.timeSeconds >= 2);
  assert.equal(trace.durationSeconds, 2);
});

Deno.test("recordTrace() rounds times to the resolution, staying ordered and within the duration", () => {
  const exact = recordTrace(SPEC, 500, 3, createPrng(2), {
    timeResolutionSeconds: 0,
  });
  const rounded = recordTrace(SPEC, 500, 3, createPrng(2));
  assert.equal(rounded.accesses.length, exact.accesses.length);
  let last = 0;
  rounded.accesses.forEach((a, i) => {
    const e = exact.accesses[i]!;
    assert.ok(Math.abs(a.timeSeconds - e.timeSeconds) <= 5e-7 + 1e-15);
    assert.equal(a.timeSeconds, Number(a.timeSeconds.toFixed(6)));
    assert.ok(a.timeSeconds >= last && a.timeSeconds <= 3);
    assert.deepEqual([a.page, a.write], [e.page, e.write]);
    last = a.timeSeconds;
  });
});

Deno.test("recordTrace() of a synthetic workload replays with its rate within 4 sd (Poisson)", () => {
  const trace = recordTrace(SPEC, 500, 20, createPrng(3));
  const mean = 1000 * 20;
  assert.ok(Math.abs(trace.accesses.length - mean) < 4 * Math.sqrt(mean));
  const replay = createWorkload(trace, 500, createPrng(0));
  const dirty = createBitset(500);
  const writes = replay.write(0, 20, dirty);
  assert.equal(writes, trace.accesses.filter((a) => a.write).length);
  assert.ok(
    Math.abs(writes / trace.accesses.length - 0.6) <
      4 * Math.sqrt(0.24 / trace.accesses.length),
  );
});

Deno.test("recordTrace() rejects bad arguments and oversized traces", () => {
  assert.throws(() => recordTrace(SPEC, 500, 0, createPrng(4)), {
    name: "RangeError",
    message:
      "Cannot record trace as durationSeconds must be a finite number > 0: current value is 0",
  });
  assert.throws(() => recordTrace(SPEC, 1.5, 1, createPrng(4)), {
    name: "RangeError",
    message: "Cannot record trace as pageCount must be an integer >= 1: current value is 1.5",
  });
  assert.throws(
    () => recordTrace(SPEC, 500, 10, createPrng(4), { maxAccesses: 100 }),
    {
      name: "RangeError",
      message:
        "Cannot record trace as the number of accesses must be <= options.maxAccesses: current value is more than 100",
    },
  );
  assert.deepEqual(
    recordTrace({ kind: "idle" }, 8, 1, createPrng(4)).accesses,
    [],
  );
});
