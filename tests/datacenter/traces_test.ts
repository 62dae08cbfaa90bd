import assert from "node:assert/strict";
import { fitSyntheticTraces, generateSyntheticTraces } from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";

Deno.test("generateSyntheticTraces() is seeded, bounded and near its mean", async (t) => {
  const traces = generateSyntheticTraces(200, { seed: 2, intervals: 288, meanPercent: 30 });
  await t.step("integers in [0, 100]", () => {
    for (const row of traces.percent) {
      for (const x of row) assert.ok(Number.isInteger(x) && x >= 0 && x <= 100);
    }
  });
  await t.step("mean within 1 point of 30 % over 57,600 values", () => {
    const all = traces.percent.flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    assert.ok(Math.abs(mean - 30) < 1, `mean ${mean}`);
  });
  await t.step("adding VMs never changes the others' traces", () => {
    const fewer = generateSyntheticTraces(3, { seed: 2, intervals: 288, meanPercent: 30 });
    assert.deepEqual(fewer.percent, traces.percent.slice(0, 3));
  });
  await t.step("rejects a negative count", () => {
    assert.throws(
      () => generateSyntheticTraces(-1, { seed: 1 }),
      new RangeError(
        "Cannot generate synthetic traces as count must be an integer >= 0: current value is -1",
      ),
    );
  });
});

Deno.test("generateSyntheticTraces() without a spread keeps its traces (values recorded before the option)", () => {
  const expected = [[28, 31, 33, 25, 23, 35, 39, 42], [48, 32, 27, 18, 20, 31, 31, 18]];
  const options = { seed: 2, intervals: 8, meanPercent: 30 };
  assert.deepEqual(generateSyntheticTraces(2, options).percent, expected);
  assert.deepEqual(
    generateSyntheticTraces(2, { ...options, meanSpreadPercent: 0 }).percent,
    expected,
  );
});

/** Mean, standard deviation and skewness of numbers. */
function moments(xs: readonly number[]): { mean: number; sd: number; skewness: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  let m2 = 0, m3 = 0;
  for (const x of xs) {
    m2 += (x - mean) ** 2;
    m3 += (x - mean) ** 3;
  }
  m2 /= xs.length;
  m3 /= xs.length;
  return { mean, sd: Math.sqrt(m2), skewness: m3 / m2 ** 1.5 };
}

Deno.test("generateSyntheticTraces() gives each VM a gamma-distributed mean of its own", () => {
  // gamma with mean 20 and standard deviation 10: shape 4, skewness 2 / sqrt(4) = 1
  const traces = generateSyntheticTraces(4000, {
    seed: 3,
    intervals: 288,
    meanPercent: 20,
    meanSpreadPercent: 10,
    noisePercent: 1,
    reversion: 1,
  });
  const means = traces.percent.map((row) => row.reduce((a, b) => a + b, 0) / row.length);
  const { mean, sd, skewness } = moments(means);
  assert.ok(Math.abs(mean - 20) < 0.6, `mean ${mean}`);
  assert.ok(Math.abs(sd - 10) < 0.6, `sd ${sd}`);
  assert.ok(Math.abs(skewness - 1) < 0.25, `skewness ${skewness}`);
  // the shocks come from the VM's own stream as without a spread: the same deviations
  const flat = generateSyntheticTraces(1, {
    seed: 3,
    intervals: 288,
    meanPercent: 50,
    noisePercent: 1,
    reversion: 1,
  });
  const spread = generateSyntheticTraces(1, {
    seed: 3,
    intervals: 288,
    meanPercent: 50,
    meanSpreadPercent: 10,
    noisePercent: 1,
    reversion: 1,
  });
  const shift = spread.percent[0]![0]! - flat.percent[0]![0]!;
  for (let k = 0; k < 288; k++) {
    assert.ok(
      Math.abs(spread.percent[0]![k]! - flat.percent[0]![k]! - shift) <= 1,
      `interval ${k}`,
    );
  }
  assert.throws(
    () => generateSyntheticTraces(1, { seed: 1, meanPercent: 0, meanSpreadPercent: 5 }),
    /options\.meanSpreadPercent must be 0 when options\.meanPercent is 0/,
  );
  assert.throws(
    () => generateSyntheticTraces(1, { seed: 1, meanSpreadPercent: -1 }),
    new RangeError(
      "Cannot generate synthetic traces as options.meanSpreadPercent must be in [0, 100]: current value is -1",
    ),
  );
});

