import assert from "node:assert/strict";
import { createBitset, createPrng, createWorkload } from "../../mod.ts";
import {
  compareWithQemuRuns,
  groupQemuRuns,
  measuredLoopbackBytesPerSecond,
  measuredQemuDeviceStateBytes,
  parseQemuRecord,
  QEMU_GUEST_HIDDEN_PAGES,
  qemuEngineWorkload,
  qemuPointToEngineInputs,
  type QemuRun,
  qemuSequentialWorkload,
  readQemuRecord,
  repeatStats,
  summarizeQemuComparisons,
} from "../../lib/validation/mod.ts";
import { consistencyGrid, grid } from "../../validation/qemu/run.ts";

const RECORD = new URL("../../data/validation/qemu/runs.jsonl", import.meta.url).pathname;
const text = await Deno.readTextFile(RECORD);
const lines = text.split("\n").filter((l) => l !== "");
const metaLine = lines[0]!;
const runLine = lines[1]!;

Deno.test("the recorded QEMU dataset", async (t) => {
  const record = await readQemuRecord(RECORD);
  const groups = new Map(groupQemuRuns(record.runs).map((g) => [g.point.id, g]));

  await t.step("holds every grid point of run.ts with at least 3 repeats", () => {
    const points = grid(false);
    assert.ok(points.length >= 48);
    for (const point of points) {
      const group = groups.get(point.id);
      assert.ok(group, `point ${point.id} missing`);
      assert.deepEqual(group.point, point, `point ${point.id} differs from the grid`);
      assert.ok(group.runs.length >= 3, `point ${point.id}: ${group.runs.length} runs`);
      const repeats = group.runs.map((r) => r.repeat).sort();
      assert.deepEqual(repeats, [...new Set(repeats)], `point ${point.id}: duplicate repeat`);
    }
    assert.equal(groups.size, points.length);
  });

  await t.step("covers the brief's grid: RAM x rate x cap x downtime-limit, post-copy", () => {
    const pre = record.runs.filter((r) => r.point.technique === "pre-copy");
    const set = (f: (r: QemuRun) => unknown) => new Set(pre.map(f));
    assert.deepEqual([...set((r) => r.point.ramMiB)].sort((a, b) => +a! - +b!), [64, 256]);
    assert.ok(set((r) => r.point.workload.writesPerSecond).has(0));
    assert.ok(set((r) => r.point.workload.writesPerSecond).has(32000));
    const caps = set((r) => r.point.maxBandwidthBytesPerSecond);
    for (const cap of [32 * 2 ** 20, 128 * 2 ** 20, null]) assert.ok(caps.has(cap));
    assert.ok(set((r) => r.point.downtimeLimitMs).has(300));
    assert.ok(set((r) => r.point.downtimeLimitMs).size >= 2);
    const post = record.runs.filter((r) => r.point.technique === "post-copy");
    assert.ok(post.length >= 3);
    assert.ok(post.every((r) => r.converged && r.postcopyRequests >= 0));
  });

  await t.step("has finite figures and consistent convergence flags", () => {
    for (const [i, run] of record.runs.entries()) {
      const at = `run ${i} (${run.point.id} #${run.repeat})`;
      assert.notEqual(run.outcome, "failed", at);
      for (const x of [run.totalSeconds, run.transferredBytes, run.mbps, run.wallSeconds]) {
        assert.ok(Number.isFinite(x), at);
      }
      assert.ok(run.transferredBytes > 0, at);
      assert.ok(run.normalPages + run.zeroPages > 0, at);
      if (run.converged) {
        assert.equal(run.queryMigrate.status, "completed", at);
        if (run.point.technique === "pre-copy") {
          assert.deepEqual(run.anomalies, [], at);
          assert.ok(run.downtimeSeconds !== null && run.downtimeSeconds <= run.totalSeconds, at);
        } else {
          // QEMU 7.2 sometimes reports a post-copy downtime longer than the whole
          // migration; the reader keeps it out of downtimeSeconds and says so.
          assert.equal(run.downtimeSeconds === null, run.anomalies.length === 1, at);
        }
        assert.ok(run.totalSeconds <= run.point.waitLimitSeconds + 0.5, at);
        // RAM moves at least once (zero pages as a header only).
        assert.ok(run.normalPages + run.zeroPages >= run.ramTotalBytes / 4096 * 0.99, at);
      } else {
        assert.equal(run.outcome, "timeout-cancelled", at);
        assert.equal(run.downtimeSeconds, null, at);
        assert.ok(run.totalSeconds >= run.point.waitLimitSeconds, at);
      }
    }
  });

  await t.step("every completed migration left a running guest", () => {
    const raw = lines.slice(1).map((l) => JSON.parse(l));
    for (const r of raw) {
      if (!r.converged) continue;
      assert.equal(r.guest.destinationRunning, true, r.point.id);
      if (r.point.workload.writesPerSecond > 0) {
        // The guest printed progress at the destination; whether it went on from the
        // source's last count is recorded (QEMU 7.2 under TCG sometimes resumes the guest
        // with stale pages: see data/validation/qemu/README.md).
        assert.equal(typeof r.guest.destinationContinued, "boolean", r.point.id);
        assert.ok(r.guest.firstDestinationWrites > 0, r.point.id);
      }
    }
  });

  await t.step("says how it was made: command, machine, load, rate checks", () => {
    const meta = record.meta;
    assert.match(meta.command, /validation\/qemu\/run\.ts/);
    assert.match(String(meta.machine.qemuVersion), /QEMU emulator version/);
    assert.ok(Number(meta.machine.cores) >= 1);
    const checks = meta.raw.rateChecks as { relativeErrorHostClock: number }[];
    assert.ok(checks.length >= 3);
    for (const c of checks) assert.ok(Math.abs(c.relativeErrorHostClock) < 0.02);
  });

  await t.step("the device state as measuredQemuDeviceStateBytes' doc states it", () => {
    // The stream's bytes (from ram.mbps) less ram.transferred, per idle pre-copy run.
    const excess = (r: QemuRun) =>
      Math.round(r.mbps * Math.round((r.totalSeconds - (r.setupSeconds ?? 0)) * 1000) * 125) -
      r.transferredBytes;
    const idle = record.runs.filter((r) =>
      r.converged && r.point.technique === "pre-copy" && r.point.workload.writesPerSecond === 0
    );
    assert.equal(idle.length, 42);
    const twoSyncs = idle.filter((r) => r.dirtySyncCount === 2);
    assert.deepEqual(twoSyncs.map(excess), Array(7).fill(112_585));
    const more = idle.filter((r) => r.dirtySyncCount !== 2).map(excess);
    assert.deepEqual([Math.min(...more), Math.max(...more)], [112_595, 113_375]);
    assert.equal(measuredQemuDeviceStateBytes(record.runs), 112_655);
  });

  await t.step("converts every point to engine inputs", () => {
    const loopback = measuredLoopbackBytesPerSecond(record.runs);
    assert.ok(loopback > 32 * 2 ** 20);
    for (const { point, runs } of groups.values()) {
      const inputs = qemuPointToEngineInputs(point, runs, { bandwidthBytesPerSecond: loopback });
      assert.equal(inputs.vm.pageCount * 4096, runs[0]!.ramTotalBytes);
      assert.ok(inputs.vm.pageCount >= point.ramMiB * 256);
      assert.equal(
        inputs.link.maxBandwidthBytesPerSecond ?? null,
        point.maxBandwidthBytesPerSecond,
      );
    }
  });
});

