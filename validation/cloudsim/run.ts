/**
 * Records CloudSim 3.0.3's own output for the PlanetLab experiments of Beloglazov and Buyya
 * (2012) on the ten PlanetLab days, and writes only CloudSim's printed numbers to
 * `data/cloudsim/results-<day>.json` (one file per day whose every experiment finished).
 *
 * CloudSim is never copied into the repository: pass the path of a CloudSim source tree at tag
 * `cloudsim-3.0.3` (the folder holding `modules/`), e.g. made with
 * `git --git-dir=<Cloudslab/cloudsim clone>/.git archive cloudsim-3.0.3 modules | tar -x -C /tmp/cs`.
 * This script compiles CloudSim's core and its `examples/power` package with `javac` against
 * Debian's `libcommons-math3-java` (`/usr/share/java/commons-math3.jar`; Maven Central is not
 * reachable here), adds `validation/cloudsim/RunPlanetLabSorted.java` (our driver: the examples'
 * set-up with the traces in sorted name order and CloudSim's event log dropped), runs every
 * experiment of `CLOUDSIM_EXPERIMENTS` on every day (at most `--jobs` JVMs at once, 3 GiB heap
 * each) and parses the summary that CloudSim's `Helper.printResults` prints.
 *
 * Usage:
 * `deno run -A validation/cloudsim/run.ts --cloudsim /tmp/cs [--raw /tmp/cs-out] [--jobs 2]
 *  [--days 20110303,20110306]`.
 * Raw outputs go to `--raw` (one `<day>_<allocation>_<selection>_<parameter>.txt` and `.time`
 * per run); a run whose output is already there is not repeated, so an interrupted grid resumes.
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import { PLANETLAB_DAYS } from "../../lib/datacenter/beloglazov2012_evaluation.ts";

/** One CloudSim experiment: allocation, selection and parameter as the examples spell them. */
export interface CloudSimExperiment {
  /** Key in the results file, e.g. `"mad-mmt"` (`"thr-mmt-1.0"` for THR at 1.0). */
  key: string;
  allocation: string;
  selection: string;
  parameter: string;
}

/**
 * The eleven experiments: NPA, DVFS, the five detectors with MMT (THR at 0.8 and at 1.0, as the
 * paper's table of results lists both), and MAD with the other three selections.
 */
export const CLOUDSIM_EXPERIMENTS: readonly CloudSimExperiment[] = [
  { key: "npa", allocation: "npa", selection: "", parameter: "" },
  { key: "dvfs", allocation: "dvfs", selection: "", parameter: "" },
  { key: "thr-mmt", allocation: "thr", selection: "mmt", parameter: "0.8" },
  { key: "iqr-mmt", allocation: "iqr", selection: "mmt", parameter: "1.5" },
  { key: "mad-mmt", allocation: "mad", selection: "mmt", parameter: "2.5" },
  { key: "lr-mmt", allocation: "lr", selection: "mmt", parameter: "1.2" },
  { key: "lrr-mmt", allocation: "lrr", selection: "mmt", parameter: "1.2" },
  { key: "mad-mc", allocation: "mad", selection: "mc", parameter: "2.5" },
  { key: "mad-mu", allocation: "mad", selection: "mu", parameter: "2.5" },
  { key: "mad-rs", allocation: "mad", selection: "rs", parameter: "2.5" },
  { key: "thr-mmt-1.0", allocation: "thr", selection: "mmt", parameter: "1.0" },
];

/** File stem of one run's raw output. */
export function rawName(day: string, e: CloudSimExperiment): string {
  return `${day}_${e.allocation}_${e.selection || "none"}_${e.parameter || "none"}`;
}

/** The numbers CloudSim printed for one run (`null` where it printed NaN). */
export interface CloudSimSummary {
  energyKwh: number;
  migrations: number;
  slavPercent: number;
  pdmPercent: number;
  slatahPercent: number;
  overallSlaViolationPercent: number;
  averageSlaViolationPercent: number;
  hostShutdowns: number;
  meanSecondsBeforeHostShutdown: number | null;
  stdevSecondsBeforeHostShutdown: number | null;
  meanSecondsBeforeVmMigration: number | null;
  stdevSecondsBeforeVmMigration: number | null;
}

const FIELDS: readonly [keyof CloudSimSummary, RegExp][] = [
  ["energyKwh", /^Energy consumption: (\S+) kWh/m],
  ["migrations", /^Number of VM migrations: (\S+)/m],
  ["slavPercent", /^SLA: (\S+)%/m],
  ["pdmPercent", /^SLA perf degradation due to migration: (\S+)%/m],
  ["slatahPercent", /^SLA time per active host: (\S+)%/m],
  ["overallSlaViolationPercent", /^Overall SLA violation: (\S+)%/m],
  ["averageSlaViolationPercent", /^Average SLA violation: (\S+)%/m],
  ["hostShutdowns", /^Number of host shutdowns: (\S+)/m],
  ["meanSecondsBeforeHostShutdown", /^Mean time before a host shutdown: (\S+) sec/m],
  ["stdevSecondsBeforeHostShutdown", /^StDev time before a host shutdown: (\S+) sec/m],
  ["meanSecondsBeforeVmMigration", /^Mean time before a VM migration: (\S+) sec/m],
  ["stdevSecondsBeforeVmMigration", /^StDev time before a VM migration: (\S+) sec/m],
];