Deno.test("fitSyntheticTraces() recovers the options traces were generated with", async (t) => {
  for (
    const options of [
      { meanPercent: 50, meanSpreadPercent: 10, noisePercent: 5, reversion: 0.3 },
      { meanPercent: 40, meanSpreadPercent: 0, noisePercent: 8, reversion: 0.9 },
      { meanPercent: 60, meanSpreadPercent: 6, noisePercent: 3, reversion: 0.05 },
      {
        meanPercent: 40,
        meanSpreadPercent: 12,
        noisePercent: 6,
        noiseExponent: 0.6,
        reversion: 0.5,
      },
    ]
  ) {
    await t.step(JSON.stringify(options), () => {
      const traces = generateSyntheticTraces(2000, { seed: 4, intervals: 288, ...options });
      const fit = fitSyntheticTraces(traces);
      assert.ok(Math.abs(fit.meanPercent - options.meanPercent) < 1, `mean ${fit.meanPercent}`);
      assert.ok(
        Math.abs(fit.meanSpreadPercent - options.meanSpreadPercent) < 0.4,
        `spread ${fit.meanSpreadPercent}`,
      );
      assert.ok(
        Math.abs(fit.noisePercent - options.noisePercent) < 0.3,
        `noise ${fit.noisePercent}`,
      );
      assert.ok(Math.abs(fit.reversion - options.reversion) < 0.03, `reversion ${fit.reversion}`);
      const exponent = "noiseExponent" in options ? options.noiseExponent : 0;
      assert.ok(Math.abs(fit.noiseExponent - exponent) < 0.05, `exponent ${fit.noiseExponent}`);
    });
  }
  await t.step("a case worked by hand", () => {
    // VM means 10 and 40 (overall 25), standard deviations 2 and 8: exponent ln 4 / ln 4 = 1;
    // noise^2 = (4 + 64) / ((10 / 25)^2 + (40 / 25)^2) = 25; alternating values: lag-1
    // autocorrelation -0.75, taken as 0 (reversion 1); spread^2 = 15^2 - 34 / 4
    const fit = fitSyntheticTraces({
      names: ["a", "b"],
      percent: [[8, 12, 8, 12], [32, 48, 32, 48]],
    });
    assert.equal(fit.meanPercent, 25);
    assert.ok(Math.abs(fit.noiseExponent - 1) < 1e-12, `exponent ${fit.noiseExponent}`);
    assert.ok(Math.abs(fit.noisePercent - 5) < 1e-12, `noise ${fit.noisePercent}`);
    assert.equal(fit.reversion, 1);
    assert.ok(Math.abs(fit.meanSpreadPercent - Math.sqrt(225 - 8.5)) < 1e-12);
  });
  await t.step("an exponent above 1 is kept, one above 2 clamped to the generator's 2", () => {
    // VM means 10 and 40 (4 times), standard deviations 1 and 8 (8 = 4^1.5): exponent 1.5;
    // deviations 0.5 and 32 (64 = 4^3): exponent 3, clamped to 2
    const fit = (a: number[], b: number[]) =>
      fitSyntheticTraces({ names: ["a", "b"], percent: [a, b] }).noiseExponent;
    assert.ok(Math.abs(fit([9, 11, 9, 11], [32, 48, 32, 48]) - 1.5) < 1e-12);
    assert.equal(fit([9.5, 10.5, 9.5, 10.5], [8, 72, 8, 72]), 2);
  });
  await t.step("rejects no traces and one-value traces, naming the field", () => {
    assert.throws(
      () => fitSyntheticTraces({ names: [], percent: [] }),
      /Cannot fit synthetic traces as traces\.percent must hold at least one trace of at least 2 values/,
    );
    assert.throws(
      () => fitSyntheticTraces({ names: ["a"], percent: [[5]] }),
      /traces\.percent must hold at least one trace of at least 2 values: current value is "traces of 1 value"/,
    );
    assert.throws(
      () => fitSyntheticTraces({ names: ["a"], percent: [[5, Number.NaN]] }),
      /traces\.percent\[0\]\[1\]/,
    );
  });
});

