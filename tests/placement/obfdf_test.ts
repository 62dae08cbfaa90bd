import assert from "node:assert/strict";
import { MIXED_POWER_MODELS, powerInstance, scanObfdf } from "./_power_fit_reference.ts";
import { placeObfdf } from "../../lib/placement/obfdf.ts";
import { powerAt } from "../../lib/datacenter/power_model.ts";
import { assertValid, POWER_MODELS, smallInstance, vmOf as vm } from "./_ilp_instances.ts";

const base = { cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9 };
const powerModels = {
  flat: { kind: "linear" as const, idleWatts: 100, peakWatts: 120 },
  steep: { kind: "linear" as const, idleWatts: 40, peakWatts: 240 },
};

Deno.test("placeObfdf() places by decreasing MIPS on the host whose power rises least (hand example)", () => {
  const hosts = [
    { ...base, name: "flat", cpuMips: 1000, rack: 0, powerModel: "flat" },
    { ...base, name: "steep", cpuMips: 1000, rack: 0, powerModel: "steep" },
  ];
  // Order 600, 300, 100 MIPS.
  // 600: flat off->0.6: +112 W; steep off->0.6: +160 W -> flat (112 W).
  // 300: flat 0.6->0.9: +6 W; steep off->0.3: +100 W -> flat (118 W).
  // 100: flat 0.9->1.0: +2 W; steep off->0.1: +60 W -> flat (120 W).
  const vms = [300, 600, 100].map(vm);
  const result = placeObfdf(hosts, vms, { powerModels });
  assertValid(hosts, vms, result);
  assert.deepEqual(result.assignment, [0, 0, 0]);
  assert.equal(result.details.powerWatts, 120);
  // With a fourth VM of 200 MIPS (third in order) the flat host is too full (1.1): the steep
  // host opens at 80 W; the 100 MIPS VM still costs least on flat (+2 W against +20 W).
  const more = placeObfdf(hosts, [...vms, vm(200, 3)], { powerModels });
  assert.deepEqual(more.assignment, [0, 0, 0, 1]);
  assert.equal(more.details.powerWatts, 120 + 80);
});

Deno.test("placeObfdf() prefers a host already on when its increase is smaller than a new host's draw", () => {
  const hosts = [
    { ...base, name: "steep", cpuMips: 1000, rack: 0, powerModel: "steep" },
    { ...base, name: "flat", cpuMips: 1000, rack: 0, powerModel: "flat" },
  ];
  // 200: steep off->0.2 costs 80 W, flat off->0.2 costs 104 W -> steep.
  // 200: steep 0.2->0.4 costs 40 W < 104 W -> steep again.
  const vms = [200, 200].map(vm);
  const result = placeObfdf(hosts, vms, { powerModels });
  assert.deepEqual(result.assignment, [0, 0]);
  assert.equal(result.details.powerWatts, powerAt(powerModels.steep, 0.4));
});

Deno.test("placeObfdf() fills racks in order with rackByRack", () => {
  const hosts = [
    { ...base, name: "r1", cpuMips: 1000, rack: 1, powerModel: "flat" },
    { ...base, name: "r0-steep", cpuMips: 1000, rack: 0, powerModel: "steep" },
    { ...base, name: "r0-flat", cpuMips: 500, rack: 0, powerModel: "flat" },
  ];
  const vms = [400, 400, 700].map(vm);
  // Without racks: 700 -> r1 (+114 W; r0-steep +180 W; r0-flat too small); 400: r1 has
  // 300 left, r0-steep +120 W, r0-flat +116 W -> r0-flat; last 400 -> r0-steep (+120 W).
  const free = placeObfdf(hosts, vms, { powerModels });
  assert.deepEqual(free.assignment, [2, 1, 0]);
  // Rack by rack: rack 0 opens first; 700 fits r0-steep only; 400 -> r0-flat (r0-steep
  // would reach 1.1); last 400: no room in rack 0 -> rack 1 opens.
  const racked = placeObfdf(hosts, vms, { powerModels, rackByRack: true });
  assert.deepEqual(racked.assignment, [2, 0, 1]);
  assert.equal(racked.details.racksOpened, 2);
  assert.equal(racked.algorithm, "obfdf-rack");
});

