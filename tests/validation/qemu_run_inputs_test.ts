/**
 * The readers and calibrations that take recorded QEMU runs (or points) from their caller
 * check what they read at their entry: a value that is not an array, a run that is not an
 * object or lacks the field read, and a figure that is not a number each give the
 * project's error naming the field and the value. They failed inside ("runs.filter is not
 * a function", "Cannot read properties of undefined (reading 'technique')") or with
 * messages outside the grammar ("Cannot compare point p as it has no recorded runs"). The
 * readers' empty path is tested in record_readers_test.ts.
 */
import assert from "node:assert/strict";
import {
  calibrateQemuCompressedFinalCopyCores,
  calibrateQemuFirstTouchSeconds,
  calibrateQemuGuestSlowdown,
  calibrateQemuHostProfile,
  calibrateQemuLiveBytesPerSecond,
  calibrateQemuWarmFinalCopyBytesPerSecond,
  calibrateQemuZeroPageSeconds,
  compareWithQemuRuns,
  groupQemuRuns,
  isQemuCalibrationPoint,
  isQemuZeroPageCalibrationPoint,
  measuredLoopbackBytesPerSecond,
  measuredQemuDeviceStateBytes,
  qemuDowntimeBytes,
  qemuFirstTouchPages,
  type QemuHostProfile,
  qemuMechanismRepeatAgreement,
  type QemuMechanismRun,
  type QemuPoint,
  type QemuRun,
  qemuSequentialWorkload,
  simulateQemuMechanismPoint,
} from "../../lib/validation/mod.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";

const bad = <T>(value: unknown) => value as T;

Deno.test("groupQemuRuns() names runs that are not an array and a run without a point id", () => {
  assert.throws(() => groupQemuRuns(bad(undefined)), {
    name: "TypeError",
    message: "Cannot group QEMU runs as runs must be an array: current value is undefined",
  });
  assert.throws(() => groupQemuRuns(bad([{ point: { id: "p" } }, {}])), {
    name: "TypeError",
    message:
      "Cannot group QEMU runs as runs[1].point must be an object: current value is undefined",
  });
  assert.throws(() => groupQemuRuns(bad([{ point: { id: "" } }])), {
    name: "TypeError",
    message:
      'Cannot group QEMU runs as runs[0].point.id must be a non-empty string: current value is ""',
  });
});

Deno.test("measuredLoopbackBytesPerSecond() checks its runs and names an empty choice in the grammar", () => {
  const run = (bytes: unknown) =>
    ({
      converged: true,
      transferredBytes: bytes,
      totalSeconds: 1,
      setupSeconds: 0,
      point: { technique: "pre-copy", maxBandwidthBytesPerSecond: null },
    }) as unknown as QemuRun;
  assert.equal(measuredLoopbackBytesPerSecond([run(1), run(5), run(3)]), 3);
  assert.throws(() => measuredLoopbackBytesPerSecond(bad("runs")), {
    name: "TypeError",
    message: 'Cannot measure the loopback rate as runs must be an array: current value is "runs"',
  });
  assert.throws(() => measuredLoopbackBytesPerSecond(bad([null])), {
    message: "Cannot measure the loopback rate as runs[0] must be an object: current value is null",
  });
  // a transferred figure that was a string gave NaN and the run was dropped silently
  assert.throws(() => measuredLoopbackBytesPerSecond([run(1), run("5")]), {
    message:
      'Cannot measure the loopback rate as runs[1].transferredBytes must be a number: current value is "5"',
  });
  assert.throws(() => measuredLoopbackBytesPerSecond([]), {
    name: "RangeError",
    message: "Cannot measure the loopback rate as runs must hold a completed pre-copy run at " +
      'unlimited bandwidth with a rate > 0: current value is "an array of 0 with none"',
  });
});

