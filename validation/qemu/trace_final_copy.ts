/**
 * Where QEMU 7.2's multifd final copy spends its downtime: the three multifd points of
 * the mechanisms grid (4 channels; compression none, zlib, zstd) migrated with QEMU's
 * own trace events on, source and destination, so every packet of the final copy is
 * seen with the time its channel finished compressing it (`multifd_send`, traced after
 * `send_prepare` in `multifd_send_thread`, `migration/multifd.c` of QEMU 7.2) and the
 * time the destination's channel read its header (`multifd_recv`, before
 * `recv_pages` decompresses it). Trace timestamps are `gettimeofday` in microseconds
 * (QEMU's log trace backend with `-msg timestamp=on`), one clock for both processes.
 *
 * Usage (as root, from the repository root, under the recording lock at high priority):
 * `flock /work/wt/qemu.lock setsid bash -c 'echo -20 > /proc/self/autogroup; exec deno run -A
 * validation/qemu/trace_final_copy.ts [--repeats N] [--out FILE]'`
 * Writes `data/validation/qemu/final_copy_trace.jsonl`: a `meta` line, then one `run`
 * line per migration with QEMU's figures and the final copy's timeline.
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
  runMigration,
} from "./harness.ts";
import { machineFacts, mechanismsGrid, recorderPriority } from "./run.ts";

/** QEMU 7.2 trace events recorded on the source (`migration/trace-events`). */
const SOURCE_EVENTS = [
  "migration_thread_low_pending",
  "migration_completion_vm_stop",
  "savevm_state_complete_precopy",
  "migration_bitmap_sync_end",
  "multifd_send",
  "multifd_send_sync_main_signal",
  "multifd_send_sync_main",
];
/** QEMU 7.2 trace events recorded on the destination. */
const DESTINATION_EVENTS = [
  "multifd_recv",
  "multifd_recv_sync_main",
  "process_incoming_migration_co_end",
  "vm_state_notify",
];

/** One trace line: thread id, seconds, event, argument text. */
export interface TraceEvent {
  tid: number;
  t: number;
  event: string;
  args: string;
}

/** Parses QEMU's log trace backend lines (`TID@SEC.USEC:event args`). */
export function parseTrace(text: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+)@(\d+)\.(\d{6}):(\w+) ?(.*)$/.exec(line);
    if (m) out.push({ tid: +m[1]!, t: +m[2]! + +m[3]! / 1e6, event: m[4]!, args: m[5]! });
  }
  return out;
}

function num(args: string, key: string): number {
  const m = new RegExp(`${key} (0x[0-9a-f]+|\\d+)`).exec(args);
  if (!m) throw new Error(`trace: no ${key} in "${args}"`);
  return Number(m[1]);
}

