/**
 * The check every comparison with QEMU's recorded runs makes of the simulated figures
 * it is given (`compareWithQemuRuns`, `qemuAcceptance`, `compareQemuMechanismPoint`), so
 * that a NaN or infinite figure is an error naming it, not a verdict.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { boolean, nonNegative, object } from "../_validate.ts";
import type { SimulatedFigures } from "./qemu_comparison.ts";

/**
 * Requires `value` (the parameter `name`) to be an object with `converged` a boolean and
 * `totalSeconds`, `downtimeSeconds` and `bytesSent` finite numbers >= 0; errors name
 * `<name>.<field>`.
 */
export function checkSimulatedFigures(
  action: string,
  name: string,
  value: unknown,
): SimulatedFigures {
  const s = object(action, name, value);
  boolean(action, `${name}.converged`, s.converged);
  nonNegative(action, `${name}.totalSeconds`, s.totalSeconds);
  nonNegative(action, `${name}.downtimeSeconds`, s.downtimeSeconds);
  nonNegative(action, `${name}.bytesSent`, s.bytesSent);
  return s as unknown as SimulatedFigures;
}
