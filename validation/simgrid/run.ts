/**
 * Re-records SimGrid's own live-migration model over a standard grid.
 *
 * Builds `validation/simgrid/migrate.cpp` against Debian's `libsimgrid-dev` in a temporary folder,
 * runs one simulation per grid point (RAM x dirty-page intensity x working set x bandwidth x
 * latency x migration speed) and writes `data/validation/simgrid/grid.jsonl` (one run a line) and
 * `data/validation/simgrid/grid_defaults.jsonl` (a smaller grid under SimGrid's default options) and
 * `data/validation/simgrid/meta.json` (command, SimGrid version, compiler, machine facts, the grid
 * and the SimGrid options), as one set (`lib/_output_set.ts`): all three new, or all three as
 * they were.
 *
 * Run with `deno task validate:simgrid`. Needs `g++` and `libsimgrid-dev`
 * (`apt-get -o DPkg::Lock::Timeout=900 install -y libsimgrid-dev g++`).
 *
 * @module
 */
import { writeOutputSet } from "../../lib/_output_set.ts";

const HERE = new URL(".", import.meta.url);
const OUT = new URL("../../data/validation/simgrid/", import.meta.url);

/** SimGrid options for every run: the CM02 model without its empirical factors (see README). */
export const SIMGRID_OPTIONS: readonly string[] = [
  "--cfg=network/model:CM02",
  "--cfg=network/crosstraffic:0",
  "--cfg=network/TCP-gamma:1e18",
];

/** The standard grid. */
export const GRID = {
  ramBytes: [2 ** 30, 4 * 2 ** 30],
  intensity: [0, 0.1, 0.3, 0.6, 0.9],
  workingSetFraction: [0.1, 0.5, 0.9],
  bandwidthBytesPerSecond: [125e6, 1.25e9],
  latencySeconds: [0, 0.001, 0.01],
  migrationSpeedFraction: [1, 0.5],
  hostFlops: 1e9,
  maxRounds: 1000,
} as const;

/**
 * A smaller grid run under SimGrid's default options (LV08: latency x 13.01, bandwidth x 0.97,
 * crosstraffic, a 4 MiB TCP window), to show what the defaults add.
 */
export const DEFAULTS_GRID = {
  ramBytes: [2 ** 30],
  intensity: [0, 0.3, 0.6, 0.9],
  workingSetFraction: [0.1, 0.9],
  bandwidthBytesPerSecond: [125e6, 1.25e9],
  latencySeconds: [0, 0.001, 0.01],
  migrationSpeedFraction: [1, 0.5],
  hostFlops: 1e9,
  maxRounds: 1000,
} as const;

/** Messages kept in the record of a run that did not converge. */
const KEPT_MESSAGES = 20;

interface HarnessMessage {
  mailbox: string;
  bytes: number;
  startSeconds: number;
  endSeconds: number;
}

interface HarnessOutput {
  simgridVersion: string;
  converged: boolean;
  params: Record<string, number>;
  startSeconds: number;
  endSeconds: number;
  suspendedAtSeconds: number;
  resumedAtSeconds: number;
  messages: HarnessMessage[];
}