Deno.test("the recorded memory-consistency runs", async (t) => {
  const path = new URL("../../data/validation/qemu/consistency.jsonl", import.meta.url).pathname;
  const record = await readQemuRecord(path);
  const raw = (await Deno.readTextFile(path)).split("\n").filter((l) => l !== "").slice(1)
    .map((l) => JSON.parse(l));

  await t.step("holds every point of consistencyGrid() with at least 3 repeats", () => {
    const groups = new Map(groupQemuRuns(record.runs).map((g) => [g.point.id, g]));
    for (const point of consistencyGrid()) {
      assert.deepEqual(groups.get(point.id)?.point, point, point.id);
      assert.ok(groups.get(point.id)!.runs.length >= 3, point.id);
    }
  });

  await t.step("compared every page of every completed run", () => {
    for (const [i, run] of record.runs.entries()) {
      if (!run.converged) continue;
      assert.ok(run.stalePages !== null, run.point.id);
      assert.equal(raw[i].memoryCheck.pagesCompared, run.point.ramMiB * 256, run.point.id);
    }
  });

  await t.step("a guest that went back in time at the destination had stale pages", () => {
    for (const [i, run] of record.runs.entries()) {
      if (raw[i].guest.destinationContinued === false) {
        assert.ok(run.stalePages!.length > 0, `${run.point.id} #${run.repeat}`);
      }
    }
  });
});

