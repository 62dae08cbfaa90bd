import assert from "node:assert/strict";
import {
  compareQemuMechanismPoint,
  measuredLoopbackBytesPerSecond,
  measuredQemuDeviceStateBytes,
  parseQemuMechanismRecord,
  QEMU_GUEST_CHANGED_BYTES_PER_WRITE,
  qemuGuestPageCompressionRatio,
  qemuMechanismOptions,
  type QemuMechanismRun,
  type QemuMechanismVerdict,
  readQemuMechanismRecord,
  readQemuRecord,
  simulateQemuMechanismPoint,
} from "../../lib/validation/mod.ts";
import {
  guestCommandLine,
  mechanismParameters,
  migrationCapabilities,
} from "../../validation/qemu/harness.ts";
import { grid, mechanismsGrid } from "../../validation/qemu/run.ts";

const DIR = new URL("../../data/validation/qemu/", import.meta.url).pathname;
const RECORD = `${DIR}mechanisms.jsonl`;
const text = await Deno.readTextFile(RECORD);
const lines = text.split("\n").filter((l) => l !== "");
const record = await readQemuMechanismRecord(RECORD);
const groups = new Map<string, QemuMechanismRun[]>();
for (const r of record.runs) groups.set(r.point.id, [...(groups.get(r.point.id) ?? []), r]);
const byMechanism = (m: string, rate?: number, catchup = true) =>
  [...groups.values()].filter((g) =>
    g[0]!.mechanism === m && g[0]!.catchup === catchup &&
    (rate === undefined || g[0]!.point.workload.writesPerSecond === rate)
  );

Deno.test("harness: the plain grid's QMP exchange and guest command line are unchanged", () => {
  assert.deepEqual(migrationCapabilities(false, undefined, "source"), [
    { capability: "postcopy-ram", state: false },
  ]);
  assert.deepEqual(migrationCapabilities(true, undefined, "destination"), [
    { capability: "postcopy-ram", state: true },
  ]);
  assert.deepEqual(mechanismParameters(undefined, "source"), {});
  for (const p of grid(false)) {
    assert.equal(p.mechanisms, undefined);
    assert.equal(
      guestCommandLine(p.workload, 200),
      `rate=${p.workload.writesPerSecond} start=512 pages=0 stride=1 fill=${
        p.workload.fill ? 1 : 0
      } report=200`,
    );
  }
  const w = { writesPerSecond: 8000, regionStartPage: 512, regionPages: 0, stridePages: 1 };
  assert.equal(
    guestCommandLine({ ...w, fill: true, catchup: false }, 200),
    "rate=8000 start=512 pages=0 stride=1 fill=1 report=200 catchup=0",
  );
  // The QMP names of QEMU 7.2 (qapi/migration.json).
  const m = {
    autoConverge: { initialPercent: 20, incrementPercent: 10 },
    xbzrle: { cacheSizeBytes: 2 ** 24 },
    multifd: { channels: 4, compression: "zlib" as const },
  };
  assert.deepEqual(migrationCapabilities(false, m, "source").map((c) => c.capability), [
    "postcopy-ram",
    "auto-converge",
    "xbzrle",
    "multifd",
  ]);
  assert.deepEqual(migrationCapabilities(false, m, "destination").map((c) => c.capability), [
    "postcopy-ram",
    "multifd",
  ]);
  assert.deepEqual(mechanismParameters(m, "source"), {
    "cpu-throttle-initial": 20,
    "cpu-throttle-increment": 10,
    "xbzrle-cache-size": 2 ** 24,
    "multifd-channels": 4,
    "multifd-compression": "zlib",
  });
  assert.deepEqual(mechanismParameters(m, "destination"), {
    "multifd-channels": 4,
    "multifd-compression": "zlib",
  });
});

