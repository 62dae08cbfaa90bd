/**
 * The per-page sampler on Zipf laws over more than `ZIPF_EXACT_PAGES` pages, where the
 * model groups ranks into runs: with an exponent so small that a run spans a ratio of 2 or
 * more (about 0.0014 and below), run 0 holds several ranks, and the per-page blocks must
 * still give rank 0 its own share (1 / H), not its run's. Means over 20 seeds of one
 * second of writes, against the per-write sampler and the closed form.
 */
import assert from "node:assert/strict";
import { createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { createWorkload } from "../../lib/workload/create_workload.ts";
import { expectedDistinctPages } from "../../lib/workload/expected_dirty_pages.ts";
import { ZIPF_EXACT_PAGES } from "../../lib/workload/models/zipf.ts";

const PAGES = 100_000;
const SEEDS = 20;

/** Mean writes and distinct pages of one second, over the seeds. */
function means(exponent: number, sampler: "per-write" | "per-page") {
  const spec = { kind: "zipf", writesPerSecond: 20_000, exponent } as const;
  let writes = 0, pages = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const dirty = createBitset(PAGES);
    writes += createWorkload(spec, PAGES, createPrng(seed), sampler).write(0, 1, dirty);
    pages += dirty.count();
  }
  return { writes: writes / SEEDS, pages: pages / SEEDS };
}

Deno.test("the per-page sampler keeps a Zipf law's rates when its runs group ranks from rank 0", () => {
  assert.ok(PAGES > ZIPF_EXACT_PAGES);
  for (const exponent of [0.0002, 0.001, 0.5]) {
    const perWrite = means(exponent, "per-write");
    const perPage = means(exponent, "per-page");
    const expected = expectedDistinctPages(
      { kind: "zipf", writesPerSecond: 20_000, exponent },
      PAGES,
      20_000,
    );
    // 20 seeds of about 20,000 Poisson writes: a standard error of about 32 writes
    const near = (a: number, b: number, what: string) =>
      assert.ok(Math.abs(a - b) < 0.01 * b, `exponent ${exponent}: ${what} ${a} against ${b}`);
    near(perPage.writes, 20_000, "per-page writes");
    near(perWrite.writes, 20_000, "per-write writes");
    near(perPage.pages, expected, "per-page distinct pages");
    near(perWrite.pages, expected, "per-write distinct pages");
  }
});
