import assert from "node:assert/strict";
import { beloglazov2012Scenario, simulateDatacenter } from "../../lib/datacenter/mod.ts";

const host = {
  name: "h0",
  cpuMips: 2000,
  cores: 2,
  ramBytes: 2 ** 30,
  bandwidthBytesPerSecond: 125e6,
  rack: 0,
  powerModel: "m",
};
const vm = (name: string) => ({
  name,
  cpuMips: 1000,
  ramBytes: 2 ** 29,
  bandwidthBytesPerSecond: 12.5e6,
});
const linear = { kind: "linear" as const, idleWatts: 100, peakWatts: 200 };
const scenario = (percent: unknown[][], powerModel: unknown = linear) => ({
  hosts: [host],
  vms: percent.map((_, i) => vm(`v${i}`)),
  powerModels: { m: powerModel } as never,
  traces: { names: percent.map((_, i) => `v${i}`), percent: percent as number[][] },
});
const run = (s: ReturnType<typeof scenario>, intervals?: number) =>
  simulateDatacenter(s, { seed: 1, allocation: "dvfs", ...(intervals ? { intervals } : {}) });

Deno.test("simulateDatacenter() rejects bad power models naming the model and the field", async (t) => {
  await t.step("a NaN in a power table", () => {
    assert.throws(() => run(scenario([[10, 20]], { kind: "table", watts: [100, NaN] })), {
      name: "RangeError",
      message:
        'Cannot simulate datacenter as scenario.powerModels["m"].watts[1] must be a finite number >= 0: current value is NaN',
    });
  });
  await t.step("a string idle power", () => {
    assert.throws(() => run(scenario([[10]], { ...linear, idleWatts: "100" })), {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as scenario.powerModels["m"].idleWatts must be a number: current value is "100"',
    });
  });
  await t.step("an unknown kind", () => {
    assert.throws(() => run(scenario([[10]], { kind: "cubic" })), {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as scenario.powerModels["m"].kind must be one of "linear", "table": current value is "cubic"',
    });
  });
});

Deno.test("simulateDatacenter() rejects trace values that are not utilisations, naming VM and interval", async (t) => {
  const cases: [string, unknown, string, string][] = [
    [
      "over 100 %",
      150,
      "RangeError",
      "must be a utilisation in [0, 100] percent: current value is 150",
    ],
    [
      "negative",
      -1,
      "RangeError",
      "must be a utilisation in [0, 100] percent: current value is -1",
    ],
    ["NaN", NaN, "RangeError", "must be a finite number: current value is NaN"],
    ["null", null, "TypeError", "must be a number: current value is null"],
    ["a string", "50", "TypeError", 'must be a number: current value is "50"'],
  ];
  for (const [label, value, name, tail] of cases) {
    await t.step(label, () => {
      assert.throws(() => run(scenario([[10, 20, 30], [10, value, 30]])), {
        name,
        message: `Cannot simulate datacenter as scenario.traces.percent[1][1] ${tail}`,
      });
    });
  }
});

Deno.test("simulateDatacenter() refuses ragged traces unless options.intervals cuts them", async (t) => {
  const ragged = scenario([[10, 20, 30], [10, 20]]);
  await t.step("without intervals: an error naming the short trace", () => {
    assert.throws(() => run(ragged), {
      name: "RangeError",
      message:
        'Cannot simulate datacenter as scenario.traces.percent[1] must hold 3 values like scenario.traces.percent[0] (traces of unequal length are cut only by an explicit options.intervals): current value is "an array of 2"',
    });
  });
  await t.step("with intervals: the first K values of each", () => {
    assert.equal(run(ragged, 2).intervals, 2);
  });
  await t.step("an empty trace is an error", () => {
    assert.throws(() => run(scenario([[10], []])), {
      name: "RangeError",
      message:
        'Cannot simulate datacenter as scenario.traces.percent[1] must hold 1 to 1000000 items: current value is "an array of 0"',
    });
  });
});

Deno.test("beloglazov2012Scenario() checks its traces before building hosts", () => {
  assert.throws(
    () => beloglazov2012Scenario({ names: ["a"], percent: [[10, 101]] }, { hosts: 1 }),
    {
      name: "RangeError",
      message:
        "Cannot build the beloglazov2012 scenario as traces.percent[0][1] must be a utilisation in [0, 100] percent: current value is 101",
    },
  );
  assert.throws(() => beloglazov2012Scenario(null as never), {
    name: "TypeError",
    message:
      "Cannot build the beloglazov2012 scenario as traces must be an object: current value is null",
  });
});

