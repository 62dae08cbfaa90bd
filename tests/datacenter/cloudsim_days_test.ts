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
 * of 5 % (SLA metrics) or 2 % (migrations), each with its cause. With `cloudsimArithmetic` and
 * `incomingVmOrder: "completion"` (CloudSim's float operations and VM-list order) every other
 * experiment on every recorded day gives CloudSim's migrations and energy exactly or within
 * 1 %, including IQR-MMT's SLAV on 20110303 (now -0.3 %).
 * - MAD-RS: CloudSim's random selection draws from an unseeded `java.util.Random`
 *   (`PowerVmSelectionPolicyRandomSelection`), so CloudSim's own runs differ from each other;
 *   ours draws from the seeded stream: on 20110325, migrations +3.1 %; on 20110409, energy
 *   -1.0 %.
 * THR-MMT at 1.0 (hosts filled to exactly 100 %) matches exactly on every day only with
 * `schedulerMapOrder: "java-hash-map"`: CloudSim recomputes a host's available MIPS in the
 * order of `VmSchedulerTimeShared`'s hash map each time a VM leaves it or the host is tried as a
 * target, and in the last bit that order decides whether a VM fits (with the VM list's order,
 * migrations differed by up to -3.5 % on 20110306 and energy by -1.3 % on 20110420).
 */
const KNOWN: Record<string, Partial<Record<keyof Printed, number>>> = {
  "20110325/mad-rs": { migrations: 0.04 },
  "20110409/mad-rs": { energyKwh: 0.015 },
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