Deno.test("measuredQemuDeviceStateBytes() checks its runs and names an empty choice in the grammar", () => {
  const run = {
    converged: true,
    point: { technique: "pre-copy", workload: { writesPerSecond: 0 } },
    totalSeconds: 1,
    setupSeconds: 0,
    mbps: 8.9,
    transferredBytes: 1e6,
  } as QemuRun;
  assert.equal(measuredQemuDeviceStateBytes([run]), 112500);
  assert.throws(() => measuredQemuDeviceStateBytes(bad([1e-9, null])), {
    message: "Cannot measure the device state as runs[0] must be an object: current value is 1e-9",
  });
  assert.throws(() => measuredQemuDeviceStateBytes(bad([{ ...run, point: { stage: "x" } }])), {
    message:
      'Cannot measure the device state as runs[0].point.technique must be one of "pre-copy", ' +
      '"post-copy": current value is undefined',
  });
  assert.throws(() => measuredQemuDeviceStateBytes(bad([{ ...run, mbps: NaN }])), {
    message: "Cannot measure the device state as runs[0].mbps must be a finite number >= 0: " +
      "current value is NaN",
  });
  assert.throws(() => measuredQemuDeviceStateBytes([{ ...run, converged: false }]), {
    name: "RangeError",
    message: "Cannot measure the device state as runs must hold a completed idle pre-copy run " +
      'with device-state bytes > 0: current value is "an array of 1 with none"',
  });
});

Deno.test("isQemuCalibrationPoint() and isQemuZeroPageCalibrationPoint() check the fields they read", () => {
  for (const f of [isQemuCalibrationPoint, isQemuZeroPageCalibrationPoint]) {
    assert.throws(() => f(bad(undefined)), {
      name: "TypeError",
      message:
        /^Cannot classify a QEMU (zero-page )?calibration point as point must be an object: current value is undefined$/,
    });
    assert.throws(() => f(bad({ technique: "pre-copy" })), {
      message: /as point\.workload must be an object: current value is undefined$/,
    });
    assert.throws(() => f(bad({ technique: "pre-copy", workload: { writesPerSecond: "0" } })), {
      message: /as point\.workload\.writesPerSecond must be a number: current value is "0"$/,
    });
    // a post-copy point is not a calibration point whatever its workload
    assert.equal(f(bad({ technique: "post-copy" })), false);
  }
  assert.throws(
    () =>
      isQemuZeroPageCalibrationPoint(
        bad({ technique: "pre-copy", workload: { writesPerSecond: 0, fill: false } }),
      ),
    {
      message: "Cannot classify a QEMU zero-page calibration point as point.ramMiB must be a " +
        "number: current value is undefined",
    },
  );
});

Deno.test("qemuSequentialWorkload() checks the point's workload", () => {
  const point = {
    ramMiB: 64,
    workload: {
      writesPerSecond: 2000,
      regionStartPage: 512,
      regionPages: 0,
      stridePages: 1,
      fill: true,
    },
  } as QemuPoint;
  assert.equal(qemuSequentialWorkload(point).regionPages, 64 * 256 - 32 - 512);
  assert.throws(() => qemuSequentialWorkload(bad({ ramMiB: 64 })), {
    message: "Cannot describe a QEMU point's workload as point.workload must be an object: " +
      "current value is undefined",
  });
  // a string start page gave a region of NaN pages
  assert.throws(
    () =>
      qemuSequentialWorkload(bad({ ...point, workload: { ...point.workload, regionPages: "1" } })),
    {
      message: "Cannot describe a QEMU point's workload as point.workload.regionPages must be a " +
        'number: current value is "1"',
    },
  );
});

Deno.test("qemuDowntimeBytes() names a run without queryMigrate", () => {
  assert.throws(() => qemuDowntimeBytes(bad({})), {
    name: "TypeError",
    message: "Cannot read a run's downtime bytes as run.queryMigrate must be an object: " +
      "current value is undefined",
  });
  assert.throws(() => qemuDowntimeBytes(bad({ queryMigrate: { ram: 1 } })), {
    message: /as run\.queryMigrate\.ram must be an object: current value is 1$/,
  });
  assert.equal(qemuDowntimeBytes(bad({ queryMigrate: {} })), 0);
});

Deno.test("qemuDowntimeBytes() rejects a malformed downtime-bytes, absent still 0", () => {
  const field = 'run.queryMigrate.ram["downtime-bytes"]';
  const run = (x: unknown) => bad<QemuRun>({ queryMigrate: { ram: { "downtime-bytes": x } } });
  assert.throws(() => qemuDowntimeBytes(run("8307563")), {
    name: "TypeError",
    message: `Cannot read a run's downtime bytes as ${field} must be a number: ` +
      'current value is "8307563"',
  });
  for (const [x, shown] of [[NaN, "NaN"], [-1, "-1"], [Infinity, "Infinity"]] as const) {
    assert.throws(() => qemuDowntimeBytes(run(x)), {
      name: "RangeError",
      message: `Cannot read a run's downtime bytes as ${field} must be a finite number >= 0: ` +
        `current value is ${shown}`,
    });
  }
  assert.equal(qemuDowntimeBytes(bad({ queryMigrate: { ram: {} } })), 0);
  assert.equal(qemuDowntimeBytes(run(undefined)), 0);
  assert.equal(qemuDowntimeBytes(run(null)), 0);
  assert.equal(qemuDowntimeBytes(run(0)), 0);
  assert.equal(qemuDowntimeBytes(run(8307563)), 8307563);
});

