/**
 * `deno task sweep:merge`: joins the shards of a sweep into the rows file a
 * one-machine run writes (byte for byte), after checking that every shard is there
 * and that all come from the same sweep and library version.
 *
 * ```sh
 * deno task sweep:merge -- --out out/plane.csv --shards 4     # reads out/plane.shard-{0..3}-of-4.csv
 * deno task sweep:merge -- --out out/plane.csv a.csv b.csv    # or name the shard files
 * ```
 *
 * Exit codes: 0 on success, 1 when the shards are missing or inconsistent, 2 for bad flags.
 *
 * @module
 */
import { checkOutFile, parseCliArgs } from "./_args.ts";
import { mergeSweepShards } from "../sweep/merge_sweep_shards.ts";
import { shardOutputPath } from "../sweep/shard.ts";
import { sweepFormatOf } from "../sweep/sweep_output.ts";

const USAGE = `Usage: deno task sweep:merge -- --out FILE (--shards N | SHARD_FILE...)

Checks that shards 0..N-1 of one sweep are all present and consistent, and joins
them into FILE (and FILE.sweep.json), the same bytes a one-machine run writes.

Options:
  --out FILE     merged rows file (.csv or .jsonl)
  --shards N     read FILE with .shard-i-of-N before its extension, for i in 0..N-1
  -h, --help     show this help
`;

/**
 * Runs the merge command line.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Where to write standard output and standard error.
 * @returns The exit code.
 */
export async function main(
  args: readonly string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (t) => console.log(t.trimEnd()),
    stderr: (t) => console.error(t.trimEnd()),
  },
): Promise<number> {
  let out: string;
  let paths: string[];
  try {
    const parsed = parseCliArgs(args[0] === "--" ? args.slice(1) : [...args], {
      out: { type: "string" },
      shards: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    });
    const values = parsed.values as { out?: string; shards?: string; help: boolean };
    const positionals = parsed.positionals;
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (values.out === undefined) throw new Error("Cannot merge sweep shards as --out is required");
    out = values.out;
    sweepFormatOf(out);
    await checkOutFile(out);
    if (values.shards !== undefined) {
      const count = Number(values.shards);
      if (!Number.isInteger(count) || count < 1 || positionals.length > 0) {
        throw new Error(
          `Cannot merge sweep shards as --shards must be an integer >= 1 with no shard files: current value is ${values.shards}`,
        );
      }
      paths = Array.from({ length: count }, (_, index) => shardOutputPath(out, { index, count }));
    } else if (positionals.length > 0) {
      paths = positionals;
    } else {
      throw new Error("Cannot merge sweep shards as --shards N or shard files must be given");
    }
  } catch (error) {
    io.stderr(`sweep:merge: ${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  try {
    const sidecar = await mergeSweepShards(paths, out);
    io.stdout(`${out}: ${sidecar.runs} rows from ${paths.length} shards\n`);
    return 0;
  } catch (error) {
    io.stderr(`sweep:merge: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
