import {
  array,
  boolean,
  func,
  label,
  nonNegative,
  optionNames,
  options as checkOptions,
  positive,
  requiredOptions,
  show,
  string,
} from "../_validate.ts";
import { createEventQueue, type EventQueue, type QueuedEvent } from "../events/event_queue.ts";
import { FillingScratch, progressiveFilling } from "./_progressive_filling.ts";
import { type NetworkSpec, validateNetwork } from "./network_spec.ts";

/** A flow to start on a {@link FlowNetwork}: bytes to move along a route. */
export interface FlowRequest {
  /** Link ids the flow crosses, in order (at least one). */
  route: readonly string[];
  /** Bytes to send (>= 0; a flow of 0 bytes completes at once). */
  bytes: number;
  /**
   * The flow's own rate limit in bytes per second (> 0).
   * @default {Infinity}
   */
  maxBytesPerSecond?: number;
  /**
   * Name of the flow in results.
   * @default {"flow-<id>"}
   */
  label?: string;
  /**
   * Called once the last byte has been sent (the arrival is `latency` later), at
   * the network's current time. It may start flows and schedule calls.
   * @default {undefined}
   */
  onDone?: (flow: FlowRecord, network: FlowNetwork) => void;
}

/** A completed flow. */
export interface FlowRecord {
  /** Insertion number of the flow (0, 1, 2, ...). */
  id: number;
  /** The label given, or `flow-<id>`. */
  label: string;
  /** Link ids crossed. */
  route: string[];
  /** Bytes sent. */
  bytes: number;
  /** When the flow started, seconds. */
  startSeconds: number;
  /** When its last byte was sent, seconds. */
  endSeconds: number;
  /** When its last byte arrived: `endSeconds` plus the route's latency. */
  arrivalSeconds: number;
  /** The rate it had in its last interval, bytes per second (its share when it ended). */
  lastBytesPerSecond: number;
}

/** What one link carried during a run. */
export interface LinkUsage {
  /** The link id. */
  id: string;
  /** Its capacity, bytes per second. */
  bandwidthBytesPerSecond: number;
  /** Bytes it carried. */
  bytes: number;
  /** Seconds during which at least one flow crossed it. */
  busySeconds: number;
  /** Highest total rate of the flows crossing it, bytes per second. */
  peakBytesPerSecond: number;
  /** `peakBytesPerSecond / bandwidthBytesPerSecond`, in [0, 1]. */
  peakUtilization: number;
  /** Most flows crossing it at once. */
  peakFlows: number;
}

/** Options of {@link createFlowNetwork}. */
export interface FlowNetworkOptions {
  /**
   * Cap on processed events (see `createEventQueue`).
   * @default {100_000_000}
   */
  maxEvents?: number;
  /**
   * Whether the network keeps the records of completed flows for {@link FlowNetwork.flows}.
   * A caller that reads each record in its `onDone` (as `simulateMigrations` does) passes
   * false, so that a long run does not hold every flow it ever carried.
   * @default {true}
   */
  keepFlows?: boolean;
  /**
   * Whether the network accounts what each link carried for {@link FlowNetwork.linkUsage}
   * (bytes, busy time, peaks): a pass over every flow's links at every event. A caller that
   * needs the flows' times alone passes false; rates and times are the same either way.
   * Without accounting, a recomputation of the rates due while another event waits at the
   * same instant waits for it when no flow could end within the instant (the flows'
   * records are the same; `run()` counts fewer events, as fewer stale checks are queued).
   * @default {true}
   */
  linkUsage?: boolean;
}

/** An event of the network's queue: a completion check or a caller's function. */
type NetEvent =
  | { kind: "check"; version: number }
  | { kind: "call"; fn: (network: FlowNetwork) => void };

// Flow's fields are FlowRecord's (declaration merging).
interface Flow extends FlowRecord {}
/**
 * A {@link FlowRecord} as the network fills it in: a class (see {@link ActiveFlow} for why)
 * whose constructor defines the fields in the interface's order, so copies list them as before.
 */
class Flow {
  constructor(id: number, label: string, route: string[], bytes: number, now: number) {
    this.id = id;
    this.label = label;
    this.route = route;
    this.bytes = bytes;
    this.startSeconds = now;
    this.endSeconds = now;
    this.arrivalSeconds = now;
    this.lastBytesPerSecond = 0;
  }
}

