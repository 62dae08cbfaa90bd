import assert from "node:assert/strict";
import { parseSimgridRecord, readSimgridRecord } from "../../lib/validation/mod.ts";

const RECORD = new URL("../../data/validation/simgrid/grid.jsonl", import.meta.url);
const META = new URL("../../data/validation/simgrid/meta.json", import.meta.url);

Deno.test("readSimgridRecord() reads the recorded grid, complete and consistent", async (t) => {
  const runs = await readSimgridRecord(RECORD);
  const meta = JSON.parse(await Deno.readTextFile(META));
  const g = meta.grid;
  await t.step("meta names the command, the SimGrid version and the machine", () => {
    assert.equal(meta.command, "deno task validate:simgrid");
    assert.match(meta.simgridVersion, /^3\.32\./);
    assert.match(meta.machine.libsimgridDev, /^3\.32/);
    assert.equal(typeof meta.machine.cpuModel, "string");
    assert.equal(meta.runs, runs.length);
  });
  await t.step("one run per grid point", () => {
    const size = g.ramBytes.length * g.intensity.length * g.workingSetFraction.length *
      g.bandwidthBytesPerSecond.length * g.latencySeconds.length * g.migrationSpeedFraction.length;
    assert.equal(runs.length, size);
    const keys = new Set(runs.map((r) => {
      const p = r.params;
      return [
        p.ramBytes,
        p.intensity,
        Math.round((p.workingSetBytes / p.ramBytes) * 10) / 10,
        p.bandwidthBytesPerSecond,
        p.latencySeconds,
        p.migrationSpeedBytesPerSecond / p.bandwidthBytesPerSecond,
      ].join("/");
    }));
    assert.equal(keys.size, size);
  });
  await t.step("each run's command line carries its parameters and SimGrid options", () => {
    for (const r of runs) {
      const arg = (name: string) => Number(r.argv[r.argv.indexOf(name) + 1]);
      assert.equal(arg("--ram-bytes"), r.params.ramBytes);
      assert.equal(arg("--intensity"), r.params.intensity);
      assert.equal(arg("--working-set-bytes"), r.params.workingSetBytes);
      assert.equal(arg("--bandwidth-bytes-per-second"), r.params.bandwidthBytesPerSecond);
      assert.equal(arg("--latency-seconds"), r.params.latencySeconds);
      assert.equal(
        arg("--migration-speed-bytes-per-second"),
        r.params.migrationSpeedBytesPerSecond,
      );
      for (const option of meta.simgridOptions) assert.ok(r.argv.includes(option), r.id);
    }
  });
  await t.step("runs that did not converge were cut by the guard after maxRounds", () => {
    const cut = runs.filter((r) => !r.converged);
    assert.ok(cut.length > 0);
    for (const r of cut) assert.equal(r.stage2Rounds, g.maxRounds + 1, r.id);
  });
  await t.step("the acknowledgement takes one link latency", () => {
    for (const r of runs.filter((x) => x.converged)) {
      assert.ok(Math.abs(r.ackSeconds! - r.params.latencySeconds) < 1e-9, r.id);
    }
  });
});

Deno.test("readSimgridRecord() reads the grid recorded under SimGrid's default options", async () => {
  const meta = JSON.parse(await Deno.readTextFile(META));
  const runs = await readSimgridRecord(new URL(meta.defaults.file, RECORD));
  const g = meta.defaults.grid;
  assert.deepEqual(meta.defaults.simgridOptions, []);
  assert.equal(
    runs.length,
    g.ramBytes.length * g.intensity.length * g.workingSetFraction.length *
      g.bandwidthBytesPerSecond.length * g.latencySeconds.length * g.migrationSpeedFraction.length,
  );
  for (const r of runs) {
    assert.ok(!r.argv.some((a) => a.startsWith("--cfg=")), r.id);
    // LV08 multiplies the latency by 13.01: so does the acknowledgement's time.
    if (r.converged) {
      assert.ok(Math.abs(r.ackSeconds! - 13.01 * r.params.latencySeconds) < 1e-9, r.id);
    }
  }
});

Deno.test("parseSimgridRecord() rejects bad lines naming the file, line and field", async (t) => {
  const text = await Deno.readTextFile(RECORD);
  const first = JSON.parse(text.split("\n")[0]!);
  const line = (patch: Record<string, unknown>) => JSON.stringify({ ...first, ...patch });
  await t.step("not JSON", () => {
    assert.throws(() => parseSimgridRecord(`${JSON.stringify(first)}\n{oops`, "g.jsonl"), {
      name: "SyntaxError",
      message:
        /^Cannot read the SimGrid record g\.jsonl:2 as the line must be JSON \(.*\): current value is "\{oops"$/,
    });
  });
  await t.step("a negative RAM size", () => {
    assert.throws(
      () => parseSimgridRecord(line({ params: { ...first.params, ramBytes: -1 } }), "g.jsonl"),
      /^RangeError: Cannot read the SimGrid record g\.jsonl:1 as params\.ramBytes must be an integer >= 1: current value is -1/,
    );
  });
  await t.step("NaN-like and missing fields", () => {
    assert.throws(
      () => parseSimgridRecord(line({ params: { ...first.params, latencySeconds: "1ms" } }), "g"),
      /record g:1 as params\.latencySeconds must be a number/,
    );
    assert.throws(() => parseSimgridRecord(line({ converged: undefined }), "g"), /converged/);
  });
  await t.step("bytes that do not add up", () => {
    assert.throws(
      () => parseSimgridRecord(line({ bytesSent: first.bytesSent + 1 }), "g"),
      /record g:1 as .*bytesSent must equal the messages' bytes/,
    );
  });
  await t.step("an unknown stage", () => {
    const messages = [{ ...first.messages[0], stage: "4" }, ...first.messages.slice(1)];
    assert.throws(() => parseSimgridRecord(line({ messages }), "g"), /messages\[0\]\.stage/);
  });
  await t.step("a run that did not converge with a total time", () => {
    assert.throws(
      () => parseSimgridRecord(line({ converged: false }), "g"),
      /totalSeconds must be null when converged is false/,
    );
  });
  await t.step("a duplicate id", () => {
    assert.throws(
      () => parseSimgridRecord(`${line({})}\n${line({})}`, "g"),
      /record g:2 as id must be unique/,
    );
  });
});
