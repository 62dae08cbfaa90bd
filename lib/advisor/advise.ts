import {
  boolean,
  integer,
  knownKeys,
  object,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  show,
  within,
} from "../_validate.ts";
import { migrate, type MigrateOptions, TECHNIQUE_NAMES } from "../migration/migrate.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import type { TechniqueName } from "../migration/result.ts";
import { validateLink, validateVm } from "../migration/validate.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import type { Seed } from "../random/prng.ts";
import { formatBytes } from "../units/bytes.ts";
import { formatDuration } from "../units/duration.ts";
import { formatRate } from "../units/rate.ts";
import {
  type CompressionOptions,
  MECHANISM_DEFAULTS,
  type MigrationMechanisms,
} from "../migration/mechanisms.ts";
import { MIGRATE_OPTION_NAMES } from "../migration/_option_names.ts";
import { checkCompression } from "./_compression_check.ts";
import { workloadModel } from "../workload/models.ts";
import { type AdviceCandidate, adviceCandidates } from "./advice_candidates.ts";
import { estimate, floorOf, type Metrics, slowdownOf } from "./_estimate.ts";

/** What the advisor minimises among the settings that meet the goal. */
export type AdviceCost = "total-time" | "downtime" | "traffic" | "slowdown";

/** Names of the costs, for help texts. */
export const ADVICE_COSTS: readonly AdviceCost[] = Object.freeze([
  "total-time",
  "downtime",
  "traffic",
  "slowdown",
]);

/** A goal: limits every recommended setting must meet, and the cost to minimise. */
export interface AdviceGoal {
  /**
   * Longest acceptable downtime, seconds (> 0).
   * @default {Infinity}
   */
  maxDowntimeSeconds?: number;
  /**
   * Longest acceptable migration, seconds (> 0).
   * @default {Infinity}
   */
  maxTotalSeconds?: number;
  /**
   * Most bytes the migration may put on the wire (> 0).
   * @default {Infinity}
   */
  maxBytes?: number;
  /**
   * Largest acceptable guest slowdown: the share of its running time during the
   * migration that the guest loses to stalls, in [0, 1].
   * @default {1}
   */
  maxSlowdown?: number;
  /**
   * The cost to minimise (see {@link AdviceCost}).
   * @default {"total-time"}
   */
  minimise?: AdviceCost;
}

/** Options of {@link advise}. */
export interface AdviseOptions {
  /**
   * Seeds of the page-level confirmation runs; a setting meets the goal only if it
   * does with every seed.
   * @default {[1, 2]}
   */
  seeds?: readonly Seed[];
  /**
   * Settings to confirm at page level that meet the goal (the ranking's length).
   * @default {3}
   */
  finalists?: number;
  /**
   * Most page-level confirmations (settings, not runs), counting those that fail.
   * @default {2 * finalists}
   */
  maxConfirmations?: number;
  /**
   * The VM's compressibility (ratio and CPU throughput of zstd level 1 on its
   * pages, e.g. from `measureCompression` at their entropy): adds multifd with
   * compression to the default candidates.
   * @default {none: no compression setting is weighed}
   */
  compression?: CompressionOptions;
  /**
   * The settings weighed.
   * @default {adviceCandidates(goal.maxDowntimeSeconds, { compression })}
   */
  candidates?: readonly AdviceCandidate[];
}

