/**
 * Fuzz test (slow group, run by `deno task test`): every exported function and class of
 * each area below, called with arbitrary values in every argument position, either
 * returns a result passing the invariants or throws the project's named error. See
 * `_harness.ts` for the values, the invariants and the error grammar.
 *
 * One line per area in `AREAS`. Each area gets `FUZZ_CASES` cases (default 10,000;
 * scale with the `FUZZ_RUNS` factor), a fixed seed, and a sandbox: the test may write
 * only into its own temporary folder and may not run processes or use the network.
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

/** Cases per area (configuration cap, never wall-clock time). */
const FUZZ_CASES = Math.round(10_000 * Number(Deno.env.get("FUZZ_RUNS") ?? "1"));
const FUZZ_SEED = 20261202;

const lib = (area: string) => new URL(`../../lib/${area}`, import.meta.url).pathname;
const sandbox = Deno.makeTempDirSync({ prefix: "migrate-lab-fuzz-" });

/**
 * One line per area: name, folders, files left out (with the reason). `pending` areas
 * still fail and are not run by default (run them with `FUZZ_AREA=<name>`).
 */
const AREAS: { area: string; dirs: string[]; skip?: string[]; pending?: boolean }[] = [
  { area: "random", dirs: [lib("random")] },
  { area: "units", dirs: [lib("units")] },
  { area: "events", dirs: [lib("events")] },
  { area: "realtime", dirs: [lib("realtime")] },
  { area: "reliability", dirs: [lib("reliability")] },
  { area: "study", dirs: [lib("study")] },
  { area: "plot", dirs: [lib("plot")], pending: true },
  { area: "sweep", dirs: [lib("sweep")], pending: true },
];

const only = Deno.env.get("FUZZ_AREA");
for (const { area, dirs, skip, pending } of AREAS) {
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
      assert.deepEqual(undocumentedConstants, [], "constants missing from CONSTANT_EXPORTS");
      const { failures, calls } = await fuzzEntries(entries, {
        cases: FUZZ_CASES,
        seed: FUZZ_SEED,
        seeds: SEEDS,
        vocabulary: harvestVocabulary(dirs),
      });
      if (Deno.env.get("FUZZ_REPORT")) {
        console.log(
          `${area}: ${failures.length} failures in ${calls} calls\n${countByEntry(failures)}\n` +
            summarize(failures),
        );
      }
      assert.ok(calls >= FUZZ_CASES, `only ${calls} calls`);
      assert.equal(failures.length, 0, `${failures.length} failures:\n${summarize(failures)}`);
    },
  });
}