Deno.test("the recorded QEMU mechanisms dataset", async (t) => {
  await t.step("holds every point of mechanismsGrid() 3 times, with its provenance", () => {
    const points = mechanismsGrid();
    assert.equal(groups.size, points.length);
    for (const p of points) {
      const runs = groups.get(p.id);
      assert.ok(runs, `point ${p.id} missing`);
      assert.equal(runs.length, 3, p.id);
      assert.deepEqual(runs.map((r) => r.repeat), [0, 1, 2], p.id);
    }
    assert.match(record.meta.command, /run\.ts --mechanisms/);
    assert.equal(record.meta.loadAverageStart.length, 3);
    assert.match(String(record.meta.machine.qemuVersion), /QEMU emulator version 7\.2/);
    assert.deepEqual(record.multifdCompression, {
      none: "accepted",
      zlib: "accepted",
      zstd: "accepted",
    });
    assert.ok(record.runs.every((r) => r.outcome !== "failed"));
    assert.ok(record.runs.every((r) => Number.isFinite(r.loadAverage1m)));
  });

  await t.step("QEMU echoed every mechanism and reported its statistics", () => {
    for (const r of record.runs) {
      const s = r.settings;
      if (s.autoConverge) {
        assert.ok(
          r.maxCpuThrottlePercentage !== null &&
            r.maxCpuThrottlePercentage >= s.autoConverge.initialPercent,
          `${r.point.id} #${r.repeat}: throttle ${r.maxCpuThrottlePercentage}`,
        );
        assert.equal(
          (r.maxCpuThrottlePercentage! - s.autoConverge.initialPercent) %
                  s.autoConverge.incrementPercent === 0 || r.maxCpuThrottlePercentage === 99,
          true,
        );
      } else assert.equal(r.maxCpuThrottlePercentage, null);
      if (s.xbzrle) {
        assert.ok(r.xbzrle, `${r.point.id}: xbzrle-cache missing`);
        assert.equal(r.xbzrle.cacheSizeBytes, s.xbzrle.cacheSizeBytes);
        assert.ok(r.xbzrle.pages > 0 && r.xbzrle.bytes > 0, r.point.id);
      } else assert.equal(r.xbzrle, null);
      if (s.multifd) assert.ok((r.multifdBytes ?? 0) > 0, r.point.id);
      else assert.equal(r.multifdBytes ?? 0, 0, r.point.id);
      if (r.point.technique === "post-copy") assert.notEqual(r.postcopyStartSeconds, null);
    }
  });

  await t.step("plain pre-copy with a catching-up guest never converges", () => {
    for (const g of byMechanism("plain")) assert.ok(g.every((r) => !r.converged), g[0]!.point.id);
  });

  await t.step("malformed mechanism lines get errors naming the field", () => {
    const meta = lines[0]!;
    const run = JSON.parse(lines.find((l) => l.includes('"mechanism":"xbzrle-64M"'))!);
    // deno-lint-ignore no-explicit-any -- JSON mutated in place by each case
    const bad = (mutate: (o: Record<string, any>) => void) => {
      const o = structuredClone(run);
      mutate(o);
      return `${meta}\n${JSON.stringify(o)}\n`;
    };
    assert.throws(
      () => parseQemuMechanismRecord(bad((o) => delete o.point.mechanism), "m.jsonl"),
      /m\.jsonl:2.*point\.mechanism must be a non-empty string/,
    );
    assert.throws(
      () =>
        parseQemuMechanismRecord(
          bad((o) => o.mechanisms.sourceParameters["xbzrle-cache-size"] = 1),
          "m.jsonl",
        ),
      /mechanisms\.sourceParameters\.xbzrle-cache-size must be \d+ \(as set\): current value is 1/,
    );
    assert.throws(
      () =>
        parseQemuMechanismRecord(
          bad((o) => o.mechanisms.sourceCapabilities.xbzrle = false),
          "m.jsonl",
        ),
      /mechanisms\.sourceCapabilities\.xbzrle must be true/,
    );
    assert.throws(
      () =>
        parseQemuMechanismRecord(
          bad((o) => o.point.mechanisms = { multifd: { channels: 4, compression: "lz4" } }),
          "m.jsonl",
        ),
      /point\.mechanisms\.multifd\.compression/,
    );
    assert.throws(
      () =>
        parseQemuMechanismRecord(
          bad((o) => o.point.mechanisms.xbzrle.cacheSizeBytes = -1),
          "m.jsonl",
        ),
      /point\.mechanisms\.xbzrle\.cacheSizeBytes.*-1/,
    );
    assert.throws(
      () => parseQemuMechanismRecord(bad((o) => o.point.workload.catchup = 1), "m.jsonl"),
      /point\.workload\.catchup must be false or absent: current value is 1/,
    );
  });
});

