import assert from "node:assert/strict";
import { expectedDistinctPages } from "../../../lib/workload/expected_dirty_pages.ts";
import { ZIPF_RUN_SPREAD, zipfModel } from "../../../lib/workload/models/zipf.ts";

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
