/**
 * Minimal solutions (minimal cut sets of a failure tree, minimal path sets of its
 * dual) of a coherent gate tree by top-down set algebra with absorption, in the
 * manner of MOCUS (Fussell & Vesely, "A new methodology for obtaining cut sets for
 * fault trees", Trans. ANS 15, 1972): an OR gate unites its inputs' families, an AND
 * gate takes unions of one set from each, a voting gate runs the programme
 * T_j ← T_j ∪ (X_i ⊗ T_{j-1}); after every step the supersets are removed
 * (absorption, a + ab = a), which keeps the result minimal also when events repeat.
 * A gate whose inputs share no event needs no absorption (the union or product of
 * minimal families over disjoint events is minimal), so read-once trees such as block
 * diagrams skip it and cost only the size of the output.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { GateTree } from "./_bdd.ts";

/** A set of event indices, ascending. */
type EventSet = readonly number[];

/** Sets are compared as bitsets of 32-bit words. */
function bits(set: EventSet, words: number): Uint32Array {
  const b = new Uint32Array(words);
  for (const i of set) b[i >>> 5] = b[i >>> 5]! | (1 << (i & 31));
  return b;
}

function subset(a: Uint32Array, b: Uint32Array): boolean {
  for (let w = 0; w < a.length; w++) if ((a[w]! & ~b[w]!) !== 0) return false;
  return true;
}

/** Removes duplicates and supersets; the result is sorted by size, then lexicographically. */
function minimize(family: EventSet[], words: number): EventSet[] {
  const sorted = [...family].sort((a, b) => a.length - b.length || compare(a, b));
  const kept: EventSet[] = [];
  const keptBits: Uint32Array[] = [];
  for (const set of sorted) {
    const b = bits(set, words);
    if (keptBits.some((k) => subset(k, b))) continue;
    kept.push(set);
    keptBits.push(b);
  }
  return kept;
}

function compare(a: EventSet, b: EventSet): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function union(a: EventSet, b: EventSet): EventSet {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else if (i >= a.length || b[j]! < a[i]!) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  return out;
}

/**
 * The minimal solutions of `tree` over `events` events, or throws the RangeError made
 * by `tooMany` when a family grows past `maxSets`.
 */
export function minimalSolutions(
  tree: GateTree,
  events: number,
  maxSets: number,
  tooMany: (count: number) => Error,
): number[][] {
  const words = Math.max(1, Math.ceil(events / 32));
  const check = (family: EventSet[]): EventSet[] => {
    if (family.length > maxSets) throw tooMany(family.length);
    return family;
  };
  const product = (a: EventSet[], b: EventSet[]): EventSet[] => {
    const out: EventSet[] = [];
    for (const x of a) {
      for (const y of b) {
        out.push(union(x, y));
        if (out.length > maxSets * 4) {
          const m = minimize(out, words);
          if (m.length > maxSets) throw tooMany(m.length);
          out.length = 0;
          out.push(...m);
        }
      }
    }
    return check(minimize(out, words));
  };
  /** The events below a node, as a bitset. */
  const support = new Map<GateTree, Uint32Array>();
  function supportOf(node: GateTree): Uint32Array {
    let b = support.get(node);
    if (b === undefined) {
      b = new Uint32Array(words);
      if (node.op === "event") b[node.index >>> 5] = 1 << (node.index & 31);
      else {
        for (const input of node.inputs) {
          const c = supportOf(input);
          for (let w = 0; w < words; w++) b[w] = b[w]! | c[w]!;
        }
      }
      support.set(node, b);
    }
    return b;
  }
  /** Whether the inputs of a gate share no event. */
  function disjoint(inputs: readonly GateTree[]): boolean {
    const seen = new Uint32Array(words);
    for (const input of inputs) {
      const c = supportOf(input);
      for (let w = 0; w < words; w++) {
        if ((seen[w]! & c[w]!) !== 0) return false;
        seen[w] = seen[w]! | c[w]!;
      }
    }
    return true;
  }
  const plainProduct = (a: EventSet[], b: EventSet[]): EventSet[] => {
    if (a.length * b.length > maxSets) throw tooMany(a.length * b.length);
    const out: EventSet[] = [];
    for (const x of a) for (const y of b) out.push(union(x, y));
    return out;
  };
  function solve(node: GateTree): EventSet[] {
    if (node.op === "event") return [[node.index]];
    const free = disjoint(node.inputs);
    const mini = (family: EventSet[]) => check(free ? family : minimize(family, words));
    const times = free ? plainProduct : product;
    switch (node.op) {
      case "or":
        return mini(node.inputs.flatMap(solve));
      case "and":
        return node.inputs.map(solve).reduce((acc, f) => times(acc, f), [[]] as EventSet[]);
      case "atLeast": {
        const t: EventSet[][] = Array.from({ length: node.k + 1 }, () => []);
        t[0] = [[]];
        for (const input of node.inputs) {
          const x = solve(input);
          for (let j = node.k; j >= 1; j--) {
            if (t[j - 1]!.length === 0) continue;
            t[j] = mini([...t[j]!, ...times(x, t[j - 1]!)]);
          }
        }
        return t[node.k]!;
      }
    }
  }
  return solve(tree).sort((a, b) => a.length - b.length || compare(a, b)).map((s) => [...s]);
}

/** The dual tree: AND ↔ OR, at least k of m ↔ at least m - k + 1 of m. */
export function dual(tree: GateTree): GateTree {
  switch (tree.op) {
    case "event":
      return tree;
    case "and":
      return { op: "or", inputs: tree.inputs.map(dual) };
    case "or":
      return { op: "and", inputs: tree.inputs.map(dual) };
    case "atLeast":
      return { op: "atLeast", k: tree.inputs.length - tree.k + 1, inputs: tree.inputs.map(dual) };
  }
}
