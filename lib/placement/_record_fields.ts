/**
 * The fields of the placement layer's data records, each list held to its type by
 * `optionNames`: the checks refuse any other key, as a misspelt optional field (a
 * `powerModle` for `powerModel`) would otherwise be read as absent. Internal: not
 * re-exported from `mod.ts`.
 *
 * @module
 */
import { optionNames } from "../_validate.ts";
import type { Host, VmDemand } from "./model.ts";
import type { DesktopUsage } from "./pba.ts";

/** The fields of a {@linkcode Host}. */
export const HOST_FIELDS = optionNames<Host>({
  name: 0,
  cpuMips: 0,
  cores: 0,
  ramBytes: 0,
  bandwidthBytesPerSecond: 0,
  rack: 0,
  powerModel: 0,
});

/** The fields of a {@linkcode VmDemand}. */
export const VM_DEMAND_FIELDS = optionNames<VmDemand>({
  name: 0,
  cpuMips: 0,
  ramBytes: 0,
  bandwidthBytesPerSecond: 0,
  type: 0,
});

/** The fields of a {@linkcode DesktopUsage} (and of the contract net's timed VMs, the same shape). */
export const DESKTOP_FIELDS = optionNames<DesktopUsage>({ name: 0, cpuMipsSeries: 0, ramBytes: 0 });
