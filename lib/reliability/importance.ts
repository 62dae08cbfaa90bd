/**
 * Component importance measures of block diagrams and fault trees, computed exactly:
 * by gate formulas and the chain rule when every event occurs once in the tree (every
 * block diagram; linear cost, O(m·k) per k-out-of-m structure), and on a binary
 * decision diagram of the failure function when events are shared.
 *
 * Definitions (Rausand & Høyland, "System Reliability Theory", 2nd ed., 2004, ch. 5),
 * with q_i the failure probability of component i at time t, Q the system
 * unreliability, Q(1_i) and Q(0_i) the unreliability with component i failed for sure
 * and perfect (pivotal decomposition: Q = q_i Q(1_i) + (1 - q_i) Q(0_i)):
 *
 * | measure | definition | source |
 * | --- | --- | --- |
 * | Birnbaum | I_B = ∂Q/∂q_i = Q(1_i) - Q(0_i) | Birnbaum 1969; R&H ch. 5 |
 * | criticality | I_CR = I_B q_i / Q: P(i is critical and failed \| system failed) | R&H ch. 5 |
 * | risk achievement worth | RAW = Q(1_i) / Q | R&H ch. 5; Cheok, Parry & Sherry, RESS 60, 1998 |
 * | risk reduction worth | RRW = Q / Q(0_i) (Infinity when Q(0_i) = 0) | R&H ch. 5 |
 * | Fussell–Vesely | I_FV = P(some minimal cut set containing i has failed) / Q | Vesely 1970; R&H ch. 5 |
 *
 * Fussell–Vesely is computed from its definition, exactly (not the rare-event sum
 * Σ Q_j / Q). When every event occurs once in the tree, the cut sets that contain i
 * are i together with, at each gate above it, a cut set of every other input of an
 * AND gate or of k - 1 other inputs of a k-voting gate; these choices are made over disjoint events, so
 * P(D_i) = q_i Π_{AND above i} Π_{other inputs s} Q_s · Π_{vote above i} P(>= k - 1 other
 * inputs fail), with no cut set listed. Otherwise P(D_i) is taken on the BDD of the
 * union of the minimal cut sets that contain i.
 *
 * @module
 */
import { integer, nonNegative, options as checkOptions } from "../_validate.ts";
import { Bdd } from "./_bdd.ts";
import { analyseReadOnce } from "./_read_once.ts";
import { minimalSolutions } from "./_cut_sets.ts";
import { compileFaultTree } from "./_fault_tree.ts";
import type { Block } from "./block_diagram.ts";
import { type FaultTree, faultTreeFromBlock } from "./fault_tree.ts";

/** The importance measures of one component (or basic event). */
export interface ComponentImportance {
  /** The component's name (see `faultTreeFromBlock` for unnamed components). */
  name: string;
  /** Its failure probability q_i at the evaluation time. */
  failureProbability: number;
  /** Birnbaum importance ∂Q/∂q_i = Q(1_i) - Q(0_i), in [0, 1]. */
  birnbaum: number;
  /** Criticality importance I_B q_i / Q, in [0, 1]. */
  criticality: number;
  /** Risk achievement worth Q(1_i) / Q, >= 1. */
  riskAchievementWorth: number;
  /** Risk reduction worth Q / Q(0_i), >= 1 (Infinity when the system cannot fail without i). */
  riskReductionWorth: number;
  /** Fussell–Vesely importance P(a minimal cut set with i has failed) / Q, in [0, 1]. */
  fussellVesely: number;
}

/** Result of {@link importanceMeasures} and {@link faultTreeImportance}. */
export interface ImportanceResult {
  /** System unreliability Q (top-event probability) at the evaluation time. */
  unreliability: number;
  /** System reliability 1 - Q, summed on its own. */
  reliability: number;
  /** One entry per component, in first-appearance order. */
  components: ComponentImportance[];
}

/** Options of {@link importanceMeasures} and {@link faultTreeImportance}. */
export interface ImportanceOptions {
  /**
   * Limit on the number of minimal cut sets, listed for Fussell–Vesely only when an
   * event occurs more than once in the tree (never for a block diagram).
   * @default {100000}
   */
  maxCutSets?: number;
}