Deno.test("parseQemuRecord names the file, line and field of bad input", async (t) => {
  await t.step("invalid JSON", () => {
    assert.throws(
      () => parseQemuRecord(`${metaLine}\n{oops\n`, "f.jsonl"),
      {
        name: "SyntaxError",
        message:
          /^Cannot read QEMU record f\.jsonl:2 as line must be JSON \(.*\): current value is "\{oops"$/,
      },
    );
  });
  await t.step("no meta line", () => {
    assert.throws(() => parseQemuRecord("\n", "f.jsonl"), {
      name: "SyntaxError",
      message: "Cannot read QEMU record f.jsonl as text must hold a meta line: " +
        'current value is "an empty file of 2 blank line(s)"',
    });
    assert.throws(
      () => parseQemuRecord(runLine, "f.jsonl"),
      /Cannot read QEMU record f\.jsonl:1 as kind must be "meta" on the first line/,
    );
  });
  // The first run line with the field at `path` set to `value` (deleted if undefined).
  const edit = (path: string[], value: unknown) => {
    const o = JSON.parse(runLine) as Record<string, unknown>;
    let at = o;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
    if (value === undefined) delete at[path.at(-1)!];
    else at[path.at(-1)!] = value;
    return `${metaLine}\n\n${JSON.stringify(o)}\n`;
  };
  await t.step("a negative RAM size", () => {
    assert.throws(
      () => parseQemuRecord(edit(["point", "ramMiB"], -64), "f.jsonl"),
      {
        name: "RangeError",
        message:
          "Cannot read QEMU record f.jsonl:3 as point.ramMiB must be an integer >= 1: current value is -64",
      },
    );
  });
  await t.step("a missing query-migrate figure", () => {
    assert.throws(
      () => parseQemuRecord(edit(["queryMigrate", "total-time"], undefined), "f.jsonl"),
      /f\.jsonl:3 as queryMigrate\.total-time must be a number: current value is undefined/,
    );
  });
  await t.step("NaN-like and non-numeric figures", () => {
    assert.throws(
      () => parseQemuRecord(edit(["queryMigrate", "ram", "transferred"], "1e6"), "f.jsonl"),
      /queryMigrate\.ram\.transferred must be a number: current value is "1e6"/,
    );
  });
  await t.step("a convergence flag that contradicts the outcome", () => {
    assert.throws(
      () =>
        parseQemuRecord(
          edit(["converged"], !JSON.parse(runLine).converged),
          "f.jsonl",
        ),
      /f\.jsonl:3 as converged must be true exactly when outcome is "completed"/,
    );
  });
  await t.step("an unknown outcome and technique", () => {
    assert.throws(
      () => parseQemuRecord(edit(["outcome"], "done"), "f.jsonl"),
      /outcome must be one of "completed", "timeout-cancelled", "failed": current value is "done"/,
    );
    assert.throws(
      () => parseQemuRecord(edit(["point", "technique"], "xbzrle"), "f.jsonl"),
      /point\.technique must be one of "pre-copy", "post-copy"/,
    );
  });
  await t.step("impossible QEMU figures are listed as anomalies, not rejected", () => {
    const completed = lines.slice(1).find((l) => JSON.parse(l).outcome === "completed")!;
    const o = JSON.parse(completed);
    o.queryMigrate["total-time"] = 0;
    o.queryMigrate.downtime = 5;
    o.wallSeconds = 2;
    const run = parseQemuRecord(`${metaLine}\n${JSON.stringify(o)}`, "f.jsonl").runs[0]!;
    assert.deepEqual(run.anomalies, [
      "total-time 0 ms after 2 s of wall time",
      "downtime 5 ms exceeds total-time 0 ms",
    ]);
    assert.equal(run.downtimeSeconds, null);
    // As runs_quiet.jsonl's pre-256M-r2000-fill-bw128M-dl300 #1: total-time and downtime
    // both 0 ms after 1.949 s (QEMU 7.2 read before migration_calculate_complete). The
    // downtime 0 is QEMU's initial value, not a repeat's downtime (it made the point's
    // mean 40.8 ms instead of 51.0 and its range start at 0).
    o.queryMigrate.downtime = 0;
    o.wallSeconds = 1.949;
    const stale = parseQemuRecord(`${metaLine}\n${JSON.stringify(o)}`, "f.jsonl").runs[0]!;
    assert.deepEqual(stale.anomalies, ["total-time 0 ms after 1.949 s of wall time"]);
    assert.equal(stale.downtimeSeconds, null);
    // A short migration that did take 0 ms is no anomaly.
    o.wallSeconds = 0.1;
    const short = parseQemuRecord(`${metaLine}\n${JSON.stringify(o)}`, "f.jsonl").runs[0]!;
    assert.deepEqual([short.anomalies, short.downtimeSeconds], [[], 0]);
  });
  await t.step("a stale page outside the compared memory", () => {
    assert.throws(
      () =>
        parseQemuRecord(
          edit(["memoryCheck"], { pagesCompared: 16384, differingPages: [16384] }),
          "f.jsonl",
        ),
      /f\.jsonl:3 as memoryCheck\.differingPages\[0\] must be an integer in \[0, 16383\]: current value is 16384/,
    );
  });
  await t.step("a run line written twice, or a point changed under its id", () => {
    assert.throws(() => parseQemuRecord(`${metaLine}\n${runLine}\n\n${runLine}\n`, "f.jsonl"), {
      name: "RangeError",
      message:
        /^Cannot read QEMU record f\.jsonl:4 as repeat must be unique for point "[^"]+" \(line 2 has it\): current value is 0$/,
    });
    const o = JSON.parse(runLine);
    const other = JSON.stringify({
      ...o,
      repeat: o.repeat + 1,
      point: { ...o.point, ramMiB: 512 },
    });
    assert.throws(() => parseQemuRecord(`${metaLine}\n${runLine}\n${other}\n`, "f.jsonl"), {
      name: "RangeError",
      message:
        /^Cannot read QEMU record f\.jsonl:3 as point must equal the point of line 2 with the same id "[^"]+": current value is \{.*"ramMiB":512/,
    });
    // Another repeat of the same point, and the same repeat to another destination variant, are fine.
    const next = JSON.stringify({ ...o, repeat: o.repeat + 1 });
    assert.equal(parseQemuRecord(`${metaLine}\n${runLine}\n${next}\n`, "f.jsonl").runs.length, 2);
    const variant = JSON.stringify({ ...o, variant: "prealloc" });
    assert.equal(
      parseQemuRecord(`${metaLine}\n${runLine}\n${variant}\n`, "f.jsonl").runs.length,
      2,
    );
  });
  await t.step("an unknown format on the meta line", () => {
    const meta = JSON.parse(metaLine);
    meta.format = "other@2";
    assert.throws(
      () => parseQemuRecord(JSON.stringify(meta), "f.jsonl"),
      /f\.jsonl:1 as format must be one of "migrate-lab\/qemu-validation@1"/,
    );
  });
});

