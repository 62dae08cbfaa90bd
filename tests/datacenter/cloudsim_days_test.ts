/**
 * Holds the `beloglazov2012` preset (CloudSim mode) to CloudSim 3.0.3's own output on every
 * recorded PlanetLab day (`data/cloudsim/results-<day>.json`, made by
 * `data/cloudsim/README.md`): energy within 1 %, migrations within 2 %, SLATAH, PDM and SLAV
 * within 5 %, every recorded experiment. CloudSim prints percentages rounded (PDM and SLATAH to
 * 2 decimals, SLAV to 5), so a value counts as within 5 % when it is within 5 % of the printed
 * value plus half of the last printed digit. Known differences are listed with their bound.
 */
import assert from "node:assert/strict";
import { BELOGLAZOV2012_EXPERIMENTS, runBeloglazov2012Day } from "../../lib/datacenter/mod.ts";

const ROOT = new URL("../../../shared/data/planetlab", import.meta.url).pathname;
const DATA = new URL("../../data/cloudsim/", import.meta.url);

interface Printed {
  energyKwh: number;
  migrations: number;
  slatahPercent: number;
  pdmPercent: number;
  slavPercent: number;
}

/**
 * Known differences, by `<day>/<experiment>`: the metric and the relative bound it meets instead
 * of 5 %. SLAV is SLATAH x PDM, so differences of 2-3 % in each add up: IQR-MMT on 20110303
 * (the difference issue 11 names: ours +5.1 %), MAD-MMT on 20110306 (ours -7.8 %), LR-MMT and
 * LRR-MMT (the same runs in CloudSim mode) on 20110309 (ours -5.2 %); and MAD-MC's migrations on
 * 20110322 (ours +2.7 %).
 */
const KNOWN: Record<string, Partial<Record<keyof Printed, number>>> = {
  "20110303/iqr-mmt": { slavPercent: 0.06 },
  "20110306/mad-mmt": { slavPercent: 0.09 },
  "20110309/lr-mmt": { slavPercent: 0.06 },
  "20110309/lrr-mmt": { slavPercent: 0.06 },
  "20110322/mad-mc": { migrations: 0.03 },
};

const days: string[] = [];
for (const entry of Deno.readDirSync(DATA)) {
  const m = /^results-(\d{8})\.json$/.exec(entry.name);
  if (m) days.push(m[1]!);
}
days.sort();

function present(day: string): boolean {
  try {
    return Deno.statSync(`${ROOT}/${day}`).isDirectory;
  } catch {
    return false;
  }
}

Deno.test("CloudSim 3.0.3 records exist for at least two PlanetLab days", () => {
  assert.ok(days.length >= 2, `recorded days: ${days.join(", ")}`);
});

for (const day of days) {
  Deno.test({
    name: `runBeloglazov2012() in CloudSim mode matches CloudSim 3.0.3 on ${day}`,
    ignore: !present(day),
    fn: async (t) => {
      const record = JSON.parse(Deno.readTextFileSync(new URL(`results-${day}.json`, DATA)))
        .results as Record<string, Printed>;
      for (const e of BELOGLAZOV2012_EXPERIMENTS) {
        const expected = record[e.key];
        if (expected === undefined) continue; // not recorded that day
        await t.step(e.key, () => {
          const r = runBeloglazov2012Day(ROOT, day, e.key, "cloudsim");
          const known = KNOWN[`${day}/${e.key}`] ?? {};
          const check = (field: keyof Printed, ours: number, rel: number, halfDigit: number) => {
            const printed = expected[field];
            const bound = (known[field] ?? rel) * Math.abs(printed) + halfDigit;
            assert.ok(
              Math.abs(ours - printed) <= bound,
              `${day} ${e.key} ${field}: ours ${ours}, CloudSim ${printed} (bound ${bound})`,
            );
          };
          check("energyKwh", r.energyKwh, 0.01, 0.005);
          check("migrations", r.migrations, 0.02, 0);
          check("slatahPercent", r.slatahPercent, 0.05, 0.005);
          check("pdmPercent", r.pdmPercent, 0.05, 0.005);
          check("slavPercent", r.slavPercent, 0.05, 0.000005);
        });
      }
    },
  });
}
