/**
 * Holds the engine to the recorded SimGrid grid: first with `preset: "simgrid"`
 * (`simgridPresetSettings`: SimGrid's stage formulas, working-set cap and latency per
 * message, as `tests/migration/simgrid_preset_test.ts` replays them), then, for
 * comparison, the default preset (page level, and its closed form) with the closest
 * settings it offers. Writes the result to
 * `data/validation/simgrid/engine_comparison.jsonl` (one row per run and fidelity) and into the table of
 * `data/validation/simgrid/README.md` (between its `engine-comparison` markers).
 *
 * Closest settings: 4 KiB pages, no device state, a hot-cold workload whose hot set is the
 * working set and takes every write, at `intensity x migrationSpeed` bytes per second; the link's
 * bandwidth, latency and a cap at the migration speed; QEMU's rule with SimGrid's 30 ms target
 * (`max-downtime` 0.03 s) and up to 1000 rounds.
 *
 * Run with `deno task validate:simgrid:compare`.
 *
 * @module
 */
import { writeOutputSet } from "../../lib/_output_set.ts";
import {
  closedFormPreCopy,
  type LinkSpec,
  type MigrationPreset,
  type MigrationResult,
  SIMGRID_PRESET,
  simulatePreCopy,
  type StopRule,
  type VmSpec,
} from "../../mod.ts";
import { readSimgridRecord, type SimgridRun } from "../../lib/validation/mod.ts";

const DATA = new URL("../../data/validation/simgrid/", import.meta.url);
const PAGE_BYTES = 4096;
const TOLERANCE = 1e-3;

/** The engine's closest VM, link and stop rules for a SimGrid run. */
export function closestSettings(run: SimgridRun): {
  vm: VmSpec;
  link: LinkSpec;
  stopRules: StopRule[];
} {
  const p = run.params;
  const writesPerSecond = (p.intensity * p.migrationSpeedBytesPerSecond) / PAGE_BYTES;
  return {
    vm: {
      pageCount: p.ramBytes / PAGE_BYTES,
      pageSizeBytes: PAGE_BYTES,
      stateBytes: 0,
      workload: writesPerSecond === 0 ? { kind: "idle" } : {
        kind: "hot-cold",
        hotFraction: p.workingSetBytes / p.ramBytes,
        hotShare: 1,
        writesPerSecond,
      },
    },
    link: {
      bandwidthBytesPerSecond: p.bandwidthBytesPerSecond,
      latencySeconds: p.latencySeconds,
      maxBandwidthBytesPerSecond: p.migrationSpeedBytesPerSecond,
    },
    stopRules: [{ kind: "max-downtime", seconds: 0.03 }, { kind: "max-rounds", rounds: 1000 }],
  };
}

/**
 * The `simgrid` preset's inputs for a SimGrid run: uniform writes of `I x V` bytes per
 * second (SimGrid dirties bytes, not pages; the preset's byte-level stages make the
 * page choice irrelevant), the link as the platform gives it with the cap at `V`, and
 * the run's working set as `workingSetFraction`.
 */
export function simgridPresetSettings(run: SimgridRun): {
  vm: VmSpec;
  link: LinkSpec;
  preset: MigrationPreset;
} {
  const p = run.params;
  const writesPerSecond = (p.intensity * p.migrationSpeedBytesPerSecond) / PAGE_BYTES;
  return {
    vm: {
      pageCount: p.ramBytes / PAGE_BYTES,
      pageSizeBytes: PAGE_BYTES,
      stateBytes: 0,
      workload: writesPerSecond === 0 ? { kind: "idle" } : { kind: "uniform", writesPerSecond },
    },
    link: {
      bandwidthBytesPerSecond: p.bandwidthBytesPerSecond,
      latencySeconds: p.latencySeconds,
      maxBandwidthBytesPerSecond: p.migrationSpeedBytesPerSecond,
    },
    preset: { ...SIMGRID_PRESET, workingSetFraction: p.workingSetBytes / p.ramBytes },
  };
}

function relative(a: number, b: number, floor: number): number {
  const d = Math.abs(a - b);
  return d <= floor ? 0 : d / Math.max(Math.abs(b), floor);
}

