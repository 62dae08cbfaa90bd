/**
 * Common-cause failures by the beta-factor model, applied to a group of identical
 * basic events of a fault tree.
 *
 * Model (Fleming, "A reliability model for common mode failures in redundant safety
 * systems", 1975; Rausand & Høyland, "System Reliability Theory", 2nd ed., 2004,
 * ch. 6; NUREG/CR-5485, 1998): a fraction β of each member's failure rate is a shared
 * cause that fails every member of the group at once, the rest is independent:
 * λ_c = βλ and λ_i = (1 - β)λ. Each member's event X becomes X_indep OR CCF, with one
 * CCF event shared by all members, so the top event is computed exactly by the BDD.
 *
 * The split is made on the cumulative hazard, so every member keeps its marginal law:
 * exponential λ → rates (1 - β)λ and βλ; Weibull (k, η) → scales η(1 - β)^(-1/k) and
 * ηβ^(-1/k); a fixed probability Q → 1 - (1 - Q)^(1-β) and 1 - (1 - Q)^β (≈ (1 - β)Q
 * and βQ, the usual Q_CCF = βQ_t, when Q is small).
 *
 * @module
 */
import { optionNames, requiredOptions, show, within } from "../_validate.ts";
import { compileFaultTree } from "./_fault_tree.ts";
import { lifetimeKey } from "./_lifetime_check.ts";
import type { BasicEvent, FaultTree, FixedBasicEvent } from "./fault_tree.ts";
import type { LifetimeDistribution } from "./lifetime.ts";

/** A group of identical components subject to a common cause. */
export interface BetaFactorGroup {
  /** Names of the group's basic events (at least 2, all with the same probability or lifetime). */
  events: readonly string[];
  /** Fraction β of the failure rate due to the common cause, in [0, 1]. */
  beta: number;
  /**
   * Name of the common-cause event (must not name another event).
   * @default {`CCF(${events.join(",")})`}
   */
  name?: string;
}

/** 1 - (1 - q)^f, accurate for small q; 0 when f = 0. */
function splitProbability(q: number, f: number): number {
  if (f === 0 || q === 0) return 0;
  if (q === 1) return 1;
  return -Math.expm1(f * Math.log1p(-q));
}

function splitLifetime(l: LifetimeDistribution, f: number): LifetimeDistribution {
  return l.kind === "exponential"
    ? { kind: "exponential", ratePerSecond: f * l.ratePerSecond }
    : { kind: "weibull", shape: l.shape, scaleSeconds: l.scaleSeconds * Math.pow(f, -1 / l.shape) };
}

function part(event: BasicEvent, name: string, f: number): BasicEvent {
  // `lifetime: undefined` is a fixed event, as in the fault-tree evaluation.
  return "lifetime" in event && event.lifetime !== undefined
    ? { kind: "event", name, lifetime: splitLifetime(event.lifetime, f) }
    : {
      kind: "event",
      name,
      probability: splitProbability((event as FixedBasicEvent).probability, f),
    };
}

/**
 * Applies the beta-factor common-cause model to a group of identical basic events of
 * a fault tree: returns a new tree in which each member event X is replaced by
 * `OR(X, CCF)`, X now carrying the independent part (1 - β) of the hazard and the
 * shared event CCF the common part β (see the module doc). β = 0 leaves the tree as it
 * is; β = 1 replaces every member by CCF. The input is not modified.
 *
 * @param tree The fault tree.
 * @param group The member event names, β and the name of the common-cause event.
 * @returns The fault tree with the common cause.
 * @throws {RangeError} If β is outside [0, 1], a member is missing from the tree, listed
 * twice, or differs from the others, or the CCF name is taken.
 * @throws {TypeError} If the tree or the group has the wrong shape.
 *
 * @example Two redundant pumps with β = 0.1
 * ```ts
 * import { applyBetaFactor, topEventProbability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pump = (name: string) => ({ kind: "event", name, lifetime: { kind: "exponential", ratePerSecond: 1e-4 } }) as const;
 * const tree = applyBetaFactor({ kind: "and", inputs: [pump("a"), pump("b")] }, { events: ["a", "b"], beta: 0.1 });
 * const t = 100;
 * const qi = 1 - Math.exp(-0.9e-4 * t);
 * const qc = 1 - Math.exp(-0.1e-4 * t);
 * assert.ok(Math.abs(topEventProbability(tree, t) - (qc + (1 - qc) * qi * qi)) < 1e-15);
 * ```
 */
export function applyBetaFactor(tree: FaultTree, group: BetaFactorGroup): FaultTree {
  const action = "apply the beta-factor model";
  requiredOptions(
    action,
    "group",
    group,
    optionNames<BetaFactorGroup>({ events: 0, beta: 0, name: 0 }),
  );
  const beta = within(action, "group.beta", group.beta, 0, 1);
  if (!Array.isArray(group.events) || group.events.length < 2) {
    throw new TypeError(
      `Cannot ${action} as group.events must be an array of at least 2 names: current value is ${
        show(group.events)
      }`,
    );
  }
  const { names } = compileFaultTree(action, tree, 0);
  const members = new Map<string, BasicEvent>();
  const collect = (node: FaultTree): void => {
    if (node.kind === "event") {
      if (group.events.includes(node.name) && !members.has(node.name)) {
        members.set(node.name, node);
      }
    } else node.inputs.forEach(collect);
  };
  collect(tree);
  let spec: string | undefined;
  group.events.forEach((name, i) => {
    if (group.events.indexOf(name) !== i) {
      throw new RangeError(
        `Cannot ${action} as group.events[${i}] must be listed once: current value is ${
          show(name)
        }`,
      );
    }
    const event = members.get(name);
    if (event === undefined) {
      throw new RangeError(
        `Cannot ${action} as group.events[${i}] must name an event of the tree: current value is ${
          show(name)
        }`,
      );
    }
    const own = "lifetime" in event && event.lifetime !== undefined
      ? lifetimeKey(event.lifetime)
      : String((event as { probability: number }).probability);
    if (spec !== undefined && own !== spec) {
      throw new RangeError(
        `Cannot ${action} as group.events[${i}] must be identical to group.events[0] (same probability or lifetime): current value is ${
          show(event)
        }`,
      );
    }
    spec = own;
  });
  const ccfName = group.name ?? `CCF(${group.events.join(",")})`;
  if (typeof ccfName !== "string" || ccfName === "" || names.includes(ccfName)) {
    throw new RangeError(
      `Cannot ${action} as group.name must be a new non-empty event name: current value is ${
        show(ccfName)
      }`,
    );
  }
  const template = members.get(group.events[0]!)!;
  const ccf = part(template, ccfName, beta);
  const rewrite = (node: FaultTree): FaultTree => {
    if (node.kind !== "event") return { ...node, inputs: node.inputs.map(rewrite) };
    if (!members.has(node.name) || beta === 0) return { ...node };
    if (beta === 1) return { ...ccf };
    return { kind: "or", inputs: [part(node, node.name, 1 - beta), { ...ccf }] };
  };
  return rewrite(tree);
}