/** One setting in the advisor's answer. */
export interface AdviceRow {
  /** 1-based rank among the settings that meet the goal (0 for those that do not). */
  rank: number;
  /** The setting's label. */
  label: string;
  /** Its technique. */
  technique: TechniqueName;
  /** The mechanisms it turns on, in words (empty: none). */
  settings: string;
  /** Whether it met every limit with every seed at page level. */
  meetsGoal: boolean;
  /** Page-level total time, mean over the seeds, seconds. */
  totalSeconds: number;
  /** Page-level downtime, mean over the seeds, seconds. */
  downtimeSeconds: number;
  /** Page-level bytes sent, mean over the seeds. */
  bytesSent: number;
  /**
   * Page-level guest slowdown, mean over the seeds: guest time lost to dirty
   * logging, throttling, dirty limits and post-copy stalls
   * (`result.mechanisms.guestSlowdownSeconds`) over total time minus downtime.
   */
  slowdown: number;
  /** Highest auto-converge throttle reached, percent, worst seed (0: none). */
  maxThrottlePercent: number;
  /**
   * Seconds the VM existed only split across the two hosts (post-copy), worst
   * seed: a failure of either host then loses it.
   */
  splitSeconds: number;
  /** Whether the push phase converged with every seed. */
  converged: boolean;
  /** The closed-form (or proxy) estimate of the total time, seconds (NaN: none). */
  estimatedTotalSeconds: number;
  /** The estimate of the downtime, seconds (NaN: none). */
  estimatedDowntimeSeconds: number;
  /** Limits broken at page level, in words (worst seed); empty when it meets the goal. */
  violations: string[];
}

/** What {@link advise} returns. */
export interface Advice {
  /** The goal with defaults filled in. */
  goal: Required<AdviceGoal>;
  /** Settings that met the goal at page level, best first by the goal's cost. */
  ranking: AdviceRow[];
  /** Settings confirmed at page level that did not meet the goal. */
  rejected: AdviceRow[];
  /** Settings weighed. */
  candidates: number;
  /** Settings the closed forms ruled out. */
  pruned: number;
  /** The seeds of the page-level runs. */
  seeds: Seed[];
  /** Whether any setting met the goal. */
  meetsGoal: boolean;
  /**
   * Least migration bandwidth (the link's, and the migration's rate limit with it when
   * that is lower) at which a closed-form technique (offline, pre-copy with the goal's
   * downtime target, post-copy with active push) would meet the goal, bytes per second;
   * NaN when the goal is met, when no bandwidth up to 10,000x helps, or when one of them
   * meets the goal by its closed form at the present bandwidth (the explanation says
   * what the page level found).
   */
  neededBandwidthBytesPerSecond: number;
  /**
   * Largest share of its writes the guest may keep for pre-copy to meet the goal
   * (throttling by `1 - neededWriteShare`, as auto-converge would), by the closed
   * form; NaN when the goal is met or no throttling helps.
   */
  neededWriteShare: number;
  /**
   * Least guest slowdown with which a weighed setting meets every other limit (a
   * confirmed finalist's page-level figure, else the closed form's); NaN when the
   * goal is met, no slowdown limit was set, or no setting meets the other limits.
   */
  neededSlowdown: number;
  /** Plain sentences: what was weighed, and when nothing meets the goal, what would. */
  explanation: string[];
}

const ACTION = "advise";
const OPTION_NAMES = optionNames<AdviseOptions>({
  seeds: 0,
  finalists: 0,
  maxConfirmations: 0,
  compression: 0,
  candidates: 0,
});
const GOAL_NAMES = optionNames<AdviceGoal>({
  maxDowntimeSeconds: 0,
  maxTotalSeconds: 0,
  maxBytes: 0,
  maxSlowdown: 0,
  minimise: 0,
});
const CANDIDATE_NAMES = optionNames<AdviceCandidate>({
  label: 0,
  options: 0,
  alwaysConfirm: 0,
  settings: 0,
});
const PRUNE_MARGIN = 0.25;

