/**
 * Fault trees as plain data (AND, OR and voting gates over basic events, events
 * shared between branches allowed), their exact top-event probability, and the
 * fault tree of a reliability block diagram.
 *
 * Sources: Vesely, Goldberg, Roberts & Haasl, "Fault Tree Handbook", NUREG-0492,
 * 1981 (gates, minimal cut sets); Rausand & Høyland, "System Reliability Theory",
 * 2nd ed., 2004, ch. 3 and 4 (the structure function, the dual block diagram);
 * Rauzy 1993 (exact probability through a binary decision diagram).
 *
 * @module
 */
import { integer, object, show, within } from "../_validate.ts";
import { Bdd } from "./_bdd.ts";
import { compileFaultTree } from "./_fault_tree.ts";
import type { Block } from "./block_diagram.ts";
import { MAX_COMPONENTS } from "./_tails.ts";
import { type LifetimeDistribution, reliabilityAt } from "./lifetime.ts";

/** A basic event with a fixed probability of occurring (independent of time). */
export interface FixedBasicEvent {
  /** Discriminant. */
  kind: "event";
  /** Identifies the event; every occurrence of a name is the same event. */
  name: string;
  /** Probability that the event occurs, in [0, 1]. */
  probability: number;
}

/** A basic event that occurs by time t with the unreliability F(t) of a lifetime. */
export interface LifetimeBasicEvent {
  /** Discriminant. */
  kind: "event";
  /** Identifies the event; every occurrence of a name is the same event. */
  name: string;
  /** Lifetime of the component whose failure the event is. */
  lifetime: LifetimeDistribution;
}

/** A basic event of a fault tree. */
export type BasicEvent = FixedBasicEvent | LifetimeBasicEvent;

/** Occurs iff every input occurs. */
export interface AndGate {
  /** Discriminant. */
  kind: "and";
  /** The inputs (at least one). */
  inputs: readonly FaultTree[];
  /** Optional label. */
  name?: string;
}

/** Occurs iff at least one input occurs. */
export interface OrGate {
  /** Discriminant. */
  kind: "or";
  /** The inputs (at least one). */
  inputs: readonly FaultTree[];
  /** Optional label. */
  name?: string;
}

/** A voting (k-out-of-n) gate: occurs iff at least `k` of its inputs occur. */
export interface VotingGate {
  /** Discriminant. */
  kind: "vote";
  /** Least number of occurring inputs, 1..inputs.length. */
  k: number;
  /** The inputs (at least one). */
  inputs: readonly FaultTree[];
  /** Optional label. */
  name?: string;
}

/**
 * A fault tree: basic events combined by AND, OR and voting gates. Basic events are
 * independent; an event name used in several places is one event (a shared cause),
 * which the exact methods handle.
 */
export type FaultTree = BasicEvent | AndGate | OrGate | VotingGate;

/**
 * Computes the exact probability of the top event of a fault tree at time t, with
 * events shared between branches handled exactly: the tree is turned into a reduced
 * ordered binary decision diagram and evaluated by Shannon decomposition,
 * P(f) = q_x P(f | x occurs) + (1 - q_x) P(f | x does not) (Rauzy 1993), a sum of
 * non-negative terms. Without shared events it equals the gate-by-gate product
 * formulas (AND: Π q_i, OR: 1 - Π(1 - q_i)).
 *
 * @param tree The fault tree.
 * @param tSeconds Time at which events with a lifetime are evaluated (>= 0); events
 * with a fixed probability ignore it.
 * @returns The top-event probability in [0, 1].
 * @throws {RangeError} If a probability, k or a lifetime parameter is out of range,
 * or one event name is given two different probabilities.
 * @throws {TypeError} If a node has the wrong shape or an unknown kind.
 *
 * @example A shared power supply under two redundant pumps
 * ```ts
 * import { topEventProbability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const power = { kind: "event", name: "power", probability: 0.01 } as const;
 * const pump = (name: string) =>
 *   ({ kind: "or", inputs: [{ kind: "event", name, probability: 0.1 }, power] }) as const;
 * const q = topEventProbability({ kind: "and", inputs: [pump("a"), pump("b")] }, 0);
 * // Both pumps fail iff the power fails, or both pumps fail on their own.
 * assert.ok(Math.abs(q - (0.01 + 0.99 * 0.1 * 0.1)) < 1e-15);
 * ```
 */
export function topEventProbability(tree: FaultTree, tSeconds: number = 0): number {
  const { p, q, gates } = compileFaultTree("compute top event probability", tree, tSeconds);
  const bdd = new Bdd();
  const root = bdd.build(gates);
  return bdd.probabilities(root, p, q).yes[root]!;
}

