import { object, oneOf, requiredOptions, show } from "../_validate.ts";
import {
  CLOSED_FORM_OFFLINE_OPTION_NAMES,
  CLOSED_FORM_OPTION_NAMES,
  CLOSED_FORM_POST_COPY_OPTION_NAMES,
  CLOSED_FORM_PRE_COPY_OPTION_NAMES,
  pickOptions,
} from "./_option_names.ts";
import { closedFormOffline } from "./closed_form_offline.ts";
import { closedFormPostCopy } from "./closed_form_post_copy.ts";
import { closedFormPreCopy, type ClosedFormPreCopyOptions } from "./closed_form_pre_copy.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult, TechniqueName } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link closedForm}: the technique plus that technique's options. */
export interface ClosedFormOptions extends ClosedFormPreCopyOptions {
  /** The technique: `"offline"`, `"pre-copy"` or `"post-copy"`. */
  technique: TechniqueName;
  /**
   * Label of the variant in results (`ClosedFormPreCopyOptions.label` is pre-copy's).
   * @default {the technique's name, or `post-copy/${fetch}` for post-copy}
   */
  label?: string;
  /**
   * Post-copy fetch variant (see `closedFormPostCopy`).
   * @default {"active-push"}
   */
  fetch?: "active-push" | "prepaging";
}

/** Techniques that have a closed form. */
export const CLOSED_FORM_TECHNIQUES: readonly TechniqueName[] = Object.freeze([
  "offline",
  "pre-copy",
  "post-copy",
]);

/**
 * Computes a migration in closed form (expected values, no simulation), returning
 * the same `MigrationResult` as the simulator with `fidelity: "closed-form"`.
 *
 * Dispatches to `closedFormOffline`, `closedFormPreCopy` or `closedFormPostCopy`,
 * whose documentation gives the equations. Time-series pre-copy and hybrid have no
 * closed form here (their outcome depends on which individual pages are written,
 * and when) and are rejected with a TypeError.
 *
 * Presets: the closed forms follow presets that switch over at the end of a round
 * without skipping pages (`"default"`, `"xen"`, or custom ones of that kind): their
 * stop rules and cap semantics. `"qemu"` (mid-pass switch-over), `"xen-legacy"`
 * (skipping re-dirtied pages) and `"simgrid"` (byte-level stages, latency per
 * message) are refused with a TypeError naming `options.preset`.
 *
 * Zero pages (`workload.zeroPages`) cost a header each, as in the page-level engine:
 * offline and post-copy send the `round(initialShare x P)` zero pages of time 0 (the
 * VM stops then), pre-copy's first round finds them too, and a page re-sent later is
 * zero with probability `zeroingWriteShare` (see each closed form).
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options The technique and its options.
 * @returns The migration result.
 *
 * @example Offline and post-copy of the same VM move the same bytes
 * ```ts
 * import { closedForm } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 4096, pageSizeBytes: 4096, stateBytes: 65536,
 *   workload: { kind: "uniform" as const, writesPerSecond: 1000 } };
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const offline = closedForm(vm, link, { technique: "offline" });
 * const post = closedForm(vm, link, { technique: "post-copy" });
 * assert.equal(offline.bytesSent, post.bytesSent);
 * assert.ok(post.downtimeSeconds < offline.downtimeSeconds);
 * assert.throws(() => closedForm(vm, link, { technique: "hybrid" }), TypeError);
 * ```
 */
export function closedForm(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormOptions,
): MigrationResult {
  requiredOptions("compute a closed form", "options", options, CLOSED_FORM_OPTION_NAMES);
  const { technique, ...rest } = options;
  oneOf(
    "compute a closed form",
    "options.technique",
    technique,
    CLOSED_FORM_TECHNIQUES,
  );
  const mechanisms = (options as { mechanisms?: unknown }).mechanisms;
  if (mechanisms !== undefined && technique !== "pre-copy") {
    // The expected-value algebra of the closed forms has no term for them yet.
    const on = Object.keys(object("compute a closed form", "options.mechanisms", mechanisms));
    if (on.length > 0) {
      throw new TypeError(
        `Cannot compute a closed form as options.mechanisms.${
          on[0]
        } must be left out (the page-level engine models it: use fidelity "page"): current value is ${
          show((mechanisms as Record<string, unknown>)[on[0]!])
        }`,
      );
    }
  }
  // each closed form gets the options it takes (post-copy's fetch means nothing to pre-copy,
  // and the mechanisms, checked empty above, nothing to offline and post-copy)
  if (technique === "offline") {
    return closedFormOffline(vm, link, pickOptions(rest, CLOSED_FORM_OFFLINE_OPTION_NAMES));
  }
  if (technique === "post-copy") {
    return closedFormPostCopy(vm, link, pickOptions(rest, CLOSED_FORM_POST_COPY_OPTION_NAMES));
  }
  return closedFormPreCopy(vm, link, pickOptions(rest, CLOSED_FORM_PRE_COPY_OPTION_NAMES));
}
