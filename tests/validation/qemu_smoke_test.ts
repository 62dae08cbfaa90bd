/**
 * One short real live migration (32 MiB idle guest, unlimited bandwidth) between two
 * QEMU processes on 127.0.0.1, when `qemu-system-x86_64`, `as` and `ld` are on PATH;
 * skipped, saying why, otherwise.
 */
import assert from "node:assert/strict";
import { QEMU_GUEST_HIDDEN_PAGES } from "../../lib/validation/mod.ts";
import {
  buildGuest,
  onPath,
  QEMU_BINARY,
  qemuArgs,
  QemuProcess,
  runMigration,
} from "../../validation/qemu/harness.ts";

const missing = [];
for (const tool of [QEMU_BINARY, "as", "ld"]) if (!(await onPath(tool))) missing.push(tool);
if (missing.length > 0) {
  console.warn(
    `qemu_smoke_test skipped: ${missing.join(", ")} not on PATH ` +
      "(apt-get install qemu-system-x86 binutils)",
  );
}

Deno.test({
  name: "a real QEMU live migration of the validation guest",
  ignore: missing.length > 0,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "migrate-lab-smoke-" });
    try {
      const elf = await buildGuest(dir);

      await t.step("the guest parses its command line and sees RAM - 32 pages", async () => {
        const workload = {
          writesPerSecond: 1000,
          regionStartPage: 600,
          regionPages: 100,
          stridePages: 3,
          fill: false,
        };
        const vm = await QemuProcess.start(qemuArgs(elf, 32, workload, 100), `${dir}/q.qmp`);
        try {
          const hello = await vm.waitSerial(/^MIGLAB /, 20000);
          const hex = (key: string) =>
            parseInt(new RegExp(` ${key}=([0-9a-f]{8})`).exec(hello.text)![1]!, 16);
          assert.equal(hex("start"), 600);
          assert.equal(hex("pages"), 100);
          assert.equal(hex("stride"), 3);
          assert.equal(hex("mem"), 32 * 256 - QEMU_GUEST_HIDDEN_PAGES);
          await vm.waitSerial(/^T[0-9a-f]{8} W/, 20000);
        } finally {
          await vm.stop();
        }
      });

      await t.step(
        "an idle 32 MiB guest migrates, intact, and runs at the destination",
        async () => {
          const record = await runMigration(elf, {
            ramMiB: 32,
            workload: {
              writesPerSecond: 0,
              regionStartPage: 512,
              regionPages: 0,
              stridePages: 1,
              fill: false,
            },
            maxBandwidthBytesPerSecond: null,
            downtimeLimitMs: 300,
            postcopy: false,
            waitLimitSeconds: 60,
            warmupSeconds: 0.2,
            checkMemory: true,
          });
          assert.equal(record.error, null);
          assert.equal(record.outcome, "completed");
          assert.equal(record.queryMigrate.status, "completed");
          assert.equal(record.guest.destinationRunning, true);
          const ram = record.queryMigrate.ram as Record<string, number>;
          // A fresh idle guest is nearly all zero pages: each travels as a header only.
          assert.ok(ram.duplicate! > ram.normal!, JSON.stringify(ram));
          assert.ok(ram.transferred! < ram.total!, JSON.stringify(ram));
          // The paused destination's RAM equals the stopped source's, page for page.
          assert.deepEqual(record.memoryCheck, { pagesCompared: 8192, differingPages: [] });
        },
      );
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
