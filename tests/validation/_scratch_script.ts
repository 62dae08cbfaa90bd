/**
 * Runs a record script of `validation/` in a scratch copy of the repository's layout, so that
 * the data folder it writes is a scratch one: the script copied to its place, `lib` and
 * `mod.ts` linked, the given data files (and `deno.json`, for a script that runs `deno fmt`)
 * copied. For tests that hold a committed record to what its script writes now, or that
 * check what a script leaves behind when it fails.
 */

const ROOT = new URL("../../", import.meta.url);

/** What {@link runScriptInScratch} gives: the script's exit, its stderr and its data folder. */
export interface ScratchRun {
  code: number;
  stderr: string;
  /** The scratch copy's `data/validation/<area>` folder. */
  data: string;
}

/**
 * Runs `validation/<area>/<script>` in a scratch copy, its data folder holding `dataFiles` of
 * `data/validation/<area>` (or the given contents), then `check` with the run; the copy is
 * removed afterwards.
 *
 * @param area `"qemu"` or `"simgrid"` (the folder under `validation/` and `data/validation/`).
 * @param script The script's file name.
 * @param dataFiles Names copied from the committed data folder, or name to contents.
 * @param check What to assert of the run (before the copy is removed).
 * @param permissions The script's permissions (default `-A`).
 */
export async function runScriptInScratch(
  area: string,
  script: string,
  dataFiles: (string | [string, string])[],
  check: (run: ScratchRun) => Promise<void>,
  permissions: string[] = ["-A"],
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: `${area}_${script.replace(/\.ts$/, "")}_` });
  try {
    const data = `${dir}/data/validation/${area}`;
    await Deno.mkdir(`${dir}/validation/${area}`, { recursive: true });
    await Deno.mkdir(data, { recursive: true });
    await Deno.symlink(new URL("lib", ROOT).pathname, `${dir}/lib`);
    await Deno.symlink(new URL("mod.ts", ROOT).pathname, `${dir}/mod.ts`);
    // a script that formats what it writes does it under the project's settings
    await Deno.copyFile(new URL("deno.json", ROOT), `${dir}/deno.json`);
    const copy = `${dir}/validation/${area}/${script}`;
    await Deno.copyFile(new URL(`validation/${area}/${script}`, ROOT), copy);
    for (const file of dataFiles) {
      if (typeof file === "string") {
        await Deno.copyFile(new URL(`data/validation/${area}/${file}`, ROOT), `${data}/${file}`);
      } else await Deno.writeTextFile(`${data}/${file[0]}`, file[1]);
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", ...permissions, copy],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    await check({ code: out.code, stderr: new TextDecoder().decode(out.stderr), data });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The committed `data/validation/<area>/<name>`. */
export function committed(area: string, name: string): Promise<string> {
  return Deno.readTextFile(new URL(`data/validation/${area}/${name}`, ROOT));
}
