import { knownKeys, object } from "../_validate.ts";
import {
  CLOUDSIM_3_0_3_QUIRKS,
  type CloudSimQuirks,
  type SimulateDatacenterOptions,
} from "./simulate_options.ts";

const ACTION = "simulate datacenter";

const QUIRK_NAMES = Object.keys(CLOUDSIM_3_0_3_QUIRKS) as (keyof CloudSimQuirks)[];

/** The options with `cloudsim`'s fields filled in where the top-level option is absent. */
export function withQuirks(options: SimulateDatacenterOptions): SimulateDatacenterOptions {
  const quirks = options.cloudsim;
  if (quirks === undefined) return options;
  object(ACTION, "options.cloudsim", quirks);
  const out: Record<string, unknown> = { ...options };
  knownKeys(ACTION, "options.cloudsim", quirks as Record<string, unknown>, QUIRK_NAMES);
  for (const key of Object.keys(quirks)) {
    if (out[key] === undefined) out[key] = (quirks as Record<string, unknown>)[key];
  }
  return out as unknown as SimulateDatacenterOptions;
}
