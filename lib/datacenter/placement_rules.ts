import {
  boolean,
  finiteNumber,
  func,
  nonNegative,
  optionNames,
  requiredOptions,
} from "../_validate.ts";
import { UNCHECKED_RULES } from "./_unchecked_strategies.ts";

/** What a placement rule sees of one candidate host for one VM. */
export interface PlacementCandidate {
  /** Utilisation the host's power is read at before the VM (CloudSim: the last update's). */
  before: number;
  /** Utilisation with the VM placed. */
  after: number;
  /** Whether the host has no VM (is switched off). */
  empty: boolean;
  /** The host's power in watts at a utilisation. */
  watts(utilization: number): number;
  /** Watts of the top-of-rack and aggregation switches placing here would switch on. */
  switchOnWatts: number;
}

/** A target-host rule: the cost of placing the VM on a candidate (least wins). */
export type PlacementRule = (candidate: PlacementCandidate) => number;

const ACTION = "price a placement";
const CANDIDATE_FIELDS = optionNames<PlacementCandidate>({
  before: 0,
  after: 0,
  empty: 0,
  watts: 0,
  switchOnWatts: 0,
});

/**
 * Target-host rules by name, the values of `simulateDatacenter`'s `placement` option, each the
 * cost a power-aware best fit minimises over the hosts that fit and stay not overloaded:
 * `"pabfd"` the power increase (Beloglazov and Buyya 2012, PABFD; CloudSim 3.0.3's
 * `PowerVmAllocationPolicyMigrationAbstract.findHostForVm`, so an empty host is charged its
 * increase over idle), `"obfdf"` the same except that an empty host is charged its whole draw
 * plus the switches it would switch on (Esfandiarpour, Pahlavan and Goudarzi 2013). Each
 * refuses a candidate with a missing or unknown field, a utilisation or switch power that is
 * not a finite number >= 0, or a `watts` that returns no finite number, naming the field.
 *
 * @example An empty host costs its increase under PABFD, its whole draw under OBFDF
 * ```ts
 * import { PLACEMENT_RULES } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = { before: 0, after: 0.5, empty: true, watts: (u: number) => 100 + 100 * u,
 *   switchOnWatts: 40 };
 * assert.equal(PLACEMENT_RULES.pabfd(c), 50);
 * assert.equal(PLACEMENT_RULES.obfdf(c), 190);
 * assert.throws(() => PLACEMENT_RULES.pabfd({ ...c, after: -0.5 }), /candidate.after/);
 * ```
 */
export const PLACEMENT_RULES: Readonly<Record<"pabfd" | "obfdf", PlacementRule>> = Object.freeze({
  pabfd: checkedRule(UNCHECKED_RULES.pabfd),
  obfdf: checkedRule(UNCHECKED_RULES.obfdf),
});

/**
 * The rule with its candidate checked: the fields it has (no others), utilisations and switch
 * watts finite and >= 0, `empty` a boolean, `watts` a function returning a finite number.
 */
function checkedRule(unchecked: PlacementRule): PlacementRule {
  return (candidate: PlacementCandidate) => {
    requiredOptions(ACTION, "candidate", candidate, CANDIDATE_FIELDS);
    nonNegative(ACTION, "candidate.before", candidate.before);
    nonNegative(ACTION, "candidate.after", candidate.after);
    boolean(ACTION, "candidate.empty", candidate.empty);
    func(ACTION, "candidate.watts", candidate.watts);
    nonNegative(ACTION, "candidate.switchOnWatts", candidate.switchOnWatts);
    const watts = candidate.watts;
    return unchecked({
      ...candidate,
      watts: (u: number) => finiteNumber(ACTION, `candidate.watts(${u})`, watts.call(candidate, u)),
    });
  };
}