async function output(cmd: string, args: string[]): Promise<string> {
  const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!r.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(r.stderr)}`);
  }
  return new TextDecoder().decode(r.stdout).trim();
}

async function machineFacts(): Promise<Record<string, unknown>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? "unknown";
  return {
    os: Deno.build.os,
    arch: Deno.build.arch,
    kernel: Deno.osRelease(),
    debianVersion: (await Deno.readTextFile("/etc/debian_version").catch(() => "unknown")).trim(),
    cpuModel: model,
    cpuCount: navigator.hardwareConcurrency,
    compiler: (await output("g++", ["--version"])).split("\n")[0],
    libsimgridDev: await output("dpkg-query", ["-W", "-f=${Version}", "libsimgrid-dev"]),
    deno: Deno.version.deno,
  };
}

function round(x: number): number {
  return Number(x.toPrecision(15));
}

/** Turns the harness output and the plugin's log into one record line. */
function toRecord(id: string, argv: string[], out: HarnessOutput, log: string) {
  const t0 = out.startSeconds;
  const rel = (t: number) => round(t - t0);
  const migration = out.messages.filter((m) => m.mailbox.startsWith("__mbox_mig_src_dst:"));
  const ack = out.messages.find((m) => m.mailbox.startsWith("__mbox_mig_ctl:"));
  const messages = out.messages.map((m, i) => {
    const isMigration = m.mailbox.startsWith("__mbox_mig_src_dst:");
    const isLast = isMigration && m === migration[migration.length - 1];
    const stage = !isMigration ? "ack" : i === 0 ? "1" : out.converged && isLast ? "3" : "2";
    return {
      stage,
      bytes: m.bytes,
      startSeconds: rel(m.startSeconds),
      endSeconds: m.endSeconds < 0 ? null : rel(m.endSeconds),
    };
  });
  const thresholdsBytes = [...log.matchAll(/actual bandwidth [0-9.]+.*threshold (\d+)/g)].map((
    m,
  ) => Number(m[1]));
  const stage3 = out.converged ? migration[migration.length - 1] : undefined;
  return {
    id,
    argv,
    params: out.params,
    converged: out.converged,
    totalSeconds: out.converged ? rel(out.endSeconds) : null,
    downtimeSeconds: out.converged ? round(out.resumedAtSeconds - out.suspendedAtSeconds) : null,
    ackSeconds: ack && ack.endSeconds >= 0 ? round(ack.endSeconds - ack.startSeconds) : null,
    stage2Rounds: migration.length - 1 - (out.converged ? 1 : 0),
    bytesSent: out.converged ? migration.reduce((s, m) => s + m.bytes, 0) : null,
    stage3Bytes: stage3 ? stage3.bytes : null,
    messageCount: messages.length,
    messages: out.converged ? messages : messages.slice(0, KEPT_MESSAGES),
    thresholdsBytes: out.converged ? thresholdsBytes : thresholdsBytes.slice(0, KEPT_MESSAGES),
  };
}

type Grid = typeof GRID | typeof DEFAULTS_GRID;

/** Runs every point of a grid; returns the record lines and SimGrid's version. */
async function runGrid(
  binary: string,
  grid: Grid,
  options: readonly string[],
): Promise<{ lines: string[]; version: string }> {
  const lines: string[] = [];
  let version = "";
  for (const ramBytes of grid.ramBytes) {
    for (const intensity of grid.intensity) {
      for (const wsf of grid.workingSetFraction) {
        for (const bw of grid.bandwidthBytesPerSecond) {
          for (const lat of grid.latencySeconds) {
            for (const msf of grid.migrationSpeedFraction) {
              const ws = Math.round(ramBytes * wsf);
              const args = [
                "--ram-bytes",
                String(ramBytes),
                "--intensity",
                String(intensity),
                "--working-set-bytes",
                String(ws),
                "--bandwidth-bytes-per-second",
                String(bw),
                "--latency-seconds",
                String(lat),
                "--migration-speed-bytes-per-second",
                String(bw * msf),
                "--host-flops",
                String(grid.hostFlops),
                "--max-rounds",
                String(grid.maxRounds),
                ...options,
                "--log=vm_live_migration.thres:debug",
              ];
              const r = await new Deno.Command(binary, { args, stdout: "piped", stderr: "piped" })
                .output();
              const stdout = new TextDecoder().decode(r.stdout).trim();
              const stderr = new TextDecoder().decode(r.stderr);
              if (!r.success || stdout === "") {
                throw new Error(`harness failed for ${args.join(" ")}: ${stderr.slice(-2000)}`);
              }
              const out = JSON.parse(stdout) as HarnessOutput;
              version = out.simgridVersion;
              const id = `ram${
                ramBytes / 2 ** 30
              }GiB-i${intensity}-ws${wsf}-bw${bw}-lat${lat}-ms${msf}`;
              lines.push(JSON.stringify(toRecord(id, ["migrate", ...args], out, stderr)));
            }
          }
        }
      }
    }
  }
  return { lines, version };
}

async function main(): Promise<void> {
  const build = await Deno.makeTempDir({ prefix: "simgrid-harness-" });
  try {
    const binary = `${build}/migrate`;
    const compile = [
      "-std=c++17",
      "-O2",
      new URL("migrate.cpp", HERE).pathname,
      "-lsimgrid",
      "-o",
      binary,
    ];
    await output("g++", compile);
    const standard = await runGrid(binary, GRID, SIMGRID_OPTIONS);
    const defaults = await runGrid(binary, DEFAULTS_GRID, []);
    const lines = standard.lines;
    const version = standard.version;
    // The machine facts come before any write, and the three files go as one set: a failing
    // fact (dpkg-query without Debian's libsimgrid-dev) left new grids beside the old meta.json.
    const meta = {
      command: "deno task validate:simgrid",
      script: "validation/simgrid/run.ts",
      harness: "validation/simgrid/migrate.cpp",
      compile: ["g++", ...compile.slice(0, 2), "migrate.cpp", "-lsimgrid", "-o", "migrate"],
      simgridVersion: version,
      simgridOptions: SIMGRID_OPTIONS,
      grid: GRID,
      runs: lines.length,
      defaults: {
        file: "grid_defaults.jsonl",
        simgridOptions: [],
        grid: DEFAULTS_GRID,
        runs: defaults.lines.length,
      },
      recordedAt: new Date().toISOString(),
      machine: await machineFacts(),
    };
    await writeOutputSet(OUT.pathname.replace(/\/$/, ""), [
      ["grid.jsonl", lines.join("\n") + "\n"],
      ["grid_defaults.jsonl", defaults.lines.join("\n") + "\n"],
      ["meta.json", JSON.stringify(meta, null, 2) + "\n"],
    ]);
    console.log(
      `recorded ${lines.length} + ${defaults.lines.length} runs of SimGrid ${version} in data/validation/simgrid/`,
    );
  } finally {
    await Deno.remove(build, { recursive: true });
  }
}

if (import.meta.main) await main();
