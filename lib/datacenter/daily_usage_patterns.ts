import { array, options as checkOptions, positive } from "../_validate.ts";
import { checkDailyUsageProfile } from "./_daily_usage_profile.ts";
import { checkTraces } from "./_check_traces.ts";
import type { UtilizationTraces } from "./traces.ts";

/**
 * One VM's daily usage pattern: its mean CPU utilisation at each time-of-day slot over the
 * earlier days it was seen on.
 */
export interface DailyUsagePattern {
  /** The VM's name (PlanetLab: the trace's file name, the VM's identity across days). */
  name: string;
  /** Mean CPU utilisation in percent of the VM's MIPS at each slot of the day (0-100). */
  cpuPercentPerSlot: number[];
  /** Number of earlier days the mean is over (>= 1). */
  days: number;
}

/**
 * Per-VM daily usage patterns, plain data: what PBA (Man and Kayashima, IEEE CCIS 2011 and
 * 2012) correlates to choose which VMs share a host. `simulateDatacenter` takes it as
 * `pbaPatterns`.
 */
export interface DailyUsageProfile {
  /** Length of a time-of-day slot in seconds (PlanetLab: 300, 288 slots a day). */
  slotSeconds: number;
  /** Slots per day; every pattern holds this many values. */
  slots: number;
  /** One pattern per VM, names unique. */
  patterns: DailyUsagePattern[];
}

/** Options of {@link learnDailyUsagePatterns}. */
export interface LearnDailyUsagePatternsOptions {
  /**
   * Length of a slot in seconds: the traces' interval.
   * @default {300}
   */
  slotSeconds?: number;
}

const ACTION = "learn daily usage patterns";

/**
 * Learns each VM's daily usage pattern from earlier days' traces: for every VM name seen on
 * at least one of `days`, the mean over the days it appears on of its utilisation at each
 * time-of-day slot (slot t is interval t of a day's trace; every trace must hold one value
 * per slot, e.g. the 288 five-minute values of a PlanetLab day). A VM's identity across days
 * is its name (PlanetLab: the file name, node and slice).
 *
 * Why a per-slot mean: Man and Kayashima found that a desktop's resource use "often repeat[s]
 * a certain pattern" (IEEE CCIS 2011, doi:10.1109/CCIS.2011.6045085, abstract) and that office
 * desktops "repeat a certain pattern every workday" (IEEE CCIS 2012,
 * doi:10.1109/CCIS.2012.6664423, abstract: CPU use of 172 desktops). The papers' full texts were
 * not reachable here (only the abstracts, from the IEEE Xplore records indexed at
 * search.isc.ac/inventory/49/1812902.htm and /2239641.htm), so how they summarise several days
 * into one pattern is not known to us; the mean per time-of-day slot is our reading of "the
 * pattern repeats every day". Patterns are sorted by name; the order of `days` does not change
 * a pattern's values beyond floating-point summation order (days are summed in the given order).
 *
 * @param days Earlier days' traces (each `{ names, percent }`, e.g. `readPlanetLabFolder`).
 * @param options Slot length.
 * @returns The profile.
 * @throws {TypeError} If `days` is not an array or a day is not traces.
 * @throws {RangeError} If `days` is empty, a value is outside [0, 100], or days' traces differ
 *   in length (the error names the day and trace), or a name repeats within a day.
 *
 * @example Two days of one VM and one day of another
 * ```ts
 * import { learnDailyUsagePatterns } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const profile = learnDailyUsagePatterns([
 *   { names: ["a"], percent: [[10, 50, 10]] },
 *   { names: ["a", "b"], percent: [[30, 70, 10], [5, 5, 90]] },
 * ]);
 * assert.deepEqual(profile, {
 *   slotSeconds: 300,
 *   slots: 3,
 *   patterns: [
 *     { name: "a", cpuPercentPerSlot: [20, 60, 10], days: 2 },
 *     { name: "b", cpuPercentPerSlot: [5, 5, 90], days: 1 },
 *   ],
 * });
 * ```
 */
export function learnDailyUsagePatterns(
  days: readonly UtilizationTraces[],
  options: LearnDailyUsagePatternsOptions = {},
): DailyUsageProfile {
  checkOptions(ACTION, "options", options, ["slotSeconds"]);
  const { slotSeconds = 300 } = options;
  positive(ACTION, "options.slotSeconds", slotSeconds);
  array(ACTION, "days", days, 1);
  let slots = -1;
  const sums = new Map<string, { sum: Float64Array; days: number }>();
  days.forEach((day, d) => {
    const n = checkTraces(ACTION, `days[${d}]`, day);
    if (day.names.length !== day.percent.length) {
      throw new RangeError(
        `Cannot ${ACTION} as days[${d}].names must hold one name per trace (${day.percent.length}): current value is an array of ${day.names.length}`,
      );
    }
    if (day.percent.length === 0) return;
    if (slots < 0) slots = n;
    else if (n !== slots) {
      throw new RangeError(
        `Cannot ${ACTION} as days[${d}].percent[0] must hold ${slots} values (one per slot, like the earlier days): current value is an array of ${n}`,
      );
    }
    const seen = new Set<string>();
    day.percent.forEach((row, i) => {
      const name = day.names[i]!;
      if (seen.has(name)) {
        throw new RangeError(
          `Cannot ${ACTION} as days[${d}].names[${i}] must be unique within the day: current value is ${
            JSON.stringify(name)
          }`,
        );
      }
      seen.add(name);
      let entry = sums.get(name);
      if (entry === undefined) {
        entry = { sum: new Float64Array(slots), days: 0 };
        sums.set(name, entry);
      }
      for (let t = 0; t < slots; t++) entry.sum[t]! += row[t]!;
      entry.days++;
    });
  });
  const names = [...sums.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  const profile: DailyUsageProfile = {
    slotSeconds,
    slots: Math.max(slots, 1),
    patterns: names.map((name) => {
      const { sum, days: count } = sums.get(name)!;
      return { name, cpuPercentPerSlot: Array.from(sum, (x) => x / count), days: count };
    }),
  };
  checkDailyUsageProfile(ACTION, "profile", profile);
  return profile;
}
