import { integer, nonNegative, object, oneOf, positive, show, within } from "../_validate.ts";
import { WORKLOAD_KINDS, type WorkloadSpec } from "../workload/spec.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Largest page count the engine accepts (2^30 pages: 4 TiB of 4 KiB pages). */
export const MAX_PAGE_COUNT = 2 ** 30;

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
  const action = "migrate";
  object(action, "vm", vm);
  integer(action, "vm.pageCount", vm.pageCount, 1, MAX_PAGE_COUNT);
  integer(action, "vm.pageSizeBytes", vm.pageSizeBytes, 1);
  nonNegative(action, "vm.stateBytes", vm.stateBytes);
  validateWorkload(vm.workload, vm.pageCount, "vm.workload");
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
  if (link.maxBandwidthBytesPerSecond !== undefined) {
    const cap = link.maxBandwidthBytesPerSecond;
    if (cap !== Infinity) {
      positive(action, "link.maxBandwidthBytesPerSecond", cap);
    }
  }
  return link;
}

/**
 * Checks a workload specification against a VM's page count.
 *
 * @param spec The workload to check.
 * @param pageCount Pages of the VM that runs it.
 * @param field Name of the field in error messages.
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
): WorkloadSpec {
  const action = "migrate";
  object(action, field, spec);
  const kind = oneOf(action, `${field}.kind`, spec.kind, WORKLOAD_KINDS);
  switch (spec.kind) {
    case "idle":
      break;
    case "uniform":
    case "hot-cold":
    case "zipf":
      nonNegative(action, `${field}.writesPerSecond`, spec.writesPerSecond);
      if (spec.readsPerSecond !== undefined) {
        nonNegative(action, `${field}.readsPerSecond`, spec.readsPerSecond);
      }
      if (spec.kind === "hot-cold") {
        within(
          action,
          `${field}.hotFraction`,
          spec.hotFraction,
          Number.MIN_VALUE,
          1,
        );
        within(action, `${field}.hotShare`, spec.hotShare, 0, 1);
      }
      if (spec.kind === "zipf") {
        positive(action, `${field}.exponent`, spec.exponent);
      }
      break;
    case "phased": {
      if (!Array.isArray(spec.phases) || spec.phases.length === 0) {
        throw new TypeError(
          `Cannot ${action} as ${field}.phases must be a non-empty array: current value is ${
            show(spec.phases)
          }`,
        );
      }
      spec.phases.forEach((phase, i) => {
        object(action, `${field}.phases[${i}]`, phase);
        positive(
          action,
          `${field}.phases[${i}].durationSeconds`,
          phase.durationSeconds,
        );
        const inner = (phase.workload as WorkloadSpec | undefined)?.kind;
        if (inner === "phased" || inner === "trace") {
          throw new TypeError(
            `Cannot ${action} as ${field}.phases[${i}].workload.kind must be idle, uniform, hot-cold or zipf: current value is ${
              show(inner)
            }`,
          );
        }
        validateWorkload(
          phase.workload,
          pageCount,
          `${field}.phases[${i}].workload`,
        );
      });
      break;
    }
    case "trace": {
      positive(action, `${field}.durationSeconds`, spec.durationSeconds);
      if (!Array.isArray(spec.accesses)) {
        throw new TypeError(
          `Cannot ${action} as ${field}.accesses must be an array: current value is ${
            show(spec.accesses)
          }`,
        );
      }
      let last = 0;
      spec.accesses.forEach((a, i) => {
        const at = `${field}.accesses[${i}]`;
        object(action, at, a);
        within(
          action,
          `${at}.timeSeconds`,
          a.timeSeconds,
          last,
          spec.durationSeconds,
        );
        integer(action, `${at}.page`, a.page, 0, pageCount - 1);
        if (typeof a.write !== "boolean") {
          throw new TypeError(
            `Cannot ${action} as ${at}.write must be a boolean: current value is ${show(a.write)}`,
          );
        }
        last = a.timeSeconds;
      });
      break;
    }
    default:
      throw new TypeError(
        `Cannot ${action} as ${field}.kind is unknown: ${kind}`,
      );
  }
  return spec;
}
