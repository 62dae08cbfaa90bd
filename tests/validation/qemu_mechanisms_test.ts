import assert from "node:assert/strict";
import {
  calibrateQemuFirstTouchSeconds,
  calibrateQemuHostProfile,
  calibrateQemuWarmFinalCopyBytesPerSecond,
  compareQemuMechanismPoint,
  parseQemuMechanismRecord,
  QEMU_GRID_WALK_START_SECONDS,
  QEMU_GUEST_CHANGED_BYTES_PER_WRITE,
  qemuGuestPageCompressionRatio,
  qemuGuestSecondsAtMigrate,
  qemuMechanismOptions,
  type QemuMechanismRun,
  type QemuMechanismVerdict,
  qemuPointToEngineInputs,
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
// at migrate from the record's meta, the compression and XBZRLE throughputs measured
// once.
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
};
const verdicts: QemuMechanismVerdict[] = [...engineGroups.values()].map((runs) => {
  const algorithm = runs[0]!.settings.multifd?.compression;
  const { figures } = simulateQemuMechanismPoint(runs, {
    ...engineOptions,
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

/**
 * Points whose convergence the engine gets wrong today, with the reason. "Converged"
 * means completed within the 20 s wait bound, for QEMU and the engine alike.
 */
const CONVERGENCE_FAILURES: Record<string, string> = {
  "mech-plain-pre-64M-r8000-fill-bw32M-dl300-nocatchup":
    "QEMU completed 5 of 5 in 14.5-19.8 s against the 20 s bound; the engine, given the " +
    "guest's warm-up rate (median 7,941 writes/s, as measured before migrate), ends " +
    "after 39.4 s: the scan (8,960 pages/s) barely outruns that rate. By its own " +
    "counter the guest made only 7,271-7,699 writes/s during the migrations (a " +
    "catchup=0 vCPU shares the 2 cores with the migration threads), at which the " +
    "engine ends after 12.6-19.1 s; that rate is known only from the migration's own " +
    "duration, so it is not given to the engine",
};
/**
 * Every point not passing spread-aware, with the reason (the convergence failures
 * above, then figure failures).
 */
const KNOWN_FAILURES: Record<string, string> = {
  ...CONVERGENCE_FAILURES,
  "mech-multifd-4-zlib-pre-64M-r8000-fill-bw32M-dl300":
    "downtime 4.4 ms against QEMU's 26-33 ms (total -1 %, bytes -0 % pass): the engine " +
    "copies the 11 MB left on min(4 channels, 2 cores) streams and compresses them at " +
    "the measured node:zlib rate (3.0 GB/s per core at high priority), so the wire binds; " +
    "QEMU's zlib channels took 3-8 times as long as with no or zstd compression (4-10 ms), " +
    "i.e. its deflate of the final pages ran at about 0.2 GB/s per core",
};
/**
 * Points passing strictly (convergence, and every figure within 15 % of the mean, times
 * within it plus QEMU's 1 ms resolution): the six points neither QEMU nor the engine
 * completes within the wait bound, both auto-converge points that complete (their final
 * copies, 8.2-10.0 MB of pages the destination holds, at the warm rate: 7.2 and 6.8 ms
 * against QEMU's 8-9 and 5-11 ms), XBZRLE with the 64 MiB cache, multifd without
 * compression and the post-copy switch.
 */
const STRICT_PASSES: string[] = [
  "mech-plain-pre-64M-r8000-fill-bw32M-dl300",
  "mech-plain-pre-64M-r32000-fill-bw32M-dl300",
  "mech-plain-pre-64M-r32000-fill-bw32M-dl300-nocatchup",
  "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300",
  "mech-auto-converge-pre-64M-r32000-fill-bw32M-dl300",
  "mech-auto-converge-pre-64M-r8000-fill-bw32M-dl300-nocatchup",
  "mech-auto-converge-50-20-pre-64M-r32000-fill-bw32M-dl300-nocatchup",
  "mech-xbzrle-16M-pre-64M-r8000-fill-bw32M-dl300",
  "mech-xbzrle-64M-pre-64M-r8000-fill-bw32M-dl300",
  "mech-xbzrle-64M-pre-64M-r32000-fill-bw32M-dl300",
  "mech-multifd-4-pre-64M-r8000-fill-bw32M-dl300",
  "mech-postcopy-after-precopy-post-64M-r32000-fill-bw32M-dl300",
];
/**
 * Points passing spread-aware: the strict ones plus multifd with zstd (downtime 4.4 ms
 * against 5-10 ms, QEMU's repeats spreading 58 %).
 */
const SPREAD_AWARE_PASSES: string[] = [
  ...STRICT_PASSES,
  "mech-multifd-4-zstd-pre-64M-r8000-fill-bw32M-dl300",
];

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
    // Counted on mechanisms_quiet.jsonl: 15 points, 14 converge as in QEMU, 12 strict,
    // 13 spread-aware, 2 known failures (with every final copy at the grid profile's
    // pooled rate, before the first-touch split: 10 and 11, 4 known failures). On the
    // same inputs with the loopback rate of runs.jsonl for the whole copy and the walk
    // from the region's first page: 8 and 8. On mechanisms.jsonl, the first recording:
    // 8 and 12 (that mapping: 7 and 9; pinned before, with throughputs measured under
    // load: 7 and 10). compare_mechanisms.ts prints these counts (its last table).
    assert.deepEqual(
      [verdicts.length, STRICT_PASSES.length, SPREAD_AWARE_PASSES.length],
      [15, 12, 13],
    );
    assert.equal(verdicts.filter((v) => v.convergenceAgrees).length, 14);
    assert.equal(Object.keys(KNOWN_FAILURES).length, 2);
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
