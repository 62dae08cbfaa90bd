import { nonNegative } from "../_validate.ts";
import { formatScaled, parseQuantity, type QuantityGrammar, type Unit } from "./_quantity.ts";

const decimal = (power: number): Unit => ({ decimal: power, factor: 1 });
const binary = (power: number): Unit => ({ decimal: 0, factor: 2 ** power });

const BYTES: QuantityGrammar = {
  action: "parse bytes",
  noun: "a size",
  example: "4GiB",
  compound: false,
  units: new Map([
    ["", decimal(0)],
    ["B", decimal(0)],
    ["kB", decimal(3)],
    ["KB", decimal(3)],
    ["MB", decimal(6)],
    ["GB", decimal(9)],
    ["TB", decimal(12)],
    ["PB", decimal(15)],
    ["KiB", binary(10)],
    ["MiB", binary(20)],
    ["GiB", binary(30)],
    ["TiB", binary(40)],
    ["PiB", binary(50)],
    ["EiB", binary(60)],
  ]),
};

const BINARY_UNITS = [
  ["B", 1],
  ["KiB", 2 ** 10],
  ["MiB", 2 ** 20],
  ["GiB", 2 ** 30],
  ["TiB", 2 ** 40],
  ["PiB", 2 ** 50],
  ["EiB", 2 ** 60],
] as const;

/**
 * Parses a size such as `"4GiB"` into bytes.
 *
 * Accepted: a decimal number (`4`, `1.5`, `.5`, `2e3`), optional spaces, and one of
 * `B`, `kB`/`KB`, `MB`, `GB`, `TB`, `PB` (powers of 1000) or `KiB`, `MiB`, `GiB`,
 * `TiB`, `PiB`, `EiB` (powers of 1024); a bare number is bytes. Units are case-sensitive
 * (`b` would be a bit). Decimal prefixes are applied exactly (`"1.1GB"` is
 * 1100000000). A number argument is validated and returned as is, so command-line
 * code can pass either.
 *
 * @param value The size string, or a number of bytes.
 * @returns The size in bytes, a finite number >= 0.
 * @throws {SyntaxError} If the string is not a number followed by a known unit.
 * @throws {RangeError} If the result is negative or not finite.
 * @throws {TypeError} If `value` is neither a string nor a number.
 *
 * @example Binary and decimal units
 * ```ts
 * import { parseBytes } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseBytes("4GiB"), 4294967296);
 * assert.equal(parseBytes("1.5 KiB"), 1536);
 * assert.equal(parseBytes("2MB"), 2_000_000);
 * assert.equal(parseBytes(4096), 4096);
 * assert.throws(() => parseBytes("4GiBs"), SyntaxError);
 * ```
 */
export function parseBytes(value: string | number): number {
  return parseQuantity(BYTES, value);
}

/**
 * Formats a number of bytes with binary units (`B`, `KiB`, `MiB`, `GiB`, `TiB`, `PiB`,
 * `EiB`): the largest unit that keeps the number >= 1, at most 3 decimals, trailing
 * zeros trimmed, a space before the unit. The output parses back with
 * {@link parseBytes} to within the rounding of the 3rd decimal.
 *
 * @param bytes A finite number of bytes >= 0.
 * @returns The formatted size, e.g. `"4 GiB"`.
 * @throws {RangeError} If `bytes` is negative or not finite.
 *
 * @example Sizes of a VM
 * ```ts
 * import { formatBytes } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatBytes(4294967296), "4 GiB");
 * assert.equal(formatBytes(1536), "1.5 KiB");
 * assert.equal(formatBytes(100), "100 B");
 * ```
 */
export function formatBytes(bytes: number): string {
  nonNegative("format bytes", "bytes", bytes);
  return formatScaled(bytes, BINARY_UNITS);
}
