/**
 * Figures that README.md and data/README.md quote from the committed records (data/) or from the
 * PlanetLab days, recomputed and looked up in the text, so that a record made again or a changed
 * computation cannot leave the prose quoting a figure that no longer holds. Each phrase is looked
 * up with runs of whitespace (line breaks, table padding) read as one space. Figures the text
 * gives as history (a run before a change, a timing on a dated machine) are not checked here.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);

/** A file of the repository with every run of whitespace as one space. */
function prose(path: string): string {
  return Deno.readTextFileSync(new URL(path, root)).replace(/\s+/g, " ");
}

/** A JSON record of the repository. */
function record(path: string): unknown {
  return JSON.parse(Deno.readTextFileSync(new URL(path, root)));
}

/** Asserts that `text` (the file `file`) holds `phrase`. */
function says(text: string, file: string, phrase: string): void {
  assert.ok(text.includes(phrase), `${file} no longer says "${phrase}": update it to the record`);
}

Deno.test("README's CloudSim 3.0.3 match on 20110303 counts the record's experiments and runs", () => {
  const readme = prose("README.md");
  const printed = record("data/cloudsim/results-20110303.json") as {
    results: Record<string, { energyKwh: number; migrations: number }>;
  };
  const repeated = record("data/cloudsim/random-selection-runs.json") as {
    runs: Record<string, Record<string, unknown[]>>;
  };
  const deterministic = Object.keys(printed.results).filter((key) => key !== "mad-rs");
  // the ten-day record's CloudSim-mode rows (tests/datacenter/beloglazov2012_ten_days_record_test.ts
  // recomputes some; tests/datacenter/cloudsim_days_test.ts holds every one to CloudSim exactly)
  const rows = Deno.readTextFileSync(
    new URL("data/datacenter/beloglazov2012_ten_days.csv", root),
  ).trim().split("\n");
  const header = rows[0]!.split(",");
  const at = (name: string) => header.indexOf(name);
  for (const key of deterministic) {
    const row = rows.map((line) => line.split(",")).find((cells) =>
      cells[at("day")] === "20110303" && cells[at("experiment")] === key &&
      cells[at("mode")] === "cloudsim"
    );
    assert.ok(row, `no CloudSim-mode row of ${key} on 20110303`);
    const expected = printed.results[key]!;
    assert.equal(Number(row[at("migrations")]), expected.migrations, `${key} migrations`);
    assert.equal(
      Math.round(Number(row[at("energyKwh")]) * 100) / 100,
      expected.energyKwh,
      `${key} energy`,
    );
  }
  const madRsRuns = 1 + repeated.runs["mad-rs"]!["20110303"]!.length;
  says(
    readme,
    "README.md",
    `(20110303: CloudSim's exact migrations and energy in all ${deterministic.length} ` +
      `deterministic experiments; MAD-RS, which CloudSim does not seed, held as a 5-seed mean ` +
      `to CloudSim's range over ${madRsRuns} runs)`,
  );
});

