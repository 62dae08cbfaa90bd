/**
 * The order in which the data-centre simulation's power-aware best fit tries target hosts,
 * found without evaluating every host: hosts by increasing power increase, ties to the lower
 * host index, produced one at a time (the caller stops at the first host its overload check
 * accepts). The sequence is exactly the one a full evaluation sorted by `(increase, index)`
 * gives (`CandidateQueue`); hosts that cannot come earlier are never evaluated.
 *
 * The increase of placing `δ` MIPS on host `h` is written `g(x_h) + d_h`, where
 * `g(x) = P(min(1, (x + δ) / C)) − P(min(1, x / C))` depends on the host's class (power table
 * `P`, CPU capacity `C` and the caller's other constants) and on the load `x_h` the placement
 * adds to, and `d_h` is the rest (the power at `x_h` less what the rule subtracts). Hosts of a
 * class are kept in one segment tree per segment of the power table their load lies in (g is
 * linear in the load within a segment), each tree over the class's hosts in index order with,
 * per node, the largest room in every dimension, the least and largest load, the least `d`,
 * the least host index present, and whether all hosts below have the same state (the
 * caller's signature: then they all give a VM the same increase, to the last bit).
 *
 * A best-first search pops entries by `(key, host index)`: a leaf's key is its exact increase
 * (from the caller's `evaluate`, the same arithmetic as a full evaluation), a uniform node's
 * key is the exact increase of its first host, and another node's key is a lower bound: the
 * least of `g` over its load interval (exact for piecewise-linear tables: the minimum of a
 * piecewise-linear function lies at an end or a breakpoint) plus its least `d`, less a margin
 * far above rounding. No host below a node comes before the node, so hosts pop in the exact
 * order; uniform nodes make a run of equal increases (switched-off hosts of one model) cost
 * a descent instead of a full expansion. A node with at most 16 leaves is replaced by its
 * hosts' own entries at once: its inner nodes' bounds seldom prune (hosts whose increases
 * differ only by rounding must each be evaluated to be ordered), so skipping them saves their
 * bounds and heap moves (about 15 % of a synthetic data centre's run) for a few more
 * evaluations. Those hosts are sorted by `(key, host index)` among themselves and only the
 * first is in the heap; popping it puts its successor there (a smaller heap).
 *
 * A search can be resumed: `begin` with a key (the caller's promise that the same key means
 * the same `evaluate` for every host, e.g. the VM's demand when nothing else of the VM is
 * read) keeps the search's state (its heap, expanded buckets and the hosts it yielded, in
 * order, with their keys) until the next rebuild. Every change of a host (`set`, `remove`) is
 * logged with a clock, and every entry carries the clock at which it was made (an expanded
 * node's children inherit it). A later search with the key starts from that state: hosts
 * changed since an entry was made are skipped when it yields them, and each host changed
 * since the key's last search and in the index now gets a fresh entry (its exact increase
 * now; the hosts taken out, every switched-off host at each update, are not even visited:
 * 223 million visits of 262 million in a synthetic data centre's run); the hosts yielded
 * before (still valid) come out again, merged by (key, index) with the rest. An entry's key
 * is a lower bound, or the exact increase, of every host below it that has not changed since
 * it was made, so the sequence is again exactly the full sort's. In a synthetic data centre
 * most searches repeat a demand of the same update (demands are whole percents of four VM
 * sizes), and a repeat evaluates the few hosts changed since instead of the hundreds whose
 * increases are equal up to rounding.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { interpolateWatts } from "./_power_table.ts";

/** Safety margin of the bounds, as a fraction of the class's peak power. */
const MARGIN = 1e-9;

/** From this many hosts on, {@link HostOrder.removeAll} recomputes each ancestor once. */
const BULK_REMOVALS = 32;

/** Nodes with at most 2^BUCKET_SHIFT leaves are expanded straight to their hosts. */
const BUCKET_SHIFT = 4;

/** A class of hosts: one power table, one CPU capacity, the same constants. */
interface HostClass {
  table: Float64Array;
  cpuMips: number;
  peak: number;
  /** Members in host-index order. */
  members: Int32Array;
  /** Leaves of its tree (a power of 2). */
  size: number;
}

/** What the index keeps of one host (see {@link HostOrder.set}). */
export interface HostOrderEntry {
  /** The load the increase adds to (same unit as `cpuMips`). */
  x: number;
  /** The rest of the increase (watts). */
  d: number;
  /** Room in each dimension. */
  room: Float64Array;
  /** The host's state: hosts of a class with equal signatures give equal increases. */
  signature: Float64Array;
}

/**
 * Hosts indexed for the ordered best-fit search (see the module documentation).
 */
