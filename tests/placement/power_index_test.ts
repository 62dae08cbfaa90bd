/**
 * The power-aware host index (`lib/placement/_power_index.ts`, behind PABFD and OBFDF) against
 * a plain scan: on seeded hosts with non-convex 11-point power tables and random loads, its
 * branch and bound returns the host a scan of every host picks (least power increase in whole
 * milliwatts, the lowest index on ties). Its pruning rests on `lowestIncrease`, a lower bound
 * of the increase over a range of loads whose minimum can lie strictly inside the range.
 */
import assert from "node:assert/strict";
import { withSlack } from "../../lib/placement/_fit.ts";
import { drawAt, increaseKey, powerClasses, PowerIndex } from "../../lib/placement/_power_index.ts";
import type { PowerModel } from "../../lib/datacenter/power_model.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** A non-decreasing table of `points` points whose slopes jump between flat and steep. */
function table(prng: () => number, points: number): PowerModel {
  const steps = [0, 0.5, 2, 8, 25];
  const watts = [40 + Math.floor(prng() * 60)];
  for (let i = 1; i < points; i++) watts.push(watts[i - 1]! + steps[Math.floor(prng() * 5)]!);
  return { kind: "table", watts };
}

/** Builds an index over hosts with the given loads; returns it and its exact evaluation. */
function indexOver(models: PowerModel[], cpu: number[], load: number[]) {
  const n = models.length;
  const { classes, classOf, curveOf } = powerClasses(
    models,
    cpu,
    cpu.map(() => Infinity),
    (c) => ({ thresholdMips: withSlack(c), emptyFromZero: false }),
  );
  const room = Float64Array.from(cpu, withSlack);
  const index = new PowerIndex(
    classes,
    classOf,
    room,
    new Float64Array(1),
    new Float64Array(n),
    -Infinity,
  );
  for (let j = 0; j < n; j++) {
    room[j] = withSlack(cpu[j]!) - load[j]!;
    index.update(j, room, j, load[j]!, load[j]!);
  }
  const increase = (j: number, mips: number): number => {
    if (load[j]! + mips > withSlack(cpu[j]!)) return NaN;
    const curve = curveOf[j]!;
    return drawAt(curve, Math.min(1, (load[j]! + mips) / cpu[j]!)) -
      drawAt(curve, load[j]! / cpu[j]!);
  };
  return { index, increase };
}

/** The host a scan picks: least increase in whole milliwatts, the lowest index on ties. */
function scan(n: number, increase: (j: number) => number): number {
  let best = -1;
  let bestKey = Infinity;
  for (let j = 0; j < n; j++) {
    const x = increase(j);
    if (Number.isNaN(x)) continue;
    const key = increaseKey(x);
    if (key < bestKey) [best, bestKey] = [j, key];
  }
  return best;
}

Deno.test("PowerIndex.best() picks the scan's host when the least increase lies inside a load range", () => {
  // slopes 2 W/% on 20-30 %, 0.5 W/% on 30-40 %, 2.5 W/% on 40-50 %; a VM of 15 % of the host:
  // g(u) = P(u + 15 %) - P(u) is 22.5 W at 20 %, 15 W at 25 % and 17 W at 29 %, its least at
  // 25 % (where u + 15 % crosses 40 %), strictly inside the range 20-29 % that hosts 0 to 3
  // span. Host 4, of a linear model, draws 16 W more: bounding the range by its ends (17 W)
  // would prune host 2 and pick host 4.
  const special: PowerModel = {
    kind: "table",
    watts: [60, 70, 100, 120, 125, 150, 160, 170, 180, 190, 200],
  };
  const linear: PowerModel = { kind: "linear", idleWatts: 50, peakWatts: 50 + 16 / 0.15 };
  const models = [special, special, special, special, linear, special, special, special];
  const cpu = new Array(8).fill(1000);
  const load = [200, 290, 250, 290, 100, 900, 900, 900];
  const { index, increase } = indexOver(models, cpu, load);
  const mips = 150;
  assert.ok(Math.abs(increase(2, mips) - 15) < 1e-9);
  assert.ok(Math.abs(increase(4, mips) - 16) < 1e-9);
  assert.ok(Math.abs(increase(1, mips) - 17) < 1e-9);
  const best = index.best(mips, Float64Array.of(mips), 1, (j) => increase(j, mips));
  assert.equal(best, 2);
});

