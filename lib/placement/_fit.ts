/**
 * The engine behind the fit heuristics: input checks, packing of the instance into typed
 * arrays, a segment tree of cluster maxima for first fit and an ordered, blocked host list
 * for best and worst fit. Both searches are exact (the tests compare them assignment for
 * assignment with an O(n·m) restatement of the rules); the summaries only prune.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { knownKeys, nonNegative, oneOf, options as checkOptions, show } from "../_validate.ts";
import { HOST_FIELDS, VM_DEMAND_FIELDS } from "./_record_fields.ts";
import type { BestFitDecreasingOptions, SortKey } from "./fit_options.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";

/** Which host a heuristic picks among those a VM fits. */
export type FitRule = "first" | "best" | "worst" | "next";

/**
 * The one tolerance of every capacity comparison in the placement layer: a demand `x` fits
 * a remaining capacity `r` of a host of capacity `c` when `x <= r + FIT_TOLERANCE · c`.
 *
 * Demands given as fractions that sum exactly to a capacity must fit, but in binary floating
 * point they do not always: `1 - 0.4 - 0.3 - 0.2` is `0.09999999999999995 < 0.1`. A slack
 * relative to the host's capacity (a billionth of it: far below any real demand's precision,
 * far above the rounding of thousands of subtractions, each off by at most 2^-53 of the
 * capacity) absorbs that rounding. `validatePlacement` accepts every load the heuristics
 * make with the same constant (its slack is at least this one).
 */
export const FIT_TOLERANCE = 1e-9;

/** The capacity a fit compares against: `capacity · (1 + FIT_TOLERANCE)`. */
export function withSlack(capacity: number): number {
  return capacity + FIT_TOLERANCE * capacity;
}

/** A placement instance packed into typed arrays (row-major: item × dimension). */
export interface PackedInstance {
  /** The dimensions checked, in order. */
  dimensions: readonly Dimension[];
  /** Number of dimensions. */
  k: number;
  /** Host capacities, `hostCount × k`. */
  capacity: Float64Array;
  /** VM demands, `vmCount × k`. */
  demand: Float64Array;
  /** Per dimension, the largest host capacity (1 when every host has 0). */
  scale: Float64Array;
  /** Number of hosts. */
  hostCount: number;
  /** Number of VMs. */
  vmCount: number;
}

/** Checks and packs an instance; throws with `action` in the message. */
export function packInstance(
  action: string,
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimensions: readonly Dimension[] = DIMENSIONS,
): PackedInstance {
  if (!Array.isArray(hosts)) {
    throw new TypeError(
      `Cannot ${action} as hosts must be an array: current value is ${show(hosts)}`,
    );
  }
  if (!Array.isArray(vms)) {
    throw new TypeError(`Cannot ${action} as vms must be an array: current value is ${show(vms)}`);
  }
  if (!Array.isArray(dimensions) || dimensions.length === 0) {
    throw new TypeError(
      `Cannot ${action} as dimensions must be a non-empty array: current value is ${
        show(dimensions)
      }`,
    );
  }
  for (const d of dimensions) oneOf(action, "dimensions[]", d, DIMENSIONS);
  if (new Set(dimensions).size !== dimensions.length) {
    throw new RangeError(
      `Cannot ${action} as dimensions must not repeat: current value is ${show(dimensions)}`,
    );
  }
  const k = dimensions.length;
  const capacity = new Float64Array(hosts.length * k);
  const demand = new Float64Array(vms.length * k);
  const scale = new Float64Array(k);
  for (let h = 0; h < hosts.length; h++) {
    const host = hosts[h];
    if (typeof host !== "object" || host === null) {
      throw new TypeError(
        `Cannot ${action} as hosts[${h}] must be an object: current value is ${show(host)}`,
      );
    }
    knownKeys(action, `hosts[${h}]`, host as unknown as Record<string, unknown>, HOST_FIELDS);
    for (let d = 0; d < k; d++) {
      const dim = dimensions[d]!;
      const value = nonNegative(action, `hosts[${h}].${dim}`, host[dim]);
      capacity[h * k + d] = value;
      if (value > scale[d]!) scale[d] = value;
    }
  }
  for (let d = 0; d < k; d++) if (scale[d] === 0) scale[d] = 1;
  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i];
    if (typeof vm !== "object" || vm === null) {
      throw new TypeError(
        `Cannot ${action} as vms[${i}] must be an object: current value is ${show(vm)}`,
      );
    }
    knownKeys(action, `vms[${i}]`, vm as unknown as Record<string, unknown>, VM_DEMAND_FIELDS);
    for (let d = 0; d < k; d++) {
      const dim = dimensions[d]!;
      demand[i * k + d] = nonNegative(action, `vms[${i}].${dim}`, vm[dim]);
    }
  }
  return { dimensions, k, capacity, demand, scale, hostCount: hosts.length, vmCount: vms.length };
}

