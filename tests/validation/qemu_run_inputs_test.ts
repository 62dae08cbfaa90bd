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
