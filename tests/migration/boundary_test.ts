/**
 * Exported helpers of lib/migration check their arguments at the boundary with the
 * project's error grammar (found by the fuzz test of issue 13).
 */
import assert from "node:assert/strict";
import {
  checkStopRules,
  countsInexactReason,
  liveSecondsBound,
  pageWireBytes,
  phaseBytesPerSecond,
  presetMaxRounds,
  PRESETS,
  QEMU_STOP_RULES,
  runTechnique,
  toQueryMigrate,
} from "../../lib/migration/mod.ts";
import { measureCompression } from "../../lib/measure/mod.ts";

Deno.test("lib/migration helpers name the field and the value of bad input", async (t) => {
  await t.step("pageWireBytes() and phaseBytesPerSecond() validate the link", () => {
    assert.throws(() => pageWireBytes(4096, null as never), {
      name: "TypeError",
      message: "Cannot migrate as link must be an object: current value is null",
    });
    assert.throws(() => phaseBytesPerSecond({ bandwidthBytesPerSecond: 1 }, "idle" as never), {
      name: "TypeError",
      message:
        'Cannot compute a phase rate as phase must be one of "live", "stop-and-copy", "pull": current value is "idle"',
    });
  });
  await t.step("checkStopRules() names a bad state field", () => {
    assert.throws(
      () =>
        checkStopRules(QEMU_STOP_RULES, {
          round: 1,
          bytesSent: 0,
          memoryBytes: 1,
          dirtyPages: NaN,
          pagesSentLastRound: 0,
          wirePageBytes: 4096,
          bytesPerSecond: 1,
        }),
      {
        name: "RangeError",
        message:
          "Cannot check stop rules as state.dirtyPages must be a finite number >= 0: current value is NaN",
      },
    );
  });
  await t.step("presetMaxRounds() and liveSecondsBound() validate the preset and overflow", () => {
    assert.throws(() => presetMaxRounds(null as never, 10), {
      name: "TypeError",
      message: "Cannot migrate as options.preset must be an object: current value is null",
    });
    assert.throws(() => liveSecondsBound(2 ** 30, 1e308, 1, PRESETS.default), {
      name: "RangeError",
      message: /^Cannot bound the live seconds as the bound must be a finite number \(overflow/,
    });
  });
  await t.step("countsInexactReason() and runTechnique() refuse what they cannot read", () => {
    assert.throws(() => countsInexactReason(undefined as never), {
      name: "TypeError",
      message: "Cannot choose a sampler as case must be an object: current value is undefined",
    });
    assert.throws(() => runTechnique("teleport" as never, {} as never, {} as never, {} as never), {
      name: "TypeError",
      message: /^Cannot run a technique as technique must be one of "offline", /,
    });
  });
  await t.step(
    "measureCompression() bounds its work and toQueryMigrate() checks the result",
    () => {
      assert.throws(
        () => measureCompression({ algorithm: "zlib", entropyBitsPerByte: 1, pages: 1e9 }),
        {
          name: "RangeError",
          message:
            "Cannot measure compression as options.pages must be an integer in [1, 100000]: current value is 1000000000",
        },
      );
      assert.throws(
        () => toQueryMigrate({} as never, { pageCount: 1, pageSizeBytes: 4096 } as never),
        {
          name: "TypeError",
          message:
            "Cannot convert to query-migrate as result.totalSeconds must be a number: current value is undefined",
        },
      );
    },
  );
});
