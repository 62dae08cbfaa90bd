/**
 * Input checks shared by every entry point. Messages follow Deno std's grammar:
 * `Cannot <action> as <field> must be <condition>: current value is <value>`.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** Formats a value for an error message (numbers, strings, objects). */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value === undefined) return "undefined";
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 80 ? json.slice(0, 77) + "..." : json;
  } catch {
    return String(value);
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
        allowed.map((a) => `"${a}"`).join(", ")
      }: current value is ${show(value)}`,
    );
  }
  return value as T;
}
