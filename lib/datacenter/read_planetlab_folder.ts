import { integer, oneOf, options as checkOptions, show, string } from "../_validate.ts";
import { planetLabFolderHint } from "./planetlab_folder.ts";
import type { UtilizationTraces } from "./traces.ts";

/** Options of {@link readPlanetLabFolder}. */
export interface ReadPlanetLabFolderOptions {
  /**
   * Read at most this many files (the first ones in sorted order).
   * @default {Infinity}
   */
  maxFiles?: number;
  /**
   * Keep at most this many lines per file.
   * @default {Infinity}
   */
  maxIntervals?: number;
  /**
   * What to do when the files (after `maxIntervals`) differ in length: `"equal"`
   * rejects the folder naming the first file whose length differs; `"truncate"` cuts
   * every trace to the shortest one, explicitly.
   * @default {"equal"}
   */
  lengths?: "equal" | "truncate";
}

const ACTION = "read a PlanetLab folder";

/** Most values read from one folder (files x intervals), checked after each file is parsed. */
const MAX_VALUES = 100_000_000;

/**
 * Reads a folder in the PlanetLab CPU-trace layout (CloudSim's `workload/planetlab/<day>/`):
 * one file per VM, one integer utilisation percentage (0-100) per 5-minute line.
 *
 * Files are read in sorted name order (code-unit order), not in the order the file system lists
 * them, so results do not depend on the machine. Blank trailing lines are ignored; files whose
 * names start with a dot are skipped; a symbolic link is read as the file it points to. Files
 * of different lengths are an error unless `options.lengths` is `"truncate"`.
 *
 * @param path The folder.
 * @param options Limits on files and lines.
 * @returns The traces, named after the files.
 * @throws {SyntaxError} If a line is not an integer in [0, 100] (the message names file and line).
 * @throws {SyntaxError} If a file is empty (the message names the file and line 1).
 * @throws {RangeError} If a symbolic link in the folder points nowhere (the message names it).
 * @throws {RangeError} If the folder holds no trace files, the files differ in length (with
 *   `lengths: "equal"`), or more than 1e8 values would be read.
 * @throws {TypeError} If `path` is not a string or an option is unknown.
 * @throws {Deno.errors.NotFound} If the folder does not exist (the message says how to point
 * the library at the traces and where to get them).
 *
 * @example Read a tiny folder (needs --allow-read and --allow-write, so not run as a doc test)
 * ```ts ignore
 * import { readPlanetLabFolder } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/b`, "10\n20\n");
 * Deno.writeTextFileSync(`${dir}/a`, "5\n0\n");
 * const traces = readPlanetLabFolder(dir);
 * assert.deepEqual(traces, { names: ["a", "b"], percent: [[5, 0], [10, 20]] });
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function readPlanetLabFolder(
  path: string,
  options: ReadPlanetLabFolderOptions = {},
): UtilizationTraces {
  string(ACTION, "path", path, true);
  checkOptions(ACTION, "options", options, ["maxFiles", "maxIntervals", "lengths"]);
  const { maxFiles = Infinity, maxIntervals = Infinity, lengths = "equal" } = options;
  if (maxFiles !== Infinity) integer(ACTION, "options.maxFiles", maxFiles, 1);
  if (maxIntervals !== Infinity) integer(ACTION, "options.maxIntervals", maxIntervals, 1);
  oneOf(ACTION, "options.lengths", lengths, ["equal", "truncate"]);
  const names: string[] = [];
  let entries: Iterable<Deno.DirEntry>;
  try {
    entries = Deno.readDirSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      if (Object.values(Deno.errors).some((kind) => error instanceof kind)) throw error;
      // Errors Deno has no class for (a name too long, a loop of links): named here.
      throw new RangeError(
        `Cannot ${ACTION} as path must name a readable folder: current value is ${show(path)} (${
          error instanceof Error ? error.message : String(error)
        })`,
        { cause: error },
      );
    }
    const day = path.replace(/\/+$/, "").split("/").at(-1) ?? "";
    throw new Deno.errors.NotFound(
      `Cannot ${ACTION} as path must name an existing folder: current value is ${
        JSON.stringify(path)
      }; ${planetLabFolderHint(/^\d{8}$/.test(day) ? day : undefined)}`,
    );
  }
  // Dotfiles (.DS_Store, editor swap files, .gitkeep) are not traces.
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    // a symbolic link counts as what it points to (as CloudSim's File.listFiles reads it)
    if (entry.isFile || (entry.isSymlink && linkedFile(`${path}/${entry.name}`))) {
      names.push(entry.name);
    }
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as ${
        show(path)
      } must hold at least one trace file (dotfiles are skipped): current value is an empty folder`,
    );
  }
  const kept = names.slice(0, Math.min(names.length, maxFiles));
  let values = 0;
  const percent = kept.map((name) => {
    const row = parseTrace(`${path}/${name}`, maxIntervals);
    values += row.length;
    if (values > MAX_VALUES) {
      throw new RangeError(
        `Cannot ${ACTION} as the values read must be <= ${MAX_VALUES} (use options.maxFiles or options.maxIntervals): current value is ${values}`,
      );
    }
    return row;
  });
  const shortest = Math.min(...percent.map((row) => row.length));
  const ragged = percent.findIndex((row) => row.length !== percent[0]!.length);
  if (ragged >= 0) {
    if (lengths === "equal") {
      throw new RangeError(
        `Cannot ${ACTION} as file ${show(`${path}/${kept[ragged]}`)} must have as many lines as ${
          show(`${path}/${kept[0]}`)
        } (${percent[0]!.length}; or pass options.lengths "truncate"): current value is ${
          percent[ragged]!.length
        } lines`,
      );
    }
    for (const row of percent) row.length = shortest;
  }
  return { names: kept, percent };
}

/** Whether the symbolic link `file` points to a file; a link pointing nowhere is an error. */
function linkedFile(file: string): boolean {
  try {
    return Deno.statSync(file).isFile;
  } catch (error) {
    throw new RangeError(
      `Cannot ${ACTION} as file ${show(file)} must be a link to a readable file: current value is ${
        show(Deno.readLinkSync(file))
      } (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

/** Parses one trace file: one integer percent in [0, 100] a line. */
function parseTrace(file: string, maxIntervals: number): number[] {
  const lines = Deno.readTextFileSync(file).split("\n");
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  if (lines.length === 0) {
    throw new SyntaxError(
      `Cannot ${ACTION} as file ${
        show(file)
      } line 1 must be an integer percent in [0, 100]: current value is an empty file`,
    );
  }
  const count = Math.min(lines.length, maxIntervals);
  const row = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const text = lines[i]!.trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= 0 && value <= 100)) {
      throw new SyntaxError(
        `Cannot ${ACTION} as file ${show(file)} line ${
          i + 1
        } must be an integer percent in [0, 100]: current value is ${show(lines[i])}`,
      );
    }
    row[i] = value;
  }
  return row;
}
