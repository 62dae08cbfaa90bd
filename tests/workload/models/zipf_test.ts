import assert from "node:assert/strict";
import { expectedDistinctPages } from "../../../lib/workload/expected_dirty_pages.ts";
import {
  ZIPF_EXACT_PAGES,
  ZIPF_RUN_SPREAD,
  ZIPF_TAIL_SHARE,
  zipfModel,
} from "../../../lib/workload/models/zipf.ts";

Deno.test("zipfModel runs: each spans probabilities within ZIPF_RUN_SPREAD, shares are exact sums", async (t) => {
  for (const s of [0.3, 1, 2.5]) {
    await t.step(`exponent ${s}`, () => {
      const P = 200_000;
      const { runs } = zipfModel.distribution({ kind: "zipf", writesPerSecond: 1, exponent: s }, P);
      let norm = 0;
      for (let k = P; k >= 1; k--) norm += Math.pow(k, -s);
      let rank = 0;
      for (const run of runs) {
        const first = Math.pow(rank + 1, -s);
        const last = Math.pow(rank + run.pages, -s);
        assert.ok(first / last <= 1 + ZIPF_RUN_SPREAD + 1e-12);
        let exact = 0;
        for (let k = rank + run.pages; k > rank; k--) exact += Math.pow(k, -s);
        assert.ok(Math.abs(run.writeShare / (exact / norm) - 1) < 1e-9, `run at ${rank}`);
        rank += run.pages;
      }
      assert.equal(rank, P);
      assert.ok(runs.length < P / 10, `${runs.length} runs`);
    });
  }
});

Deno.test("expectedDistinctPages() over Zipf runs equals the page-by-page sum within 1e-7", () => {
  const P = 100_000;
  const s = 1;
  let norm = 0;
  for (let k = P; k >= 1; k--) norm += Math.pow(k, -s);
  for (const w of [100, 10_000, 1e6]) {
    let exact = 0;
    for (let k = P; k >= 1; k--) exact -= Math.expm1(w * Math.log1p(-Math.pow(k, -s) / norm));
    const model = expectedDistinctPages({ kind: "zipf", writesPerSecond: 1, exponent: s }, P, w);
    assert.ok(Math.abs(model / exact - 1) < 1e-7, `${w}: ${model} vs ${exact}`);
  }
});

/** Expected distinct pages of `w` writes by the page-by-page sum, smallest terms first. */
function pageByPage(P: number, s: number, w: number): number {
  let norm = 0;
  for (let k = P; k >= 1; k--) norm += Math.pow(k, -s);
  let exact = 0;
  for (let k = P; k >= 1; k--) exact -= Math.expm1(w * Math.log1p(-Math.pow(k, -s) / norm));
  return exact;
}

Deno.test("zipfModel runs overestimate the page-by-page expected distinct pages by at most the documented bound", async (t) => {
  // Bound (zipfModel's JSDoc): 0 <= model - exact <= ZIPF_RUN_SPREAD x model + w x ZIPF_TAIL_SHARE,
  // up to the rounding of the two sums (1e-12 relative).
  const P = 300_000;
  for (const s of [0.2, 0.8, 1, 1.5, 3, 4, 10, 100, 1e6]) {
    await t.step(`exponent ${s}, ${P} pages`, () => {
      for (const w of [1, 50, 3_000, 1e5, 1e7, 1e10]) {
        const exact = pageByPage(P, s, w);
        const model = expectedDistinctPages(
          { kind: "zipf", writesPerSecond: 1, exponent: s },
          P,
          w,
        );
        const slack = 1e-12 * exact;
        assert.ok(model >= exact - slack, `w=${w}: ${model} < ${exact}`);
        assert.ok(
          model - exact <= ZIPF_RUN_SPREAD * model + w * ZIPF_TAIL_SHARE + slack,
          `w=${w}: ${model} vs ${exact}`,
        );
        // What is seen is second order in the spread.
        assert.ok(model - exact <= 1e-6 * model + slack, `w=${w}: ${model} vs ${exact}`);
      }
    });
  }
});

Deno.test("zipfModel is exact (one run per rank) up to ZIPF_EXACT_PAGES pages", () => {
  for (const P of [1, 2, 1000, ZIPF_EXACT_PAGES]) {
    const { runs } = zipfModel.distribution({ kind: "zipf", writesPerSecond: 1, exponent: 1 }, P);
    assert.equal(runs.length, P);
    assert.ok(runs.every((r) => r.pages === 1));
  }
  const P = ZIPF_EXACT_PAGES;
  for (const w of [10, 1e4, 1e8]) {
    const exact = pageByPage(P, 1.1, w);
    const model = expectedDistinctPages({ kind: "zipf", writesPerSecond: 1, exponent: 1.1 }, P, w);
    assert.ok(Math.abs(model - exact) <= 1e-10 * exact, `w=${w}: ${model} vs ${exact}`);
  }
  const above = zipfModel.distribution(
    { kind: "zipf", writesPerSecond: 1, exponent: 1 },
    ZIPF_EXACT_PAGES + 1,
  );
  assert.ok(above.runs.length < ZIPF_EXACT_PAGES / 2);
});

Deno.test("zipfModel runs of a 4 TiB VM (2^30 pages) stay under 60,000 for every exponent, shares summing to 1", async (t) => {
  for (const s of [1e-300, 0.01, 0.5, 1, 2, 3, 4, 5, 10, 100, 1e6, 1e308]) {
    await t.step(`exponent ${s}`, () => {
      const { runs } = zipfModel.distribution(
        { kind: "zipf", writesPerSecond: 1, exponent: s },
        2 ** 30,
      );
      assert.ok(runs.length <= 60_000, `${runs.length} runs`);
      assert.equal(runs.reduce((n, r) => n + r.pages, 0), 2 ** 30);
      assert.ok(runs.every((r) => Number.isFinite(r.writeShare) && r.writeShare >= 0));
      const total = runs.reduce((sum, r) => sum + r.writeShare, 0);
      assert.ok(Math.abs(total - 1) < 1e-12, String(total));
      // Every run but a lumped tail keeps its spread.
      let rank = 0;
      for (const run of runs.slice(0, -1)) {
        const spread = Math.exp(s * (Math.log(rank + run.pages) - Math.log(rank + 1)));
        assert.ok(spread <= 1 + ZIPF_RUN_SPREAD + 1e-12, `run at ${rank}: ${spread}`);
        rank += run.pages;
      }
    });
  }
});