export class HostOrder {
  readonly #dims: number;
  readonly #sigLength: number;
  readonly #classes: HostClass[] = [];
  readonly #classOf: Int32Array;
  readonly #position: Int32Array;
  /** Tree each host is in, -1 when absent. */
  readonly #treeOf: Int32Array;
  readonly #signature: Float64Array;
  /** Each host's entry as last given (read when the trees are rebuilt). */
  readonly #xOf: Float64Array;
  readonly #dOf: Float64Array;
  readonly #roomOf: Float64Array;
  readonly #classOfTree: number[] = [];
  readonly #room: Float64Array[] = [];
  readonly #minX: Float64Array[] = [];
  readonly #maxX: Float64Array[] = [];
  readonly #minD: Float64Array[] = [];
  /** Least host index present below a node (the host count when none). */
  readonly #first: Int32Array[] = [];
  readonly #uniform: Uint8Array[] = [];
  /** Per tree, the nodes {@link removeAll} has yet to recompute. */
  readonly #dirty: Uint8Array[] = [];
  readonly #tolerance: Float64Array;
  readonly #absent: number;
  /** The search under way (its heap, buckets and yielded hosts). */
  #s: Stream = new Stream();
  /** The stream of searches without a key (reset at each). */
  readonly #scratch: Stream;
  /** Streams by key since the last rebuild, and spare ones. */
  readonly #streams = new Map<number, Stream>();
  readonly #spare: Stream[] = [];
  /** Changes since the last rebuild (their count). */
  #clock = 0;
  /** Clock of each host's last change (0: none since the rebuild). */
  readonly #changedAt: Int32Array;
  /**
   * The hosts changed since the last rebuild and in the index now, linked by their last
   * change: the latest, and each one's predecessor (the host changed last before it, -1 for
   * none), so that the hosts a resumed search must take in afresh are visited once each,
   * however often they changed, and the hosts taken out (every switched-off host, at each
   * update) not at all.
   */
  #latest = -1;
  readonly #earlier: Int32Array;
  readonly #later: Int32Array;
  /** Whether each host is in that list. */
  readonly #listed: Uint8Array;
  #delta = 0;
  #demand: Float64Array;
  #uniformOk = true;
  #evaluate: (host: number) => number = () => Infinity;