/** The final copy's timeline from the source's and destination's traces. */
export function finalCopyTimeline(src: TraceEvent[], dst: TraceEvent[]) {
  const stop = src.find((e) => e.event === "migration_completion_vm_stop");
  if (!stop) return null;
  const syncs = src.filter((e) => e.event === "multifd_send_sync_main" && e.t >= stop.t);
  const syncEnd = syncs[0];
  const firstSignal = src.find((e) => e.event === "multifd_send_sync_main_signal" && e.t >= stop.t);
  const bitmap = src.find((e) => e.event === "migration_bitmap_sync_end" && e.t >= stop.t);
  const lowPending = src.filter((e) => e.event === "migration_thread_low_pending" && e.t <= stop.t)
    .at(-1);
  if (!syncEnd) return null;
  const sends = src.filter((e) => e.event === "multifd_send" && e.t >= stop.t && e.t <= syncEnd.t)
    .map((e) => ({
      ms: round((e.t - stop.t) * 1000, 3),
      channel: num(e.args, "channel"),
      packet: num(e.args, "packet_num"),
      pages: num(e.args, "normal pages"),
      flags: num(e.args, "flags"),
      bytes: num(e.args, "next packet size"),
    }));
  const packets = new Set(sends.map((s) => s.packet));
  const recvs = dst.filter((e) => e.event === "multifd_recv")
    .map((e) => ({
      t: e.t,
      channel: num(e.args, "channel"),
      packet: num(e.args, "packet_num"),
      pages: num(e.args, "pages"),
    }))
    .filter((r) => packets.has(r.packet))
    .map((r) => ({ ms: round((r.t - stop.t) * 1000, 3), channel: r.channel, packet: r.packet }));
  const recvSync = dst.filter((e) => e.event === "multifd_recv_sync_main" && e.t >= stop.t)[0];
  const running = dst.find((e) => e.event === "vm_state_notify" && /running 1/.test(e.args));
  const withPages = sends.filter((s) => s.pages > 0);
  return {
    lowPendingBytes: lowPending ? Number(lowPending.args) : null,
    lowPendingToStopMs: lowPending ? round((stop.t - lowPending.t) * 1000, 3) : null,
    finalBitmapDirtyPages: bitmap ? num(bitmap.args, "dirty_pages") : null,
    bitmapSyncEndMs: bitmap ? round((bitmap.t - stop.t) * 1000, 3) : null,
    syncSignalMs: firstSignal ? round((firstSignal.t - stop.t) * 1000, 3) : null,
    syncEndMs: round((syncEnd.t - stop.t) * 1000, 3),
    packets: withPages.length,
    pages: withPages.reduce((a, s) => a + s.pages, 0),
    compressedBytes: withPages.reduce((a, s) => a + s.bytes, 0),
    firstSendMs: withPages[0]?.ms ?? null,
    lastSendMs: withPages.at(-1)?.ms ?? null,
    destinationSyncMs: recvSync ? round((recvSync.t - stop.t) * 1000, 3) : null,
    destinationRunningMs: running ? round((running.t - stop.t) * 1000, 3) : null,
    sends,
    recvs,
  };
}

