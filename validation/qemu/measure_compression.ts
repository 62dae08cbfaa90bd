/**
 * Measures Debian's zlib and libzstd (the libraries QEMU 7.2's multifd links) the way
 * QEMU 7.2's multifd channels call them, on pages like the validation guest's: builds
 * `compress_rate.c` (this folder) with `gcc -O2 -pthread ... -lz -lzstd`, runs it per
 * algorithm and page contents (one channel: the per-core rate), and writes
 * `data/validation/qemu/compression_rates.json` with the command, the machine, the load
 * average and every run, plus the medians per algorithm and contents:
 * `compressBytesPerSecondPerCore` (page bytes in / CPU seconds of the compressing
 * thread), `decompressBytesPerSecondPerCore` (the receiving side's per-page inflate or
 * ZSTD_decompressStream) and `ratio` (stream bytes out / page bytes in). Then the
 * final copy's burst: 4 channels (4 threads, as the mechanisms grid's
 * `multifd-channels`) share 20 packets (2,560 pages, about what the engine's final copy
 * holds at the multifd points), compressing and decompressing, repeated
 * `--bursts` times (default 61): `burstEffectiveCores` is the median of (CPU seconds of
 * all threads) / (wall seconds of the burst), the cores such a short burst actually
 * gets on this machine (a run of 1,000 packets gets more: the scheduler spreads long
 * runs better than 10 ms bursts).
 *
 * Installs `zlib1g-dev` and `libzstd-dev` if their headers are missing (as root:
 * `apt-get -o DPkg::Lock::Timeout=900 install -y ...`).
 *
 * Usage (from the repository root; what made the committed file):
 * `setsid bash -c 'echo -20 > /proc/self/autogroup; exec deno run -A validation/qemu/measure_compression.ts'`
 * [`--out FILE`] [`--repeats N`] (default 5, on the guest's pages) [`--bursts N`].
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import { median } from "../../lib/datacenter/_stats.ts";
import { makeTempDir, removeTempDir, run } from "./harness.ts";

const here = (p: string) => new URL(p, import.meta.url).pathname;
const argValue = (name: string) => {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
};
const out = argValue("--out") ?? here("../../data/validation/qemu/compression_rates.json");
const repeats = Number(argValue("--repeats") ?? 5);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats ${repeats}`);
const bursts = Number(argValue("--bursts") ?? 61);
if (!Number.isInteger(bursts) || bursts < 1) throw new Error(`--bursts ${bursts}`);

interface RateRun {
  algorithm: "zlib" | "zstd";
  library: string;
  contents: "guest" | "zero" | "random";
  level: number;
  pagesPerPacket: number;
  packets: number;
  channels: number;
  bytesIn: number;
  bytesOut: number;
  compressCpuSeconds: number;
  decompressCpuSeconds: number;
  wallSeconds: number;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
if (!(await exists("/usr/include/zlib.h")) || !(await exists("/usr/include/zstd.h"))) {
  await run("apt-get", [
    "-o",
    "DPkg::Lock::Timeout=900",
    "install",
    "-y",
    "zlib1g-dev",
    "libzstd-dev",
  ]);
}

const dir = await makeTempDir("compress-rate-");
try {
  const binary = `${dir}/compress_rate`;
  const source = here("./compress_rate.c");
  const build = ["-O2", "-Wall", "-pthread", "-o", binary, source, "-lz", "-lzstd"];
  await run("gcc", build);
  const started = new Date();
  const loadAverageStart = Deno.loadavg();
  // 1000 packets of 128 pages = 500 MiB per guest run; random pages are slower, so fewer.
  const plan: [RateRun["algorithm"], RateRun["contents"], number, number][] = [];
  for (let i = 0; i < repeats; i++) {
    for (const a of ["zlib", "zstd"] as const) plan.push([a, "guest", 1000, i]);
  }
  for (const a of ["zlib", "zstd"] as const) {
    plan.push([a, "zero", 1000, 0], [a, "random", a === "zlib" ? 100 : 1000, 0]);
  }
  const runs: (RateRun & { loadAverage: number[] })[] = [];
  for (const [algorithm, contents, packets] of plan) {
    const loadAverage = Deno.loadavg();
    const line = await run(binary, [algorithm, contents, "1", String(packets), "128", "1"]);
    runs.push({ ...JSON.parse(line) as RateRun, loadAverage });
  }
  // The final copy's burst: 4 channels, 20 packets, alternating the algorithms.
  const burstRuns: (RateRun & { loadAverage: number[] })[] = [];
  for (let i = 0; i < bursts; i++) {
    for (const a of ["zlib", "zstd"] as const) {
      const loadAverage = Deno.loadavg();
      const line = await run(binary, [a, "guest", "1", "20", "128", "4"]);
      burstRuns.push({ ...JSON.parse(line) as RateRun, loadAverage });
    }
  }
  const summary: Record<string, Record<string, unknown>> = {};
  for (const a of ["zlib", "zstd"] as const) {
    for (const c of ["guest", "zero", "random"] as const) {
      const rs = runs.filter((r) => r.algorithm === a && r.contents === c);
      summary[`${a}/${c}`] = {
        runs: rs.length,
        library: rs[0]!.library,
        ratio: median(rs.map((r) => r.bytesOut / r.bytesIn)),
        compressBytesPerSecondPerCore: Math.round(
          median(rs.map((r) => r.bytesIn / r.compressCpuSeconds)),
        ),
        decompressBytesPerSecondPerCore: Math.round(
          median(rs.map((r) => r.bytesIn / r.decompressCpuSeconds)),
        ),
      };
      if (c === "guest") {
        const bs = burstRuns.filter((r) => r.algorithm === a);
        const cores = bs.map((r) =>
          (r.compressCpuSeconds + r.decompressCpuSeconds) / r.wallSeconds
        );
        summary[`${a}/${c}`]!.burst = {
          runs: bs.length,
          channels: 4,
          packets: 20,
          burstEffectiveCores: Math.round(median(cores) * 1000) / 1000,
          minEffectiveCores: Math.round(Math.min(...cores) * 1000) / 1000,
          maxEffectiveCores: Math.round(Math.max(...cores) * 1000) / 1000,
          medianWallSeconds: median(bs.map((r) => r.wallSeconds)),
        };
      }
    }
  }
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const record = {
    format: "migrate-lab/compression-rates@1",
    command:
      `setsid bash -c 'echo -20 > /proc/self/autogroup; exec deno run -A validation/qemu/measure_compression.ts${
        Deno.args.length ? " " + Deno.args.join(" ") : ""
      }'`,
    build: `gcc ${
      build.join(" ").replace(dir, "$TMP").replace(source, "validation/qemu/compress_rate.c")
    }`,
    startedAt: started.toISOString(),
    machine: {
      cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? null,
      cores: (await run("nproc", [])).trim(),
      kernel: (await run("uname", ["-srm"])).trim(),
      zlibPackage: (await run("dpkg-query", ["-W", "-f", "${Version}", "zlib1g"])).trim(),
      zstdPackage: (await run("dpkg-query", ["-W", "-f", "${Version}", "libzstd1"])).trim(),
      autogroup: (await Deno.readTextFile("/proc/self/autogroup").catch(() => "")).trim(),
    },
    loadAverageStart,
    loadAverageEnd: Deno.loadavg(),
    pattern:
      "QEMU 7.2 multifd: per channel one stream at level 1; per packet of 128 pages, each page " +
      "fed alone (zlib: copied to a page buffer first; Z_NO_FLUSH, the last Z_SYNC_FLUSH; " +
      "zstd: ZSTD_e_continue, the last ZSTD_e_flush); the receiver inflates page by page",
    summary,
    runs,
    burstRuns,
  };
  await atomicWriteTextFile(out, JSON.stringify(record, null, 2) + "\n");
  for (const [k, v] of Object.entries(summary)) {
    console.log(
      `${k}: ratio ${(v.ratio as number).toFixed(5)}, compress ${
        ((v.compressBytesPerSecondPerCore as number) / 1e6).toFixed(0)
      } MB/s per core, decompress ${
        ((v.decompressBytesPerSecondPerCore as number) / 1e6).toFixed(0)
      } MB/s per core (${v.runs} runs)${
        v.burst ? `; burst of 20 packets on 4 channels: ${JSON.stringify(v.burst)}` : ""
      }`,
    );
  }
} finally {
  await removeTempDir(dir);
}