Deno.test("simulateDatacenter() refuses an interval length whose run overflows time", () => {
  const s = scenario([[10, 20, 30]]);
  // 3 intervals of 1e308 s would start the third at Infinity
  assert.throws(
    () => simulateDatacenter(s, { seed: 1, allocation: "dvfs", intervalSeconds: 1e308 }),
    {
      name: "RangeError",
      message:
        "Cannot simulate datacenter as options.intervalSeconds must keep the run's 3 intervals within 9007199254740991 seconds: current value is 1e+308",
    },
  );
  // the longest accepted: every row's start and the energy finite
  const T = Math.floor(Number.MAX_SAFE_INTEGER / 3);
  const r = simulateDatacenter(s, { seed: 1, allocation: "dvfs", intervalSeconds: T });
  assert.deepEqual(r.rows.map((row) => row.startSeconds), [0, T, 2 * T]);
  assert.ok(Number.isFinite(r.energyKwh) && r.energyKwh > 0);
});

Deno.test("simulateDatacenter() refuses in engine mode a VM larger than the engine's pages", () => {
  const big = scenario([[10, 20]]);
  big.vms[0]!.ramBytes = 2 ** 42 + 1; // one byte over 2^30 pages of 4 KiB
  const engine = { seed: 1, allocation: "thr" as const, migrationModel: "engine" as const };
  assert.throws(() => simulateDatacenter(big, engine), {
    name: "RangeError",
    message:
      "Cannot simulate datacenter as scenario.vms[0].ramBytes must be at most 4398046511104 (1073741824 pages of 4 KiB) for the engine's migrations: current value is 4398046511105",
  });
  // exactly 2^30 pages, and any size under CloudSim's model, run
  big.vms[0]!.ramBytes = 2 ** 42;
  assert.equal(simulateDatacenter(big, engine).intervals, 2);
  big.vms[0]!.ramBytes = 2 ** 50;
  assert.equal(simulateDatacenter(big, { ...engine, migrationModel: "cloudsim" }).intervals, 2);
});

Deno.test("simulateDatacenter() refuses a bad host, VM or scenario shape, naming the field and value", async (t) => {
  const base = scenario([[10, 20]]);
  const cases: [string, unknown, string, string][] = [
    [
      "no hosts",
      { ...base, hosts: [] },
      "RangeError",
      "scenario.hosts must be a non-empty array: current value is []",
    ],
    [
      "more traces than VMs",
      { ...base, traces: { names: ["v0", "v1"], percent: [[10, 20], [10, 20]] } },
      "RangeError",
      "scenario.traces.percent.length must equal the number of VMs (1): current value is 2",
    ],
    [
      "a trace named by a number",
      { ...base, traces: { names: [7], percent: [[10, 20]] } },
      "TypeError",
      "scenario.traces.names[0] must be a string: current value is 7",
    ],
    [
      "a host of no cores",
      { ...base, hosts: [{ ...host, cores: 0 }] },
      "RangeError",
      "scenario.hosts[0].cores must be an integer >= 1: current value is 0",
    ],
    [
      "a host of no MIPS",
      { ...base, hosts: [{ ...host, cpuMips: 0 }] },
      "RangeError",
      "scenario.hosts[0].cpuMips must be a finite number > 0: current value is 0",
    ],
    [
      "a host of negative RAM",
      { ...base, hosts: [{ ...host, ramBytes: -1 }] },
      "RangeError",
      "scenario.hosts[0].ramBytes must be a finite number >= 0: current value is -1",
    ],
    [
      "a host's bandwidth NaN",
      { ...base, hosts: [{ ...host, bandwidthBytesPerSecond: NaN }] },
      "RangeError",
      "scenario.hosts[0].bandwidthBytesPerSecond must be a finite number > 0: current value is NaN",
    ],
    [
      // a NIC of no bandwidth could send no migration (it failed inside the run, naming the
      // network's link or CloudSim's delay instead of the scenario's field)
      "a host of no bandwidth",
      { ...base, hosts: [{ ...host, bandwidthBytesPerSecond: 0 }] },
      "RangeError",
      "scenario.hosts[0].bandwidthBytesPerSecond must be a finite number > 0: current value is 0",
    ],
    [
      "a VM of no MIPS",
      { ...base, vms: [{ ...vm("v0"), cpuMips: 0 }] },
      "RangeError",
      "scenario.vms[0].cpuMips must be a finite number > 0: current value is 0",
    ],
    [
      "a VM of negative RAM",
      { ...base, vms: [{ ...vm("v0"), ramBytes: -1 }] },
      "RangeError",
      "scenario.vms[0].ramBytes must be a finite number >= 0: current value is -1",
    ],
    [
      "a VM's bandwidth infinite",
      { ...base, vms: [{ ...vm("v0"), bandwidthBytesPerSecond: Infinity }] },
      "RangeError",
      "scenario.vms[0].bandwidthBytesPerSecond must be a finite number >= 0: current value is Infinity",
    ],
  ];
  for (const [label, bad, name, tail] of cases) {
    await t.step(label, () => {
      assert.throws(() => run(bad as ReturnType<typeof scenario>), {
        name,
        message: `Cannot simulate datacenter as ${tail}`,
      });
    });
  }
  await t.step("no VMs: one interval, or options.intervals", () => {
    const none = { ...base, vms: [], traces: { names: [], percent: [] } };
    assert.equal(run(none).intervals, 1);
    assert.equal(run(none, 4).intervals, 4);
  });
});

