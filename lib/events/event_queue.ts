import { func, integer, nonNegative, options as validateOptions, show } from "../_validate.ts";

/**
 * An event popped from an {@link EventQueue}: when it fires, its tie-break keys and
 * the caller's payload.
 */
export interface QueuedEvent<T> {
  /** Simulated time at which the event fires, in seconds. */
  timeSeconds: number;
  /** Tie-break among events at the same time: lower fires first. */
  priority: number;
  /** Insertion order (0, 1, 2, ...): the last tie-break, so equal keys fire FIFO. */
  sequenceId: number;
  /** What the caller scheduled. */
  payload: T;
}

/** Options of {@link createEventQueue}. */
export interface EventQueueOptions<T> {
  /**
   * Called with every processed event, after the clock has moved to its time. It
   * may schedule further events (this is how processes are written). Errors it
   * throws propagate out of `step()` and `run()`; they are never swallowed.
   * @default {undefined}
   */
  onEvent?: (event: QueuedEvent<T>, queue: EventQueue<T>) => void;
  /**
   * Hard cap on processed events, so that no model can run forever. `run()` returns
   * `{ stop: "event-cap" }` when it is reached and `step()` throws a RangeError.
   * @default {100_000_000}
   */
  maxEvents?: number;
  /**
   * Clock value at creation, in seconds.
   * @default {0}
   */
  startSeconds?: number;
}

/** Why {@link EventQueue.run} returned. */
export type RunStop = "empty" | "until" | "event-cap";

/** What {@link EventQueue.run} returns. */
export interface RunOutcome {
  /** `"empty"`: no event left; `"until"`: the horizon was reached; `"event-cap"`: `maxEvents` were processed. */
  stop: RunStop;
  /** The clock when the run returned. */
  nowSeconds: number;
  /** Events processed since the queue was created. */
  processedEvents: number;
}

/** Default of {@link EventQueueOptions.maxEvents}. */
export const DEFAULT_MAX_EVENTS = 100_000_000;

/**
 * A deterministic discrete-event kernel in the spirit of SimPy's `Environment`: a
 * clock and a binary min-heap of events.
 *
 * Order: events fire by increasing `(timeSeconds, priority, sequenceId)`, where
 * `priority` is the caller's tie-break (lower first, like SimPy's `URGENT = 0`
 * before `NORMAL = 1`) and `sequenceId` is the insertion order, so events with equal
 * time and priority fire first-in first-out. The order therefore never depends on
 * the heap's layout, and a run is reproducible.
 *
 * Create one with {@link createEventQueue}.
 *
 * @example Events fire by time, then priority, then insertion order
 * ```ts
 * import { createEventQueue } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const log: string[] = [];
 * const q = createEventQueue<string>({ onEvent: (e) => log.push(e.payload) });
 * q.schedule(1, 0, "b");
 * q.schedule(1, 0, "c");
 * q.schedule(1, -1, "a");
 * q.schedule(0.5, 9, "first");
 * assert.deepEqual(q.run(), { stop: "empty", nowSeconds: 1, processedEvents: 4 });
 * assert.deepEqual(log, ["first", "a", "b", "c"]);
 * ```
 */
export class EventQueue<T> {
  #nowSeconds: number;
  #heap: QueuedEvent<T>[] = [];
  #nextSequenceId = 0;
  #processedEvents = 0;
  #maxEvents: number;
  #onEvent: ((event: QueuedEvent<T>, queue: EventQueue<T>) => void) | undefined;

  /**
   * Creates an empty queue; prefer {@link createEventQueue}, which validates the options.
   *
   * @param options The handler, the event cap and the start time.
   */
  constructor(options: EventQueueOptions<T> = {}) {
    const { onEvent, maxEvents = DEFAULT_MAX_EVENTS, startSeconds = 0 } = checkOptions<T>(
      options,
    );
    this.#onEvent = onEvent;
    this.#maxEvents = maxEvents;
    this.#nowSeconds = startSeconds;
  }

  /** The clock: the time of the last processed event (or the start time, or the run horizon). */
  get nowSeconds(): number {
    return this.#nowSeconds;
  }

  /** Number of events waiting. */
  get size(): number {
    return this.#heap.length;
  }

  /** Number of events processed so far. */
  get processedEvents(): number {
    return this.#processedEvents;
  }

  /**
   * Schedules an event `delaySeconds` after the current time.
   *
   * @param delaySeconds Delay from `nowSeconds`, a finite number >= 0.
   * @param priority Tie-break among events at the same time (finite; lower fires first).
   * @param payload What `step()` returns and the handler receives.
   * @returns The event's `sequenceId` (its insertion number).
   */
  schedule(delaySeconds: number, priority: number, payload: T): number {
    const action = "schedule an event";
    nonNegative(action, "delaySeconds", delaySeconds);
    if (typeof priority !== "number" || !Number.isFinite(priority)) {
      throw new (typeof priority === "number" ? RangeError : TypeError)(
        `Cannot ${action} as priority must be a finite number: current value is ${show(priority)}`,
      );
    }
    const timeSeconds = this.#nowSeconds + delaySeconds;
    if (!Number.isFinite(timeSeconds)) {
      throw new RangeError(
        `Cannot ${action} as nowSeconds + delaySeconds must be finite: current value is ${timeSeconds}`,
      );
    }
    const sequenceId = this.#nextSequenceId++;
    const heap = this.#heap;
    heap.push({ timeSeconds, priority, sequenceId, payload });
    siftUp(heap, heap.length - 1);
    return sequenceId;
  }

