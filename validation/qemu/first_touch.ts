/**
 * The destination first-touch experiment: does the DESTINATION's first write to guest RAM
 * (a page fault and the kernel zeroing a fresh page, 4 KiB or a 2 MiB transparent huge
 * page) set the rate of QEMU's final copy and of the uncapped live stream?
 *
 * A few grid points are migrated with three destinations, alternating run by run:
 *
 * - `default`: as in the grid (`-m RAM`: QEMU's own `pc.ram` backend, anonymous memory
 *   that QEMU madvises for huge pages; the host's THP mode is `madvise`);
 * - `prealloc`: the destination's RAM is a `memory-backend-ram` with `prealloc=on` (QEMU
 *   touches every page at start-up, before `migrate`), so no page is first touched by
 *   the incoming stream;
 * - `memfd`: a `memory-backend-memfd` (shared memory; the host's `shmem_enabled` is
 *   `never`, so 4 KiB pages only), first touched by the stream.
 *
 * For each run it records QEMU's statistics and the destination process's minor faults
 * and `AnonHugePages` before `migrate` and at the end (`/proc/PID/stat`,
 * `/proc/PID/smaps_rollup`), and the KiB of free memory the machine's kernel had reported
 * to its host (free-page reporting; the meta line holds its parameters at the start). The
 * source is the grid's in every variant.
 *
 * Usage (as root, holding the QEMU lock, at high priority):
 * `flock /work/wt/qemu.lock setsid bash -c 'echo -20 > /proc/self/autogroup; exec deno run -A validation/qemu/first_touch.ts [--repeats N] [--variants a,b] [--points id,id] [--out FILE]'`
 * (variants: those of {@link FIRST_TOUCH_VARIANTS} and {@link FIRST_TOUCH_BEFORE_MIGRATE})
 * (default: 5 repeats into `data/validation/qemu/first_touch.jsonl`), and
 * `deno run -A validation/qemu/first_touch.ts --summary [FILE]` prints the per-point,
 * per-variant table of the README from a recording.
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import {
  buildGuest,
  ensureQemuInstalled,
  killLiveProcesses,
  makeTempDir,
  removeTempDir,
  round,
  run,
  runMigration,
} from "./harness.ts";
import { grid, type GridPoint, machineFacts, recorderPriority } from "./run.ts";

/** Destination variants: extra destination QEMU arguments for a guest of `ramMiB`. */
export const FIRST_TOUCH_VARIANTS: Record<string, (ramMiB: number) => string[]> = {
  default: () => [],
  prealloc: (ramMiB) => [
    "-object",
    `memory-backend-ram,id=pc.ram,size=${ramMiB}M,prealloc=on`,
    "-machine",
    "memory-backend=pc.ram",
  ],
  memfd: (ramMiB) => [
    "-object",
    `memory-backend-memfd,id=pc.ram,size=${ramMiB}M`,
    "-machine",
    "memory-backend=pc.ram",
  ],
};

/**
 * Variants that act right before `migrate` instead of on the destination's arguments:
 * `warmed` runs `dd` with one 640 MiB block from `/dev/zero` to `/dev/null` (dd writes
 * every page of its buffer, then exits and frees it), so that the destination's first
 * touches can take memory freed a moment ago, before the machine's kernel has reported it
 * to its host (free-page reporting waits about 2 s).
 */
export const FIRST_TOUCH_BEFORE_MIGRATE: Record<string, string[]> = {
  warmed: ["dd", "if=/dev/zero", "of=/dev/null", "bs=640M", "count=1", "status=none"],
};

/** The grid points of the experiment (ids of `grid()` in run.ts). */
export const FIRST_TOUCH_POINT_IDS = [
  "pre-256M-r0-fill-bw128M-dl300",
  "pre-64M-r0-fill-bw128M-dl300",
  "pre-64M-r2000-fill-bw32M-dl300",
  "pre-256M-r0-fill-bwunl-dl300",
];

