import assert from "node:assert/strict";
import fc from "npm:fast-check@4.10.2";
import { createEventQueue, createPrng, type QueuedEvent } from "../../mod.ts";

Deno.test("createEventQueue() starts empty with its clock at startSeconds", async (t) => {
  await t.step("default start is 0", () => {
    const q = createEventQueue<string>();
    assert.equal(q.nowSeconds, 0);
    assert.equal(q.size, 0);
    assert.equal(q.processedEvents, 0);
    assert.equal(q.peekTime(), Infinity);
    assert.equal(q.step(), undefined);
    assert.deepEqual(q.run(), {
      stop: "empty",
      nowSeconds: 0,
      processedEvents: 0,
    });
  });
  await t.step("startSeconds moves the clock", () => {
    const q = createEventQueue<string>({ startSeconds: 5 });
    q.schedule(1, 0, "x");
    assert.equal(q.peekTime(), 6);
  });
  await t.step("invalid options throw", () => {
    assert.throws(() => createEventQueue({ maxEvents: -1 }), {
      name: "RangeError",
      message:
        "Cannot create an event queue as maxEvents must be an integer >= 0: current value is -1",
    });
    assert.throws(() => createEventQueue({ maxEvents: 1.5 }), RangeError);
    assert.throws(() => createEventQueue({ startSeconds: NaN }), {
      name: "RangeError",
      message:
        "Cannot create an event queue as startSeconds must be a finite number >= 0: current value is NaN",
    });
  });
});

Deno.test("schedule() rejects negative, NaN and infinite delays and non-finite priorities", async (t) => {
  const q = createEventQueue<string>();
  await t.step("negative delay", () => {
    assert.throws(() => q.schedule(-1, 0, "x"), {
      name: "RangeError",
      message:
        "Cannot schedule an event as delaySeconds must be a finite number >= 0: current value is -1",
    });
  });
  await t.step("NaN delay", () => {
    assert.throws(() => q.schedule(NaN, 0, "x"), {
      name: "RangeError",
      message:
        "Cannot schedule an event as delaySeconds must be a finite number >= 0: current value is NaN",
    });
  });
  await t.step("infinite delay", () => {
    assert.throws(() => q.schedule(Infinity, 0, "x"), RangeError);
  });
  await t.step("non-number delay", () => {
    assert.throws(() => q.schedule("1" as unknown as number, 0, "x"), {
      name: "TypeError",
      message: 'Cannot schedule an event as delaySeconds must be a number: current value is "1"',
    });
  });
  await t.step("NaN priority", () => {
    assert.throws(() => q.schedule(1, NaN, "x"), {
      name: "RangeError",
      message: "Cannot schedule an event as priority must be a finite number: current value is NaN",
    });
  });
  await t.step("nothing was scheduled by the failed calls", () => {
    assert.equal(q.size, 0);
  });
});

