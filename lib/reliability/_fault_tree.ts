/**
 * Validation and numbering of fault trees, shared by the fault-tree, cut-set and
 * importance functions.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { checkLifetime, lifetimeKey } from "./_lifetime_check.ts";
import { integer, object, show, within } from "../_validate.ts";
import type { GateTree } from "./_bdd.ts";
import type { FaultTree, FixedBasicEvent } from "./fault_tree.ts";
import { reliabilityAt, unreliabilityAt } from "./lifetime.ts";

/** A fault tree reduced to numbered events and their probabilities at one time. */
export interface CompiledTree {
  /** Event names, by index (first-appearance order). */
  names: string[];
  /** P(event does not occur), by index. */
  p: Float64Array;
  /** P(event occurs), by index. */
  q: Float64Array;
  /** The gate tree over event indices. */
  gates: GateTree;
}

/**
 * Validates a fault tree and numbers its events in depth-first first-appearance
 * order (a good BDD variable order for trees).
 */
export function compileFaultTree(action: string, tree: FaultTree, tSeconds: number): CompiledTree {
  const names: string[] = [];
  const specs: string[] = [];
  const p: number[] = [];
  const q: number[] = [];
  const index = new Map<string, number>();
  function walk(node: FaultTree, path: string): GateTree {
    object(action, path, node);
    switch (node.kind) {
      case "event": {
        if (typeof node.name !== "string" || node.name === "") {
          throw new TypeError(
            `Cannot ${action} as ${path}.name must be a non-empty string: current value is ${
              show(node.name)
            }`,
          );
        }
        let pi: number;
        let qi: number;
        let spec: string;
        if ("lifetime" in node && node.lifetime !== undefined) {
          checkLifetime(action, `${path}.lifetime`, node.lifetime);
          qi = unreliabilityAt(node.lifetime, tSeconds);
          pi = reliabilityAt(node.lifetime, tSeconds);
          spec = lifetimeKey(node.lifetime);
        } else {
          qi = within(action, `${path}.probability`, (node as FixedBasicEvent).probability, 0, 1);
          pi = 1 - qi;
          spec = String(qi);
        }
        const seen = index.get(node.name);
        if (seen !== undefined) {
          if (specs[seen] !== spec) {
            throw new RangeError(
              `Cannot ${action} as ${path} must match the earlier event named ${
                show(node.name)
              }: current value is ${show(node)}`,
            );
          }
          return { op: "event", index: seen };
        }
        index.set(node.name, names.length);
        names.push(node.name);
        specs.push(spec);
        p.push(pi);
        q.push(qi);
        return { op: "event", index: names.length - 1 };
      }
      case "and":
      case "or":
      case "vote": {
        if (!Array.isArray(node.inputs) || node.inputs.length === 0) {
          throw new TypeError(
            `Cannot ${action} as ${path}.inputs must be a non-empty array: current value is ${
              show(node.inputs)
            }`,
          );
        }
        const inputs = node.inputs.map((input, i) => walk(input, `${path}.inputs[${i}]`));
        if (node.kind !== "vote") return { op: node.kind, inputs };
        const k = integer(action, `${path}.k`, node.k, 1, inputs.length);
        return { op: "atLeast", k, inputs };
      }
      default:
        throw new TypeError(
          `Cannot ${action} as ${path}.kind must be one of "event", "and", "or", "vote": current value is ${
            show((node as { kind: unknown }).kind)
          }`,
        );
    }
  }
  const gates = walk(tree, "tree");
  return { names, p: Float64Array.from(p), q: Float64Array.from(q), gates };
}
