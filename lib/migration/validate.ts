import { integer, knownKeys, nonNegative, object, optionNames, positive } from "../_validate.ts";
import { MAX_PAGE_COUNT, validateWorkload } from "../workload/validate_workload.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { VmSpec } from "./vm_spec.ts";

export { MAX_PAGE_COUNT, validateWorkload } from "../workload/validate_workload.ts";

const VM_FIELDS = optionNames<VmSpec>({
  pageCount: 0,
  pageSizeBytes: 0,
  stateBytes: 0,
  workload: 0,
});
const LINK_FIELDS = optionNames<LinkSpec>({
  bandwidthBytesPerSecond: 0,
  latencySeconds: 0,
  pageOverheadBytes: 0,
  maxBandwidthBytesPerSecond: 0,
  zeroPageSeconds: 0,
});

/**
 * Checks a VM specification and its workload, throwing an error that names the field
 * and its value.
 *
 * @param vm The VM to check.
 * @param field How errors name the VM (`requests[2].vm` in a fleet).
 * @param action What errors say could not be done.
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
export function validateVm(vm: VmSpec, field = "vm", action = "migrate"): VmSpec {
  object(action, field, vm);
  // a loop of its own (one shape of object here: fast), knownKeys only to name a stranger
  for (const key in vm) {
    if (!VM_FIELDS.includes(key)) knownKeys(action, field, vm as never, VM_FIELDS);
  }
  integer(action, `${field}.pageCount`, vm.pageCount, 1, MAX_PAGE_COUNT);
  integer(action, `${field}.pageSizeBytes`, vm.pageSizeBytes, 1);
  nonNegative(action, `${field}.stateBytes`, vm.stateBytes);
  validateWorkload(vm.workload, vm.pageCount, `${field}.workload`, action);
  return vm;
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
  const action = "migrate";
  object(action, "link", link);
  for (const key in link) {
    if (!LINK_FIELDS.includes(key)) knownKeys(action, "link", link as never, LINK_FIELDS);
  }
  positive(
    action,
    "link.bandwidthBytesPerSecond",
    link.bandwidthBytesPerSecond,
  );
  if (link.latencySeconds !== undefined) {
    nonNegative(action, "link.latencySeconds", link.latencySeconds);
  }
  if (link.pageOverheadBytes !== undefined) {
    nonNegative(action, "link.pageOverheadBytes", link.pageOverheadBytes);
  }
  if (link.zeroPageSeconds !== undefined) {
    nonNegative(action, "link.zeroPageSeconds", link.zeroPageSeconds);
  }
  if (link.maxBandwidthBytesPerSecond !== undefined) {
    const cap = link.maxBandwidthBytesPerSecond;
    if (cap !== Infinity) {
      positive(action, "link.maxBandwidthBytesPerSecond", cap);
    }
  }
  return link;
}
