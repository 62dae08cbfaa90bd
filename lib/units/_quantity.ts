/**
 * The parser and the number formatter shared by bytes.ts, rate.ts and duration.ts.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { nonNegative, show } from "../_validate.ts";

/**
 * A unit as `10^decimal · factor` base units. Decimal prefixes shift the exponent of
 * the parsed number instead of multiplying, so "1.1GB" is exactly 1100000000; binary
 * factors are powers of two, so multiplying by them is exact too.
 */
export interface Unit {
  /** Power of ten applied to the number. */
  decimal: number;
  /** Multiplier applied after the power of ten. */
  factor: number;
}

/** How to parse one kind of quantity. */
export interface QuantityGrammar {
  /** The action in error messages, e.g. "parse bytes". */
  action: string;
  /** What a valid string is, e.g. "a size". */
  noun: string;
  /** A valid example, e.g. "4GiB". */
  example: string;
  /** Units by their exact (case-sensitive) symbol; "" is the unit of a bare number. */
  units: ReadonlyMap<string, Unit>;
  /** Whether several terms may be summed, as in "1 h 30 min". */
  compound: boolean;
}

const TERM = /(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?\s*([A-Za-z\u00b5\u03bc/]*)\s*/y;

/**
 * Parses a string quantity into base units, or validates and returns a number as is.
 * Strings are an optional sign, then one term (or, if `compound`, several terms each
 * with a unit), a term being a decimal number, optional spaces and a unit.
 */
export function parseQuantity(
  grammar: QuantityGrammar,
  value: unknown,
): number {
  const { action } = grammar;
  if (typeof value === "number") return nonNegative(action, "value", value);
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot ${action} as value must be a string or a number: current value is ${show(value)}`,
    );
  }
  const fail = (): never => {
    throw new SyntaxError(
      `Cannot ${action} as value must be ${grammar.noun} (a number and a unit such as ${
        show(grammar.example)
      }): current value is ${show(value)}`,
    );
  };
  const text = value.trim();
  const negative = text.startsWith("-");
  let position = negative || text.startsWith("+") ? 1 : 0;
  let total = 0;
  let terms = 0;
  while (position < text.length) {
    TERM.lastIndex = position;
    const match = TERM.exec(text);
    if (match === null) return fail();
    const [, mantissa, exponent, symbol = ""] = match;
    const unit = grammar.units.get(symbol);
    if (unit === undefined) return fail();
    terms++;
    position = TERM.lastIndex;
    const more = position < text.length;
    if ((symbol === "" && (terms > 1 || more)) || (more && !grammar.compound)) {
      return fail();
    }
    // An exponent of 21 digits or more would print as "1e+21" inside the number and
    // make it NaN; any power of that size gives 0 or Infinity, as 1e20 does.
    const power = Math.max(-1e20, Math.min(1e20, Number(exponent ?? 0) + unit.decimal));
    let term = Number(`${mantissa}e${power}`) * unit.factor;
    if (term === Infinity && unit.factor < 1) {
      // A number of bits above the largest double can still be a finite number of
      // bytes: scale by 1000 first (the term is only rounded twice in this range).
      term = Number(`${mantissa}e${power - 3}`) * (unit.factor * 1000);
    }
    total += term;
  }
  if (terms === 0) return fail();
  if (!Number.isFinite(total) || (negative && total !== 0)) {
    throw new RangeError(
      `Cannot ${action} as value must be a finite number >= 0: current value is ${show(value)}`,
    );
  }
  return total;
}

/** Formats a number with at most 3 decimals, trailing zeros trimmed ("1.5", "4"). */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(3)));
}

/**
 * Formats `value` base units with the largest of `units` (ascending, `[symbol,
 * size]`) whose rounded number is >= 1, moving up when rounding reaches the next unit.
 */
export function formatScaled(
  value: number,
  units: readonly (readonly [string, number])[],
): string {
  let index = 0;
  while (index + 1 < units.length && value >= units[index + 1]![1]) index++;
  let [symbol, size] = units[index]!;
  let scaled = Number((value / size).toFixed(3));
  const next = units[index + 1];
  if (next !== undefined && scaled * size >= next[1]) {
    [symbol, size] = next;
    scaled = Number((value / size).toFixed(3));
  }
  return `${formatNumber(scaled)} ${symbol}`;
}
