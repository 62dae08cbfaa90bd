import assert from "node:assert/strict";
import {
  loadPowerModels,
  SPECPOWER_HP_ML110_G4,
  SPECPOWER_HP_ML110_G5,
} from "../../lib/datacenter/specpower_tables.ts";

Deno.test("loadPowerModels() matches CloudSim 3.0.3's SPECpower tables for the ML110 G4 and G5", () => {
  const models = loadPowerModels();
  assert.deepEqual(models, {
    "hp-ml110-g4": {
      kind: "table",
      watts: [86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117],
    },
    "hp-ml110-g5": {
      kind: "table",
      watts: [93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135],
    },
  });
  assert.deepEqual(models["hp-ml110-g4"], SPECPOWER_HP_ML110_G4);
  assert.deepEqual(models["hp-ml110-g5"], SPECPOWER_HP_ML110_G5);
});

Deno.test("loadPowerModels() returns fresh copies and the constants are frozen", () => {
  const a = loadPowerModels();
  a["hp-ml110-g4"]!.watts[0] = 0;
  a["hp-ml110-g5"]!.watts[0] = 0;
  assert.equal(loadPowerModels()["hp-ml110-g4"]!.watts[0], 86);
  assert.equal(loadPowerModels()["hp-ml110-g5"]!.watts[0], 93.7);
  assert.ok(Object.isFrozen(SPECPOWER_HP_ML110_G4.watts));
  assert.ok(Object.isFrozen(SPECPOWER_HP_ML110_G5));
});

Deno.test("data/power/specpower.json holds the same tables as the module", async () => {
  const path = new URL("../../data/power/specpower.json", import.meta.url);
  const json = JSON.parse(await Deno.readTextFile(path));
  const models = loadPowerModels();
  assert.deepEqual(Object.keys(json.models), Object.keys(models));
  for (const [name, model] of Object.entries(models)) {
    assert.equal(json.models[name].kind, "table");
    assert.deepEqual(json.models[name].watts, model.watts);
  }
  assert.deepEqual(json.utilizationPercent, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
});
