/**
 * The readers of the recorded validation data reject each class of malformed file
 * naming the file and the line: an empty file, a line that is not JSON (a truncated
 * last line from an interrupted harness), and a first line that is not the meta line.
 */
import assert from "node:assert/strict";
import {
  parseQemuMechanismRecord,
  parseQemuRecord,
  parseSimgridRecord,
  readQemuFinalCopyTrace,
  readQemuMechanismRecord,
  readQemuRecord,
  readSimgridRecord,
} from "../../lib/validation/mod.ts";

const MECHANISMS = new URL("../../data/validation/qemu/mechanisms.jsonl", import.meta.url);
const GRID = new URL("../../data/validation/simgrid/grid.jsonl", import.meta.url);
const QEMU = new URL("../../data/validation/qemu/runs.jsonl", import.meta.url);

Deno.test("parseSimgridRecord() rejects an empty file and a truncated line, naming file and line", async (t) => {
  const lines = (await Deno.readTextFile(GRID)).split("\n").filter((l) => l !== "");
  await t.step("an empty file", () => {
    assert.throws(() => parseSimgridRecord("\n\n", "g.jsonl"), {
      name: "SyntaxError",
      message:
        'Cannot read the SimGrid record g.jsonl as the file must hold at least one run: current value is "3 blank line(s)"',
    });
  });
  await t.step("a truncated last line", () => {
    const text = `${lines[0]}\n${lines[1]!.slice(0, 40)}`;
    assert.throws(() => parseSimgridRecord(text, "g.jsonl"), {
      name: "SyntaxError",
      message: /^Cannot read the SimGrid record g\.jsonl:2 as the line must be JSON \(/,
    });
  });
});

Deno.test("parseQemuMechanismRecord() rejects an empty file, a truncated line and a missing meta line", async (t) => {
  const lines = (await Deno.readTextFile(MECHANISMS)).split("\n").filter((l) => l !== "");
  await t.step("an empty file", () => {
    assert.throws(
      () => parseQemuMechanismRecord("", "m.jsonl"),
      /^SyntaxError: Cannot read QEMU record m\.jsonl as text must hold a meta line: current value is "an empty file of 1 blank line\(s\)"$/,
    );
  });
  await t.step("a truncated last line", () => {
    const text = `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 30)}\n`;
    assert.throws(() => parseQemuMechanismRecord(text, "m.jsonl"), {
      name: "SyntaxError",
      message: /^Cannot read QEMU record m\.jsonl:3 as line must be JSON \(/,
    });
  });
  await t.step(
    "a meta line without multifdCompression, after blank lines, named by its line",
    () => {
      const meta = JSON.parse(lines[0]!);
      delete meta.multifdCompression;
      assert.throws(() => parseQemuMechanismRecord(`\n\n${JSON.stringify(meta)}\n`, "m.jsonl"), {
        name: "TypeError",
        message:
          "Cannot read QEMU mechanisms record m.jsonl:3 as multifdCompression must be an object: " +
          "current value is undefined",
      });
    },
  );
  await t.step("a run where the meta line should be", () => {
    assert.throws(
      () => parseQemuMechanismRecord(`${lines[1]}\n`, "m.jsonl"),
      /m\.jsonl:1 as kind must be "meta" on the first line/,
    );
  });
});

Deno.test("the record readers read a file saved with a byte-order mark as the same record", async (t) => {
  // Editors on some systems prepend U+FEFF; it is not part of the first line's JSON.
  const readers = [
    ["SimGrid", GRID, (text: string) => parseSimgridRecord(text, "g.jsonl")],
    ["QEMU", QEMU, (text: string) => parseQemuRecord(text, "q.jsonl")],
    ["QEMU mechanisms", MECHANISMS, (text: string) => parseQemuMechanismRecord(text, "m.jsonl")],
  ] as const;
  for (const [name, url, parse] of readers) {
    await t.step(name, async () => {
      const text = await Deno.readTextFile(url);
      assert.deepEqual(parse(`\uFEFF${text}`), parse(text));
    });
  }
});

Deno.test("readQemuFinalCopyTrace() reads a file saved with a byte-order mark as the same record", async () => {
  const url = new URL("../../data/validation/qemu/final_copy_trace.jsonl", import.meta.url);
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    await Deno.writeTextFile(path, `\uFEFF${await Deno.readTextFile(url)}`);
    assert.deepEqual(
      await readQemuFinalCopyTrace(path),
      await readQemuFinalCopyTrace(url.pathname),
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("readQemuFinalCopyTrace() checks the outcome, and a completed run's final copy", async (t) => {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  const run = (fields: Record<string, unknown>) =>
    JSON.stringify({
      kind: "run",
      compression: "zlib",
      outcome: "completed",
      downtimeMs: 30,
      timeline: { pages: 1000, syncEndMs: 25 },
      ...fields,
    });
  const read = async (line: string) => {
    await Deno.writeTextFile(path, `{"kind":"meta"}\n${line}\n`);
    return readQemuFinalCopyTrace(path);
  };
  try {
    await t.step("a misspelt outcome", async () => {
      await assert.rejects(() => read(run({ outcome: "complete" })), {
        name: "TypeError",
        message: new RegExp(
          'line 2 as outcome must be one of "completed", "timeout-cancelled", "failed": ' +
            'current value is "complete"$',
        ),
      });
    });
    await t.step("a completed run without its final copy", async () => {
      await assert.rejects(() => read(run({ timeline: null })), {
        name: "TypeError",
        message: /line 2 as timeline must be an object: current value is null$/,
      });
    });
    await t.step("a cancelled run may have none", async () => {
      const { runs } = await read(run({ outcome: "timeout-cancelled", timeline: null }));
      assert.equal(runs[0]!.timeline, null);
    });
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("readQemuFinalCopyTrace() names the file's own line, blank lines counted", async (t) => {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    const meta = '{"kind":"meta"}';
    await t.step("a bad field on line 4, after two blank lines", async () => {
      const run = '{"kind":"run","compression":"zlib","outcome":"completed","downtimeMs":-5}';
      await Deno.writeTextFile(path, `${meta}\n\n\n${run}\n`);
      await assert.rejects(() => readQemuFinalCopyTrace(path), {
        name: "RangeError",
        message: `Cannot read ${path} line 4 as downtimeMs must be a finite number > 0: ` +
          "current value is -5",
      });
    });
    await t.step("a truncated line 3, after a blank line", async () => {
      await Deno.writeTextFile(path, `${meta}\n\n{"kind":"run","compres\n`);
      await assert.rejects(() => readQemuFinalCopyTrace(path), {
        name: "SyntaxError",
        message: new RegExp(
          `^Cannot read ${path.replace(/[.]/g, "\\.")} line 3 as line must be JSON \\(`,
        ),
      });
    });
  } finally {
    await Deno.remove(path);
  }
});

// The parsers split their text and put the file name into their messages: text that was
// not a string failed inside ("text.split is not a function", "Cannot read properties of
// undefined (reading 'split')").
Deno.test("the record parsers refuse text or a file name that is not a string, naming it", () => {
  const parsers: [string, (text: string, file: string) => unknown][] = [
    ["a QEMU record", parseQemuRecord],
    ["a QEMU record", parseQemuMechanismRecord],
    ["the SimGrid record", parseSimgridRecord],
  ];
  for (const [what, parse] of parsers) {
    for (
      const [text, file, field, shown] of [
        [undefined, "x.jsonl", "text", "undefined"],
        [42, "x.jsonl", "text", "42"],
        [null, "x.jsonl", "text", "null"],
        ["", 7, "(fileName|file)", "7"],
      ] as const
    ) {
      assert.throws(
        () => parse(text as never, file as never),
        new RegExp(
          `^TypeError: Cannot read ${what} as ${field} must be a string: current value is ${shown}$`,
        ),
      );
    }
  }
});

Deno.test("the record readers name an empty path instead of passing it to Deno", async () => {
  const readers: [string, (path: string) => Promise<unknown>][] = [
    ["read a QEMU record", readQemuRecord],
    ["read a QEMU mechanisms record", readQemuMechanismRecord],
    ["read a QEMU final-copy trace", readQemuFinalCopyTrace],
    ["read a SimGrid record", readSimgridRecord],
  ];
  for (const [action, read] of readers) {
    await assert.rejects(() => read(""), {
      name: "TypeError",
      message: `Cannot ${action} as path must be a non-empty string: current value is ""`,
    });
    // a file name longer than the system's limit gave "File name too long (os error 36)"
    await assert.rejects(() => read("x".repeat(10_000)), {
      name: "TypeError",
      message: new RegExp(
        `^Cannot ${action} as path must name a readable file \\(.*\\): current value is "x+\\.\\.\\."$`,
      ),
    });
  }
});