Deno.test("PowerIndex.best() equals a scan of every host on seeded instances of non-convex tables", async (t) => {
  // 11-point tables (one load bucket per segment; this seed once met a rounding case that
  // the bound's 1e-8 margin covers) and 21-point tables (20 segments in 16 buckets)
  for (const [points, runs] of [[11, 300], [21, 300]] as const) {
    await t.step(`${points}-point tables, ${runs} instances`, () => {
      const prng = createPrng(2013, points === 11 ? "power-index-test" : "power-index-test-21");
      for (let run = 0; run < runs; run++) {
        const n = 5 + Math.floor(prng() * 40);
        const shapes = Array.from(
          { length: 1 + Math.floor(prng() * 3) },
          () => table(prng, points),
        );
        const models = Array.from({ length: n }, () => shapes[Math.floor(prng() * shapes.length)]!);
        const cpu = Array.from({ length: n }, () => (prng() < 0.5 ? 1000 : 2000));
        const load = cpu.map((c) => prng() < 0.2 ? 0 : Math.floor(prng() * c * 0.95));
        const { index, increase } = indexOver(models, cpu, load);
        for (let q = 0; q < 5; q++) {
          const mips = 10 + Math.floor(prng() * 600);
          const expected = scan(n, (j) => increase(j, mips));
          const best = index.best(mips, Float64Array.of(mips), 1, (j) => increase(j, mips));
          assert.equal(best, expected, `run ${run}, VM of ${mips} MIPS`);
        }
      }
    });
  }
});

Deno.test("PowerIndex.best() files a host near full under its own load bucket, not the empty one", () => {
  // a 21-point table (5 % segments, 16 load buckets): +50 W over the first 5 %, flat over the
  // last. Hosts 0-3 at 95-97 % are in segment 19, bucket floor(19 x 16 / 20) = 15; a 40-MIPS
  // VM adds 0 W there. Host 4 (linear) adds 5 W. Filed under the empty hosts' bucket, whose
  // bound is the increase from 0 (40 W), hosts 0-3 would be pruned once host 4 is seen.
  const watts = [100, 150, ...Array.from({ length: 18 }, (_, i) => 150 + 10 * (i + 1)), 330];
  const steep: PowerModel = { kind: "table", watts };
  const linear: PowerModel = { kind: "linear", idleWatts: 100, peakWatts: 225 };
  const models = [steep, steep, steep, steep, linear];
  const load = [950, 950, 960, 970, 500];
  const { index, increase } = indexOver(models, new Array(5).fill(1000), load);
  assert.equal(increase(0, 40), 0);
  assert.ok(Math.abs(increase(4, 40) - 5) < 1e-9);
  assert.equal(index.best(40, Float64Array.of(40), 1, (j) => increase(j, 40)), 0);
});

Deno.test("PowerIndex.best() takes a host that the VM brings exactly to its threshold", () => {
  // threshold withSlack(1000) MIPS; host 1's load leaves exactly 150 below it (the sum
  // rounds back to the threshold itself); host 0 is full
  const model: PowerModel = { kind: "linear", idleWatts: 100, peakWatts: 200 };
  const limit = withSlack(1000);
  const load = [limit, limit - 150];
  assert.equal(load[1]! + 150, limit);
  const { index, increase } = indexOver([model, model], [1000, 1000], load);
  assert.ok(!Number.isNaN(increase(1, 150)));
  assert.equal(index.best(150, Float64Array.of(150), 1, (j) => increase(j, 150)), 1);
});
