import { integer, label, oneOf, requiredOptions } from "../_validate.ts";

/**
 * How many migrations may run at once, as hypervisors and their controllers cap
 * them. A migration waits until starting it keeps every limit that applies to it;
 * unset limits do not bind.
 */
export interface AdmissionLimits {
  /**
   * Migrations in flight in the whole cluster (KubeVirt `parallelMigrationsPerCluster`).
   * @default {Infinity}
   */
  maxConcurrent?: number;
  /**
   * Migrations leaving one host (KubeVirt `parallelOutboundMigrationsPerNode`).
   * @default {Infinity}
   */
  maxOutboundPerHost?: number;
  /**
   * Migrations arriving at one host.
   * @default {Infinity}
   */
  maxInboundPerHost?: number;
  /**
   * Migrations a host takes part in, as source or destination (vSphere's host
   * limit: a cost of 8 per host, 1 per vMotion).
   * @default {Infinity}
   */
  maxPerHost?: number;
  /**
   * Migrations crossing one link of the network (vSphere's network limit: 4 on
   * 1 GigE, 8 on 10 GigE).
   * @default {Infinity}
   */
  maxPerLink?: number;
}

/** Names of the admission presets in {@link ADMISSION_LIMITS}. */
export type AdmissionPresetName = "unlimited" | "vsphere-1gbe" | "vsphere-10gbe" | "kubevirt";

/**
 * Admission limits of real systems, by name:
 *
 * - `"vsphere-1gbe"` / `"vsphere-10gbe"`: vCenter's limits on simultaneous
 *   migrations ("Limits on Simultaneous Migrations", vSphere 6.5/6.7 vCenter Server
 *   and Host Management, docs.vmware.com GUID-25EA5833-03B5-4EDD-A167-87578B8009B3):
 *   each vMotion costs 1 against the network, whose maximum is 4 on 1 GigE and 8 on
 *   10 GigE, and 1 against each host, whose maximum is 8.
 * - `"kubevirt"`: KubeVirt's defaults (`pkg/virt-config/virt-config.go`:
 *   `ParallelMigrationsPerClusterDefault = 5`,
 *   `ParallelOutboundMigrationsPerNodeDefault = 2`).
 * - `"unlimited"`: no limit.
 */
export const ADMISSION_LIMITS: Readonly<Record<AdmissionPresetName, Readonly<AdmissionLimits>>> =
  Object.freeze({
    "unlimited": Object.freeze({}),
    "vsphere-1gbe": Object.freeze({ maxPerLink: 4, maxPerHost: 8 }),
    "vsphere-10gbe": Object.freeze({ maxPerLink: 8, maxPerHost: 8 }),
    "kubevirt": Object.freeze({ maxConcurrent: 5, maxOutboundPerHost: 2 }),
  });

const FIELDS = [
  "maxConcurrent",
  "maxOutboundPerHost",
  "maxInboundPerHost",
  "maxPerHost",
  "maxPerLink",
] as const;

/**
 * Resolves admission limits given by name or as an object, checking every field
 * (an integer >= 1, or Infinity).
 *
 * @param limits A preset name or limits.
 * @param action What the caller was doing, for error messages.
 * @param field The option's name, for error messages.
 * @returns The limits, every field set (Infinity where unset).
 *
 * @example KubeVirt's defaults
 * ```ts
 * import { resolveAdmissionLimits } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const k = resolveAdmissionLimits("kubevirt");
 * assert.equal(k.maxConcurrent, 5);
 * assert.equal(k.maxOutboundPerHost, 2);
 * assert.equal(k.maxPerLink, Infinity);
 * assert.throws(() => resolveAdmissionLimits({ maxPerLink: 0 }), /options.admission.maxPerLink/);
 * ```
 */
export function resolveAdmissionLimits(
  limits: AdmissionPresetName | AdmissionLimits,
  action = "plan migrations",
  field = "options.admission",
): Required<AdmissionLimits> {
  label("resolve admission limits", "action", action);
  label("resolve admission limits", "field", field);
  const given: AdmissionLimits = typeof limits === "string"
    ? ADMISSION_LIMITS[
      oneOf(action, field, limits, Object.keys(ADMISSION_LIMITS) as AdmissionPresetName[])
    ]
    : limits;
  requiredOptions(action, field, given, FIELDS);
  const out = {} as Required<AdmissionLimits>;
  for (const key of FIELDS) {
    const v = given[key] ?? Infinity;
    out[key] = v === Infinity ? v : integer(action, `${field}.${key}`, v, 1);
  }
  return out;
}
