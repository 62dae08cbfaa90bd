import type { LinkSpec } from "./link_spec.ts";
import type { VmSpec } from "./vm_spec.ts";
import { checkLink } from "./_check_link.ts";
import { checkVm } from "./_check_vm.ts";

export { MAX_PAGE_COUNT, validateWorkload } from "../workload/validate_workload.ts";

/**
 * Checks a VM specification and its workload, throwing an error that names the field
 * and its value.
 *
 * @param vm The VM to check.
 * @returns The same VM, typed.
 *
 * @example A zero page count is rejected
 * ```ts
 * import { validateVm } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => validateVm({ pageCount: 0, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } }),
 *   { name: "RangeError", message: "Cannot migrate as vm.pageCount must be an integer in [1, 1073741824]: current value is 0" },
 * );
 * ```
 */
export function validateVm(vm: VmSpec): VmSpec {
  return checkVm(vm, "vm", "migrate");
}

/**
 * Checks a link specification, throwing an error that names the field and its value.
 *
 * @param link The link to check.
 * @returns The same link, typed.
 *
 * @example Zero bandwidth is rejected
 * ```ts
 * import { validateLink } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => validateLink({ bandwidthBytesPerSecond: 0 }), {
 *   name: "RangeError",
 *   message: "Cannot migrate as link.bandwidthBytesPerSecond must be a finite number > 0: current value is 0",
 * });
 * ```
 */
export function validateLink(link: LinkSpec): LinkSpec {
  return checkLink(link, "link", "migrate");
}
