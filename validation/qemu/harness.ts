/**
 * The real-QEMU harness: builds the validation guest (guest.S) with GNU as/ld, starts
 * QEMU processes (TCG) with QMP on unix sockets, and runs one live migration between two
 * of them on 127.0.0.1, recording `query-migrate`. Every wait is bounded; only the QEMU
 * processes started here are stopped, by their PID; temporary files are removed.
 *
 * @module
 */
import { QmpClient, sleep } from "./qmp.ts";

/** The QEMU binary this harness runs. */
export const QEMU_BINARY = "qemu-system-x86_64";

/** "Unlimited" max-bandwidth: 2^50 bytes/s (QEMU's default cap is 32 MiB/s, so it must be set). */
export const UNLIMITED_BANDWIDTH_BYTES_PER_SECOND = 2 ** 50;

/** Runs a command and returns its stdout (throws with stderr on failure). */
export async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** True when `name` is an executable on PATH. */
export async function onPath(name: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("sh", {
      args: ["-c", `command -v ${name}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** Installs qemu-system-x86 and binutils from Debian unless QEMU and `as`/`ld` are present. */
export async function ensureQemuInstalled(): Promise<void> {
  if (await onPath(QEMU_BINARY) && await onPath("as") && await onPath("ld")) return;
  const out = await new Deno.Command("apt-get", {
    args: ["-o", "DPkg::Lock::Timeout=900", "install", "-y", "qemu-system-x86", "binutils"],
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error("apt-get install qemu-system-x86 binutils failed");
}

/** Assembles and links guest.S into `dir/guest.elf`; returns its path. */
export async function buildGuest(dir: string): Promise<string> {
  const source = new URL("./guest.S", import.meta.url).pathname;
  const object = `${dir}/guest.o`;
  const elf = `${dir}/guest.elf`;
  await run("as", ["--32", "-o", object, source]);
  await run("ld", [
    "-m",
    "elf_i386",
    "-Ttext",
    "0x100000",
    "-z",
    "max-page-size=0x1000",
    "-o",
    elf,
    object,
  ]);
  return elf;
}

/** The guest's workload, as passed on its kernel command line. */
export interface GuestWorkload {
  /** Page writes per second (0 = idle). */
  writesPerSecond: number;
  /** First written page (default 512 = 2 MiB). */
  regionStartPage: number;
  /** Pages in the written region (0 = up to the end of RAM). */
  regionPages: number;
  /** Pages between successive writes (walk: idx = (idx + stride) mod regionPages). */
  stridePages: number;
  /** Whether every region page is written once at boot. */
  fill: boolean;
  /**
   * `false`: missed milliseconds are not caught up (`catchup=0`), so the writes follow
   * the CPU time the guest gets (absent: caught up, as in the plain grid).
   */
  catchup?: boolean;
}

/** The kernel command line for a workload (`report` = ms between progress lines). */
export function guestCommandLine(w: GuestWorkload, reportMs: number): string {
  return `rate=${w.writesPerSecond} start=${w.regionStartPage} pages=${w.regionPages} ` +
    `stride=${w.stridePages} fill=${w.fill ? 1 : 0} report=${reportMs}` +
    (w.catchup === false ? " catchup=0" : "");
}

/** One line of the guest's serial output with its host receive time. */
export interface SerialLine {
  /** Host time (ms, performance.now) when the line arrived. */
  atMs: number;
  /** The line. */
  text: string;
}

/** QEMU processes started by this harness and not yet stopped. */
export const LIVE_PROCESSES: Set<QemuProcess> = new Set();

/** Temporary folders made by this harness and not yet removed. */
export const TEMP_DIRS: Set<string> = new Set();

/** Makes a temporary folder that {@link killLiveProcesses} removes if still there. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  TEMP_DIRS.add(dir);
  return dir;
}

/** Removes a folder made by {@link makeTempDir}. */
export async function removeTempDir(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  TEMP_DIRS.delete(dir);
}

/**
 * For a signal handler: kills (SIGKILL, by PID) every QEMU process this harness started
 * that is still live, and removes its temporary folders.
 */
export function killLiveProcesses(): void {
  for (const vm of LIVE_PROCESSES) {
    try {
      Deno.kill(vm.pid, "SIGKILL");
    } catch { /* already gone */ }
  }
  LIVE_PROCESSES.clear();
  for (const dir of TEMP_DIRS) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* already gone */ }
  }
  TEMP_DIRS.clear();
}

/** A QEMU process started by this harness. */
export class QemuProcess {
  /** Serial lines so far. */
  readonly serial: SerialLine[] = [];
  /** The QMP client (after {@link QemuProcess.start}). */
  qmp!: QmpClient;
  #child: Deno.ChildProcess;
  #stderr = "";
  #done: Promise<Deno.CommandStatus>;
  #exited = false;
  #pumps: Promise<void>[];

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#done = child.status.then((s) => {
      this.#exited = true;
      return s;
    });
    this.#pumps = [this.#pumpSerial(), this.#pumpStderr()];
  }

  /** The QEMU process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** What QEMU wrote on stderr. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Starts QEMU with the given arguments plus QMP on `qmpPath`, and connects. */
  static async start(args: string[], qmpPath: string): Promise<QemuProcess> {
    const child = new Deno.Command(QEMU_BINARY, {
      args: [...args, "-qmp", `unix:${qmpPath},server=on,wait=off`],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const vm = new QemuProcess(child);
    LIVE_PROCESSES.add(vm);
    try {
      vm.qmp = await QmpClient.connect(qmpPath, 15000);
    } catch (error) {
      await vm.stop();
      throw new Error(`QEMU did not come up: ${String(error)}; stderr: ${vm.stderr}`);
    }
    return vm;
  }

  /** Waits (at most `timeoutMs`) for a serial line matching `pattern` after index `from`. */
  async waitSerial(pattern: RegExp, timeoutMs: number, from = 0): Promise<SerialLine> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const line = this.serial.slice(from).find((l) => pattern.test(l.text));
      if (line) return line;
      if (this.#exited) throw new Error(`QEMU exited before serial ${pattern}: ${this.#stderr}`);
      if (performance.now() > deadline) {
        throw new Error(`no serial line ${pattern} within ${timeoutMs} ms`);
      }
      await sleep(20);
    }
  }

  /** Stops this QEMU: `quit` over QMP, then SIGKILL to its PID after 5 s. */
  async stop(): Promise<void> {
    if (!this.#exited && this.qmp) {
      await this.qmp.execute("quit", undefined, 3000).catch(() => {});
    }
    const exited = await Promise.race([this.#done.then(() => true), sleep(5000).then(() => false)]);
    if (!exited && !this.#exited) {
      try {
        Deno.kill(this.#child.pid, "SIGKILL");
      } catch { /* gone */ }
      await this.#done;
    }
    LIVE_PROCESSES.delete(this);
    await this.qmp?.close();
    await Promise.all(this.#pumps).catch(() => {});
  }

  async #pumpSerial(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of this.#child.stdout) {
      const atMs = performance.now();
      buffer += decoder.decode(chunk, { stream: true });
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        this.serial.push({ atMs, text: buffer.slice(0, newline).replace(/\r$/, "") });
        buffer = buffer.slice(newline + 1);
      }
    }
  }

  async #pumpStderr(): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of this.#child.stderr) this.#stderr += decoder.decode(chunk);
  }
}

/** QEMU arguments for a guest of `ramMiB` running `workload`. */
export function qemuArgs(
  guestElf: string,
  ramMiB: number,
  workload: GuestWorkload,
  reportMs: number,
): string[] {
  return [
    "-accel",
    "tcg",
    "-machine",
    "pc",
    "-m",
    String(ramMiB),
    "-nodefaults",
    "-no-user-config",
    "-display",
    "none",
    "-monitor",
    "none",
    "-serial",
    "stdio",
    "-kernel",
    guestElf,
    "-append",
    guestCommandLine(workload, reportMs),
  ];
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Parsed progress line "T<ms> W<writes>" (hex). */
export interface Progress {
  /** Host receive time (ms). */
  atMs: number;
  /** Guest time (ms, TSC-based). */
  guestMs: number;
  /** Page writes so far. */
  writes: number;
}

/** Progress lines of a serial log. */
export function progress(lines: readonly SerialLine[]): Progress[] {
  const out: Progress[] = [];
  for (const line of lines) {
    const m = /^T([0-9a-f]{8}) W([0-9a-f]{8})$/.exec(line.text);
    if (m) out.push({ atMs: line.atMs, guestMs: parseInt(m[1]!, 16), writes: parseInt(m[2]!, 16) });
  }
  return out;
}

/**
 * Write rates over progress lines `p`: by host clock, the least-squares slope of writes
 * against the lines' host arrival times (robust to one late line); by guest clock, the
 * writes between the first and last line over their guest-time difference.
 */
export function rates(p: readonly Progress[]): { host: number; guest: number } | null {
  if (p.length < 2) return null;
  const n = p.length;
  const mt = p.reduce((s, x) => s + x.atMs, 0) / n;
  const mw = p.reduce((s, x) => s + x.writes, 0) / n;
  let sxy = 0, sxx = 0;
  for (const x of p) {
    sxy += (x.atMs - mt) * (x.writes - mw);
    sxx += (x.atMs - mt) ** 2;
  }
  const a = p[0]!, b = p[n - 1]!;
  return {
    host: sxx > 0 ? (sxy / sxx) * 1000 : NaN,
    guest: (b.writes - a.writes) / ((b.guestMs - a.guestMs) / 1000),
  };
}

/** One migration to run. */
export interface MigrationConfig {
  /** Guest RAM in MiB. */
  ramMiB: number;
  /** The guest's workload. */
  workload: GuestWorkload;
  /** `max-bandwidth` in bytes/s, or null for unlimited. */
  maxBandwidthBytesPerSecond: number | null;
  /** `downtime-limit` in ms. */
  downtimeLimitMs: number;
  /** Whether to enable `postcopy-ram` and switch to post-copy after the first pass. */
  postcopy: boolean;
  /** Wait bound for completion in seconds; then the migration is cancelled. */
  waitLimitSeconds: number;
  /**
   * Compare the guest's RAM at the source and the destination after completion: the
   * destination starts paused (`-S`), both dump RAM with `pmemsave`, pages are compared,
   * then the destination is resumed (`cont`).
   */
  checkMemory?: boolean;
  /** Seconds of guest progress to observe before migrating (rate > 0 only). */
  warmupSeconds: number;
  /**
   * QEMU mechanisms to switch on (absent: none, and the QMP exchange is exactly the
   * plain grid's). Names are QEMU 7.2's (`qapi/migration.json` in qemu/qemu).
   */
  mechanisms?: QemuMechanisms;
  /**
   * Extra QEMU arguments for the destination only (absent: none, as in the grids), e.g. a
   * `memory-backend-ram` with `prealloc=on` for the guest RAM (`validation/qemu/first_touch.ts`).
   */
  destinationArgs?: string[];
  /**
   * Extra QEMU arguments for the source only (absent: none, as in the grids), e.g.
   * QEMU's trace events (`validation/qemu/trace_final_copy.ts`).
   */
  sourceArgs?: string[];
  /**
   * Record the destination process's page faults and huge pages
   * (`MigrationRecord.destinationProcess`; absent: not recorded, as in the grids).
   */
  destinationProcessStats?: boolean;
  /**
   * Run right before `migrate` is sent (absent: nothing, as in the grids), e.g. a process
   * that touches and frees memory (`validation/qemu/first_touch.ts`, variant `warmed`).
   */
  beforeMigrate?: () => Promise<void>;
  /**
   * Called right after `migrate` is sent (absent: nothing, as in the grids) with both
   * process ids, e.g. to sample their threads' CPU time while they run
   * (`validation/qemu/trace_final_copy.ts`).
   */
  onMigrate?: (pids: { source: number; destination: number }) => void;
}

/** The destination process's memory facts, from `/proc/PID/stat` and `/proc/PID/smaps_rollup`. */
export interface ProcessMemoryStats {
  /** Minor page faults (`/proc/PID/stat` field 10) so far. */
  minorFaults: number;
  /** Major page faults (field 12) so far. */
  majorFaults: number;
  /** Resident KiB (`Rss` of `smaps_rollup`). */
  rssKiB: number;
  /** Anonymous memory in transparent huge pages, KiB (`AnonHugePages`). */
  anonHugePagesKiB: number;
  /**
   * KiB of free memory this (virtual) machine's kernel has reported to its host so far
   * (`/sys/module/page_reporting/parameters/reported_kib`: free-page reporting, after
   * which the host drops the backing and the next touch faults at the host), or null
   * where the kernel has no such counter. Machine-wide, not the process's.
   */
  hostReportedKiB: number | null;
}

/** Reads {@link ProcessMemoryStats} of a process by PID (Linux). */
export async function processMemoryStats(pid: number): Promise<ProcessMemoryStats> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  // Fields after the command name (which is in parentheses and may hold spaces).
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const rollup = await Deno.readTextFile(`/proc/${pid}/smaps_rollup`);
  const kib = (key: string) => {
    const m = rollup.match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) : 0;
  };
  const reported = await Deno.readTextFile("/sys/module/page_reporting/parameters/reported_kib")
    .then((t) => Number(t.trim()), () => null);
  return {
    hostReportedKiB: reported,
    minorFaults: Number(rest[7]),
    majorFaults: Number(rest[9]),
    rssKiB: kib("Rss"),
    anonHugePagesKiB: kib("AnonHugePages"),
  };
}

/**
 * QEMU 7.2 migration capabilities and parameters the harness can set (capability and
 * parameter names as in qemu/qemu `qapi/migration.json`).
 */
export interface QemuMechanisms {
  /** Capability `auto-converge`, parameters `cpu-throttle-initial` / `cpu-throttle-increment` (%). */
  autoConverge?: { initialPercent: number; incrementPercent: number };
  /** Capability `xbzrle`, parameter `xbzrle-cache-size` (bytes). */
  xbzrle?: { cacheSizeBytes: number };
  /**
   * Capability `multifd` on both sides, parameters `multifd-channels` and
   * `multifd-compression` (`none`, `zlib`, `zstd`; `zstd` only if QEMU was built with it).
   */
  multifd?: { channels: number; compression: "none" | "zlib" | "zstd" };
}

/** QMP capability list for a migration (the plain grid's is `postcopy-ram` alone). */
export function migrationCapabilities(
  postcopy: boolean,
  m: QemuMechanisms | undefined,
  side: "source" | "destination",
): { capability: string; state: boolean }[] {
  const caps = [{ capability: "postcopy-ram", state: postcopy }];
  if (!m) return caps;
  if (side === "source") {
    caps.push({ capability: "auto-converge", state: m.autoConverge !== undefined });
    caps.push({ capability: "xbzrle", state: m.xbzrle !== undefined });
  }
  caps.push({ capability: "multifd", state: m.multifd !== undefined });
  return caps;
}

/** QMP `migrate-set-parameters` arguments for the mechanisms (beyond bandwidth and downtime). */
export function mechanismParameters(
  m: QemuMechanisms | undefined,
  side: "source" | "destination",
): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (!m) return p;
  if (side === "source" && m.autoConverge) {
    p["cpu-throttle-initial"] = m.autoConverge.initialPercent;
    p["cpu-throttle-increment"] = m.autoConverge.incrementPercent;
  }
  if (side === "source" && m.xbzrle) p["xbzrle-cache-size"] = m.xbzrle.cacheSizeBytes;
  if (m.multifd) {
    p["multifd-channels"] = m.multifd.channels;
    p["multifd-compression"] = m.multifd.compression;
  }
  return p;
}

