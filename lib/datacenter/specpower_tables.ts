import type { TablePowerModel } from "./power_model.ts";

/**
 * SPECpower_ssj2008 power table of the HP ProLiant ML110 G4 (Intel Xeon 3040, 2 cores at
 * 1860 MHz, 4 GB): watts at 0 %, 10 %, ..., 100 % load, from SPEC's result
 * power_ssj2008-20110127-00342, as used by CloudSim 3.0.3
 * (`PowerModelSpecPowerHpProLiantMl110G4Xeon3040`) and Beloglazov and Buyya (2012).
 * See `data/power/README.md`.
 *
 * @example Idle and peak draw
 * ```ts
 * import { SPECPOWER_HP_ML110_G4 } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(SPECPOWER_HP_ML110_G4.watts[0], 86);
 * assert.equal(SPECPOWER_HP_ML110_G4.watts[10], 117);
 * ```
 */
export const SPECPOWER_HP_ML110_G4: Readonly<TablePowerModel> = Object.freeze({
  kind: "table",
  watts: Object.freeze([86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117]) as number[],
});

/**
 * SPECpower_ssj2008 power table of the HP ProLiant ML110 G5 (Intel Xeon 3075, 2 cores at
 * 2660 MHz, 4 GB): watts at 0 %, 10 %, ..., 100 % load, from SPEC's result
 * power_ssj2008-20110124-00339, as used by CloudSim 3.0.3
 * (`PowerModelSpecPowerHpProLiantMl110G5Xeon3075`) and Beloglazov and Buyya (2012).
 * See `data/power/README.md`.
 *
 * @example Idle and peak draw
 * ```ts
 * import { SPECPOWER_HP_ML110_G5 } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(SPECPOWER_HP_ML110_G5.watts[0], 93.7);
 * assert.equal(SPECPOWER_HP_ML110_G5.watts[10], 135);
 * ```
 */
export const SPECPOWER_HP_ML110_G5: Readonly<TablePowerModel> = Object.freeze({
  kind: "table",
  watts: Object.freeze([93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135]) as number[],
});

/**
 * Returns the shipped SPECpower power models, keyed by the names that `Host.powerModel`
 * uses: `"hp-ml110-g4"` (HP ProLiant ML110 G4, Xeon 3040) and `"hp-ml110-g5"` (HP ProLiant
 * ML110 G5, Xeon 3075).
 *
 * The tables live in this module, so they load the same way when the library is imported
 * over HTTP; `data/power/specpower.json` is the same data for people and other tools.
 * Each call returns fresh, unfrozen copies that the caller may change.
 *
 * @returns The power models by name.
 *
 * @example Look up a host's power model
 * ```ts
 * import { loadPowerModels, powerAt } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const models = loadPowerModels();
 * assert.deepEqual(Object.keys(models), ["hp-ml110-g4", "hp-ml110-g5"]);
 * assert.equal(powerAt(models["hp-ml110-g5"]!, 1), 135);
 * ```
 */
export function loadPowerModels(): Record<string, TablePowerModel> {
  return {
    "hp-ml110-g4": { kind: "table", watts: [...SPECPOWER_HP_ML110_G4.watts] },
    "hp-ml110-g5": { kind: "table", watts: [...SPECPOWER_HP_ML110_G5.watts] },
  };
}