Deno.test("engine inputs of a QEMU point", async (t) => {
  const record = parseQemuRecord(text, "runs.jsonl");
  const run = record.runs.find((r) =>
    r.point.ramMiB === 64 && r.point.workload.writesPerSecond === 2000 &&
    r.point.maxBandwidthBytesPerSecond === null
  )!;
  await t.step("region from 2 MiB to the end of the guest's visible RAM", () => {
    const s = qemuSequentialWorkload(run.point);
    assert.equal(s.regionStartPage, 512);
    assert.equal(s.regionPages, 64 * 256 - QEMU_GUEST_HIDDEN_PAGES - 512);
    assert.equal(s.writesPerSecond, 2000);
  });
  await t.step("unlimited points have no cap; the page header is QEMU's 8 bytes", () => {
    const inputs = qemuPointToEngineInputs(run.point, [run], { bandwidthBytesPerSecond: 4e8 });
    assert.equal(inputs.link.maxBandwidthBytesPerSecond, undefined);
    assert.equal(inputs.link.pageOverheadBytes, 8);
    assert.equal(inputs.link.bandwidthBytesPerSecond, 4e8);
    assert.deepEqual(inputs.stopRules, [
      { kind: "max-downtime", seconds: run.point.downtimeLimitMs / 1000 },
      { kind: "max-rounds", rounds: 30 },
    ]);
  });
  await t.step("idle guests map to the idle workload", () => {
    assert.deepEqual(
      qemuEngineWorkload({ ...qemuSequentialWorkload(run.point), writesPerSecond: 0 }, 16514),
      { kind: "idle" },
    );
  });
  await t.step(
    "a writing guest is the sequential writer over its exact region, zeros outside",
    () => {
      const inputs = qemuPointToEngineInputs(run.point, [run], { bandwidthBytesPerSecond: 4e8 });
      const w = createWorkload(inputs.vm.workload, inputs.vm.pageCount, createPrng(1, "workload"));
      const dirty = createBitset(inputs.vm.pageCount);
      // One pass of the region (15,840 writes at 2000/s) dirties exactly its pages.
      assert.equal(w.write(0, 15840 / 2000, dirty), 15840);
      assert.equal(dirty.count(), 15840);
      assert.ok(dirty.has(512) && dirty.has(16351) && !dirty.has(511) && !dirty.has(16352));
      // QEMU found 585 zero pages (ram.duplicate); none in the region.
      assert.equal(run.zeroPages, 585);
      assert.equal(w.zeroPages!.count(), 585);
      for (let p = 512; p < 16352; p++) assert.ok(!w.zeroPages!.has(p));
    },
  );
  await t.step("a bad sequential workload is refused, naming the field", () => {
    // a missing or non-number regionPages made regionFraction NaN, silently; a null
    // workload failed inside ("Cannot read properties of null (reading 'writesPerSecond')")
    const seq = qemuSequentialWorkload(run.point);
    const bad = (x: unknown) => x as never;
    const cases: [unknown, RegExp][] = [
      [null, /as sequential must be an object: current value is null$/],
      [
        { ...seq, regionPages: undefined },
        /sequential\.regionPages must be a number: current value is undefined$/,
      ],
      [
        { ...seq, regionPages: "8" },
        /sequential\.regionPages must be a number: current value is "8"$/,
      ],
      [
        { ...seq, stridePages: 0 },
        /sequential\.stridePages must be an integer >= 1: current value is 0$/,
      ],
      [
        { ...seq, writesPerSecond: NaN },
        /sequential\.writesPerSecond must be a finite number >= 0: current value is NaN$/,
      ],
      [
        { ...seq, kind: "zipf" },
        /sequential\.kind must be one of "sequential": current value is "zipf"$/,
      ],
      [{ ...seq, fill: 1 }, /sequential\.fill must be a boolean: current value is 1$/],
      [{ ...seq, strid: 1 }, /"strid" must be a known key of sequential/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => qemuEngineWorkload(bad(value), 16514), message);
    }
  });
  await t.step("bad options name the field", () => {
    assert.throws(
      () => qemuEngineWorkload(qemuSequentialWorkload(run.point), 16514, 20000),
      /zeroPageCount must be an integer in \[0, 16514\]: current value is 20000/,
    );
    assert.throws(
      () => qemuPointToEngineInputs(run.point, [run], { bandwidthBytesPerSecond: 0 }),
      /Cannot convert QEMU point as bandwidthBytesPerSecond must be a finite number > 0: current value is 0/,
    );
    assert.throws(
      () => qemuPointToEngineInputs(run.point, [], { bandwidthBytesPerSecond: 1 }),
      /Cannot convert QEMU point as runs must hold at least 1 items: current value is "an array of 0"/,
    );
  });
});

