/**
 * Looks up each host's power model by name, for the power-aware placements.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { PowerModel } from "../datacenter/power_model.ts";
import { show } from "../_validate.ts";
import type { Host } from "./model.ts";

/**
 * Returns the power model that each host names in `powerModel`, in host order.
 *
 * @param action The action named in error messages.
 * @param hosts The hosts (a missing entry reads as a host naming no model).
 * @param powerModels Power models keyed by name.
 * @returns One model per host.
 * @throws {TypeError} At the first host that names no model of `powerModels`.
 */
export function hostPowerModels(
  action: string,
  hosts: readonly Host[],
  powerModels: Readonly<Record<string, PowerModel>>,
): PowerModel[] {
  return hosts.map((host, j) => {
    const model = host?.powerModel === undefined ? undefined : powerModels[host.powerModel];
    if (model === undefined) {
      throw new TypeError(
        `Cannot ${action} as hosts[${j}].powerModel must name one of the powerModels: current value is ${
          show(host?.powerModel)
        }`,
      );
    }
    return model;
  });
}
