import assert from "node:assert/strict";
// The npm package is the oracle here only; the library does not load it.
// @deno-types="npm:@types/seedrandom@3.0.8"
import seedrandom from "npm:seedrandom@3.0.5";
import { xor4096 } from "../../lib/random/_xor4096.ts";
import { createPrng } from "../../lib/random/mod.ts";

/** Keys of every shape createPrng builds, plus edge cases of the seeding loop. */
function keys(): string[] {
  const list = [
    "",
    "\0",
    "a",
    "hello.",
    "42/vm/0/workload",
    "x".repeat(127),
    "x".repeat(128),
    "x".repeat(500),
    "é中😀",
  ];
  for (let k = 0; k < 500; k++) list.push(`${k}/${(k * 7919) % 1013}/workload`);
  return list;
}

Deno.test("xor4096() draws exactly seedrandom 3.0.5's xor4096 numbers for 509 keys x 1,000 draws", () => {
  for (const key of keys()) {
    const expected = seedrandom.xor4096(key);
    const actual = xor4096(key);
    for (let draw = 0; draw < 1000; draw++) {
      const [a, b] = [actual(), expected()];
      if (a !== b) assert.fail(`key ${JSON.stringify(key)} draw ${draw}: ${a} !== ${b}`);
    }
  }
});

Deno.test("createPrng() is seedrandom's xor4096 of 'seed/path...'", () => {
  const prng = createPrng(42, "vm", 3, "workload");
  const oracle = seedrandom.xor4096("42/vm/3/workload");
  for (let draw = 0; draw < 100; draw++) assert.equal(prng(), oracle());
});
