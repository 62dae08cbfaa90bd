/**
 * Records the real-QEMU validation dataset: live migrations of the project's own guest
 * (guest.S) between two QEMU 7.2 processes on 127.0.0.1 (TCG), over a grid of RAM x
 * dirty rate x max-bandwidth x downtime-limit (each point repeated), plus post-copy
 * and fresh-idle runs. Writes `data/validation/qemu/runs.jsonl`: a first `meta` line
 * (command, machine facts, load averages, grid, guest rate checks) then one `run` line
 * per migration. Runs are appended to a `.partial` file as they finish; the final file
 * is written atomically at the end.
 *
 * Usage: `deno task validate:qemu` (the dataset the tests hold the `qemu` preset to: the
 * whole grid, 5 repeats, in an autogroup of its own at nice -20 (root), into
 * `runs_quiet.jsonl`; about 27 min on 2 shared cores), or
 * `deno run -A validation/qemu/run.ts [--repeats N] [--out FILE] [--quick | --consistency |
 * --mechanisms]`
 * (`--consistency`: the memory-consistency grid into `consistency.jsonl`, comparing the
 * destination's RAM with the source's after every completed migration; `--mechanisms`: the
 * mechanisms grid, `mechanismsGrid()`, into `mechanisms.jsonl`).
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import {
  buildGuest,
  ensureQemuInstalled,
  type GuestWorkload,
  killLiveProcesses,
  makeTempDir,
  measureRate,
  QEMU_BINARY,
  qemuArgs,
  type QemuMechanisms,
  QemuProcess,
  removeTempDir,
  round,
  run,
  runMigration,
} from "./harness.ts";

const MiB = 2 ** 20;

/** One grid point (what a run line's `point` holds). */
export interface GridPoint {
  id: string;
  technique: "pre-copy" | "post-copy";
  ramMiB: number;
  workload: GuestWorkload;
  maxBandwidthBytesPerSecond: number | null;
  downtimeLimitMs: number;
  waitLimitSeconds: number;
  /** QEMU mechanisms switched on (mechanisms grid only; absent in the plain grid). */
  mechanisms?: QemuMechanisms;
  /** Mechanism label of the point (mechanisms grid only): plain, auto-converge, ... */
  mechanism?: string;
}

/** Bound on the wait for completion: 2.5 passes over RAM at the cap (300 MiB/s if none) + 3 s, >= 10 s. */
export function waitLimitSeconds(ramMiB: number, maxBandwidth: number | null): number {
  const rate = maxBandwidth ?? 300 * MiB;
  return Math.max(10, round(2.5 * ramMiB * MiB / rate + 3, 1));
}

function point(
  technique: GridPoint["technique"],
  ramMiB: number,
  writesPerSecond: number,
  fill: boolean,
  maxBandwidthBytesPerSecond: number | null,
  downtimeLimitMs: number,
): GridPoint {
  const bw = maxBandwidthBytesPerSecond === null ? "unl" : `${maxBandwidthBytesPerSecond / MiB}M`;
  return {
    id: `${technique === "post-copy" ? "post" : "pre"}-${ramMiB}M-r${writesPerSecond}-` +
      `${fill ? "fill" : "fresh"}-bw${bw}-dl${downtimeLimitMs}`,
    technique,
    ramMiB,
    workload: { writesPerSecond, regionStartPage: 512, regionPages: 0, stridePages: 1, fill },
    maxBandwidthBytesPerSecond,
    downtimeLimitMs,
    waitLimitSeconds: waitLimitSeconds(ramMiB, maxBandwidthBytesPerSecond),
  };
}

/**
 * The memory-consistency grid: points where the destination's RAM is compared with the
 * source's after completion (64 and 256 MiB, 2000 and 8000 writes/s, each cap, 300 ms).
 */
