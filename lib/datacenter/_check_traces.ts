/**
 * Checks of utilisation traces shared by the scenario builder and the simulation.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { array, finiteNumber, object, show, string } from "../_validate.ts";
import type { UtilizationTraces } from "./traces.ts";

/** Most traces (VMs) and most values per trace a simulation takes. */
export const MAX_TRACES = 1_000_000;
/** Most values per trace (a year of 5-minute intervals is 105,120). */
export const MAX_TRACE_VALUES = 1_000_000;

/**
 * Requires `traces` to be `{ names, percent }` with one name (a string) per trace and
 * every value a finite number in [0, 100] (percent of the VM's MIPS), naming the trace
 * and the interval of the first bad value. Traces of unequal length are an error
 * unless `intervals` is given (then each needs at least that many values, and only those
 * are read and checked): a ragged set is never silently cut to its shortest trace.
 * Returns the number of intervals.
 */
export function checkTraces(
  action: string,
  field: string,
  traces: UtilizationTraces,
  intervals?: number,
): number {
  object(action, field, traces);
  const names = array(action, `${field}.names`, traces.names, 0, MAX_TRACES);
  const percent = array(action, `${field}.percent`, traces.percent, 0, MAX_TRACES);
  if (names.length !== percent.length) {
    throw new RangeError(
      `Cannot ${action} as ${field}.names must hold one name per trace (${percent.length}): current value is ${
        show(`an array of ${names.length}`)
      }`,
    );
  }
  names.forEach((n, i) => string(action, `${field}.names[${i}]`, n));
  let length: number | undefined;
  percent.forEach((row, i) => {
    const values = array(action, `${field}.percent[${i}]`, row, 1, MAX_TRACE_VALUES);
    if (intervals === undefined && length !== undefined && values.length !== length) {
      throw new RangeError(
        `Cannot ${action} as ${field}.percent[${i}] must hold ${length} values like ${field}.percent[0] (traces of unequal length are cut only by an explicit options.intervals): current value is ${
          show(`an array of ${values.length}`)
        }`,
      );
    }
    if (intervals !== undefined && values.length < intervals) {
      throw new RangeError(
        `Cannot ${action} as ${field}.percent[${i}] must hold at least options.intervals (${intervals}) values: current value is ${
          show(`an array of ${values.length}`)
        }`,
      );
    }
    length ??= values.length;
    const used = intervals ?? values.length;
    for (let k = 0; k < used; k++) {
      const v = values[k];
      if (typeof v !== "number" || !(v >= 0 && v <= 100)) {
        finiteNumber(action, `${field}.percent[${i}][${k}]`, v);
        throw new RangeError(
          `Cannot ${action} as ${field}.percent[${i}][${k}] must be a utilisation in [0, 100] percent: current value is ${
            show(v)
          }`,
        );
      }
    }
  });
  return intervals ?? length ?? 0;
}
