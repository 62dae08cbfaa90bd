/**
 * The fuzz test of one area (slow group, run by `deno task test`): every exported
 * function and class of `lib/<area>/`, called with arbitrary values in every argument
 * position, either returns a result passing the invariants or throws the project's
 * named error. See `_harness.ts` for the values, the invariants and the error grammar.
 *
 * Each area is one file `tests/fuzz/<area>_fuzz_test.ts` of one line,
 * `fuzzArea("<area>")`, so `deno test --parallel` spreads the areas over the cores.
 * Each area gets `FUZZ_CASES` cases (10,000, or its own `cases` when its calls are slow;
 * scale with the `FUZZ_RUNS` factor), a fixed seed, and a sandbox: the test may write only into its own temporary
 * folder and may not run processes or use the network. `FUZZ_AREA=<name>` runs one
 * area even when it is pending.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  countByEntry,
  fuzzEntries,
  harvestVocabulary,
  loadEntries,
  summarize,
} from "./_harness.ts";
import { SEEDS } from "./_seeds.ts";

/** Cases per area (configuration cap, never wall-clock time), before `FUZZ_RUNS` scales them. */
const FUZZ_CASES = 10_000;
const FUZZ_SEED = 20261202;

const lib = (area: string) => new URL(`../../lib/${area}`, import.meta.url).pathname;
const sandbox = Deno.makeTempDirSync({ prefix: "migrate-lab-fuzz-" });
globalThis.addEventListener("unload", () => {
  // gone already when something else cleared /tmp: nothing left to remove
  try {
    Deno.removeSync(sandbox, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
});

/** Options of {@link fuzzArea}. */
export interface FuzzAreaOptions {
  /** Files of the area left out (say why next to the call). */
  skip?: string[];
  /** The area still fails: not run unless `FUZZ_AREA` names it. */
  pending?: boolean;
  /**
   * Cases of this area before `FUZZ_RUNS` scales them, when its calls are slow (say why
   * next to the call).
   * @default {10_000}
   */
  cases?: number;
  /**
   * Areas whose sources give the vocabulary, for an area that re-exports another's files.
   * @default {[area]}
   */
  vocabularyFrom?: string[];
}

/** Registers the fuzz test of `lib/<area>/`. */
export function fuzzArea(area: string, options: FuzzAreaOptions = {}): void {
  const { skip, pending, vocabularyFrom = [area] } = options;
  const dirs = [lib(area)];
  const cases = Math.round(
    (options.cases ?? FUZZ_CASES) * Number(Deno.env.get("FUZZ_RUNS") ?? "1"),
  );
  const only = Deno.env.get("FUZZ_AREA");
  Deno.test({
    name: `fuzz: every export of lib/${area} returns a valid result or a named error`,
    ignore: only === undefined ? pending === true : only !== area,
    permissions: {
      read: true,
      write: [sandbox],
      env: true,
      run: false,
      net: false,
      ffi: false,
      sys: true,
    },
    fn: async () => {
      const { entries, undocumentedConstants } = await loadEntries(dirs, skip);
      const { failures, calls } = await fuzzEntries(entries, {
        cases,
        seed: FUZZ_SEED,
        seeds: SEEDS,
        vocabulary: harvestVocabulary(vocabularyFrom.map(lib)),
      });
      if (Deno.env.get("FUZZ_REPORT")) {
        console.log(
          `${area}: ${failures.length} failures in ${calls} calls\n${countByEntry(failures)}\n` +
            `undocumented constants: ${undocumentedConstants.join(", ") || "none"}\n` +
            summarize(failures),
        );
      }
      assert.ok(calls >= cases, `only ${calls} calls`);
      assert.deepEqual(undocumentedConstants, [], "constants missing from CONSTANT_EXPORTS");
      assert.equal(failures.length, 0, `${failures.length} failures:\n${summarize(failures)}`);
    },
  });
}