export function consistencyGrid(): GridPoint[] {
  const points: GridPoint[] = [];
  for (const ram of [64, 256]) {
    for (const rate of [2000, 8000]) {
      for (const cap of [32 * MiB, 128 * MiB, null]) {
        if (ram === 256 && rate === 8000 && cap === 32 * MiB) continue; // does not converge
        if (ram === 64 && rate === 8000 && cap === 32 * MiB) continue; // does not converge
        points.push(point("pre-copy", ram, rate, true, cap, 300));
      }
    }
  }
  points.push(point("post-copy", 64, 8000, true, 32 * MiB, 300));
  return points;
}

/** Wait bound of every mechanisms-grid point (s): long enough for several throttle steps. */
export const MECHANISMS_WAIT_LIMIT_SECONDS = 20;

/**
 * The mechanisms grid: a 64 MiB filled guest at 32 MiB/s and 300 ms, at dirty rates
 * where plain pre-copy does not converge (8000 writes/s = 31.3 MiB/s of page writes;
 * 32000 = 125 MiB/s), then each QEMU mechanism on its own.
 */
export function mechanismsGrid(): GridPoint[] {
  const ac = (initialPercent: number, incrementPercent: number): QemuMechanisms => ({
    autoConverge: { initialPercent, incrementPercent },
  });
  const cases: [string, number, boolean, QemuMechanisms | null, boolean][] = [
    // mechanism, writes/s, catch up missed ms, mechanisms, post-copy switch
    ["plain", 8000, true, null, false],
    ["plain", 32000, true, null, false],
    ["plain", 8000, false, null, false],
    ["plain", 32000, false, null, false],
    ["auto-converge", 8000, true, ac(20, 10), false],
    ["auto-converge", 32000, true, ac(20, 10), false],
    ["auto-converge", 8000, false, ac(20, 10), false],
    ["auto-converge-50-20", 32000, false, ac(50, 20), false],
    ["xbzrle-16M", 8000, true, { xbzrle: { cacheSizeBytes: 16 * MiB } }, false],
    ["xbzrle-64M", 8000, true, { xbzrle: { cacheSizeBytes: 64 * MiB } }, false],
    ["xbzrle-64M", 32000, true, { xbzrle: { cacheSizeBytes: 64 * MiB } }, false],
    ["multifd-4", 8000, true, { multifd: { channels: 4, compression: "none" } }, false],
    ["multifd-4-zlib", 8000, true, { multifd: { channels: 4, compression: "zlib" } }, false],
    ["multifd-4-zstd", 8000, true, { multifd: { channels: 4, compression: "zstd" } }, false],
    ["postcopy-after-precopy", 32000, true, null, true],
  ];
  return cases.map(([mechanism, rate, catchup, mechanisms, post]) => {
    const base = point(post ? "post-copy" : "pre-copy", 64, rate, true, 32 * MiB, 300);
    return {
      ...base,
      id: `mech-${mechanism}-${base.id}${catchup ? "" : "-nocatchup"}`,
      workload: { ...base.workload, ...(catchup ? {} : { catchup: false }) },
      waitLimitSeconds: MECHANISMS_WAIT_LIMIT_SECONDS,
      mechanism,
      ...(mechanisms ? { mechanisms } : {}),
    };
  });
}

/**
 * Asks a QEMU (started and stopped here) which multifd compressions it accepts: the
 * reply, or QEMU's error text, of `migrate-set-parameters multifd-compression X`.
 */