Deno.test("qemuFirstTouchPages() checks the result's rows and the page count", () => {
  const rows = [
    { phase: "push", pagesSent: 700, zeroPagesSent: 10 },
    { phase: "stop-and-copy", pagesSent: 320, zeroPagesSent: 5 },
  ];
  assert.equal(qemuFirstTouchPages(bad({ roundRows: rows }), 1000), 295);
  assert.throws(() => qemuFirstTouchPages(bad({ medianAbs: "*" }), 1000), {
    message: "Cannot count the first-touch pages as result.roundRows must be an array: " +
      "current value is undefined",
  });
  assert.throws(() => qemuFirstTouchPages(bad({ roundRows: rows }), NaN), {
    message: "Cannot count the first-touch pages as pageCount must be a finite number >= 0: " +
      "current value is NaN",
  });
  assert.throws(
    () => qemuFirstTouchPages({ roundRows: [{ phase: "push" }] } as unknown as MigrationResult, 1),
    {
      message: /as result\.roundRows\[0\]\.pagesSent must be a number: current value is undefined$/,
    },
  );
});

Deno.test("compareWithQemuRuns() checks its point id and runs", () => {
  const sim = { totalSeconds: 3, downtimeSeconds: 0.02, bytesSent: 90, converged: true };
  assert.throws(() => compareWithQemuRuns("p", sim, bad(undefined)), {
    name: "TypeError",
    message: "Cannot compare point p as runs must be an array: current value is undefined",
  });
  assert.throws(() => compareWithQemuRuns(bad({}), sim, []), {
    message: /^Cannot compare a point with its QEMU runs as pointId must be a string/,
  });
  assert.throws(() => compareWithQemuRuns("p", sim, bad([{ converged: true, totalSeconds: 1 }])), {
    message:
      "Cannot compare point p as runs[0].downtimeSeconds must be a number: current value is undefined",
  });
});

Deno.test("simulateQemuMechanismPoint() and qemuMechanismRepeatAgreement() check their runs", () => {
  const options = { bandwidthBytesPerSecond: 3e8, stateBytes: 112585 };
  assert.throws(() => simulateQemuMechanismPoint(bad(undefined), options), {
    message:
      "Cannot simulate a QEMU mechanisms point as runs must be an array: current value is undefined",
  });
  assert.throws(() => simulateQemuMechanismPoint([], options), {
    name: "RangeError",
    message: "Cannot simulate a QEMU mechanisms point as runs must hold at least 1 items: " +
      'current value is "an array of 0"',
  });
  assert.throws(() => simulateQemuMechanismPoint(bad([null]), options), {
    message:
      "Cannot simulate a QEMU mechanisms point as runs[0] must be an object: current value is null",
  });
  const run = (t: number) =>
    ({
      converged: true,
      totalSeconds: t,
      downtimeSeconds: 0.01,
      transferredBytes: 1e6,
      point: { id: "p" },
    }) as QemuMechanismRun;
  assert.equal(qemuMechanismRepeatAgreement([run(1), run(1.1)], 0.15)[0]!.totalSeconds.agree, true);
  assert.throws(() => qemuMechanismRepeatAgreement(bad([run(1), "total-time"]), 0.15), {
    message:
      'Cannot compare QEMU\'s repeats as runs[1] must be an object: current value is "total-time"',
  });
  assert.throws(
    () => qemuMechanismRepeatAgreement(bad([{ ...run(1), transferredBytes: "1" }]), 0.15),
    {
      message:
        'Cannot compare QEMU\'s repeats as runs[0].transferredBytes must be a number: current value is "1"',
    },
  );
});

Deno.test("calibrateQemuCompressedFinalCopyCores() names runs without a completed uncompressed one in the grammar", () => {
  assert.throws(
    () =>
      calibrateQemuCompressedFinalCopyCores(
        [],
        bad({ zlib: {}, zstd: {} }),
      ),
    {
      name: "RangeError",
      message: "Cannot calibrate the compressed final copy's cores as runs must hold a completed " +
        'run without compression: current value is "an array of 0 with none"',
    },
  );
});

