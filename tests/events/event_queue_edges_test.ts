/**
 * Edges of the event kernel that tests/events/event_queue_test.ts leaves open, found by a
 * mutation review of lib/events/event_queue.ts: the checks of the options and of
 * schedule() and run(), which stop reason wins when two hold at once, the clock and the
 * count a handler sees, and the default cap.
 */
import assert from "node:assert/strict";
import { createEventQueue, DEFAULT_MAX_EVENTS, EventQueue, type RunOutcome } from "../../mod.ts";
import { refuses } from "../_refuses.ts";

Deno.test("createEventQueue() checks every option by name", async (t) => {
  await t.step(
    "a misspelt option, a handler that is not a function, options that are not an object",
    () => {
      refuses(
        "maxEvent",
        () => createEventQueue({ maxEvent: 5 } as never),
        '"maxEvent" must be a known key of options ("onEvent", "maxEvents", "startSeconds")',
      );
      assert.throws(() => createEventQueue({ onEvent: 5 } as never), {
        name: "TypeError",
        message: "Cannot create an event queue as onEvent must be a function: current value is 5",
      });
      assert.throws(() => createEventQueue(null as never), {
        name: "TypeError",
        message: "Cannot create an event queue as options must be an object: current value is null",
      });
    },
  );
  await t.step("a negative start; the class checks its options as the factory does", () => {
    assert.throws(() => createEventQueue({ startSeconds: -1 }), {
      name: "RangeError",
      message:
        "Cannot create an event queue as startSeconds must be a finite number >= 0: current value is -1",
    });
    assert.throws(() => new EventQueue({ maxEvents: 2.5 }), {
      name: "RangeError",
      message:
        "Cannot create an event queue as maxEvents must be an integer >= 0: current value is 2.5",
    });
  });
  await t.step("maxEvents Infinity is accepted and never stops a run", () => {
    const q = createEventQueue<null>({
      maxEvents: Infinity,
      onEvent: (e, queue) => {
        if (e.timeSeconds < 999) queue.schedule(1, 0, null);
      },
    });
    q.schedule(0, 0, null);
    assert.deepEqual(q.run(), { stop: "empty", nowSeconds: 999, processedEvents: 1000 });
  });
});

Deno.test("the default event cap is 100,000,000 and a queue without options runs past smaller counts", () => {
  assert.equal(DEFAULT_MAX_EVENTS, 100_000_000);
  // 20,000 events through a queue made without options: a smaller default cap (1000,
  // 10,000) would stop it with "event-cap".
  const q = createEventQueue<number>();
  for (let i = 0; i < 20_000; i++) q.schedule(i % 7, i % 3, i);
  let popped = 0;
  while (q.step() !== undefined) popped++;
  assert.equal(popped, 20_000);
  assert.equal(q.nowSeconds, 6);
});

Deno.test("schedule() refuses a priority by its type and a time that overflows", async (t) => {
  const q = createEventQueue<string>({ startSeconds: 1e308 });
  await t.step(
    "a priority that is not a number is a TypeError, an infinite one a RangeError",
    () => {
      assert.throws(() => q.schedule(1, "1" as never, "x"), {
        name: "TypeError",
        message:
          'Cannot schedule an event as priority must be a finite number: current value is "1"',
      });
      assert.throws(() => q.schedule(1, -Infinity, "x"), {
        name: "RangeError",
        message:
          "Cannot schedule an event as priority must be a finite number: current value is -Infinity",
      });
    },
  );
  await t.step("1e308 s after a clock at 1e308 s is not a time", () => {
    assert.throws(() => q.schedule(1e308, 0, "x"), {
      name: "RangeError",
      message:
        "Cannot schedule an event as nowSeconds + delaySeconds must be finite: current value is Infinity",
    });
    assert.equal(q.size, 0);
    assert.equal(q.peekTime(), Infinity);
  });
});

Deno.test("run(untilSeconds) takes the present as a horizon and refuses an infinite one", async (t) => {
  await t.step("run(nowSeconds) processes nothing, not even events due now", () => {
    const q = createEventQueue<string>({ startSeconds: 4 });
    q.schedule(0, 0, "due now");
    assert.deepEqual(q.run(4), { stop: "until", nowSeconds: 4, processedEvents: 0 });
    assert.equal(q.size, 1);
  });
  await t.step("an infinite or negative horizon is refused before any event runs", () => {
    const q = createEventQueue<string>();
    q.schedule(1, 0, "x");
    for (const until of [Infinity, -1]) {
      assert.throws(() => q.run(until), {
        name: "RangeError",
        message:
          `Cannot run the event queue as untilSeconds must be a finite number >= 0: current value is ${until}`,
      });
    }
    assert.equal(q.processedEvents, 0);
    assert.equal(q.nowSeconds, 0);
  });
});

Deno.test("run() reports event-cap only when an event before the horizon is left undone", async (t) => {
  // Events at 1, 2, 3 (and 4); a cap of 3 is reached with the third.
  const make = (times: number[]) => {
    const q = createEventQueue<number>({ maxEvents: 3 });
    for (const time of times) q.schedule(time, 0, time);
    return q;
  };
  await t.step("the queue emptied by the last allowed event: empty", () => {
    assert.deepEqual<RunOutcome>(make([1, 2, 3]).run(), {
      stop: "empty",
      nowSeconds: 3,
      processedEvents: 3,
    });
  });
  await t.step("the next event at or past the horizon: until, and the clock moves to it", () => {
    assert.deepEqual<RunOutcome>(make([1, 2, 3, 4]).run(3.5), {
      stop: "until",
      nowSeconds: 3.5,
      processedEvents: 3,
    });
  });
  await t.step("the next event before the horizon: event-cap, the clock at the last event", () => {
    assert.deepEqual<RunOutcome>(make([1, 2, 3, 4]).run(5), {
      stop: "event-cap",
      nowSeconds: 3,
      processedEvents: 3,
    });
  });
});

Deno.test("a handler sees the clock at its event and the event already counted", () => {
  const seen: [number, number, number][] = [];
  const q = createEventQueue<string>({
    onEvent: (e, queue) => {
      seen.push([e.timeSeconds, queue.nowSeconds, queue.processedEvents]);
      // A zero delay lands at the handler's own time, so time never goes back.
      if (e.payload === "a") queue.schedule(0, 0, "a-child");
    },
  });
  q.schedule(2, 0, "a");
  q.schedule(2.5, 0, "b");
  assert.deepEqual(q.run(), { stop: "empty", nowSeconds: 2.5, processedEvents: 3 });
  assert.deepEqual(seen, [[2, 2, 1], [2, 2, 2], [2.5, 2.5, 3]]);
});

Deno.test("a handler that throws leaves the heap whole: the next step pops the next event", () => {
  let fail = true;
  const log: string[] = [];
  const q = createEventQueue<string>({
    onEvent: (e) => {
      log.push(e.payload);
      if (fail && e.payload === "b") throw new Error("handler failed at b");
    },
  });
  for (const [delay, payload] of [[3, "c"], [1, "a"], [2, "b"], [4, "d"]] as const) {
    q.schedule(delay, 0, payload);
  }
  assert.throws(() => q.run(), { message: "handler failed at b" });
  // "b" was popped before its handler ran, counted, and is not run again.
  assert.deepEqual([q.size, q.processedEvents, q.nowSeconds, q.peekTime()], [2, 2, 2, 3]);
  fail = false;
  assert.deepEqual(q.run(), { stop: "empty", nowSeconds: 4, processedEvents: 4 });
  assert.deepEqual(log, ["a", "b", "c", "d"]);
});
