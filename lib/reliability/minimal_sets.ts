/**
 * Minimal cut sets and minimal path sets of block diagrams and fault trees.
 *
 * A cut set is a set of components whose failure alone fails the system; a path set
 * one whose working alone keeps it working; minimal when no proper subset is one
 * (Rausand & Høyland, "System Reliability Theory", 2nd ed., 2004, ch. 4). They are
 * found by set algebra with absorption on the failure tree (MOCUS; Fussell & Vesely
 * 1972), and path sets on its dual (AND ↔ OR, k of m ↔ m - k + 1 of m).
 *
 * @module
 */
import { integer, options as checkOptions } from "../_validate.ts";
import { dual, minimalSolutions } from "./_cut_sets.ts";
import { compileFaultTree } from "./_fault_tree.ts";
import type { Block } from "./block_diagram.ts";
import { type FaultTree, faultTreeFromBlock } from "./fault_tree.ts";

/** Options of the minimal-set functions. */
export interface MinimalSetsOptions {
  /**
   * Largest number of sets any intermediate family may hold (the count can grow
   * exponentially, e.g. a parallel structure of series strings); more throws.
   * @default {100000}
   */
  maxSets?: number;
}

function solve(
  action: string,
  tree: FaultTree,
  options: MinimalSetsOptions,
  paths: boolean,
): string[][] {
  const { maxSets = 100_000 } = options;
  integer(action, "options.maxSets", maxSets, 1);
  const { names, gates } = compileFaultTree(action, tree, 0);
  const sets = minimalSolutions(
    paths ? dual(gates) : gates,
    names.length,
    maxSets,
    (count) =>
      new RangeError(
        `Cannot ${action} as the number of sets must be <= options.maxSets (${maxSets}): current value is ${count}`,
      ),
  );
  return sets.map((s) => s.map((i) => names[i]!));
}

/**
 * Lists the minimal cut sets of a block diagram: the smallest sets of components
 * whose joint failure fails the system. Components are named by their `name` (or
 * their path, see {@link faultTreeFromBlock}); each set lists names in the order the
 * components first appear, and the sets are sorted by size.
 *
 * @param block The block diagram (component names unique).
 * @param options The set-count limit.
 * @returns The minimal cut sets, as arrays of component names.
 * @throws {RangeError} If a value is out of range, a name occurs twice, or there are
 * more than `maxSets` sets.
 * @throws {TypeError} If a block has the wrong shape.
 *
 * @example A component in series with a parallel pair
 * ```ts
 * import { minimalCutSets } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = (name: string) => ({ kind: "component", reliability: 0.9, name }) as const;
 * const block = { kind: "series", blocks: [c("a"), { kind: "parallel", blocks: [c("b"), c("c")] }] } as const;
 * assert.deepEqual(minimalCutSets(block), [["a"], ["b", "c"]]);
 * ```
 */
export function minimalCutSets(block: Block, options: MinimalSetsOptions = {}): string[][] {
  checkOptions("run minimalCutSets()", "options", options, ["maxSets"]);
  return solve("compute minimal cut sets", faultTreeFromBlock(block), options, false);
}

/**
 * Lists the minimal path sets of a block diagram: the smallest sets of components
 * whose joint working keeps the system working (the minimal cut sets of the dual).
 *
 * @param block The block diagram (component names unique).
 * @param options The set-count limit.
 * @returns The minimal path sets, as arrays of component names, sorted by size.
 * @throws {RangeError} If a value is out of range, a name occurs twice, or there are
 * more than `maxSets` sets.
 * @throws {TypeError} If a block has the wrong shape.
 *
 * @example 2-out-of-3: every pair is a path set
 * ```ts
 * import { minimalPathSets } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = (name: string) => ({ kind: "component", reliability: 0.9, name }) as const;
 * const tmr = { kind: "k-out-of-n", k: 2, blocks: [c("a"), c("b"), c("c")] } as const;
 * assert.deepEqual(minimalPathSets(tmr), [["a", "b"], ["a", "c"], ["b", "c"]]);
 * ```
 */
export function minimalPathSets(block: Block, options: MinimalSetsOptions = {}): string[][] {
  checkOptions("run minimalPathSets()", "options", options, ["maxSets"]);
  return solve("compute minimal path sets", faultTreeFromBlock(block), options, true);
}

/**
 * Lists the minimal cut sets of a fault tree: the smallest sets of basic events whose
 * joint occurrence makes the top event occur. Events shared by several branches are
 * one event, so sets that contain another are absorbed (a + ab = a).
 *
 * @param tree The fault tree.
 * @param options The set-count limit.
 * @returns The minimal cut sets, as arrays of event names, sorted by size.
 * @throws {RangeError} If a value is out of range or there are more than `maxSets` sets.
 * @throws {TypeError} If a node has the wrong shape.
 *
 * @example A shared cause is a cut set of one
 * ```ts
 * import { faultTreeCutSets } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const power = { kind: "event", name: "power", probability: 0.01 } as const;
 * const pump = (name: string) =>
 *   ({ kind: "or", inputs: [{ kind: "event", name, probability: 0.1 }, power] }) as const;
 * assert.deepEqual(
 *   faultTreeCutSets({ kind: "and", inputs: [pump("a"), pump("b")] }),
 *   [["power"], ["a", "b"]],
 * );
 * ```
 */
export function faultTreeCutSets(tree: FaultTree, options: MinimalSetsOptions = {}): string[][] {
  checkOptions("run faultTreeCutSets()", "options", options, ["maxSets"]);
  return solve("compute fault tree cut sets", tree, options, false);
}

/**
 * Lists the minimal path sets of a fault tree: the smallest sets of basic events
 * whose joint non-occurrence rules the top event out (the minimal cut sets of the
 * dual tree: AND ↔ OR, k of m ↔ m - k + 1 of m).
 *
 * @param tree The fault tree.
 * @param options The set-count limit.
 * @returns The minimal path sets, as arrays of event names, sorted by size.
 * @throws {RangeError} If a value is out of range or there are more than `maxSets` sets.
 * @throws {TypeError} If a node has the wrong shape.
 *
 * @example Keeping the power and one pump is enough
 * ```ts
 * import { faultTreePathSets } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const power = { kind: "event", name: "power", probability: 0.01 } as const;
 * const pump = (name: string) =>
 *   ({ kind: "or", inputs: [{ kind: "event", name, probability: 0.1 }, power] }) as const;
 * assert.deepEqual(
 *   faultTreePathSets({ kind: "and", inputs: [pump("a"), pump("b")] }),
 *   [["a", "power"], ["power", "b"]],
 * );
 * ```
 */
export function faultTreePathSets(tree: FaultTree, options: MinimalSetsOptions = {}): string[][] {
  checkOptions("run faultTreePathSets()", "options", options, ["maxSets"]);
  return solve("compute fault tree path sets", tree, options, true);
}