  /**
   * @param tables Power table of each host.
   * @param cpuMips CPU capacity of each host.
   * @param classKey Each host's other constants, as a string: hosts sharing a table object,
   *   a capacity and this key form a class.
   * @param tolerance Per room dimension, how far a demand may exceed the stored room and
   *   still not be pruned (above the caller's rounding).
   * @param signatureLength Values in each host's signature.
   */
  constructor(
    tables: readonly Float64Array[],
    cpuMips: Float64Array,
    classKey: (host: number) => string,
    tolerance: Float64Array,
    signatureLength: number,
  ) {
    const H = tables.length;
    const k = tolerance.length;
    this.#dims = k;
    this.#sigLength = signatureLength;
    this.#tolerance = tolerance;
    this.#absent = H;
    this.#demand = new Float64Array(k);
    this.#changedAt = new Int32Array(H);
    this.#earlier = new Int32Array(H);
    this.#later = new Int32Array(H);
    this.#listed = new Uint8Array(H);
    this.#scratch = this.#s;
    this.#classOf = new Int32Array(H);
    this.#position = new Int32Array(H);
    this.#treeOf = new Int32Array(H).fill(-1);
    this.#signature = new Float64Array(H * signatureLength);
    this.#xOf = new Float64Array(H);
    this.#dOf = new Float64Array(H);
    this.#roomOf = new Float64Array(H * k);
    const tableIds = new Map<Float64Array, number>();
    const ids = new Map<string, number>();
    const counts: number[] = [];
    for (let h = 0; h < H; h++) {
      const table = tables[h]!;
      let tableId = tableIds.get(table);
      if (tableId === undefined) tableIds.set(table, tableId = tableIds.size);
      const key = `${tableId}|${cpuMips[h]}|${classKey(h)}`;
      let c = ids.get(key);
      if (c === undefined) {
        c = this.#classes.length;
        ids.set(key, c);
        this.#classes.push({
          table,
          cpuMips: cpuMips[h]!,
          peak: Math.max(...table),
          members: new Int32Array(0),
          size: 1,
        });
        counts.push(0);
      }
      this.#classOf[h] = c;
      this.#position[h] = counts[c]!++;
    }
    this.#classes.forEach((cls, c) => {
      cls.members = new Int32Array(counts[c]!);
      while (cls.size < counts[c]!) cls.size *= 2;
      this.#classOfTree.push(c);
      this.#room.push(new Float64Array(2 * cls.size * k).fill(-Infinity));
      this.#minX.push(new Float64Array(2 * cls.size).fill(Infinity));
      this.#maxX.push(new Float64Array(2 * cls.size).fill(-Infinity));
      this.#minD.push(new Float64Array(2 * cls.size).fill(Infinity));
      this.#first.push(new Int32Array(2 * cls.size).fill(H));
      this.#uniform.push(new Uint8Array(2 * cls.size).fill(1));
      this.#dirty.push(new Uint8Array(cls.size));
    });
    for (let h = 0; h < H; h++) {
      this.#classes[this.#classOf[h]!]!.members[this.#position[h]!] = h;
    }
  }

  /** Number of host classes (one tree per class and load bucket). */
  get classCount(): number {
    return this.#classes.length;
  }

  #sameSignature(a: number, b: number): boolean {
    const s = this.#sigLength;
    const sig = this.#signature;
    for (let i = 0; i < s; i++) if (!Object.is(sig[a * s + i], sig[b * s + i])) return false;
    return true;
  }

  /**
   * Recomputes node `p` of tree `t` from its children; returns whether any of its values
   * changed (compared as `Object.is` does).
   */
  #pull(t: number, p: number): boolean {
    const k = this.#dims;
    const room = this.#room[t]!;
    const l = 2 * p, r = l + 1;
    let changed = false;
    for (let d = 0; d < k; d++) {
      const a = room[l * k + d]!, b = room[r * k + d]!;
      const v = a > b ? a : b;
      if (!same(room[p * k + d]!, v)) changed = true;
      room[p * k + d] = v;
    }
    const minX = this.#minX[t]!, maxX = this.#maxX[t]!, minD = this.#minD[t]!;
    const lo = minX[l]! < minX[r]! ? minX[l]! : minX[r]!;
    const hi = maxX[l]! > maxX[r]! ? maxX[l]! : maxX[r]!;
    const d = minD[l]! < minD[r]! ? minD[l]! : minD[r]!;
    if (!same(minX[p]!, lo) || !same(maxX[p]!, hi) || !same(minD[p]!, d)) changed = true;
    minX[p] = lo;
    maxX[p] = hi;
    minD[p] = d;
    const first = this.#first[t]!, uniform = this.#uniform[t]!;
    const fl = first[l]!, fr = first[r]!;
    const f = fl < fr ? fl : fr;
    // all hosts below share a signature when each child's do and their first hosts' agree
    const u = fl === this.#absent
      ? uniform[r]!
      : fr === this.#absent
      ? uniform[l]!
      : (uniform[l]! & uniform[r]!) === 1 && this.#sameSignature(fl, fr)
      ? 1
      : 0;
    if (first[p] !== f || uniform[p] !== u) changed = true;
    first[p] = f;
    uniform[p] = u;
    return changed;
  }

  /**
   * Brings the ancestors of leaf `leaf` of tree `t` up to date after host h's leaf changed.
   * A node whose values did not change leaves its ancestors as they were, unless h is its
   * first host: an ancestor's uniform flag compares its children's first hosts' signatures,
   * and h's may have changed (a node whose first host is not h has a lower-indexed host
   * below it, so h is no ancestor's child's first host).
   */
  #pullUp(t: number, leaf: number, h: number): void {
    const first = this.#first[t]!;
    for (let p = leaf >> 1; p >= 1; p >>= 1) {
      if (!this.#pull(t, p) && first[p] !== h) return;
    }
  }

  /** Stores host h's entry. */
  #store(h: number, entry: HostOrderEntry): void {
    const k = this.#dims;
    this.#xOf[h] = entry.x;
    this.#dOf[h] = entry.d;
    for (let i = 0; i < k; i++) this.#roomOf[h * k + i] = entry.room[i]!;
    // a loop, not set(subarray(...)): a view made at every update costs more than the copy
    const sig = this.#signature, n = this.#sigLength;
    for (let i = 0; i < n; i++) sig[h * n + i] = entry.signature[i]!;
  }

  /** Writes leaf `leaf` of tree `t`: host h's stored entry, or absent when `present` is false. */
  #write(t: number, leaf: number, h: number, present: boolean): void {
    const k = this.#dims;
    const room = this.#room[t]!;
    if (!present) {
      room.fill(-Infinity, leaf * k, leaf * k + k);
      this.#minX[t]![leaf] = Infinity;
      this.#maxX[t]![leaf] = -Infinity;
      this.#minD[t]![leaf] = Infinity;
      this.#first[t]![leaf] = this.#absent;
      this.#uniform[t]![leaf] = 1;
      return;
    }
    for (let i = 0; i < k; i++) room[leaf * k + i] = this.#roomOf[h * k + i]!;
    this.#minX[t]![leaf] = this.#xOf[h]!;
    this.#maxX[t]![leaf] = this.#xOf[h]!;
    this.#minD[t]![leaf] = this.#dOf[h]!;
    this.#first[t]![leaf] = h;
    this.#uniform[t]![leaf] = 1;
  }

  /**
   * Empties the index (then {@link load} the hosts and {@link finish}); searches kept to be
   * resumed are dropped.
   */
  clear(): void {
    this.#treeOf.fill(-1);
    for (const s of this.#streams.values()) this.#spare.push(s);
    this.#streams.clear();
    this.#clock = 0;
    this.#changedAt.fill(0);
    this.#latest = -1;
    this.#listed.fill(0);
  }

  /**
   * Logs a change of host h: it is stamped with the next clock and becomes the latest host of
   * the change list, or leaves the list when it is taken out of the index (`present` false:
   * a resumed search has no entry to make for it, and its stamp skips its old entries).
   */
  #changed(h: number, present: boolean): void {
    const earlier = this.#earlier, later = this.#later;
    if (this.#listed[h] === 1 && (this.#latest !== h || !present)) {
      const e = earlier[h]!;
      if (this.#latest === h) this.#latest = e;
      else {
        // a host before the latest has a later one
        const l = later[h]!;
        if (e >= 0) later[e] = l;
        earlier[l] = e;
      }
      this.#listed[h] = 0;
    }
    if (present && this.#latest !== h) {
      earlier[h] = this.#latest;
      if (this.#latest >= 0) later[this.#latest] = h;
      this.#latest = h;
      this.#listed[h] = 1;
    }
    this.#changedAt[h] = ++this.#clock;
  }

  /** Adds host h to an index being rebuilt. */
  load(h: number, entry: HostOrderEntry): void {
    this.#store(h, entry);
    this.#treeOf[h] = this.#classOf[h]!;
  }

  /**
   * Completes a rebuild: each class's tree holds its hosts in order of load (ties in index
   * order), so that a node covers a narrow range of loads and its bound is tight. A host
   * updated later keeps its place (its node's range widens; the bound stays valid).
   */
  finish(): void {
    const x = this.#xOf;
    const present = this.#treeOf;
    this.#classes.forEach((cls, t) => {
      const members = cls.members, order: number[] = [];
      for (let i = 0; i < members.length; i++) order.push(members[i]!);
      order.sort((a, b) =>
        (present[a]! < 0 ? 1 : 0) - (present[b]! < 0 ? 1 : 0) || x[a]! - x[b]! || a - b
      );
      for (let i = 0; i < order.length; i++) {
        const h = order[i]!;
        this.#position[h] = i;
        this.#write(t, cls.size + i, h, present[h]! >= 0);
      }
      for (let p = cls.size - 1; p >= 1; p--) this.#pull(t, p);
    });
  }

  /** Updates host `h` (in the index since the last rebuild) after a change. */
  set(h: number, entry: HostOrderEntry): void {
    this.#changed(h, true);
    this.#store(h, entry);
    const t = this.#classOf[h]!;
    this.#treeOf[h] = t;
    const leaf = this.#classes[t]!.size + this.#position[h]!;
    this.#write(t, leaf, h, true);
    this.#pullUp(t, leaf, h);
  }

  /** Takes host `h` out of the index (an excluded host). */
  remove(h: number): void {
    const t = this.#treeOf[h]!;
    if (t < 0) return;
    this.#changed(h, false);
    const leaf = this.#classes[t]!.size + this.#position[h]!;
    this.#write(t, leaf, h, false);
    this.#pullUp(t, leaf, h);
    this.#treeOf[h] = -1;
  }

  /**
   * Takes the given hosts out of the index, as {@link remove} does one by one (the same
   * trees and change log), recomputing each ancestor once when they are many (the hosts
   * switched off at an update, excluded together).
   */
  removeAll(hosts: readonly number[]): void {
    if (hosts.length < BULK_REMOVALS) {
      for (const h of hosts) this.remove(h);
      return;
    }
    const dirty = this.#dirty;
    for (const h of hosts) {
      const t = this.#treeOf[h]!;
      if (t < 0) continue;
      this.#changed(h, false);
      const size = this.#classes[t]!.size;
      const leaf = size + this.#position[h]!;
      this.#write(t, leaf, h, false);
      this.#treeOf[h] = -1;
      const marks = dirty[t]!;
      for (let p = leaf >> 1; p >= 1 && marks[p] === 0; p >>= 1) marks[p] = 1;
    }
    // children before parents: a node's children have larger numbers
    for (let t = 0; t < dirty.length; t++) {
      const marks = dirty[t]!;
      for (let p = this.#classes[t]!.size - 1; p >= 1; p--) {
        if (marks[p] === 0) continue;
        marks[p] = 0;
        this.#pull(t, p);
      }
    }
  }

  /**
   * Recomputes every node of every tree from the leaves up and returns how many held other
   * values (`Object.is`): 0 when the updates since the last rebuild ({@link set},
   * {@link remove}, {@link removeAll}, which stop early or recompute once) kept the trees
   * exact. For tests; the trees hold the recomputed values afterwards.
   */
  audit(): number {
    let wrong = 0;
    const k = this.#dims;
    for (let t = 0; t < this.#room.length; t++) {
      const room = this.#room[t]!.slice(), minX = this.#minX[t]!.slice();
      const maxX = this.#maxX[t]!.slice(), minD = this.#minD[t]!.slice();
      const first = this.#first[t]!.slice(), uniform = this.#uniform[t]!.slice();
      for (let p = this.#classes[t]!.size - 1; p >= 1; p--) {
        this.#pull(t, p);
        let ok = Object.is(minX[p], this.#minX[t]![p]) && Object.is(maxX[p], this.#maxX[t]![p]) &&
          Object.is(minD[p], this.#minD[t]![p]) && first[p] === this.#first[t]![p] &&
          uniform[p] === this.#uniform[t]![p];
        for (let d = 0; d < k; d++) ok &&= Object.is(room[p * k + d], this.#room[t]![p * k + d]);
        if (!ok) wrong++;
      }
    }
    return wrong;
  }

  /** Whether node `p` of tree `t` may hold a host with room for the demand. */
  #roomFor(t: number, p: number): boolean {
    const k = this.#dims;
    const room = this.#room[t]!;
    const demand = this.#demand;
    const tolerance = this.#tolerance;
    for (let d = 0; d < k; d++) {
      if (room[p * k + d]! + tolerance[d]! < demand[d]!) return false;
    }
    return true;
  }

  /** Lower bound of the increase of the hosts below node `p` of tree `t`. */
  #bound(t: number, p: number): number {
    const cls = this.#classes[this.#classOfTree[t]!]!;
    const lo = this.#minX[t]![p]!, hi = this.#maxX[t]![p]!;
    const delta = this.#delta;
    // the least increase over the node's loads (the cheaper P(lo + δ) - P(hi) of a rising
    // table is looser, and expanded about twice as many nodes)
    const least = lowestIncrease(cls, lo, hi, delta);
    return least + this.#minD[t]![p]! - MARGIN * cls.peak;
  }

  /**
   * Puts an entry into the heap, ordered by (key, index): entries move up into a hole instead
   * of being swapped, the heap holding each entry's key, index and a reference to the rest
   * (tree, node, exact, stamp: kept in place). Entries never tie on both (their subtrees hold
   * different hosts, or one is a host changed since the other was made and skipped), so the
   * order in which valid hosts come out does not depend on how the heap is laid out.
   */
  #push(key: number, idx: number, tree: number, node: number, exact: number, stamp: number): void {
    const s = this.#s;
    if (s.hSize === s.hKey.length) s.growHeap();
    const ref = s.freeSize > 0 ? s.free[--s.freeSize]! : s.hSize;
    s.eTree[ref] = tree;
    s.eNode[ref] = node;
    s.eExact[ref] = exact;
    s.eStamp[ref] = stamp;
    const hKey = s.hKey, hIdx = s.hIdx, hRef = s.hRef;
    let at = s.hSize++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      const k = hKey[up]!;
      if (!(key < k || (key === k && idx < hIdx[up]!))) break;
      hKey[at] = k;
      hIdx[at] = hIdx[up]!;
      hRef[at] = hRef[up]!;
      at = up;
    }
    hKey[at] = key;
    hIdx[at] = idx;
    hRef[at] = ref;
  }

  /**
   * Replaces the top entry by the given one (or, when `tree` is -1, by the last entry) and
   * moves it down into place.
   */
  #replaceTop(
    key: number,
    idx: number,
    tree: number,
    node: number,
    exact: number,
    stamp: number,
  ): void {
    const s = this.#s;
    const hKey = s.hKey, hIdx = s.hIdx, hRef = s.hRef;
    let ref = hRef[0]!;
    if (tree < 0) {
      s.free[s.freeSize++] = ref;
      const last = --s.hSize;
      if (last === 0) return;
      key = hKey[last]!;
      idx = hIdx[last]!;
      ref = hRef[last]!;
    } else {
      s.eTree[ref] = tree;
      s.eNode[ref] = node;
      s.eExact[ref] = exact;
      s.eStamp[ref] = stamp;
    }
    const size = s.hSize;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const r = child + 1;
      let k = hKey[child]!;
      if (r < size) {
        const kr = hKey[r]!;
        if (kr < k || (kr === k && hIdx[r]! < hIdx[child]!)) {
          child = r;
          k = kr;
        }
      }
      if (!(k < key || (k === key && hIdx[child]! < idx))) break;
      hKey[at] = k;
      hIdx[at] = hIdx[child]!;
      hRef[at] = hRef[child]!;
      at = child;
    }
    hKey[at] = key;
    hIdx[at] = idx;
    hRef[at] = ref;
  }

  /** Drops the top entry. */
  #pop(): void {
    this.#replaceTop(0, 0, -1, 0, 0, 0);
  }

  // the entry #entry made: key, least host index, whether exact
  #eKey = 0;
  #eIdx = 0;
  #eExact = 0;

  /**
   * The heap entry of node `p` of tree `t` (in #eKey, #eIdx, #eExact), or false when no host
   * below it can take the demand (or, for a leaf, when its host changed after `stamp`, the
   * clock of the entry it comes from); `known` is the exact increase of every host below when
   * the parent was uniform (NaN otherwise).
   */
  #entry(t: number, p: number, known: number, stamp: number): boolean {
    const first = this.#first[t]![p]!;
    if (first === this.#absent) return false;
    const size = this.#classes[this.#classOfTree[t]!]!.size;
    if (p >= size && this.#changedAt[first]! > stamp) return false;
    this.#eIdx = first;
    if (known === known) {
      this.#eKey = known;
      this.#eExact = 1;
      return true;
    }
    // a leaf without room is not evaluated as fitting either (the room test only prunes)
    if (p < size && !this.#roomFor(t, p)) return false;
    if (p >= size || (this.#uniformOk && this.#uniform[t]![p] === 1)) {
      const increase = this.#evaluate(first);
      if (!(increase === increase && increase !== Infinity)) return false;
      this.#eKey = increase;
      this.#eExact = 1;
      return true;
    }
    this.#eKey = this.#bound(t, p);
    this.#eExact = 0;
    return true;
  }

  /**
   * Starts a search for a VM adding `delta` MIPS with the given demand per room dimension
   * (-Infinity: not checked). `evaluate(h)` gives host h's exact increase, or Infinity when
   * the VM does not fit (NaN is taken as not fitting). `uniform`: whether hosts of a class
   * with equal signatures give equal increases (false when the increase depends on more).
   * `key` (optional): searches with the same key (until the next rebuild) must have the same
   * `delta`, demand, `uniform` and `evaluate` results for every host in the same state; the
   * search then resumes the last one with that key (see the module documentation). NaN: a
   * new search.
   */
  begin(
    delta: number,
    demand: ArrayLike<number>,
    evaluate: (host: number) => number,
    uniform: boolean,
    key = NaN,
  ): void {
    this.#delta = delta;
    for (let d = 0; d < this.#dims; d++) this.#demand[d] = demand[d]!;
    this.#evaluate = evaluate;
    this.#uniformOk = uniform;
    let s: Stream;
    if (key !== key) s = this.#scratch;
    else {
      const kept = this.#streams.get(key);
      if (kept !== undefined) {
        this.#s = kept;
        this.#resume(kept);
        return;
      }
      s = this.#spare.pop() ?? new Stream();
      this.#streams.set(key, s);
    }
    this.#s = s;
    s.hSize =
      s.freeSize =
      s.bSize =
      s.pSize =
      s.oSize =
      s.cursor =
        0;
    s.logPos = this.#clock;
    const stamp = this.#clock;
    for (let t = 0; t < this.#room.length; t++) {
      if (this.#entry(t, 1, NaN, stamp)) {
        this.#push(this.#eKey, this.#eIdx, t, 1, this.#eExact, stamp);
      }
    }
  }

  /**
   * Resumes stream s: its yielded hosts (this search's, then those of the one before that it
   * did not reach) still unchanged, in order, and a fresh entry for each host changed since
   * and in the index.
   */
  #resume(s: Stream): void {
    const changedAt = this.#changedAt;
    // the yielded hosts: those of the last search, then the rest of the earlier ones
    const pKey = s.oKey, pIdx = s.oIdx, pStamp = s.oStamp;
    let n = 0;
    for (let i = 0; i < s.oSize; i++) {
      const h = pIdx[i]!;
      if (changedAt[h]! > pStamp[i]!) continue;
      pKey[n] = pKey[i]!;
      pIdx[n] = h;
      pStamp[n++] = pStamp[i]!;
    }
    for (let i = s.cursor; i < s.pSize; i++) {
      const h = s.pIdx[i]!;
      if (changedAt[h]! > s.pStamp[i]!) continue;
      if (n === s.oKey.length) s.growOut();
      s.oKey[n] = s.pKey[i]!;
      s.oIdx[n] = h;
      s.oStamp[n++] = s.pStamp[i]!;
    }
    s.swapYielded(n);
    // a fresh entry for each host changed since and in the index, latest first (the order of
    // the pushes does not change the order of the hosts that come out)
    const now = this.#clock, earlier = this.#earlier;
    for (let h = this.#latest; h >= 0 && changedAt[h]! > s.logPos; h = earlier[h]!) {
      const increase = this.#evaluate(h);
      if (!(increase === increase && increase !== Infinity)) continue;
      this.#push(increase, h, this.#treeOf[h]!, -1, 1, now);
    }
    s.logPos = now;
  }

  /**
   * The next host in the order, or -1 when none is left. A node's first child takes its place
   * at the top of the heap and its second is pushed (the same entries as popping it and pushing
   * both).
   */
  next(): number {
    const s = this.#s;
    const changedAt = this.#changedAt;
    for (;;) {
      // the hosts yielded before come out while they come first
      if (s.cursor < s.pSize) {
        const i = s.cursor, key = s.pKey[i]!, idx = s.pIdx[i]!;
        if (s.hSize === 0 || key < s.hKey[0]! || (key === s.hKey[0]! && idx < s.hIdx[0]!)) {
          s.cursor++;
          s.yielded(key, idx, s.pStamp[i]!);
          return idx;
        }
      }
      if (s.hSize === 0) return -1;
      const ref = s.hRef[0]!;
      const t = s.eTree[ref]!, p = s.eNode[ref]!, idx = s.hIdx[0]!;
      const key = s.hKey[0]!, stamp = s.eStamp[ref]!;
      const exact = s.eExact[ref]!;
      if (p < 0) {
        // a bucket's host or a fresh entry: its successor takes its place
        // (successors changed since the bucket was made are passed over here, as they would be
        // skipped at the top)
        let q = p === -1 ? -1 : -p - 2;
        while (q >= 0 && changedAt[s.bIdx[q]!]! > stamp) {
          const after = s.bNode[q]!;
          q = after === -1 ? -1 : -after - 2;
        }
        if (q < 0) this.#pop();
        else this.#replaceTop(s.bKey[q]!, s.bIdx[q]!, t, s.bNode[q]!, 0, stamp);
        if (changedAt[idx]! > stamp) continue;
        s.yielded(key, idx, stamp);
        return idx;
      }
      const size = this.#classes[this.#classOfTree[t]!]!.size;
      if (p >= size) {
        this.#pop();
        if (changedAt[idx]! > stamp) continue;
        s.yielded(key, idx, stamp);
        return idx;
      }
      const known = exact === 1 ? key : NaN;
      let top = true; // the parent still holds the top
      if (p >= size >> BUCKET_SHIFT) {
        // a node near the leaves: its hosts' entries in its place
        let leaf = p, end = p + 1;
        while (leaf < size) {
          leaf <<= 1;
          end <<= 1;
        }
        const start = s.bSize;
        if (start + (end - leaf) > s.bKey.length) s.growBuckets(start + (end - leaf));
        const bKey = s.bKey, bIdx = s.bIdx, bNode = s.bNode;
        for (; leaf < end; leaf++) {
          if (!this.#entry(t, leaf, known, stamp)) continue;
          // insertion into the bucket's sorted run
          const key = this.#eKey, i = this.#eIdx;
          let q = s.bSize++;
          while (q > start && (bKey[q - 1]! > key || (bKey[q - 1] === key && bIdx[q - 1]! > i))) {
            bKey[q] = bKey[q - 1]!;
            bIdx[q] = bIdx[q - 1]!;
            q--;
          }
          bKey[q] = key;
          bIdx[q] = i;
        }
        const stop = s.bSize;
        if (stop === start) this.#pop();
        else {
          for (let q = start; q < stop; q++) bNode[q] = q + 1 < stop ? -(q + 3) : -1;
          this.#replaceTop(bKey[start]!, bIdx[start]!, t, bNode[start]!, 0, stamp);
        }
        continue;
      }
      if (this.#entry(t, 2 * p, known, stamp)) {
        this.#replaceTop(this.#eKey, this.#eIdx, t, 2 * p, this.#eExact, stamp);
        top = false;
      }
      if (this.#entry(t, 2 * p + 1, known, stamp)) {
        if (top) this.#replaceTop(this.#eKey, this.#eIdx, t, 2 * p + 1, this.#eExact, stamp);
        else this.#push(this.#eKey, this.#eIdx, t, 2 * p + 1, this.#eExact, stamp);
        top = false;
      }
      if (top) this.#pop();
    }
  }
}

/**
 * One search's state, kept to be resumed (see the module documentation): the best-first heap
 * of (key, index, tree, node, exact, stamp); the hosts of the buckets it expanded, each
 * bucket's sorted by (key, index), only its first in the heap, with node -(q + 2) naming its
 * successor q (-1: none; fresh entries of changed hosts have -1 too); the hosts it yielded
 * before this search (`p*`, sorted, `cursor` the next to come out) and in this search (`o*`).
 */
class Stream {
  hKey = new Float64Array(64);
  hIdx = new Int32Array(64);
  /** Where the rest of each heap entry is kept (`e*`). */
  hRef = new Int32Array(64);
  hSize = 0;
  eTree = new Int32Array(64);
  eNode = new Int32Array(64);
  /** 1 when the entry's key is exact for every host below (a uniform node). */
  eExact = new Uint8Array(64);
  /** The clock when the entry was made (its hosts changed since are skipped). */
  eStamp = new Int32Array(64);
  /** References no entry holds (the others are the heap's `hSize`). */
  free = new Int32Array(64);
  freeSize = 0;
  bKey = new Float64Array(64);
  bIdx = new Int32Array(64);
  bNode = new Int32Array(64);
  bSize = 0;
  pKey = new Float64Array(64);
  pIdx = new Int32Array(64);
  pStamp = new Int32Array(64);
  pSize = 0;
  cursor = 0;
  oKey = new Float64Array(64);
  oIdx = new Int32Array(64);
  oStamp = new Int32Array(64);
  oSize = 0;
  /** The change log's length at the last search. */
  logPos = 0;

  growHeap(): void {
    const n = 2 * this.hKey.length;
    this.hKey = grown(this.hKey, new Float64Array(n));
    this.hIdx = grown(this.hIdx, new Int32Array(n));
    this.hRef = grown(this.hRef, new Int32Array(n));
    this.eTree = grown(this.eTree, new Int32Array(n));
    this.eNode = grown(this.eNode, new Int32Array(n));
    this.eExact = grown(this.eExact, new Uint8Array(n));
    this.eStamp = grown(this.eStamp, new Int32Array(n));
    this.free = grown(this.free, new Int32Array(n));
  }

  growBuckets(least: number): void {
    let n = 2 * this.bKey.length;
    while (n < least) n *= 2;
    this.bKey = grown(this.bKey, new Float64Array(n));
    this.bIdx = grown(this.bIdx, new Int32Array(n));
    this.bNode = grown(this.bNode, new Int32Array(n));
  }

  growOut(): void {
    const n = 2 * this.oKey.length;
    this.oKey = grown(this.oKey, new Float64Array(n));
    this.oIdx = grown(this.oIdx, new Int32Array(n));
    this.oStamp = grown(this.oStamp, new Int32Array(n));
  }

  /** Records a host this search yields. */
  yielded(key: number, idx: number, stamp: number): void {
    if (this.oSize === this.oKey.length) this.growOut();
    this.oKey[this.oSize] = key;
    this.oIdx[this.oSize] = idx;
    this.oStamp[this.oSize++] = stamp;
  }

  /** The first n yielded entries (in `o*`) become the ones before; `o*` is emptied. */
  swapYielded(n: number): void {
    const key = this.pKey, idx = this.pIdx, stamp = this.pStamp;
    this.pKey = this.oKey;
    this.pIdx = this.oIdx;
    this.pStamp = this.oStamp;
    this.pSize = n;
    this.cursor = 0;
    this.oKey = key;
    this.oIdx = idx;
    this.oStamp = stamp;
    this.oSize = 0;
  }
}

/** Whether two numbers are the same value, as `Object.is` decides (NaN equal, -0 not 0). */
function same(a: number, b: number): boolean {
  return a === b ? a !== 0 || 1 / a === 1 / b : a !== a && b !== b;
}

/** `into` holding `from`'s values first. */
function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, into: T): T {
  into.set(from);
  return into;
}

/** The table's power at `x` in grid units (`u` times the table's steps), clamped to the table. */
function gridWatts(table: Float64Array, steps: number, x: number): number {
  return interpolateWatts(table, x <= 0 ? 0 : x >= steps ? steps : x, 0);
}

/**
 * The least of `g(u) = P(min(1, (u + δ) / C)) − P(min(1, u / C))` over loads `u` in
 * `[lo, hi]`: `g` is continuous and piecewise linear with breakpoints where `u / C` or
 * `(u + δ) / C` meets a point of the table (1 is the last), so its minimum is at an end or one
 * of those breakpoints. Worked in grid units (load times steps / C); the rounding of that
 * scaling moves a point by a few ulps, and `g` by far less than the bound's margin.
 */
function lowestIncrease(cls: HostClass, lo: number, hi: number, delta: number): number {
  const table = cls.table;
  const steps = table.length - 1;
  const scale = steps / cls.cpuMips;
  const a = lo * scale, e = delta * scale;
  let least = gridWatts(table, steps, a + e) - gridWatts(table, steps, a);
  if (hi <= lo) return least;
  const b = hi * scale;
  const right = gridWatts(table, steps, b + e) - gridWatts(table, steps, b);
  if (right < least) least = right;
  // grid points inside (a, b)
  for (let i = Math.max(0, Math.ceil(a)), end = Math.min(steps, b); i <= end; i++) {
    if (i <= a || i >= b) continue;
    const g = gridWatts(table, steps, i + e) - table[i]!;
    if (g < least) least = g;
  }
  // loads whose u + δ meets a grid point
  for (let j = Math.max(0, Math.ceil(a + e)), end = Math.min(steps, b + e); j <= end; j++) {
    const x = j - e;
    if (x <= a || x >= b) continue;
    const g = table[j]! - gridWatts(table, steps, x);
    if (g < least) least = g;
  }
  return least;
}
