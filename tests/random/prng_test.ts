import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { fillUniforms } from "../../lib/random/_xorgens.ts";
import { seedrandom } from "../../lib/_deps/seedrandom.ts";

function take(prng: () => number, n: number): number[] {
  return Array.from({ length: n }, prng);
}

Deno.test("createPrng() gives identical sequences for the same seed and path", () => {
  assert.deepEqual(
    take(createPrng(42, "vm", 0), 1000),
    take(createPrng(42, "vm", 0), 1000),
  );
  assert.deepEqual(
    take(createPrng("study-a"), 100),
    take(createPrng("study-a"), 100),
  );
});

Deno.test("createPrng() gives different sequences for different seeds or paths", () => {
  const base = take(createPrng(42, "vm", 0), 100);
  assert.notDeepEqual(take(createPrng(42, "vm", 1), 100), base);
  assert.notDeepEqual(take(createPrng(43, "vm", 0), 100), base);
  assert.notDeepEqual(take(createPrng(42, "vm"), 100), base);
  assert.notDeepEqual(take(createPrng(42, "vm", 0, "workload"), 100), base);
});

Deno.test("createPrng() streams are independent of draws from other streams", () => {
  const alone = take(createPrng(7, "vm", 0), 500);
  const vm0 = createPrng(7, "vm", 0);
  const vm1 = createPrng(7, "vm", 1);
  const interleaved: number[] = [];
  for (let i = 0; i < 500; i++) {
    take(vm1, 3);
    interleaved.push(vm0());
  }
  assert.deepEqual(interleaved, alone);
});

Deno.test("createPrng() draws lie in [0, 1) with mean 1/2 and variance 1/12 (within 5 standard errors, 100,000 draws)", () => {
  const prng = createPrng(1, "range");
  const n = 100_000;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const u = prng();
    assert.ok(u >= 0 && u < 1, `${u}`);
    sum += u;
    sumSquares += u * u;
  }
  const mean = sum / n;
  const variance = sumSquares / n - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(variance - 1 / 12) < 5 * (1 / 12) * Math.sqrt(0.8 / n));
});

Deno.test("createPrng() rejects invalid seeds with a TypeError", () => {
  for (const seed of [NaN, Infinity, -Infinity]) {
    assert.throws(() => createPrng(seed), {
      name: "TypeError",
      message:
        `Cannot create a generator as seed must be a string or a finite number: current value is ${seed}`,
    });
  }
  for (const [seed, shown] of [[undefined, "undefined"], [null, "null"], [{}, "{}"], [[], "[]"]]) {
    assert.throws(() => createPrng(seed as unknown as number), {
      name: "TypeError",
      message:
        `Cannot create a generator as seed must be a string or a finite number: current value is ${shown}`,
    });
  }
});

Deno.test("createPrng() gives two paths one stream only when they are equal, whatever '/' and '\\\\' their parts hold", () => {
  // the parts were joined by "/" as they were: ("a/b", "c") and ("a", "b/c") were one key
  const first = (seed: number | string, ...path: (string | number)[]) =>
    createPrng(seed, ...path)();
  const draws = [
    first("a/b", "c"),
    first("a", "b/c"),
    first("a", "b", "c"),
    first("a\\", "b"),
    first("a", "\\b"),
    first("a\\/b"),
    first("a/\\b"),
    first(1, "vm/3"),
    first(1, "vm", 3),
  ];
  assert.equal(new Set(draws).size, draws.length, JSON.stringify(draws));
  // a path whose parts hold neither character keeps its key (every stream the library names)
  assert.equal(first("a", "b", "c"), seedrandom.xor4096("a/b/c")());
  // and one that holds them is keyed by its escaped parts
  assert.equal(first("a/b", "c\\"), seedrandom.xor4096("a\\/b/c\\\\")());
});

Deno.test("createPrng() draws the sequence of seedrandom's xor4096 for the same key, and fillUniforms() the same numbers in blocks", async (t) => {
  for (
    const [seed, path] of [[1, ["w"]], ["bench", []], [-5, ["vm", 3]], [
      "x".repeat(300),
      [],
    ]] as const
  ) {
    await t.step(`seed ${String(seed).slice(0, 10)} path ${JSON.stringify(path)}`, () => {
      const reference = seedrandom.xor4096([String(seed), ...path.map(String)].join("/"));
      const prng = createPrng(seed, ...path);
      const block = new Float64Array(1000);
      for (let round = 0; round < 50; round++) {
        for (let k = 0; k < 997; k++) {
          assert.equal(prng(), reference(), `draw ${k} of round ${round}`);
        }
        fillUniforms(prng, block, 1 + round * 19);
        for (let k = 0; k < 1 + round * 19; k++) assert.equal(block[k], reference());
      }
    });
  }
  await t.step("a generator not made by createPrng is called draw by draw", () => {
    let i = 0;
    const counter = () => (i++ % 10) / 10;
    const block = new Float64Array(5);
    fillUniforms(counter, block, 5);
    assert.deepEqual([...block], [0, 0.1, 0.2, 0.3, 0.4]);
  });
});
