import assert from "node:assert/strict";
import { DrawSource } from "../../lib/random/_draw_source.ts";
import { exponentialZiggurat } from "../../lib/random/_exponential_ziggurat.ts";
import { createPrng } from "../../lib/random/prng.ts";

Deno.test("DrawSource draws the numbers of the plain calls and leaves the generator where they would", async (t) => {
  await t.step(
    "typed-array xorgens generator: stepped inline, interleaved with plain draws",
    () => {
      const a = createPrng(11, "source");
      const b = createPrng(11, "source");
      const draws = new DrawSource(b);
      for (let k = 0; k < 100_000; k++) {
        assert.equal(draws.exponential(), exponentialZiggurat(a));
        assert.equal(draws.uint32(), Math.floor(a() * 2 ** 32));
        assert.equal(draws.uniform(), a());
        // Plain uniforms in between (the samplers' Poisson draws).
        if (k % 7 === 0) assert.equal(b(), a());
      }
      assert.equal(b(), a());
    },
  );
  await t.step("any other generator: the plain calls", () => {
    let x = 0.123;
    const lcg = () => (x = (x * 9301 + 0.49297) % 1);
    let y = 0.123;
    const draws = new DrawSource(() => (y = (y * 9301 + 0.49297) % 1));
    for (let k = 0; k < 1000; k++) {
      assert.equal(draws.exponential(), exponentialZiggurat(lcg));
      assert.equal(draws.uint32(), Math.floor(lcg() * 2 ** 32));
      assert.equal(draws.uniform(), lcg());
    }
  });
});