Deno.test("compareWithQemuRuns", async (t) => {
  const run = (total: number, converged = true) =>
    ({
      converged,
      totalSeconds: total,
      downtimeSeconds: converged ? 0.01 : null,
      transferredBytes: 100,
    }) as QemuRun;
  const sim = { totalSeconds: 3, downtimeSeconds: 0.02, bytesSent: 90, converged: true };
  await t.step("errors against the mean of the completed repeats, with their spread", () => {
    const c = compareWithQemuRuns("p", sim, [run(2), run(4), run(3)]);
    assert.equal(c.relativeError!.totalSeconds, 0);
    assert.equal(c.relativeError!.downtimeSeconds, 1);
    assert.ok(Math.abs(c.relativeError!.bytes! + 0.1) < 1e-12);
    assert.equal(c.recorded!.totalSeconds.relativeSpread, 2 / 3);
    assert.equal(c.convergenceAgrees, true);
  });
  await t.step("convergence: none, mixed", () => {
    const none = compareWithQemuRuns("p", sim, [run(10, false)]);
    assert.equal(none.recordedConvergence, "none");
    assert.equal(none.convergenceAgrees, false);
    assert.equal(none.relativeError, null);
    const ok = compareWithQemuRuns("p", { ...sim, converged: false }, [run(10, false)]);
    assert.equal(ok.convergenceAgrees, true);
    const mixed = compareWithQemuRuns("p", sim, [run(1), run(10, false)]);
    assert.equal(mixed.recordedConvergence, "mixed");
    assert.equal(mixed.convergenceAgrees, false);
    assert.equal(mixed.recorded!.totalSeconds.count, 1);
  });
  await t.step("a simulated figure that is not a finite number >= 0 is an error naming it", () => {
    // NaN gave relativeError NaN, and summarizeQemuComparisons a NaN median.
    assert.throws(() => compareWithQemuRuns("p", { ...sim, totalSeconds: NaN }, [run(2)]), {
      name: "RangeError",
      message: "Cannot compare point p as simulated.totalSeconds must be a finite number >= 0: " +
        "current value is NaN",
    });
    assert.throws(
      () => compareWithQemuRuns("p", { ...sim, bytesSent: Infinity }, [run(2)]),
      /simulated\.bytesSent must be a finite number >= 0: current value is Infinity/,
    );
  });
  await t.step("no runs is an error; zero means give null errors", () => {
    assert.throws(() => compareWithQemuRuns("p", sim, []), {
      name: "RangeError",
      message:
        'Cannot compare point p as runs must hold at least 1 items: current value is "an array of 0"',
    });
    assert.deepEqual(repeatStats([0, 0]).relativeSpread, 0);
    const zero = compareWithQemuRuns("p", sim, [{ ...run(1), downtimeSeconds: 0 } as QemuRun]);
    assert.equal(zero.relativeError!.downtimeSeconds, null);
    const bogus = compareWithQemuRuns("p", sim, [{ ...run(1), downtimeSeconds: null } as QemuRun]);
    assert.equal(bogus.recorded!.downtimeSeconds, null);
    assert.equal(bogus.relativeError!.downtimeSeconds, null);
  });
});

