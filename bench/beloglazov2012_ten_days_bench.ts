/**
 * Speed targets of issue 11: the Beloglazov and Buyya (2012) evaluation, all eleven experiments
 * on all ten PlanetLab days, through the sweep runner on all cores (`sweeps/beloglazov2012_cloudsim.json`:
 * CloudSim mode, target under 60 s; engine mode under 3 x that), and a synthetic data centre ten
 * times the PlanetLab day (8,000 hosts, 10,000 VMs, 288 intervals, MAD + MMT; target under 10 s
 * and 1 GiB). Skips the real-data benches, saying so, when the PlanetLab folders are absent.
 *
 * `deno run -A bench/beloglazov2012_ten_days_bench.ts [cloudsim|engine|synthetic]` prints the
 * figures of one run of each (wall time, rows, RSS).
 */
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  PLANETLAB_DAYS,
  simulateDatacenter,
} from "../lib/datacenter/mod.ts";
import { runSweep, type SweepSpec } from "../lib/sweep/mod.ts";

const ROOT = new URL("../../shared/data/planetlab", import.meta.url).pathname;
let present = false;
try {
  present = PLANETLAB_DAYS.every((day) => Deno.statSync(`${ROOT}/${day}`).isDirectory);
} catch {
  present = false;
}
if (!present) console.log(`skipping the ten-day benches: ${ROOT}/<day> is absent`);

function spec(mode: "cloudsim" | "engine"): SweepSpec {
  const file = new URL("../sweeps/beloglazov2012.json", import.meta.url);
  const full = JSON.parse(Deno.readTextFileSync(file)) as SweepSpec;
  return { ...full, grid: { ...full.grid, mode: [mode] } };
}

async function tenDays(mode: "cloudsim" | "engine"): Promise<number> {
  Deno.env.set("MIGRATE_LAB_PLANETLAB", ROOT);
  const { rows } = await runSweep(spec(mode), { runner: "process", resume: false });
  return rows.length;
}

function synthetic(): number {
  const traces = generateSyntheticTraces(10000, { seed: 1, intervals: 288 });
  const scenario = beloglazov2012Scenario(traces, { hosts: 8000 });
  return simulateDatacenter(scenario, {
    seed: 1,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "cloudsim",
  }).migrations;
}

if (import.meta.main) {
  const which = Deno.args[0] ?? "synthetic";
  const start = performance.now();
  let what: string;
  if (which === "synthetic") what = `${synthetic()} migrations`;
  else if (present) what = `${await tenDays(which as "cloudsim" | "engine")} rows`;
  else what = "skipped";
  const s = (performance.now() - start) / 1000;
  const rss = Deno.memoryUsage().rss / 2 ** 20;
  console.log(`${which}: ${s.toFixed(1)} s, ${what}, RSS ${rss.toFixed(0)} MiB (this process)`);
} else {
  Deno.bench({
    name: "beloglazov2012: 11 experiments x 10 days, CloudSim mode, sweep runner (target < 60 s)",
    ignore: !present,
    n: 1,
    warmup: 0,
    async fn() {
      await tenDays("cloudsim");
    },
  });
  Deno.bench({
    name:
      "beloglazov2012: 11 experiments x 10 days, engine mode, sweep runner (target < 3x CloudSim)",
    ignore: !present,
    n: 1,
    warmup: 0,
    async fn() {
      await tenDays("engine");
    },
  });
  Deno.bench({
    name: "synthetic 8,000 hosts x 10,000 VMs x 288 intervals, MAD + MMT (target < 10 s)",
    n: 1,
    warmup: 0,
    fn() {
      synthetic();
    },
  });
}