/** Parses the summary of `Helper.printResults`; throws naming the first missing line. */
export function parseCloudSimSummary(text: string): CloudSimSummary {
  const out: Record<string, number | null> = {};
  for (const [field, pattern] of FIELDS) {
    const m = pattern.exec(text);
    if (m === null) throw new Error(`CloudSim output has no line for ${field}`);
    const value = m[1]!;
    out[field] = value === "NaN" ? null : Number(value.replace(",", "."));
    if (out[field] !== null && !Number.isFinite(out[field])) {
      throw new Error(`CloudSim printed ${JSON.stringify(value)} for ${field}`);
    }
  }
  return out as unknown as CloudSimSummary;
}

function flag(name: string, fallback?: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[]): Promise<void> {
  const r = await new Deno.Command(cmd, { args, stdout: "inherit", stderr: "inherit" }).output();
  if (!r.success) throw new Error(`${cmd} ${args.join(" ")} failed with code ${r.code}`);
}

async function main(): Promise<void> {
  const cloudsim = flag("cloudsim");
  if (cloudsim === undefined) {
    throw new Error("usage: run.ts --cloudsim <CloudSim 3.0.3 source tree> [--raw dir]");
  }
  const raw = flag("raw", await Deno.makeTempDir({ prefix: "cloudsim-out-" }))!;
  const jobs = Number(flag("jobs", "2"));
  const days = (flag("days") ?? PLANETLAB_DAYS.join(",")).split(",");
  const planetlab = new URL("../../../shared/data/planetlab", import.meta.url).pathname;
  const driver = new URL("./RunPlanetLabSorted.java", import.meta.url).pathname;
  const jar = "/usr/share/java/commons-math3.jar";
  const classes = `${raw}/classes`;
  await Deno.mkdir(classes, { recursive: true });
  if (!(await exists(`${classes}/RunPlanetLabSorted.class`))) {
    const files: string[] = [];
    const roots = [
      `${cloudsim}/modules/cloudsim/src/main/java`,
      `${cloudsim}/modules/cloudsim-examples/src/main/java/org/cloudbus/cloudsim/examples/power`,
    ];
    for (const root of roots) {
      const find = await new Deno.Command("find", { args: [root, "-name", "*.java"] }).output();
      files.push(...new TextDecoder().decode(find.stdout).split("\n").filter((l) => l !== ""));
    }
    await Deno.writeTextFile(`${raw}/files.txt`, files.join("\n"));
    await run("javac", [
      "-nowarn",
      "-encoding",
      "UTF-8",
      "-d",
      classes,
      "-cp",
      jar,
      `@${raw}/files.txt`,
      driver,
    ]);
  }
  const queue = days.flatMap((day) => CLOUDSIM_EXPERIMENTS.map((e) => ({ day, e })));
  async function worker(): Promise<void> {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      const stem = `${raw}/${rawName(item.day, item.e)}`;
      if (await exists(`${stem}.txt`)) continue;
      await run("/usr/bin/time", [
        "-f",
        "wallSeconds %e maxRssKiB %M",
        "-o",
        `${stem}.time`,
        "sh",
        "-c",
        `java -Xmx3g -cp ${classes}:${jar} RunPlanetLabSorted "$0" "$1" "$2" "$3" "$4" > "$5.tmp"` +
        ` && mv "$5.tmp" "$5.txt"`,
        planetlab,
        item.day,
        item.e.allocation,
        item.e.selection,
        item.e.parameter,
        stem,
      ]);
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker));
  await writeResults(raw, days);
}

/** Writes `data/cloudsim/results-<day>.json` for every day whose runs all finished. */
export async function writeResults(raw: string, days: readonly string[]): Promise<string[]> {
  const written: string[] = [];
  for (const day of days) {
    const results: Record<string, unknown> = {};
    let complete = true;
    for (const e of CLOUDSIM_EXPERIMENTS) {
      const stem = `${raw}/${rawName(day, e)}`;
      if (!(await exists(`${stem}.txt`))) {
        complete = false;
        break;
      }
      const summary = parseCloudSimSummary(await Deno.readTextFile(`${stem}.txt`));
      const time = await Deno.readTextFile(`${stem}.time`).catch(() => "");
      const wall = /wallSeconds (\S+)/.exec(time), rss = /maxRssKiB (\S+)/.exec(time);
      results[e.key] = {
        allocation: e.allocation,
        selection: e.selection,
        parameter: e.parameter === "" ? null : Number(e.parameter),
        ...summary,
        wallSeconds: wall ? Number(wall[1]) : null,
        maxRssMiB: rss ? Math.round(Number(rss[1]) / 1024) : null,
      };
    }
    if (!complete) continue;
    const out = new URL(`../../data/cloudsim/results-${day}.json`, import.meta.url).pathname;
    const record = {
      workload: day,
      cloudsimVersion: "3.0.3",
      fileOrder: "sorted",
      logOutput: "dropped (RunPlanetLabSorted)",
      results,
    };
    await atomicWriteTextFile(out, JSON.stringify(record, null, 2) + "\n");
    written.push(day);
  }
  return written;
}

if (import.meta.main) {
  if (Deno.args[0] === "--parse-only") {
    const raw = Deno.args[1]!;
    console.log("wrote", await writeResults(raw, PLANETLAB_DAYS));
  } else await main();
}