/** A mechanism sample of `query-migrate` (only recorded when mechanisms are set). */
export type MechanismSample = [
  tSeconds: number,
  cpuThrottlePercentage: number | null,
  xbzrleBytes: number | null,
  xbzrlePages: number | null,
  xbzrleCacheMiss: number | null,
  xbzrleOverflow: number | null,
  multifdBytes: number | null,
];

/** A sample of `query-migrate` during the migration. */
export type MigrationSample = [
  tSeconds: number,
  transferredBytes: number,
  remainingBytes: number,
  dirtySyncCount: number,
  dirtyPagesRate: number,
];

/** What one migration recorded. */
export interface MigrationRecord {
  /** How it ended: completed, cancelled after the wait bound, or failed. */
  outcome: "completed" | "timeout-cancelled" | "failed";
  /** Host wall seconds from the `migrate` command to the final status. */
  wallSeconds: number;
  /** Final `query-migrate` reply (completed, or the last one before cancelling). */
  queryMigrate: Record<string, unknown>;
  /** Status after cancelling (timeout only). */
  cancelStatus: string | null;
  /** Host seconds (from `migrate`) at which `migrate-start-postcopy` was sent, if it was. */
  postcopyStartSeconds: number | null;
  /** `query-migrate` samples, every ~100 ms. */
  samples: MigrationSample[];
  /** Guest facts: TSC calibration and write rates measured on its serial output. */
  guest: {
    tscPerMs: number | null;
    writesPerSecondHostClock: number | null;
    writesPerSecondGuestClock: number | null;
    destinationRunning: boolean;
    destinationContinued: boolean | null;
    lastSourceWrites: number | null;
    firstDestinationWrites: number | null;
  };
  /**
   * With `checkMemory`: pages compared and the page numbers whose destination copy
   * differs from the source's final copy (the source is stopped after completion).
   */
  memoryCheck?: { pagesCompared: number; differingPages: number[] };
  /** Error text (failed only). */
  error: string | null;
  /**
   * With `destinationProcessStats`: the destination QEMU's faults and huge pages right
   * before `migrate` and at the final status.
   */
  destinationProcess?: { beforeMigrate: ProcessMemoryStats; atEnd: ProcessMemoryStats };
  /**
   * With `mechanisms`: the settings QEMU reported back (`query-migrate-capabilities`,
   * `query-migrate-parameters` on the source, and the destination's capabilities), the
   * highest `cpu-throttle-percentage` seen, and per-sample mechanism statistics.
   */
  mechanisms?: {
    sourceCapabilities: Record<string, boolean>;
    destinationCapabilities: Record<string, boolean>;
    sourceParameters: Record<string, unknown>;
    maxCpuThrottlePercentage: number | null;
    samples: MechanismSample[];
  };
}

