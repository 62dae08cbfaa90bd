/**
 * Speed targets of issue 11: the Beloglazov and Buyya (2012) evaluation, all eleven experiments
 * on all ten PlanetLab days, through the sweep runner on all cores (`sweeps/beloglazov2012_cloudsim.json`:
 * CloudSim mode, target under 60 s; engine mode under 3 x that), and a synthetic data centre ten
 * times the PlanetLab day (8,000 hosts, 10,000 VMs, 288 intervals, MAD + MMT; target under 10 s
 * and 1 GiB). Skips the real-data benches, saying so, when the PlanetLab folders are absent.
 *
 * The data centre ten times the day is built three ways: `synthetic`, the generator's defaults
 * (every VM reverting to 25 %, strongly autocorrelated); `planetlab-like`, the generator fitted
 * to the ten days (`fitSyntheticTraces`: a skewed spread of VM means around 11 %, each VM's
 * variation growing with its mean, little autocorrelation); `planetlab-x10`, the ten days' own first 10,000 traces. The last two time
 * the generation and the simulation, not the reading of the days.
 *
 * `deno run -A bench/beloglazov2012_ten_days_bench.ts
 * [cloudsim|engine|synthetic|planetlab-like|planetlab-x10]` prints the figures of one run of
 * each (wall time, rows or migrations, RSS).
 */
import {
  beloglazov2012Scenario,
  fitSyntheticTraces,
  generateSyntheticTraces,
  PLANETLAB_DAYS,
  readPlanetLabFolder,
  simulateDatacenter,
  type SyntheticTracesFit,
  type UtilizationTraces,
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

/** MAD + MMT on 8,000 hosts over the traces: the run's migrations. */
function tenTimes(traces: UtilizationTraces): number {
  const scenario = beloglazov2012Scenario(traces, { hosts: 8000 });
  return simulateDatacenter(scenario, {
    seed: 1,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "cloudsim",
  }).migrations;
}

/** 10,000 synthetic traces of 288 intervals (the generator's defaults, or a fit). */
function syntheticTraces(fit?: SyntheticTracesFit): UtilizationTraces {
  return generateSyntheticTraces(10000, { seed: 1, intervals: 288, ...fit });
}

function synthetic(fit?: SyntheticTracesFit): number {
  return tenTimes(syntheticTraces(fit));
}

/** The first 10,000 of the traces. */
function firstTenThousand(traces: UtilizationTraces): UtilizationTraces {
  return { names: traces.names.slice(0, 10000), percent: traces.percent.slice(0, 10000) };
}

/** The ten PlanetLab days' traces, day after day (names prefixed with the day). */
function planetLabDays(): UtilizationTraces {
  const names: string[] = [], percent: number[][] = [];
  for (const day of PLANETLAB_DAYS) {
    const traces = readPlanetLabFolder(`${ROOT}/${day}`);
    traces.names.forEach((name) => names.push(`${day}/${name}`));
    percent.push(...traces.percent);
  }
  return { names, percent };
}

/** Mean utilisation and share of zeros of traces, for the printout. */
function describe(traces: UtilizationTraces): string {
  let sum = 0, zeros = 0, n = 0;
  for (const row of traces.percent) {
    for (const x of row) {
      sum += x;
      zeros += x === 0 ? 1 : 0;
      n++;
    }
  }
  return `${traces.percent.length} traces, mean ${(sum / n).toFixed(2)} %, ${
    (100 * zeros / n).toFixed(1)
  } % zeros`;
}

if (import.meta.main) {
  const which = Deno.args[0] ?? "synthetic";
  const real = which.startsWith("planetlab") && present ? planetLabDays() : undefined;
  const fit = which === "planetlab-like" && real ? fitSyntheticTraces(real) : undefined;
  if (real) console.log(`the ten days: ${describe(real)}`);
  let generated: UtilizationTraces | undefined;
  const start = performance.now();
  let what: string;
  if (which === "synthetic") what = `${synthetic()} migrations`;
  else if (which === "planetlab-like") {
    generated = fit ? syntheticTraces(fit) : undefined;
    what = generated ? `${tenTimes(generated)} migrations` : "skipped";
  } else if (which === "planetlab-x10") {
    what = real ? `${tenTimes(firstTenThousand(real))} migrations` : "skipped";
  } else if (present) what = `${await tenDays(which as "cloudsim" | "engine")} rows`;
  else what = "skipped";
  const s = (performance.now() - start) / 1000;
  const rss = Deno.memoryUsage().rss / 2 ** 20;
  if (generated) console.log(`fitted: ${JSON.stringify(fit)}; generated: ${describe(generated)}`);
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
  Deno.bench({
    name: "the same, the generator fitted to the ten PlanetLab days (not timing the fit)",
    ignore: !present,
    n: 1,
    warmup: 0,
    fn(b) {
      const fit = fitSyntheticTraces(planetLabDays());
      b.start();
      synthetic(fit);
      b.end();
    },
  });
  Deno.bench({
    name: "the same, the ten days' first 10,000 traces (not timing their reading)",
    ignore: !present,
    n: 1,
    warmup: 0,
    fn(b) {
      const real = planetLabDays();
      b.start();
      tenTimes(firstTenThousand(real));
      b.end();
    },
  });
}