function argValue(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

/** Min-max of a list, formatted with `d` decimals. */
function range(xs: number[], d: number): string {
  if (xs.length === 0) return "-";
  const lo = Math.min(...xs).toFixed(d);
  const hi = Math.max(...xs).toFixed(d);
  return lo === hi ? lo : `${lo}-${hi}`;
}

/** Prints the README's table of a first-touch recording. */
async function summarize(path: string): Promise<void> {
  const lines = (await Deno.readTextFile(path)).split("\n").filter((l) => l.trim() !== "");
  const meta = JSON.parse(lines[0]!);
  console.log(
    `${path}: ${lines.length - 1} runs, started ${meta.startedAt}, ${meta.recordingSeconds} s, ` +
      `load ${meta.loadAverageStart[0].toFixed(2)} -> ${meta.loadAverageEnd[0].toFixed(2)}, ` +
      `THP ${JSON.stringify(meta.transparentHugePages)}, page reporting ${
        JSON.stringify(meta.pageReportingAtStart ?? null)
      }\n`,
  );
  console.log(
    "| point | destination | completed | total ms | downtime ms | downtime MB | final copy GB/s | " +
      "live GB/s | destination faults | AnonHugePages MiB | reported to host MiB |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const l of lines.slice(1)) {
    const r = JSON.parse(l);
    const key = `${r.point.id} | ${r.variant}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [key, runs] of groups) {
    // deno-lint-ignore no-explicit-any
    const done = runs.filter((r) => r.outcome === "completed") as any[];
    const q = done.map((r) => r.queryMigrate);
    const total = q.map((x) => x["total-time"]);
    const down = q.map((x) => x.downtime);
    const bytes = q.map((x) => x.ram["downtime-bytes"]);
    // Final copy: downtime-bytes over the downtime less the 1 ms fixed costs.
    const finalRate = q.map((x) => x.ram["downtime-bytes"] / Math.max(x.downtime - 1, 1) / 1e6);
    const live = q.map((x) =>
      (x.ram.transferred - x.ram["downtime-bytes"]) /
      Math.max(x["total-time"] - x["setup-time"] - x.downtime, 1) / 1e6
    );
    const faults = done.map((r) =>
      r.destinationProcess.atEnd.minorFaults - r.destinationProcess.beforeMigrate.minorFaults
    );
    const huge = done.map((r) => r.destinationProcess.atEnd.anonHugePagesKiB / 1024);
    const reported = done
      .filter((r) => r.destinationProcess.atEnd.hostReportedKiB !== undefined)
      .map((r) =>
        (r.destinationProcess.atEnd.hostReportedKiB -
          r.destinationProcess.beforeMigrate.hostReportedKiB) / 1024
      );
    console.log(
      `| ${key} | ${done.length}/${runs.length} | ${range(total, 0)} | ${range(down, 0)} | ${
        range(bytes.map((b) => b / 1e6), 1)
      } | ${range(finalRate, 2)} | ${range(live, 2)} | ${range(faults, 0)} | ${range(huge, 0)} | ${
        range(reported, 0)
      } |`,
    );
  }
}

if (import.meta.main && Deno.args.includes("--summary")) {
  const i = Deno.args.indexOf("--summary");
  await summarize(
    Deno.args[i + 1] ??
      new URL("../../data/validation/qemu/first_touch.jsonl", import.meta.url).pathname,
  );
} else if (import.meta.main) {
  const repeats = Number(argValue("--repeats") ?? 5);
  const known = [...Object.keys(FIRST_TOUCH_VARIANTS), ...Object.keys(FIRST_TOUCH_BEFORE_MIGRATE)];
  const variants = (argValue("--variants") ?? Object.keys(FIRST_TOUCH_VARIANTS).join(",")).split(
    ",",
  );
  for (const v of variants) {
    if (!known.includes(v)) throw new Error(`--variants: unknown variant ${v} (${known})`);
  }
  const pointIds = (argValue("--points") ?? FIRST_TOUCH_POINT_IDS.join(",")).split(",");
  const out = argValue("--out") ??
    new URL("../../data/validation/qemu/first_touch.jsonl", import.meta.url).pathname;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats ${repeats}`);
  await ensureQemuInstalled();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => {
      killLiveProcesses();
      Deno.exit(130);
    });
  }
  const points: GridPoint[] = pointIds.map((id) => {
    const p = grid(false).find((q) => q.id === id);
    if (!p) throw new Error(`no grid point ${id}`);
    return p;
  });
  const started = new Date();
  const t0 = performance.now();
  const loadStart = Deno.loadavg();
  const thp = {
    enabled: (await Deno.readTextFile("/sys/kernel/mm/transparent_hugepage/enabled")).trim(),
    defrag: (await Deno.readTextFile("/sys/kernel/mm/transparent_hugepage/defrag")).trim(),
    shmemEnabled: (await Deno.readTextFile("/sys/kernel/mm/transparent_hugepage/shmem_enabled"))
      .trim(),
  };
  const pageReporting: Record<string, string> = {};
  try {
    for (const e of Deno.readDirSync("/sys/module/page_reporting/parameters")) {
      pageReporting[e.name] = Deno.readTextFileSync(
        `/sys/module/page_reporting/parameters/${e.name}`,
      ).trim();
    }
  } catch { /* no free-page reporting on this kernel */ }
  const work = await makeTempDir("migrate-lab-guest-");
  const partial = `${out}.partial`;
  try {
    const elf = await buildGuest(work);
    const facts = await machineFacts();
    await Deno.writeTextFile(partial, "");
    const lines: string[] = [];
    let index = 0;
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const p of points) {
        for (const variant of variants) {
          index++;
          const loadAverage = Deno.loadavg();
          const at = new Date().toISOString();
          const rec = await runMigration(elf, {
            ramMiB: p.ramMiB,
            workload: p.workload,
            maxBandwidthBytesPerSecond: p.maxBandwidthBytesPerSecond,
            downtimeLimitMs: p.downtimeLimitMs,
            postcopy: false,
            waitLimitSeconds: p.waitLimitSeconds,
            warmupSeconds: 0.6,
            destinationArgs: FIRST_TOUCH_VARIANTS[variant]?.(p.ramMiB) ?? [],
            destinationProcessStats: true,
            ...(FIRST_TOUCH_BEFORE_MIGRATE[variant]
              ? {
                beforeMigrate: async () => {
                  const [cmd, ...args] = FIRST_TOUCH_BEFORE_MIGRATE[variant]!;
                  await run(cmd!, args);
                },
              }
              : {}),
          });
          const line = JSON.stringify({
            kind: "run",
            point: p,
            variant,
            destinationArgs: FIRST_TOUCH_VARIANTS[variant]?.(p.ramMiB) ?? [],
            ...(FIRST_TOUCH_BEFORE_MIGRATE[variant]
              ? { beforeMigrate: FIRST_TOUCH_BEFORE_MIGRATE[variant]!.join(" ") }
              : {}),
            repeat,
            startedAt: at,
            loadAverage,
            converged: rec.outcome === "completed",
            ...rec,
          });
          lines.push(line);
          await Deno.writeTextFile(partial, line + "\n", { append: true });
          const q = rec.queryMigrate as {
            "total-time"?: number;
            downtime?: number;
            ram?: Record<string, number>;
          };
          const d = rec.destinationProcess;
          console.error(
            `[${index}/${points.length * repeats * variants.length}] ${p.id} ${variant} ` +
              `#${repeat}: ${rec.outcome} total ${q["total-time"] ?? "-"} ms downtime ${
                q.downtime ?? "-"
              } ms dtbytes ${q.ram?.["downtime-bytes"] ?? "-"} dst faults ${
                d ? d.atEnd.minorFaults - d.beforeMigrate.minorFaults : "-"
              } thp ${d ? d.atEnd.anonHugePagesKiB : "-"} KiB${rec.error ? " " + rec.error : ""}`,
          );
        }
      }
    }
    const meta = {
      kind: "meta",
      format: "migrate-lab/qemu-first-touch@1",
      command: `deno run -A validation/qemu/first_touch.ts ${Deno.args.join(" ")}`.trim(),
      startedAt: started.toISOString(),
      recordingSeconds: round((performance.now() - t0) / 1000, 1),
      machine: facts,
      transparentHugePages: thp,
      pageReportingAtStart: pageReporting,
      loadAverageStart: loadStart,
      loadAverageEnd: Deno.loadavg(),
      priority: await recorderPriority(),
      repeats,
      variants,
      pointIds,
    };
    await atomicWriteTextFile(out, [JSON.stringify(meta), ...lines].join("\n") + "\n");
    await Deno.remove(partial).catch(() => {});
    console.error(`wrote ${out}: ${lines.length} runs in ${meta.recordingSeconds} s`);
  } finally {
    await removeTempDir(work);
  }
}
