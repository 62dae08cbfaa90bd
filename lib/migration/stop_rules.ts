/**
 * Stop rules of the pre-copy push phase. After every push round the rules are
 * checked in order; the first that holds ends the push phase and the stop-and-copy
 * round follows. Target rules (`dirty-pages-below`, `max-downtime`) mean the
 * migration converged; cap rules (`max-rounds`, `max-bytes`,
 * `dirty-rate-exceeds-link`) mean it gave up (`converged: false`). Target rules are
 * checked before cap rules, whatever their order in the list.
 *
 * @module
 */
import {
  integer,
  knownKeys,
  nonNegative,
  object,
  oneOf,
  optionNames,
  positive,
  show,
} from "../_validate.ts";
import { compileStopRules, decideStop } from "./_compiled_stop_rules.ts";

/** Stop after this many push rounds (Xen's `max_iters`, 29 by default). */
export interface MaxRoundsRule {
  /** Discriminant. */
  kind: "max-rounds";
  /** Push rounds allowed (integer >= 1). */
  rounds: number;
}

/** Stop once the bytes sent exceed a multiple of the VM's memory (Xen's `max_factor`, 3). */
export interface MaxBytesRule {
  /** Discriminant. */
  kind: "max-bytes";
  /** Allowed bytes sent as a multiple of memory bytes (> 0). */
  memoryFactor: number;
}

/**
 * Stop when fewer pages than this remain dirty (Xen: 50 pages). Xen's own test is on
 * the pages sent (and skipped) in the last iteration; this rule tests the pages left
 * to send, which is what the final round will carry.
 */
export interface DirtyPagesBelowRule {
  /** Discriminant. */
  kind: "dirty-pages-below";
  /** Threshold in pages (>= 0). */
  pages: number;
}

/**
 * Stop when the VM dirtied at least as many pages during the last round as the
 * round sent, i.e. the dirty rate has reached the link rate and another round would
 * not shrink the remaining set (Clark et al. 2005). It compares
 * `RoundState.pagesDirtiedLastRound` (the VM's own writes), not the whole remaining
 * set: pages that time-series pre-copy holds back are not a sign of a fast dirty rate.
 */
export interface DirtyRateExceedsLinkRule {
  /** Discriminant. */
  kind: "dirty-rate-exceeds-link";
}

/**
 * QEMU's rule: stop when the expected downtime, the remaining dirty bytes (pages
 * with overhead) divided by the migration bandwidth, is at most a target
 * (QEMU's `downtime-limit`, 300 ms by default).
 */
export interface MaxDowntimeRule {
  /** Discriminant. */
  kind: "max-downtime";
  /** Downtime target in seconds (> 0). */
  seconds: number;
}

/** Any pre-copy stop rule. */
export type StopRule =
  | MaxRoundsRule
  | MaxBytesRule
  | DirtyPagesBelowRule
  | DirtyRateExceedsLinkRule
  | MaxDowntimeRule;

/** Xen's rules: 29 rounds, 3x memory, fewer than 50 dirty pages, dirty rate at link rate. */
export const XEN_STOP_RULES: readonly StopRule[] = Object.freeze([
  { kind: "dirty-pages-below", pages: 50 },
  { kind: "max-rounds", rounds: 29 },
  { kind: "max-bytes", memoryFactor: 3 },
  { kind: "dirty-rate-exceeds-link" },
]);

/** QEMU's rule: expected downtime under 300 ms, with a 30-round cap of ours. */
export const QEMU_STOP_RULES: readonly StopRule[] = Object.freeze([
  { kind: "max-downtime", seconds: 0.3 },
  { kind: "max-rounds", rounds: 30 },
]);

/**
 * Hard cap on push rounds that applies whatever the rules say, so no configuration
 * can run forever.
 */
export const MAX_PUSH_ROUNDS = 1000;

const RULE_KINDS: readonly StopRule["kind"][] = [
  "max-rounds",
  "max-bytes",
  "dirty-pages-below",
  "dirty-rate-exceeds-link",
  "max-downtime",
];

/** Each rule kind's fields. */
const RULE_FIELDS: Readonly<Record<StopRule["kind"], readonly string[]>> = {
  "max-rounds": optionNames<MaxRoundsRule>({ kind: 0, rounds: 0 }),
  "max-bytes": optionNames<MaxBytesRule>({ kind: 0, memoryFactor: 0 }),
  "dirty-pages-below": optionNames<DirtyPagesBelowRule>({ kind: 0, pages: 0 }),
  "dirty-rate-exceeds-link": optionNames<DirtyRateExceedsLinkRule>({ kind: 0 }),
  "max-downtime": optionNames<MaxDowntimeRule>({ kind: 0, seconds: 0 }),
};

/**
 * Checks a list of stop rules, throwing an error that names the rule and field.
 *
 * @param rules The rules to check.
 * @returns The same rules, typed.
 *
 * @example A negative downtime target is rejected
 * ```ts
 * import { validateStopRules } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => validateStopRules([{ kind: "max-downtime", seconds: -1 }]), {
 *   name: "RangeError",
 *   message: "Cannot migrate as stopRules[0].seconds must be a finite number > 0: current value is -1",
 * });
 * ```
 */
