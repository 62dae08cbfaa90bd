import assert from "node:assert/strict";
import {
  calibrateQemuCompressedFinalCopyCores,
  calibrateQemuFirstTouchSeconds,
  calibrateQemuGuestSlowdown,
  calibrateQemuHostProfile,
  calibrateQemuWarmFinalCopyBytesPerSecond,
  compareQemuMechanismPoint,
  parseQemuMechanismRecord,
  QEMU_GRID_WALK_START_SECONDS,
  QEMU_GUEST_CHANGED_BYTES_PER_WRITE,
  qemuGuestPageCompressionRatio,
  qemuGuestSecondsAtMigrate,
  qemuMechanismOptions,
  qemuMechanismRepeatAgreement,
  type QemuMechanismRun,
  type QemuMechanismVerdict,
  qemuPointToEngineInputs,
  readQemuFinalCopyTrace,
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
import { createBitset, createPrng, createWorkload } from "../../mod.ts";

const DIR = new URL("../../data/validation/qemu/", import.meta.url).pathname;
const RECORD = `${DIR}mechanisms.jsonl`;
const text = await Deno.readTextFile(RECORD);
const lines = text.split("\n").filter((l) => l !== "");
const record = await readQemuMechanismRecord(RECORD);
const groups = new Map<string, QemuMechanismRun[]>();
for (const r of record.runs) groups.set(r.point.id, [...(groups.get(r.point.id) ?? []), r]);
/** Both recordings of the grid: under load, 3 repeats; at autogroup nice -20, 5 repeats. */
const DATASETS = await Promise.all(
  [["mechanisms.jsonl", 3], ["mechanisms_quiet.jsonl", 5]].map(async ([file, repeats]) => {
    const rec = await readQemuMechanismRecord(`${DIR}${file}`);
    const g = new Map<string, QemuMechanismRun[]>();
    for (const r of rec.runs) g.set(r.point.id, [...(g.get(r.point.id) ?? []), r]);
    return { file: file as string, repeats: repeats as number, record: rec, groups: g };
  }),
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

Deno.test("the recorded QEMU mechanisms datasets", async (t) => {
  for (const { file, repeats, record, groups } of DATASETS) {
    await t.step(
      `${file}: every point of mechanismsGrid() ${repeats} times, with its provenance`,
      () => {
        const points = mechanismsGrid();
        assert.equal(groups.size, points.length);
        for (const p of points) {
          const runs = groups.get(p.id);
          assert.ok(runs, `point ${p.id} missing`);
          assert.equal(runs.length, repeats, p.id);
          assert.deepEqual(runs.map((r) => r.repeat), [...Array(repeats).keys()], p.id);
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
      },
    );

    await t.step(`${file}: QEMU echoed every mechanism and reported its statistics`, () => {
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

    await t.step(`${file}: plain pre-copy with a catching-up guest never converges`, () => {
      for (const g of groups.values()) {
        if (g[0]!.mechanism !== "plain" || !g[0]!.catchup) continue;
        assert.ok(g.every((r) => !r.converged), g[0]!.point.id);
      }
    });
  }

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
    // The throttle polls: a percentage above 100 and a poll back in time would give the
    // guest negative or misplaced run time in calibrateQemuGuestSlowdown.
    const auto = JSON.parse(lines.find((l) => l.includes('"mechanism":"auto-converge"'))!);
    const badAuto = (mutate: (samples: unknown[][]) => void) => {
      const o = structuredClone(auto);
      mutate(o.mechanisms.samples);
      return `${meta}\n${JSON.stringify(o)}\n`;
    };
    assert.ok(
      parseQemuMechanismRecord(badAuto(() => {}), "m.jsonl").runs[0]!.throttleSamples.length > 2,
    );
    assert.throws(
      () => parseQemuMechanismRecord(badAuto((s) => s[2]![1] = 150), "m.jsonl"),
      /m\.jsonl:2 as mechanisms\.samples\[2\]\[1\] must be in \[0, 100\]: current value is 150/,
    );
    assert.throws(
      () => parseQemuMechanismRecord(badAuto((s) => s[2]![0] = 0), "m.jsonl"),
      /m\.jsonl:2 as mechanisms\.samples\[2\]\[0\] must be >= the previous poll's [\d.]+: current value is 0/,
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

  await t.step("a total time QEMU reported impossibly is not a repeat's time", () => {
    const run = (t: number, anomalies: string[] = []) =>
      ({
        converged: true,
        totalSeconds: t,
        downtimeSeconds: 0.02,
        transferredBytes: 1e6,
        anomalies,
        mechanism: "m",
        point: { id: "p", waitLimitSeconds: 20 },
      }) as QemuMechanismRun;
    // As runs_quiet.jsonl's pre-256M-r2000-fill-bw128M-dl300 #1: 0 ms after 1.9 s of wall time.
    const runs = [run(1.955), run(0, ["total-time 0 ms after 1.949 s of wall time"]), run(1.946)];
    const sim = { converged: true, totalSeconds: 1.95, downtimeSeconds: 0.02, bytesSent: 1e6 };
    const v = compareQemuMechanismPoint(runs, sim, 0.15);
    assert.equal(v.figures!.totalSeconds.recorded.mean, (1.955 + 1.946) / 2); // not 1.967 / 3
    assert.equal(v.figures!.totalSeconds.repeatsAgree, true);
    assert.equal(v.strictPass, true);
    // 0.5 s is far outside 15 % of the mean and QEMU's repeats agree: no range to hide in
    // (with the 0 s repeat, the range [0, 2.25] s took it).
    assert.equal(
      compareQemuMechanismPoint(runs, { ...sim, totalSeconds: 0.5 }, 0.15).spreadAwarePass,
      false,
    );
    const [a] = qemuMechanismRepeatAgreement(runs, 0.15);
    assert.equal(a!.totalSeconds.recorded.count, 2);
    assert.equal(a!.totalSeconds.agree, true);
  });

  await t.step("a simulated figure that is not a finite number >= 0 is an error naming it", () => {
    // Against repeats that all timed out, a NaN total read as "did not converge in time":
    // convergence agreed and the point passed both rules.
    const cancelled = {
      converged: false,
      totalSeconds: 20,
      downtimeSeconds: null,
      transferredBytes: 1e6,
      anomalies: [],
      mechanism: "m",
      point: { id: "p", waitLimitSeconds: 20 },
    } as unknown as QemuMechanismRun;
    const sim = { converged: true, totalSeconds: NaN, downtimeSeconds: 0.01, bytesSent: 1e6 };
    assert.throws(() => compareQemuMechanismPoint([cancelled], sim, 0.15), {
      name: "RangeError",
      message: "Cannot compare a QEMU mechanisms point as simulated.totalSeconds must be a " +
        "finite number >= 0: current value is NaN",
    });
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

  await t.step("a point whose completed repeats have no downtime does not pass on it", () => {
    // QEMU reported each repeat's downtime impossibly (null in the record): the verdict
    // has no downtime, and the passes were taken over the total time and bytes alone, so
    // compare_mechanisms.ts counted the point as passing a figure it was never held to.
    const run = (t: number) =>
      ({
        converged: true,
        totalSeconds: t,
        downtimeSeconds: null,
        transferredBytes: 100,
        mechanism: "m",
        point: { id: "p", waitLimitSeconds: 20 },
      }) as QemuMechanismRun;
    const sim = { converged: true, totalSeconds: 1, downtimeSeconds: 0.01, bytesSent: 100 };
    const v = compareQemuMechanismPoint([run(1), run(1)], sim, 0.15);
    assert.equal(v.figures!.downtimeSeconds, null);
    assert.equal(v.figures!.totalSeconds.strict, true);
    assert.equal(v.figures!.bytes.strict, true);
    assert.equal(v.convergenceAgrees, true);
    assert.equal(v.strictPass, false);
    assert.equal(v.spreadAwarePass, false);
    // one repeat with a downtime is enough to hold the point to it
    const held = compareQemuMechanismPoint(
      [run(1), { ...run(1), downtimeSeconds: 0.01 }],
      sim,
      0.15,
    );
    assert.equal(held.strictPass, true);
    assert.equal(held.spreadAwarePass, true);
  });
});

Deno.test("the guest's walk where it stood at migrate", async (t) => {
  await t.step("the harness sends migrate after 4 progress lines of 200 ms: 0.8 s", () => {
    assert.equal(qemuGuestSecondsAtMigrate(record.meta), 0.8);
    assert.throws(
      () => qemuGuestSecondsAtMigrate({ ...record.meta, raw: { guest: { reportMs: 0 } } }),
      /meta\.raw\.guest\.reportMs must be .*current value is 0/,
    );
  });

  await t.step("the record agrees: the last line before the stop puts migrate there", () => {
    // A catching-up guest has made rate x T writes at guest time T, and prints every
    // 200 ms: its last source line (W writes) came at T = W / rate within 200 ms
    // before the stop, total-time - downtime after migrate.
    for (
      const [file, expected] of [["mechanisms.jsonl", 15], ["mechanisms_quiet.jsonl", 25]] as const
    ) {
      const raw = (Deno.readTextFileSync(`${DIR}${file}`)).split("\n").filter((l) => l !== "")
        .slice(1).map((l) => JSON.parse(l));
      const done = raw.filter((r) =>
        r.outcome === "completed" && r.point.workload.catchup !== false &&
        r.point.technique === "pre-copy" && r.point.workload.writesPerSecond > 0
      );
      assert.equal(done.length, expected, file);
      for (const r of done) {
        const last = r.guest.lastSourceWrites / r.point.workload.writesPerSecond;
        const live = (r.queryMigrate["total-time"] - r.queryMigrate.downtime) / 1000;
        const [lo, hi] = [last - live, last + 0.2 - live];
        assert.ok(lo <= 0.83 && hi >= 0.8, `${file} ${r.point.id} #${r.repeat}: [${lo}, ${hi}]`);
      }
    }
  });

  await t.step("guestSecondsAtMigrate enters the walk at rate x seconds, 0 at its start", () => {
    for (const g of groups.values()) {
      const o = { bandwidthBytesPerSecond: 432487299, stateBytes: 112655 };
      const mech = {
        ...o,
        compressionBytesPerSecondPerCore: 4e8,
        xbzrleEncodeBytesPerSecond: 1.2e9,
      };
      const plain = simulateQemuMechanismPoint(g, mech).figures;
      const atZero = simulateQemuMechanismPoint(g, { ...mech, guestSecondsAtMigrate: 0 }).figures;
      assert.deepEqual(atZero, plain, g[0]!.point.id);
    }
    // On the multifd point the phase moves the result (9.0-13.8 s over the phases).
    const g = groups.get("mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300")!;
    const o = { bandwidthBytesPerSecond: 432487299, stateBytes: 112655 };
    const totals = [0, 0.4, 0.8, 1.2].map((s) =>
      simulateQemuMechanismPoint(g, { ...o, guestSecondsAtMigrate: s }).figures.totalSeconds
    );
    assert.ok(new Set(totals).size > 1, `${totals}`);
  });

  await t.step("entered at visit k: write 0 goes to the region's page k, and wraps", () => {
    const runs = groups.get("mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300")!;
    const inputs = qemuPointToEngineInputs(runs[0]!.point, runs, { bandwidthBytesPerSecond: 1e9 });
    const { regionStartPage, regionPages } = inputs.sequential;
    assert.deepEqual([regionStartPage, regionPages], [512, 15840]);
    const spec = inputs.vm.workload;
    assert.equal(spec.kind, "sequential");
    const w = createWorkload(
      { ...spec, startVisit: 6400 + 2 * regionPages } as typeof spec,
      inputs.vm.pageCount,
      createPrng(1, "w"),
    );
    const dirty = createBitset(inputs.vm.pageCount);
    // 9,441 writes at 8,000/s: visits 6,400 .. 15,839 then 0 (page 512).
    assert.equal(w.write(0, 9441 / 8000 - 1e-9, dirty), 9441);
    assert.equal(dirty.count(), 9441);
    assert.ok(dirty.has(512 + 6400) && !dirty.has(512 + 6399) && dirty.has(512 + 15839));
    assert.ok(dirty.has(512) && !dirty.has(513));
  });

  await t.step("multifd's final copy runs on min(channels, cores) streams", () => {
    const runs = groups.get("mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300")!;
    const base = {
      bandwidthBytesPerSecond: 1e9,
      stateBytes: 112585,
      downtimeFixedSeconds: 0.001,
      finalCopyBytesPerSecond: 7e8,
    };
    const at = (hostCores: number) => simulateQemuMechanismPoint(runs, { ...base, hostCores });
    const one = at(1);
    const stop = one.result.stopAndCopyBytesSent;
    assert.ok(stop > 1e6);
    const close = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-12, `${x} vs ${y}`);
    close(one.figures.downtimeSeconds, 0.001 + stop / 7e8);
    close(at(2).figures.downtimeSeconds, 0.001 + stop / 1.4e9);
    close(at(8).figures.downtimeSeconds, 0.001 + stop / 2.8e9); // 4 channels
    close(
      one.figures.totalSeconds - one.figures.downtimeSeconds,
      one.result.totalSeconds - one.result.downtimeSeconds,
    );
    assert.throws(() => at(0), /hostCores must be .*current value is 0/);
  });
});

// Verdicts of the engine (preset "qemu" + options.mechanisms) on the recorded points,
// on the inputs saved by validation/qemu/compare_mechanisms.ts: the host profile of the
// plain grid's idle points (the file it names), the machine's cores and the guest time
// at migrate from the record's meta, the compression rates of compression_rates.json
// (QEMU 7.2's multifd calling pattern on Debian's zlib/libzstd), the catchup=0 guest's
// slowdown calibrated on the record's auto-converge points, and the XBZRLE throughput
// measured once.
const saved = JSON.parse(await Deno.readTextFile(`${DIR}mechanisms_engine.json`));
const ROOT = new URL("../../", import.meta.url).pathname;
const engineRecord = await readQemuMechanismRecord(`${ROOT}${saved.record}`);
const engineGroups = new Map<string, QemuMechanismRun[]>();
for (const r of engineRecord.runs) {
  engineGroups.set(r.point.id, [...(engineGroups.get(r.point.id) ?? []), r]);
}
const gridRuns = (await readQemuRecord(`${ROOT}${saved.grid}`)).runs;
const profile = calibrateQemuHostProfile(gridRuns);
// The final copy: the warm rate of a preallocated destination (first_touch.jsonl's idle
// points) plus the first-touch cost per never-sent page (the grid's idle points).
const warm = calibrateQemuWarmFinalCopyBytesPerSecond(
  (await readQemuRecord(`${ROOT}${saved.firstTouchRecord}`)).runs,
  profile.downtimeFixedSeconds,
);
const firstTouch = calibrateQemuFirstTouchSeconds(gridRuns, profile, warm.bytesPerSecond);
const engineOptions = {
  bandwidthBytesPerSecond: profile.unlimitedBytesPerSecond,
  stateBytes: profile.stateBytes,
  downtimeFixedSeconds: profile.downtimeFixedSeconds,
  finalCopyBytesPerSecond: warm.bytesPerSecond,
  firstTouchSecondsPerPage: firstTouch.secondsPerPage,
  hostCores: Number(engineRecord.meta.machine.cores),
  guestSecondsAtMigrate: qemuGuestSecondsAtMigrate(engineRecord.meta),
  dirtyLoggingSlowdownFraction: saved.guestSlowdown.slowdownFraction as number,
};
const verdicts: QemuMechanismVerdict[] = [...engineGroups.values()].map((runs) => {
  const algorithm = runs[0]!.settings.multifd?.compression;
  const { figures } = simulateQemuMechanismPoint(runs, {
    ...engineOptions,
    ...(algorithm === "zlib" || algorithm === "zstd"
      ? {
        compressionBytesPerSecondPerCore: saved.compressionBytesPerSecondPerCore[algorithm],
        decompressionBytesPerSecondPerCore: saved.decompressionBytesPerSecondPerCore[algorithm],
        compressionBurstCores: saved.compressionBurstCores[algorithm],
      }
      : {}),
    ...(runs[0]!.settings.xbzrle
      ? { xbzrleEncodeBytesPerSecond: saved.xbzrleEncodeBytesPerSecond }
      : {}),
  });
  return compareQemuMechanismPoint(runs, figures, 0.15);
});
const ids = (f: (v: QemuMechanismVerdict) => boolean) =>
  verdicts.filter(f).map((v) => v.pointId).sort();

/**
 * Points whose convergence the engine gets wrong today, with the reason. "Converged"
 * means completed within the 20 s wait bound, for QEMU and the engine alike. None: the
 * plain catchup=0 point at 8,000 writes/s (QEMU 14.5-19.8 s) converged in the engine
 * only after 39.4 s at the guest's warm-up rate; with the guest's slowdown during
 * migration calibrated on the auto-converge catchup=0 points (3.55 %) it ends after
 * 18.0 s.
 */
const CONVERGENCE_FAILURES: Record<string, string> = {};
/**
 * Every point not passing spread-aware, with the reason (the convergence failures
 * above, then figure failures).
 */
const KNOWN_FAILURES: Record<string, string> = {
  ...CONVERGENCE_FAILURES,
};
/**
 * Points passing strictly (convergence, and every figure within 15 % of the mean, times
 * within it plus QEMU's 1 ms resolution): all 15. With the final copy at the warm rate
 * plus the first-touch cost (the busy guests' final copies re-send pages the destination
 * holds), the three catchup=0 points' downtimes (7.2-7.3 ms against QEMU's 7-9, 8-9 and
 * 5-11 ms) and multifd without compression (4.4 ms against 4-8 ms) pass. Multifd with
 * zlib (25.5 ms against 26-33 ms, mean 30.0: -15 %, inside 15 % plus 1 ms) and zstd
 * (7.1 ms against 5-10 ms) pass with their compression and decompression on the 0.95
 * cores QEMU's own traced compressed final copies got (final_copy_trace.jsonl); at the
 * 1.27 cores of compress_rate's burst zlib failed with 20.2 ms (-33 %).
 */
const STRICT_PASSES: string[] = [
  "mech-plain-pre-64M-r8000-fill-bw32M-dl300",
  "mech-plain-pre-64M-r32000-fill-bw32M-dl300",
  "mech-plain-pre-64M-r8000-fill-bw32M-dl300-nocatchup",
  "mech-plain-pre-64M-r32000-fill-bw32M-dl300-nocatchup",
  "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300",
  "mech-auto-converge-pre-64M-r32000-fill-bw32M-dl300",
  "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300-nocatchup",
  "mech-auto-converge-50-20-pre-64M-r32000-fill-bw32M-dl300-nocatchup",
  "mech-xbzrle-16M-pre-64M-r8000-fill-bw32M-dl300",
  "mech-xbzrle-64M-pre-64M-r8000-fill-bw32M-dl300",
  "mech-xbzrle-64M-pre-64M-r32000-fill-bw32M-dl300",
  "mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300",
  "mech-multifd-4-zlib-pre-64M-r8000-fill-bw32M-dl300",
  "mech-multifd-4-zstd-pre-64M-r8000-fill-bw32M-dl300",
  "mech-postcopy-after-precopy-post-64M-r32000-fill-bw32M-dl300",
];
/** Points passing spread-aware: the strict ones. */
const SPREAD_AWARE_PASSES: string[] = [...STRICT_PASSES];

Deno.test("the qemu preset with options.mechanisms against the recorded mechanisms", async (t) => {
  await t.step("matches the saved comparison (same inputs, same verdicts)", () => {
    assert.deepEqual(saved.hostProfile, {
      unlimitedBytesPerSecond: Math.round(profile.unlimitedBytesPerSecond),
      finalCopyBytesPerSecond: Math.round(profile.finalCopyBytesPerSecond),
      downtimeFixedSeconds: profile.downtimeFixedSeconds,
      stateBytes: profile.stateBytes,
    });
    assert.deepEqual(
      [saved.hostCores, saved.guestSecondsAtMigrate],
      [engineOptions.hostCores, engineOptions.guestSecondsAtMigrate],
    );
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
    // Counted on mechanisms_quiet.jsonl: 15 points, 15 converge as in QEMU, 15 strict,
    // 15 spread-aware, no known failure (with compression on compress_rate's burst cores,
    // 1.27 for zlib: 15, 14, 14, multifd with zlib failing its downtime; with every final
    // copy at the grid profile's pooled rate, before the first-touch split: 15, 10, 12;
    // before the measured compression pattern and the guest's slowdown as well: 14, 10, 11). On the same inputs with the loopback rate of
    // runs.jsonl for the whole copy and the walk from the region's first page: 8 and 8.
    // On mechanisms.jsonl, the first recording: 9 and 13 (with its own slowdown
    // calibration; that mapping: 8 and 10). compare_mechanisms.ts prints these counts
    // (its last table).
    assert.deepEqual(
      [verdicts.length, STRICT_PASSES.length, SPREAD_AWARE_PASSES.length],
      [15, 15, 15],
    );
    assert.equal(verdicts.filter((v) => v.convergenceAgrees).length, 15);
    assert.equal(Object.keys(KNOWN_FAILURES).length, 0);
  });

  await t.step("as in QEMU: plain and catching-up runs do not converge; the rest do", () => {
    // The issue's expectation (auto-converge and the post-copy switch converge where plain
    // does not) holds for a guest whose writes follow its CPU time (catchup=0) at 32000/s,
    // and for the post-copy switch; the engine agrees on each.
    const v = new Map(verdicts.map((x) => [x.pointId, x]));
    const conv = (id: string) => [v.get(id)!.convergedRuns, v.get(id)!.simulatedConverged];
    assert.deepEqual(conv("mech-plain-pre-64M-r32000-fill-bw32M-dl300-nocatchup"), [0, false]);
    assert.deepEqual(
      conv("mech-auto-converge-50-20-pre-64M-r32000-fill-bw32M-dl300-nocatchup"),
      [5, true],
    );
    assert.deepEqual(conv("mech-plain-pre-64M-r32000-fill-bw32M-dl300"), [0, false]);
    assert.deepEqual(
      conv("mech-postcopy-after-precopy-post-64M-r32000-fill-bw32M-dl300"),
      [5, true],
    );
    assert.deepEqual(conv("mech-xbzrle-64M-pre-64M-r32000-fill-bw32M-dl300"), [5, true]);
  });
});

Deno.test("the grid's walk start (QEMU_GRID_WALK_START_SECONDS) is the guest time at migrate of every record", async () => {
  for (const file of ["runs.jsonl", "runs_priority.jsonl", "runs_quiet.jsonl"]) {
    const { meta } = await readQemuRecord(`${ROOT}data/validation/qemu/${file}`);
    assert.equal(qemuGuestSecondsAtMigrate(meta), QEMU_GRID_WALK_START_SECONDS, file);
  }
  assert.equal(qemuGuestSecondsAtMigrate(engineRecord.meta), QEMU_GRID_WALK_START_SECONDS);
});

Deno.test("multifd compression as QEMU 7.2 does it: rates measured on Debian's zlib and libzstd", async (t) => {
  const rates = JSON.parse(await Deno.readTextFile(`${DIR}compression_rates.json`));
  await t.step("the rates file: its command, QEMU's calling pattern, the guest's pages", () => {
    assert.match(rates.command, /validation\/qemu\/measure_compression\.ts/);
    assert.match(rates.build, /compress_rate\.c .*-lz -lzstd/);
    assert.equal(rates.format, "migrate-lab/compression-rates@1");
    for (const a of ["zlib", "zstd"]) {
      const g = rates.summary[`${a}/guest`];
      const runs = rates.runs.filter((r: { algorithm: string; contents: string }) =>
        r.algorithm === a && r.contents === "guest"
      );
      assert.equal(runs.length, g.runs);
      // Level 1 (multifd-zlib-level, multifd-zstd-level as recorded), 128 pages a packet.
      assert.ok(
        runs.every((r: { level: number; pagesPerPacket: number }) =>
          r.level === 1 && r.pagesPerPacket === 128
        ),
      );
      // The medians are the runs' rates (page bytes / CPU seconds of the thread).
      const per = runs.map((r: { bytesIn: number; compressCpuSeconds: number }) =>
        r.bytesIn / r.compressCpuSeconds
      ).sort((x: number, y: number) => x - y);
      assert.equal(g.compressBytesPerSecondPerCore, Math.round(per[per.length >> 1]));
      assert.equal(g.burst.channels, 4);
      assert.ok(g.burst.burstEffectiveCores > 0 && g.burst.burstEffectiveCores <= 2);
    }
    // The guest's pages (one non-zero word, the rest zero) deflate to about 0.5 %.
    assert.ok(rates.summary["zlib/guest"].ratio < 0.01);
    // QEMU's page-by-page deflate with a copy is far slower than zstd on the same pages.
    assert.ok(
      rates.summary["zlib/guest"].compressBytesPerSecondPerCore * 4 <
        rates.summary["zstd/guest"].compressBytesPerSecondPerCore,
    );
  });

  await t.step("the comparison used those rates and the traced final copies' cores", async () => {
    const trace = await readQemuFinalCopyTrace(`${ROOT}${saved.finalCopyTrace.record}`);
    const cores = calibrateQemuCompressedFinalCopyCores(trace.runs, {
      zlib: rates.summary["zlib/guest"],
      zstd: rates.summary["zstd/guest"],
    });
    assert.deepEqual(saved.finalCopyTrace, { record: saved.finalCopyTrace.record, ...cores });
    for (const a of ["zlib", "zstd"] as const) {
      const g = rates.summary[`${a}/guest`];
      assert.equal(saved.compressionBytesPerSecondPerCore[a], g.compressBytesPerSecondPerCore);
      assert.equal(saved.decompressionBytesPerSecondPerCore[a], g.decompressBytesPerSecondPerCore);
      assert.equal(saved.compressionBurstCores[a], cores.cores);
    }
  });

  await t.step(
    "QEMU's traced final copies: as many pages as the engine's, compression on the cores QEMU got",
    async () => {
      const trace = await readQemuFinalCopyTrace(`${ROOT}${saved.finalCopyTrace.record}`);
      assert.match(String(trace.meta.command), /trace_final_copy\.ts/);
      const done = trace.runs.filter((r) => r.timeline !== null);
      assert.ok(done.length >= 12);
      // QEMU's final copy holds about the engine's 2,629 pages (within 5 %), with or
      // without compression: compression does not change what is left to copy.
      for (const r of done) {
        assert.ok(Math.abs(r.timeline!.pages / 2629 - 1) < 0.05, `${r.timeline!.pages}`);
      }
      const c = saved.finalCopyTrace;
      // Fewer cores than the 2 of the machine: the recording's load took the rest.
      assert.ok(c.cores > 0 && c.cores < 2);
      assert.ok(c.perAlgorithm.zlib.extraMs > c.perAlgorithm.zstd.extraMs);
    },
  );

  await t.step("calibrateQemuCompressedFinalCopyCores: a hand-computed case and bad input", () => {
    const run = (compression: "none" | "zlib" | "zstd", syncEndMs: number, pages = 1000) => ({
      compression,
      outcome: "completed",
      downtimeMs: null,
      timeline: { pages, syncEndMs },
    });
    // 1000 pages: 8 ms compress + 2 ms decompress (zlib), 1 + 1 ms (zstd).
    const rate = (cMs: number, dMs: number) => ({
      compressBytesPerSecondPerCore: 4096e3 / (cMs / 1000),
      decompressBytesPerSecondPerCore: 4096e3 / (dMs / 1000),
    });
    const r = { zlib: rate(8, 2), zstd: rate(1, 1) };
    const c = calibrateQemuCompressedFinalCopyCores(
      [run("none", 4), run("none", 6), run("none", 100), run("zlib", 25), run("zstd", 8)],
      r,
    );
    assert.equal(c.noneMedianMs, 6);
    const close = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-9, `${x} vs ${y}`);
    close(c.perAlgorithm.zlib.cores, 10 / 19);
    close(c.perAlgorithm.zstd.cores, 2 / 2);
    close(c.cores, 12 / 21);
    assert.throws(
      () => calibrateQemuCompressedFinalCopyCores([run("zlib", 25), run("zstd", 8)], r),
      /completed run without compression/,
    );
    assert.throws(
      () =>
        calibrateQemuCompressedFinalCopyCores([run("none", 9), run("zlib", 25), run("zstd", 8)], r),
      /zstd final copies must take longer .*current value is -1 ms/,
    );
    assert.throws(
      () =>
        calibrateQemuCompressedFinalCopyCores(
          [run("none", 4), run("lz4" as "zlib", 25), run("zstd", 8)],
          r,
        ),
      /compression must be one of .*current value is "lz4"/,
    );
  });

  await t.step(
    "the final copy: the copy's time plus compress and decompress per burst core",
    () => {
      const runs = groups.get("mech-multifd-4-zlib-pre-64M-r8000-fill-bw32M-dl300")!;
      const base = {
        bandwidthBytesPerSecond: 1e9,
        stateBytes: 112585,
        downtimeFixedSeconds: 0.001,
        finalCopyBytesPerSecond: 7e8,
        hostCores: 2,
        compressionBytesPerSecondPerCore: 5e8,
      };
      const plain = simulateQemuMechanismPoint(runs, base);
      const stop = plain.result.roundRows.find((r) => r.phase === "stop-and-copy")!;
      const pageBytes = (stop.pagesSent - (stop.zeroPagesSent ?? 0)) * 4096;
      const copy = plain.result.stopAndCopyBytesSent / 1.4e9; // 2 streams
      const close = (x: number, y: number) => assert.ok(Math.abs(x - y) < 1e-12, `${x} vs ${y}`);
      // Decompression free, burst on min(4 channels, 2 cores) = 2 cores.
      close(plain.figures.downtimeSeconds, 0.001 + copy + pageBytes / 5e8 / 2);
      const full = simulateQemuMechanismPoint(runs, {
        ...base,
        decompressionBytesPerSecondPerCore: 2e9,
        compressionBurstCores: 1.25,
      });
      close(
        full.figures.downtimeSeconds,
        0.001 + copy + (pageBytes / 5e8 + pageBytes / 2e9) / 1.25,
      );
      assert.throws(
        () => simulateQemuMechanismPoint(runs, { ...base, compressionBurstCores: 0 }),
        /compressionBurstCores must be .*current value is 0/,
      );
    },
  );
});

Deno.test("the catchup=0 guest's slowdown during migration", async (t) => {
  await t.step("calibrated on the auto-converge catchup=0 points, never the plain one", () => {
    const s = calibrateQemuGuestSlowdown(
      engineRecord.runs.filter((r) => r.settings.autoConverge !== undefined && !r.catchup),
      engineOptions.guestSecondsAtMigrate,
      0.2,
    );
    assert.deepEqual(
      [...new Set(s.runs.map((r) => r.pointId))].sort(),
      [
        "mech-auto-converge-50-20-pre-64M-r32000-fill-bw32M-dl300-nocatchup",
        "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300-nocatchup",
      ],
    );
    assert.equal(s.runs.length, 10);
    assert.equal(saved.guestSlowdown.slowdownFraction, s.slowdownFraction);
    // 3.55 %: the guests wrote 96.45 % of their warm-up rate per second of run time.
    assert.ok(Math.abs(s.slowdownFraction - 0.0355) < 0.0005, `${s.slowdownFraction}`);
  });

  await t.step("held out: the plain point's own guests agree within 2 %", () => {
    // Not used by the engine: the plain catchup=0 point's runs, measured the same way.
    const plain = calibrateQemuGuestSlowdown(
      engineGroups.get("mech-plain-pre-64M-r8000-fill-bw32M-dl300-nocatchup")!,
      engineOptions.guestSecondsAtMigrate,
      0.2,
    );
    assert.equal(plain.runs.length, 5);
    assert.ok(
      Math.abs(plain.slowdownFraction - saved.guestSlowdown.slowdownFraction) < 0.02,
      `${plain.slowdownFraction}`,
    );
  });

  await t.step("a hand-computed run: throttle held from each poll to the next", () => {
    // 8000/s set and warm-up; migrate at 0.8 s of guest time (6,400 writes); live 10 s,
    // throttled 50 % from 4 s on: 4 + 3 = 7 s of run time. At 90 % of its rate it made
    // 0.9 x 8000 x 7 = 50,400 writes; the last line came half a 0.2 s report (800) early.
    const run = {
      point: { id: "p", workload: { writesPerSecond: 8000 } },
      repeat: 0,
      catchup: false,
      converged: true,
      totalSeconds: 10.002,
      downtimeSeconds: 0.002,
      measuredWritesPerSecond: 8000,
      lastSourceWrites: 6400 + 50400 - 800,
      throttleSamples: [[0.1, null], [4, 50], [4.1, 50], [12, 50]],
    } as unknown as QemuMechanismRun;
    const s = calibrateQemuGuestSlowdown([run], 0.8, 0.2);
    assert.ok(Math.abs(s.runs[0]!.runSeconds - 7) < 1e-9, `${s.runs[0]!.runSeconds}`);
    assert.ok(Math.abs(s.slowdownFraction - 0.1) < 1e-9, `${s.slowdownFraction}`);
    // A catching-up guest, or one without its last line, is left out.
    assert.throws(
      () => calibrateQemuGuestSlowdown([{ ...run, catchup: true }], 0.8, 0.2),
      /runs must hold a completed catchup=0 run/,
    );
    assert.throws(() => calibrateQemuGuestSlowdown([run], -1, 0.2), /guestSecondsAtMigrate/);
    assert.throws(
      () => calibrateQemuGuestSlowdown("x" as unknown as QemuMechanismRun[], 0.8, 0.2),
      /runs must be an array: current value is "x"/,
    );
  });

  await t.step("the engine applies it to catchup=0 guests only", () => {
    const o = { bandwidthBytesPerSecond: 1e9, stateBytes: 112585 };
    for (const id of ["mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300"]) {
      const g = groups.get(id)!;
      assert.deepEqual(
        simulateQemuMechanismPoint(g, { ...o, dirtyLoggingSlowdownFraction: 0.2 }).figures,
        simulateQemuMechanismPoint(g, o).figures,
      );
    }
    const g = engineGroups.get("mech-plain-pre-64M-r8000-fill-bw32M-dl300-nocatchup")!;
    const slow = simulateQemuMechanismPoint(g, { ...o, dirtyLoggingSlowdownFraction: 0.2 });
    assert.equal(slow.result.mechanisms?.slowdown[0]?.cause, "dirty-logging");
    assert.throws(
      () => simulateQemuMechanismPoint(g, { ...o, dirtyLoggingSlowdownFraction: 1 }),
      /dirtyLoggingSlowdownFraction .*current value is 1/,
    );
  });
});
