/**
 * `validation/qemu/compare.ts` writes `data/validation/qemu/engine_baseline.json` and
 * `validation/qemu/compare_records.ts` writes `data/validation/qemu/reproducibility.json` from
 * the committed QEMU records and the engine alone: the committed files must be what they write
 * now.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

Deno.test("the committed QEMU engine baseline is what validation/qemu/compare.ts writes now", async () => {
  // Two rows' engine total time had drifted in the last bits (pre-256M-r2000-fill-bwunl-dl50:
  // 0.28442340634247787 recorded, 0.28442340634247776 given) with nothing to say so: the
  // script, run in a scratch copy of the data folder, must write the committed file byte for
  // byte.
  const dir = await Deno.makeTempDir({ prefix: "qemu_compare_engine_" });
  try {
    const data = `${dir}/data/validation/qemu`;
    await Deno.mkdir(`${dir}/validation/qemu`, { recursive: true });
    await Deno.mkdir(data, { recursive: true });
    await Deno.symlink(new URL("lib", ROOT).pathname, `${dir}/lib`);
    await Deno.symlink(new URL("mod.ts", ROOT).pathname, `${dir}/mod.ts`);
    await Deno.copyFile(
      new URL("validation/qemu/compare.ts", ROOT),
      `${dir}/validation/qemu/compare.ts`,
    );
    for (const name of ["runs_quiet.jsonl", "first_touch.jsonl"]) {
      await Deno.copyFile(new URL(`data/validation/qemu/${name}`, ROOT), `${data}/${name}`);
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "-A", `${dir}/validation/qemu/compare.ts`],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(
      await Deno.readTextFile(`${data}/engine_baseline.json`),
      await Deno.readTextFile(new URL("data/validation/qemu/engine_baseline.json", ROOT)),
      "engine_baseline.json differs from what deno run -A validation/qemu/compare.ts writes now",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the committed QEMU reproducibility record is what validation/qemu/compare_records.ts writes now", async () => {
  // Its preset verdicts come from the engine (the method of compare.ts on each recording), so
  // an engine change can leave the committed file behind: the script, run in a scratch copy of
  // the data folder, must write it byte for byte.
  const dir = await Deno.makeTempDir({ prefix: "qemu_compare_records_" });
  try {
    const data = `${dir}/data/validation/qemu`;
    await Deno.mkdir(`${dir}/validation/qemu`, { recursive: true });
    await Deno.mkdir(data, { recursive: true });
    await Deno.symlink(new URL("lib", ROOT).pathname, `${dir}/lib`);
    await Deno.symlink(new URL("mod.ts", ROOT).pathname, `${dir}/mod.ts`);
    await Deno.copyFile(
      new URL("validation/qemu/compare_records.ts", ROOT),
      `${dir}/validation/qemu/compare_records.ts`,
    );
    for (const name of ["runs.jsonl", "runs_priority.jsonl", "runs_quiet.jsonl"]) {
      await Deno.copyFile(new URL(`data/validation/qemu/${name}`, ROOT), `${data}/${name}`);
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "-A", `${dir}/validation/qemu/compare_records.ts`],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(
      await Deno.readTextFile(`${data}/reproducibility.json`),
      await Deno.readTextFile(new URL("data/validation/qemu/reproducibility.json", ROOT)),
      "reproducibility.json differs from what deno run -A validation/qemu/compare_records.ts writes now",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
