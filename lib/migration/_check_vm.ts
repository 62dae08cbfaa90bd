import { integer, knownKeys, nonNegative, object, optionNames } from "../_validate.ts";
import { MAX_PAGE_COUNT, validateWorkload } from "../workload/validate_workload.ts";
import type { VmSpec } from "./vm_spec.ts";

const VM_FIELDS = optionNames<VmSpec>({
  pageCount: 0,
  pageSizeBytes: 0,
  stateBytes: 0,
  workload: 0,
});

/**
 * `validateVm` with the VM's name in errors and the action they say could not be done
 * (a fleet's `requests[2].vm`, "simulate migrations"). Internal: not re-exported from `mod.ts`.
 */
export function checkVm(vm: VmSpec, field: string, action: string): VmSpec {
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
