import { knownKeys, label, nonNegative, object, oneOf, show, within } from "../_validate.ts";
import type { Seed } from "../random/prng.ts";

/**
 * Where a model's ranks (its hottest pages first) lie in guest memory.
 *
 * - `start` (default): rank `r` is page `r`, so the hot set is at the start of
 *   memory. Active push sends pages in page order, so it sends the hot set first.
 * - `offset`: the ranks start at page `o = floor(offsetFraction x P)` and wrap
 *   around: rank `r` is page `(r + o) mod P`.
 * - `scattered`: rank `r` is page `perm[r]` for a permutation of the pages drawn by
 *   a Fisher-Yates shuffle on `createPrng(seed, "placement")`. The layout belongs to
 *   the spec (its own seed), not to the run: repetitions with other run seeds keep
 *   it. It costs 4 bytes per page while the workload runs.
 */
export type PagePlacement =
  | { kind: "start" }
  | {
    kind: "offset";
    /** Where rank 0 lies, as a share of the pages, in [0, 1). */
    offsetFraction: number;
  }
  | {
    kind: "scattered";
    /** Seed of the permutation. */
    seed: Seed;
  };

/** The default placement: rank `r` is page `r`. */
export const START_PLACEMENT: PagePlacement = Object.freeze({ kind: "start" });

const KINDS = ["start", "offset", "scattered"] as const;
/** Each placement kind's fields. */
const FIELDS: Readonly<Record<PagePlacement["kind"], readonly string[]>> = {
  start: ["kind"],
  offset: ["kind", "offsetFraction"],
  scattered: ["kind", "seed"],
};

/**
 * Checks a placement, throwing an error that names the field and its value.
 *
 * @param placement The placement to check.
 * @param field Name of the field in error messages.
 * @param action What the caller was doing, for the message.
 * @returns The same placement.
 *
 * @example An offset of 1 is out of range
 * ```ts
 * import { validatePagePlacement } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => validatePagePlacement({ kind: "offset", offsetFraction: 1 }, "placement"),
 *   { name: "RangeError", message: "Cannot migrate as placement.offsetFraction must be in [0, 1): current value is 1" },
 * );
 * ```
 */
export function validatePagePlacement(
  placement: PagePlacement,
  field: string,
  action: string = "migrate",
): PagePlacement {
  label("validate a page placement", "action", action);
  label("validate a page placement", "field", field);
  object(action, field, placement);
  oneOf(action, `${field}.kind`, placement.kind, KINDS);
  knownKeys(action, field, placement as unknown as Record<string, unknown>, FIELDS[placement.kind]);
  if (placement.kind === "offset") {
    const f = within(action, `${field}.offsetFraction`, placement.offsetFraction, 0, 1);
    if (f === 1) {
      throw new RangeError(
        `Cannot ${action} as ${field}.offsetFraction must be in [0, 1): current value is 1`,
      );
    }
  }
  if (placement.kind === "scattered") {
    const seed: unknown = placement.seed;
    if (typeof seed === "number") nonNegative(action, `${field}.seed`, seed);
    else if (typeof seed !== "string") {
      throw new TypeError(
        `Cannot ${action} as ${field}.seed must be a number or a string: current value is ${
          show(seed)
        }`,
      );
    }
  }
  return placement;
}
