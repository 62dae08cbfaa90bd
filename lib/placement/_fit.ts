/**
 * The engine behind the fit heuristics: input checks, packing of the instance into typed
 * arrays, a segment tree for first fit and an ordered host list for best and worst fit.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { nonNegative, oneOf, show } from "../_validate.ts";
import type { DecreasingFitOptions, SortKey } from "./fit_options.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";

/** Which host a heuristic picks among those a VM fits. */
export type FitRule = "first" | "best" | "worst";

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
    for (let d = 0; d < k; d++) {
      const dim = dimensions[d]!;
      demand[i * k + d] = nonNegative(action, `vms[${i}].${dim}`, vm[dim]);
    }
  }
  return { dimensions, k, capacity, demand, scale, hostCount: hosts.length, vmCount: vms.length };
}

/** The normalised size of VM `i`: sum or max over dimensions of demand / scale. */
export function vmSize(instance: PackedInstance, i: number, key: SortKey): number {
  const { k, demand, scale } = instance;
  let size = 0;
  for (let d = 0; d < k; d++) {
    const share = demand[i * k + d]! / scale[d]!;
    size = key === "sum" ? size + share : Math.max(size, share);
  }
  return size;
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
 * Max-segment tree over hosts in index order: each node holds, per dimension, the largest
 * remaining capacity of any host below it. First fit descends to the leftmost leaf whose
 * maxima cover the demand, pruning every subtree whose maximum falls short in some
 * dimension; a leaf holds the exact remaining capacity, so reaching one means the VM fits.
 */
class MaxTree {
  readonly #k: number;
  readonly #size: number;
  readonly #tree: Float64Array;
  readonly #stack = new Int32Array(64);

  constructor(remaining: Float64Array, hostCount: number, k: number) {
    let size = 1;
    while (size < hostCount) size *= 2;
    this.#k = k;
    this.#size = size;
    this.#tree = new Float64Array(2 * size * k).fill(-Infinity);
    this.#tree.set(remaining.subarray(0, hostCount * k), size * k);
    for (let p = size - 1; p >= 1; p--) this.#pull(p);
  }

  #pull(p: number): void {
    const k = this.#k;
    const t = this.#tree;
    for (let d = 0; d < k; d++) {
      t[p * k + d] = Math.max(t[2 * p * k + d]!, t[(2 * p + 1) * k + d]!);
    }
  }

  #covers(p: number, demand: Float64Array, offset: number): boolean {
    const k = this.#k;
    const t = this.#tree;
    for (let d = 0; d < k; d++) if (!(t[p * k + d]! >= demand[offset + d]!)) return false;
    return true;
  }

  /** The lowest-index host whose remaining capacity covers the demand, or -1. */
  findFirst(demand: Float64Array, offset: number): number {
    const stack = this.#stack;
    let top = 0;
    stack[top++] = 1;
    while (top > 0) {
      const p = stack[--top]!;
      STATS.visits++;
      if (!this.#covers(p, demand, offset)) continue;
      if (p >= this.#size) return p - this.#size;
      stack[top++] = 2 * p + 1;
      stack[top++] = 2 * p;
    }
    return -1;
  }

  /** Removes host `h` from every future search. */
  kill(h: number): void {
    const k = this.#k;
    let p = this.#size + h;
    for (let d = 0; d < k; d++) this.#tree[p * k + d] = -Infinity;
    for (p >>= 1; p >= 1; p >>= 1) this.#pull(p);
  }

  /** Writes host `h`'s remaining capacity and updates its ancestors. */
  update(h: number, remaining: Float64Array): void {
    const k = this.#k;
    let p = this.#size + h;
    for (let d = 0; d < k; d++) this.#tree[p * k + d] = remaining[h * k + d]!;
    for (p >>= 1; p >= 1; p >>= 1) this.#pull(p);
  }
}

export const STATS = { visits: 0, scans: 0 };
/** Target block length of the ordered host list (blocks split at twice this). */
const BLOCK = 256;

/**
 * Hosts ordered by a key (their summed normalised remaining capacity), kept as a list of
 * sorted blocks so that lower-bound search, removal and insertion cost O(√m) element moves
 * at most. Ties are ordered by host index, increasing (`ascendingTies`) or decreasing, so
 * that a scan from either end meets tied hosts lowest index first.
 */
class OrderedHosts {
  readonly #key: Float64Array;
  readonly #tie: number;
  #blocks: number[][];

  constructor(key: Float64Array, hostCount: number, ascendingTies: boolean) {
    this.#key = key;
    this.#tie = ascendingTies ? 1 : -1;
    const all = Array.from({ length: hostCount }, (_, h) => h);
    all.sort((a, b) => this.#compare(a, b));
    this.#blocks = [];
    for (let s = 0; s < all.length; s += BLOCK) this.#blocks.push(all.slice(s, s + BLOCK));
  }

  #compare(a: number, b: number): number {
    return this.#key[a]! - this.#key[b]! || (a - b) * this.#tie;
  }

  /** Index of the first block whose last element is >= h in the order, or blocks.length. */
  #blockOf(h: number): number {
    const blocks = this.#blocks;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid]!;
      if (this.#compare(block[block.length - 1]!, h) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #positionIn(block: number[], h: number): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#compare(block[mid]!, h) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes host h; call before changing its key. */
  remove(h: number): void {
    const b = this.#blockOf(h);
    const block = this.#blocks[b]!;
    block.splice(this.#positionIn(block, h), 1);
    if (block.length === 0) this.#blocks.splice(b, 1);
  }

  /** Inserts host h at its key's place. */
  insert(h: number): void {
    const blocks = this.#blocks;
    if (blocks.length === 0) {
      blocks.push([h]);
      return;
    }
    const b = Math.min(this.#blockOf(h), blocks.length - 1);
    const block = blocks[b]!;
    block.splice(this.#positionIn(block, h), 0, h);
    if (block.length > 2 * BLOCK) blocks.splice(b + 1, 0, block.splice(BLOCK));
  }

  /** Lowest host (in order) whose key is >= minKey and which `fits`, or -1. */
  scanUp(minKey: number, fits: (h: number) => boolean): number {
    const blocks = this.#blocks;
    const key = this.#key;
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = blocks[mid]!;
      if (key[block[block.length - 1]!]! < minKey) lo = mid + 1;
      else hi = mid;
    }
    for (let b = lo; b < blocks.length; b++) {
      const block = blocks[b]!;
      let start = 0;
      if (b === lo) {
        let l = 0;
        let r = block.length;
        while (l < r) {
          const mid = (l + r) >> 1;
          if (key[block[mid]!]! < minKey) l = mid + 1;
          else r = mid;
        }
        start = l;
      }
      for (let j = start; j < block.length; j++) { STATS.scans++; if (fits(block[j]!)) return block[j]!; }
    }
    return -1;
  }

  /** Highest host (in order) whose key is >= minKey and which `fits`, or -1. */
  scanDown(minKey: number, fits: (h: number) => boolean): number {
    const blocks = this.#blocks;
    for (let b = blocks.length - 1; b >= 0; b--) {
      const block = blocks[b]!;
      for (let j = block.length - 1; j >= 0; j--) {
        const h = block[j]!;
        if (this.#key[h]! < minKey) return -1;
        if (fits(h)) return h;
      }
    }
    return -1;
  }
}

/**
 * Per position n of the placement order, the component-wise minimum demand of the VMs at
 * positions n, n + 1, ... (row n = vmCount is +Infinity: no VM is left).
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
  options: DecreasingFitOptions,
  rule: FitRule,
  decreasing: boolean,
): PlacementResult {
  const { dimensions = DIMENSIONS, sortKey = "sum" } = options ?? {};
  if (decreasing) oneOf(action, "sortKey", sortKey, ["sum", "max"] as const);
  const instance = packInstance(action, hosts, vms, dimensions);
  const { k, demand, scale, hostCount, vmCount } = instance;
  const remaining = new Float64Array(instance.capacity);
  const order = decreasing ? decreasingOrder(instance, sortKey) : null;
  const assignment = new Array<number>(vmCount).fill(-1);
  const fits = (h: number, offset: number): boolean => {
    for (let d = 0; d < k; d++) if (!(demand[offset + d]! <= remaining[h * k + d]!)) return false;
    return true;
  };
  const subtract = (h: number, offset: number): void => {
    for (let d = 0; d < k; d++) remaining[h * k + d] = remaining[h * k + d]! - demand[offset + d]!;
  };
  if (rule === "first") {
    const tree = hostCount > 0 ? new MaxTree(remaining, hostCount, k) : null;
    const floor = suffixMinima(demand, k, order, vmCount);
    for (let n = 0; n < vmCount; n++) {
      const i = order ? order[n]! : n;
      const v0 = STATS.visits;
      const h = tree ? tree.findFirst(demand, i * k) : -1;
      (STATS as any).dec ??= new Array(10).fill(0);
      (STATS as any).dec[Math.floor(10 * n / vmCount)] += STATS.visits - v0;
      if (n === Math.floor(vmCount / 2) && (STATS as any).dump) {
        const out = [];
        for (let x = 0; x < h; x++) {
          let dead = false;
          for (let d = 0; d < k; d++) if (remaining[x * k + d]! < floor[(n) * k + d]!) dead = true;
          if (!dead) out.push(Array.from(remaining.subarray(x*k, x*k+k)).map((v,d)=> +(v/scale[d]!).toFixed(3)));
        }
        console.log("n", n, "h", h, "demand", Array.from(demand.subarray(i*k,i*k+k)).map((v,d)=> +(v/scale[d]!).toFixed(3)), "floor", Array.from(floor.subarray(n*k,n*k+k)).map((v,d)=> +(v/scale[d]!).toFixed(3)), "alive-left", out.length, JSON.stringify(out.slice(0,40)));
      }
      if (h < 0) continue;
      assignment[i] = h;
      subtract(h, i * k);
      let dead = false;
      for (let d = 0; d < k; d++) if (remaining[h * k + d]! < floor[(n + 1) * k + d]!) dead = true;
      if (dead) tree!.kill(h);
      else tree!.update(h, remaining);
    }
  } else {
    const key = new Float64Array(hostCount);
    const keyOf = (h: number): number => {
      let s = 0;
      for (let d = 0; d < k; d++) s += remaining[h * k + d]! / scale[d]!;
      return s;
    };
    for (let h = 0; h < hostCount; h++) key[h] = keyOf(h);
    const ordered = new OrderedHosts(key, hostCount, rule === "best");
    const floor = suffixMinima(demand, k, order, vmCount);
    for (let n = 0; n < vmCount; n++) {
      const i = order ? order[n]! : n;
      const offset = i * k;
      let size = 0;
      for (let d = 0; d < k; d++) size += demand[offset + d]! / scale[d]!;
      const test = (h: number): boolean => fits(h, offset);
      const h = rule === "best" ? ordered.scanUp(size, test) : ordered.scanDown(size, test);
      if (h < 0) continue;
      assignment[i] = h;
      ordered.remove(h);
      subtract(h, offset);
      key[h] = keyOf(h);
      let dead = false;
      for (let d = 0; d < k; d++) if (remaining[h * k + d]! < floor[(n + 1) * k + d]!) dead = true;
      if (!dead) ordered.insert(h);
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
  return { algorithm, assignment, unplaced, hostsUsed, details };
}
