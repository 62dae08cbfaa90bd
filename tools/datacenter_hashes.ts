/**
 * Safety net for speed work on the data-centre simulation: runs a fixed list of configurations
 * and prints one line per configuration, its name and the SHA-256 of its full result (the JSON
 * of the `DatacenterResult`, or of the error message when the configuration is rejected).
 * Record the lines on the code before a change and compare them after it: an optimisation that
 * keeps every decision and every floating-point operation leaves every line unchanged.
 *
 * The list: the eleven Beloglazov and Buyya (2012) experiments on two real PlanetLab days in
 * CloudSim mode, engine-mode runs on one day, and synthetic data centres (reduced sizes) with
 * MAD under MMT, MC, MU and RS, IQR, LR, LRR, THR, DT-MM, NPA, DVFS, OBFDF with switches, the
 * contract net, engine migration costs, the shared network (the engine's default) and the fixed
 * share, and CloudSim's quirks on and off.
 *
 * Usage: `deno run -A tools/datacenter_hashes.ts [--quick] [--out FILE]` (the real days need
 * `../shared/data/planetlab/<day>` or `$MIGRATE_LAB_PLANETLAB`; they are skipped, saying so,
 * when absent). `--quick` leaves out the full-size real-day runs except MAD + MMT. Takes a few
 * minutes on one core.
 *
 * @module
 */
import {
  BELOGLAZOV2012_EXPERIMENTS,
  beloglazov2012Scenario,
  CLOUDSIM_3_0_3_QUIRKS,
  generateSyntheticTraces,
  readPlanetLabFolder,
  runBeloglazov2012,
  simulateDatacenter,
  type SimulateDatacenterOptions,
  type UtilizationTraces,
} from "../lib/datacenter/mod.ts";
import { atomicWriteTextFile, folderOf } from "../lib/_atomic_write.ts";

const quick = Deno.args.includes("--quick");
const outIndex = Deno.args.indexOf("--out");
const outFile = outIndex >= 0 ? Deno.args[outIndex + 1] : undefined;
// checked before the minutes of runs: a bad --out failed after them, or (no value) wrote nothing
if (outIndex >= 0) {
  const isFolder = (path: string) => {
    try {
      return Deno.statSync(path).isDirectory;
    } catch {
      return false;
    }
  };
  const problem = outFile === undefined || outFile.startsWith("--")
    ? "must be followed by a file name"
    : !isFolder(folderOf(outFile))
    ? "must be in an existing folder"
    : isFolder(outFile)
    ? "must be a file, not a folder"
    : undefined;
  if (problem !== undefined) {
    console.error(
      `Cannot record the hashes as --out ${problem}: current value is ${JSON.stringify(outFile)}`,
    );
    Deno.exit(2);
  }
}

