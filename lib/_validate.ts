/**
 * Input checks shared by every entry point. Messages follow Deno std's grammar:
 * `Cannot <action> as <field> must be <condition>: current value is <value>`.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/**
 * Invisible and format characters (BOM, zero-width, bidi controls, other C0/C1
 * controls) that JSON.stringify leaves as they are; {@link show} escapes them.
 */
const INVISIBLE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Escapes characters that would be invisible in a message. */
function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Longest shown value, in characters (strings: longer, as they are often the problem). */
const MAX_SHOWN = 80;
const MAX_SHOWN_STRING = 200;

/** Formats a value for an error message (numbers, strings, objects), escaping invisible characters. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    const json = visible(JSON.stringify(value));
    return json.length > MAX_SHOWN_STRING ? json.slice(0, MAX_SHOWN_STRING - 4) + '..."' : json;
  }
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return value.toString();
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value);
    const text = visible(json);
    return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN - 3) + "..." : text;
  } catch {
    return Array.isArray(value) ? `an array of ${value.length}` : "an object";
  }
}

/** Throws a TypeError unless value is a number; NaN and infinities pass to range checks. */
function requireNumber(action: string, field: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a number: current value is ${show(value)}`,
    );
  }
}

/** Requires a finite number > 0. */
export function positive(action: string, field: string, value: unknown): number {
  requireNumber(action, field, value);
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be a finite number > 0: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires a finite number >= 0. */
export function nonNegative(action: string, field: string, value: unknown): number {
  requireNumber(action, field, value);
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be a finite number >= 0: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires an integer within [min, max]. */
export function integer(
  action: string,
  field: string,
  value: unknown,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  requireNumber(action, field, value);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(
      `Cannot ${action} as ${field} must be an integer ${range}: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires a finite number within [min, max]. */
export function within(
  action: string,
  field: string,
  value: unknown,
  min: number,
  max: number,
): number {
  requireNumber(action, field, value);
  if (!(value >= min && value <= max)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be in [${min}, ${max}]: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires a plain object. */
export function object(action: string, field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an object: current value is ${show(value)}`,
    );
  }
  return value as Record<string, unknown>;
}

/** Requires one of the given strings. */
export function oneOf<T extends string>(
  action: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be one of ${
        allowed.map((a) => show(a)).join(", ")
      }: current value is ${show(value)}`,
    );
  }
  return value as T;
}

/** Requires a finite number (of any sign). */
export function finiteNumber(action: string, field: string, value: unknown): number {
  requireNumber(action, field, value);
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be a finite number: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires an array, optionally with a length within [minLength, maxLength]. */
export function array(
  action: string,
  field: string,
  value: unknown,
  minLength = 0,
  maxLength: number = Number.MAX_SAFE_INTEGER,
): readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an array: current value is ${show(value)}`,
    );
  }
  if (value.length < minLength || value.length > maxLength) {
    const range = maxLength === Number.MAX_SAFE_INTEGER
      ? `at least ${minLength}`
      : `${minLength} to ${maxLength}`;
    throw new RangeError(
      `Cannot ${action} as ${field} must hold ${range} items: current value is ${
        show(`an array of ${value.length}`)
      }`,
    );
  }
  return value;
}

/** Requires a string (optionally non-empty). */
export function string(action: string, field: string, value: unknown, nonEmpty = false): string {
  if (typeof value !== "string" || (nonEmpty && value.length === 0)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a ${
        nonEmpty ? "non-empty " : ""
      }string: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires a boolean. */
export function boolean(action: string, field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a boolean: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires a function. */
export function func(action: string, field: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a function: current value is ${show(value)}`,
    );
  }
}

/**
 * Options objects: `undefined` means "all defaults"; otherwise a plain object whose
 * keys are all in `allowed` (a typo would silently run the default).
 */
export function options(
  action: string,
  field: string,
  value: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  if (value === undefined) return {};
  const record = object(action, field, value);
  knownKeys(action, field, record, allowed);
  return record;
}

/**
 * The option names of an options type, listed once as `{ name: 0, ... }`: with the type given
 * (`optionNames<MyOptions>({ ... })`) the compiler refuses a list that misses a name or adds
 * one, so the list {@link knownKeys} checks against stays the type's.
 */
export function optionNames<T>(names: Record<keyof T, 0>): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/** Required options objects: a plain object whose keys are all in `allowed`. */
export function requiredOptions(
  action: string,
  field: string,
  value: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  const record = object(action, field, value);
  knownKeys(action, field, record, allowed);
  return record;
}

/** Rejects keys of `record` that are not in `allowed`, naming the first unknown one. */
export function knownKeys(
  action: string,
  field: string,
  record: Record<string, unknown>,
  allowed: readonly string[],
): void {
  // for...in rather than Object.keys: no array per call (the closed forms check their
  // options millions of times a second); an inherited key is not the record's own
  for (const key in record) {
    if (!allowed.includes(key) && Object.hasOwn(record, key)) {
      throw new TypeError(
        `Cannot ${action} as ${show(key)} must be a known key of ${field} (${
          allowed.map((a) => `"${a}"`).join(", ")
        }): current value is ${show(record[key])}`,
      );
    }
  }
}

/**
 * Requires a finite result computed from finite inputs: a guard against overflow
 * (e.g. 1e308 * 10) and underflowing divisors (a rate of 5e-324).
 */
export function finiteResult(action: string, field: string, value: number, inputs: string): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be a finite number (overflow from ${inputs}): current value is ${
        show(value)
      }`,
    );
  }
  return value;
}

/**
 * Requires a label that a validator puts into its own messages (an action or a field
 * name passed by its caller): a string of at most 200 characters starting with a
 * visible character, so that every message it builds keeps the grammar.
 */
export function label(action: string, field: string, value: unknown): string {
  if (typeof value !== "string" || !/^\S/.test(value) || value.length > 200) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a string of 1 to 200 characters starting with a visible one: current value is ${
        show(value)
      }`,
    );
  }
  return value;
}
