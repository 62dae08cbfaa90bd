/**
 * The search behind the power-aware best fits (PABFD, OBFDF): "the host whose power draw
 * rises least when it takes this VM, ties to the lower index", without evaluating every
 * host for every VM.
 *
 * Hosts are grouped into classes that share a power curve and a CPU capacity (the power
 * increase of taking `δ` MIPS at load `u` is then one function `g(u) = P(u + δ) − P(u)` of
 * the load alone). Each class keeps a segment tree over its hosts in index order whose nodes
 * hold, for the hosts below, the largest room in every dimension, the smallest and largest
 * CPU load, the smallest load the overload threshold applies to, and the smallest rack
 * position. A search descends the trees depth first and skips a subtree when no host below
 * can take the VM (room, threshold, racks) or when a lower bound of `g` over the subtree's
 * load interval (exact for the piecewise-linear curves: the minimum of a piecewise-linear
 * function over an interval lies at an end or a breakpoint, less a safety margin for
 * rounding) cannot beat the best host found so far. Leaves are judged by the caller's own
 * test and increase, so the search is exact for the comparison rule below; the bound only
 * prunes.
 *
 * Comparison rule: increases are compared in whole {@link INCREASE_QUANTUM_WATTS} (rounded),
 * ties going to the lower host index. A plain `<` on the raw doubles would let the last bits
 * of rounding choose among hosts whose increases are equal in exact arithmetic (every host
 * of a class on a linear curve), which no index can reproduce and which depends on the
 * order of additions.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import {
  compilePowerTable,
  interpolateWatts,
  TABLE_POINT_TOLERANCE,
} from "../datacenter/_power_table.ts";

/**
 * Resolution of the power comparisons of PABFD and OBFDF, in watts: increases that round to
 * the same number of milliwatts are ties, and the lower host index wins.
 */
export const INCREASE_QUANTUM_WATTS = 1e-3;

/** The compare key of a power increase. */
export function increaseKey(watts: number): number {
  return Math.round(watts / INCREASE_QUANTUM_WATTS);
}

/** A power curve as equally spaced points over utilisation 0..1 (linear: 2 points). */
export interface PowerCurve {
  /** Draw at `steps + 1` equally spaced utilisations, watts. */
  watts: Float64Array;
  /** How close to a point (grid units) a draw snaps to it: `powerAt`'s rule for the model. */
  snapWithin: number;
  /** Largest draw, watts. */
  peak: number;
}

/** Compiles a (validated) power model. */
export function powerCurve(model: PowerModel): PowerCurve {
  const watts = compilePowerTable(model);
  const snapWithin = model.kind === "linear" ? -Infinity : TABLE_POINT_TOLERANCE;
  return { watts, snapWithin, peak: Math.max(...watts) };
}

/**
 * `powerAt(model, utilization)` without its input checks, through the same
 * `interpolateWatts` (so the same doubles), for a validated model and a utilisation in [0, 1].
 */
export function drawAt(curve: PowerCurve, utilization: number): number {
  const watts = curve.watts;
  return interpolateWatts(watts, utilization * (watts.length - 1), curve.snapWithin);
}

/** One class of hosts: same curve, same CPU capacity, same per-host limits. */
export interface PowerClass {
  /** The power curve. */
  curve: PowerCurve;
  /** CPU capacity of each host, MIPS. */
  cpuMips: number;
  /** Largest CPU load a host may reach where the threshold applies, MIPS (Infinity: none). */
  thresholdMips: number;
  /** Largest VM MIPS a host takes (one core; Infinity: no per-core check). */
  coreMips: number;
  /**
   * How an empty host is charged: from its idle draw (`false`, PABFD: `g(0)`) or from 0 W
   * (`true`, OBFDF: `P(δ / C)`, plus switches, which the bound leaves out).
   */
  emptyFromZero: boolean;
}

/**
 * Groups hosts into classes by power model (object identity), CPU capacity and per-core
 * limit; checks each model once (with `powerAt`'s own error).
 */
