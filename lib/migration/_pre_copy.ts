/**
 * Pre-copy with an optional withholder, shared by pre-copy and time-series pre-copy.
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { createContext, stopAndCopy, totals } from "./_context.ts";
import { DEFAULT_MAX_WRITES, pushRounds, type Withholder } from "./_push.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { PreCopyOptions } from "./pre_copy.ts";
import type { MigrationResult, RoundRow, TechniqueName, TimelineEvent } from "./result.ts";
import { QEMU_STOP_RULES, validateStopRules } from "./stop_rules.ts";
import { nonNegative, object } from "../_validate.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Runs pre-copy, holding back the pages `withholder` chooses. */
export function runPreCopy(
  technique: TechniqueName,
  vm: VmSpec,
  link: LinkSpec,
  options: PreCopyOptions,
  withholder: Withholder | undefined,
): MigrationResult {
  object("migrate", "options", options);
  const {
    seed,
    stopRules = QEMU_STOP_RULES,
    maxWrites = DEFAULT_MAX_WRITES,
    label = technique,
  } = options;
  const ctx = createContext(vm, link, seed);
  validateStopRules(stopRules);
  nonNegative("migrate", "maxWrites", maxWrites);
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  const push = pushRounds(
    ctx,
    stopRules,
    rows,
    timeline,
    maxWrites,
    withholder,
  );
  const downtime = stopAndCopy(
    ctx,
    push.remaining.count(),
    push.endSeconds,
    rows,
    timeline,
  );
  const total = push.endSeconds + downtime;
  timeline.push({
    timeSeconds: total,
    kind: "end",
    round: 0,
    host: "destination",
  });
  return {
    technique,
    label,
    fidelity: "page",
    seed,
    totalSeconds: total,
    downtimeSeconds: downtime,
    ...totals(rows),
    rounds: rows.length,
    converged: push.converged,
    stopReason: push.stopReason,
    remoteFaults: 0,
    stallSeconds: 0,
    pagesMissing: 0,
    roundRows: rows,
    timeline,
  };
}