Deno.test("calibrateQemuCompressedFinalCopyCores() names the run whose compression is unknown", () => {
  // the field was named "compression" alone, whichever run held it
  const run = { compression: "none", outcome: "completed", timeline: { pages: 1, syncEndMs: 1 } };
  assert.throws(
    () =>
      calibrateQemuCompressedFinalCopyCores(
        bad([run, { ...run, compression: "lz4" }]),
        bad({ zlib: {}, zstd: {} }),
      ),
    {
      name: "TypeError",
      message: /runs\[1\]\.compression must be one of .*current value is "lz4"/,
    },
  );
});

Deno.test("the calibrations name a run that is not an object or a completed run without its point", () => {
  const profile = bad<QemuHostProfile>({
    unlimitedBytesPerSecond: 1e7,
    downtimeFixedSeconds: 0.001,
  });
  const cases: [string, (runs: QemuRun[]) => unknown][] = [
    ["calibrate QEMU host profile", (runs) => calibrateQemuHostProfile(runs)],
    ["calibrate QEMU uncapped live rate", (runs) => calibrateQemuLiveBytesPerSecond(runs, 0)],
    ["calibrate QEMU zero-page seconds", (runs) => calibrateQemuZeroPageSeconds(runs, profile)],
    [
      "calibrate QEMU warm final-copy rate",
      (runs) => calibrateQemuWarmFinalCopyBytesPerSecond(runs, 0.001),
    ],
    [
      "calibrate QEMU first-touch seconds",
      (runs) => calibrateQemuFirstTouchSeconds(runs, profile, 1e8),
    ],
  ];
  for (const [action, calibrate] of cases) {
    // "Cannot read properties of null (reading 'converged')"
    assert.throws(() => calibrate(bad([null])), {
      name: "TypeError",
      message: `Cannot ${action} as runs[0] must be an object: current value is null`,
    });
    assert.throws(() => calibrate(bad([{ converged: "yes" }])), {
      message: `Cannot ${action} as runs[0].converged must be a boolean: current value is "yes"`,
    });
    assert.throws(() => calibrate(bad([{ converged: true }])), {
      message: `Cannot ${action} as runs[0].point must be an object: current value is undefined`,
    });
  }
});

// A figure a calibration read of a run it had chosen was taken as it came: a string or NaN
// gave NaN, and the run was dropped silently (or NaN reached the result). Each case below
// returned a result or a "runs must hold ..." error before; now the field and value are named.

/** The idle calibration point (uncapped unless a cap is given). */
const idlePoint = (cap: number | null = null) => ({
  id: `idle-${cap}`,
  technique: "pre-copy",
  maxBandwidthBytesPerSecond: cap,
  workload: { writesPerSecond: 0, fill: true },
});

/** A completed idle run with the figures the grid calibrations read, `over` replacing some. */
const idleRun = (over: Record<string, unknown> = {}, cap: number | null = null) =>
  ({
    point: idlePoint(cap),
    converged: true,
    totalSeconds: 0.101,
    setupSeconds: 0.001,
    downtimeSeconds: 0.02,
    mbps: 80.8,
    transferredBytes: 1e6,
    queryMigrate: { ram: { "downtime-bytes": 9e6 } },
    ...over,
  }) as unknown as QemuRun;

/** A run whose final copy is empty (the fixed costs' run). */
const emptyRun = (over: Record<string, unknown> = {}) =>
  idleRun({ downtimeSeconds: 0.001, queryMigrate: { ram: { "downtime-bytes": 0 } }, ...over }, 1e8);

const ramBytes = (x: unknown) => ({ queryMigrate: { ram: { "downtime-bytes": x } } });

/** Asserts that `f` throws the grammar's number error for `field` and the shown value. */
function refuses(f: () => unknown, action: string, field: string, shown: string) {
  const kind = shown === "NaN" ? "a finite number >= 0" : "a number";
  assert.throws(f, {
    message: `Cannot ${action} as ${field} must be ${kind}: current value is ${shown}`,
  });
}

