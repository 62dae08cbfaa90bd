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
}

/**
 * Reads a folder in the PlanetLab CPU-trace layout (CloudSim's `workload/planetlab/<day>/`):
 * one file per VM, one integer utilisation percentage (0-100) per 5-minute line.
 *
 * Files are read in sorted name order (code-unit order), not in the order the file system lists
 * them, so results do not depend on the machine. Blank trailing lines are ignored.
 *
 * @param path The folder.
 * @param options Limits on files and lines.
 * @returns The traces, named after the files.
 * @throws {SyntaxError} If a line is not an integer in [0, 100] (the message names file and line).
 * @throws {RangeError} If the folder holds no files.
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
  const { maxFiles = Infinity, maxIntervals = Infinity } = options;
  const names: string[] = [];
  let entries: Iterable<Deno.DirEntry>;
  try {
    entries = Deno.readDirSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    const day = path.replace(/\/+$/, "").split("/").at(-1) ?? "";
    throw new Deno.errors.NotFound(
      `Cannot read PlanetLab folder as it must exist: current value is ${JSON.stringify(path)}; ${
        planetLabFolderHint(/^\d{8}$/.test(day) ? day : undefined)
      }`,
    );
  }
  for (const entry of entries) if (entry.isFile) names.push(entry.name);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) {
    throw new RangeError(
      `Cannot read PlanetLab folder as it must hold at least one file: current value is ${path}`,
    );
  }
  const kept = names.slice(0, Math.min(names.length, maxFiles));
  const percent = kept.map((name) => parseTrace(`${path}/${name}`, name, maxIntervals));
  return { names: kept, percent };
}

/** Parses one trace file. */
function parseTrace(file: string, name: string, maxIntervals: number): number[] {
  const lines = Deno.readTextFileSync(file).split("\n");
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const count = Math.min(lines.length, maxIntervals);
  const row = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const text = lines[i]!.trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= 0 && value <= 100)) {
      throw new SyntaxError(
        `Cannot read PlanetLab trace ${name} line ${
          i + 1
        } as it must be an integer percent in [0, 100]: current value is ${
          JSON.stringify(lines[i])
        }`,
      );
    }
    row[i] = value;
  }
  return row;
}