Deno.test("run() processes events in the exact (time, priority, sequenceId) order", async (t) => {
  await t.step("a two-process log, SimPy style", () => {
    // Process "car" parks 5 s then drives 2 s, twice; process "clock" ticks every 3 s.
    const log: [number, string][] = [];
    type Ev = { who: "car" | "clock"; state: string; left: number };
    const q = createEventQueue<Ev>({
      onEvent: (e, queue) => {
        const { who, state, left } = e.payload;
        log.push([e.timeSeconds, `${who}:${state}`]);
        if (left === 0) return;
        if (who === "car") {
          const parking = state === "park";
          queue.schedule(parking ? 5 : 2, 1, {
            who,
            state: parking ? "drive" : "park",
            left: left - 1,
          });
        } else {
          queue.schedule(3, 1, { who, state: "tick", left: left - 1 });
        }
      },
    });
    q.schedule(0, 1, { who: "car", state: "park", left: 3 });
    q.schedule(0, 1, { who: "clock", state: "tick", left: 3 });
    const out = q.run();
    assert.deepEqual(log, [
      [0, "car:park"],
      [0, "clock:tick"],
      [3, "clock:tick"],
      [5, "car:drive"],
      [6, "clock:tick"],
      [7, "car:park"],
      [9, "clock:tick"],
      [12, "car:drive"],
    ]);
    assert.deepEqual(out, {
      stop: "empty",
      nowSeconds: 12,
      processedEvents: 8,
    });
  });

  await t.step("equal times fire by priority, lower first", () => {
    const q = createEventQueue<string>();
    q.schedule(2, 1, "normal");
    q.schedule(2, 0, "urgent");
    q.schedule(2, -5, "very urgent");
    const order = [q.step()!, q.step()!, q.step()!].map((e) => e.payload);
    assert.deepEqual(order, ["very urgent", "urgent", "normal"]);
  });

  await t.step(
    "equal times and priorities fire in insertion order (sequenceId)",
    () => {
      const q = createEventQueue<number>();
      const ids = [];
      for (let i = 0; i < 50; i++) ids.push(q.schedule(1, 0, i));
      assert.deepEqual(ids, Array.from({ length: 50 }, (_, i) => i));
      const seen: QueuedEvent<number>[] = [];
      while (q.size > 0) seen.push(q.step()!);
      assert.deepEqual(seen.map((e) => e.payload), ids);
      assert.deepEqual(seen.map((e) => e.sequenceId), ids);
    },
  );

  await t.step("time dominates priority, priority dominates sequenceId", () => {
    const q = createEventQueue<string>();
    q.schedule(1, 0, "t1 p0 s0");
    q.schedule(0.5, 9, "t0.5 p9 s1");
    q.schedule(1, -1, "t1 p-1 s2");
    q.schedule(1, 0, "t1 p0 s3");
    const out: string[] = [];
    for (let e = q.step(); e !== undefined; e = q.step()) out.push(e.payload);
    assert.deepEqual(out, ["t0.5 p9 s1", "t1 p-1 s2", "t1 p0 s0", "t1 p0 s3"]);
  });

  await t.step(
    "a zero delay from a handler fires after queued events at the same time",
    () => {
      const log: string[] = [];
      const q = createEventQueue<string>({
        onEvent: (e, queue) => {
          log.push(e.payload);
          if (e.payload === "a") queue.schedule(0, 0, "a-child");
        },
      });
      q.schedule(1, 0, "a");
      q.schedule(1, 0, "b");
      q.run();
      assert.deepEqual(log, ["a", "b", "a-child"]);
    },
  );
});

Deno.test("run(untilSeconds) stops before events at the horizon and sets the clock to it", async (t) => {
  await t.step("events at exactly untilSeconds stay queued", () => {
    const q = createEventQueue<string>();
    q.schedule(1, 0, "a");
    q.schedule(2, 0, "b");
    q.schedule(3, 0, "c");
    assert.deepEqual(q.run(2), {
      stop: "until",
      nowSeconds: 2,
      processedEvents: 1,
    });
    assert.equal(q.size, 2);
    assert.equal(q.peekTime(), 2);
    assert.deepEqual(q.run(), {
      stop: "empty",
      nowSeconds: 3,
      processedEvents: 3,
    });
  });
  await t.step("an empty queue still advances to the horizon", () => {
    const q = createEventQueue<string>();
    assert.deepEqual(q.run(7.5), {
      stop: "until",
      nowSeconds: 7.5,
      processedEvents: 0,
    });
    q.schedule(1, 0, "x");
    assert.equal(q.peekTime(), 8.5);
  });
  await t.step("a horizon in the past throws", () => {
    const q = createEventQueue<string>({ startSeconds: 3 });
    assert.throws(() => q.run(2), {
      name: "RangeError",
      message:
        "Cannot run the event queue as untilSeconds must be >= nowSeconds (3): current value is 2",
    });
    assert.throws(() => q.run(NaN), RangeError);
  });
});