/**
 * Recommends how to migrate a VM: enumerates every technique and setting
 * ({@link adviceCandidates}: techniques x presets x stop-rule targets x fetch
 * variants x mechanisms, or the candidates given), estimates each with the closed
 * forms (proxies where there is none), prunes those whose estimate breaks a limit
 * by more than 25 % or is dominated (no better in any metric and over 1 % worse in
 * one than another setting's, or no better than the same technique with fewer
 * mechanisms or multifd channels), confirms the most promising at page level with each seed, and ranks the
 * settings that meet every limit with every seed by the goal's cost.
 *
 * When nothing meets the goal, it says so, and what would: the least guest
 * slowdown with which a setting meets the other limits, the link bandwidth at
 * which a closed-form technique meets it, the share of writes the guest may keep
 * (throttling) for pre-copy to meet it, and what post-copy and a switch to
 * post-copy after one pass would give.
 *
 * Slowdown counts the guest seconds a setting's mechanisms and post-copy cost while
 * migrating: dirty logging, auto-converge's throttle, dirty limits and post-copy stalls
 * (`result.mechanisms.guestSlowdownSeconds`), over total time minus downtime. Dirty
 * logging counts only in a candidate that turns `mechanisms.dirtyLogging` on; the default
 * candidates do not, so plain pre-copy ranks with a slowdown of 0, under what QEMU's dirty
 * logging costs (about 3.5 %, `QEMU_DIRTY_LOGGING_SLOWDOWN`): give candidates with it on
 * when that matters.
 *
 * @param vm The VM (size and dirty behaviour).
 * @param link The link.
 * @param goal Limits (downtime, total time, traffic, slowdown) and the cost to minimise.
 * @param options Seeds, finalists and candidates.
 * @returns The ranking, the rejected finalists and the explanation.
 *
 * @example A 256 MiB VM over 1 Gbit/s with a 100 ms downtime budget
 * ```ts
 * import { advise } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 65536, pageSizeBytes: 4096, stateBytes: 262144,
 *   workload: { kind: "uniform" as const, writesPerSecond: 2000 } };
 * const advice = advise(vm, { bandwidthBytesPerSecond: 125e6 },
 *   { maxDowntimeSeconds: 0.1, maxSlowdown: 0.05, minimise: "traffic" });
 * assert.ok(advice.meetsGoal);
 * const top = advice.ranking[0]!;
 * assert.ok(top.downtimeSeconds <= 0.1);
 * ```
 */