Deno.test("mapping and comparison helpers", async (t) => {
  await t.step("the engine mechanisms follow the QEMU settings", () => {
    assert.deepEqual(qemuMechanismOptions({}, false), {});
    assert.deepEqual(qemuMechanismOptions({ xbzrle: { cacheSizeBytes: 4096 } }, false), {
      xbzrle: { cacheBytes: 4096, changedBytesPerWrite: QEMU_GUEST_CHANGED_BYTES_PER_WRITE },
    });
    const z = qemuMechanismOptions({ multifd: { channels: 3, compression: "zstd" } }, false, 1e9);
    assert.deepEqual(z.multifd, {
      channels: 3,
      packets: { pages: 128, headerBytes: 1344, countsUncompressedBytes: true },
    });
    // A catching-up guest keeps its pace under the throttle; XBZRLE gets the encoder's rate.
    const ac = { autoConverge: { initialPercent: 20, incrementPercent: 10 } };
    assert.deepEqual(qemuMechanismOptions(ac, false, undefined, true).autoConverge, {
      initialPercent: 20,
      incrementPercent: 10,
      guestCatchesUp: true,
    });
    assert.equal(
      (qemuMechanismOptions({ xbzrle: { cacheSizeBytes: 4096 } }, false, undefined, false, 1e9)
        .xbzrle as { encodeBytesPerSecond?: number }).encodeBytesPerSecond,
      1e9,
    );
    assert.equal(z.compression!.ratio, qemuGuestPageCompressionRatio("zstd"));
    assert.throws(
      () => qemuMechanismOptions({ multifd: { channels: 3, compression: "zlib" } }, false),
      /compressionBytesPerSecondPerCore must be a number: current value is undefined/,
    );
  });

  await t.step("a fixed downtime cost adds to the downtime and the total, not the bytes", () => {
    const runs = groups.get("mech-postcopy-after-precopy-post-64M-r32000-fill-bw32M-dl300")!;
    const base = { bandwidthBytesPerSecond: 4e8, stateBytes: 112585 };
    const a = simulateQemuMechanismPoint(runs, base).figures;
    const b = simulateQemuMechanismPoint(runs, { ...base, downtimeFixedSeconds: 0.001 }).figures;
    assert.ok(Math.abs(b.downtimeSeconds - a.downtimeSeconds - 0.001) < 1e-12);
    assert.ok(Math.abs(b.totalSeconds - a.totalSeconds - 0.001) < 1e-12);
    assert.equal(b.bytesSent, a.bytesSent);
    assert.throws(
      () => simulateQemuMechanismPoint(runs, { ...base, downtimeFixedSeconds: -1 }),
      /downtimeFixedSeconds .*current value is -1/,
    );
  });

  await t.step("strict and spread-aware verdicts on hand-made repeats", () => {
    const run = (t: number, d: number, b: number, converged = true) =>
      ({
        converged,
        totalSeconds: t,
        downtimeSeconds: converged ? d : null,
        transferredBytes: b,
        mechanism: "m",
        point: { id: "p", waitLimitSeconds: 20 },
      }) as QemuMechanismRun;
    // Repeats agree (1.0, 1.1, 1.2: all within 15 % of 1.1); 1.3 is +18 %: fails both.
    const agree = [run(1, 0.1, 100), run(1.1, 0.1, 100), run(1.2, 0.1, 100)];
    const sim = (t: number, d = 0.1, b = 100) => ({
      converged: true,
      totalSeconds: t,
      downtimeSeconds: d,
      bytesSent: b,
    });
    assert.equal(compareQemuMechanismPoint(agree, sim(1.26), 0.15).strictPass, true);
    const v = compareQemuMechanismPoint(agree, sim(1.3), 0.15);
    assert.equal(v.strictPass, false);
    assert.equal(v.spreadAwarePass, false);
    // Repeats spread (downtime 10, 30, 50 ms: mean 30): 55 ms is +83 % (strict fails) but
    // inside [10 x 0.85 - 1, 50 x 1.15 + 1] = [7.5, 58.5] ms (times get QEMU's 1 ms).
    const spread = [run(1, 0.01, 100), run(1, 0.03, 100), run(1, 0.05, 100)];
    const w = compareQemuMechanismPoint(spread, sim(1, 0.055), 0.15);
    assert.equal(w.strictPass, false);
    assert.equal(w.spreadAwarePass, true);
    assert.equal(w.figures!.downtimeSeconds!.repeatsAgree, false);
    assert.equal(compareQemuMechanismPoint(spread, sim(1, 0.058), 0.15).spreadAwarePass, true);
    assert.equal(compareQemuMechanismPoint(spread, sim(1, 0.059), 0.15).spreadAwarePass, false);
    // The 1 ms resolution: 1 ms recorded every time, 0.3 ms simulated passes; 2.2 ms does
    // not (1 ms x 1.15 + 1 ms = 2.15 ms). Bytes get no such allowance.
    const ms = [run(1, 0.001, 100), run(1, 0.001, 100)];
    assert.equal(compareQemuMechanismPoint(ms, sim(1, 0.0003), 0.15).strictPass, true);
    assert.equal(compareQemuMechanismPoint(ms, sim(1, 0.0022), 0.15).strictPass, false);
    assert.equal(compareQemuMechanismPoint(ms, sim(1, 0.001, 116), 0.15).strictPass, false);
    // Convergence: engine finishing after the wait bound counts as not converged.
    const none = [run(20, 0, 1, false), run(20, 0, 1, false), run(20, 0, 1, false)];
    const late = compareQemuMechanismPoint(none, sim(25), 0.15);
    assert.equal(late.simulatedConverged, false);
    assert.equal(late.convergenceAgrees, true);
    assert.equal(late.strictPass, true);
    assert.equal(compareQemuMechanismPoint(none, sim(5), 0.15).convergenceAgrees, false);
    assert.throws(() => compareQemuMechanismPoint(agree, sim(1), 1.5), /tolerance/);
  });
});