export function validateStopRules(
  rules: readonly StopRule[],
): readonly StopRule[] {
  const action = "migrate";
  if (!Array.isArray(rules)) {
    throw new TypeError(
      `Cannot ${action} as stopRules must be an array: current value is ${show(rules)}`,
    );
  }
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    // Fast path for rules that are plainly valid; field names are only built for an error.
    if (plainlyValid(rule)) continue;
    const at = `stopRules[${i}]`;
    object(action, at, rule);
    oneOf(action, `${at}.kind`, rule!.kind, RULE_KINDS);
    knownKeys(
      action,
      at,
      rule as unknown as Record<string, unknown>,
      RULE_FIELDS[rule!.kind as StopRule["kind"]],
    );
    if (rule!.kind === "max-rounds") integer(action, `${at}.rounds`, rule!.rounds, 1);
    if (rule!.kind === "max-bytes") positive(action, `${at}.memoryFactor`, rule!.memoryFactor);
    if (rule!.kind === "dirty-pages-below") nonNegative(action, `${at}.pages`, rule!.pages);
    if (rule!.kind === "max-downtime") positive(action, `${at}.seconds`, rule!.seconds);
  }
  return rules;
}

/** Whether a rule is certainly valid (a subset of what the named checks accept). */
function plainlyValid(rule: StopRule | undefined): boolean {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return false;
  // the kind and its one field, nothing else (a misspelt field is left to the named checks)
  let keys = 0;
  for (const _ in rule) keys++;
  if (keys !== (rule.kind === "dirty-rate-exceeds-link" ? 1 : 2)) return false;
  const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  switch (rule.kind) {
    case "max-rounds":
      return Number.isSafeInteger(rule.rounds) && rule.rounds >= 1;
    case "max-bytes":
      return finite(rule.memoryFactor) && rule.memoryFactor > 0;
    case "dirty-pages-below":
      return finite(rule.pages) && rule.pages >= 0;
    case "max-downtime":
      return finite(rule.seconds) && rule.seconds > 0;
    case "dirty-rate-exceeds-link":
      return true;
    default:
      return false;
  }
}

/** What the stop rules look at after a push round. */
export interface RoundState {
  /** Push rounds completed so far. */
  round: number;
  /** Bytes sent so far (all rounds). */
  bytesSent: number;
  /** VM memory in bytes (pageCount x pageSizeBytes). */
  memoryBytes: number;
  /** Pages dirty now, to be sent next. */
  dirtyPages: number;
  /** Pages the last round sent. */
  pagesSentLastRound: number;
  /**
   * Distinct pages the VM dirtied while the last round was sending. It differs from
   * `dirtyPages` when pages are held back (time-series pre-copy), which count in
   * `dirtyPages` but were not dirtied by the last round.
   * @default {dirtyPages}
   */
  pagesDirtiedLastRound?: number;
  /**
   * Pages the next push round would send. It is less than `dirtyPages` when time-series
   * pre-copy will withhold some of them until the final round. Xen's page-count tests
   * (`xc_domain_save.c`: `sent_this_iter + skip_this_iter < 50`, and `sent_this_iter >
   * sent_last_iter`) count the pages an iteration sends, so `dirty-pages-below` and
   * `dirty-rate-exceeds-link` read this field; `max-downtime` reads `dirtyPages`, the
   * whole rest that the stop-and-copy will carry.
   * @default {pagesDirtiedLastRound for dirty-rate-exceeds-link, dirtyPages otherwise}
   */
  pagesToSendNextRound?: number;
  /** Bytes on the wire per page, with overhead. */
  wirePageBytes: number;
  /** Migration bandwidth in bytes per second. */
  bytesPerSecond: number;
}

/**
 * Returns the rule that stops the push phase after a round, or undefined to go on.
 *
 * @param rules The rules to apply.
 * @param state The state after the round.
 * @returns The stop reason and whether it is a target (converged) or a cap.
 *
 * @example QEMU's rule stops when the rest fits in 300 ms
 * ```ts
 * import { checkStopRules, QEMU_STOP_RULES } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const stop = checkStopRules(QEMU_STOP_RULES, {
 *   round: 3, bytesSent: 5e9, memoryBytes: 4e9, dirtyPages: 1000,
 *   pagesSentLastRound: 20000, wirePageBytes: 4096, bytesPerSecond: 125e6,
 * });
 * assert.deepEqual(stop, { reason: "max-downtime", converged: true });
 * ```
 */
export function checkStopRules(
  rules: readonly StopRule[],
  state: RoundState,
): { reason: StopRule["kind"]; converged: boolean } | undefined {
  validateStopRules(rules);
  const action = "check stop rules";
  object(action, "state", state);
  integer(action, "state.round", state.round, 0);
  for (
    const key of [
      "bytesSent",
      "memoryBytes",
      "dirtyPages",
      "pagesSentLastRound",
      "wirePageBytes",
    ] as const
  ) nonNegative(action, `state.${key}`, state[key]);
  for (const key of ["pagesDirtiedLastRound", "pagesToSendNextRound"] as const) {
    if (state[key] !== undefined) nonNegative(action, `state.${key}`, state[key]);
  }
  positive(action, "state.bytesPerSecond", state.bytesPerSecond);
  const decision = decideStop(compileStopRules(rules), state, MAX_PUSH_ROUNDS);
  return decision && { reason: decision.reason, converged: decision.converged };
}
