/**
 * Stop rules compiled into typed arrays, checked after every push round by the
 * simulator and the closed form. Reading `rule.kind` and a threshold from objects of
 * five shapes is a megamorphic property load in V8 (about 80 ns for Xen's four
 * rules); the compiled form is monomorphic. Semantics are those documented on
 * `checkStopRules`, which delegates here. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { RoundState, StopRule } from "./stop_rules.ts";

const DIRTY_PAGES_BELOW = 0;
const MAX_DOWNTIME = 1;
const MAX_ROUNDS = 2;
const MAX_BYTES = 3;
const DIRTY_RATE = 4;

const KINDS: readonly StopRule["kind"][] = [
  "dirty-pages-below",
  "max-downtime",
  "max-rounds",
  "max-bytes",
  "dirty-rate-exceeds-link",
];

/** A stop decision: why, and whether it met a target. */
export interface StopDecision {
  /** The rule kind that stopped the push phase. */
  readonly reason: StopRule["kind"];
  /** True for a target rule, false for a cap. */
  readonly converged: boolean;
}

/** One shared, frozen decision per kind and outcome: checking allocates nothing. */
const DECISIONS: readonly (readonly [StopDecision, StopDecision])[] = KINDS.map((reason) => [
  Object.freeze({ reason, converged: false }),
  Object.freeze({ reason, converged: true }),
]);

/**
 * Rules as parallel arrays of kind codes and thresholds, in list order (plain
 * arrays: a few small numbers are cheaper to allocate than typed arrays).
 */
export interface CompiledStopRules {
  /** Kind code of each rule. */
  readonly codes: number[];
  /** Threshold of each rule (pages, seconds, rounds or memory factor; 0 for the dirty-rate rule). */
  readonly values: number[];
}

/** Compiles validated rules. */
export function compileStopRules(rules: readonly StopRule[]): CompiledStopRules {
  const codes: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    switch (rule.kind) {
      case "dirty-pages-below":
        codes.push(DIRTY_PAGES_BELOW);
        values.push(rule.pages);
        break;
      case "max-downtime":
        codes.push(MAX_DOWNTIME);
        values.push(rule.seconds);
        break;
      case "max-rounds":
        codes.push(MAX_ROUNDS);
        values.push(rule.rounds);
        break;
      case "max-bytes":
        codes.push(MAX_BYTES);
        values.push(rule.memoryFactor);
        break;
      case "dirty-rate-exceeds-link":
        codes.push(DIRTY_RATE);
        values.push(0);
        break;
    }
  }
  return { codes, values };
}

/**
 * The first target rule (`dirty-pages-below`, `max-downtime`) that `dirtyPages`
 * pages left to send meet, or undefined. `dirty-pages-below` tests `sendPages`, the
 * pages the next push round would send (all of `dirtyPages` unless some are withheld).
 */
export function meetsTarget(
  compiled: CompiledStopRules,
  dirtyPages: number,
  wirePageBytes: number,
  bytesPerSecond: number,
  sendPages: number = dirtyPages,
): StopDecision | undefined {
  const { codes, values } = compiled;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === DIRTY_PAGES_BELOW && sendPages < values[i]!) return DECISIONS[code]![1];
    if (code === MAX_DOWNTIME && (dirtyPages * wirePageBytes) / bytesPerSecond <= values[i]!) {
      return DECISIONS[code]![1];
    }
  }
  return undefined;
}

/** The decision after a round, or undefined to go on (see `checkStopRules`). */
export function decideStop(
  compiled: CompiledStopRules,
  state: RoundState,
  maxPushRounds: number,
): StopDecision | undefined {
  const { codes, values } = compiled;
  const n = codes.length;
  const dirty = state.dirtyPages;
  const send = state.pagesToSendNextRound;
  const target = meetsTarget(
    compiled,
    dirty,
    state.wirePageBytes,
    state.bytesPerSecond,
    send ?? dirty,
  );
  if (target) return target;
  if (dirty === 0) return DECISIONS[DIRTY_PAGES_BELOW]![1];
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    if (code === MAX_ROUNDS && state.round >= values[i]!) return DECISIONS[code]![0];
    if (code === MAX_BYTES && state.bytesSent > values[i]! * state.memoryBytes) {
      return DECISIONS[code]![0];
    }
    if (
      code === DIRTY_RATE &&
      (send ?? state.pagesDirtiedLastRound ?? dirty) >= state.pagesSentLastRound
    ) return DECISIONS[code]![0];
  }
  if (state.round >= maxPushRounds) return DECISIONS[MAX_ROUNDS]![0];
  return undefined;
}