// Verdicts of the engine (preset "qemu" + options.mechanisms) on the recorded points,
// on the inputs saved by validation/qemu/compare_mechanisms.ts (loopback rate of
// runs.jsonl, compression throughput measured once).
const saved = JSON.parse(await Deno.readTextFile(`${DIR}mechanisms_engine.json`));
const plainRuns = (await readQemuRecord(`${DIR}runs.jsonl`)).runs;
const loopback = measuredLoopbackBytesPerSecond(plainRuns);
const stateBytes = measuredQemuDeviceStateBytes(plainRuns);
const verdicts: QemuMechanismVerdict[] = [...groups.values()].map((runs) => {
  const algorithm = runs[0]!.settings.multifd?.compression;
  const { figures } = simulateQemuMechanismPoint(runs, {
    bandwidthBytesPerSecond: loopback,
    stateBytes,
    ...(algorithm === "zlib" || algorithm === "zstd"
      ? { compressionBytesPerSecondPerCore: saved.compressionBytesPerSecondPerCore[algorithm] }
      : {}),
    ...(runs[0]!.settings.xbzrle
      ? { xbzrleEncodeBytesPerSecond: saved.xbzrleEncodeBytesPerSecond }
      : {}),
  });
  return compareQemuMechanismPoint(runs, figures, 0.15);
});
const ids = (f: (v: QemuMechanismVerdict) => boolean) =>
  verdicts.filter(f).map((v) => v.pointId).sort();

/** The stop's copy: what is left and the device state, at the loopback rate. */
const FINAL_COPY = "the engine's stop sends what is left at the loopback rate (412.5 MiB/s), " +
  "QEMU's reached ~1.4-1.7 GB/s here (ram.downtime-bytes / downtime: the socket buffers " +
  "take the last megabytes at memory speed), a model of the base qemu preset";
/**
 * Points whose convergence the engine gets wrong today, with the reason. "Converged"
 * means completed within the 20 s wait bound, for QEMU and the engine alike.
 */
const CONVERGENCE_FAILURES: Record<string, string> = {};
/**
 * Every point not passing spread-aware, with the reason (the convergence failures
 * above, then figure failures).
 */
const KNOWN_FAILURES: Record<string, string> = {
  ...CONVERGENCE_FAILURES,
  "mech-plain-pre-64M-r8000-fill-bw32M-dl300-nocatchup":
    "total +34 %, bytes +34 % (QEMU's repeats spread 14 %; downtime passes): 6,982 " +
    "writes/s (27.3 MiB/s) against the 32 MiB/s cap leave a thin margin where a few " +
    "percent of rate move the end by seconds (at 6,811 writes/s, QEMU's own " +
    "time-weighted dirty-pages-rate, the engine ends at 9.9 s, +18 %; at 6,500, 8.1 s)",
  "mech-auto-converge-50-20-pre-64M-r32000-fill-bw32M-dl300-nocatchup":
    `downtime 19.6 ms against QEMU's 6-7 ms (total +1 %, bytes +1 % pass): ${FINAL_COPY}`,
  "mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300":
    "total +17 %, bytes +17 %, downtime 25.7 ms against 6.7 ms. Rate as QEMU's: 7 packets " +
    "of 525,632 bytes per 100 ms window; but QEMU's catching-up guest added fewer new " +
    "dirty pages in the first syncs (dirty-pages-rate 6,557-6,942 before ~8,000), and at " +
    "8,000 writes/s against 35 MiB/s a few percent of rate move the end by seconds (at " +
    `7,800/s the engine ends at 11.5 s, -3 %). Downtime: ${FINAL_COPY}`,
  "mech-multifd-4-zlib-pre-64M-r8000-fill-bw32M-dl300":
    "as multifd without compression (QEMU 7.2 charges and counts packets uncompressed, " +
    "which the engine now does): total +21 %, bytes +21 %; downtime passes spread-aware",
  "mech-multifd-4-zstd-pre-64M-r8000-fill-bw32M-dl300":
    `as multifd without compression: total +24 %, bytes +23 %, downtime: ${FINAL_COPY}`,
};
/**
 * Points passing strictly (convergence, and every figure within 15 % of the mean, times
 * within it plus QEMU's 1 ms resolution): six points neither QEMU nor the engine
 * completes within the wait bound, and the post-copy switch.
 */