Deno.test("placeObfdf() rack by rack counts a rack opened and passed over, but switches on only racks in use", () => {
  // rack 0's one host is too small for the VM: rack by rack opens it, then rack 1
  const hosts = [
    { ...base, name: "r0-small", cpuMips: 100, rack: 0, powerModel: "flat" },
    { ...base, name: "r1", cpuMips: 1000, rack: 1, powerModel: "flat" },
  ];
  const switchPower = { topOfRackWatts: 50, aggregationWatts: 200, racksPerAggregation: 2 };
  const racked = placeObfdf(hosts, [vm(500, 0)], { powerModels, rackByRack: true, switchPower });
  assert.deepEqual(racked.assignment, [1]);
  assert.equal(racked.details.racksOpened, 2);
  assert.equal(racked.details.torSwitchesOn, 1);
  assert.equal(racked.details.switchWatts, 50 + 200);
  // without racks in order, only the rack holding the VM counts
  assert.equal(
    placeObfdf(hosts, [vm(500, 0)], { powerModels, switchPower }).details.racksOpened,
    1,
  );
});

Deno.test("placeObfdf() passes the validator on seeded instances and leaves oversized VMs unplaced", async (t) => {
  for (const rackByRack of [false, true]) {
    await t.step(`rackByRack ${rackByRack}`, () => {
      const { hosts, vms } = smallInstance(9, 30, 14);
      const result = placeObfdf(hosts, vms, { powerModels: POWER_MODELS, rackByRack });
      assertValid(hosts, vms, result);
      assert.deepEqual(result.unplaced, []);
    });
  }
  const hosts = [{ ...base, name: "h", cpuMips: 1000, rack: 0, powerModel: "flat" }];
  const result = placeObfdf(hosts, [vm(2000, 0), vm(500, 1)], { powerModels, rackByRack: true });
  assert.deepEqual(result.assignment, [-1, 0]);
  assert.deepEqual(result.unplaced, [0]);
});

Deno.test("placeObfdf() rejects a host without a known power model", () => {
  const hosts = [{ ...base, name: "h", cpuMips: 1000, rack: 0, powerModel: "nope" }];
  assert.throws(
    () => placeObfdf(hosts, [vm(100, 0)], { powerModels }),
    new TypeError(
      'Cannot place VMs by OBFDF as hosts[0].powerModel must name one of the powerModels: current value is "nope"',
    ),
  );
});

Deno.test("placeObfdf() rejects CPU capacities and demands that are not finite, whatever the dimensions", () => {
  // the power draw reads CPU load over MIPS even when only RAM is checked
  const host = { ...base, name: "h", cpuMips: 1000, rack: 0, powerModel: "flat" };
  const dimensions = ["ramBytes"] as const;
  for (const cpuMips of [NaN, -50, Infinity]) {
    assert.throws(() => placeObfdf([host], [vm(cpuMips, 0)], { powerModels, dimensions }), {
      name: "RangeError",
      message:
        `Cannot place VMs by OBFDF as vms[0].cpuMips must be a finite number >= 0: current value is ${cpuMips}`,
    });
  }
  for (const cpuMips of [NaN, 0, Infinity]) {
    assert.throws(
      () => placeObfdf([{ ...host, cpuMips }], [vm(10, 0)], { powerModels, dimensions }),
      {
        name: "RangeError",
        message:
          `Cannot place VMs by OBFDF as hosts[0].cpuMips must be a finite number > 0: current value is ${cpuMips}`,
      },
    );
  }
});

Deno.test("placeObfdf() counts top-of-rack and aggregation switches in the power increase and the total", () => {
  // Racks 0 (r0 flat, r0b steep) and 1 (r1 steep), one aggregation switch per rack.
  const hosts = [
    { ...base, name: "r0", cpuMips: 1000, rack: 0, powerModel: "flat" },
    { ...base, name: "r1", cpuMips: 1000, rack: 1, powerModel: "steep" },
    { ...base, name: "r0b", cpuMips: 1000, rack: 0, powerModel: "steep" },
  ];
  // 900 -> r0 (flat, off -> 0.9: +118 W; steep +220 W). 300: r0 full; r1 off -> 0.3: +100 W,
  // r0b off -> 0.3: +100 W: tie -> r1 (lower index) without switches; with a 150 W
  // top-of-rack switch, r1 also switches rack 1's switch on (+250 W) -> r0b.
  const vms = [900, 300].map(vm);
  const plain = placeObfdf(hosts, vms, { powerModels });
  assert.deepEqual(plain.assignment, [0, 1]);
  const switchPower = { topOfRackWatts: 150, aggregationWatts: 400, racksPerAggregation: 1 };
  const aware = placeObfdf(hosts, vms, { powerModels, switchPower });
  assert.deepEqual(aware.assignment, [0, 2]);
  assert.equal(aware.details.torSwitchesOn, 1);
  assert.equal(aware.details.aggregationSwitchesOn, 1);
  assert.equal(aware.details.switchWatts, 150 + 400);
  assert.equal(aware.details.hostWatts, 118 + 100);
  assert.equal(aware.details.powerWatts, 118 + 100 + 550);
  // The same switch model applied to the switch-blind placement costs a rack and an
  // aggregation switch more.
  assert.equal(plain.details.torSwitchesOn, 2);
  assert.equal(plain.details.aggregationSwitchesOn, 2);
});

