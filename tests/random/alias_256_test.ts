import assert from "node:assert/strict";
import {
  Alias256,
  geometricProbabilities,
  octetProbabilities,
} from "../../lib/random/_alias_256.ts";
import { DrawSource } from "../../lib/random/_draw_source.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertFits } from "./_stats.ts";

/** Counts of `n` draws of each outcome. */
function drawCounts(table: Alias256, seed: number, n: number): number[] {
  const prng = createPrng(seed, "alias");
  const draws = new DrawSource(prng);
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < n; i++) counts[table.draw(draws.uint32(), prng)]!++;
  return counts;
}

Deno.test("Alias256 holds each outcome's probability exactly, and its draws fit it", async (t) => {
  const table = new Alias256();
  const p = new Float64Array(256);
  await t.step("octets: each pattern at q^k (1 - q)^(8 - k), for q from 0.1 to 0.9", () => {
    for (const q of [0.1, 0.3, 0.5, 0.77, 0.9]) {
      octetProbabilities(q, 1 - q, p);
      let sum = 0;
      for (let x = 0; x < 256; x++) {
        let k = 0;
        for (let b = 0; b < 8; b++) k += (x >> b) & 1;
        assert.ok(Math.abs(p[x]! - q ** k * (1 - q) ** (8 - k)) < 1e-15);
        sum += p[x]!;
      }
      assert.ok(Math.abs(sum - 1) < 1e-12);
      table.build(p);
      for (let x = 0; x < 256; x++) {
        assert.ok(
          Math.abs(table.probability(x) - p[x]!) <= 1e-15 + 1e-12 * p[x]!,
          `q ${q}, pattern ${x}: ${table.probability(x)} vs ${p[x]}`,
        );
      }
    }
  });
  await t.step("octets: 2^20 draws at q = 0.3 fit, bit by bit and by pattern", () => {
    octetProbabilities(0.3, 0.7, p);
    table.build(p);
    const n = 1 << 20;
    const counts = drawCounts(table, 1, n);
    assertFits(counts, [...p]);
    for (let b = 0; b < 8; b++) {
      let set = 0;
      for (let x = 0; x < 256; x++) if ((x >> b) & 1) set += counts[x]!;
      // Within 4 standard errors of 0.3.
      assert.ok(Math.abs(set / n - 0.3) < 4 * Math.sqrt(0.21 / n), `bit ${b}: ${set / n}`);
    }
  });
  await t.step("geometric skips: (1 - e^-λ) e^-λg below 255, the tail e^-255λ", () => {
    for (const lambda of [0.02, 0.069, 0.3, 2]) {
      geometricProbabilities(lambda, p);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      table.build(p);
      for (let x = 0; x < 256; x++) {
        assert.ok(Math.abs(table.probability(x) - p[x]!) <= 1e-15 + 1e-12 * p[x]!);
      }
    }
    geometricProbabilities(0.02, p);
    table.build(p);
    const counts = drawCounts(table, 2, 1 << 20);
    assertFits(counts, [...p]);
    // The tail outcome (255: skip on) comes out about e^-5.1 of the time.
    assert.ok(counts[255]! > 0);
  });
  await t.step("a point mass and the uniform law", () => {
    p.fill(0);
    p[17] = 1;
    table.build(p);
    assert.equal(table.probability(17), 1);
    assert.deepEqual(drawCounts(table, 3, 1000)[17], 1000);
    p.fill(1 / 256);
    table.build(p);
    for (let x = 0; x < 256; x++) assert.equal(table.probability(x), 1 / 256);
  });
});