async function sha256(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

const lines: string[] = [];
async function record(name: string, run: () => unknown): Promise<void> {
  let result: unknown;
  const start = performance.now();
  try {
    result = run();
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) };
  }
  const line = `${name} ${await sha256(result)}`;
  lines.push(line);
  console.log(`${line} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}

function synthetic(vms: number, hosts: number, seed: number, intervals: number) {
  const scenario = beloglazov2012Scenario(generateSyntheticTraces(vms, { seed, intervals }), {
    hosts,
  });
  // Racks of four hosts, for switch power and OBFDF's rack-by-rack placement.
  return { ...scenario, hosts: scenario.hosts.map((h, i) => ({ ...h, rack: Math.floor(i / 4) })) };
}

// Synthetic data centres: a small one, a CloudSim-quirks one and a mid-size MAD + MMT run (the
// shape of the 8,000-host target, reduced) whose host index sees many near-equal hosts.
const small = synthetic(200, 100, 3, 96);
const mid = synthetic(1500, 1200, 1, 288);
const switches = { topOfRackWatts: 50, aggregationWatts: 150, racksPerAggregation: 2 };

await record("synthetic 1500x1200x288 mad-mmt cloudsim-model", () =>
  simulateDatacenter(mid, {
    seed: 1,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "cloudsim",
  }));
await record("synthetic 1500x1200x288 mad-mmt cloudsim-quirks", () =>
  simulateDatacenter(mid, {
    seed: 1,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "cloudsim",
    cloudsim: CLOUDSIM_3_0_3_QUIRKS,
  }));

const policies: [
  string,
  NonNullable<SimulateDatacenterOptions["allocation"]>,
  NonNullable<SimulateDatacenterOptions["selection"]>,
][] = [
  ["mad-mmt", "mad", "mmt"],
  ["mad-mc", "mad", "mc"],
  ["mad-mu", "mad", "mu"],
  ["mad-rs", "mad", "rs"],
  ["iqr-mmt", "iqr", "mmt"],
  ["lr-mmt", "lr", "mmt"],
  ["lrr-mmt", "lrr", "mmt"],
  ["thr-mmt", "thr", "mmt"],
  ["npa", "npa", "mmt"],
  ["dvfs", "dvfs", "mmt"],
];
for (const [key, allocation, selection] of policies) {
  for (const model of ["cloudsim", "engine"] as const) {
    await record(
      `synthetic small ${key} ${model}`,
      () => simulateDatacenter(small, { seed: 5, allocation, selection, migrationModel: model }),
    );
    await record(
      `synthetic small ${key} ${model} cloudsim-quirks`,
      () =>
        simulateDatacenter(small, {
          seed: 5,
          allocation,
          selection,
          migrationModel: model,
          cloudsim: CLOUDSIM_3_0_3_QUIRKS,
        }),
    );
  }
}
for (const selection of ["mm", "hpg", "rc"] as const) {
  await record(`synthetic small dt-${selection}`, () =>
    simulateDatacenter(small, {
      seed: 2,
      allocation: "dt",
      selection,
      lowerThreshold: 0.35,
      migrationModel: "cloudsim",
    }));
}
for (const placement of ["pabfd", "obfdf", "first-fit"] as const) {
  for (const decisions of ["central", "contract-net"] as const) {
    await record(
      `synthetic small mad ${placement} ${decisions} switches`,
      () =>
        simulateDatacenter(small, {
          seed: 9,
          allocation: "mad",
          selection: "mmt",
          placement,
          decisions,
          migrationModel: "cloudsim",
          switchPower: switches,
        }),
    );
  }
}
await record(
  "synthetic small mad obfdf rack-by-rack switches",
  () =>
    simulateDatacenter(small, {
      seed: 9,
      allocation: "mad",
      selection: "mmt",
      placement: "obfdf",
      rackByRack: true,
      migrationModel: "cloudsim",
      switchPower: switches,
    }),
);
const engineVariants: [string, Partial<SimulateDatacenterOptions>][] = [
  ["engine default", {}],
  ["engine shared network", { migrationNetwork: "shared" }],
  ["engine fixed share", { migrationNetwork: "fixed-share" }],
  ["engine shared network unlimited", { migrationAdmission: "unlimited" }],
  ["engine post-copy", { migrationTechnique: "post-copy" }],
  ["engine degradation", { migrationDegradation: "engine", dirtyLoggingSlowdown: 0.2 }],
  ["engine liu2011 strict", { migrationEnergy: "liu2011", capacityChecks: "strict" }],
  ["engine trace demand hold", { initialDemand: "trace", energyIntegration: "hold" }],
];
for (const [name, variant] of engineVariants) {
  await record(
    `synthetic small mad-mmt ${name}`,
    () => simulateDatacenter(small, { seed: 4, allocation: "mad", selection: "mmt", ...variant }),
  );
}

// The real days.
const root = Deno.env.get("MIGRATE_LAB_PLANETLAB") ??
  new URL("../../shared/data/planetlab", import.meta.url).pathname;
function day(name: string): UtilizationTraces | undefined {
  try {
    return readPlanetLabFolder(`${root}/${name}`);
  } catch {
    console.log(`skipping day ${name}: ${root}/${name} is not readable`);
    return undefined;
  }
}
for (const name of ["20110303", "20110306"]) {
  const traces = day(name);
  if (traces === undefined) continue;
  for (const e of BELOGLAZOV2012_EXPERIMENTS) {
    if (quick && e.key !== "mad-mmt") continue;
    await record(`day ${name} cloudsim ${e.key}`, () =>
      runBeloglazov2012({
        traces,
        allocation: e.allocation,
        selection: e.selection,
        parameter: e.parameter,
      }));
  }
  if (name !== "20110303") continue;
  for (const key of quick ? ["mad-mmt"] : ["mad-mmt", "lrr-mmt", "thr-mmt"]) {
    const e = BELOGLAZOV2012_EXPERIMENTS.find((x) => x.key === key)!;
    await record(`day ${name} engine ${key}`, () =>
      runBeloglazov2012({
        traces,
        allocation: e.allocation,
        selection: e.selection,
        parameter: e.parameter,
        cloudsim: false,
      }));
  }
  await record(`day ${name} engine mad-mmt fixed share`, () =>
    runBeloglazov2012({
      traces,
      allocation: "mad",
      selection: "mmt",
      cloudsim: false,
      migrationNetwork: "fixed-share",
    }));
  await record(`day ${name} engine 300 VMs shared network`, () =>
    runBeloglazov2012({
      traces,
      maxVms: 300,
      hosts: 200,
      allocation: "mad",
      selection: "mmt",
      cloudsim: false,
      migrationNetwork: "shared",
      migrationDegradation: "engine",
      migrationEnergy: "liu2011",
    }));
  await record(`day ${name} cloudsim 400 VMs obfdf contract-net switches`, () =>
    runBeloglazov2012({
      traces,
      maxVms: 400,
      hosts: 300,
      allocation: "thr",
      placement: "obfdf",
      decisions: "contract-net",
      switchPower: switches,
    }));
}

if (outFile !== undefined) await atomicWriteTextFile(outFile, lines.join("\n") + "\n");