Deno.test("placeObfdf() with switch power, rack by rack, saves switch watts on seeded instances", () => {
  const switchPower = { topOfRackWatts: 150, aggregationWatts: 300, racksPerAggregation: 2 };
  let savedWatts = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const { hosts, vms } = smallInstance(seed, 30, 24);
    const blind = placeObfdf(hosts, vms, { powerModels: POWER_MODELS });
    const aware = placeObfdf(hosts, vms, {
      powerModels: POWER_MODELS,
      switchPower,
      rackByRack: true,
    });
    assertValid(hosts, vms, aware);
    const switchWatts = (r: typeof blind) =>
      Number(r.details.torSwitchesOn) * 150 + Number(r.details.aggregationSwitchesOn) * 300;
    const total = (r: typeof blind) => Number(r.details.hostWatts) + switchWatts(r);
    assert.ok(total(aware) <= total(blind), `seed ${seed}: ${total(aware)} vs ${total(blind)}`);
    savedWatts += total(blind) - total(aware);
  }
  assert.ok(savedWatts > 0);
});

Deno.test("placeObfdf() online places VMs as they arrive, never revisiting a choice", () => {
  const hosts = [
    { ...base, name: "a", cpuMips: 1000, rack: 0, powerModel: "flat" },
    { ...base, name: "b", cpuMips: 1000, rack: 0, powerModel: "flat" },
  ];
  // Arrival order 300, 800, 600: 300 -> a; 800 does not fit a (1100) -> b; 600 -> a.
  // Decreasing order: 800 -> a, 600 -> b, 300 -> b.
  const vms = [300, 800, 600].map(vm);
  assert.deepEqual(placeObfdf(hosts, vms, { powerModels, order: "arrival" }).assignment, [0, 1, 0]);
  assert.deepEqual(placeObfdf(hosts, vms, { powerModels }).assignment, [1, 0, 1]);
});

Deno.test("placeObfdf() equals the scan over every host for every VM (milliwatt ties to the lower index) on seeded instances", async (t) => {
  const switchPower = { topOfRackWatts: 40, aggregationWatts: 150, racksPerAggregation: 2 };
  for (const seed of [1, 2, 3, 4]) {
    const { hosts, vms } = powerInstance(seed, 30 + seed * 7, 150 + seed * 40);
    for (
      const options of [
        {},
        { rackByRack: true },
        { rackByRack: true, switchPower },
        { arrival: true, switchPower },
        { dims: ["cpuMips"] as const },
      ]
    ) {
      await t.step(`seed ${seed}, ${JSON.stringify(options)}`, () => {
        const result = placeObfdf(hosts, vms, {
          powerModels: MIXED_POWER_MODELS,
          ...(options.dims === undefined ? {} : { dimensions: options.dims }),
          ...(options.rackByRack === undefined ? {} : { rackByRack: options.rackByRack }),
          ...(options.arrival === undefined ? {} : { order: "arrival" as const }),
          ...(options.switchPower === undefined ? {} : { switchPower: options.switchPower }),
        });
        assert.deepEqual(result.assignment, scanObfdf(hosts, vms, MIXED_POWER_MODELS, options));
        assert.ok(result.unplaced.length > 0 && result.hostsUsed > 0);
      });
    }
  }
});

Deno.test("placeObfdf() equals the scan when every host is its own class (scan mode past 32 classes)", () => {
  const { hosts, vms } = powerInstance(6, 60, 300);
  const distinct = hosts.map((h, j) => ({ ...h, cpuMips: 3000 + 37 * j }));
  for (const rackByRack of [false, true]) {
    const result = placeObfdf(distinct, vms, { powerModels: MIXED_POWER_MODELS, rackByRack });
    assert.deepEqual(
      result.assignment,
      scanObfdf(distinct, vms, MIXED_POWER_MODELS, { rackByRack }),
    );
    assert.ok(result.unplaced.length > 0);
  }
});
