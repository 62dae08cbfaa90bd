import assert from "node:assert/strict";
import { Bitset, createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { integer } from "../../lib/random/integer.ts";

const SIZES = [0, 1, 31, 32, 33, 1000];

/** The obvious model: one boolean per page, every query a linear scan. */
class NaiveSet {
  readonly bits: boolean[];
  constructor(size: number) {
    this.bits = new Array<boolean>(size).fill(false);
  }
  count(): number {
    return this.bits.filter(Boolean).length;
  }
  pages(): number[] {
    return this.bits.flatMap((bit, page) => (bit ? [page] : []));
  }
  nextSet(from: number): number {
    for (let i = Math.max(from, 0); i < this.bits.length; i++) {
      if (this.bits[i]) return i;
    }
    return -1;
  }
  nextClear(from: number): number {
    for (let i = Math.max(from, 0); i < this.bits.length; i++) {
      if (!this.bits[i]) return i;
    }
    return -1;
  }
  prevClear(from: number): number {
    for (let i = Math.min(from, this.bits.length - 1); i >= 0; i--) {
      if (!this.bits[i]) return i;
    }
    return -1;
  }
}

/** Asserts that every query of `set` agrees with `model` (queries from 0 to size + 2). */
function assertSame(set: Bitset, model: NaiveSet, context: string): void {
  const size = model.bits.length;
  assert.equal(set.count(), model.count(), `${context}: count`);
  const visited: number[] = [];
  set.forEach((page) => visited.push(page));
  assert.deepEqual(visited, model.pages(), `${context}: forEach`);
  for (let page = 0; page < size; page++) {
    assert.equal(set.has(page), model.bits[page], `${context}: has(${page})`);
  }
  for (let from = 0; from <= size + 2; from++) {
    assert.equal(
      set.nextSet(from),
      model.nextSet(from),
      `${context}: nextSet(${from})`,
    );
    assert.equal(
      set.nextClear(from),
      model.nextClear(from),
      `${context}: nextClear(${from})`,
    );
    assert.equal(
      set.prevClear(from),
      model.prevClear(from),
      `${context}: prevClear(${from})`,
    );
  }
}

Deno.test("createBitset() starts empty and fill() / clear() set and reset every page", async (t) => {
  for (const size of SIZES) {
    await t.step(`size ${size}`, () => {
      const set = createBitset(size);
      const model = new NaiveSet(size);
      assert.equal(set.size, size);
      assert.equal(set.words.length, Math.ceil(size / 32));
      assertSame(set, model, "empty");
      set.fill();
      model.bits.fill(true);
      assertSame(set, model, "filled");
      assert.equal(set.count(), size);
      set.clear();
      model.bits.fill(false);
      assertSame(set, model, "cleared");
    });
  }
});

Deno.test("Bitset agrees with a boolean-array model over 300 random set/unset operations per size, with a fill() halfway", async (t) => {
  for (const size of SIZES.filter((s) => s > 0)) {
    await t.step(`size ${size}`, () => {
      const prng = createPrng(2026, "bitset", size);
      const set = createBitset(size);
      const model = new NaiveSet(size);
      for (let step = 0; step < 300; step++) {
        const page = integer(prng, 0, size);
        if (step === 150) {
          // Halfway, start again from a full set so that clears dominate.
          set.fill();
          model.bits.fill(true);
        }
        if (integer(prng, 0, 2) === 0) {
          set.set(page);
          model.bits[page] = true;
        } else {
          set.unset(page);
          model.bits[page] = false;
        }
        // Full comparison every few steps keeps the test fast for size 1000.
        if (size < 100 || step % 25 === 0) {
          assertSame(set, model, `step ${step}`);
        }
      }
      assertSame(set, model, "end");
    });
  }
});

Deno.test("Bitset set() and unset() are idempotent and only touch their page", () => {
  const set = createBitset(64);
  set.set(31);
  set.set(31);
  set.set(32);
  assert.equal(set.count(), 2);
  assert.deepEqual([set.has(30), set.has(31), set.has(32), set.has(33)], [
    false,
    true,
    true,
    false,
  ]);
  set.unset(31);
  set.unset(31);
  assert.equal(set.count(), 1);
  assert.equal(set.nextSet(0), 32);
});

Deno.test("Bitset copyFrom() replaces the pages with those of another set of the same size", () => {
  const a = createBitset(70);
  const b = createBitset(70);
  a.set(1);
  b.set(5);
  b.set(69);
  a.copyFrom(b);
  const pages: number[] = [];
  a.forEach((page) => pages.push(page));
  assert.deepEqual(pages, [5, 69]);
  b.unset(5);
  assert.equal(a.has(5), true, "copy is independent of its source");
});

Deno.test("Bitset fill() never sets bits beyond size in the last word", () => {
  for (const size of [1, 31, 33, 63, 1000]) {
    const set = createBitset(size);
    set.fill();
    const last = set.words[set.words.length - 1]!;
    const tail = size % 32;
    assert.equal(last, tail === 0 ? 0xffffffff : 2 ** tail - 1, `size ${size}`);
  }
});

Deno.test("Bitset queries on an empty universe (size 0) return -1", () => {
  const set = createBitset(0);
  assert.equal(set.nextSet(0), -1);
  assert.equal(set.nextClear(0), -1);
  assert.equal(set.prevClear(5), -1);
  assert.equal(set.prevClear(0), -1);
});

Deno.test("Bitset nextSet() and nextClear() with a negative from search from page 0", () => {
  // Fails with the current lib/bitset/bitset.ts (reported to the lead, not fixed
  // here): both return -1, because `from >>> 5` turns -1 into word index 134217727,
  // past the end of `words`. prevClear() already guards `from < 0`.
  const set = createBitset(40);
  set.set(3);
  assert.equal(set.nextSet(-1), 3);
  assert.equal(set.nextClear(-1), 0);
});

Deno.test("Bitset returns correct page numbers beyond 2^31 and sizes its words up to 2^32", () => {
  // Word index i holds pages 32 i .. 32 i + 31; `i << 5` overflows int32 from i = 2^26.
  const size = 2 ** 31 + 64;
  const set = createBitset(size);
  assert.equal(set.words.length, 2 ** 26 + 2);
  set.set(2 ** 31 + 40);
  assert.equal(set.nextSet(2 ** 31), 2 ** 31 + 40);
  assert.equal(set.nextClear(2 ** 31 + 40), 2 ** 31 + 41);
  assert.equal(set.prevClear(2 ** 31 + 40), 2 ** 31 + 39);
  assert.equal(set.prevClear(size + 100), size - 1);
  assert.equal(createBitset(2 ** 32).words.length, 2 ** 27);
});

Deno.test("Bitset.setRange() and unsetRange() change exactly [from, to), across word boundaries", () => {
  for (const [from, to] of [[0, 0], [3, 4], [5, 31], [31, 33], [7, 70], [0, 96], [64, 96]]) {
    const set = createBitset(100);
    set.setRange(from!, to!);
    for (let p = 0; p < 100; p++) {
      assert.equal(set.has(p), p >= from! && p < to!, `set ${from}-${to} at ${p}`);
    }
    set.fill();
    set.unsetRange(from!, to!);
    for (let p = 0; p < 100; p++) {
      assert.equal(set.has(p), !(p >= from! && p < to!), `unset ${from}-${to} at ${p}`);
    }
  }
});

Deno.test("Bitset#countAnd() counts the pages of both sets, as a page-by-page check does", () => {
  const a = createBitset(1000);
  const b = createBitset(1000);
  for (let i = 0; i < 1000; i++) {
    if (i % 3 === 0) a.set(i);
    if (i % 7 === 0 || i > 990) b.set(i);
  }
  let expected = 0;
  for (let i = 0; i < 1000; i++) if (a.has(i) && b.has(i)) expected++;
  assert.equal(a.countAnd(b), expected);
  assert.equal(b.countAnd(a), expected);
  assert.equal(a.countAnd(createBitset(1000)), 0);
});

// The class is exported: `new Bitset(size)` took any size, so -1 or 1e308 failed inside the
// typed array ("RangeError: Invalid typed array length: -1") and 0.5 made a set of size 0.5.
Deno.test("new Bitset() refuses the sizes createBitset() refuses, naming the size", () => {
  for (const size of [-1, 0.5, NaN, Infinity, 1e308, 2 ** 32 + 1, "8", {}]) {
    assert.throws(
      () => new Bitset(size as never),
      /^(TypeError|RangeError): Cannot create a bitset as size must be (an integer in \[0, 4294967296\]|a number): current value is /,
      String(size),
    );
  }
  assert.equal(new Bitset(40).size, 40);
});

Deno.test("the searches take any integer start, as the class documents", () => {
  // a start outside the universe moves to its nearer end when the search runs toward it,
  // else the answer is -1
  const b = createBitset(40);
  b.set(3);
  b.set(39);
  assert.deepEqual(
    [
      b.nextSet(-5),
      b.nextSet(40),
      b.nextClear(-1),
      b.nextClear(40),
      b.prevClear(1000),
      b.prevClear(-3),
    ],
    [3, -1, 0, -1, 38, -1],
  );
});