/** `x` rounded, with thousands separators (25,119). */
function thousands(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

interface PbaMean {
  placer: string;
  energyKwh: number;
  migrations: number;
  meanActiveHosts: number;
  overloadedHostIntervals: number;
}
interface PbaRecord {
  means: {
    rows: PbaMean[];
    batch: { algorithm: string; hostsUsed: number; overloadIntervals: number }[];
  };
}

Deno.test("README's PBA against First Fit figures are the records' nine-day means", () => {
  const readme = prose("README.md");
  const data = prose("data/README.md");
  const cloudsim = record("data/placement/pba_vs_first_fit.json") as PbaRecord;
  const engine = record("data/placement/pba_vs_first_fit_engine.json") as PbaRecord;
  const mean = (r: PbaRecord, placer: string) => {
    const row = r.means.rows.find((x) => x.placer === placer);
    assert.ok(row, `no nine-day mean of ${placer}`);
    return row;
  };
  const h = mean(cloudsim, "pba-history"), d = mean(cloudsim, "pba-daily");
  const f = mean(cloudsim, "first-fit");
  says(
    readme,
    "README.md",
    `over the history kept so far (the default) ${fixed(h.energyKwh, 1)} vs ` +
      `${fixed(f.energyKwh, 1)} kWh, ${thousands(h.migrations)} vs ${thousands(f.migrations)} ` +
      `migrations, ${fixed(h.meanActiveHosts, 1)} vs ${fixed(f.meanActiveHosts, 1)} mean active ` +
      `hosts, ${thousands(h.overloadedHostIntervals)} vs ${thousands(f.overloadedHostIntervals)} ` +
      `overloaded host-intervals; over daily patterns learned from earlier days (\`pba-daily\`) ` +
      `${fixed(d.energyKwh, 1)} kWh, ${thousands(d.migrations)} migrations, ` +
      `${fixed(d.meanActiveHosts, 1)} hosts, ${thousands(d.overloadedHostIntervals)} overloaded ` +
      `host-intervals`,
  );
  const eh = mean(engine, "pba-history"), ed = mean(engine, "pba-daily");
  const ef = mean(engine, "first-fit");
  const engineFigures = `${fixed(eh.energyKwh, 1)} / ${fixed(ed.energyKwh, 1)} / ` +
    `${fixed(ef.energyKwh, 1)} kWh, ${thousands(eh.migrations)} / ${thousands(ed.migrations)} / ` +
    `${thousands(ef.migrations)} migrations`;
  says(readme, "README.md", `history / daily patterns / First Fit ${engineFigures};`);
  // data/README.md's last remaking of the engine record (earlier ones are history)
  says(data, "data/README.md", `${engineFigures}, the same order.`);
  const batch = (name: string) => {
    const row = cloudsim.means.batch.find((x) => x.algorithm === name);
    assert.ok(row, `no batch mean of ${name}`);
    return row;
  };
  const pba = batch("pba"), firstFit = batch("first-fit-series");
  says(
    readme,
    "README.md",
    `placed once and replayed (the papers' setting) RAM binds: ${fixed(pba.hostsUsed, 1)} vs ` +
      `${fixed(firstFit.hostsUsed, 1)} servers, ${fixed(pba.overloadIntervals, 1)} vs ` +
      `${fixed(firstFit.overloadIntervals, 1)} overloaded server-intervals`,
  );
});

Deno.test("README's native HiGHS counts are data/milp/highs_record.json's", () => {
  const highs = record("data/milp/highs_record.json") as {
    timeLimitSeconds: number;
    runs: { optimal: boolean; solverSeconds: number }[];
  };
  const proved = highs.runs.filter((r) => r.optimal);
  const seconds = proved.map((r) => r.solverSeconds);
  says(
    prose("README.md"),
    "README.md",
    `every instance and formulation native HiGHS proves in ${highs.timeLimitSeconds} s ` +
      `(${proved.length} of ${highs.runs.length}, ${Math.min(...seconds)}-` +
      `${Math.round(Math.max(...seconds))} s)`,
  );
  says(
    prose("data/README.md"),
    "data/README.md",
    `native HiGHS proved (${proved.length} of ${highs.runs.length})`,
  );
});

Deno.test("data/README.md's latest MAD-MU ten-day mean energy is the mean table's", () => {
  const lines = Deno.readTextFileSync(
    new URL("data/datacenter/beloglazov2012_ten_day_means.csv", root),
  ).trim().split("\n").map((line) => line.split(","));
  const header = lines[0]!;
  const row = lines.find((cells) => cells[1] === "mad-mu" && cells[2] === "engine");
  assert.ok(row, "no engine-mode MAD-MU mean");
  const energy = Number(row[header.indexOf("energyKwh")]);
  says(
    prose("data/README.md"),
    "data/README.md",
    `MAD-MU's ten-day mean energy fell to ${fixed(energy, 1)} kWh`,
  );
});

const PLANETLAB = new URL("../../shared/data/planetlab", import.meta.url).pathname;
let planetLabPresent = false;
try {
  planetLabPresent = Deno.statSync(`${PLANETLAB}/20110303`).isDirectory;
} catch {
  planetLabPresent = false;
}

/** `x` to `digits` decimals. */
function fixed(x: number, digits: number): string {
  return x.toFixed(digits);
}

/** Mean, share of zeros (percent), VM means and pooled lag-1 autocorrelation of traces. */
function describeTraces(percent: number[][]) {
  let sum = 0, zeros = 0, n = 0, within = 0, lagged = 0;
  const means: number[] = [];
  for (const row of percent) {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    means.push(mean);
    for (let i = 0; i < row.length; i++) {
      sum += row[i]!;
      zeros += row[i] === 0 ? 1 : 0;
      n++;
      within += (row[i]! - mean) ** 2;
      if (i > 0) lagged += (row[i]! - mean) * (row[i - 1]! - mean);
    }
  }
  return {
    meanPercent: sum / n,
    zeroPercent: 100 * zeros / n,
    vmMeans: means.sort((a, b) => a - b),
    withinSd: Math.sqrt(within / n),
    autocorrelation: lagged / within,
  };
}

Deno.test({
  name: "README's figures of the ten PlanetLab days, their fit and the generated traces hold",
  ignore: !planetLabPresent,
  fn: async () => {
    const {
      fitSyntheticTraces,
      generateSyntheticTraces,
      PLANETLAB_DAYS,
      readPlanetLabFolder,
    } = await import("../lib/datacenter/mod.ts");
    const readme = prose("README.md");
    const percent: number[][] = [];
    for (const day of PLANETLAB_DAYS) {
      percent.push(...readPlanetLabFolder(`${PLANETLAB}/${day}`).percent);
    }
    const days = describeTraces(percent);
    const fit = fitSyntheticTraces({ names: percent.map((_, i) => `vm${i}`), percent });
    const m = days.vmMeans;
    const quantile = (f: number) => m[Math.floor(f * (m.length - 1))]!;
    const mu = m.reduce((a, b) => a + b, 0) / m.length;
    const sd = Math.sqrt(m.reduce((a, b) => a + (b - mu) ** 2, 0) / (m.length - 1));
    // the gamma of the fitted spread (the raw spread less what a VM's noise adds to its mean)
    const gammaShape = (fit.meanPercent / fit.meanSpreadPercent) ** 2;
    says(
      readme,
      "README.md",
      `The ten PlanetLab days (${percent.length.toLocaleString("en-US")} traces) have a mean of ` +
        `${fixed(days.meanPercent, 1)} %, and their VMs' own means spread from ` +
        `${fixed(quantile(0.01), 0)} % to ${fixed(quantile(0.99), 0)} % (1st to 99th percentile; ` +
        `median ${fixed(quantile(0.5), 1)} %, standard deviation ${fixed(sd, 1)}, a gamma shape ` +
        `of ${fixed(gammaShape, 2)}). Within a VM they vary by ${fixed(days.withinSd, 1)} ` +
        `points, ${fixed(days.zeroPercent, 0)} % of the values are 0, and their lag-1 ` +
        `autocorrelation is ${fixed(days.autocorrelation, 2)}`,
    );
    says(
      readme,
      "README.md",
      `(PlanetLab: VM means from ${fixed(quantile(0.01), 0)} % to ${fixed(quantile(0.99), 0)} %, ` +
        `1st to 99th percentile, around ${fixed(days.meanPercent, 0)} %, lag-1 autocorrelation ` +
        `${fixed(days.autocorrelation, 2)})`,
    );

    const defaults = describeTraces(
      generateSyntheticTraces(10000, { seed: 1, intervals: 288 }).percent,
    );
    says(
      readme,
      "README.md",
      `every VM revert to ${fixed(defaults.meanPercent, 0)} % with a lag-1 autocorrelation of ` +
        fixed(defaults.autocorrelation, 2),
    );

    assert.ok(Math.abs(1 - fit.reversion - days.autocorrelation) < 1e-9, "reversion = 1 - rho");
    const f = {
      mean: fixed(fit.meanPercent, 1),
      spread: fixed(fit.meanSpreadPercent, 1),
      noise: fixed(fit.noisePercent, 1),
      exponent: fixed(fit.noiseExponent, 2),
      reversion: fixed(fit.reversion, 2),
    };
    says(
      readme,
      "README.md",
      `the ten days fit to ${f.mean} %, ${f.spread}, ${f.noise}, ${f.exponent}, ${f.reversion})`,
    );
    says(
      readme,
      "README.md",
      `Fitted to the ten days: mean ${f.mean} %, spread ${f.spread}, noise ${f.noise} at the ` +
        `mean, exponent ${f.exponent}, reversion ${f.reversion}.`,
    );
    const generated = describeTraces(
      generateSyntheticTraces(10000, { seed: 1, intervals: 288, ...fit }).percent,
    );
    says(
      readme,
      "README.md",
      `(\`planetlab-like\`: \`fitSyntheticTraces\`, mean ${f.mean} %, VM means spread ${f.spread}, ` +
        `noise ${f.noise} times the VM's mean over ${f.mean} % to the ${f.exponent}, reversion ` +
        `${f.reversion}; generated: mean ${fixed(generated.meanPercent, 1)} %, ` +
        `${fixed(generated.zeroPercent, 0)} % zeros against ${fixed(days.zeroPercent, 0)} %)`,
    );
    const tenth = (means: number[]) => {
      const k = Math.floor(means.length / 10);
      return means.slice(0, k).reduce((a, b) => a + b, 0) / k;
    };
    const sameNoise = describeTraces(
      generateSyntheticTraces(10000, {
        seed: 1,
        intervals: 288,
        ...fit,
        noisePercent: 8.6,
        noiseExponent: 0,
      }).percent,
    );
    says(
      readme,
      "README.md",
      `Its traces have a mean of ${fixed(generated.meanPercent, 1)} % and ` +
        `${fixed(generated.zeroPercent, 0)} % zeros, against ${fixed(days.meanPercent, 1)} % and ` +
        `${
          fixed(days.zeroPercent, 0)
        } %, because the clipping at 0 is not inverted and the gamma ` +
        `puts more VMs near 0 than the days have (the lowest tenth of VM means averages ` +
        `${fixed(tenth(generated.vmMeans), 1)} % against ${fixed(tenth(days.vmMeans), 1)} %); ` +
        `with the same noise for every VM they had ${fixed(sameNoise.meanPercent, 1)} % and ` +
        `${fixed(sameNoise.zeroPercent, 0)} %`,
    );
  },
});

Deno.test({
  name: "README's carried migrations of engine-mode MAD-MMT on 20110303 are what it gives now",
  ignore: !planetLabPresent,
  fn: async () => {
    const { runBeloglazov2012 } = await import("../lib/datacenter/mod.ts");
    const r = runBeloglazov2012({
      folder: `${PLANETLAB}/20110303`,
      allocation: "mad",
      selection: "mmt",
      parameter: 2.5,
      cloudsim: false,
    });
    assert.equal(r.migrationNetwork, "shared");
    says(
      prose("README.md"),
      "README.md",
      `and waiting ones wait again, ${thousands(r.carriedMigrations)} of ` +
        `${thousands(r.migrations)} carried;`,
    );
  },
});

Deno.test({
  name:
    "README's mean admission waits of engine-mode MAD-MMT and MAD-MU on 20110303 are what they give now",
  ignore: !planetLabPresent,
  fn: async () => {
    const { runBeloglazov2012 } = await import("../lib/datacenter/mod.ts");
    const mean = (selection: "mmt" | "mu") => {
      const r = runBeloglazov2012({
        folder: `${PLANETLAB}/20110303`,
        allocation: "mad",
        selection,
        parameter: 2.5,
        cloudsim: false,
      });
      return [r.migrationWaitSeconds / r.migrations, r.migrationSeconds / r.migrations];
    };
    const [mmtWait, mmtSent] = mean("mmt"), [muWait, muSent] = mean("mu");
    says(
      prose("README.md"),
      "README.md",
      `MAD-MMT's migrations waited ${fixed(mmtWait!, 1)} s on average against ` +
        `${fixed(mmtSent!, 1)} s sent, MAD-MU's ${fixed(muWait!, 1)} s against ` +
        `${fixed(muSent!, 1)} s (20110303)`,
    );
  },
});

Deno.test("README counts CloudSim's quirks as CLOUDSIM_3_0_3_QUIRKS has them", async () => {
  const { CLOUDSIM_3_0_3_QUIRKS } = await import("../lib/datacenter/mod.ts");
  says(
    prose("README.md"),
    "README.md",
    `CloudSim's ${Object.keys(CLOUDSIM_3_0_3_QUIRKS).length} quirks only in the \`cloudsim\` ` +
      `object (\`CloudSimQuirks\`, \`CLOUDSIM_3_0_3_QUIRKS\`;`,
  );
});

Deno.test("README's energy of CloudSim's hosts-off accounting is what the 100-host day gives", async () => {
  // the day of tests/datacenter/engine_degradation_test.ts ("a share of 0 or of 1e-12")
  const { beloglazov2012Scenario, generateSyntheticTraces, simulateDatacenter } = await import(
    "../lib/datacenter/mod.ts"
  );
  const scenario = beloglazov2012Scenario(generateSyntheticTraces(200, { seed: 3 }), {
    hosts: 100,
  });
  const energy = (migrationHostsOffWhenIdle: boolean) =>
    simulateDatacenter(scenario, {
      seed: 1,
      allocation: "mad",
      migrationNetwork: "shared",
      dirtyLoggingSlowdown: 0,
      cloudsim: { migrationHostsOffWhenIdle },
    }).energyKwh;
  const less = 100 * (1 - energy(true) / energy(false));
  says(
    prose("README.md"),
    "README.md",
    `the quirk \`migrationHostsOffWhenIdle\`, took them as off: ${fixed(less, 1)} % less energy ` +
      `at a share of 0 on a 100-host synthetic day, shared network)`,
  );
});

Deno.test("the QEMU README's pointer to engine_baseline.json's facts quotes them", () => {
  const baseline = record("data/validation/qemu/engine_baseline.json") as {
    record: string;
    facts: { repeatsAroundTheirMean: { completedPoints: number; downtimeWithin15Percent: number } };
  };
  const repeats = baseline.facts.repeatsAroundTheirMean;
  assert.equal(baseline.record, "data/validation/qemu/runs_quiet.jsonl");
  says(
    prose("data/validation/qemu/README.md"),
    "data/validation/qemu/README.md",
    "`engine_baseline.json` holds the same facts of `runs_quiet.jsonl`, the record `compare.ts` " +
      `reads by default (5 repeats: ${repeats.completedPoints} points completed, within 15 % on ` +
      `downtime at ${repeats.downtimeWithin15Percent}).`,
  );
});

Deno.test("data/README.md's THR-MMT-1.0 migrations on 20110303 are the ten-day record's", () => {
  const lines = Deno.readTextFileSync(
    new URL("data/datacenter/beloglazov2012_ten_days.csv", root),
  ).trim().split("\n").map((line) => line.split(","));
  const header = lines[0]!;
  const row = lines.find((cells) =>
    cells[header.indexOf("day")] === "20110303" &&
    cells[header.indexOf("experiment")] === "thr-mmt-1.0" &&
    cells[header.indexOf("mode")] === "engine"
  );
  assert.ok(row, "no engine-mode THR-MMT-1.0 row on 20110303");
  says(
    prose("data/README.md"),
    "data/README.md",
    `made 42,504 migrations (${
      thousands(Number(row[header.indexOf("migrations")]))
    } in the record as it stands)`,
  );
});

Deno.test("README's bounds of anticorrelated-40x30 are what placeIlp finds", async () => {
  const { ilpBenchInstances } = await import("../bench/_ilp_instances.ts");
  const { placeIlp } = await import("../lib/placement/mod.ts");
  const instance = ilpBenchInstances().find((i) => i.name === "anticorrelated-40x30");
  assert.ok(instance, "no anticorrelated-40x30 among the ILP bench instances");
  const r = await placeIlp(instance.hosts, instance.vms, {
    dimensions: instance.dimensions,
    timeLimitSeconds: 60,
  });
  const d = r.details ?? {};
  const number = (key: string) => {
    assert.equal(typeof d[key], "number", `details.${key}`);
    return d[key] as number;
  };
  assert.equal(d.status, "optimal");
  assert.equal(d.boundSource, "patterns");
  says(
    prose("README.md"),
    "README.md",
    `Its LP relaxation is ${fixed(number("lpRelaxation"), 2)} and L2 ${number("l2Bound")} ` +
      `(native HiGHS's root bound: 14); the Gilmore-Gomory pattern LP over its ` +
      `${thousands(number("patterns"))} maximal patterns is 14.72, so \`placeIlp\`'s pattern ` +
      `stage proves ${r.hostsUsed}`,
  );
});