function children(action: string, path: string, blocks: unknown): readonly Block[] {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new TypeError(
      `Cannot ${action} as ${path}.blocks must be a non-empty array: current value is ${
        show(blocks)
      }`,
    );
  }
  return blocks as readonly Block[];
}

/**
 * Builds the fault tree of a reliability block diagram, whose top event is "the
 * system fails" (Rausand & Høyland 2004, §4.3): a component becomes the basic event
 * "it fails" (probability 1 - R, or its lifetime), a series structure an OR gate, a
 * parallel structure an AND gate, and a k-out-of-n structure of m blocks a voting
 * gate that fails when at least m - k + 1 blocks fail. The copies of a
 * `k-out-of-n-identical` block are expanded into independent copies.
 *
 * Each component is one basic event, named by its `name` or, without one, by its path
 * (`block.blocks[1]`); copies get `#1`, `#2`, ... appended. A diagram is a
 * structure of independent components, so a name may occur only once: a component
 * shared by two branches is a fault tree's job (give both branches the same event).
 *
 * @param block The block diagram.
 * @returns The fault tree.
 * @throws {RangeError} If a reliability or k is out of range (k must be in [1, n] here),
 * or a component name occurs twice.
 * @throws {TypeError} If a block has the wrong shape or an unknown kind.
 *
 * @example Two components in parallel fail together
 * ```ts
 * import { faultTreeFromBlock, topEventProbability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tree = faultTreeFromBlock({ kind: "parallel", blocks: [
 *   { kind: "component", reliability: 0.9, name: "a" },
 *   { kind: "component", reliability: 0.8, name: "b" },
 * ] });
 * assert.equal(tree.kind, "and");
 * assert.ok(Math.abs(topEventProbability(tree) - 0.1 * 0.2) < 1e-15);
 * ```
 */
export function faultTreeFromBlock(block: Block): FaultTree {
  const action = "build a fault tree from a block diagram";
  const seen = new Map<string, string>();
  function walk(node: Block, path: string, suffix: string): FaultTree {
    object(action, path, node);
    switch (node.kind) {
      case "component": {
        if (node.name !== undefined && (typeof node.name !== "string" || node.name === "")) {
          throw new TypeError(
            `Cannot ${action} as ${path}.name must be a non-empty string: current value is ${
              show(node.name)
            }`,
          );
        }
        const name = (node.name ?? path) + suffix;
        const earlier = seen.get(name);
        if (earlier !== undefined) {
          throw new RangeError(
            `Cannot ${action} as ${path}.name must be unique in the diagram (also at ${earlier}): current value is ${
              show(name)
            }`,
          );
        }
        seen.set(name, path);
        if ("lifetime" in node && node.lifetime !== undefined) {
          reliabilityAt(node.lifetime, 0); // validates the lifetime
          return { kind: "event", name, lifetime: node.lifetime };
        }
        const r = within(
          action,
          `${path}.reliability`,
          (node as { reliability: unknown }).reliability,
          0,
          1,
        );
        return { kind: "event", name, probability: 1 - r };
      }
      case "series":
        return {
          kind: "or",
          inputs: children(action, path, node.blocks).map((b, i) =>
            walk(b, `${path}.blocks[${i}]`, suffix)
          ),
        };
      case "parallel":
        return {
          kind: "and",
          inputs: children(action, path, node.blocks).map((b, i) =>
            walk(b, `${path}.blocks[${i}]`, suffix)
          ),
        };
      case "k-out-of-n": {
        const blocks = children(action, path, node.blocks);
        const k = integer(action, `${path}.k`, node.k, 1, blocks.length);
        const inputs = blocks.map((b, i) => walk(b, `${path}.blocks[${i}]`, suffix));
        return { kind: "vote", k: blocks.length - k + 1, inputs };
      }
      case "k-out-of-n-identical": {
        const n = integer(action, `${path}.n`, node.n, 1, MAX_COMPONENTS);
        const k = integer(action, `${path}.k`, node.k, 1, n);
        const inputs = Array.from(
          { length: n },
          (_, i) => walk(node.block, `${path}.block`, `${suffix}#${i + 1}`),
        );
        return { kind: "vote", k: n - k + 1, inputs };
      }
      default:
        throw new TypeError(
          `Cannot ${action} as ${path}.kind must be one of "component", "series", "parallel", "k-out-of-n", "k-out-of-n-identical": current value is ${
            show((node as { kind: unknown }).kind)
          }`,
        );
    }
  }
  return walk(block, "block", "");
}