const REPORT_MS = 200;

/** Runs one live migration between two fresh QEMU processes and records it. */
export async function runMigration(
  guestElf: string,
  config: MigrationConfig,
): Promise<MigrationRecord> {
  const dir = await makeTempDir("migrate-lab-qemu-");
  const port = freePort();
  const uri = `tcp:127.0.0.1:${port}`;
  const args = qemuArgs(guestElf, config.ramMiB, config.workload, REPORT_MS);
  let source: QemuProcess | undefined;
  let destination: QemuProcess | undefined;
  const record: MigrationRecord = {
    outcome: "failed",
    wallSeconds: 0,
    queryMigrate: {},
    cancelStatus: null,
    postcopyStartSeconds: null,
    samples: [],
    guest: {
      tscPerMs: null,
      writesPerSecondHostClock: null,
      writesPerSecondGuestClock: null,
      destinationRunning: false,
      destinationContinued: null,
      lastSourceWrites: null,
      firstDestinationWrites: null,
    },
    error: null,
  };
  try {
    destination = await QemuProcess.start(
      [
        ...args,
        ...(config.destinationArgs ?? []),
        ...(config.checkMemory ? ["-S"] : []),
        "-incoming",
        "defer",
      ],
      `${dir}/dst.qmp`,
    );
    source = await QemuProcess.start([...args, ...(config.sourceArgs ?? [])], `${dir}/src.qmp`);
    const m = config.mechanisms;
    const caps = migrationCapabilities(config.postcopy, m, "source");
    await destination.qmp.execute("migrate-set-capabilities", {
      capabilities: migrationCapabilities(config.postcopy, m, "destination"),
    });
    if (m?.multifd) {
      await destination.qmp.execute(
        "migrate-set-parameters",
        mechanismParameters(m, "destination"),
      );
    }
    await destination.qmp.execute("migrate-incoming", { uri });

    const idle = config.workload.writesPerSecond === 0;
    await source.waitSerial(idle ? /^IDLE$/ : /^READY$/, 30000);
    const tsc = source.serial.find((l) => l.text.startsWith("TSC/ms="));
    if (tsc) record.guest.tscPerMs = parseInt(tsc.text.slice(7), 16);
    const warmupLines = Math.max(2, Math.round(config.warmupSeconds * 1000 / REPORT_MS) + 1);
    if (!idle) {
      const deadline = performance.now() + 30000;
      while (progress(source.serial).length < warmupLines) {
        if (performance.now() > deadline) throw new Error("guest made no progress");
        await sleep(20);
      }
      const r = rates(progress(source.serial));
      record.guest.writesPerSecondHostClock = r?.host ?? null;
      record.guest.writesPerSecondGuestClock = r?.guest ?? null;
    } else {
      await sleep(config.warmupSeconds * 1000);
    }

    await source.qmp.execute("migrate-set-capabilities", { capabilities: caps });
    await source.qmp.execute("migrate-set-parameters", {
      "max-bandwidth": config.maxBandwidthBytesPerSecond ?? UNLIMITED_BANDWIDTH_BYTES_PER_SECOND,
      "downtime-limit": config.downtimeLimitMs,
      ...mechanismParameters(m, "source"),
    });
    if (m) {
      record.mechanisms = {
        sourceCapabilities: capabilityMap(await source.qmp.execute("query-migrate-capabilities")),
        destinationCapabilities: capabilityMap(
          await destination.qmp.execute("query-migrate-capabilities"),
        ),
        sourceParameters: await source.qmp.execute("query-migrate-parameters") as Record<
          string,
          unknown
        >,
        maxCpuThrottlePercentage: null,
        samples: [],
      };
    }
    if (config.beforeMigrate) await config.beforeMigrate();
    const before = config.destinationProcessStats
      ? await processMemoryStats(destination.pid)
      : null;
    const t0 = performance.now();
    await source.qmp.execute("migrate", { uri });
    config.onMigrate?.({ source: source.pid, destination: destination.pid });
    let last: Record<string, unknown> = {};
    let status = "";
    for (;;) {
      last = await source.qmp.execute("query-migrate") as Record<string, unknown>;
      const t = (performance.now() - t0) / 1000;
      status = String(last.status ?? "");
      const ram = (last.ram ?? {}) as Record<string, number>;
      record.samples.push([
        round(t, 3),
        ram.transferred ?? 0,
        ram.remaining ?? 0,
        ram["dirty-sync-count"] ?? 0,
        ram["dirty-pages-rate"] ?? 0,
      ]);
      if (record.mechanisms) recordMechanismSample(record.mechanisms, round(t, 3), last);
      if (status === "completed" || status === "failed" || status === "cancelled") break;
      if (
        config.postcopy && record.postcopyStartSeconds === null && status === "active" &&
        (ram["dirty-sync-count"] ?? 0) >= 2
      ) {
        await source.qmp.execute("migrate-start-postcopy");
        record.postcopyStartSeconds = round(t, 3);
      }
      if (t > config.waitLimitSeconds) {
        await source.qmp.execute("migrate_cancel");
        const deadline = performance.now() + 15000;
        let cancel = "";
        while (performance.now() < deadline) {
          const q = await source.qmp.execute("query-migrate") as Record<string, unknown>;
          cancel = String(q.status ?? "");
          if (cancel === "cancelled" || cancel === "failed" || cancel === "completed") break;
          await sleep(100);
        }
        record.cancelStatus = cancel;
        break;
      }
      await sleep(100);
    }
    record.wallSeconds = round((performance.now() - t0) / 1000, 3);
    record.queryMigrate = last;
    if (before) {
      record.destinationProcess = {
        beforeMigrate: before,
        atEnd: await processMemoryStats(destination.pid),
      };
    }
    if (status === "completed" && config.checkMemory) {
      record.memoryCheck = await compareMemory(source, destination, config.ramMiB, dir);
      await destination.qmp.execute("cont");
    }
    if (status === "completed") {
      record.outcome = "completed";
      const lastSource = progress(source.serial).at(-1);
      record.guest.lastSourceWrites = lastSource?.writes ?? null;
      const deadline = performance.now() + 10000;
      while (performance.now() < deadline) {
        const s = await destination.qmp.execute("query-status") as { status?: string };
        if (s.status === "running") {
          record.guest.destinationRunning = true;
          break;
        }
        await sleep(50);
      }
      if (!idle && record.guest.destinationRunning) {
        try {
          await destination.waitSerial(/^T[0-9a-f]{8} W/, 5000);
          const first = progress(destination.serial)[0]!;
          record.guest.firstDestinationWrites = first.writes;
          record.guest.destinationContinued = lastSource !== undefined &&
            first.writes > lastSource.writes;
        } catch {
          record.guest.destinationContinued = false;
        }
      }
    } else if (record.cancelStatus !== null) {
      record.outcome = "timeout-cancelled";
    } else {
      record.error = `migration ended with status ${status}: ${String(last["error-desc"] ?? "")}`;
    }
  } catch (error) {
    record.outcome = "failed";
    record.error = String(error) + (source ? ` | src: ${source.stderr}` : "") +
      (destination ? ` | dst: ${destination.stderr}` : "");
  } finally {
    await source?.stop();
    await destination?.stop();
    await removeTempDir(dir);
  }
  return record;
}