export function advise(
  vm: VmSpec,
  link: LinkSpec,
  goal: AdviceGoal,
  options: AdviseOptions = {},
): Advice {
  validateVm(vm);
  validateLink(link);
  const g = resolveGoal(goal);
  requiredOptions(ACTION, "options", options, OPTION_NAMES);
  const {
    seeds = [1, 2],
    finalists = 3,
    compression,
  } = options;
  if (compression !== undefined) checkCompression(ACTION, compression);
  const {
    candidates = adviceCandidates(
      g.maxDowntimeSeconds,
      compression === undefined ? {} : { compression },
    ),
  } = options;
  integer(ACTION, "options.finalists", finalists, 1);
  const { maxConfirmations = 2 * finalists } = options;
  integer(ACTION, "options.maxConfirmations", maxConfirmations, 1);
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new TypeError(
      `Cannot ${ACTION} as options.seeds must be a non-empty array: current value is ${
        show(seeds)
      }`,
    );
  }
  seeds.forEach((seed: unknown, i) => {
    if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
      throw new TypeError(
        `Cannot ${ACTION} as options.seeds[${i}] must be a string or a finite number: current value is ${
          show(seed)
        }`,
      );
    }
    // a seed twice is one run counted twice in every mean
    const j = seeds.indexOf(seed as Seed);
    if (j < i) {
      throw new RangeError(
        `Cannot ${ACTION} as options.seeds[${i}] must not repeat options.seeds[${j}]: current value is ${
          show(seed)
        }`,
      );
    }
  });
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new TypeError(
      `Cannot ${ACTION} as options.candidates must be a non-empty array: current value is ${
        show(candidates)
      }`,
    );
  }

  // 1. Estimate and prune.
  const weighed = candidates.map((c, i) => {
    const at = `options.candidates[${i}]`;
    requiredOptions(ACTION, at, c, CANDIDATE_NAMES);
    // a misspelt option is an error here, not only if the setting reaches the page level
    object(ACTION, `${at}.options`, c.options);
    oneOf(ACTION, `${at}.options.technique`, c.options.technique, TECHNIQUE_NAMES);
    knownKeys(
      ACTION,
      `${at}.options`,
      c.options as unknown as Record<string, unknown>,
      MIGRATE_OPTION_NAMES[c.options.technique as TechniqueName].page,
    );
    if (c.alwaysConfirm !== undefined) boolean(ACTION, `${at}.alwaysConfirm`, c.alwaysConfirm);
    const e = c.alwaysConfirm === true ? undefined : estimate(vm, link, c);
    // Without an estimate, a lower bound (the first pass) may still rule it out.
    const bound = e ?? floorOf(vm, link, c);
    const keep = bound === undefined || violations(bound, g, 1 + PRUNE_MARGIN).length === 0;
    return { c, e, keep, i };
  });
  // A setting whose estimate is no better anywhere and clearly worse somewhere than
  // another's (e.g. demand paging against active push), or no better anywhere than
  // the same technique with fewer mechanisms or multifd channels (multifd that the
  // link binds anyway), is not worth confirming.
  for (const w of weighed) {
    if (!w.keep || w.e === undefined || w.c.alwaysConfirm === true) continue;
    const n = mechanismCount(w.c);
    w.keep = !weighed.some((o) =>
      o !== w && o.keep && o.e !== undefined &&
      (dominates(o.e, w.e!) ||
        (o.c.options.technique === w.c.options.technique && mechanismCount(o.c) < n &&
          noWorse(o.e, w.e!)))
    );
  }
  const survivors = weighed.filter((w) => w.keep);
  // Confirmed first: the settings without an estimate (always confirmed), then those
  // whose estimate meets the goal, then those within the pruning margin only, each by
  // estimated cost: a budget spent on settings already estimated over a limit would leave
  // settings that meet it unconfirmed.
  const tier = (w: { c: AdviceCandidate; e: Metrics | undefined }) =>
    w.e === undefined ? 0 : violations(w.e, g).length === 0 ? 1 : 2;
  survivors.sort((a, b) =>
    tier(a) - tier(b) || costOf(a.e, g.minimise) - costOf(b.e, g.minimise) ||
    costOf(a.e, "total-time") - costOf(b.e, "total-time") || a.i - b.i
  );

  // 2. Confirm at page level.
  const ranking: AdviceRow[] = [];
  const rejected: AdviceRow[] = [];
  let confirmations = 0;
  // the settings without an estimate, confirmed first, do not take an estimated setting's
  // place: the ranking keeps the best `finalists` of all those that meet the goal
  let estimatedMeeting = 0;
  for (const s of survivors) {
    if (estimatedMeeting >= finalists || confirmations >= maxConfirmations) break;
    confirmations++;
    const row = confirm(vm, link, s.c, s.e, seeds, g);
    (row.meetsGoal ? ranking : rejected).push(row);
    if (row.meetsGoal && s.e !== undefined) estimatedMeeting++;
  }
  // ties to the candidate given first (the simpler settings come first in the defaults),
  // not to the order of confirmation
  const position = new Map(candidates.map((c, i) => [c.label, i]));
  ranking.sort((a, b) =>
    costOf(a, g.minimise) - costOf(b, g.minimise) || a.totalSeconds - b.totalSeconds ||
    position.get(a.label)! - position.get(b.label)!
  );
  ranking.length = Math.min(ranking.length, finalists);
  ranking.forEach((r, i) => r.rank = i + 1);

  // 3. Explain.
  const meetsGoal = ranking.length > 0;
  const explanation = [
    `Weighed ${candidates.length} settings; the closed forms ruled out ${
      candidates.length - survivors.length
    }; ${confirmations} confirmed at page level with seeds ${seeds.join(", ")}.`,
  ];
  let neededBandwidth = NaN;
  let neededWriteShare = NaN;
  let neededSlowdown = NaN;
  if (!meetsGoal) {
    explanation.push("No setting meets the goal.");
    const fixes = whatWould(vm, link, g, weighed, rejected, maxConfirmations);
    neededBandwidth = fixes.bandwidth;
    neededWriteShare = fixes.writeShare;
    neededSlowdown = fixes.slowdown;
    explanation.push(...fixes.sentences);
  } else {
    const top = ranking[0]!;
    const costs = [
      top.settings,
      top.maxThrottlePercent > 0 ? `throttle up to ${top.maxThrottlePercent} %` : "",
      top.slowdown > 0 ? `slowdown ${pct(top.slowdown)}` : "",
      top.splitSeconds > 0
        ? `split across the hosts for ${formatDuration(top.splitSeconds)} (lost if either fails)`
        : "",
    ].filter((x) => x !== "");
    explanation.push(
      `Best: ${top.label} (minimising ${g.minimise})${
        costs.length > 0 ? `: ${costs.join("; ")}` : ""
      }.`,
    );
  }
  return {
    goal: g,
    ranking,
    rejected,
    candidates: candidates.length,
    pruned: candidates.length - survivors.length,
    seeds: [...seeds],
    meetsGoal,
    neededBandwidthBytesPerSecond: neededBandwidth,
    neededWriteShare,
    neededSlowdown,
    explanation,
  };
}

