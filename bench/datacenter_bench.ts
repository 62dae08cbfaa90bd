/**
 * Speed target of issue 4: the beloglazov2012 preset on the real PlanetLab day (800 hosts,
 * 1052 VMs, 288 five-minute intervals) with MAD + MMT in under 2 s. Skips, saying so, when the
 * data folder is absent. Memory: `deno run -A bench/datacenter_bench.ts` prints the RSS after
 * one run (target: under 300 MiB). For comparison, CloudSim 3.0.3 took 62 s and 1.6 GB of
 * resident memory for the same experiment on the project's machine, log output included
 * (`data/cloudsim/results-20110303.json`).
 */
import { readPlanetLabFolder, runBeloglazov2012 } from "../lib/datacenter/mod.ts";

const FOLDER = new URL("../../shared/data/planetlab/20110303", import.meta.url).pathname;
let present = false;
try {
  present = Deno.statSync(FOLDER).isDirectory;
} catch {
  present = false;
}
if (!present) console.log(`skipping the datacenter bench: ${FOLDER} is absent`);

if (import.meta.main) {
  if (present) {
    const start = performance.now();
    const r = runBeloglazov2012({ folder: FOLDER, allocation: "mad", selection: "mmt" });
    const ms = performance.now() - start;
    const rss = Deno.memoryUsage().rss / 2 ** 20;
    console.log(
      `MAD + MMT, real day: ${ms.toFixed(0)} ms, RSS ${
        rss.toFixed(0)
      } MiB, ${r.migrations} migrations, ${r.energyKwh.toFixed(1)} kWh`,
    );
  }
}

const traces = present ? readPlanetLabFolder(FOLDER) : undefined;
Deno.bench({
  name: "beloglazov2012 MAD + MMT on the real day (engine, closed form)",
  ignore: !present,
  n: 3,
  warmup: 1,
  fn() {
    runBeloglazov2012({ traces: traces!, allocation: "mad", selection: "mmt", cloudsim: false });
  },
});
Deno.bench({
  name: "beloglazov2012 MAD + MMT on the real day (CloudSim 3.0.3 defaults)",
  ignore: !present,
  n: 3,
  warmup: 1,
  fn() {
    runBeloglazov2012({ traces: traces!, allocation: "mad", selection: "mmt" });
  },
});
