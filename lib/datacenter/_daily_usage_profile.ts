/**
 * Checks of a `DailyUsageProfile` and its VM-by-VM rows for `simulateDatacenter`'s PBA.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { array, integer, object, positive, show, string, within } from "../_validate.ts";
import type { DailyUsageProfile } from "./daily_usage_patterns.ts";

/** Most slots a daily pattern holds (a day of 1-second slots). */
const MAX_SLOTS = 86_400;
/** Most patterns a profile holds. */
const MAX_PATTERNS = 1_000_000;

/**
 * Requires `profile` to be a {@link DailyUsageProfile}: `slotSeconds` > 0, `slots` an integer
 * >= 1, `patterns` an array of `{ name, cpuPercentPerSlot, days }` with unique non-empty names,
 * `slots` values in [0, 100] each and `days` an integer >= 1. Errors name the field (e.g.
 * `options.pbaPatterns.patterns[3].cpuPercentPerSlot[17]`) and its value.
 */
export function checkDailyUsageProfile(
  action: string,
  field: string,
  profile: DailyUsageProfile,
): void {
  object(action, field, profile);
  positive(action, `${field}.slotSeconds`, profile.slotSeconds);
  const slots = integer(action, `${field}.slots`, profile.slots, 1, MAX_SLOTS);
  const patterns = array(action, `${field}.patterns`, profile.patterns, 0, MAX_PATTERNS);
  const names = new Set<string>();
  patterns.forEach((p, i) => {
    const at = `${field}.patterns[${i}]`;
    object(action, at, p);
    const { name, cpuPercentPerSlot, days } = p as DailyUsageProfile["patterns"][number];
    string(action, `${at}.name`, name, true);
    if (names.has(name)) {
      throw new RangeError(
        `Cannot ${action} as ${at}.name must be unique in ${field}.patterns: current value is ${
          show(name)
        }`,
      );
    }
    names.add(name);
    const values = array(action, `${at}.cpuPercentPerSlot`, cpuPercentPerSlot);
    if (values.length !== slots) {
      throw new RangeError(
        `Cannot ${action} as ${at}.cpuPercentPerSlot must hold ${field}.slots (${slots}) values: current value is ${
          show(`an array of ${values.length}`)
        }`,
      );
    }
    values.forEach((x, t) => within(action, `${at}.cpuPercentPerSlot[${t}]`, x, 0, 100));
    integer(action, `${at}.days`, days, 1);
  });
}

/** The profile's patterns laid out VM by VM for a simulation. */
export interface VmPatternRows {
  /** Slots per pattern. */
  slots: number;
  /** `values[v * slots + t]`: VM v's utilisation at slot t as a share of its MIPS (0-1). */
  values: Float64Array;
  /** 1 where VM v has a pattern (a pattern of its name), else 0. */
  has: Uint8Array;
  /** Number of VMs with a pattern. */
  count: number;
}

/**
 * Checks `profile` ({@link checkDailyUsageProfile}) and lays its patterns out by VM: VM v gets
 * the pattern named `vmNames[v]`, as shares of its MIPS; VMs without one are marked in `has`.
 */
export function vmPatternRows(
  action: string,
  field: string,
  profile: DailyUsageProfile,
  vmNames: readonly string[],
): VmPatternRows {
  checkDailyUsageProfile(action, field, profile);
  const { slots } = profile;
  const byName = new Map(profile.patterns.map((p) => [p.name, p.cpuPercentPerSlot]));
  const V = vmNames.length;
  const values = new Float64Array(V * slots);
  const has = new Uint8Array(V);
  let count = 0;
  for (let v = 0; v < V; v++) {
    const pattern = byName.get(vmNames[v]!);
    if (pattern === undefined) continue;
    has[v] = 1;
    count++;
    for (let t = 0; t < slots; t++) values[v * slots + t] = pattern[t]! / 100;
  }
  return { slots, values, has, count };
}
