import { seedrandom } from "../_deps/seedrandom.ts";
import { show } from "../_validate.ts";
import { xorgensPrng } from "./_xorgens.ts";

/**
 * A seeded source of uniform numbers in [0, 1), with the contract of the built-in random function.
 *
 * Every random draw in migrate-lab goes through a `Prng` that is passed in explicitly.
 */
export type Prng = () => number;

/** A seed: any string or finite number. Results record it as given. */
export type Seed = string | number;

/**
 * Creates a seeded generator for one named stream of a seed.
 *
 * The stream is a function of the seed and of the path only (not of how many other
 * streams exist or were drawn from), so adding a VM or a repetition never changes the
 * draws of another one. Two paths give one stream only when they are equal part by part
 * (a `/` or `\` inside a part is escaped in the key); a number and its string (1 and
 * `"1"`) are one part. The generator is seedrandom's `xor4096` (Brent's xorgens,
 * period 2^4096 - 1, 32 bits per draw): seedrandom seeds it, and the draws run on a
 * typed-array copy of its state that gives the same sequence, faster.
 *
 * @param seed The study seed.
 * @param path Names of the stream, e.g. `"vm", 3, "workload"`.
 * @returns A generator of numbers in [0, 1).
 *
 * @example Same seed and path give the same draws
 * ```ts
 * import { createPrng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = createPrng(42, "vm", 0);
 * const b = createPrng(42, "vm", 0);
 * assert.equal(a(), b());
 * assert.notEqual(createPrng(42, "vm", 1)(), createPrng(42, "vm", 0)());
 * ```
 */
export function createPrng(seed: Seed, ...path: (string | number)[]): Prng {
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot create a generator as seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  for (const [index, part] of path.entries()) {
    if (typeof part === "number" ? !Number.isFinite(part) : typeof part !== "string") {
      throw new TypeError(
        `Cannot create a generator as path[${index}] must be a string or a finite number: current value is ${
          show(part)
        }`,
      );
    }
  }
  // parts joined by "/", each with "\\" and "/" escaped, so that two paths are one key only
  // when they are equal ("a/b", "c" is not "a", "b/c"); parts without either character are
  // as they were before the escaping (every stream the library names)
  const key = [String(seed), ...path.map(String)].map(escapePart).join("/");
  const { X, i, w } = seedrandom.xor4096(key, { state: true }).state() as {
    X: number[];
    i: number;
    w: number;
  };
  return xorgensPrng(X, i, w);
}

/** A path part with `\\` and `/` escaped by a backslash. */
function escapePart(part: string): string {
  return /[\\/]/.test(part) ? part.replace(/[\\/]/g, (c) => `\\${c}`) : part;
}
