import { integer, object, show, string } from "../_validate.ts";
/** One slice of a sweep: the runs whose id modulo `count` is `index`. */
export interface SweepShard {
  /** 0-based shard number, below `count`. */
  index: number;
  /** Number of shards (integer >= 1). */
  count: number;
}

/**
 * Parses a shard as written on the command line, `"i/N"` (0-based `i` below `N`).
 * Shard `i` of `N` holds the runs whose id modulo `N` is `i`, so shards interleave
 * the grid and take about the same work.
 *
 * @param text The shard, e.g. `"2/4"`.
 * @returns The shard.
 * @throws {SyntaxError} If the text is not `i/N` with integers.
 * @throws {RangeError} If `i >= N` or `N < 1`.
 *
 * @example A third shard of four, and a shard past the count
 * ```ts
 * import { parseShard } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseShard("2/4"), { index: 2, count: 4 });
 * assert.throws(() => parseShard("3/2"), {
 *   name: "RangeError",
 *   message: 'Cannot parse shard as its index must be below its count (i/N with 0 <= i < N): current value is "3/2"',
 * });
 * ```
 */
export function parseShard(text: string): SweepShard {
  const match = typeof text === "string" ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text) : null;
  if (match === null) {
    throw new SyntaxError(
      `Cannot parse shard as it must be i/N with integers (e.g. 0/4): current value is ${
        show(text)
      }`,
    );
  }
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) {
    throw new RangeError(
      `Cannot parse shard as its count must be >= 1: current value is ${show(text)}`,
    );
  }
  if (index >= count) {
    throw new RangeError(
      `Cannot parse shard as its index must be below its count (i/N with 0 <= i < N): current value is ${
        show(text)
      }`,
    );
  }
  return { index, count };
}

/**
 * The shard a Slurm job-array task runs: `SLURM_ARRAY_TASK_ID` of
 * `SLURM_ARRAY_TASK_COUNT` (both set by `sbatch --array=0-(N-1)`), or `undefined`
 * outside a job array. The array must start at 0 (`SLURM_ARRAY_TASK_MIN` = 0).
 *
 * @param env The environment, e.g. `Deno.env.toObject()`.
 * @returns The shard, or `undefined` when the variables are absent.
 *
 * @example Task 1 of a 4-task array
 * ```ts
 * import { shardFromSlurm } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(
 *   shardFromSlurm({ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "4" }),
 *   { index: 1, count: 4 },
 * );
 * assert.equal(shardFromSlurm({}), undefined);
 * ```
 */
export function shardFromSlurm(env: Readonly<Record<string, string>>): SweepShard | undefined {
  object("take the shard from Slurm", "env", env);
  const id = env.SLURM_ARRAY_TASK_ID;
  const count = env.SLURM_ARRAY_TASK_COUNT;
  if (id === undefined || count === undefined) return undefined;
  for (const key of ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN"]) {
    const value = env[key];
    if (value !== undefined && typeof value !== "string") {
      throw new TypeError(
        `Cannot take the shard from Slurm as ${key} must be a string: current value is ${
          show(value)
        }`,
      );
    }
  }
  if ((env.SLURM_ARRAY_TASK_MIN ?? "0") !== "0") {
    throw new RangeError(
      `Cannot take the shard from Slurm as SLURM_ARRAY_TASK_MIN must be 0 (submit --array=0-N): current value is ${
        show(env.SLURM_ARRAY_TASK_MIN)
      }`,
    );
  }
  return parseShard(`${id}/${count}`);
}

/**
 * The rows file of one shard: the output name with `.shard-<i>-of-<N>` before its
 * extension, which `deno task sweep` writes and `deno task sweep:merge --shards N`
 * reads.
 *
 * @param out The whole sweep's rows file.
 * @param shard The shard.
 * @returns The shard's rows file.
 *
 * @example
 * ```ts
 * import { shardOutputPath } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shardOutputPath("out/plane.csv", { index: 1, count: 4 }), "out/plane.shard-1-of-4.csv");
 * ```
 */
export function shardOutputPath(out: string, shard: SweepShard): string {
  string("name the shard output", "out", out, true);
  const shardRecord = object("name the shard output", "shard", shard);
  const count = integer("name the shard output", "shard.count", shardRecord.count, 1);
  integer("name the shard output", "shard.index", shardRecord.index, 0, count - 1);
  const dot = out.lastIndexOf(".");
  const slash = out.lastIndexOf("/");
  const [stem, ext] = dot > slash ? [out.slice(0, dot), out.slice(dot)] : [out, ""];
  return `${stem}.shard-${shard.index}-of-${shard.count}${ext}`;
}