interface Row {
  id: string;
  fidelity: string;
  simgridConverged: boolean;
  engineConverged: boolean;
  totalError: number | null;
  downtimeError: number | null;
  bytesError: number | null;
  match: boolean;
}

function compare(run: SimgridRun, r: MigrationResult, fidelity?: string): Row {
  const both = run.converged && r.converged;
  const totalError = both ? relative(r.totalSeconds, run.totalSeconds!, 1e-6) : null;
  const downtimeError = both ? relative(r.downtimeSeconds, run.downtimeSeconds!, 1e-6) : null;
  const bytesError = both ? relative(r.bytesSent, run.bytesSent!, 1) : null;
  const match = run.converged === r.converged &&
    (!both ||
      (totalError! <= TOLERANCE && downtimeError! <= TOLERANCE && bytesError! <= TOLERANCE));
  return {
    id: run.id,
    fidelity: fidelity ?? r.fidelity,
    simgridConverged: run.converged,
    engineConverged: r.converged,
    totalError,
    downtimeError,
    bytesError,
    match,
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  // The README's markers are checked before anything is written: a README without them
  // failed after engine_comparison.jsonl was rewritten, its table left on the old rows.
  const readmePath = new URL("README.md", DATA).pathname;
  const readme = await Deno.readTextFile(readmePath);
  const start = "<!-- engine-comparison:start -->";
  const end = "<!-- engine-comparison:end -->";
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${readmePath} lacks the ${start} ... ${end} markers`);
  const runs = await readSimgridRecord(new URL("grid.jsonl", DATA));
  const rows: Row[] = [];
  for (const run of runs) {
    const sg = simgridPresetSettings(run);
    rows.push(
      compare(
        run,
        simulatePreCopy(sg.vm, sg.link, { seed: 1, preset: sg.preset }),
        "page, preset simgrid",
      ),
    );
    const { vm, link, stopRules } = closestSettings(run);
    rows.push(compare(run, simulatePreCopy(vm, link, { seed: 1, stopRules })));
    rows.push(compare(run, closedFormPreCopy(vm, link, { stopRules })));
  }
  // One table row per fidelity and per slice of the grid.
  const slices: [string, (r: SimgridRun) => boolean][] = [
    ["whole grid", () => true],
    ["intensity 0 (idle)", (r) => r.params.intensity === 0],
    ["intensity > 0, latency 0", (r) => r.params.intensity > 0 && r.params.latencySeconds === 0],
    ["intensity > 0, latency > 0", (r) => r.params.intensity > 0 && r.params.latencySeconds > 0],
    ["SimGrid did not converge", (r) => !r.converged],
  ];
  const byId = new Map(runs.map((r) => [r.id, r]));
  const table = [
    "| fidelity | slice of the grid | runs | within 0.1 % | median total error | median downtime error | median bytes error |",
    "|---|---|---:|---:|---:|---:|---:|",
  ];
  for (const fidelity of ["page, preset simgrid", "page", "closed-form"]) {
    for (const [name, keep] of slices) {
      const sel = rows.filter((r) => r.fidelity === fidelity && keep(byId.get(r.id)!));
      const matched = sel.filter((r) => r.match).length;
      const med = (f: (r: Row) => number | null) => {
        const xs = sel.map(f).filter((x): x is number => x !== null);
        return xs.length === 0 ? "-" : pct(median(xs));
      };
      table.push(
        `| ${fidelity} | ${name} | ${sel.length} | ${matched} (${pct(matched / sel.length)}) | ${
          med((r) => r.totalError)
        } | ${med((r) => r.downtimeError)} | ${med((r) => r.bytesError)} |`,
      );
    }
  }
  // The rows and the README's table of them as one set (never new rows beside an old table).
  await writeOutputSet(DATA.pathname.replace(/\/$/, ""), [
    ["engine_comparison.jsonl", rows.map((x) => JSON.stringify(x)).join("\n") + "\n"],
    [
      "README.md",
      readme.slice(0, i + start.length) + "\n" + table.join("\n") + "\n" + readme.slice(j),
    ],
  ]);
  // The table as `deno fmt` lays it out, so the checked-in README stays formatted.
  const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", readmePath] })
    .output();
  if (!fmt.success) throw new Error(`deno fmt ${readmePath} failed`);
  console.log(table.join("\n"));
}

if (import.meta.main) await main();