Deno.test("calibrateQemuHostProfile() names a string or NaN figure of a calibration run", () => {
  const action = "calibrate QEMU host profile";
  const ok = calibrateQemuHostProfile([emptyRun(), idleRun()]);
  assert.equal(ok.throughputRuns, 1);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ downtimeSeconds: "0.02" }, "runs[1].downtimeSeconds", '"0.02"'],
    [ramBytes("9e6"), 'runs[1].queryMigrate.ram["downtime-bytes"]', '"9e6"'],
    [ramBytes(NaN), 'runs[1].queryMigrate.ram["downtime-bytes"]', "NaN"],
    [{ totalSeconds: "0.101" }, "runs[1].totalSeconds", '"0.101"'],
    [{ setupSeconds: NaN }, "runs[1].setupSeconds", "NaN"],
    [{ mbps: "80.8" }, "runs[1].mbps", '"80.8"'],
    [{ mbps: NaN }, "runs[1].mbps", "NaN"],
  ];
  for (const [over, field, shown] of cases) {
    refuses(() => calibrateQemuHostProfile([emptyRun(), idleRun(over)]), action, field, shown);
  }
  // a cap that was a string took the run as capped and left it out of the throughput
  refuses(
    () => calibrateQemuHostProfile([emptyRun(), idleRun({}, bad("1e8"))]),
    action,
    "runs[1].point.maxBandwidthBytesPerSecond",
    '"1e8"',
  );
  // the fixed costs' run: a string downtime was left out of the median
  refuses(
    () => calibrateQemuHostProfile([emptyRun({ downtimeSeconds: "0.001" }), idleRun()]),
    action,
    "runs[0].downtimeSeconds",
    '"0.001"',
  );
  // a run without downtime bytes is still left out of the fixed costs, as documented
  assert.throws(
    () => calibrateQemuHostProfile([emptyRun({ queryMigrate: { ram: {} } }), idleRun()]),
    { message: /runs must hold a completed idle pre-copy run with under 65536 bytes/ },
  );
});

Deno.test("calibrateQemuLiveBytesPerSecond() names a string or NaN figure of a calibration run", () => {
  const action = "calibrate QEMU uncapped live rate";
  const run = (over: Record<string, unknown> = {}) =>
    idleRun({ queryMigrate: { ram: { "downtime-bytes": 9e5 } }, ...over });
  assert.equal(calibrateQemuLiveBytesPerSecond([run()], 1e4).runs, 1);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ downtimeSeconds: NaN }, "runs[0].downtimeSeconds", "NaN"],
    [ramBytes("9e5"), 'runs[0].queryMigrate.ram["downtime-bytes"]', '"9e5"'],
    [{ totalSeconds: NaN }, "runs[0].totalSeconds", "NaN"],
    [{ setupSeconds: "0.001" }, "runs[0].setupSeconds", '"0.001"'],
    [{ mbps: "80.8" }, "runs[0].mbps", '"80.8"'],
  ];
  for (const [over, field, shown] of cases) {
    refuses(() => calibrateQemuLiveBytesPerSecond([run(over)], 1e4), action, field, shown);
  }
  assert.throws(() => calibrateQemuLiveBytesPerSecond([idleRun({}, bad(NaN))], 1e4), {
    message:
      "Cannot calibrate QEMU uncapped live rate as runs[0].point.maxBandwidthBytesPerSecond " +
      "must be a finite number > 0: current value is NaN",
  });
  // a run without downtime bytes (or a null downtime) is still left out
  assert.throws(() => calibrateQemuLiveBytesPerSecond([run({ queryMigrate: {} })], 1e4), {
    message: /runs must hold a completed uncapped calibration run with a live phase/,
  });
});

Deno.test("calibrateQemuZeroPageSeconds() names a string or NaN figure of a calibration run", () => {
  const action = "calibrate QEMU zero-page seconds";
  const run = (over: Record<string, unknown> = {}) =>
    ({
      point: {
        id: "fresh",
        technique: "pre-copy",
        ramMiB: 64,
        workload: { writesPerSecond: 0, fill: false },
      },
      converged: true,
      totalSeconds: 0.01,
      setupSeconds: 0,
      mbps: 8,
      zeroPages: 1000,
      ...over,
    }) as unknown as QemuRun;
  const profile = { unlimitedBytesPerSecond: 1e7, downtimeFixedSeconds: 0.001 } as QemuHostProfile;
  assert.equal(calibrateQemuZeroPageSeconds([run()], profile).runs, 1);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ zeroPages: "1000" }, "runs[1].zeroPages", '"1000"'],
    [{ zeroPages: NaN }, "runs[1].zeroPages", "NaN"],
    [{ totalSeconds: "0.01" }, "runs[1].totalSeconds", '"0.01"'],
    [{ setupSeconds: NaN }, "runs[1].setupSeconds", "NaN"],
    [{ mbps: NaN }, "runs[1].mbps", "NaN"],
    [{ mbps: "8" }, "runs[1].mbps", '"8"'],
  ];
  for (const [over, field, shown] of cases) {
    refuses(() => calibrateQemuZeroPageSeconds([run(), run(over)], profile), action, field, shown);
  }
});