Deno.test("repeatStats() rejects values that are not finite and takes long arrays", async (t) => {
  await t.step("NaN and infinities are errors naming the value", () => {
    assert.throws(() => repeatStats([1, NaN]), {
      name: "RangeError",
      message: "Cannot compute repeat statistics as values[1] must be a finite number: " +
        "current value is NaN",
    });
    assert.throws(
      () => repeatStats([Infinity]),
      /values\[0\] must be a finite number: current value is Infinity/,
    );
    assert.throws(() => repeatStats(["1" as unknown as number]), TypeError);
    assert.throws(() => repeatStats([]), {
      name: "RangeError",
      message: "Cannot compute repeat statistics as values must hold at least 1 items: " +
        'current value is "an array of 0"',
    });
  });
  // found by the validation fuzz test (FUZZ_RUNS=400): a sum beyond the largest double gave
  // a mean of Infinity, a range beyond it a relative spread of Infinity
  await t.step("values whose sum or range is beyond the largest double", () => {
    const big = Number.MAX_VALUE;
    assert.deepEqual(repeatStats([big, big]), {
      count: 2,
      mean: big,
      min: big,
      max: big,
      relativeSpread: 0,
    });
    assert.equal(repeatStats([1e308, 1.7e308]).mean, 1.35e308);
    const mixed = repeatStats([1e308, -1e308, 4e307]);
    assert.equal(mixed.mean, 4e307 / 3);
    assert.ok(Math.abs(mixed.relativeSpread - 15) < 1e-12, String(mixed.relativeSpread));
    assert.throws(() => repeatStats([1e308, -1e308, 3]), {
      name: "RangeError",
      message:
        "Cannot compute repeat statistics as the values' relative spread (max - min) / mean must be a finite number: current value is beyond the largest double (min -1e+308, max 1e+308, mean 1)",
    });
  });
  await t.step("300,000 values (Math.min(...values) overflowed the stack)", () => {
    const values = Array.from({ length: 300_000 }, (_, i) => i % 3);
    assert.deepEqual(repeatStats(values), {
      count: 300_000,
      mean: 1,
      min: 0,
      max: 2,
      relativeSpread: 2,
    });
  });
});