export function powerClasses(
  models: readonly PowerModel[],
  cpuMips: readonly number[],
  coreMips: readonly number[],
  rules: (cpuMips: number) => { thresholdMips: number; emptyFromZero: boolean },
): { classes: PowerClass[]; classOf: Int32Array; curveOf: PowerCurve[] } {
  const curves = new Map<PowerModel, { curve: PowerCurve; id: number }>();
  const ids = new Map<string, number>();
  const classes: PowerClass[] = [];
  const classOf = new Int32Array(models.length);
  const curveOf = models.map((model, j) => {
    let known = curves.get(model);
    if (known === undefined) {
      powerAt(model, 0);
      known = { curve: powerCurve(model), id: curves.size };
      curves.set(model, known);
    }
    const curve = known.curve;
    const key = `${known.id},${cpuMips[j]},${coreMips[j]}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = classes.length;
      ids.set(key, id);
      classes.push({ curve, cpuMips: cpuMips[j]!, coreMips: coreMips[j]!, ...rules(cpuMips[j]!) });
    }
    classOf[j] = id;
    return curve;
  });
  return { classes, classOf, curveOf };
}

/** What the caller says about one host for one VM: its exact increase, or NaN if it cannot. */
export type Evaluate = (host: number) => number;

/**
 * Most classes the trees are built for; with more (every host its own CPU capacity or
 * model), a tree per class would cost more than it saves and the search scans the hosts.
 */
const MAX_CLASSES = 32;

/** Most load buckets a class gets (segments of a finer table share buckets). */
const MAX_BUCKETS = 16;

/**
 * Segment trees of the hosts of each class and load bucket (see the module documentation).
 * A class's hosts that hold VMs are split by the segment of the power curve their CPU load
 * lies in (empty hosts form one more bucket), each bucket a tree over the class's hosts in
 * index order in which only the bucket's hosts are present: within one segment `g` is
 * linear in the load, so a subtree's bound is tight and whole buckets are skipped at once.
 */
export class PowerIndex {
  readonly #k: number;
  readonly #classes: readonly PowerClass[];
  readonly #members: Int32Array[];
  readonly #size: number[];
  /** Buckets per class (load buckets, then the empty bucket). */
  readonly #buckets: number[];
  /** First tree id of each class. */
  readonly #firstTree: number[];
  /** Per tree (class × bucket), node arrays. */
  readonly #room: Float64Array[] = [];
  readonly #minLoad: Float64Array[] = [];
  readonly #maxLoad: Float64Array[] = [];
  readonly #minThreshold: Float64Array[] = [];
  readonly #minRack: Float64Array[] = [];
  /** Position of each host in its class, and the tree it is in. */
  readonly #position: Int32Array;
  readonly #classOf: Int32Array;
  readonly #treeOf: Int32Array;
  readonly #tolerance: Float64Array;
  readonly #stack = new Int32Array(256);
  readonly #keys = new Float64Array(256);
  readonly #order: number[] = [];
  /** Scan mode (more than MAX_CLASSES classes): rack position of each host. */
  readonly #scanRack: Float64Array | undefined;
  readonly #rootBound: number[] = [];

  /**
   * @param classes The host classes.
   * @param classOf Class of each host.
   * @param room Initial room of each host, `hostCount × k` (compared as `demand <= room +
   *   tolerance` for pruning only).
   * @param tolerance Per dimension, how much a demand may exceed the stored room and still
   *   not be pruned (covers the caller's own rounding).
   * @param rack Rack position of each host (0 when racks do not matter).
   * @param thresholdLoad The load an empty host's threshold check sees (0, or -Infinity
   *   when empty hosts are exempt).
   */
  constructor(
    classes: readonly PowerClass[],
    classOf: Int32Array,
    room: Float64Array,
    tolerance: Float64Array,
    rack: Float64Array,
    thresholdLoad: number,
  ) {
    const k = tolerance.length;
    this.#k = k;
    this.#classes = classes;
    this.#classOf = classOf;
    this.#tolerance = tolerance;
    if (classes.length > MAX_CLASSES) {
      this.#scanRack = rack;
      this.#members = [];
      this.#position = new Int32Array(0);
      this.#treeOf = new Int32Array(0);
      this.#size = [];
      this.#buckets = [];
      this.#firstTree = [];
      return;
    }
    this.#scanRack = undefined;
    const counts = classes.map(() => 0);
    for (const c of classOf) counts[c]!++;
    this.#members = counts.map((n) => new Int32Array(n));
    this.#position = new Int32Array(classOf.length);
    this.#treeOf = new Int32Array(classOf.length);
    const fill = classes.map(() => 0);
    for (let j = 0; j < classOf.length; j++) {
      const c = classOf[j]!;
      this.#position[j] = fill[c]!;
      this.#members[c]![fill[c]!++] = j;
    }
    this.#size = counts.map((n) => {
      let size = 1;
      while (size < n) size *= 2;
      return size;
    });
    this.#buckets = classes.map((cls) => Math.min(MAX_BUCKETS, cls.curve.watts.length - 1) + 1);
    this.#firstTree = [];
    classes.forEach((_, c) => {
      this.#firstTree.push(this.#room.length);
      const size = this.#size[c]!;
      for (let b = 0; b < this.#buckets[c]!; b++) {
        this.#room.push(new Float64Array(2 * size * k).fill(-Infinity));
        this.#minLoad.push(new Float64Array(2 * size).fill(Infinity));
        this.#maxLoad.push(new Float64Array(2 * size).fill(-Infinity));
        this.#minThreshold.push(new Float64Array(2 * size).fill(Infinity));
        this.#minRack.push(new Float64Array(2 * size).fill(Infinity));
      }
    });
    for (let j = 0; j < classOf.length; j++) {
      const c = classOf[j]!;
      const t = this.#firstTree[c]! + this.#buckets[c]! - 1; // the empty bucket
      const leaf = this.#size[c]! + this.#position[j]!;
      this.#treeOf[j] = t;
      this.#room[t]!.set(room.subarray(j * k, j * k + k), leaf * k);
      this.#minLoad[t]![leaf] = 0;
      this.#maxLoad[t]![leaf] = 0;
      this.#minThreshold[t]![leaf] = thresholdLoad;
      this.#minRack[t]![leaf] = rack[j]!;
    }
    classes.forEach((_, c) => {
      const t = this.#firstTree[c]! + this.#buckets[c]! - 1;
      for (let p = this.#size[c]! - 1; p >= 1; p--) this.#pull(t, p);
    });
  }

  #pull(t: number, p: number): void {
    const k = this.#k;
    const room = this.#room[t]!;
    for (let d = 0; d < k; d++) {
      room[p * k + d] = Math.max(room[2 * p * k + d]!, room[(2 * p + 1) * k + d]!);
    }
    const minLoad = this.#minLoad[t]!;
    const maxLoad = this.#maxLoad[t]!;
    const minThreshold = this.#minThreshold[t]!;
    const minRack = this.#minRack[t]!;
    minLoad[p] = Math.min(minLoad[2 * p]!, minLoad[2 * p + 1]!);
    maxLoad[p] = Math.max(maxLoad[2 * p]!, maxLoad[2 * p + 1]!);
    minThreshold[p] = Math.min(minThreshold[2 * p]!, minThreshold[2 * p + 1]!);
    minRack[p] = Math.min(minRack[2 * p]!, minRack[2 * p + 1]!);
  }

  #set(t: number, leaf: number, values: Float64Array | undefined, offset: number, load: number) {
    const k = this.#k;
    if (values === undefined) this.#room[t]!.fill(-Infinity, leaf * k, leaf * k + k);
    else this.#room[t]!.set(values.subarray(offset, offset + k), leaf * k);
    this.#minLoad[t]![leaf] = values === undefined ? Infinity : load;
    this.#maxLoad[t]![leaf] = values === undefined ? -Infinity : load;
  }

  /**
   * Records that host `j` now holds a VM: its room (`k` values from `room` at `offset`),
   * its CPU load, and the load the threshold applies to.
   */
  update(j: number, room: Float64Array, offset: number, load: number, thresholdLoad: number) {
    if (this.#scanRack !== undefined) return;
    const c = this.#classOf[j]!;
    const cls = this.#classes[c]!;
    const loadBuckets = this.#buckets[c]! - 1;
    const steps = cls.curve.watts.length - 1;
    const segment = Math.min(steps - 1, Math.max(0, Math.floor((load / cls.cpuMips) * steps)));
    const t = this.#firstTree[c]! + Math.floor((segment * loadBuckets) / steps);
    const leaf = this.#size[c]! + this.#position[j]!;
    const old = this.#treeOf[j]!;
    if (old !== t) {
      const rack = this.#minRack[old]![leaf]!;
      this.#set(old, leaf, undefined, 0, 0);
      this.#minThreshold[old]![leaf] = Infinity;
      this.#minRack[old]![leaf] = Infinity;
      for (let p = leaf >> 1; p >= 1; p >>= 1) this.#pull(old, p);
      this.#minRack[t]![leaf] = rack;
      this.#treeOf[j] = t;
    }
    this.#set(t, leaf, room, offset, load);
    this.#minThreshold[t]![leaf] = thresholdLoad;
    for (let p = leaf >> 1; p >= 1; p >>= 1) this.#pull(t, p);
  }

  /** Whether node `p` of tree `t` may hold a host that takes `demand` (room only). */
  #roomFor(t: number, p: number, demand: Float64Array): boolean {
    const k = this.#k;
    const room = this.#room[t]!;
    for (let d = 0; d < k; d++) {
      if (room[p * k + d]! + this.#tolerance[d]! < demand[d]!) return false;
    }
    return true;
  }

  /** Lower bound of the increase over the hosts below node `p` of tree `t` (class `c`). */
  #bound(c: number, t: number, p: number, mips: number, emptyBound: number): number {
    const lo = this.#minLoad[t]![p]!;
    const hi = this.#maxLoad[t]![p]!;
    if (lo > hi) return Infinity;
    if (t === this.#firstTree[c]! + this.#buckets[c]! - 1) return emptyBound;
    return lowestIncrease(this.#classes[c]!, lo, hi, mips);
  }

  /**
   * The host with the least increase key for a VM of `mips` MIPS and `demand`, among hosts
   * in racks `< racksOpen` that `evaluate` accepts; ties to the lower index; -1 if none.
   */
  best(mips: number, demand: Float64Array, racksOpen: number, evaluate: Evaluate): number {
    let bestKey = Infinity;
    let bestHost = -1;
    const scanRack = this.#scanRack;
    if (scanRack !== undefined) {
      for (let j = 0; j < scanRack.length; j++) {
        if (scanRack[j]! >= racksOpen || mips > this.#classes[this.#classOf[j]!]!.coreMips) {
          continue;
        }
        const increase = evaluate(j);
        if (Number.isNaN(increase)) continue;
        const key = increaseKey(increase);
        if (key < bestKey) [bestKey, bestHost] = [key, j];
      }
      return bestHost;
    }
    const stack = this.#stack;
    // Trees in increasing order of their root's bound, so that a good host is found early.
    const order = this.#order;
    const rootBound = this.#rootBound;
    order.length = 0;
    const emptyBounds: number[] = [];
    for (let c = 0; c < this.#classes.length; c++) {
      const cls = this.#classes[c]!;
      emptyBounds.push(
        cls.emptyFromZero
          ? drawAt(cls.curve, Math.min(1, mips / cls.cpuMips))
          : lowestIncrease(cls, 0, 0, mips),
      );
      if (mips > cls.coreMips) continue;
      for (let b = 0; b < this.#buckets[c]!; b++) {
        const t = this.#firstTree[c]! + b;
        rootBound[t] = this.#bound(c, t, 1, mips, emptyBounds[c]!) -
          1e-8 * cls.curve.peak;
        if (rootBound[t] !== Infinity) order.push(t);
      }
    }
    order.sort((a, b) => rootBound[a]! - rootBound[b]! || a - b);
    for (const t of order) {
      let c = 0;
      while (c + 1 < this.#classes.length && this.#firstTree[c + 1]! <= t) c++;
      const cls = this.#classes[c]!;
      const size = this.#size[c]!;
      const members = this.#members[c]!;
      const minThreshold = this.#minThreshold[t]!;
      const minRack = this.#minRack[t]!;
      const margin = 1e-8 * cls.curve.peak;
      const keys = this.#keys;
      const open = (p: number) =>
        minRack[p]! < racksOpen && minThreshold[p]! + mips <= cls.thresholdMips &&
        this.#roomFor(t, p, demand);
      if (!open(1)) continue;
      let top = 0;
      keys[top] = -Infinity;
      stack[top++] = 1;
      while (top > 0) {
        const p = stack[--top]!;
        const bound = keys[top]!;
        if (bound > bestKey) continue;
        if (bound === bestKey) {
          const level = 31 - Math.clz32(p);
          if (members[(p - (1 << level)) * (size >> level)]! > bestHost) continue;
        }
        if (p >= size) {
          const j = members[p - size]!;
          const increase = evaluate(j);
          if (Number.isNaN(increase)) continue;
          const key = increaseKey(increase);
          if (key < bestKey || (key === bestKey && j < bestHost)) {
            bestKey = key;
            bestHost = j;
          }
          continue;
        }
        // Children that may hold a host taking the VM, the one with the lower bound popped
        // first (the left one on equal bounds).
        let left = -Infinity;
        let right = -Infinity;
        const l = 2 * p;
        const r = l + 1;
        const leftOk = open(l);
        const rightOk = open(r);
        if (leftOk && l < size) {
          left = increaseKey(this.#bound(c, t, l, mips, emptyBounds[c]!) - margin);
        }
        if (rightOk && r < size) {
          right = increaseKey(this.#bound(c, t, r, mips, emptyBounds[c]!) - margin);
        }
        if (leftOk && rightOk && right < left) {
          keys[top] = left;
          stack[top++] = l;
          keys[top] = right;
          stack[top++] = r;
        } else {
          if (rightOk) {
            keys[top] = right;
            stack[top++] = r;
          }
          if (leftOk) {
            keys[top] = left;
            stack[top++] = l;
          }
        }
      }
    }
    return bestHost;
  }

  /** The smallest rack position among the hosts `fits` accepts (room-pruned), or Infinity. */
  nearestRack(demand: Float64Array, fits: (host: number) => boolean): number {
    let nearest = Infinity;
    const scanRack = this.#scanRack;
    if (scanRack !== undefined) {
      for (let j = 0; j < scanRack.length; j++) {
        if (scanRack[j]! < nearest && fits(j)) nearest = scanRack[j]!;
      }
      return nearest;
    }
    const stack = this.#stack;
    for (let c = 0; c < this.#classes.length; c++) {
      const size = this.#size[c]!;
      const members = this.#members[c]!;
      for (let b = 0; b < this.#buckets[c]!; b++) {
        const t = this.#firstTree[c]! + b;
        const minRack = this.#minRack[t]!;
        let top = 0;
        stack[top++] = 1;
        while (top > 0) {
          const p = stack[--top]!;
          if (minRack[p]! >= nearest || !this.#roomFor(t, p, demand)) continue;
          if (p >= size) {
            if (fits(members[p - size]!)) nearest = minRack[p]!;
            continue;
          }
          stack[top++] = 2 * p + 1;
          stack[top++] = 2 * p;
        }
      }
    }
    return nearest;
  }
}

/**
 * The least of `g(u) = P(min(1, (u + δ) / C)) − P(min(1, u / C))` over loads `u` in
 * `[lo, hi]`: `g` is piecewise linear with breakpoints where `u / C` or `(u + δ) / C`
 * meets a point of the curve or 1, so its minimum over the interval is at an end or at one
 * of those breakpoints.
 */
function lowestIncrease(cls: PowerClass, lo: number, hi: number, delta: number): number {
  const { curve, cpuMips } = cls;
  const g = (u: number) =>
    drawAt(curve, Math.min(1, (u + delta) / cpuMips)) - drawAt(curve, Math.min(1, u / cpuMips));
  let least = Math.min(g(lo), g(hi));
  if (hi <= lo) return least;
  const steps = curve.watts.length - 1;
  // Breakpoints u = i C / steps and u = i C / steps - δ strictly inside (lo, hi), and the
  // clamp at u + δ = C (i = steps); the index ranges are widened by one against rounding.
  const from = Math.max(0, Math.floor((lo / cpuMips) * steps) - 1);
  const to = Math.min(steps, Math.ceil(((hi + delta) / cpuMips) * steps) + 1);
  for (let i = from; i <= to; i++) {
    const at = (i / steps) * cpuMips;
    if (at > lo && at < hi) least = Math.min(least, g(at));
    const before = at - delta;
    if (before > lo && before < hi) least = Math.min(least, g(before));
  }
  return least;
}
