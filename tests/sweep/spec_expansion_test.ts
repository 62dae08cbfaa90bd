/**
 * `expandSweep`: every bad spec is refused naming the field and the value; runs come in
 * the documented order (points, grid with its first key outermost, variants,
 * replicates); later parts of a spec override earlier ones; seeds depend on the
 * parameters, not on where or in which order the spec sets them; and a value the spec
 * sets is the value the run gets, even when it is falsy.
 */
import assert from "node:assert/strict";
import { checkSweepValue, expandSweep, runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";

const RELIABILITY_PARAMETERS =
  "processorCount, requiredProcessors, lifetime, failureRatePerSecond, " +
  "weibullShape, weibullScaleSeconds, coverage, missionSeconds, missions";

Deno.test("expandSweep() refuses bad specs naming the field and the value", async (t) => {
  const base = { kind: "reliability", seed: 1 };
  const cases: [string, unknown, string, string][] = [
    ["an array spec", [], "TypeError", "spec must be an object: current value is []"],
    [
      "a NaN seed",
      { ...base, seed: NaN },
      "TypeError",
      "seed must be a string or a finite number: current value is NaN",
    ],
    [
      "an infinite seed",
      { ...base, seed: -Infinity },
      "TypeError",
      "seed must be a string or a finite number: current value is -Infinity",
    ],
    [
      "a boolean seed",
      { ...base, seed: true },
      "TypeError",
      "seed must be a string or a finite number: current value is true",
    ],
    [
      "a numeric name",
      { ...base, name: 5 },
      "TypeError",
      "name must be a string: current value is 5",
    ],
    [
      "fractional replicates",
      { ...base, replicates: 1.5 },
      "RangeError",
      "replicates must be an integer >= 1: current value is 1.5",
    ],
    [
      "an inherited key as a grid parameter",
      { ...base, grid: { constructor: [1] } },
      "TypeError",
      `grid key must be a parameter of run kind "reliability" (${RELIABILITY_PARAMETERS}): current value is "constructor"`,
    ],
    [
      "fixed as an array",
      { ...base, fixed: [] },
      "TypeError",
      "fixed must be an object: current value is []",
    ],
    [
      "grid as an array",
      { ...base, grid: [] },
      "TypeError",
      "grid must be an object: current value is []",
    ],
    [
      "a grid entry that is not an array",
      { ...base, grid: { coverage: 0.5 } },
      "RangeError",
      "grid.coverage must be a non-empty array: current value is 0.5",
    ],
    [
      "a grid value twice (the same runs twice, with the same seeds)",
      { ...base, grid: { coverage: [0.5, 0.9, 0.5] } },
      "TypeError",
      "grid.coverage[2] must not repeat grid.coverage[0]: current value is 0.5",
    ],
    [
      "a point twice, over fixed",
      { ...base, fixed: { missions: 10 }, points: [{ coverage: 0.5 }, {}, { coverage: 0.5 }] },
      "TypeError",
      'points[2] must not repeat points[0] (with fixed): current value is {"coverage":0.5}',
    ],
    [
      "a point that repeats fixed",
      { ...base, fixed: { missions: 10 }, points: [{}, { missions: 10 }] },
      "TypeError",
      'points[1] must not repeat points[0] (with fixed): current value is {"missions":10}',
    ],
    [
      "fixed setting a grid parameter (the grid's values would replace it)",
      { ...base, fixed: { missions: 10, coverage: 0.2 }, grid: { coverage: [0.5, 1] } },
      "TypeError",
      'fixed must not set a grid parameter: current value is "coverage"',
    ],
    [
      "no points",
      { ...base, points: [] },
      "RangeError",
      "points must be a non-empty array: current value is []",
    ],
    [
      "a misspelt point parameter",
      { ...base, points: [{ coverage: 1 }, { covrage: 1 }] },
      "TypeError",
      `points[1] key must be a parameter of run kind "reliability" (${RELIABILITY_PARAMETERS}): current value is "covrage"`,
    ],
    [
      "a bad point value",
      { ...base, points: [{ coverage: 2 }] },
      "RangeError",
      "points[0].coverage must be a finite number >= 0 and <= 1: current value is 2",
    ],
    [
      "a point setting a grid parameter (the grid's values would replace it)",
      { ...base, points: [{ missions: 10 }, { coverage: 0.2 }], grid: { coverage: [0.5, 1] } },
      "TypeError",
      'points[1] must not set a grid parameter: current value is "coverage"',
    ],
    [
      "no variants",
      { ...base, variants: [] },
      "RangeError",
      "variants must be a non-empty array: current value is []",
    ],
    [
      "a variant that is a label alone",
      { ...base, variants: ["exponential"] },
      "TypeError",
      'variants[0] must be an object: current value is "exponential"',
    ],
    [
      "a null variant",
      { ...base, variants: [{ label: "a", parameters: {} }, null] },
      "TypeError",
      "variants[1] must be an object: current value is null",
    ],
    [
      "an empty label",
      { ...base, variants: [{ label: "", parameters: {} }] },
      "TypeError",
      'variants[0].label must be a non-empty string: current value is ""',
    ],
    [
      "a repeated label",
      { ...base, variants: [{ label: "a", parameters: {} }, { label: "a", parameters: {} }] },
      "TypeError",
      'variants[1].label must be unique: current value is "a"',
    ],
    [
      "a misspelt variant key",
      { ...base, variants: [{ label: "a", parameters: {}, parameter: {} }] },
      "TypeError",
      '"parameter" must be a known key of variants[0] ("label", "parameters"): current value is {}',
    ],
    [
      "a probability above 1",
      { ...base, fixed: { coverage: 1.5 } },
      "RangeError",
      "fixed.coverage must be a finite number >= 0 and <= 1: current value is 1.5",
    ],
    [
      "a zero rate that must be > 0",
      { ...base, fixed: { failureRatePerSecond: 0 } },
      "RangeError",
      "fixed.failureRatePerSecond must be a finite number > 0: current value is 0",
    ],
    [
      "an infinite rate",
      { ...base, grid: { failureRatePerSecond: [1e-4, Infinity] } },
      "RangeError",
      "grid.failureRatePerSecond[1] must be a finite number > 0: current value is Infinity",
    ],
    [
      "a fractional count",
      { ...base, fixed: { missions: 1.5 } },
      "RangeError",
      "fixed.missions must be an integer >= 1: current value is 1.5",
    ],
    [
      "a number as a string",
      { ...base, fixed: { missions: "5" } },
      "TypeError",
      'fixed.missions must be a number: current value is "5"',
    ],
    [
      "a name outside the choices",
      { ...base, fixed: { lifetime: 5 } },
      "TypeError",
      'fixed.lifetime must be one of "exponential", "weibull": current value is 5',
    ],
  ];
  for (const [name, spec, errorName, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => expandSweep(spec as SweepSpec), {
        name: errorName,
        message: `Cannot run a sweep as ${message}`,
      });
    });
  }
});