function resolveGoal(goal: AdviceGoal): Required<AdviceGoal> {
  requiredOptions(ACTION, "goal", goal, GOAL_NAMES);
  const limit = (field: keyof AdviceGoal, v: number | undefined) =>
    v === undefined || v === Infinity ? Infinity : positive(ACTION, `goal.${field}`, v);
  const slowdown = goal.maxSlowdown ?? 1;
  within(ACTION, "goal.maxSlowdown", slowdown, 0, 1);
  return {
    maxDowntimeSeconds: limit("maxDowntimeSeconds", goal.maxDowntimeSeconds),
    maxTotalSeconds: limit("maxTotalSeconds", goal.maxTotalSeconds),
    maxBytes: limit("maxBytes", goal.maxBytes),
    maxSlowdown: slowdown,
    minimise: oneOf(ACTION, "goal.minimise", goal.minimise ?? "total-time", ADVICE_COSTS),
  };
}

/** The metric a cost reads (Infinity for a missing estimate). */
function costOf(m: Metrics | undefined, cost: AdviceCost): number {
  if (m === undefined) return Infinity;
  switch (cost) {
    case "total-time":
      return m.totalSeconds;
    case "downtime":
      return m.downtimeSeconds;
    case "traffic":
      return m.bytesSent;
    case "slowdown":
      return m.slowdown;
  }
}

const METRIC_KEYS = ["totalSeconds", "downtimeSeconds", "bytesSent", "slowdown"] as const;

/**
 * What a candidate's mechanisms cost the hosts, to break ties: how many it turns
 * on, then how many multifd channels (each a thread and a connection).
 */
function mechanismCount(c: AdviceCandidate): number {
  const m = (c.options as { mechanisms?: MigrationMechanisms }).mechanisms;
  if (m === undefined) return 0;
  const channels = typeof m.multifd === "object"
    ? m.multifd.channels ?? MECHANISM_DEFAULTS.multifd.channels
    : m.multifd === true
    ? MECHANISM_DEFAULTS.multifd.channels
    : 0;
  return Object.keys(m).length + channels / 1000;
}

/** Whether `a` is no worse than `b` in every metric (to rounding). */
function noWorse(a: Metrics, b: Metrics): boolean {
  return METRIC_KEYS.every((k) => a[k] <= b[k] * (1 + 1e-9) + 1e-12);
}

/** Whether `a` is no worse than `b` in every metric and over 1 % better in one. */
function dominates(a: Metrics, b: Metrics): boolean {
  const keys = ["totalSeconds", "downtimeSeconds", "bytesSent", "slowdown"] as const;
  return keys.every((k) => a[k] <= b[k]) && keys.some((k) => a[k] < b[k] * 0.99);
}

/** A duration, or "unbounded" for an estimate without end (Infinity). */
function duration(seconds: number): string {
  return seconds === Infinity ? "unbounded" : formatDuration(seconds);
}

