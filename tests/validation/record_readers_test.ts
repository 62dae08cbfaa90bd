/**
 * The readers of the recorded validation data reject each class of malformed file
 * naming the file and the line: an empty file, a line that is not JSON (a truncated
 * last line from an interrupted harness), and a first line that is not the meta line.
 */
import assert from "node:assert/strict";
import { parseQemuMechanismRecord, parseSimgridRecord } from "../../lib/validation/mod.ts";

const MECHANISMS = new URL("../../data/validation/qemu/mechanisms.jsonl", import.meta.url);
const GRID = new URL("../../data/validation/simgrid/grid.jsonl", import.meta.url);

Deno.test("parseSimgridRecord() rejects an empty file and a truncated line, naming file and line", async (t) => {
  const lines = (await Deno.readTextFile(GRID)).split("\n").filter((l) => l !== "");
  await t.step("an empty file", () => {
    assert.throws(() => parseSimgridRecord("\n\n", "g.jsonl"), {
      name: "SyntaxError",
      message:
        'g.jsonl: Cannot read the SimGrid record as the file must hold at least one run: current value is "3 blank line(s)"',
    });
  });
  await t.step("a truncated last line", () => {
    const text = `${lines[0]}\n${lines[1]!.slice(0, 40)}`;
    assert.throws(() => parseSimgridRecord(text, "g.jsonl"), {
      name: "SyntaxError",
      message: /^g\.jsonl:2: Cannot read the SimGrid record as the line is not JSON/,
    });
  });
});

Deno.test("parseQemuMechanismRecord() rejects an empty file, a truncated line and a missing meta line", async (t) => {
  const lines = (await Deno.readTextFile(MECHANISMS)).split("\n").filter((l) => l !== "");
  await t.step("an empty file", () => {
    assert.throws(
      () => parseQemuMechanismRecord("", "m.jsonl"),
      /m\.jsonl: empty file \(no meta line\)/,
    );
  });
  await t.step("a truncated last line", () => {
    const text = `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 30)}\n`;
    assert.throws(() => parseQemuMechanismRecord(text, "m.jsonl"), {
      name: "SyntaxError",
      message: /^m\.jsonl:3: invalid JSON/,
    });
  });
  await t.step("a run where the meta line should be", () => {
    assert.throws(
      () => parseQemuMechanismRecord(`${lines[1]}\n`, "m.jsonl"),
      /m\.jsonl:1 as kind must be "meta" on the first line/,
    );
  });
});