function capabilityMap(reply: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const c of reply as { capability: string; state: boolean }[]) {
    out[c.capability] = c.state;
  }
  return out;
}

function recordMechanismSample(
  into: NonNullable<MigrationRecord["mechanisms"]>,
  t: number,
  q: Record<string, unknown>,
): void {
  const throttle = typeof q["cpu-throttle-percentage"] === "number"
    ? q["cpu-throttle-percentage"] as number
    : null;
  if (throttle !== null) {
    into.maxCpuThrottlePercentage = Math.max(into.maxCpuThrottlePercentage ?? 0, throttle);
  }
  const x = q["xbzrle-cache"] as Record<string, number> | undefined;
  const ram = (q.ram ?? {}) as Record<string, number>;
  into.samples.push([
    t,
    throttle,
    x?.bytes ?? null,
    x?.pages ?? null,
    x?.["cache-miss"] ?? null,
    x?.overflow ?? null,
    ram["multifd-bytes"] ?? null,
  ]);
}

/**
 * Dumps the first `ramMiB` MiB of guest-physical memory of both (stopped) VMs and
 * returns the pages that differ. Waits (at most 30 s) for the destination's incoming
 * migration to complete first.
 */
async function compareMemory(
  source: QemuProcess,
  destination: QemuProcess,
  ramMiB: number,
  dir: string,
): Promise<{ pagesCompared: number; differingPages: number[] }> {
  const deadline = performance.now() + 30000;
  for (;;) {
    const q = await destination.qmp.execute("query-migrate") as { status?: string };
    if (q.status === "completed") break;
    if (performance.now() > deadline) throw new Error(`destination migration: ${q.status}`);
    await sleep(50);
  }
  const size = ramMiB * 2 ** 20;
  const files = [`${dir}/src.mem`, `${dir}/dst.mem`];
  await source.qmp.execute("pmemsave", { val: 0, size, filename: files[0] }, 60000);
  await destination.qmp.execute("pmemsave", { val: 0, size, filename: files[1] }, 60000);
  const [a, b] = await Promise.all(files.map((f) => Deno.readFile(f)));
  await Promise.all(files.map((f) => Deno.remove(f)));
  const differingPages: number[] = [];
  for (let page = 0; page < size / 4096; page++) {
    for (let i = page * 4096; i < (page + 1) * 4096; i++) {
      if (a![i] !== b![i]) {
        differingPages.push(page);
        break;
      }
    }
  }
  return { pagesCompared: size / 4096, differingPages };
}

/** Boots a guest without migrating and measures its write rate over `seconds`. */
export async function measureRate(
  guestElf: string,
  ramMiB: number,
  workload: GuestWorkload,
  seconds: number,
): Promise<{ tscPerMs: number | null; host: number; guest: number; lines: number }> {
  const dir = await makeTempDir("migrate-lab-qemu-");
  let vm: QemuProcess | undefined;
  try {
    vm = await QemuProcess.start(qemuArgs(guestElf, ramMiB, workload, REPORT_MS), `${dir}/q.qmp`);
    await vm.waitSerial(/^READY$/, 30000);
    await sleep(seconds * 1000 + REPORT_MS);
    const p = progress(vm.serial);
    const r = rates(p);
    if (!r) throw new Error("no progress lines");
    const tsc = vm.serial.find((l) => l.text.startsWith("TSC/ms="));
    return { tscPerMs: tsc ? parseInt(tsc.text.slice(7), 16) : null, ...r, lines: p.length };
  } finally {
    await vm?.stop();
    await removeTempDir(dir);
  }
}

/** Rounds to `digits` decimals. */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