Deno.test("maxEvents caps run() with an event-cap stop and makes step() throw", async (t) => {
  const make = (maxEvents: number) => {
    const q = createEventQueue<null>({
      maxEvents,
      onEvent: (_e, queue) => void queue.schedule(0.5, 0, null),
    });
    q.schedule(0, 0, null);
    return q;
  };
  await t.step(
    "a self-rescheduling process stops after exactly maxEvents events",
    () => {
      const q = make(1000);
      assert.deepEqual(q.run(), {
        stop: "event-cap",
        nowSeconds: 499.5,
        processedEvents: 1000,
      });
      assert.equal(q.size, 1);
    },
  );
  await t.step("step() after the cap throws the std grammar", () => {
    const q = make(3);
    q.run();
    assert.throws(() => q.step(), {
      name: "RangeError",
      message:
        "Cannot step the event queue as processedEvents must be < maxEvents (3): current value is 3",
    });
  });
  await t.step("a horizon reached before the cap wins", () => {
    const q = make(1000);
    assert.deepEqual(q.run(10), {
      stop: "until",
      nowSeconds: 10,
      processedEvents: 20,
    });
  });
  await t.step("maxEvents 0 processes nothing", () => {
    const q = make(0);
    assert.equal(q.run().stop, "event-cap");
    assert.equal(q.processedEvents, 0);
  });
});

Deno.test("handler errors propagate out of run()", () => {
  const q = createEventQueue<string>({
    onEvent: (e) => {
      if (e.payload === "boom") throw new Error("boom");
    },
  });
  q.schedule(1, 0, "ok");
  q.schedule(2, 0, "boom");
  assert.throws(() => q.run(), { message: "boom" });
  assert.equal(q.nowSeconds, 2);
  assert.equal(q.processedEvents, 2);
});

/** Sorts events by the documented key. */
function byKey<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): number {
  return a.timeSeconds - b.timeSeconds || a.priority - b.priority ||
    a.sequenceId - b.sequenceId;
}

Deno.test("the heap pops 10,000 random events in the same order as a sort by (time, priority, sequenceId)", () => {
  const prng = createPrng(7, "event-queue-test");
  const q = createEventQueue<number>();
  const expected: QueuedEvent<number>[] = [];
  for (let i = 0; i < 10_000; i++) {
    // Coarse times and few priorities so that ties are common.
    const timeSeconds = Math.floor(prng() * 500) / 4;
    const priority = Math.floor(prng() * 3);
    const sequenceId = q.schedule(timeSeconds, priority, i);
    expected.push({ timeSeconds, priority, sequenceId, payload: i });
  }
  expected.sort(byKey);
  const popped: QueuedEvent<number>[] = [];
  for (let e = q.step(); e !== undefined; e = q.step()) popped.push(e);
  assert.deepEqual(popped, expected);
});

Deno.test("the heap order matches a sort under interleaved schedule() and step() (property)", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.record({
            delay: fc.integer({ min: 0, max: 8 }),
            priority: fc.integer({ min: -2, max: 2 }),
          }),
          fc.constant(null),
        ),
        { maxLength: 200 },
      ),
      (ops) => {
        const q = createEventQueue<number>();
        const pending: QueuedEvent<number>[] = [];
        ops.forEach((op, i) => {
          if (op === null) {
            pending.sort(byKey);
            const want = pending.shift();
            assert.deepEqual(q.step(), want);
          } else {
            const timeSeconds = q.nowSeconds + op.delay;
            const sequenceId = q.schedule(op.delay, op.priority, i);
            pending.push({
              timeSeconds,
              priority: op.priority,
              sequenceId,
              payload: i,
            });
          }
        });
        pending.sort(byKey);
        for (const want of pending) assert.deepEqual(q.step(), want);
        assert.equal(q.step(), undefined);
      },
    ),
    { seed: 42, numRuns: 300, endOnFailure: true },
  );
});
