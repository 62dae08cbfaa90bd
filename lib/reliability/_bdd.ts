/**
 * A small reduced ordered binary decision diagram (ROBDD) for coherent failure
 * functions of independent events: the exact engine behind fault trees, minimal
 * cut sets and importance measures.
 *
 * Sources: Bryant, "Graph-based algorithms for Boolean function manipulation", IEEE
 * Trans. Computers C-35(8), 1986 (unique table, memoized apply); Rauzy, "New
 * algorithms for fault trees analysis", Reliability Engineering and System Safety
 * 40(3), 1993 (the BDD of a fault tree; its probability by Shannon decomposition
 * P(f) = q_v P(f|v=1) + (1 - q_v) P(f|v=0), exact also when events repeat).
 *
 * Node 0 is the constant false, node 1 the constant true; a node's children have
 * smaller ids than the node, so ascending ids are a topological order. `hi` is the
 * branch where the event occurs (the component has failed).
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** A gate tree over events 0..n-1, the input of {@link Bdd.build}. */
export type GateTree =
  | { op: "event"; index: number }
  | { op: "and" | "or"; inputs: readonly GateTree[] }
  | { op: "atLeast"; k: number; inputs: readonly GateTree[] };

/** A reduced ordered BDD; variables are ordered by index. */
export class Bdd {
  #variable: number[] = [Infinity, Infinity];
  #lo: number[] = [0, 1];
  #hi: number[] = [0, 1];
  #unique = new Map<string, number>();
  #andMemo = new Map<number, number>();
  #orMemo = new Map<number, number>();
  #maxNodes: number;

  /** A diagram of at most `maxNodes` nodes (more throws a RangeError). */
  constructor(maxNodes = 2_000_000) {
    this.#maxNodes = maxNodes;
  }

  /** Number of nodes, terminals included. */
  get size(): number {
    return this.#variable.length;
  }

  /** The node testing `variable` with the given branches (reduced, shared). */
  node(variable: number, lo: number, hi: number): number {
    if (lo === hi) return lo;
    const key = `${variable},${lo},${hi}`;
    const found = this.#unique.get(key);
    if (found !== undefined) return found;
    const id = this.#variable.length;
    if (id >= this.#maxNodes) {
      throw new RangeError(
        `Cannot build the decision diagram as its node count must be <= ${this.#maxNodes}: current value is ${id}`,
      );
    }
    this.#variable.push(variable);
    this.#lo.push(lo);
    this.#hi.push(hi);
    this.#unique.set(key, id);
    return id;
  }

  /** The function "event `variable` occurs". */
  event(variable: number): number {
    return this.node(variable, 0, 1);
  }

  /** Conjunction of two nodes. */
  and(a: number, b: number): number {
    if (a === 0 || b === 0) return 0;
    if (a === 1) return b;
    if (b === 1 || a === b) return a;
    return this.#apply(a, b, true);
  }

  /** Disjunction of two nodes. */
  or(a: number, b: number): number {
    if (a === 1 || b === 1) return 1;
    if (a === 0) return b;
    if (b === 0 || a === b) return a;
    return this.#apply(a, b, false);
  }

  #apply(a: number, b: number, conjunction: boolean): number {
    if (a > b) [a, b] = [b, a];
    const memo = conjunction ? this.#andMemo : this.#orMemo;
    const key = a * 67_108_864 + b;
    const found = memo.get(key);
    if (found !== undefined) return found;
    const va = this.#variable[a]!;
    const vb = this.#variable[b]!;
    const v = Math.min(va, vb);
    const aLo = va === v ? this.#lo[a]! : a;
    const aHi = va === v ? this.#hi[a]! : a;
    const bLo = vb === v ? this.#lo[b]! : b;
    const bHi = vb === v ? this.#hi[b]! : b;
    const result = conjunction
      ? this.node(v, this.and(aLo, bLo), this.and(aHi, bHi))
      : this.node(v, this.or(aLo, bLo), this.or(aHi, bHi));
    memo.set(key, result);
    return result;
  }

  /**
   * "At least k of the inputs occur", by the programme T_j ← T_j ∨ (x_i ∧ T_{j-1})
   * over the inputs (O(m·k) applies).
   */
  atLeast(k: number, inputs: readonly number[]): number {
    if (k <= 0) return 1;
    if (k > inputs.length) return 0;
    const t = new Array<number>(k + 1).fill(0);
    t[0] = 1;
    for (const x of inputs) {
      for (let j = k; j >= 1; j--) t[j] = this.or(t[j]!, this.and(x, t[j - 1]!));
    }
    return t[k]!;
  }

  /** Builds the BDD of a gate tree. */
  build(tree: GateTree): number {
    switch (tree.op) {
      case "event":
        return this.event(tree.index);
      // Inputs are combined from the last to the first: with variables numbered in
      // depth-first order an earlier input's variables come first, so each apply only
      // walks the new (small) input and the result stays linear for read-once trees.
      case "and":
        return tree.inputs.reduceRight((acc, g) => this.and(this.build(g), acc), 1);
      case "or":
        return tree.inputs.reduceRight((acc, g) => this.or(this.build(g), acc), 0);
      case "atLeast":
        return this.atLeast(tree.k, tree.inputs.map((g) => this.build(g)).reverse());
    }
  }

  /**
   * Probability that the function is true and that it is false, each summed from
   * non-negative terms (no cancellation): `q[v]` is the probability that event v
   * occurs and `p[v]` that it does not (given separately for precision).
   */
  probabilities(
    root: number,
    p: ArrayLike<number>,
    q: ArrayLike<number>,
  ): { yes: Float64Array; no: Float64Array } {
    const yes = new Float64Array(root + 1);
    const no = new Float64Array(root + 1);
    yes[1] = 1;
    no[0] = 1;
    if (root <= 1) return { yes, no };
    for (let id = 2; id <= root; id++) {
      const v = this.#variable[id]!;
      const lo = this.#lo[id]!;
      const hi = this.#hi[id]!;
      yes[id] = q[v]! * yes[hi]! + p[v]! * yes[lo]!;
      no[id] = q[v]! * no[hi]! + p[v]! * no[lo]!;
    }
    return { yes, no };
  }

  /**
   * Birnbaum importance of every variable, ∂P(f)/∂q_v = P(f | v) - P(f | ¬v), in one
   * top-down pass: each node labelled v adds P(reach node) · (P(hi) - P(lo)).
   */
  birnbaum(
    root: number,
    variables: number,
    p: ArrayLike<number>,
    q: ArrayLike<number>,
  ): Float64Array {
    const out = new Float64Array(variables);
    if (root <= 1) return out;
    const { yes } = this.probabilities(root, p, q);
    const reach = new Float64Array(root + 1);
    reach[root] = 1;
    for (let id = root; id >= 2; id--) {
      const r = reach[id]!;
      if (r === 0) continue;
      const v = this.#variable[id]!;
      const lo = this.#lo[id]!;
      const hi = this.#hi[id]!;
      out[v] = out[v]! + r * (yes[hi]! - yes[lo]!);
      reach[hi] = reach[hi]! + r * q[v]!;
      reach[lo] = reach[lo]! + r * p[v]!;
    }
    return out;
  }

  /** Whether the function is true when exactly the `occurred` events occur. */
  evaluate(root: number, occurred: (v: number) => boolean): boolean {
    let id = root;
    while (id > 1) id = occurred(this.#variable[id]!) ? this.#hi[id]! : this.#lo[id]!;
    return id === 1;
  }
}