/** CPU seconds (`/proc/PID/task/TID/schedstat`, first field, ns) of each named thread. */
async function threadCpu(pid: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const e of Deno.readDir(`/proc/${pid}/task`)) {
    try {
      const comm = (await Deno.readTextFile(`/proc/${pid}/task/${e.name}/comm`)).trim();
      const ns = Number(
        (await Deno.readTextFile(`/proc/${pid}/task/${e.name}/schedstat`)).split(" ")[0],
      );
      out[comm] = (out[comm] ?? 0) + ns / 1e9;
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Per channel thread (`multifdsend_N` on the source, `multifdrecv_N` on the destination,
 * named by `-name debug-threads=on`): its CPU seconds at its last sample and the pages
 * of the packets it had traced by then (`multifd_send` follows compression,
 * `multifd_recv` precedes decompression, so a receiving thread's count includes at most
 * one packet it had not yet decompressed).
 */
function channelCpu(
  cpu: Record<string, { t: number; seconds: number }>,
  src: TraceEvent[],
  dst: TraceEvent[],
) {
  const out: Record<string, { cpuSeconds: number; pages: number }> = {};
  for (const [name, { t, seconds }] of Object.entries(cpu)) {
    const m = /^multifd(send|recv)_(\d+)$/.exec(name);
    if (!m) continue;
    const [events, event, key] = m[1] === "send"
      ? [src, "multifd_send", "normal pages"]
      : [dst, "multifd_recv", "pages"];
    const pages = events
      .filter((e) => e.event === event && e.t <= t && num(e.args, "channel") === Number(m[2]))
      .reduce((a, e) => a + num(e.args, key), 0);
    out[name] = { cpuSeconds: round(seconds, 6), pages };
  }
  return out;
}

function argValue(name: string): string | undefined {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

if (import.meta.main) {
  const repeats = Number(argValue("--repeats") ?? 5);
  const out = argValue("--out") ??
    new URL("../../data/validation/qemu/final_copy_trace.jsonl", import.meta.url).pathname;
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
  const work = await makeTempDir("migrate-lab-trace-");
  const points = mechanismsGrid().filter((p) => p.mechanisms?.multifd);
  const lines: string[] = [];
  try {
    const elf = await buildGuest(work);
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const p of points) {
        const srcLog = `${work}/src-${repeat}-${p.mechanism}.log`;
        const dstLog = `${work}/dst-${repeat}-${p.mechanism}.log`;
        const trace = (log: string, events: string[]) => [
          "-name",
          "debug-threads=on",
          "-msg",
          "timestamp=on",
          ...events.flatMap((e) => ["-trace", `enable=${e}`]),
          "-D",
          log,
        ];
        const cpu: Record<string, { t: number; seconds: number }> = {};
        let timer: ReturnType<typeof setInterval> | undefined;
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
          mechanisms: p.mechanisms!,
          sourceArgs: trace(srcLog, SOURCE_EVENTS),
          destinationArgs: trace(dstLog, DESTINATION_EVENTS),
          onMigrate: ({ source, destination }) => {
            // Sample the channel threads' CPU time until they end (they exit in the
            // cleanup after completion); the last sample of each thread is kept.
            const poll = async () => {
              for (const pid of [source, destination]) {
                const t = Date.now() / 1000;
                for (const [name, seconds] of Object.entries(await threadCpu(pid))) {
                  if (name.startsWith("multifd")) cpu[name] = { t, seconds };
                }
              }
            };
            timer = setInterval(() => void poll().catch(() => {}), 20);
          },
        });
        clearInterval(timer);
        const src = parseTrace(await Deno.readTextFile(srcLog).catch(() => ""));
        const dst = parseTrace(await Deno.readTextFile(dstLog).catch(() => ""));
        const q = rec.queryMigrate as { "total-time"?: number; downtime?: number };
        const timeline = rec.outcome === "completed" ? finalCopyTimeline(src, dst) : null;
        lines.push(JSON.stringify({
          kind: "run",
          pointId: p.id,
          compression: p.mechanisms!.multifd!.compression,
          repeat,
          startedAt: at,
          loadAverage,
          outcome: rec.outcome,
          totalTimeMs: q["total-time"] ?? null,
          downtimeMs: q.downtime ?? null,
          timeline,
          channelCpu: channelCpu(cpu, src, dst),
        }));
        console.error(
          `${p.mechanism} #${repeat}: ${rec.outcome} downtime ${q.downtime ?? "-"} ms; ` +
            (timeline
              ? `final ${timeline.packets} packets ${timeline.pages} pages, sync end ${timeline.syncEndMs} ms, ` +
                `sends ${timeline.firstSendMs}-${timeline.lastSendMs} ms, dst sync ${timeline.destinationSyncMs} ms`
              : "no timeline") +
            ` load ${loadAverage[0]}`,
        );
      }
    }
    const meta = {
      kind: "meta",
      format: "migrate-lab/qemu-final-copy-trace@1",
      command: "flock /work/wt/qemu.lock setsid bash -c 'echo -20 > /proc/self/autogroup; exec " +
        `deno run -A validation/qemu/trace_final_copy.ts ${Deno.args.join(" ")}'`.trim(),
      startedAt: started.toISOString(),
      recordingSeconds: round((performance.now() - t0) / 1000, 1),
      machine: await machineFacts(),
      loadAverageStart: loadStart,
      loadAverageEnd: Deno.loadavg(),
      priority: await recorderPriority(),
      cpusAllowed: /Cpus_allowed_list:\s*(.*)/.exec(await Deno.readTextFile("/proc/self/status"))
        ?.[1] ?? null,
      sourceEvents: SOURCE_EVENTS,
      destinationEvents: DESTINATION_EVENTS,
      traceArgs: "-msg timestamp=on -trace enable=EVENT ... -D LOG (both processes)",
      times: "ms after the source's migration_completion_vm_stop",
    };
    await atomicWriteTextFile(out, [JSON.stringify(meta), ...lines].join("\n") + "\n");
    console.error(`wrote ${out}: ${lines.length} runs`);
  } finally {
    await removeTempDir(work);
  }
}