/** The limits `m` breaks, each limit widened by `factor`. */
function violations(m: Metrics, g: Required<AdviceGoal>, factor = 1): string[] {
  const out: string[] = [];
  if (m.downtimeSeconds > g.maxDowntimeSeconds * factor) {
    out.push(`downtime ${duration(m.downtimeSeconds)} > ${formatDuration(g.maxDowntimeSeconds)}`);
  }
  if (m.totalSeconds > g.maxTotalSeconds * factor) {
    out.push(`total ${duration(m.totalSeconds)} > ${formatDuration(g.maxTotalSeconds)}`);
  }
  if (m.bytesSent > g.maxBytes * factor) {
    out.push(
      `traffic ${m.bytesSent === Infinity ? "unbounded" : formatBytes(m.bytesSent)} > ${
        formatBytes(g.maxBytes)
      }`,
    );
  }
  if (m.slowdown > Math.min(1, g.maxSlowdown * factor) && m.slowdown > g.maxSlowdown) {
    out.push(`slowdown ${pct(m.slowdown)} > ${pct(g.maxSlowdown)}`);
  }
  return out;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}

/** Runs a candidate at page level with every seed. */
function confirm(
  vm: VmSpec,
  link: LinkSpec,
  c: AdviceCandidate,
  e: Metrics | undefined,
  seeds: readonly Seed[],
  g: Required<AdviceGoal>,
): AdviceRow {
  const sum: Metrics = { totalSeconds: 0, downtimeSeconds: 0, bytesSent: 0, slowdown: 0 };
  const worst: Metrics = { totalSeconds: 0, downtimeSeconds: 0, bytesSent: 0, slowdown: 0 };
  let converged = true;
  let complete = true;
  let maxThrottlePercent = 0;
  let splitSeconds = 0;
  for (const seed of seeds) {
    // The fastest sampler that is exact for the setting (counts for plain pre-copy),
    // unless the candidate names one.
    const r = migrate(
      vm,
      link,
      { sampler: "auto", ...c.options, seed, label: c.label } as MigrateOptions,
    );
    const m: Metrics = {
      totalSeconds: r.totalSeconds,
      downtimeSeconds: r.downtimeSeconds,
      bytesSent: r.bytesSent,
      slowdown: slowdownOf(r),
    };
    for (const k of ["totalSeconds", "downtimeSeconds", "bytesSent", "slowdown"] as const) {
      sum[k] += m[k];
      worst[k] = Math.max(worst[k], m[k]);
    }
    converged &&= r.converged;
    maxThrottlePercent = Math.max(maxThrottlePercent, r.mechanisms?.maxThrottlePercent ?? 0);
    splitSeconds = Math.max(
      splitSeconds,
      r.mechanisms?.splitSeconds ??
        (r.technique === "post-copy" || r.technique === "hybrid"
          ? r.totalSeconds -
            (r.timeline.find((e) => e.kind === "resume")?.timeSeconds ?? r.totalSeconds)
          : 0),
    );
    if (r.pagesMissing > 0) complete = false;
  }
  const n = seeds.length;
  const broken = violations(worst, g);
  if (!complete) broken.push("pages still missing at the time cap");
  return {
    rank: 0,
    label: c.label,
    technique: c.options.technique,
    settings: c.settings ?? "",
    meetsGoal: broken.length === 0,
    totalSeconds: sum.totalSeconds / n,
    downtimeSeconds: sum.downtimeSeconds / n,
    bytesSent: sum.bytesSent / n,
    slowdown: sum.slowdown / n,
    maxThrottlePercent,
    splitSeconds,
    converged,
    estimatedTotalSeconds: e?.totalSeconds ?? NaN,
    estimatedDowntimeSeconds: e?.downtimeSeconds ?? NaN,
    violations: broken,
  };
}

