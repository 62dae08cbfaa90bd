import { nonNegative } from "../_validate.ts";
import { formatNumber, formatScaled, parseQuantity, type QuantityGrammar } from "./_quantity.ts";

const DURATION: QuantityGrammar = {
  action: "parse duration",
  noun: "a duration",
  example: "300ms",
  compound: true,
  units: new Map([
    ["", { decimal: 0, factor: 1 }],
    ["ns", { decimal: -9, factor: 1 }],
    ["us", { decimal: -6, factor: 1 }],
    ["\u00b5s", { decimal: -6, factor: 1 }], // µ, MICRO SIGN
    ["\u03bcs", { decimal: -6, factor: 1 }], // μ, GREEK SMALL LETTER MU
    ["ms", { decimal: -3, factor: 1 }],
    ["s", { decimal: 0, factor: 1 }],
    ["min", { decimal: 0, factor: 60 }],
    ["h", { decimal: 0, factor: 3600 }],
  ]),
};

const SUBSECOND_UNITS = [
  ["ns", 1e-9],
  ["\u00b5s", 1e-6],
  ["ms", 1e-3],
  ["s", 1],
] as const;

/**
 * Parses a duration such as `"300ms"` or `"1 h 30 min"` into seconds.
 *
 * Accepted: one or more terms, each a decimal number, optional spaces and a unit among
 * `ns`, `us`/`µs`/`μs`, `ms`, `s`, `min`, `h`; the terms are summed, so the output of
 * {@link formatDuration} parses back. A bare number (alone) is seconds. A number
 * argument is validated and returned as is.
 *
 * @param value The duration string, or a number of seconds.
 * @returns The duration in seconds, a finite number >= 0.
 * @throws {SyntaxError} If the string is not a sequence of numbers with known units.
 * @throws {RangeError} If the result is negative or not finite.
 * @throws {TypeError} If `value` is neither a string nor a number.
 *
 * @example Single and compound durations
 * ```ts
 * import { parseDuration } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseDuration("300ms"), 0.3);
 * assert.equal(parseDuration("2 min 5 s"), 125);
 * assert.equal(parseDuration("1.5"), 1.5);
 * assert.throws(() => parseDuration("5 parsecs"), SyntaxError);
 * ```
 */
export function parseDuration(value: string | number): number {
  return parseQuantity(DURATION, value);
}

/**
 * Formats seconds for people. Below one second: one unit among `ns`, `µs`, `ms` with at
 * most 3 decimals (`"300 ms"`). From one second up to a minute: seconds (`"1.5 s"`).
 * From a minute on: hours, minutes and seconds, with zero parts left out (`"2 min 5 s"`,
 * `"1 h"`, `"1 h 0.5 s"`) and seconds rounded to the millisecond. Hours are not grouped
 * into days (`"72 h 1 s"`). The output parses back with {@link parseDuration}.
 *
 * @param seconds A finite number of seconds >= 0.
 * @returns The formatted duration, e.g. `"300 ms"`.
 * @throws {RangeError} If `seconds` is negative or not finite.
 *
 * @example Downtimes and total times
 * ```ts
 * import { formatDuration } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatDuration(0.3), "300 ms");
 * assert.equal(formatDuration(1.5), "1.5 s");
 * assert.equal(formatDuration(125), "2 min 5 s");
 * assert.equal(formatDuration(3600), "1 h");
 * ```
 */
export function formatDuration(seconds: number): string {
  nonNegative("format duration", "seconds", seconds);
  const rounded = Number(seconds.toFixed(3));
  if (rounded < 60) {
    return seconds === 0 ? "0 s" : formatScaled(seconds, SUBSECOND_UNITS);
  }
  const hours = Math.floor(rounded / 3600);
  const minutes = Math.floor((rounded - hours * 3600) / 60);
  const rest = Number((rounded - hours * 3600 - minutes * 60).toFixed(3));
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  if (rest > 0) parts.push(`${formatNumber(rest)} s`);
  return parts.join(" ");
}
