import { type Bitset, createBitset } from "../bitset/bitset.ts";
import {
  integer,
  knownKeys,
  label,
  object,
  oneOf,
  optionNames,
  requiredOptions,
  within,
} from "../_validate.ts";
import { MAX_PAGE_COUNT } from "./validate_workload.ts";
import type { Prng } from "../random/prng.ts";
import { offsetPages, scatteredPages } from "./_placement.ts";
import { type PagePlacement, validatePagePlacement } from "./placement.ts";

/**
 * Which pages of a VM hold only zeros, and how writes change that.
 *
 * Every real hypervisor sends a page that is all zeros as a header only: QEMU tests
 * each page with `buffer_is_zero` (`util/bufferiszero.c`) and sends a zero page as a
 * flag (`RAM_SAVE_FLAG_ZERO`, `migration/ram.c`); fresh and idle guests have many.
 * A workload with this field keeps `Workload.zeroPages` up to date: bit `p` is set
 * iff page `p` holds only zeros.
 *
 * - At the start, `Z = round(initialShare x P)` pages are zero. Which ones is set by
 *   `placement` (the same shapes as a hot set's, over the `Z` zero pages as ranks
 *   `0 .. Z - 1`), or by default `{ kind: "top" }`: pages `[P - Z, P)`, the top of
 *   memory, which a fresh guest whose allocator fills from the bottom has not yet
 *   touched (and which a hot set at the start of memory does not hit).
 * - Each write leaves its page zero with probability `zeroingWriteShare` (a guest
 *   that frees and zeroes memory, or writes zeros) and makes it non-zero otherwise.
 *   With the default 0, a write always makes its page non-zero and no random draw
 *   is made; otherwise one uniform draw per write decides, from the workload's own
 *   stream (a sequential writer draws once per page written in a call, for the
 *   last write to it, which has the same distribution).
 */
export interface ZeroPagesSpec {
  /** Share of the pages that are zero at the start, in [0, 1]. */
  initialShare: number;
  /**
   * Which pages are zero at the start.
   * @default {{ kind: "top" }}
   */
  placement?: { kind: "top" } | PagePlacement;
  /**
   * Share of the writes that leave their page zero, in [0, 1].
   * @default {0}
   */
  zeroingWriteShare?: number;
}

/**
 * Zero-page state a model's sampler updates on every write (see
 * `ModelSampler`); `createWorkload` makes it from a {@link ZeroPagesSpec}.
 */
export interface ZeroWrites {
  /** Bit `p` set iff page `p` is all zeros. */
  bits: Bitset;
  /** Probability that a write leaves its page zero (0: never, no draw). */
  zeroingShare: number;
  /** Stream of the zeroing draws. */
  prng: Prng;
}

/**
 * Checks a zero-page specification, throwing an error that names the field and its
 * value.
 *
 * @param spec The specification.
 * @param field Name of the field in error messages.
 * @param action What the caller was doing, for the message.
 * @returns The same specification.
 *
 * @example A share above 1 is rejected
 * ```ts
 * import { validateZeroPages } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => validateZeroPages({ initialShare: 1.5 }, "vm.workload.zeroPages"), {
 *   name: "RangeError",
 *   message: "Cannot migrate as vm.workload.zeroPages.initialShare must be in [0, 1]: current value is 1.5",
 * });
 * ```
 */
export function validateZeroPages(
  spec: ZeroPagesSpec,
  field: string,
  action: string = "migrate",
): ZeroPagesSpec {
  label("validate zero pages", "action", action);
  label("validate zero pages", "field", field);
  requiredOptions(
    action,
    field,
    spec,
    optionNames<ZeroPagesSpec>({ initialShare: 0, placement: 0, zeroingWriteShare: 0 }),
  );
  within(action, `${field}.initialShare`, spec.initialShare, 0, 1);
  if (spec.zeroingWriteShare !== undefined) {
    within(action, `${field}.zeroingWriteShare`, spec.zeroingWriteShare, 0, 1);
  }
  if (spec.placement !== undefined) {
    const at = `${field}.placement`;
    object(action, at, spec.placement);
    oneOf(action, `${at}.kind`, spec.placement.kind, ["top", "start", "offset", "scattered"]);
    if (spec.placement.kind === "top") {
      knownKeys(action, at, spec.placement as unknown as Record<string, unknown>, ["kind"]);
    } else validatePagePlacement(spec.placement, at, action);
  }
  return spec;
}

/**
 * Number of pages zero at the start: `min(P, round(initialShare x P))`.
 *
 * @param spec The zero-page specification (valid).
 * @param pageCount Pages of the VM.
 * @returns The number of zero pages at the start.
 *
 * @example
 * ```ts
 * import { initialZeroPageCount } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(initialZeroPageCount({ initialShare: 0.3 }, 10), 3);
 * ```
 */
export function initialZeroPageCount(spec: ZeroPagesSpec, pageCount: number): number {
  const action = "count the initial zero pages";
  validateZeroPages(spec, "spec", action);
  integer(action, "pageCount", pageCount, 0, MAX_PAGE_COUNT);
  return Math.min(pageCount, Math.round(spec.initialShare * pageCount));
}

/**
 * The pages that are zero at the start, as a bitset (see {@link ZeroPagesSpec}).
 *
 * @param spec The zero-page specification (valid).
 * @param pageCount Pages of the VM.
 * @returns A new bitset with the zero pages set.
 *
 * @example A quarter of 8 pages, at the top of memory
 * ```ts
 * import { initialZeroPages } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const zero = initialZeroPages({ initialShare: 0.25 }, 8);
 * assert.equal(zero.count(), 2);
 * assert.ok(zero.has(6) && zero.has(7));
 * ```
 */
export function initialZeroPages(spec: ZeroPagesSpec, pageCount: number): Bitset {
  const bits = createBitset(pageCount);
  const z = initialZeroPageCount(spec, pageCount);
  const placement = spec.placement ?? { kind: "top" };
  switch (placement.kind) {
    case "top":
      bits.setRange(pageCount - z, pageCount);
      break;
    case "start":
      bits.setRange(0, z);
      break;
    case "offset": {
      const o = offsetPages(placement.offsetFraction, pageCount);
      const end = Math.min(pageCount, o + z);
      bits.setRange(o, end);
      bits.setRange(0, z - (end - o));
      break;
    }
    case "scattered": {
      const perm = scatteredPages(placement.seed, pageCount);
      for (let r = 0; r < z; r++) bits.set(perm[r]!);
      break;
    }
  }
  return bits;
}