Deno.test("generateSyntheticTraces() scales each VM's shocks with a power of its own mean", () => {
  const options = {
    seed: 5,
    intervals: 288,
    meanPercent: 40,
    meanSpreadPercent: 10,
    noisePercent: 4,
    reversion: 1,
  };
  const traces = generateSyntheticTraces(2000, { ...options, noiseExponent: 1 });
  // independent draws around each VM's mean: log standard deviation against log mean, slope 1
  const points = traces.percent.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const sd = Math.sqrt(row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length);
    return [Math.log(mean), Math.log(sd)] as const;
  });
  const mx = points.reduce((a, p) => a + p[0], 0) / points.length;
  const my = points.reduce((a, p) => a + p[1], 0) / points.length;
  let sxx = 0, sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  assert.ok(Math.abs(sxy / sxx - 1) < 0.08, `slope ${sxy / sxx}`);
  // without a spread every VM has the mean, and the exponent changes nothing
  const flat = { seed: 5, intervals: 50, meanPercent: 40 };
  assert.deepEqual(
    generateSyntheticTraces(3, { ...flat, noiseExponent: 1.5 }),
    generateSyntheticTraces(3, flat),
  );
  assert.throws(
    () => generateSyntheticTraces(1, { seed: 1, noiseExponent: 3 }),
    new RangeError(
      "Cannot generate synthetic traces as options.noiseExponent must be in [0, 2]: current value is 3",
    ),
  );
});

Deno.test("generateSyntheticTraces() is the documented walk: unclipped state, values rounded and clipped", () => {
  // The model restated: VM v draws from createPrng(seed, "trace", v); x starts at the mean plus
  // a shock, then x += r (mean - x) + noise N(0, 1) each interval (Box-Muller, one of the
  // pair), the value is round(x) clipped to [0, 100] but the walk goes on from x itself.
  const options = { seed: 9, intervals: 60, meanPercent: 90, noisePercent: 30, reversion: 0.3 };
  const traces = generateSyntheticTraces(3, options);
  const gaussian = (prng: () => number) => {
    const u = 1 - prng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * prng());
  };
  let clipped = 0;
  for (let v = 0; v < 3; v++) {
    const prng = createPrng(9, "trace", v);
    let x = 90 + 30 * gaussian(prng);
    const expected: number[] = [];
    for (let k = 0; k < 60; k++) {
      x += 0.3 * (90 - x) + 30 * gaussian(prng);
      if (x > 100.5 || x < -0.5) clipped++;
      expected.push(Math.min(100, Math.max(0, Math.round(x))));
    }
    assert.deepEqual(traces.percent[v], expected, `VM ${v}`);
  }
  assert.ok(clipped > 20, `${clipped} values clipped`); // the clipping is exercised
  assert.deepEqual(traces.names, ["synthetic-0", "synthetic-1", "synthetic-2"]);
  assert.equal(generateSyntheticTraces(1, { seed: 1 }).percent[0]!.length, 288); // the default
});

Deno.test("generateSyntheticTraces() names each bad option and its value", () => {
  const cases: [number, Record<string, unknown>, string][] = [
    [1, { intervals: 0 }, "options.intervals must be an integer >= 1: current value is 0"],
    [
      1_000_000,
      { intervals: 101 },
      "count x options.intervals must be <= 100000000: current value is 101000000",
    ],
    [
      1,
      { seed: Number.NaN },
      "options.seed must be a string or a finite number: current value is NaN",
    ],
    [1, { seed: {} }, "options.seed must be a string or a finite number: current value is {}"],
    [1, { meanPercent: 101 }, "options.meanPercent must be in [0, 100]: current value is 101"],
    [
      1,
      { noisePercent: 100.5 },
      "options.noisePercent must be in [0, 100]: current value is 100.5",
    ],
    [1, { reversion: 0 }, "options.reversion must be a finite number > 0: current value is 0"],
  ];
  for (const [count, options, message] of cases) {
    assert.throws(
      () => generateSyntheticTraces(count, { seed: 1, ...options }),
      { message: `Cannot generate synthetic traces as ${message}` },
      JSON.stringify(options),
    );
  }
});

Deno.test("fitSyntheticTraces() bounds the reversion below by 1e-6 and gives VMs of one mean exponent 0", () => {
  // one slow period of a sine over 10,000 values: lag-1 autocorrelation 1 - 2e-7 (about
  // 1 - 2 pi^2 / T^2), above 1 - 1e-6
  const wave = Array.from({ length: 10000 }, (_, t) => 50 + 50 * Math.sin(2 * Math.PI * t / 10000));
  const slow = fitSyntheticTraces({ names: ["wave"], percent: [wave] });
  assert.ok(Math.abs(slow.reversion - 1e-6) < 1e-15, `reversion ${slow.reversion}`);
  // two VMs of mean 10 and standard deviation 2: no slope to fit
  const flat = fitSyntheticTraces({ names: ["a", "b"], percent: [[8, 12, 8, 12], [12, 8, 12, 8]] });
  assert.equal(flat.noiseExponent, 0);
  assert.ok(Math.abs(flat.noisePercent - 2) < 1e-12, `noise ${flat.noisePercent}`);
});