function analyse(
  action: string,
  tree: FaultTree,
  tSeconds: number,
  options: ImportanceOptions,
): ImportanceResult {
  const { maxCutSets = 100_000 } = options;
  nonNegative(action, "tSeconds", tSeconds);
  integer(action, "options.maxCutSets", maxCutSets, 1);
  const { names, p, q, gates } = compileFaultTree(action, tree, tSeconds);
  const n = names.length;
  // Read-once trees (every block diagram) by gate formulas; shared events on the BDD.
  const once = analyseReadOnce(gates, n, p, q);
  let unreliability: number;
  let reliability: number;
  let birnbaum: Float64Array;
  let cutSetFailure: Float64Array;
  let perfect: Float64Array; // Q(0_i)
  if (once !== undefined) {
    ({ unreliability, reliability, birnbaum, cutSetFailure, perfect } = once);
  } else {
    const bdd = new Bdd();
    const root = bdd.build(gates);
    const { yes, no } = bdd.probabilities(root, p, q);
    unreliability = yes[root]!;
    reliability = no[root]!;
    birnbaum = bdd.birnbaum(root, n, p, q);
    // Q(0_i) by re-evaluating the BDD with q_i = 0 (no cancellation in Q - q_i I_B).
    const pi = Float64Array.from(p);
    const qi = Float64Array.from(q);
    perfect = Float64Array.from(names, (_, i) => {
      [pi[i], qi[i]] = [1, 0];
      const value = bdd.probabilities(root, pi, qi).yes[root]!;
      [pi[i], qi[i]] = [p[i]!, q[i]!];
      return value;
    });
    const cutSets = minimalSolutions(gates, n, maxCutSets, (count) =>
      new RangeError(
        `Cannot ${action} as the number of minimal cut sets must be <= options.maxCutSets (${maxCutSets}): current value is ${count}`,
      ));
    // D_i = ∪ {cut sets containing i}, each cut set's conjunction built once.
    const containing: number[][] = Array.from({ length: n }, () => []);
    for (const set of cutSets) {
      const conj = set.reduce((acc, i) => bdd.and(acc, bdd.event(i)), 1);
      for (const i of set) containing[i]!.push(conj);
    }
    cutSetFailure = Float64Array.from(containing, (conjunctions) => {
      const d = conjunctions.reduce((acc, c) => bdd.or(acc, c), 0);
      return d <= 1 ? d : bdd.probabilities(d, p, q).yes[d]!;
    });
  }
  if (!(unreliability > 0)) {
    throw new RangeError(
      `Cannot ${action} as the system unreliability must be > 0: current value is ${unreliability}`,
    );
  }
  const components = names.map((name, i): ComponentImportance => {
    const ib = Math.max(0, birnbaum[i]!);
    const failed = perfect[i]! + ib; // Q(1_i) = Q(0_i) + I_B
    const pd = cutSetFailure[i]!;
    return {
      name,
      failureProbability: q[i]!,
      birnbaum: ib,
      criticality: Math.min(1, (ib * q[i]!) / unreliability),
      riskAchievementWorth: Math.min(1 / unreliability, failed / unreliability),
      riskReductionWorth: perfect[i] === 0 ? Infinity : unreliability / perfect[i]!,
      fussellVesely: Math.min(1, pd / unreliability),
    };
  });
  return { unreliability, reliability, components };
}

/**
 * Computes the Birnbaum, criticality, risk achievement worth, risk reduction worth
 * and Fussell–Vesely importance of every component of a block diagram at time t
 * (definitions and sources in the module doc). The diagram becomes its fault tree
 * (`faultTreeFromBlock`, so component names must be unique); every gate's failure
 * probability follows from its inputs', and one top-down pass gives every Birnbaum
 * measure by the chain rule. Q(0_i) is carried down the same pass (Q is affine in each
 * gate's probability along the path to it, Q = A + B·Q_gate, with A and B sums of
 * non-negative terms), and Q(1_i) = Q(0_i) + I_B by pivotal decomposition, so RAW and
 * RRW keep their precision even when q_i·I_B is tiny against Q.
 *
 * @param block The block diagram.
 * @param tSeconds Mission time at which lifetime components are evaluated (>= 0).
 * @param options The cut-set limit.
 * @returns Q, R and one set of measures per component.
 * @throws {RangeError} If a value is out of range, a name occurs twice, the system
 * cannot fail (Q = 0).
 * @throws {TypeError} If a block has the wrong shape.
 *
 * @example A component in series with a parallel pair
 * ```ts
 * import { importanceMeasures } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = (name: string, reliability: number) => ({ kind: "component", reliability, name }) as const;
 * const block = { kind: "series", blocks: [c("a", 0.99), { kind: "parallel", blocks: [c("b", 0.9), c("c", 0.9)] }] } as const;
 * const { components } = importanceMeasures(block, 0);
 * // Birnbaum of a: P(the pair works) = 0.99; of b: R_a · q_c = 0.099.
 * assert.ok(Math.abs(components[0]!.birnbaum - 0.99) < 1e-15);
 * assert.ok(Math.abs(components[1]!.birnbaum - 0.099) < 1e-15);
 * ```
 */
export function importanceMeasures(
  block: Block,
  tSeconds: number,
  options: ImportanceOptions = {},
): ImportanceResult {
  checkOptions("run importanceMeasures()", "options", options, ["maxCutSets"]);
  return analyse("compute importance measures", faultTreeFromBlock(block), tSeconds, options);
}

/**
 * Computes the importance measures of every basic event of a fault tree at time t,
 * exactly also when events are shared between branches (same definitions as
 * {@link importanceMeasures}, with "component failed" read as "event occurred"). With
 * shared events, Q comes from the tree's BDD and every Birnbaum measure from one
 * top-down pass over it (each node adds P(reach node)·(P(f | occurs) - P(f | not))),
 * and Fussell–Vesely from the BDD of the minimal cut sets that contain the event.
 *
 * @param tree The fault tree.
 * @param tSeconds Time at which lifetime events are evaluated (>= 0).
 * @param options The cut-set limit.
 * @returns The top-event probability, its complement and one set of measures per event.
 * @throws {RangeError} If a value is out of range, the top event cannot occur, or
 * there are more than `maxCutSets` cut sets.
 * @throws {TypeError} If a node has the wrong shape.
 *
 * @example A shared power supply dominates
 * ```ts
 * import { faultTreeImportance } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const power = { kind: "event", name: "power", probability: 0.01 } as const;
 * const pump = (name: string) =>
 *   ({ kind: "or", inputs: [{ kind: "event", name, probability: 0.1 }, power] }) as const;
 * const { components } = faultTreeImportance({ kind: "and", inputs: [pump("a"), pump("b")] }, 0);
 * const byName = Object.fromEntries(components.map((c) => [c.name, c]));
 * assert.ok(byName.power!.riskAchievementWorth > byName.a!.riskAchievementWorth);
 * ```
 */
export function faultTreeImportance(
  tree: FaultTree,
  tSeconds: number,
  options: ImportanceOptions = {},
): ImportanceResult {
  checkOptions("run faultTreeImportance()", "options", options, ["maxCutSets"]);
  return analyse("compute fault tree importance", tree, tSeconds, options);
}