Deno.test("calibrateQemuWarmFinalCopyBytesPerSecond() names a string or NaN figure of a warm run", () => {
  const action = "calibrate QEMU warm final-copy rate";
  const run = (over: Record<string, unknown> = {}) =>
    idleRun({ destinationVariant: "prealloc", downtimeSeconds: 0.021, ...ramBytes(3e7), ...over });
  assert.equal(calibrateQemuWarmFinalCopyBytesPerSecond([run()], 0.001).runs, 1);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ downtimeSeconds: "0.021" }, "runs[1].downtimeSeconds", '"0.021"'],
    [{ downtimeSeconds: NaN }, "runs[1].downtimeSeconds", "NaN"],
    [ramBytes("3e7"), 'runs[1].queryMigrate.ram["downtime-bytes"]', '"3e7"'],
    [ramBytes(NaN), 'runs[1].queryMigrate.ram["downtime-bytes"]', "NaN"],
  ];
  for (const [over, field, shown] of cases) {
    refuses(
      () => calibrateQemuWarmFinalCopyBytesPerSecond([run(), run(over)], 0.001),
      action,
      field,
      shown,
    );
  }
});

Deno.test("calibrateQemuFirstTouchSeconds() names a string or NaN figure of a calibration run", () => {
  const action = "calibrate QEMU first-touch seconds";
  const run = (over: Record<string, unknown> = {}) =>
    idleRun({ downtimeSeconds: 0.011, ...ramBytes(4104 * 4104), ...over });
  const profile = { downtimeFixedSeconds: 0.001 } as QemuHostProfile;
  assert.equal(calibrateQemuFirstTouchSeconds([run()], profile, 6e9).runs, 1);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ downtimeSeconds: "0.011" }, "runs[1].downtimeSeconds", '"0.011"'],
    [{ downtimeSeconds: NaN }, "runs[1].downtimeSeconds", "NaN"],
    [ramBytes("16842816"), 'runs[1].queryMigrate.ram["downtime-bytes"]', '"16842816"'],
    [ramBytes(NaN), 'runs[1].queryMigrate.ram["downtime-bytes"]', "NaN"],
  ];
  for (const [over, field, shown] of cases) {
    refuses(
      () => calibrateQemuFirstTouchSeconds([run(), run(over)], profile, 6e9),
      action,
      field,
      shown,
    );
  }
});

Deno.test("calibrateQemuGuestSlowdown() names a string or NaN figure of a chosen run", () => {
  const action = "calibrate the guest's slowdown during migration";
  const run = (over: Record<string, unknown> = {}) =>
    ({
      point: { id: "p", workload: { writesPerSecond: 8000 } },
      repeat: 0,
      catchup: false,
      converged: true,
      totalSeconds: 10.001,
      downtimeSeconds: 0.001,
      measuredWritesPerSecond: 8000,
      lastSourceWrites: 6400 + 76000 - 800,
      throttleSamples: [[1, 20]],
      ...over,
    }) as unknown as QemuMechanismRun;
  assert.equal(calibrateQemuGuestSlowdown([run()], 0.8, 0.2).runs.length, 1);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ downtimeSeconds: NaN }, "runs[1].downtimeSeconds", "NaN"],
    [{ measuredWritesPerSecond: "8000" }, "runs[1].measuredWritesPerSecond", '"8000"'],
    [{ lastSourceWrites: "81600" }, "runs[1].lastSourceWrites", '"81600"'],
    [{ totalSeconds: "10.001" }, "runs[1].totalSeconds", '"10.001"'],
    [
      { point: { id: "p", workload: { writesPerSecond: NaN } } },
      "runs[1].point.workload.writesPerSecond",
      "NaN",
    ],
    [{ throttleSamples: [[NaN, 20]] }, "runs[1].throttleSamples[0][0]", "NaN"],
    [{ throttleSamples: [[1, "20"]] }, "runs[1].throttleSamples[0][1]", '"20"'],
  ];
  for (const [over, field, shown] of cases) {
    refuses(() => calibrateQemuGuestSlowdown([run(), run(over)], 0.8, 0.2), action, field, shown);
  }
  // null figures the record allows still leave the run out
  const kept = calibrateQemuGuestSlowdown(
    [run(), run({ downtimeSeconds: null }), run({ lastSourceWrites: null })],
    0.8,
    0.2,
  );
  assert.equal(kept.runs.length, 1);
});