Deno.test("expandSweep() orders runs by point, then grid (first key outermost), variant, replicate", () => {
  const sweep = expandSweep({
    kind: "reliability",
    seed: 1,
    points: [{ missions: 10 }, { missions: 20 }],
    grid: { coverage: [0.5, 1], processorCount: [4, 5] },
    variants: [
      { label: "e", parameters: { lifetime: "exponential" } },
      { label: "w", parameters: { lifetime: "weibull" } },
    ],
    replicates: 2,
  });
  const described = sweep.runs.map((r) =>
    [
      r.parameters.missions,
      r.parameters.coverage,
      r.parameters.processorCount,
      r.variant,
      r.replicate,
    ]
      .join("/")
  );
  assert.deepEqual(described, [
    "10/0.5/4/e/0",
    "10/0.5/4/e/1",
    "10/0.5/4/w/0",
    "10/0.5/4/w/1",
    "10/0.5/5/e/0",
    "10/0.5/5/e/1",
    "10/0.5/5/w/0",
    "10/0.5/5/w/1",
    "10/1/4/e/0",
    "10/1/4/e/1",
    "10/1/4/w/0",
    "10/1/4/w/1",
    "10/1/5/e/0",
    "10/1/5/e/1",
    "10/1/5/w/0",
    "10/1/5/w/1",
    "20/0.5/4/e/0",
    "20/0.5/4/e/1",
    "20/0.5/4/w/0",
    "20/0.5/4/w/1",
    "20/0.5/5/e/0",
    "20/0.5/5/e/1",
    "20/0.5/5/w/0",
    "20/0.5/5/w/1",
    "20/1/4/e/0",
    "20/1/4/e/1",
    "20/1/4/w/0",
    "20/1/4/w/1",
    "20/1/5/e/0",
    "20/1/5/e/1",
    "20/1/5/w/0",
    "20/1/5/w/1",
  ]);
  assert.deepEqual(sweep.runs.map((r) => r.id), [...Array(32).keys()]);
});

