/**
 * Component importance measures of block diagrams and fault trees, computed exactly
 * on a binary decision diagram of the system failure function.
 *
 * Definitions (Rausand & Høyland, "System Reliability Theory", 2nd ed., 2004, ch. 5),
 * with q_i the failure probability of component i at time t, Q the system
 * unreliability, Q(1_i) and Q(0_i) the unreliability with component i failed for sure
 * and perfect (pivotal decomposition: Q = q_i Q(1_i) + (1 - q_i) Q(0_i)):
 *
 * | measure | definition | source |
 * | --- | --- | --- |
 * | Birnbaum | I_B = ∂Q/∂q_i = Q(1_i) - Q(0_i) | Birnbaum 1969; R&H §5.2 |
 * | criticality | I_CR = I_B q_i / Q: P(i is critical and failed \| system failed) | R&H §5.4 |
 * | risk achievement worth | RAW = Q(1_i) / Q | R&H §5.7; NUREG/CR-6813 |
 * | risk reduction worth | RRW = Q / Q(0_i) (Infinity when Q(0_i) = 0) | R&H §5.7 |
 * | Fussell–Vesely | I_FV = P(some minimal cut set containing i has failed) / Q | Vesely 1970; R&H §5.6 |
 *
 * Fussell–Vesely is computed from its definition, exactly, on the BDD of the union of
 * the minimal cut sets that contain i (not the rare-event sum Σ Q_j / Q).
 *
 * @module
 */
import { integer, nonNegative } from "../_validate.ts";
import { Bdd } from "./_bdd.ts";
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
   * Limit on the number of minimal cut sets (needed for Fussell–Vesely).
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
  const bdd = new Bdd();
  const root = bdd.build(gates);
  const { yes, no } = bdd.probabilities(root, p, q);
  const unreliability = yes[root]!;
  const reliability = no[root]!;
  if (!(unreliability > 0)) {
    throw new RangeError(
      `Cannot ${action} as the system unreliability must be > 0: current value is ${unreliability}`,
    );
  }
  const birnbaum = bdd.birnbaum(root, n, p, q);
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
  const components = names.map((name, i): ComponentImportance => {
    const ib = Math.max(0, birnbaum[i]!);
    const failed = unreliability + p[i]! * ib; // Q(1_i)
    const perfect = Math.max(0, unreliability - q[i]! * ib); // Q(0_i)
    const d = containing[i]!.reduce((acc, c) => bdd.or(acc, c), 0);
    const pd = d <= 1 ? d : bdd.probabilities(d, p, q).yes[d]!;
    return {
      name,
      failureProbability: q[i]!,
      birnbaum: ib,
      criticality: Math.min(1, (ib * q[i]!) / unreliability),
      riskAchievementWorth: Math.min(1 / unreliability, failed / unreliability),
      riskReductionWorth: perfect === 0 ? Infinity : unreliability / perfect,
      fussellVesely: Math.min(1, pd / unreliability),
    };
  });
  return { unreliability, reliability, components };
}

/**
 * Computes the Birnbaum, criticality, risk achievement worth, risk reduction worth
 * and Fussell–Vesely importance of every component of a block diagram at time t
 * (definitions and sources in the module doc). The diagram becomes its fault tree
 * (`faultTreeFromBlock`, so component names must be unique), whose BDD gives Q and,
 * in one top-down pass, every Birnbaum measure; Q(1_i) = Q + (1 - q_i) I_B and
 * Q(0_i) = Q - q_i I_B follow by pivotal decomposition.
 *
 * @param block The block diagram.
 * @param tSeconds Mission time at which lifetime components are evaluated (>= 0).
 * @param options The cut-set limit.
 * @returns Q, R and one set of measures per component.
 * @throws {RangeError} If a value is out of range, a name occurs twice, the system
 * cannot fail (Q = 0), or there are more than `maxCutSets` cut sets.
 * @throws {TypeError} If a block has the wrong shape.
 *
 * @example A component in series with a parallel pair
 * ```ts
 * import { importanceMeasures } from "../../mod.ts";
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
  return analyse("compute importance measures", faultTreeFromBlock(block), tSeconds, options);
}

/**
 * Computes the importance measures of every basic event of a fault tree at time t,
 * exactly also when events are shared between branches (same definitions as
 * {@link importanceMeasures}, with "component failed" read as "event occurred").
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
 * import { faultTreeImportance } from "../../mod.ts";
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
  return analyse("compute fault tree importance", tree, tSeconds, options);
}