/**
 * A flow in progress; it is the `ShareFlow` the filling shares (its links and cap). A class
 * rather than an object literal: V8 tracks literals' allocation sites and, seeing the flows
 * in progress survive a scavenge, allocates every later one in the old generation, where
 * each keeps its young record and callbacks alive at the next scavenge (a day's engine run
 * then promotes several MB at every scavenge); instances of a class are never pretenured.
 */
class ActiveFlow {
  remaining: number;
  rate = 0;
  constructor(
    readonly record: FlowRecord,
    readonly links: readonly number[],
    /** The request's cap as given (`undefined`: none). */
    readonly maxBytesPerSecond: number | undefined,
    bytes: number,
    readonly onDone: ((flow: FlowRecord, network: FlowNetwork) => void) | undefined,
    /** The fastest rate the flow could get: its cap, or its slowest link's capacity. */
    readonly fastest: number,
  ) {
    this.remaining = bytes;
  }
}

/** Completions fire before calls scheduled for the same instant. */
const CHECK_PRIORITY = 0;
const CALL_PRIORITY = 1;
const ACTION = "start a flow";
const FLOW_REQUEST_FIELDS = optionNames<FlowRequest>({
  route: 0,
  bytes: 0,
  maxBytesPerSecond: 0,
  label: 0,
  onDone: 0,
});

/**
 * A fluid network on the event kernel: flows cross links, every link's capacity is
 * shared max-min fairly ({@link maxMinShare}) among the flows crossing it, and the
 * rates are recomputed whenever a flow starts or ends (without link accounting, once
 * for the starts and ends of one instant where that gives the same flows, see
 * `linkUsage`). Between two such events
 * every rate is constant, so the next completion time is exact: the kernel holds
 * one completion check (older ones are discarded by a version number) and the
 * callers' scheduled functions (processes such as a migration's rounds).
 *
 * This is the flow-level model of SimGrid's network (Velho et al. 2013, "On the
 * validity of flow-level TCP network models for grid and cloud simulations",
 * TOMACS) without its TCP corrections. Create one with {@link createFlowNetwork}.
 *
 * @example A flow that ends frees its share
 * ```ts
 * import { createFlowNetwork } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
 * net.startFlow({ route: ["l"], bytes: 100 });
 * net.startFlow({ route: ["l"], bytes: 300 });
 * net.run();
 * // Both send at 50 until the first ends at 2 s; the second then sends its last 200 at 100.
 * assert.deepEqual(net.flows().map((f) => f.endSeconds), [2, 4]);
 * ```
 */
export class FlowNetwork {
  #queue: EventQueue<NetEvent>;
  /** Link capacities (a typed array: the filling reads them as one element kind). */
  #capacities: Float64Array;
  #latencies: number[];
  #index: Map<string, number>;
  #ids: string[];
  #active: ActiveFlow[] = [];
  #done: FlowRecord[] = [];
  #keepFlows: boolean;
  #linkUsage: boolean;
  #nextId = 0;
  #version = 0;
  #dirty = false;
  /** Flows started since the last reshare (see {@link FlowNetwork.#replacementRates}). */
  #started: ActiveFlow[] = [];
  #startedCount = 0;
  /** Flows ended since the last reshare. */
  #ended: ActiveFlow[] = [];
  #endedCount = 0;
  #lastUpdateSeconds = 0;
  #linkBytes: number[];
  #linkBusy: number[];
  #linkPeak: number[];
  #linkPeakFlows: number[];
  #linkRate: number[];
  /** Flows per link at the last reshare. */
  #linkFlows: number[];
  /** The links the active flows cross (rate > 0 or not), at the last reshare. */
  #busyLinks: Int32Array;
  /** How many of `#busyLinks` are set (an array kept, not regrown at every reshare). */
  #busyCount = 0;
  /** Working arrays of the progressive filling. */
  #filling: FillingScratch;
  /** Starts and ends so far, and the flows in progress by id as of `#indexedAt` of them. */
  #changes = 0;
  #indexedAt = -1;
  #byId = new Map<number, ActiveFlow>();

