import { array, object, oneOf, options as checkOptions } from "../_validate.ts";
import { beloglazov2012Scenario, runBeloglazov2012 } from "./beloglazov2012.ts";
import { type Beloglazov2012Metrics, beloglazov2012Metrics } from "./beloglazov2012_metrics.ts";
import { comparePba, type PbaComparisonRow } from "../placement/compare_pba.ts";
import type { DesktopUsage } from "../placement/pba.ts";
import { checkTraces } from "./_check_traces.ts";
import { learnDailyUsagePatterns } from "./daily_usage_patterns.ts";
import type { DatacenterResult } from "./datacenter_result.ts";
import type { UtilizationTraces } from "./traces.ts";

/** The placers {@link comparePbaWithFirstFit} runs, in row order. */
export type PbaDayPlacer = "first-fit" | "pba-daily" | "pba-history";

/** One placer's results on one day: the paper's metrics, then the servers it needed. */
export interface PbaDayRow extends Beloglazov2012Metrics {
  /**
   * `"first-fit"`, `"pba-daily"` (PBA over the daily patterns learned from the earlier days),
   * or `"pba-history"` (PBA over the histories kept so far, the simulation's default PBA).
   */
  placer: PbaDayPlacer;
  /** Active hosts after the creation (interval 0): the servers the initial placement needs. */
  initialActiveHosts: number;
  /** Mean active hosts over the intervals. */
  meanActiveHosts: number;
  /** Most hosts active in one interval (the servers needed over the day). */
  maxActiveHosts: number;
  /** Overloaded hosts found by the detector, summed over the intervals. */
  overloadedHostIntervals: number;
}

/** The comparison on one day. */
export interface PbaDayComparison {
  /** VMs of the day. */
  vms: number;
  /** VMs of the day with a pattern (seen on an earlier day, by name). */
  vmsWithPattern: number;
  /** One row per placer, in the order of {@link PbaDayPlacer}'s doc. */
  rows: PbaDayRow[];
  /**
   * The papers' own experiment, placed once and replayed (`comparePba`): the VMs with a
   * pattern, each a desktop whose CPU series is its pattern times its MIPS, placed on the same
   * 800 hosts by PBA, by First Fit over the patterns, and by First Fit sized by peak and by mean,
   * then judged on the day's real usage (servers used, overloaded server-intervals).
   */
  batch: PbaComparisonRow[];
}

/** Options of {@link comparePbaWithFirstFit}. */
export interface ComparePbaWithFirstFitOptions {
  /**
   * `"cloudsim"`: CloudSim 3.0.3's migration model and quirks (`runBeloglazov2012`'s
   * default); `"engine"`: migration costs from the engine.
   * @default {"cloudsim"}
   */
  mode?: "cloudsim" | "engine";
}

/** Turns a result into a row. */
function row(placer: PbaDayPlacer, r: DatacenterResult): PbaDayRow {
  return {
    placer,
    ...beloglazov2012Metrics(r),
    initialActiveHosts: r.activeHosts[0] ?? 0,
    meanActiveHosts: r.meanActiveHosts,
    maxActiveHosts: Math.max(0, ...r.activeHosts),
    overloadedHostIntervals: r.rows.reduce((sum, x) => sum + x.overloadedHosts, 0),
  };
}

const ACTION = "compare PBA with First Fit";

/**
 * Compares PBA with First Fit on one day as Man and Kayashima did (IEEE CCIS 2011,
 * doi:10.1109/CCIS.2011.6045085: servers needed; IEEE CCIS 2012, doi:10.1109/CCIS.2012.6664423:
 * PBA, which "utilizes the correlation between the CPU usage patterns to find the suitable
 * server for a virtual desktop", against First Fit; both from the abstracts, the full texts
 * were not reachable here): the daily patterns are learned from `earlierDays`
 * (`learnDailyUsagePatterns`, VMs matched by name), then the day runs three times in the data
 * centre of Beloglazov and Buyya (2012) (`runBeloglazov2012`: 800 hosts, MAD 2.5 overload
 * detection, MMT selection, the same for all three) with `placement: "first-fit"`, with PBA over
 * the daily patterns (`pbaPatterns`), and with PBA over the histories kept so far. Rows report
 * the papers' figures (servers needed: active hosts; overloads) and the 2012 consolidation
 * metrics (energy, migrations, SLATAH, PDM, SLAV, ESV). `batch` is the papers' own setting:
 * one placement from the patterns, replayed over the day (`comparePba`). A pattern whose slot
 * count differs from the day's length leaves `batch` empty.
 *
 * @param day The day's traces.
 * @param earlierDays The earlier days' traces (at least one).
 * @param options Migration model.
 * @returns The comparison.
 * @throws {TypeError} If an input is not traces or an option is unknown.
 * @throws {RangeError} If `earlierDays` is empty or traces are bad (the error names the field).
 *
 * @example A VM busy by day and one busy by night share a host under PBA
 * ```ts
 * import { comparePbaWithFirstFit } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const dayUse = [90, 90, 90, 90, 5, 5, 5, 5], nightUse = [5, 5, 5, 5, 90, 90, 90, 90];
 * const traces = { names: ["d1", "d2", "n1", "n2"], percent: [dayUse, dayUse, nightUse, nightUse] };
 * const r = comparePbaWithFirstFit(traces, [traces]);
 * assert.equal(r.vmsWithPattern, 4);
 * assert.deepEqual(r.rows.map((x) => x.placer), ["first-fit", "pba-daily", "pba-history"]);
 * ```
 */
export function comparePbaWithFirstFit(
  day: UtilizationTraces,
  earlierDays: readonly UtilizationTraces[],
  options: ComparePbaWithFirstFitOptions = {},
): PbaDayComparison {
  checkOptions(ACTION, "options", options, ["mode"]);
  const { mode = "cloudsim" } = options;
  oneOf(ACTION, "options.mode", mode, ["cloudsim", "engine"] as const);
  object(ACTION, "day", day);
  checkTraces(ACTION, "day", day);
  array(ACTION, "earlierDays", earlierDays, 1);
  const pbaPatterns = learnDailyUsagePatterns(earlierDays);
  const common = {
    traces: day,
    allocation: "mad",
    selection: "mmt",
    cloudsim: mode === "cloudsim",
  } as const;
  const scenario = beloglazov2012Scenario(day);
  const byName = new Map(pbaPatterns.patterns.map((p) => [p.name, p.cpuPercentPerSlot]));
  const patterned: DesktopUsage[] = [], actual: DesktopUsage[] = [];
  scenario.vms.forEach((vm, i) => {
    const pattern = byName.get(day.names[i]!);
    if (pattern === undefined) return;
    const at = (series: readonly number[]) => series.map((x) => x / 100 * vm.cpuMips);
    patterned.push({ name: vm.name, cpuMipsSeries: at(pattern), ramBytes: vm.ramBytes });
    actual.push({ name: vm.name, cpuMipsSeries: at(day.percent[i]!), ramBytes: vm.ramBytes });
  });
  const batch = patterned.length === 0 || patterned[0]!.cpuMipsSeries.length !==
      actual[0]!.cpuMipsSeries.length
    ? []
    : comparePba(scenario.hosts, patterned, { evaluation: actual });
  return {
    vms: day.names.length,
    vmsWithPattern: patterned.length,
    batch,
    rows: [
      row("first-fit", runBeloglazov2012({ ...common, placement: "first-fit" })),
      row("pba-daily", runBeloglazov2012({ ...common, placement: "pba", pbaPatterns })),
      row("pba-history", runBeloglazov2012({ ...common, placement: "pba" })),
    ],
  };
}
