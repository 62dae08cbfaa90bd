/**
 * Holds the recorded ten-day evaluation (`data/datacenter/beloglazov2012_ten_days.csv`, every
 * experiment of Beloglazov and Buyya (2012) on every PlanetLab day, CloudSim mode and engine
 * mode; see `data/README.md`) and its mean table (`beloglazov2012_ten_day_means.csv`) to the
 * code: the record covers the whole grid once, rows recomputed now equal the recorded numbers
 * exactly, and the mean table is the means of the record.
 */
import assert from "node:assert/strict";
import {
  BELOGLAZOV2012_EXPERIMENTS,
  PLANETLAB_DAYS,
  runBeloglazov2012Day,
} from "../../lib/datacenter/mod.ts";
import { meansCsv, readTenDayRecord } from "../../validation/datacenter/beloglazov2012_means.ts";

const DATA = new URL("../../data/datacenter/", import.meta.url);
const ROOT = new URL("../../../shared/data/planetlab", import.meta.url).pathname;
const record = readTenDayRecord(
  await Deno.readTextFile(new URL("beloglazov2012_ten_days.csv", DATA)),
);
let present = false;
try {
  present = Deno.statSync(`${ROOT}/20110303`).isDirectory;
} catch {
  present = false;
}
if (!present) {
  console.warn(`skipping the ten-day record recomputation: ${ROOT}/20110303 is absent`);
}

Deno.test("the ten-day record holds every experiment on every day in both modes, once", () => {
  const keys = record.map((r) => `${r.day} ${r.experiment} ${r.mode}`);
  const expected = PLANETLAB_DAYS.flatMap((day) =>
    BELOGLAZOV2012_EXPERIMENTS.flatMap((e) =>
      ["cloudsim", "engine"].map((mode) => `${day} ${e.key} ${mode}`)
    )
  );
  assert.equal(expected.length, 220);
  assert.deepEqual([...keys].sort(), [...expected].sort());
});

Deno.test("the ten-day mean table is the mean of the recorded days", async () => {
  const table = await Deno.readTextFile(new URL("beloglazov2012_ten_day_means.csv", DATA));
  assert.equal(table, meansCsv(record));
});

Deno.test({
  name: "rows recomputed now equal the record: MAD-MMT and THR-MMT on 20110303, both modes",
  ignore: !present,
  fn: async (t) => {
    for (const experiment of ["mad-mmt", "thr-mmt"]) {
      for (const mode of ["cloudsim", "engine"] as const) {
        await t.step(`${experiment} ${mode}`, () => {
          const now = runBeloglazov2012Day(ROOT, "20110303", experiment, mode);
          const then = record.find((r) =>
            r.day === "20110303" && r.experiment === experiment && r.mode === mode
          );
          assert.deepEqual(now, then);
        });
      }
    }
  },
});