const STRICT_PASSES: string[] = [
  "mech-plain-pre-64M-r8000-fill-bw32M-dl300",
  "mech-plain-pre-64M-r32000-fill-bw32M-dl300",
  "mech-plain-pre-64M-r32000-fill-bw32M-dl300-nocatchup",
  "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300",
  "mech-auto-converge-pre-64M-r32000-fill-bw32M-dl300",
  "mech-xbzrle-16M-pre-64M-r8000-fill-bw32M-dl300",
  "mech-postcopy-after-precopy-post-64M-r32000-fill-bw32M-dl300",
];
/** Points passing spread-aware: the strict ones plus those within the repeats' range. */
const SPREAD_AWARE_PASSES: string[] = [
  ...STRICT_PASSES,
  "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300-nocatchup",
  "mech-xbzrle-64M-pre-64M-r8000-fill-bw32M-dl300",
  "mech-xbzrle-64M-pre-64M-r32000-fill-bw32M-dl300",
];

Deno.test("the qemu preset with options.mechanisms against the recorded mechanisms", async (t) => {
  await t.step("matches the saved comparison (same inputs, same verdicts)", () => {
    assert.equal(saved.loopbackBytesPerSecond, Math.round(loopback));
    assert.equal(saved.deviceStateBytes, stateBytes);
    assert.deepEqual(
      verdicts.map((v) => [v.pointId, v.strictPass, v.spreadAwarePass]),
      saved.rows.map((r: QemuMechanismVerdict) => [r.pointId, r.strictPass, r.spreadAwarePass]),
    );
  });

  await t.step("convergence agrees exactly except the listed known failures", () => {
    assert.deepEqual(ids((v) => !v.convergenceAgrees), Object.keys(CONVERGENCE_FAILURES).sort());
  });

  await t.step("exactly the listed points pass, strict and spread-aware", () => {
    assert.deepEqual(ids((v) => v.strictPass), [...STRICT_PASSES].sort());
    assert.deepEqual(ids((v) => v.spreadAwarePass), [...SPREAD_AWARE_PASSES].sort());
    assert.deepEqual(ids((v) => !v.spreadAwarePass), Object.keys(KNOWN_FAILURES).sort());
    // Counted: 15 points, 15 converge as in QEMU, 7 strict, 10 spread-aware, 5 known
    // failures. (Before the multifd packets, the catching-up guest, the XBZRLE encoding
    // cost and the 1 ms resolution: 13, 5, 6 and 9.)
    assert.deepEqual(
      [verdicts.length, STRICT_PASSES.length, SPREAD_AWARE_PASSES.length],
      [15, 7, 10],
    );
    assert.equal(verdicts.filter((v) => v.convergenceAgrees).length, 15);
    assert.equal(Object.keys(KNOWN_FAILURES).length, 5);
  });

  await t.step("as in QEMU: plain and catching-up runs do not converge; the rest do", () => {
    // The expectation (auto-converge and the post-copy switch converge where plain
    // does not) holds for a guest whose writes follow its CPU time (catchup=0) at 32000/s,
    // and for the post-copy switch; the engine agrees on each.
    const v = new Map(verdicts.map((x) => [x.pointId, x]));
    const conv = (id: string) => [v.get(id)!.convergedRuns, v.get(id)!.simulatedConverged];
    assert.deepEqual(conv("mech-plain-pre-64M-r32000-fill-bw32M-dl300-nocatchup"), [0, false]);
    assert.deepEqual(
      conv("mech-auto-converge-50-20-pre-64M-r32000-fill-bw32M-dl300-nocatchup"),
      [3, true],
    );
    assert.deepEqual(conv("mech-plain-pre-64M-r32000-fill-bw32M-dl300"), [0, false]);
    assert.deepEqual(
      conv("mech-postcopy-after-precopy-post-64M-r32000-fill-bw32M-dl300"),
      [3, true],
    );
    assert.deepEqual(conv("mech-xbzrle-64M-pre-64M-r32000-fill-bw32M-dl300"), [3, true]);
  });
});