  /**
   * Time of the next event, or `Infinity` when the queue is empty.
   *
   * @returns The time in seconds.
   */
  peekTime(): number {
    return this.#heap[0]?.timeSeconds ?? Infinity;
  }

  /**
   * Processes the next event: moves the clock to its time, calls the handler and
   * returns the event.
   *
   * @returns The processed event, or `undefined` if the queue was empty.
   * @throws {RangeError} When `maxEvents` events were already processed.
   */
  step(): QueuedEvent<T> | undefined {
    if (this.#processedEvents >= this.#maxEvents) {
      throw new RangeError(
        `Cannot step the event queue as processedEvents must be < maxEvents (${this.#maxEvents}): current value is ${this.#processedEvents}`,
      );
    }
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      siftDown(heap, 0);
    }
    this.#nowSeconds = top.timeSeconds;
    this.#processedEvents++;
    this.#onEvent?.(top, this);
    return top;
  }

  /**
   * Processes events until the queue is empty, the horizon is reached or the event
   * cap is hit. Like SimPy's `run(until)`, events at exactly `untilSeconds` are not
   * processed, and the clock is left at `untilSeconds` when the horizon stops the run.
   * When the cap is reached with the last event processed, the stop is `"empty"` if no
   * event is left, `"until"` if the next one is at or past the horizon, and
   * `"event-cap"` only if an event before the horizon is left unprocessed.
   *
   * @param untilSeconds Optional horizon, a finite number >= `nowSeconds`.
   * @returns Why the run stopped, the clock and the number of processed events.
   */
  run(untilSeconds?: number): RunOutcome {
    if (untilSeconds !== undefined) {
      nonNegative("run the event queue", "untilSeconds", untilSeconds);
      if (untilSeconds < this.#nowSeconds) {
        throw new RangeError(
          `Cannot run the event queue as untilSeconds must be >= nowSeconds (${this.#nowSeconds}): current value is ${untilSeconds}`,
        );
      }
    }
    const horizon = untilSeconds ?? Infinity;
    let stop: RunStop;
    while (true) {
      if (this.#heap.length === 0 && untilSeconds === undefined) {
        stop = "empty";
        break;
      }
      if (!(this.peekTime() < horizon)) {
        this.#nowSeconds = horizon;
        stop = "until";
        break;
      }
      if (this.#processedEvents >= this.#maxEvents) {
        stop = "event-cap";
        break;
      }
      this.step();
    }
    return {
      stop,
      nowSeconds: this.#nowSeconds,
      processedEvents: this.#processedEvents,
    };
  }
}

/**
 * Creates an empty {@link EventQueue}.
 *
 * @param options The event handler, the event cap (`maxEvents`, default 100,000,000)
 * and the start time.
 * @returns The queue, its clock at `startSeconds`.
 *
 * @example A process that reschedules itself until a horizon
 * ```ts
 * import { createEventQueue } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const ticks: number[] = [];
 * const q = createEventQueue<"tick">({
 *   onEvent: (e, queue) => {
 *     ticks.push(e.timeSeconds);
 *     queue.schedule(0.25, 0, "tick");
 *   },
 * });
 * q.schedule(0, 0, "tick");
 * const out = q.run(1);
 * assert.deepEqual(ticks, [0, 0.25, 0.5, 0.75]);
 * assert.deepEqual(out, { stop: "until", nowSeconds: 1, processedEvents: 4 });
 * ```
 *
 * @example The event cap stops a run that would never end
 * ```ts
 * import { createEventQueue } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const q = createEventQueue<null>({
 *   maxEvents: 10,
 *   onEvent: (_e, queue) => void queue.schedule(1, 0, null),
 * });
 * q.schedule(0, 0, null);
 * assert.equal(q.run().stop, "event-cap");
 * assert.equal(q.nowSeconds, 9);
 * assert.throws(() => q.step(), RangeError);
 * ```
 */
export function createEventQueue<T>(
  options: EventQueueOptions<T> = {},
): EventQueue<T> {
  return new EventQueue(options);
}

/** Validates the options of an event queue (shared by the class and the factory). */
function checkOptions<T>(options: unknown): EventQueueOptions<T> {
  const action = "create an event queue";
  const record = validateOptions(action, "options", options, [
    "onEvent",
    "maxEvents",
    "startSeconds",
  ]) as EventQueueOptions<T>;
  const { onEvent, maxEvents = DEFAULT_MAX_EVENTS, startSeconds = 0 } = record;
  if (onEvent !== undefined) func(action, "onEvent", onEvent);
  if (maxEvents !== Infinity) integer(action, "maxEvents", maxEvents, 0);
  nonNegative(action, "startSeconds", startSeconds);
  return record;
}

function before<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): boolean {
  if (a.timeSeconds !== b.timeSeconds) return a.timeSeconds < b.timeSeconds;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.sequenceId < b.sequenceId;
}

/** Restores the heap order upward from index `i`. */
function siftUp<T>(heap: QueuedEvent<T>[], i: number): void {
  const item = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >>> 1;
    const p = heap[parent]!;
    if (!before(item, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

/** Restores the heap order downward from index `i`. */
function siftDown<T>(heap: QueuedEvent<T>[], i: number): void {
  const n = heap.length;
  const item = heap[i]!;
  while (true) {
    const left = 2 * i + 1;
    if (left >= n) break;
    const right = left + 1;
    const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
    const c = heap[child]!;
    if (!before(c, item)) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = item;
}
