/**
 * `validation/qemu/compare.ts` writes `data/validation/qemu/engine_baseline.json` and
 * `validation/qemu/compare_records.ts` writes `data/validation/qemu/reproducibility.json` from
 * the committed QEMU records and the engine alone: the committed files must be what they write
 * now.
 */
import assert from "node:assert/strict";
import { committed, runScriptInScratch } from "./_scratch_script.ts";

Deno.test("the committed QEMU engine baseline is what validation/qemu/compare.ts writes now", async () => {
  // Two rows' engine total time had drifted in the last bits (pre-256M-r2000-fill-bwunl-dl50:
  // 0.28442340634247787 recorded, 0.28442340634247776 given) with nothing to say so: the
  // script, run in a scratch copy of the data folder, must write the committed file byte for
  // byte.
  await runScriptInScratch(
    "qemu",
    "compare.ts",
    ["runs_quiet.jsonl", "first_touch.jsonl"],
    async (run) => {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        await Deno.readTextFile(`${run.data}/engine_baseline.json`),
        await committed("qemu", "engine_baseline.json"),
        "engine_baseline.json differs from what deno run -A validation/qemu/compare.ts writes now",
      );
    },
  );
});

Deno.test("the committed QEMU reproducibility record is what validation/qemu/compare_records.ts writes now", async () => {
  // Its preset verdicts come from the engine (the method of compare.ts on each recording), so
  // an engine change can leave the committed file behind: the script, run in a scratch copy of
  // the data folder, must write it byte for byte.
  await runScriptInScratch(
    "qemu",
    "compare_records.ts",
    ["runs.jsonl", "runs_priority.jsonl", "runs_quiet.jsonl"],
    async (run) => {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        await Deno.readTextFile(`${run.data}/reproducibility.json`),
        await committed("qemu", "reproducibility.json"),
        "reproducibility.json differs from what deno run -A validation/qemu/compare_records.ts writes now",
      );
    },
  );
});
