/**
 * Text of a table or CSV cell.
 *
 * Internal: shared by `table.ts` and `csv.ts`; not re-exported from `mod.ts`.
 *
 * @module
 */

/** Text of a non-number cell: strings as they are, objects as JSON, never a throw. */
export function plainText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" || typeof value === "function") {
    try {
      return JSON.stringify(value) ?? typeof value;
    } catch {
      return Array.isArray(value) ? "[array]" : "[object]";
    }
  }
  return String(value);
}