Deno.test("summarizeQemuComparisons", async (t) => {
  const run = (total: number, downtime: number | null, converged = true) =>
    ({
      converged,
      totalSeconds: total,
      downtimeSeconds: converged ? downtime : null,
      transferredBytes: 100,
    }) as QemuRun;
  const sim = (total: number) => ({
    totalSeconds: total,
    downtimeSeconds: 0.1,
    bytesSent: 100,
    converged: true,
  });
  const rows = [
    compareWithQemuRuns("a", sim(1.1), [run(1, 0.1)]), // +10 %: within
    compareWithQemuRuns("b", sim(1.2), [run(1, 0.1)]), // +20 %: outside
    compareWithQemuRuns("c", sim(1), [run(1, null)]), // no recorded downtime: outside
    compareWithQemuRuns("d", sim(1), [run(1, 0.1), run(9, null, false)]), // mixed: left out
    compareWithQemuRuns("e", { ...sim(1), converged: false }, [run(9, null, false)]),
  ];
  await t.step("counts points within the tolerance on all three figures", () => {
    const s = summarizeQemuComparisons(rows, 0.15);
    assert.equal(s.points, 5);
    assert.equal(s.convergenceAgrees, 4);
    assert.equal(s.bothConverged, 3);
    assert.equal(s.withinTolerance, 1);
    assert.equal(s.downtimeSeconds.count, 2);
    assert.ok(Math.abs(s.totalSeconds.maxAbs - 0.2) < 1e-12);
    assert.ok(Math.abs(s.totalSeconds.medianAbs - 0.1) < 1e-12);
    assert.equal(summarizeQemuComparisons(rows, 0.25).withinTolerance, 2);
  });
  await t.step("rejects a tolerance outside [0, 1]", () => {
    assert.throws(
      () => summarizeQemuComparisons(rows, -0.1),
      /Cannot summarize QEMU comparisons as tolerance must be in \[0, 1\]: current value is -0.1/,
    );
  });
  await t.step("no rows gives NaN spreads", () => {
    assert.ok(Number.isNaN(summarizeQemuComparisons([], 0.15).bytes.medianAbs));
  });
  await t.step("rows that are not comparisons are refused, naming the row", () => {
    // rows that were not an array failed inside ("rows.filter is not a function"); a
    // relative error that was not a number made the spreads NaN, silently
    const bad = (x: unknown) => x as never;
    const good = rows[0]!;
    const cases: [unknown, RegExp][] = [
      [null, /as rows must be an array: current value is null$/],
      [[3], /as rows\[0\] must be an object: current value is 3$/],
      [
        [good, { ...good, relativeError: { ...good.relativeError, bytes: "1" } }],
        /as rows\[1\]\.relativeError\.bytes must be a number: current value is "1"$/,
      ],
      [
        [{ ...good, relativeError: { ...good.relativeError, totalSeconds: NaN } }],
        /as rows\[0\]\.relativeError\.totalSeconds must be a finite number: current value is NaN$/,
      ],
      [
        [{ ...good, relativeError: 7 }],
        /as rows\[0\]\.relativeError must be an object: current value is 7$/,
      ],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => summarizeQemuComparisons(bad(value), 0.15), message);
    }
  });
});
