import assert from "node:assert/strict";
import { FillingScratch, progressiveFilling } from "../../lib/network/_progressive_filling.ts";
import { createPrng } from "../../lib/random/prng.ts";

/**
 * Progressive filling written plainly, flow by flow: each step adds the least of the links'
 * fair shares and the open flows' headroom to every open flow's rate and takes it from each
 * link once per open flow crossing it, then freezes the flows on a full link or at their cap.
 */
function plainFilling(
  capacities: readonly number[],
  flows: readonly { links: number[]; maxBytesPerSecond?: number }[],
): number[] {
  const rates = flows.map(() => 0);
  const remaining = [...capacities];
  let open = flows.map((_, f) => f);
  while (open.length > 0) {
    let delta = Infinity;
    for (let l = 0; l < capacities.length; l++) {
      const users = open.filter((f) => flows[f]!.links.includes(l)).length;
      if (users > 0) delta = Math.min(delta, remaining[l]! / users);
    }
    for (const f of open) {
      delta = Math.min(delta, (flows[f]!.maxBytesPerSecond ?? Infinity) - rates[f]!);
    }
    for (const f of open) {
      rates[f]! += delta;
      for (const l of flows[f]!.links) remaining[l]! -= delta;
    }
    open = open.filter((f) =>
      !(rates[f]! >= (flows[f]!.maxBytesPerSecond ?? Infinity) * (1 - 1e-12) ||
        flows[f]!.links.some((l) => remaining[l]! <= capacities[l]! * 1e-12))
    );
  }
  return rates;
}

Deno.test("progressiveFilling() gives the plain flow-by-flow filling's rates to the last bit", () => {
  const rng = createPrng(20261206);
  const scratch = new FillingScratch(12);
  for (let trial = 0; trial < 300; trial++) {
    const links = 2 + Math.floor(rng() * 10);
    // capacities of a few sizes (equal shares tie) and awkward fractions (rounding)
    const capacities = Array.from(
      { length: links },
      () => rng() < 0.5 ? 125e6 * (1 + Math.floor(rng() * 3)) : 1e8 * rng() + 1,
    );
    const flows = Array.from({ length: Math.floor(rng() * 40) }, () => {
      const a = Math.floor(rng() * links);
      const b = Math.floor(rng() * links);
      const route = rng() < 0.2 || a === b ? [a] : [a, b];
      return rng() < 0.15 ? { links: route, maxBytesPerSecond: 1e7 * rng() + 1 } : { links: route };
    });
    const expected = plainFilling(capacities, flows);
    const got = [...progressiveFilling(Float64Array.from(capacities), flows, scratch)]
      .slice(0, flows.length);
    // the same doubles, not merely close ones (deepEqual compares with Object.is)
    assert.deepEqual(got, expected, `trial ${trial}`);
  }
});