  /**
   * Creates an idle network; prefer {@link createFlowNetwork}.
   *
   * @param network The links.
   * @param options The event cap, and whether completed flows are kept.
   */
  constructor(network: NetworkSpec, options: FlowNetworkOptions = {}) {
    checkOptions("create a flow network", "options", options, [
      "maxEvents",
      "keepFlows",
      "linkUsage",
    ]);
    this.#index = validateNetwork(network);
    this.#keepFlows = options.keepFlows === undefined
      ? true
      : boolean("create a flow network", "options.keepFlows", options.keepFlows);
    this.#linkUsage = options.linkUsage === undefined
      ? true
      : boolean("create a flow network", "options.linkUsage", options.linkUsage);
    this.#ids = network.links.map((l) => l.id);
    // a loop: Float64Array.from with a mapping function takes a slow generic path
    const capacities = new Float64Array(network.links.length);
    for (let l = 0; l < capacities.length; l++) {
      capacities[l] = network.links[l]!.bandwidthBytesPerSecond;
    }
    this.#capacities = capacities;
    this.#latencies = network.links.map((l) => l.latencySeconds ?? 0);
    const n = this.#capacities.length;
    this.#linkBytes = new Array<number>(n).fill(0);
    this.#linkBusy = new Array<number>(n).fill(0);
    this.#linkPeak = new Array<number>(n).fill(0);
    this.#linkPeakFlows = new Array<number>(n).fill(0);
    this.#linkRate = new Array<number>(n).fill(0);
    this.#linkFlows = new Array<number>(n).fill(0);
    this.#filling = new FillingScratch(n);
    this.#busyLinks = new Int32Array(n);
    this.#queue = createEventQueue<NetEvent>({
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      onEvent: (e) => this.#handle(e),
    });
  }

  /** The clock, seconds. */
  get nowSeconds(): number {
    return this.#queue.nowSeconds;
  }

  /** Flows in progress. */
  get activeFlows(): number {
    return this.#active.length;
  }

  /** How many links the network has (their indices run from 0, in the spec's order). */
  get linkCount(): number {
    return this.#capacities.length;
  }

  /**
   * The indices of a route's links (their positions in the network's spec), for
   * {@link FlowNetwork.startFlowOnLinks}.
   *
   * @param route Link ids.
   * @param field Name of the route in error messages.
   * @returns A new array of indices.
   */
  linkIndices(route: readonly string[], field = "route"): number[] {
    label("read a route", "field", field);
    return this.#indices(array(ACTION, field, route) as readonly string[], field);
  }

  /** {@link FlowNetwork.linkIndices} of a route already checked to be an array. */
  #indices(route: readonly string[], field: string): number[] {
    // pushed one by one: `map` gives packed or holey arrays depending on whether V8 runs it
    // optimised, and code reading links then meets two array maps (a deoptimisation each)
    const links: number[] = [];
    for (let i = 0; i < route.length; i++) {
      const link = this.#linkIndex(route[i]!, field, i);
      // a link crossed twice would carry the flow twice (half the rate, twice the latency)
      if (links.includes(link)) {
        throw new RangeError(
          `Cannot ${ACTION} as ${field} must cross each link once: current value is ${
            show(route)
          } (${show(route[i])} twice)`,
        );
      }
      links.push(link);
    }
    return links;
  }

  /**
   * Sum of the one-way latencies along a route, seconds.
   *
   * @param route Link ids.
   * @param field Name of the route in error messages.
   * @returns Seconds.
   */
  routeLatencySeconds(route: readonly string[], field = "route"): number {
    label("read a route", "field", field);
    array(ACTION, field, route);
    let s = 0;
    for (let i = 0; i < route.length; i++) {
      s += this.#latencies[this.#linkIndex(route[i]!, field, i)]!;
    }
    return s;
  }

  /**
   * Starts a flow now. Rates are recomputed before time moves on.
   *
   * @param request Route, bytes, cap, label and completion callback.
   * @returns The flow's id.
   */
  startFlow(request: FlowRequest): number {
    requiredOptions(ACTION, "request", request, FLOW_REQUEST_FIELDS);
    if (!Array.isArray(request.route) || request.route.length === 0) {
      throw new TypeError(
        `Cannot ${ACTION} as request.route must be a non-empty array of link ids: current value is ${
          show(request.route)
        }`,
      );
    }
    const bytes = nonNegative(ACTION, "request.bytes", request.bytes);
    const cap = request.maxBytesPerSecond;
    if (cap !== undefined && cap !== Infinity) {
      positive(ACTION, "request.maxBytesPerSecond", cap);
    }
    if (request.label !== undefined) string(ACTION, "request.label", request.label);
    if (request.onDone !== undefined) func(ACTION, "request.onDone", request.onDone);
    const links = this.#indices(request.route, "request.route");
    return this.#start(links, [...request.route], bytes, cap, request.label, request.onDone);
  }

  /**
   * Starts a flow now on links given by index ({@link FlowNetwork.linkIndices}), without
   * looking up ids: for a caller that starts many flows on routes it resolved once. The
   * flow's label is `flow-<id>`.
   *
   * @example Two flows on one resolved route share its link
   * ```ts
   * import { createFlowNetwork } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
   * const route = net.linkIndices(["l"]);
   * net.startFlowOnLinks(route, 100);
   * net.startFlowOnLinks(route, 300);
   * net.run();
   * assert.deepEqual(net.flows().map((f) => [f.route, f.endSeconds]), [[["l"], 2], [["l"], 4]]);
   * ```
   *
   * @param links Indices of the links the flow crosses, in order (at least one; the array
   *   is kept, not copied, and must not change while the flow runs).
   * @param bytes Bytes to send (>= 0).
   * @param maxBytesPerSecond The flow's own rate limit (> 0; undefined: none).
   * @param onDone Called once the last byte has been sent (see {@link FlowRequest.onDone}).
   * @returns The flow's id.
   */
  startFlowOnLinks(
    links: readonly number[],
    bytes: number,
    maxBytesPerSecond?: number,
    onDone?: (flow: FlowRecord, network: FlowNetwork) => void,
  ): number {
    if (!Array.isArray(links) || links.length === 0) {
      throw new TypeError(
        `Cannot ${ACTION} as links must be a non-empty array of link indices: current value is ${
          show(links)
        }`,
      );
    }
    const n = this.#capacities.length;
    for (let i = 0; i < links.length; i++) {
      const l = links[i]!;
      if (!Number.isInteger(l) || l < 0 || l >= n) {
        throw new RangeError(
          `Cannot ${ACTION} as links[${i}] must be a link index from 0 to ${
            n - 1
          }: current value is ${show(l)}`,
        );
      }
    }
    nonNegative(ACTION, "bytes", bytes);
    if (maxBytesPerSecond !== undefined && maxBytesPerSecond !== Infinity) {
      positive(ACTION, "maxBytesPerSecond", maxBytesPerSecond);
    }
    if (onDone !== undefined) func(ACTION, "onDone", onDone);
    const route: string[] = [];
    for (let i = 0; i < links.length; i++) route.push(this.#ids[links[i]!]!);
    return this.#start(links, route, bytes, maxBytesPerSecond, undefined, onDone);
  }

  /** Starts a checked flow (its route also as ids, for its record). */
  #start(
    links: readonly number[],
    route: string[],
    bytes: number,
    cap: number | undefined,
    label: string | undefined,
    onDone: ((flow: FlowRecord, network: FlowNetwork) => void) | undefined,
  ): number {
    this.#advance();
    const id = this.#nextId++;
    const now = this.nowSeconds;
    const record = new Flow(id, label ?? `flow-${id}`, route, bytes, now);
    let fastest = cap ?? Infinity;
    for (let i = 0; i < links.length; i++) {
      fastest = Math.min(fastest, this.#capacities[links[i]!]!);
    }
    const flow = new ActiveFlow(record, links, cap, bytes, onDone, fastest);
    this.#active.push(flow);
    this.#changes++;
    // the lists are kept and counted (an array emptied by `length = 0` gives up its storage)
    this.#started[this.#startedCount++] = this.#active[this.#active.length - 1]!;
    this.#dirty = true;
    return id;
  }

  /**
   * Bytes flow `id` has left to send now: its bytes less what it has sent at its rates so far,
   * 0 once it has ended. A read only (no flow is moved forward), so reading at a scheduled
   * call leaves the run as it would be without the call.
   *
   * @example A flow alone on a link of 100 bytes/s has 200 of its 300 bytes left after 1 s
   * ```ts
   * import { createFlowNetwork } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
   * const id = net.startFlow({ route: ["l"], bytes: 300 });
   * let left = NaN;
   * net.at(1, (n) => left = n.remainingBytes(id));
   * net.run();
   * assert.equal(left, 200);
   * assert.equal(net.remainingBytes(id), 0);
   * ```
   *
   * @param id The flow's id (`startFlow`'s or `startFlowOnLinks`'s answer).
   * @returns Bytes, >= 0.
   * @throws {RangeError} When no flow of this network has that id.
   */
  remainingBytes(id: number): number {
    if (!(Number.isInteger(id) && id >= 0 && id < this.#nextId)) {
      throw new RangeError(
        `Cannot read a flow's remaining bytes as id must be the id of a flow started on this network (${
          this.#nextId === 0 ? "none yet" : `0 to ${this.#nextId - 1}`
        }): current value is ${show(id)}`,
      );
    }
    if (this.#indexedAt !== this.#changes) {
      this.#byId.clear();
      for (const f of this.#active) this.#byId.set(f.record.id, f);
      this.#indexedAt = this.#changes;
    }
    const f = this.#byId.get(id);
    if (f === undefined) return 0;
    // what #advance would leave, without moving the flow
    const dt = this.nowSeconds - this.#lastUpdateSeconds;
    return dt > 0 ? f.remaining - Math.min(f.rate * dt, f.remaining) : f.remaining;
  }

  /**
   * Schedules a function `delaySeconds` from now (a step of a process).
   *
   * @param delaySeconds Delay, >= 0.
   * @param fn Called with the network at that time.
   * @throws {RangeError} If `delaySeconds` is negative or not finite.
   * @throws {TypeError} If `fn` is not a function.
   */
  at(delaySeconds: number, fn: (network: FlowNetwork) => void): void {
    // checked now: it failed at its time in run(), as "p.fn is not a function", the clock moved
    func("schedule a call", "fn", fn);
    this.#queue.schedule(delaySeconds, CALL_PRIORITY, { kind: "call", fn });
  }

  /**
   * Runs until no flow is active and no call is pending.
   *
   * @returns The clock at the end and the events processed.
   * @throws {RangeError} When the events reach the network's `maxEvents`, or when no active
   *   flow can send its last byte in a finite time (its bytes over a bandwidth so small that
   *   the time overflows, or a share that underflowed to 0): the error names the flow, its
   *   bytes left, its rate and its route.
   */
  run(): { nowSeconds: number; processedEvents: number } {
    if (this.#dirty) this.#reshare();
    const out = this.#queue.run();
    if (out.stop === "event-cap") {
      throw new RangeError(
        `Cannot run the flow network as processedEvents must be < maxEvents: current value is ${out.processedEvents}`,
      );
    }
    return { nowSeconds: out.nowSeconds, processedEvents: out.processedEvents };
  }

  /**
   * The completed flows, by completion order.
   *
   * @returns Copies of the flow records.
   * @throws {RangeError} When the network was created with `keepFlows: false`.
   */
  flows(): FlowRecord[] {
    if (!this.#keepFlows) {
      throw new RangeError(
        "Cannot list the completed flows as options.keepFlows must be true (the network keeps no records): current value is false",
      );
    }
    return this.#done.map((f) => ({ ...f, route: [...f.route] }));
  }

  /**
   * What every link carried so far, in the order of the network's links.
   *
   * @returns One row per link.
   * @throws {RangeError} When the network was created with `linkUsage: false`.
   */
  linkUsage(): LinkUsage[] {
    if (!this.#linkUsage) {
      throw new RangeError(
        "Cannot report link usage as options.linkUsage must be true (the network accounts no link): current value is false",
      );
    }
    this.#advance();
    return this.#ids.map((id, l) => ({
      id,
      bandwidthBytesPerSecond: this.#capacities[l]!,
      bytes: this.#linkBytes[l]!,
      busySeconds: this.#linkBusy[l]!,
      peakBytesPerSecond: this.#linkPeak[l]!,
      // the rates' sum can pass the capacity by a rounding (13 flows on a capacity of 10)
      peakUtilization: Math.min(1, this.#linkPeak[l]! / this.#capacities[l]!),
      peakFlows: this.#linkPeakFlows[l]!,
    }));
  }

  /** The index of link `id`, the route's entry `field[i]`. */
  #linkIndex(id: string, field: string, i: number): number {
    const l = this.#index.get(id);
    if (l === undefined) {
      throw new RangeError(
        `Cannot ${ACTION} as ${field}[${i}] must name a link of the network (${
          this.#ids.join(", ")
        }): current value is ${show(id)}`,
      );
    }
    return l;
  }

  /** Moves every active flow forward to the clock at its current rate. */
  #advance(): void {
    const now = this.nowSeconds;
    const dt = now - this.#lastUpdateSeconds;
    this.#lastUpdateSeconds = now;
    if (dt <= 0) return;
    const active = this.#active, linkBytes = this.#linkBytes, linkUsage = this.#linkUsage;
    for (let i = 0; i < active.length; i++) {
      const f = active[i]!;
      const moved = Math.min(f.rate * dt, f.remaining);
      f.remaining -= moved;
      if (!linkUsage) continue;
      const links = f.links;
      for (let j = 0; j < links.length; j++) linkBytes[links[j]!]! += moved;
    }
    if (!linkUsage) return;
    for (let i = 0; i < this.#busyCount; i++) {
      const l = this.#busyLinks[i]!;
      if (this.#linkRate[l]! > 0) this.#linkBusy[l]! += dt;
    }
  }

  /** Recomputes the max-min rates and schedules the next completion. */
  #reshare(): void {
    this.#dirty = false;
    const active = this.#active;
    if (!this.#replacementRates()) {
      const rates = progressiveFilling(this.#capacities, active, this.#filling);
      for (let i = 0; i < active.length; i++) active[i]!.rate = rates[i]!;
    }
    this.#startedCount = this.#endedCount = 0;
    if (this.#linkUsage) this.#accountLinks();
    let next = Infinity;
    for (let i = 0; i < active.length; i++) {
      const f = active[i]!;
      next = Math.min(next, f.remaining / f.rate);
    }
    this.#version++;
    if (next < Infinity) {
      this.#queue.schedule(next, CHECK_PRIORITY, { kind: "check", version: this.#version });
    } else if (active.length > 0) {
      // no flow would ever send its last byte (a rate that underflowed to 0, or bytes over a
      // bandwidth so small that the time overflows): the run would end with them unsent
      const f = active[0]!;
      throw new RangeError(
        `Cannot run the flow network as the time flow ${
          show(f.record.label)
        } needs to send its last byte must be finite (${f.remaining} bytes left at ${f.rate} bytes/s: the bandwidth of its route ${
          show(f.record.route)
        } is too small for its bytes): current value is ${f.remaining / f.rate} s`,
      );
    }
  }

  /** Sums the new rates and flows on each link and raises the links' peaks. */
  #accountLinks(): void {
    const active = this.#active;
    const linkRate = this.#linkRate;
    const linkFlows = this.#linkFlows;
    // Only the links of the last reshare's flows can be non-zero.
    const busy = this.#busyLinks;
    for (let i = 0; i < this.#busyCount; i++) {
      const l = busy[i]!;
      linkRate[l] = 0;
      linkFlows[l] = 0;
    }
    let count = 0;
    for (let i = 0; i < active.length; i++) {
      const f = active[i]!;
      const links = f.links;
      for (let j = 0; j < links.length; j++) {
        const l = links[j]!;
        if (linkFlows[l] === 0) busy[count++] = l;
        linkRate[l]! += f.rate;
        linkFlows[l]!++;
      }
    }
    this.#busyCount = count;
    for (let i = 0; i < count; i++) {
      const l = busy[i]!;
      if (linkRate[l]! > this.#linkPeak[l]!) this.#linkPeak[l] = linkRate[l]!;
      if (linkFlows[l]! > this.#linkPeakFlows[l]!) this.#linkPeakFlows[l] = linkFlows[l]!;
    }
  }

  /**
   * The max-min rates without progressive filling when every flow started since the last
   * reshare replaced one that ended (same links in the same order, same cap), as the next
   * round of a pre-copy migration replaces the last: the multiset of (links, cap) is the one
   * the last filling shared, and progressive filling gives flows with equal links and cap
   * equal rates whatever their order (each step's increment is a minimum over the same
   * values, and every link loses it once per open flow), so each flow keeps its rate and a
   * new flow takes its predecessor's, the same doubles a filling would give. False (the
   * flows' rates left to a filling) when that does not hold.
   */
  #replacementRates(): boolean {
    const started = this.#started, ended = this.#ended, n = this.#startedCount;
    if (n !== this.#endedCount) return false;
    // an ended flow started since the last reshare never had a rate of its own
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if (ended[i] === started[j]) return false;
    }
    for (let i = 0; i < n; i++) {
      const s = started[i]!;
      let j = i;
      while (j < n && !sameShare(s, ended[j]!)) j++;
      if (j === n) return false;
      // keep the matched one at i (the rest are still unmatched)
      const e = ended[j]!;
      ended[j] = ended[i]!;
      ended[i] = e;
      s.rate = e.rate;
    }
    return true;
  }

  #handle(e: QueuedEvent<NetEvent>): void {
    const p = e.payload;
    if (p.kind === "call") {
      p.fn(this);
    } else if (p.version === this.#version) {
      this.#advance();
      const now = this.nowSeconds;
      const finished: ActiveFlow[] = [];
      // the flows still sending keep their order at the front of the active list
      const active = this.#active;
      let still = 0;
      for (let i = 0; i < active.length; i++) {
        const f = active[i]!;
        // Done when what is left is rounding: a billionth of the flow, or a
        // picosecond-scale remainder at its rate.
        const done = f.remaining <= f.record.bytes * 1e-9 ||
          f.remaining / f.rate <= 1e-12 * Math.max(1, now);
        if (done) finished.push(f);
        else active[still++] = f;
      }
      active.length = still;
      if (finished.length > 0) this.#changes++;
      for (let i = 0; i < finished.length; i++) this.#ended[this.#endedCount++] = finished[i]!;
      this.#dirty = true;
      const latencies = this.#latencies;
      for (const f of finished) {
        let latency = 0;
        const links = f.links;
        for (let j = 0; j < links.length; j++) {
          const l = links[j]!;
          if (this.#linkUsage) this.#linkBytes[l]! += f.remaining;
          latency += latencies[l]!;
        }
        f.remaining = 0;
        f.record.endSeconds = now;
        f.record.arrivalSeconds = now + latency;
        f.record.lastBytesPerSecond = f.rate;
        if (this.#keepFlows) this.#done.push(f.record);
      }
      for (const f of finished) f.onDone?.(f.record, this);
    }
    if (this.#dirty && !this.#canWait()) this.#reshare();
  }

  /**
   * Whether the reshare can wait for the next event, due at this same instant. The rates of
   * the instant's last reshare are those of the flows then active whatever came before (the
   * filling's rates do not depend on the flows' order or history, and
   * {@link FlowNetwork.#replacementRates} keeps them); the rates a reshare now gives would hold
   * for no time, unless they end a flow within the instant (its completion check then comes
   * before the waiting calls). So it waits only when no active flow could end within the
   * instant at the fastest rate it could get (its cap, or its slowest link's capacity): not
   * after a flow of no bytes, nor for a flow whose rest is below the clock's resolution. Not
   * when links are accounted either, as a reshare raises their peaks even for no time.
   */
  #canWait(): boolean {
    const now = this.nowSeconds;
    if (this.#linkUsage || this.#queue.peekTime() !== now) return false;
    const active = this.#active;
    for (let i = 0; i < active.length; i++) {
      const f = active[i]!;
      if (now + f.remaining / f.fastest === now) return false;
    }
    return true;
  }
}

/** Whether two flows cross the same links in the same order under the same cap. */
function sameShare(a: ActiveFlow, b: ActiveFlow): boolean {
  if (!Object.is(a.maxBytesPerSecond, b.maxBytesPerSecond)) return false;
  const x = a.links, y = b.links;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Creates an idle {@link FlowNetwork} over the given links.
 *
 * @param network The links (ids, capacities, latencies).
 * @param options The event cap.
 * @returns The network, its clock at 0.
 *
 * @example Two equal flows on one link each get half
 * ```ts
 * import { createFlowNetwork } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = createFlowNetwork({
 *   links: [{ id: "uplink", bandwidthBytesPerSecond: 1e9, latencySeconds: 0.001 }],
 * });
 * net.startFlow({ route: ["uplink"], bytes: 1e9 });
 * net.startFlow({ route: ["uplink"], bytes: 1e9 });
 * net.run();
 * assert.deepEqual(net.flows().map((f) => [f.endSeconds, f.arrivalSeconds]), [[2, 2.001], [2, 2.001]]);
 * assert.equal(net.linkUsage()[0]!.peakUtilization, 1);
 * ```
 */
export function createFlowNetwork(
  network: NetworkSpec,
  options: FlowNetworkOptions = {},
): FlowNetwork {
  return new FlowNetwork(network, options);
}