Deno.test("simulateDatacenter() refuses a misspelt or ill-typed option whichever allocation runs", async (t) => {
  const base = scenario([[10, 20]]);
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      "a misspelt option (it would have run MAD)",
      { alocation: "thr" },
      "TypeError",
      '"alocation" must be a known key of options',
    ],
    [
      "a misspelt switch field",
      {
        placement: "obfdf",
        switchPower: { topOfRackWatts: 1, aggregationWatts: 2, racksPerAggregation: 1, rack: 1 },
      },
      "TypeError",
      '"rack" must be a known key of options.switchPower',
    ],
    [
      "countFirstInterval given as a string",
      { countFirstInterval: "yes" },
      "TypeError",
      'options.countFirstInterval must be a boolean: current value is "yes"',
    ],
    [
      "a negative minHistory under THR, which reads none",
      { allocation: "thr", minHistory: -3 },
      "RangeError",
      "options.minHistory must be an integer >= 1: current value is -3",
    ],
    [
      "a regression window of two under MAD (LR's own name for it is windowLength)",
      { allocation: "mad", regressionWindow: 2 },
      "RangeError",
      "options.regressionWindow must be an integer >= 3: current value is 2",
    ],
    [
      "a regression window of two under LR, named as the simulation's option",
      { allocation: "lr", regressionWindow: 2 },
      "RangeError",
      "options.regressionWindow must be an integer >= 3: current value is 2",
    ],
  ];
  for (const [label, options, name, part] of cases) {
    await t.step(label, () => {
      assert.throws(() => simulateDatacenter(base as never, { seed: 1, ...options } as never), {
        name,
        message: new RegExp(`^Cannot simulate datacenter as ${RegExp.escape(part)}`),
      });
    });
  }
  await t.step("the boundary values run", () => {
    const r = simulateDatacenter(base as never, {
      seed: 1,
      allocation: "lr",
      minHistory: 1,
      regressionWindow: 3,
      countFirstInterval: true,
    });
    assert.equal(r.intervals, 2);
  });
});

Deno.test("simulateDatacenter() names an unknown field of the scenario, a host or a VM, and a host that is not an object", async (t) => {
  const keys =
    '"name", "cpuMips", "cores", "ramBytes", "bandwidthBytesPerSecond", "rack", "powerModel"';
  await t.step("scenario", () => {
    assert.throws(() => run({ ...scenario([[10]]), trace: {} } as never), {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as "trace" must be a known key of scenario ("hosts", "vms", "powerModels", "traces"): current value is {}',
    });
  });
  await t.step("host: a misspelt power model would otherwise be reported as missing", () => {
    const s = { ...scenario([[10]]), hosts: [{ ...host, powerModle: "m" }] };
    assert.throws(() => run(s as never), {
      name: "TypeError",
      message:
        `Cannot simulate datacenter as "powerModle" must be a known key of scenario.hosts[0] (${keys}): current value is "m"`,
    });
  });
  await t.step("VM", () => {
    const s = { ...scenario([[10]]), vms: [{ ...vm("v0"), ram: 1 }] };
    assert.throws(() => run(s as never), {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as "ram" must be a known key of scenario.vms[0] ("name", "cpuMips", "ramBytes", "bandwidthBytesPerSecond", "type"): current value is 1',
    });
  });
  await t.step("a host that is null", () => {
    assert.throws(() => run({ ...scenario([[10]]), hosts: [null] } as never), {
      name: "TypeError",
      message:
        "Cannot simulate datacenter as scenario.hosts[0] must be an object: current value is null",
    });
  });
});

Deno.test("simulateDatacenter() names migrationFidelity when the engine's technique has no closed form", () => {
  // Hybrid and time-series pre-copy have no closed form; with the default fidelity the
  // error came from the closed form, naming options.technique, a field the caller never set.
  const s = scenario([[50, 50]]);
  for (const migrationTechnique of ["hybrid", "time-series-pre-copy"] as const) {
    assert.throws(() => simulateDatacenter(s, { seed: 1, migrationTechnique }), {
      name: "TypeError",
      message:
        `Cannot simulate datacenter as options.migrationTechnique "${migrationTechnique}" has no closed form, so it needs migrationFidelity "page" (the default fidelity is "closed-form"): current value is "closed-form"`,
    });
  }
  // With fidelity "page" it runs (the two trace points make two intervals).
  assert.equal(
    simulateDatacenter(s, { seed: 1, migrationTechnique: "hybrid", migrationFidelity: "page" })
      .intervals,
    2,
  );
});

