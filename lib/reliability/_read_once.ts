/**
 * Exact analysis of read-once gate trees (every event occurs once, as in every block
 * diagram): the failure probability of each gate from its inputs', and, top-down by
 * the chain rule, the Birnbaum importance and the probability that a minimal cut set
 * containing each event has failed. Inputs of a gate share no event, so they are
 * independent and every step is a product or a Poisson-binomial sum of non-negative
 * terms (Barlow & Proschan, "Statistical Theory of Reliability and Life Testing",
 * 1975, ch. 2; Barlow & Heidtmann 1984 for the k-out-of-n counts).
 *
 * Cost: linear in the tree for AND and OR gates, O(m·k) for a k-voting gate of m inputs.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { GateTree } from "./_bdd.ts";
import { atLeast } from "./_tails.ts";

/** Result of {@link analyseReadOnce}. */
export interface ReadOnceAnalysis {
  /** P(top event). */
  unreliability: number;
  /** P(no top event), summed on its own. */
  reliability: number;
  /** ∂P(top)/∂q_i for every event. */
  birnbaum: Float64Array;
  /** P(some minimal cut set containing i has occurred) for every event. */
  cutSetFailure: Float64Array;
  /** P(top) when event i cannot occur, for every event; with i certain it is this + birnbaum. */
  perfect: Float64Array;
}

/** Both probabilities of a node: it occurs (q) and it does not (p). */
interface Pair {
  q: number;
  p: number;
}

/**
 * Count distribution of occurring inputs among some inputs, exact for 0..K and lumped
 * above K (index K + 1), built by the Barlow–Heidtmann step.
 */
function addInput(dist: Float64Array, k: number, q: number, p: number): Float64Array {
  const next = new Float64Array(k + 2);
  next[k + 1] = dist[k + 1]! + dist[k]! * q;
  for (let j = k; j >= 1; j--) next[j] = dist[j]! * p + dist[j - 1]! * q;
  next[0] = dist[0]! * p;
  return next;
}

/** Analyses a read-once tree, or returns `undefined` if an event occurs twice. */
export function analyseReadOnce(
  tree: GateTree,
  n: number,
  p: ArrayLike<number>,
  q: ArrayLike<number>,
): ReadOnceAnalysis | undefined {
  const count = new Uint32Array(n);
  const pairs = new Map<GateTree, Pair>();
  function up(node: GateTree): Pair {
    let pair: Pair;
    if (node.op === "event") {
      count[node.index] = count[node.index]! + 1;
      pair = { q: q[node.index]!, p: p[node.index]! };
    } else {
      const inputs = node.inputs.map(up);
      if (node.op === "and" || node.op === "or") {
        // AND occurs iff all do: ln q = Σ ln q_c; OR does not occur iff none does.
        const all = node.op === "and";
        let log = 0;
        for (const c of inputs) {
          const [yes, no] = all ? [c.q, c.p] : [c.p, c.q];
          log += no < 0.5 ? Math.log1p(-no) : Math.log(yes);
        }
        pair = all ? { q: Math.exp(log), p: -Math.expm1(log) } : {
          q: -Math.expm1(log),
          p: Math.exp(log),
        };
      } else {
        // Each tail by its own programme, so the smaller keeps its relative precision.
        const k = (node as { k: number }).k;
        pair = {
          q: atLeast(k, inputs.map((c) => c.q)),
          p: atLeast(inputs.length - k + 1, inputs.map((c) => c.p)),
        };
      }
    }
    pairs.set(node, pair);
    return pair;
  }
  const top = up(tree);
  if (count.some((c) => c !== 1)) return undefined;
  const birnbaum = new Float64Array(n);
  const cutSetFailure = new Float64Array(n);
  const perfect = new Float64Array(n);
  // P(top) is affine in P(node) on the path to it: P(top) = A + B·P(node), with
  // B = derivative and A = perfect (P(top) when the node cannot occur), each carried
  // down as sums of non-negative terms; cut = P(the rest of some cut set through the
  // node has occurred).
  function down(node: GateTree, derivative: number, cut: number, a: number): void {
    if (node.op === "event") {
      birnbaum[node.index] = derivative;
      cutSetFailure[node.index] = q[node.index]! * cut;
      perfect[node.index] = a;
      return;
    }
    const inputs = node.inputs.map((g) => pairs.get(g)!);
    const m = inputs.length;
    if (node.op === "and") {
      // ∂/∂q_c = Π_{s≠c} q_s; with c perfect the AND cannot occur.
      const suffix = new Float64Array(m + 1);
      suffix[m] = 1;
      for (let i = m - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! * inputs[i]!.q;
      let prefix = 1;
      node.inputs.forEach((g, i) => {
        const others = prefix * suffix[i + 1]!;
        down(g, derivative * others, cut * others, a);
        prefix *= inputs[i]!.q;
      });
      return;
    }
    if (node.op === "or") {
      // ∂/∂q_c = Π_{s≠c} p_s = e^L with L = Σ_{s≠c} ln p_s; with c perfect the OR
      // occurs with probability -expm1(L).
      const log = inputs.map((c) => (c.q < 0.5 ? Math.log1p(-c.q) : Math.log(c.p)));
      const suffix = new Float64Array(m + 1);
      for (let i = m - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + log[i]!;
      let prefix = 0;
      node.inputs.forEach((g, i) => {
        const l = prefix + suffix[i + 1]!;
        down(g, derivative * Math.exp(l), cut, a + derivative * -Math.expm1(l));
        prefix += log[i]!;
      });
      return;
    }
    // k-voting gate: with K = k - 1, input c matters iff exactly K others occur; the
    // cut sets through c need at least K others; with c perfect the gate needs k others.
    const kk = (node as { k: number }).k - 1;
    const suffixes: Float64Array[] = new Array(m + 1);
    let dist: Float64Array = new Float64Array(kk + 2);
    dist[0] = 1;
    suffixes[m] = dist;
    for (let i = m - 1; i >= 0; i--) {
      dist = addInput(dist, kk, inputs[i]!.q, inputs[i]!.p);
      suffixes[i] = dist;
    }
    let prefix: Float64Array = new Float64Array(kk + 2);
    prefix[0] = 1;
    node.inputs.forEach((g, i) => {
      const suffix = suffixes[i + 1]!;
      // P(b >= x) for the suffix count b, x = 0..K + 1.
      const atLeastB = new Float64Array(kk + 3);
      for (let x = kk + 1; x >= 0; x--) atLeastB[x] = atLeastB[x + 1]! + suffix[x]!;
      let exactly = 0;
      let atLeastK = 0;
      let atLeastKPlus1 = 0;
      for (let c = 0; c <= kk + 1; c++) {
        if (c <= kk) exactly += prefix[c]! * suffix[kk - c]!;
        atLeastK += prefix[c]! * atLeastB[Math.max(0, kk - c)]!;
        atLeastKPlus1 += prefix[c]! * atLeastB[kk + 1 - c]!;
      }
      down(g, derivative * exactly, cut * Math.min(1, atLeastK), a + derivative * atLeastKPlus1);
      prefix = addInput(prefix, kk, inputs[i]!.q, inputs[i]!.p);
    });
  }
  down(tree, 1, 1, 0);
  return { unreliability: top.q, reliability: top.p, birnbaum, cutSetFailure, perfect };
}