/** Every sort key, in documentation order. */
export const SORT_KEYS: readonly SortKey[] = ["sum", "max", "product", "l2"];

/**
 * The normalised size of VM `i` by a sort key (see {@link SortKey}): over dimensions of the
 * shares demand / scale, their sum, maximum, product or Euclidean norm.
 */
export function vmSize(instance: PackedInstance, i: number, key: SortKey): number {
  const { k, demand, scale } = instance;
  let size = key === "product" ? 1 : 0;
  for (let d = 0; d < k; d++) {
    const share = demand[i * k + d]! / scale[d]!;
    if (key === "sum") size += share;
    else if (key === "max") size = Math.max(size, share);
    else if (key === "product") size *= share;
    else size += share * share;
  }
  return key === "l2" ? Math.sqrt(size) : size;
}

/** VM indices by decreasing size, ties by increasing index. */
export function decreasingOrder(instance: PackedInstance, key: SortKey): Uint32Array {
  const sizes = new Float64Array(instance.vmCount);
  for (let i = 0; i < instance.vmCount; i++) sizes[i] = vmSize(instance, i, key);
  const order = new Uint32Array(instance.vmCount);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  return order;
}

/**
 * How many summary points a node of the first-fit tree keeps. One point (the per-dimension
 * maxima) cannot tell apart hosts whose spare capacity lies in different dimensions, the
 * usual state of a multi-dimensional packing part-way through; a few points, each the
 * maxima of a cluster of alike hosts, can.
 */
const SLOTS = 3;

/** Whether point `a` is <= point `b` in every dimension (both `k` long, in `buffer`). */
function below(buffer: Float64Array, a: number, b: number, k: number): boolean {
  for (let d = 0; d < k; d++) if (buffer[a + d]! > buffer[b + d]!) return false;
  return true;
}

/**
 * Segment tree over hosts in index order. Each node keeps at most {@link SLOTS} points that
 * together dominate every live host below it (each such host's remaining capacity is <= one
 * of the points in every dimension), so a subtree none of whose points covers a demand holds
 * no host that fits it. First fit descends to the leftmost leaf that covers the demand;
 * leaves hold exact remaining capacities, so reaching one means the VM fits. A node merges
 * its children's points, dropping dominated ones and then joining the closest pair (the one
 * whose component-wise maximum adds the least normalised capacity) until at most SLOTS are
 * left. Joining only loosens a summary, never lets it miss a host, so the search is exact
 * whatever the joins; they only decide how much it prunes.
 */
class SkylineTree {
  readonly #k: number;
  readonly #size: number;
  /** Node p's points start at `p * SLOTS * k`. */
  readonly #points: Float64Array;
  readonly #count: Uint8Array;
  /** 1 / scale per dimension: weights of the merge cost. */
  readonly #weight: Float64Array;
  readonly #buffer: Float64Array;
  readonly #sums: Float64Array;
  readonly #live: Uint8Array;
  readonly #stack = new Int32Array(128);

  constructor(remaining: Float64Array, hostCount: number, k: number, scale: Float64Array) {
    let size = 1;
    while (size < hostCount) size *= 2;
    this.#k = k;
    this.#size = size;
    this.#points = new Float64Array(2 * size * SLOTS * k);
    this.#count = new Uint8Array(2 * size);
    this.#weight = scale.map((s) => 1 / s);
    this.#buffer = new Float64Array(2 * SLOTS * k);
    this.#sums = new Float64Array(2 * SLOTS);
    this.#live = new Uint8Array(2 * SLOTS);
    for (let h = 0; h < hostCount; h++) this.#setLeaf(h, remaining);
    for (let p = size - 1; p >= 1; p--) this.#pull(p);
  }

