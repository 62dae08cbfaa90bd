/**
 * The data-centre simulation's MAD decision without sorting (`madOverloaded`) gives the same
 * boolean as `utilization > (madUpperThreshold(history) ?? fallback)` on histories with ties,
 * leading zeros, odd and even lengths, and utilisations at the threshold to the last bit; so
 * does the decision by cells given bounds of the history (`madOverloadedWithin`), on such
 * histories and on sums like a host's (a base plus a VM's share) near their thresholds.
 */
import assert from "node:assert/strict";
import { madOverloaded, madOverloadedWithin } from "../../lib/datacenter/_mad_decision.ts";
import { madUpperThreshold } from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** The next double above (`up`) or below x, for x > 0. */
function adjacent(x: number, up: boolean): number {
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] = b[0]! + (up ? 1n : -1n);
  return f[0]!;
}

Deno.test("madOverloaded() decides as madUpperThreshold() and a comparison do", () => {
  const next = createPrng(5, "mad-decision");
  let decided = 0, exactTies = 0;
  for (let trial = 0; trial < 20000; trial++) {
    const n = 1 + Math.floor(next() * 40);
    const history = new Float64Array(n);
    const zeros = next() < 0.2 ? Math.floor(next() * n) : 0;
    const grid = next() < 0.4; // values on a coarse grid: many ties among values and deviations
    for (let i = zeros; i < n; i++) {
      history[i] = grid ? Math.floor(next() * 8) / 8 : next() * (next() < 0.5 ? 0.3 : 1.2);
    }
    const s = [0, 1.5, 2.5, next() * 4][trial % 4]!;
    const minHistory = 1 + Math.floor(next() * 14);
    const fallback = 0.7;
    const t = madUpperThreshold(history, { safetyParameter: s, minHistory });
    const reference = t ?? fallback;
    const candidates = reference > 0
      ? [reference, adjacent(reference, true), adjacent(reference, false), next() * 1.2]
      : [reference, next() * 1.2];
    for (const u of candidates) {
      const expected = u > reference;
      assert.equal(
        madOverloaded(history.slice(), u, s, minHistory, fallback),
        expected,
        `history ${Array.from(history)}, u ${u}, s ${s}, minHistory ${minHistory}`,
      );
      decided++;
      if (u === reference) exactTies++;
    }
  }
  assert.ok(decided > 60000 && exactTies > 15000);
});

Deno.test("madOverloaded() decides even counts whose median deviation lies between two", () => {
  // median 0.5; deviations 0,0,.1,.1,.2,.2,.3,.3 (from 0.2..0.8): MAD = (0.1 + 0.2) / 2
  const history = Float64Array.of(0.2, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.8);
  const t = madUpperThreshold(history, { safetyParameter: 1, minHistory: 1 })!;
  assert.ok(Math.abs(t - 0.85) < 1e-12);
  assert.equal(madOverloaded(history.slice(), t, 1, 1, 0.7), false);
  assert.equal(madOverloaded(history.slice(), adjacent(t, true), 1, 1, 0.7), true);
  // equal values (their mean may round above them all): MAD 0, threshold 1
  for (const value of [0.1, 0.7, 1 / 3]) {
    const flat = new Float64Array(30).fill(value);
    assert.equal(madOverloaded(flat.slice(), 1, 2.5, 12, 0.7), false);
    assert.equal(madOverloaded(flat.slice(), adjacent(1, true), 2.5, 12, 0.7), true);
  }
  // too short: the fallback threshold decides
  assert.equal(madOverloaded(history.slice(), 0.71, 1, 9, 0.7), true);
  assert.equal(madOverloaded(history.slice(), 0.7, 1, 9, 0.7), false);
});

Deno.test("madOverloadedWithin() decides as madUpperThreshold() and a comparison do", () => {
  const next = createPrng(7, "mad-within");
  let decided = 0, nearThreshold = 0;
  for (let trial = 0; trial < 20000; trial++) {
    const n = 1 + Math.floor(next() * 40);
    const kind = trial % 4;
    const history = new Float64Array(n);
    let lo = Infinity, hi = -Infinity;
    if (kind === 3) {
      // a host's history: a base plus a VM's share, bounded as the simulation bounds them
      const base = Array.from({ length: n }, () => 0.5 + 0.4 * next());
      const share = Array.from({ length: n }, () => Math.round(next() * 60) / 100);
      const f = 2500 / 5320;
      for (let i = 0; i < n; i++) history[i] = base[i]! + share[i]! * f;
      lo = Math.min(...base) + Math.min(...share) * f;
      hi = Math.max(...base) + Math.max(...share) * f;
    } else {
      const zeros = next() < 0.2 ? Math.floor(next() * n) : 0;
      const grid = kind === 1; // many ties among values and deviations
      for (let i = zeros; i < n; i++) {
        history[i] = grid ? Math.floor(next() * 8) / 8 : next() * (next() < 0.5 ? 0.3 : 1.2);
      }
      for (const x of history) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      // looser bounds, as a sum of bounds gives
      if (kind === 2) {
        lo -= next() * 0.2;
        hi += next() * 0.5;
      }
    }
    const s = [0, 1.5, 2.5, next() * 4][Math.floor(next() * 4)]!;
    const minHistory = 1 + Math.floor(next() * 14);
    const t = madUpperThreshold(history, { safetyParameter: s, minHistory });
    const reference = t ?? 0.7;
    const candidates = [reference, next() * 1.2, reference + (next() - 0.5) * 0.05];
    if (reference > 0) candidates.push(adjacent(reference, true), adjacent(reference, false));
    for (const u of candidates) {
      const expected = u > reference;
      assert.equal(
        madOverloadedWithin(history.slice(), lo, hi, u, s, minHistory, 0.7),
        expected,
        `history ${Array.from(history)}, bounds ${lo} ${hi}, u ${u}, s ${s}, min ${minHistory}`,
      );
      decided++;
      if (Math.abs(u - reference) < 1e-12) nearThreshold++;
    }
  }
  assert.ok(decided > 80000 && nearThreshold > 20000);
});