/** Closed-form answers to "what would meet the goal?". */
function whatWould(
  vm: VmSpec,
  link: LinkSpec,
  g: Required<AdviceGoal>,
  weighed: readonly { c: AdviceCandidate; e: Metrics | undefined; keep: boolean }[],
  rejected: readonly AdviceRow[],
  maxConfirmations: number,
): { bandwidth: number; writeShare: number; slowdown: number; sentences: string[] } {
  const sentences: string[] = [];
  let slowdown = NaN;
  // Slowdown: the least that a setting meeting every other limit needs.
  if (g.maxSlowdown < 1) {
    const others = { ...g, maxSlowdown: 1 };
    let best: { label: string; slowdown: number; page: boolean } | undefined;
    for (const r of rejected) {
      if (violations(r, others).length === 0 && !(r.slowdown >= (best?.slowdown ?? Infinity))) {
        best = { label: r.label, slowdown: r.slowdown, page: true };
      }
    }
    if (best === undefined) {
      for (const w of weighed) {
        if (w.e === undefined || violations(w.e, others).length > 0) continue;
        if (!(w.e.slowdown >= (best?.slowdown ?? Infinity))) {
          best = { label: w.c.label, slowdown: w.e.slowdown, page: false };
        }
      }
    }
    if (best !== undefined) {
      slowdown = best.slowdown;
      sentences.push(
        `Allowing slowdown: ${best.label} meets every other limit with a guest slowdown of ${
          pct(best.slowdown)
        } (${best.page ? "page level" : "closed form"}; ${pct(g.maxSlowdown)} allowed).`,
      );
    }
  }
  const target = Number.isFinite(g.maxDowntimeSeconds) ? g.maxDowntimeSeconds : 0.3;
  const preCopy: AdviceCandidate = {
    label: "pre-copy",
    options: {
      technique: "pre-copy",
      stopRules: [{ kind: "max-downtime", seconds: target }, { kind: "max-rounds", rounds: 30 }],
    },
  };
  const probes: AdviceCandidate[] = [
    { label: "offline", options: { technique: "offline" } },
    preCopy,
    {
      label: "post-copy with active push",
      options: { technique: "post-copy", fetch: "active-push" },
    },
  ];
  const meets = (v: VmSpec, l: LinkSpec, c: AdviceCandidate) => {
    const e = estimate(v, l, c);
    return e !== undefined && violations(e, g).length === 0;
  };
  const scaled = (k: number): LinkSpec => ({
    ...link,
    bandwidthBytesPerSecond: link.bandwidthBytesPerSecond * k,
    ...(link.maxBandwidthBytesPerSecond === undefined
      ? {}
      : { maxBandwidthBytesPerSecond: link.maxBandwidthBytesPerSecond * k }),
  });
  /** What the page level said of a probe's setting, for a closed form that meets the goal. */
  const atPageLevel = (c: AdviceCandidate) => {
    const same = weighed.find((w) => JSON.stringify(w.c.options) === JSON.stringify(c.options));
    const row = same && rejected.find((r) => r.label === same.c.label);
    if (row !== undefined) {
      return `but not at page level (${row.label}: ${row.violations.join(", ")})`;
    }
    return same === undefined
      ? "not confirmed at page level (not among the candidates)"
      : same.keep
      ? `not confirmed at page level (${same.c.label}: past the ${maxConfirmations} confirmations of options.maxConfirmations)`
      : `not confirmed at page level (${same.c.label}: another setting's estimate was no worse anywhere)`;
  };
  // Bandwidth: bisect the factor in log space for each probe; keep the least. The
  // migration's rate is the link's, or its rate limit when lower: both are scaled.
  const rate = Math.min(link.bandwidthBytesPerSecond, link.maxBandwidthBytesPerSecond ?? Infinity);
  let bandwidth = NaN;
  let by = "";
  const already: string[] = [];
  for (const c of probes) {
    if (meets(vm, link, c)) {
      already.push(`${c.label} ${atPageLevel(c)}`);
      continue;
    }
    if (!meets(vm, scaled(1e4), c)) continue;
    let lo = 1;
    let hi = 1e4;
    for (let i = 0; i < 40; i++) {
      const mid = Math.sqrt(lo * hi);
      if (meets(vm, scaled(mid), c)) hi = mid;
      else lo = mid;
    }
    const need = rate * hi;
    if (!(need >= bandwidth)) {
      bandwidth = need;
      by = c.label;
    }
  }
  if (already.length > 0) {
    sentences.push(
      `By the closed form, at the present bandwidth: ${already.join("; ")}.`,
    );
  }
  if (Number.isFinite(bandwidth)) {
    const capped = rate < link.bandwidthBytesPerSecond;
    sentences.push(
      `More bandwidth: ${by} would meet the goal at about ${
        formatRate(bandwidth)
      } of migration bandwidth (now ${formatRate(rate)}${
        capped
          ? `, the migration's rate limit maxBandwidthBytesPerSecond; the link has ${
            formatRate(link.bandwidthBytesPerSecond)
          }`
          : ""
      }).`,
    );
  } else if (already.length === 0) {
    sentences.push("More bandwidth alone (up to 10,000x) would not meet the goal.");
  }
  // Throttling: bisect the share of writes the guest keeps.
  let writeShare = NaN;
  const w = vm.workload;
  if (w.kind !== "idle" && w.kind !== "phased" && w.kind !== "trace" && w.writesPerSecond > 0) {
    const throttled = (s: number): VmSpec => ({
      ...vm,
      workload: { ...w, writesPerSecond: w.writesPerSecond * s },
    });
    if (meets(throttled(0), link, preCopy)) {
      let lo = 0;
      let hi = 1;
      for (let i = 0; i < 40; i++) {
        const mid = (lo + hi) / 2;
        if (meets(throttled(mid), link, preCopy)) lo = mid;
        else hi = mid;
      }
      writeShare = lo;
      const slow = 1 - lo;
      const dirty = workloadModel(w).rates(w).writesPerSecond * vm.pageSizeBytes;
      sentences.push(
        `Throttling: pre-copy would meet the goal if the guest kept ${pct(lo)} of its writes, ` +
          `a dirty rate of ${formatRate(dirty * lo)} instead of ${formatRate(dirty)} ` +
          `(a ${
            pct(slow)
          } throttle and slowdown, as auto-converge up to ${MECHANISM_DEFAULTS.autoConverge.maxPercent} % or a dirty limit would impose)${
            slow > g.maxSlowdown ? `, more than the ${pct(g.maxSlowdown)} allowed` : ""
          }.`,
      );
    } else {
      sentences.push("Throttling alone would not meet the goal, even to a standstill.");
    }
  }
  // Post-copy.
  const post = estimate(vm, link, probes[2]!);
  if (post !== undefined) {
    const broken = violations(post, g);
    sentences.push(
      broken.length === 0
        ? `Post-copy with active push would meet it by the closed form (downtime ${
          formatDuration(post.downtimeSeconds)
        }, slowdown ${pct(post.slowdown)}), ${atPageLevel(probes[2]!)}.`
        : `Post-copy with active push: downtime ${formatDuration(post.downtimeSeconds)}, but ${
          broken.join(", ")
        }.`,
    );
  }
  // Switch to post-copy after the first pass (the hybrid proxy).
  const sw = estimate(vm, link, {
    label: "postcopy-after-precopy",
    options: { technique: "pre-copy", mechanisms: { postCopySwitch: { afterPasses: 1 } } },
  });
  if (sw !== undefined) {
    const broken = violations(sw, g);
    sentences.push(
      `Post-copy after one pre-copy pass: downtime ${formatDuration(sw.downtimeSeconds)}, ` +
        `total ${formatDuration(sw.totalSeconds)}, slowdown ${pct(sw.slowdown)} by the closed form${
          broken.length === 0 ? "" : `, breaking ${broken.join(", ")}`
        }; the VM is lost if either host fails before the last page arrives.`,
    );
  }
  return { bandwidth, writeShare, slowdown, sentences };
}