  #setLeaf(h: number, remaining: Float64Array): void {
    const k = this.#k;
    const p = this.#size + h;
    for (let d = 0; d < k; d++) this.#points[p * SLOTS * k + d] = remaining[h * k + d]!;
    this.#count[p] = 1;
  }

  /** Recomputes node p from its children; returns whether its points changed. */
  #pull(p: number): boolean {
    const k = this.#k;
    const points = this.#points;
    const buffer = this.#buffer;
    const weight = this.#weight;
    const sums = this.#sums;
    const live = this.#live;
    const stride = SLOTS * k;
    let n = 0;
    for (let c = 2 * p; c <= 2 * p + 1; c++) {
      const count = this.#count[c]!;
      for (let j = 0; j < count; j++) {
        let sum = 0;
        for (let d = 0; d < k; d++) {
          const v = points[c * stride + j * k + d]!;
          buffer[n * k + d] = v;
          sum += v * weight[d]!;
        }
        sums[n] = sum;
        live[n] = 1;
        n++;
      }
    }
    let liveCount = n;
    for (let a = 0; a < n && n > 1; a++) {
      for (let b = 0; b < n; b++) {
        if (b === a || live[b] === 0 || !below(buffer, a * k, b * k, k)) continue;
        // Of equal points keep the first.
        if (b < a || !below(buffer, b * k, a * k, k)) {
          live[a] = 0;
          liveCount--;
          break;
        }
      }
    }
    while (liveCount > SLOTS) {
      let bestA = -1;
      let bestB = -1;
      let bestCost = Infinity;
      for (let a = 0; a < n; a++) {
        if (live[a] === 0) continue;
        for (let b = a + 1; b < n; b++) {
          if (live[b] === 0) continue;
          let joined = 0;
          for (let d = 0; d < k; d++) {
            joined += Math.max(buffer[a * k + d]!, buffer[b * k + d]!) * weight[d]!;
          }
          const cost = joined - Math.max(sums[a]!, sums[b]!);
          if (cost < bestCost) {
            bestCost = cost;
            bestA = a;
            bestB = b;
          }
        }
      }
      let sum = 0;
      for (let d = 0; d < k; d++) {
        const v = Math.max(buffer[bestA * k + d]!, buffer[bestB * k + d]!);
        buffer[bestA * k + d] = v;
        sum += v * weight[d]!;
      }
      sums[bestA] = sum;
      live[bestB] = 0;
      liveCount--;
    }
    let changed = liveCount !== this.#count[p];
    let j = 0;
    for (let a = 0; a < n; a++) {
      if (live[a] === 0) continue;
      for (let d = 0; d < k; d++) {
        const v = buffer[a * k + d]!;
        const at = p * stride + j * k + d;
        if (points[at] !== v) {
          points[at] = v;
          changed = true;
        }
      }
      j++;
    }
    this.#count[p] = liveCount;
    return changed;
  }

  #covers(p: number, demand: Float64Array, offset: number): boolean {
    const k = this.#k;
    const points = this.#points;
    const count = this.#count[p]!;
    next: for (let j = 0; j < count; j++) {
      const base = (p * SLOTS + j) * k;
      for (let d = 0; d < k; d++) if (!(points[base + d]! >= demand[offset + d]!)) continue next;
      return true;
    }
    return false;
  }

  /** The lowest-index live host whose remaining capacity covers the demand, or -1. */
  findFirst(demand: Float64Array, offset: number): number {
    const stack = this.#stack;
    let top = 0;
    stack[top++] = 1;
    while (top > 0) {
      const p = stack[--top]!;
      if (!this.#covers(p, demand, offset)) continue;
      if (p >= this.#size) return p - this.#size;
      stack[top++] = 2 * p + 1;
      stack[top++] = 2 * p;
    }
    return -1;
  }

  #propagate(h: number): void {
    for (let p = (this.#size + h) >> 1; p >= 1; p >>= 1) if (!this.#pull(p)) return;
  }

  /** Writes host `h`'s remaining capacity and updates its ancestors. */
  update(h: number, remaining: Float64Array): void {
    this.#setLeaf(h, remaining);
    this.#propagate(h);
  }

  /** Removes host `h` from every later search. */
  remove(h: number): void {
    this.#count[this.#size + h] = 0;
    this.#propagate(h);
  }
}

/** Target block length of the ordered host list (blocks split at twice this). */
const BLOCK = 64;

/** A run of hosts in key order, with the per-dimension maxima of their remaining capacity. */
interface Block {
  hosts: number[];
  /** Per dimension, the largest remaining capacity in the block; valid unless `stale`. */
  max: Float64Array;
  stale: boolean;
}

/**
 * Hosts ordered by a key (their summed normalised remaining capacity), kept as a list of
 * sorted blocks so that lower-bound search, removal and insertion cost O(√m) element moves
 * at most. Ties are ordered by host index, increasing (`ascendingTies`) or decreasing, so
 * that a scan from either end meets tied hosts lowest index first. Each block keeps the
 * per-dimension maxima of its hosts' remaining capacity (recomputed lazily after a removal),
 * so a scan skips every block in which no host can fit the demand.
 */
class OrderedHosts {
  readonly #key: Float64Array;
  readonly #tie: number;
  readonly #remaining: Float64Array;
  readonly #k: number;
  #blocks: Block[];

  constructor(
    key: Float64Array,
    remaining: Float64Array,
    k: number,
    hostCount: number,
    ascendingTies: boolean,
  ) {
    this.#key = key;
    this.#tie = ascendingTies ? 1 : -1;
    this.#remaining = remaining;
    this.#k = k;
    const all = Array.from({ length: hostCount }, (_, h) => h);
    all.sort((a, b) => this.#compare(a, b));
    this.#blocks = [];
    for (let s = 0; s < all.length; s += BLOCK) {
      this.#blocks.push(this.#block(all.slice(s, s + BLOCK)));
    }
  }

  #block(hosts: number[]): Block {
    return { hosts, max: new Float64Array(this.#k), stale: true };
  }

  #compare(a: number, b: number): number {
    return this.#key[a]! - this.#key[b]! || (a - b) * this.#tie;
  }

  /** Whether some host of the block may fit the demand (its maxima cover it). */
  #mayFit(block: Block, demand: Float64Array, offset: number): boolean {
    const k = this.#k;
    const max = block.max;
    if (block.stale) {
      const remaining = this.#remaining;
      max.fill(-Infinity);
      for (const h of block.hosts) {
        for (let d = 0; d < k; d++) {
          if (remaining[h * k + d]! > max[d]!) max[d] = remaining[h * k + d]!;
        }
      }
      block.stale = false;
    }
    for (let d = 0; d < k; d++) if (!(max[d]! >= demand[offset + d]!)) return false;
    return true;
  }

  #fits(h: number, demand: Float64Array, offset: number): boolean {
    const k = this.#k;
    const remaining = this.#remaining;
    for (let d = 0; d < k; d++) if (!(demand[offset + d]! <= remaining[h * k + d]!)) return false;
    return true;
  }

  /** Index of the first block whose last element is >= h in the order, or blocks.length. */
  #blockOf(h: number): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const hosts = blocks[mid]!.hosts;
      if (this.#compare(hosts[hosts.length - 1]!, h) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #positionIn(hosts: number[], h: number): number {
    let lo = 0;
    let hi = hosts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#compare(hosts[mid]!, h) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes host h; call before changing its key. */
  remove(h: number): void {
    const b = this.#blockOf(h);
    const block = this.#blocks[b]!;
    block.hosts.splice(this.#positionIn(block.hosts, h), 1);
    block.stale = true;
    if (block.hosts.length === 0) this.#blocks.splice(b, 1);
  }

  /** Inserts host h at its key's place. */
  insert(h: number): void {
    const blocks = this.#blocks;
    if (blocks.length === 0) {
      blocks.push(this.#block([h]));
      return;
    }
    const b = Math.min(this.#blockOf(h), blocks.length - 1);
    const block = blocks[b]!;
    block.hosts.splice(this.#positionIn(block.hosts, h), 0, h);
    if (!block.stale) {
      const k = this.#k;
      for (let d = 0; d < k; d++) {
        block.max[d] = Math.max(block.max[d]!, this.#remaining[h * k + d]!);
      }
    }
    if (block.hosts.length > 2 * BLOCK) {
      block.stale = true;
      blocks.splice(b + 1, 0, this.#block(block.hosts.splice(BLOCK)));
    }
  }

  /** Lowest host (in order) whose key is >= minKey and which fits the demand, or -1. */
  scanUp(minKey: number, demand: Float64Array, offset: number): number {
    const blocks = this.#blocks;
    const key = this.#key;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const hosts = blocks[mid]!.hosts;
      if (key[hosts[hosts.length - 1]!]! < minKey) lo = mid + 1;
      else hi = mid;
    }
    for (let b = lo; b < blocks.length; b++) {
      const block = blocks[b]!;
      if (!this.#mayFit(block, demand, offset)) continue;
      const hosts = block.hosts;
      let start = 0;
      if (b === lo) {
        let r = hosts.length;
        while (start < r) {
          const mid = (start + r) >> 1;
          if (key[hosts[mid]!]! < minKey) start = mid + 1;
          else r = mid;
        }
      }
      for (let j = start; j < hosts.length; j++) {
        if (this.#fits(hosts[j]!, demand, offset)) return hosts[j]!;
      }
    }
    return -1;
  }

  /** Highest host (in order) whose key is >= minKey and which fits the demand, or -1. */
  scanDown(minKey: number, demand: Float64Array, offset: number): number {
    const blocks = this.#blocks;
    const key = this.#key;
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b]!;
      const hosts = block.hosts;
      if (key[hosts[hosts.length - 1]!]! < minKey) return -1;
      if (!this.#mayFit(block, demand, offset)) continue;
      for (let j = hosts.length - 1; j >= 0; j--) {
        const h = hosts[j]!;
        if (key[h]! < minKey) return -1;
        if (this.#fits(h, demand, offset)) return h;
      }
    }
    return -1;
  }
}

/**
 * Per position n of the placement order, the component-wise minimum demand of the VMs at
 * positions n, n + 1, ... (row `vmCount` is +Infinity: no VM is left). A host that cannot
 * fit row n + 1 after the n-th placement can fit no later VM (hosts only lose capacity), so
 * the searches drop it: exact, and it clears most full hosts out of the way.
 */
function suffixMinima(
  demand: Float64Array,
  k: number,
  order: Uint32Array | null,
  vmCount: number,
): Float64Array {
  const floor = new Float64Array((vmCount + 1) * k).fill(Infinity);
  for (let n = vmCount - 1; n >= 0; n--) {
    const i = order ? order[n]! : n;
    for (let d = 0; d < k; d++) {
      floor[n * k + d] = Math.min(floor[(n + 1) * k + d]!, demand[i * k + d]!);
    }
  }
  return floor;
}

/** Runs one fit heuristic; see the public wrappers for the rules. */
export function runFit(
  action: string,
  algorithm: string,
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: BestFitDecreasingOptions,
  rule: FitRule,
  decreasing: boolean,
): PlacementResult {
  // each heuristic's own options: the dimensions, a decreasing one's sort key, best fit's residual
  checkOptions(action, "options", options, [
    "dimensions",
    ...(decreasing ? ["sortKey"] : []),
    ...(rule === "best" ? ["residual"] : []),
  ]);
  const { dimensions = DIMENSIONS, sortKey = "sum", residual = "sum" } = options ?? {};
  if (decreasing) oneOf(action, "sortKey", sortKey, SORT_KEYS);
  if (rule === "best") oneOf(action, "residual", residual, ["sum", "max"] as const);
  const instance = packInstance(action, hosts, vms, dimensions);
  const { k, demand, scale, hostCount, vmCount } = instance;
  // Remaining capacity with the fit tolerance folded in (FIT_TOLERANCE): every comparison
  // below, in the tree, the blocks and the pruning, is then `demand <= remaining`.
  const remaining = instance.capacity.map(withSlack);
  const slack = instance.capacity.map((c) => withSlack(c) - c);
  const order = decreasing ? decreasingOrder(instance, sortKey) : null;
  const floor = suffixMinima(demand, k, order, vmCount);
  const assignment = new Array<number>(vmCount).fill(-1);
  /** Places VM i (at position n of the order) on host h; returns whether h stays useful. */
  const place = (n: number, i: number, h: number): boolean => {
    assignment[i] = h;
    let useful = true;
    for (let d = 0; d < k; d++) {
      const left = remaining[h * k + d]! - demand[i * k + d]!;
      remaining[h * k + d] = left;
      if (left < floor[(n + 1) * k + d]!) useful = false;
    }
    return useful;
  };
  if (rule === "first" || rule === "next") {
    const tree = hostCount > 0 ? new SkylineTree(remaining, hostCount, k, scale) : null;
    // Next Fit: hosts before the current one are closed for good (left out of the tree).
    let current = 0;
    for (let n = 0; n < vmCount; n++) {
      const i = order ? order[n]! : n;
      const h = tree ? tree.findFirst(demand, i * k) : -1;
      if (h < 0) continue;
      if (rule === "next") {
        for (; current < h; current++) tree!.remove(current);
      }
      if (place(n, i, h)) tree!.update(h, remaining);
      else tree!.remove(h);
    }
  } else if (rule === "best" && residual === "max") {
    // L∞ residual: not a function of one per-host key, so a scan of the live hosts.
    let live: number[] = Array.from({ length: hostCount }, (_, h) => h);
    for (let n = 0; n < vmCount; n++) {
      const i = order ? order[n]! : n;
      const offset = i * k;
      let chosen = -1;
      let chosenScore = Infinity;
      next: for (const h of live) {
        let score = 0;
        for (let d = 0; d < k; d++) {
          const left = remaining[h * k + d]! - demand[offset + d]!;
          if (!(left >= 0)) continue next;
          score = Math.max(score, Math.max(0, left - slack[h * k + d]!) / scale[d]!);
        }
        if (score < chosenScore) {
          chosen = h;
          chosenScore = score;
        }
      }
      if (chosen < 0) continue;
      if (!place(n, i, chosen)) live = live.filter((h) => h !== chosen);
    }
  } else {
    const key = new Float64Array(hostCount);
    // The key is the summed normalised remaining capacity without the slack, so that hosts
    // with equal real remainders tie (and go by index) whatever their capacities.
    const keyOf = (h: number): number => {
      let s = 0;
      for (let d = 0; d < k; d++) s += (remaining[h * k + d]! - slack[h * k + d]!) / scale[d]!;
      return s;
    };
    for (let h = 0; h < hostCount; h++) key[h] = keyOf(h);
    const ordered = new OrderedHosts(key, remaining, k, hostCount, rule === "best");
    for (let n = 0; n < vmCount; n++) {
      const i = order ? order[n]! : n;
      const offset = i * k;
      let size = 0;
      for (let d = 0; d < k; d++) size += demand[offset + d]! / scale[d]!;
      // A host that fits has key >= size - Σ_d slack_d / scale_d >= size - k · FIT_TOLERANCE
      // (slack_d = FIT_TOLERANCE · capacity_d <= FIT_TOLERANCE · scale_d); the scan checks
      // the exact fit after this pruning bound.
      const minKey = size - 2 * k * FIT_TOLERANCE;
      const h = rule === "best"
        ? ordered.scanUp(minKey, demand, offset)
        : ordered.scanDown(minKey, demand, offset);
      if (h < 0) continue;
      ordered.remove(h);
      if (!place(n, i, h)) continue;
      key[h] = keyOf(h);
      ordered.insert(h);
    }
  }
  const unplaced: number[] = [];
  const used = new Uint8Array(hostCount);
  let hostsUsed = 0;
  for (let i = 0; i < vmCount; i++) {
    const h = assignment[i]!;
    if (h < 0) unplaced.push(i);
    else if (used[h] === 0) {
      used[h] = 1;
      hostsUsed++;
    }
  }
  const details: Record<string, string | number | boolean> = {
    dimensions: dimensions.join(","),
  };
  if (decreasing) details.sortKey = sortKey;
  if (rule === "best") details.residual = residual;
  return { algorithm, assignment, unplaced, hostsUsed, details };
}
