import { nonNegative } from "../_validate.ts";
import { formatScaled, parseQuantity, type QuantityGrammar, type Unit } from "./_quantity.ts";

/** `10^power` bytes per second times `factor`. */
const unit = (power: number, factor = 1): Unit => ({ decimal: power, factor });
/** `10^power` bits per second (a bit is 1/8 byte, an exact binary factor). */
const bits = (power: number): Unit => unit(power, 1 / 8);
/** `2^power` bits per second. */
const binaryBits = (power: number): Unit => unit(0, 2 ** power / 8);

const RATE: QuantityGrammar = {
  action: "parse rate",
  noun: "a rate",
  example: "1Gbps",
  compound: false,
  units: new Map([
    ["", unit(0)],
    // Byte rates, SI and binary.
    ["B/s", unit(0)],
    ["kB/s", unit(3)],
    ["KB/s", unit(3)],
    ["MB/s", unit(6)],
    ["GB/s", unit(9)],
    ["TB/s", unit(12)],
    ["PB/s", unit(15)],
    ["KiB/s", unit(0, 2 ** 10)],
    ["MiB/s", unit(0, 2 ** 20)],
    ["GiB/s", unit(0, 2 ** 30)],
    ["TiB/s", unit(0, 2 ** 40)],
    // Bit rates, SI: "bps", "b/s" and "bit/s" spellings.
    ...(["", "k", "K", "M", "G", "T", "P"] as const).flatMap((prefix) => {
      const power = { "": 0, k: 3, K: 3, M: 6, G: 9, T: 12, P: 15 }[prefix];
      return [
        [`${prefix}bps`, bits(power)],
        [`${prefix}b/s`, bits(power)],
        [`${prefix}bit/s`, bits(power)],
      ] as const;
    }),
    // Bit rates, binary.
    ["Kibit/s", binaryBits(10)],
    ["Mibit/s", binaryBits(20)],
    ["Gibit/s", binaryBits(30)],
    ["Tibit/s", binaryBits(40)],
  ]),
};

/**
 * The SI bit rates, sized in bytes per second (exact: 10^k / 8), so that no rate is
 * multiplied by 8, which overflowed above Number.MAX_VALUE / 8.
 */
const BIT_UNITS = [
  ["bit/s", 1 / 8],
  ["kbit/s", 1e3 / 8],
  ["Mbit/s", 1e6 / 8],
  ["Gbit/s", 1e9 / 8],
  ["Tbit/s", 1e12 / 8],
  ["Pbit/s", 1e15 / 8],
] as const;

/**
 * Parses a data rate such as `"1Gbps"` or `"50MiB/s"` into bytes per second.
 *
 * Accepted: a decimal number, optional spaces, and a unit. Bit rates (SI, powers of
 * 1000): `bps`, `kbps`/`Kbps`, `Mbps`, `Gbps`, `Tbps`, `Pbps`, also spelled `Mb/s` or
 * `Mbit/s`; binary bit rates `Kibit/s`, `Mibit/s`, `Gibit/s`, `Tibit/s`. Byte rates:
 * `B/s`, `kB/s`/`KB/s`, `MB/s`, `GB/s`, `TB/s`, `PB/s`, `KiB/s`, `MiB/s`, `GiB/s`, `TiB/s`.
 * A bare number is bytes per second. Units are case-sensitive (`b` is a bit, `B` a
 * byte). A number argument is validated and returned as is.
 *
 * @param value The rate string, or a number of bytes per second.
 * @returns The rate in bytes per second, a finite number >= 0.
 * @throws {SyntaxError} If the string is not a number followed by a known unit.
 * @throws {RangeError} If the result is negative or not finite.
 * @throws {TypeError} If `value` is neither a string nor a number.
 *
 * @example Link speeds
 * ```ts
 * import { parseRate } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseRate("1Gbps"), 125_000_000);
 * assert.equal(parseRate("10 Gbit/s"), 1_250_000_000);
 * assert.equal(parseRate("50MiB/s"), 52_428_800);
 * assert.equal(parseRate("50MB/s"), 50_000_000);
 * assert.throws(() => parseRate("1 Gbpz"), SyntaxError);
 * ```
 */
export function parseRate(value: string | number): number {
  return parseQuantity(RATE, value);
}

/**
 * Formats bytes per second as an SI bit rate (`bit/s`, `kbit/s`, `Mbit/s`, `Gbit/s`,
 * `Tbit/s`, `Pbit/s`), the way links are quoted: the largest unit that keeps the number
 * >= 1, at most 3 decimals, trailing zeros trimmed. The output parses back with
 * {@link parseRate}.
 *
 * @param bytesPerSecond A finite rate >= 0 in bytes per second.
 * @returns The formatted rate, e.g. `"1 Gbit/s"`.
 * @throws {RangeError} If `bytesPerSecond` is negative or not finite.
 *
 * @example A 1 Gbit/s and a 25 Gbit/s link
 * ```ts
 * import { formatRate } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatRate(125_000_000), "1 Gbit/s");
 * assert.equal(formatRate(3_125_000_000), "25 Gbit/s");
 * assert.equal(formatRate(1500), "12 kbit/s");
 * ```
 */
export function formatRate(bytesPerSecond: number): string {
  nonNegative("format rate", "bytesPerSecond", bytesPerSecond);
  return formatScaled(bytesPerSecond, BIT_UNITS);
}