async function probeMultifdCompression(elf: string): Promise<Record<string, string>> {
  const dir = await makeTempDir("migrate-lab-qemu-");
  let vm: QemuProcess | undefined;
  const out: Record<string, string> = {};
  try {
    const w = {
      writesPerSecond: 0,
      regionStartPage: 512,
      regionPages: 0,
      stridePages: 1,
      fill: false,
    };
    vm = await QemuProcess.start([...qemuArgs(elf, 64, w, 200), "-S"], `${dir}/p.qmp`);
    for (const c of ["none", "zlib", "zstd"]) {
      try {
        await vm.qmp.execute("migrate-set-parameters", { "multifd-compression": c });
        out[c] = "accepted";
      } catch (error) {
        out[c] = `error: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  } finally {
    await vm?.stop();
    await removeTempDir(dir);
  }
  return out;
}

/** The recorded grid. */
export function grid(quick: boolean): GridPoint[] {
  const points: GridPoint[] = [];
  const rams = quick ? [64] : [64, 256];
  const rates = quick ? [0, 8000] : [0, 2000, 8000, 32000];
  const caps = quick ? [128 * MiB] : [32 * MiB, 128 * MiB, null];
  const limits = quick ? [300] : [300, 50];
  for (const ram of rams) {
    for (const rate of rates) {
      for (const cap of caps) {
        for (const dl of limits) points.push(point("pre-copy", ram, rate, true, cap, dl));
      }
    }
  }
  if (!quick) {
    for (const ram of rams) points.push(point("pre-copy", ram, 0, false, 32 * MiB, 300));
    for (const ram of rams) {
      for (const rate of [8000, 32000]) {
        points.push(point("post-copy", ram, rate, true, 32 * MiB, 300));
      }
    }
  }
  return points;
}

/** Facts of the recording machine (CPU, cores, memory, kernel, OS, QEMU, as, Deno). */
export async function machineFacts(): Promise<Record<string, unknown>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const meminfo = await Deno.readTextFile("/proc/meminfo");
  return {
    cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? null,
    cores: (await run("nproc", [])).trim(),
    memTotal: /MemTotal:\s*(.*)/.exec(meminfo)?.[1] ?? null,
    kernel: (await run("uname", ["-srm"])).trim(),
    os: /PRETTY_NAME="(.*)"/.exec(await Deno.readTextFile("/etc/os-release"))?.[1] ?? null,
    qemuVersion: (await run(QEMU_BINARY, ["--version"])).split("\n")[0],
    asVersion: (await run("as", ["--version"])).split("\n")[0],
    deno: Deno.version.deno,
    hostname: Deno.hostname(),
  };
}

function argValue(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

/**
 * The recorder's scheduling priority: its nice value (field 19 of /proc/self/stat) and its
 * autogroup's line (/proc/self/autogroup, Linux's per-session group nice), or null off Linux.
 */
export async function recorderPriority(): Promise<{ nice: number; autogroup: string } | null> {
  try {
    const stat = await Deno.readTextFile("/proc/self/stat");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const autogroup = (await Deno.readTextFile("/proc/self/autogroup")).trim();
    return { nice: Number(fields[16]), autogroup };
  } catch {
    return null;
  }
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const consistency = Deno.args.includes("--consistency");
  const mechanismsMode = Deno.args.includes("--mechanisms");
  const repeats = Number(argValue("--repeats") ?? 3);
  const out = argValue("--out") ??
    new URL(
      `../../data/validation/qemu/${
        consistency ? "consistency" : mechanismsMode ? "mechanisms" : "runs"
      }.jsonl`,
      import.meta.url,
    ).pathname;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats ${repeats}`);

  await ensureQemuInstalled();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      killLiveProcesses();
      Deno.exit(130);
    });
  }
  const started = new Date();
  const t0 = performance.now();
  const loadStart = Deno.loadavg();
  const work = await makeTempDir("migrate-lab-guest-");
  const partial = `${out}.partial`;
  try {
    const elf = await buildGuest(work);
    const facts = await machineFacts();
    console.error(`machine: ${JSON.stringify(facts)} load ${loadStart.join(" ")}`);

    const rateChecks = [];
    const multifdCompression = mechanismsMode ? await probeMultifdCompression(elf) : undefined;
    if (multifdCompression) {
      console.error(`multifd-compression: ${JSON.stringify(multifdCompression)}`);
    }
    for (const rate of consistency ? [] : mechanismsMode ? [8000, 32000] : [2000, 8000, 32000]) {
      const w = {
        writesPerSecond: rate,
        regionStartPage: 512,
        regionPages: 0,
        stridePages: 1,
        fill: true,
      };
      const r = await measureRate(elf, 64, w, 5);
      rateChecks.push({
        ramMiB: 64,
        writesPerSecond: rate,
        seconds: 5,
        tscPerMs: r.tscPerMs,
        writesPerSecondHostClock: round(r.host, 2),
        writesPerSecondGuestClock: round(r.guest, 2),
        relativeErrorHostClock: round((r.host - rate) / rate, 5),
        loadAverage: Deno.loadavg(),
      });
      console.error(
        `rate check ${rate}/s: host ${r.host.toFixed(1)}/s guest ${r.guest.toFixed(1)}/s`,
      );
    }

    const points = consistency
      ? consistencyGrid()
      : mechanismsMode
      ? mechanismsGrid().filter((p) =>
        !p.mechanisms?.multifd ||
        multifdCompression?.[p.mechanisms.multifd.compression] === "accepted"
      )
      : grid(quick);
    await Deno.mkdir(new URL(".", `file://${out}`).pathname, { recursive: true });
    await Deno.writeTextFile(partial, "");
    const lines: string[] = [];
    let index = 0;
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const p of points) {
        index++;
        const loadAverage = Deno.loadavg();
        const at = new Date().toISOString();
        const rec = await runMigration(elf, {
          ramMiB: p.ramMiB,
          workload: p.workload,
          maxBandwidthBytesPerSecond: p.maxBandwidthBytesPerSecond,
          downtimeLimitMs: p.downtimeLimitMs,
          postcopy: p.technique === "post-copy",
          waitLimitSeconds: p.waitLimitSeconds,
          warmupSeconds: 0.6,
          checkMemory: consistency,
          ...(p.mechanisms ? { mechanisms: p.mechanisms } : {}),
        });
        const line = JSON.stringify({
          kind: "run",
          point: p,
          repeat,
          startedAt: at,
          loadAverage,
          converged: rec.outcome === "completed",
          ...rec,
        });
        lines.push(line);
        await Deno.writeTextFile(partial, line + "\n", { append: true });
        const q = rec.queryMigrate as { "total-time"?: number; downtime?: number };
        console.error(
          `[${index}/${points.length * repeats}] ${p.id} #${repeat}: ${rec.outcome} ` +
            `total ${q["total-time"] ?? "-"} ms downtime ${q.downtime ?? "-"} ms ` +
            `(${((performance.now() - t0) / 1000).toFixed(0)} s)${
              rec.error ? " " + rec.error : ""
            }` + (rec.memoryCheck ? ` stale pages: ${rec.memoryCheck.differingPages.length}` : "") +
            (rec.mechanisms
              ? ` throttle max ${rec.mechanisms.maxCpuThrottlePercentage ?? "-"} %`
              : ""),
        );
      }
    }
    const meta = {
      kind: "meta",
      format: "migrate-lab/qemu-validation@1",
      command: `deno run -A validation/qemu/run.ts ${Deno.args.join(" ")}`.trim(),
      task: "deno task validate:qemu",
      startedAt: started.toISOString(),
      recordingSeconds: round((performance.now() - t0) / 1000, 1),
      machine: facts,
      loadAverageStart: loadStart,
      loadAverageEnd: Deno.loadavg(),
      priority: await recorderPriority(),
      pageSizeBytes: 4096,
      repeats,
      quick,
      consistency,
      ...(mechanismsMode ? { mechanisms: true, multifdCompression } : {}),
      guest: {
        source: "validation/qemu/guest.S",
        commandLine: "rate=N start=P pages=N stride=S fill=0|1 report=MS",
        reportMs: 200,
        warmupSeconds: 0.6,
      },
      qemuArgs: "-accel tcg -machine pc -m RAM -nodefaults -no-user-config -display none " +
        "-monitor none -serial stdio -kernel guest.elf -append CMDLINE -qmp unix:SOCK " +
        "(destination: + -incoming defer, then migrate-incoming tcp:127.0.0.1:PORT)",
      unlimitedMaxBandwidthBytesPerSecond: 2 ** 50,
      rateChecks,
      points: points.length,
    };
    await atomicWriteTextFile(out, [JSON.stringify(meta), ...lines].join("\n") + "\n");
    await Deno.remove(partial).catch(() => {});
    console.error(`wrote ${out}: ${lines.length} runs in ${meta.recordingSeconds} s`);
  } finally {
    await removeTempDir(work);
  }
}