Deno.test("expandSweep() lets a point override fixed and a variant override both", () => {
  const { runs } = expandSweep({
    kind: "reliability",
    seed: 1,
    fixed: { coverage: 0.5, lifetime: "exponential", missions: 10 },
    points: [{ coverage: 0.9, missions: 30 }, {}],
    variants: [
      { label: "fixed", parameters: {} },
      { label: "weibull", parameters: { lifetime: "weibull", missions: 40 } },
    ],
  });
  assert.deepEqual(runs.map((r) => r.parameters), [
    { coverage: 0.9, lifetime: "exponential", missions: 30 },
    { coverage: 0.9, lifetime: "weibull", missions: 40 },
    { coverage: 0.5, lifetime: "exponential", missions: 10 },
    { coverage: 0.5, lifetime: "weibull", missions: 40 },
  ]);
});

Deno.test("expandSweep() seeds do not depend on the order or place the spec sets parameters in", () => {
  const seedsByParameters = (spec: SweepSpec) =>
    new Map(
      expandSweep(spec).runs.map((r) => [
        JSON.stringify(Object.entries(r.parameters).sort()) + `#${r.replicate}`,
        r.seed,
      ]),
    );
  const a = seedsByParameters({
    kind: "reliability",
    seed: "order",
    grid: { coverage: [0.5, 1], processorCount: [4, 5] },
    replicates: 2,
  });
  const b = seedsByParameters({
    kind: "reliability",
    seed: "order",
    grid: { processorCount: [4, 5], coverage: [0.5, 1] },
    replicates: 2,
  });
  const c = seedsByParameters({
    kind: "reliability",
    seed: "order",
    points: [
      { processorCount: 4, coverage: 0.5 },
      { processorCount: 5, coverage: 0.5 },
      { coverage: 1, processorCount: 4 },
      { coverage: 1, processorCount: 5 },
    ],
    replicates: 2,
  });
  assert.equal(a.size, 8);
  assert.equal(new Set(a.values()).size, 8);
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
});

Deno.test("runSweep() gives a run the value its spec sets, even 0 where the default is 1", async () => {
  const { rows } = await runSweep({
    kind: "reliability",
    seed: 3,
    fixed: { missions: 200 },
    grid: { coverage: [0, 1] },
  }, { runner: "inline" });
  assert.deepEqual(rows.map((r) => r.coverage), [0, 1]);
  // 3 of 4 processors needed: with no coverage, the first failure is fatal.
  assert.ok(Number(rows[0]!.exactReliability) < Number(rows[1]!.exactReliability));
});

Deno.test("checkSweepValue() refuses a blank action or field, which its messages would carry", () => {
  // every message reads "Cannot <action> as <field> ...": a blank one breaks that grammar
  const parameter = { description: "count", default: 1, check: { type: "number" as const } };
  assert.equal(checkSweepValue("run a sweep", "count", parameter, 2), 2);
  for (
    const [action, field, name] of [[" ", "count", "action"], ["run a sweep", "\uFEFF", "field"]]
  ) {
    assert.throws(() => checkSweepValue(action!, field!, parameter, 2), {
      name: "TypeError",
      message: new RegExp(
        `^Cannot check a sweep value as ${name} must be a string of 1 to 200 characters starting with a visible one: current value is "`,
      ),
    });
  }
});