Deno.test("simulateDatacenter() records which network model its migrations used", () => {
  // The default depends on the model and the technique; the result says which ran, so
  // runs compared across techniques show when they differ in it.
  const s = scenario([[50, 50]]);
  const network = (options: Parameters<typeof simulateDatacenter>[1]) =>
    simulateDatacenter(s, options).migrationNetwork;
  assert.equal(network({ seed: 1 }), "shared");
  assert.equal(network({ seed: 1, migrationModel: "cloudsim" }), "fixed-share");
  assert.equal(
    network({ seed: 1, migrationTechnique: "hybrid", migrationFidelity: "page" }),
    "fixed-share",
  );
  assert.equal(network({ seed: 1, migrationNetwork: "fixed-share" }), "fixed-share");
});

Deno.test("simulateDatacenter() refuses settings that contradict one another, naming them (review)", async (t) => {
  const s = scenario([[10, 20, 30], [40, 50, 60]]);
  const refuses = (options: object, message: string) =>
    assert.throws(() => simulateDatacenter(s, { seed: 1, ...options }), { message });
  await t.step("a name per trace", () => {
    const traces = { names: ["v0"], percent: [[1, 2], [3, 4]] };
    assert.throws(() => simulateDatacenter({ ...s, traces }, { seed: 1 }), {
      name: "RangeError",
      message:
        'Cannot simulate datacenter as scenario.traces.names must hold one name per trace (2): current value is "an array of 1"',
    });
  });
  await t.step("a detector whose history is never long enough", () => {
    // it would run on its fallback threshold all day while the result named it
    refuses(
      { allocation: "mad", historyLength: 5 },
      "Cannot simulate datacenter as options.minHistory must be at most options.historyLength (5): current value is 12",
    );
    refuses(
      { allocation: "lr", regressionWindow: 31 },
      "Cannot simulate datacenter as options.regressionWindow must be at most options.historyLength (30): current value is 31",
    );
    // MAD takes no regression window
    simulateDatacenter(s, { seed: 1, allocation: "mad", regressionWindow: 31 });
  });
  await t.step("double thresholds the wrong way round", () => {
    refuses(
      { allocation: "dt", parameter: 0.3, lowerThreshold: 0.8 },
      "Cannot simulate datacenter as options.lowerThreshold must be at most the upper threshold options.parameter (0.3): current value is 0.8",
    );
  });
  await t.step("a lower threshold nothing reads", () => {
    refuses(
      { allocation: "mad", lowerThreshold: 0.2 },
      'Cannot simulate datacenter as options.allocation must be "dt" (or options.decisions "contract-net") when options.lowerThreshold is given: current value is "mad"',
    );
    // read by DT and by the contract-net agents
    simulateDatacenter(s, { seed: 1, allocation: "dt", lowerThreshold: 0.2 });
    simulateDatacenter(s, { seed: 1, decisions: "contract-net", lowerThreshold: 0.2 });
  });
  await t.step("an update offset past the interval", () => {
    refuses(
      { cloudsim: { updateOffsetSeconds: 300 } },
      "Cannot simulate datacenter as options.cloudsim.updateOffsetSeconds must be under options.intervalSeconds (300): current value is 300",
    );
  });
  await t.step("a bandwidth share CloudSim's delay never reads", () => {
    refuses(
      { migrationModel: "cloudsim", migrationBandwidthShare: 1 },
      'Cannot simulate datacenter as options.migrationModel must be "engine" when options.migrationBandwidthShare is given (CloudSim\'s delay takes half the bandwidth): current value is "cloudsim"',
    );
  });
  await t.step("a plugged placer's answer out of range", () => {
    // two hosts, the first overloaded at once under THR 0.5: its VM must go somewhere
    const two = {
      ...s,
      hosts: [host, { ...host, name: "h1" }],
      traces: { names: ["v0", "v1"], percent: [[90, 90, 90], [90, 90, 90]] },
    };
    for (const bad of [2, 1.5, Number.NaN, -2]) {
      assert.throws(
        () =>
          simulateDatacenter(two, {
            seed: 1,
            allocation: "thr",
            parameter: 0.5,
            strategies: { placer: () => bad },
          }),
        {
          name: "RangeError",
          message: new RegExp(
            `options\\.strategies\\.placer must return a host index in \\[-1, 1\\] \\(-1: none\\): current value is ${
              String(bad)
            } for VM \\d`,
          ),
        },
      );
    }
  });
});
