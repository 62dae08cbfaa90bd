import { integer, label, object, oneOf } from "../_validate.ts";
import { checkWorkloadFields } from "./_workload_fields.ts";
import { workloadModel } from "./models.ts";
import { WORKLOAD_KINDS, type WorkloadSpec } from "./spec.ts";
import { validateZeroPages } from "./zero_pages.ts";
import { MAX_PAGE_COUNT } from "./page_limit.ts";

export { MAX_PAGE_COUNT } from "./page_limit.ts";

/**
 * Checks a workload specification against a VM's page count, with its model's own
 * checks, throwing an error that names the field and its value.
 *
 * @param spec The workload to check.
 * @param pageCount Pages of the VM that runs it.
 * @param field Name of the field in error messages.
 * @param action What the caller was doing, for the message.
 * @returns The same workload, typed.
 *
 * @example An unknown kind is rejected
 * ```ts
 * import { validateWorkload } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * // deno-lint-ignore no-explicit-any
 * assert.throws(() => validateWorkload({ kind: "bursty" } as any, 10), TypeError);
 * ```
 */
export function validateWorkload(
  spec: WorkloadSpec,
  pageCount: number,
  field: string = "workload",
  action: string = "migrate",
): WorkloadSpec {
  label("validate a workload", "action", action);
  label("validate a workload", "field", field);
  integer(action, "pageCount", pageCount, 1, MAX_PAGE_COUNT);
  object(action, field, spec);
  oneOf(action, `${field}.kind`, spec.kind, WORKLOAD_KINDS);
  checkWorkloadFields(spec, field, action);
  workloadModel(spec).validate(spec, pageCount, field, action);
  if (spec.zeroPages !== undefined) {
    validateZeroPages(spec.zeroPages, `${field}.zeroPages`, action);
  }
  return spec;
}
