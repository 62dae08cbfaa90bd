import assert from "node:assert/strict";
import { MIXED_POWER_MODELS, powerInstance, scanPabfd } from "./_power_fit_reference.ts";
import { DIMENSIONS } from "../../lib/placement/model.ts";
import { placePabfd } from "../../lib/placement/pabfd.ts";
import { placeObfdf } from "../../lib/placement/obfdf.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";
import { powerAt } from "../../lib/datacenter/power_model.ts";
import { loadPowerModels } from "../../lib/datacenter/specpower_tables.ts";
import { POWER_MODELS, smallInstance, vmOf as vm } from "./_ilp_instances.ts";

const base = { cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
const powerModels = {
  flat: { kind: "linear" as const, idleWatts: 100, peakWatts: 120 }, // +0.02 W per MIPS
  steep: { kind: "linear" as const, idleWatts: 40, peakWatts: 240 }, // +0.2 W per MIPS
};

Deno.test("placePabfd() places by decreasing MIPS on the host whose power rises least (hand example)", () => {
  const hosts = [
    { ...base, name: "steep", cpuMips: 1000, powerModel: "steep" },
    { ...base, name: "flat", cpuMips: 1000, powerModel: "flat" },
  ];
  // Order 600, 300, 200, 100 MIPS (threshold 0.8).
  // 600: steep +120 W, flat +12 W -> flat (0.6).
  // 300: flat would reach 0.9 > 0.8; steep +60 W -> steep (0.3).
  // 200: flat 0.6 -> 0.8 +4 W (at the threshold, allowed), steep +40 W -> flat.
  // 100: flat would reach 0.9; steep +20 W -> steep (0.4).
  const vms = [300, 600, 100, 200].map(vm);
  const result = placePabfd(hosts, vms, { powerModels, overloadThreshold: 0.8 });
  assert.deepEqual(validatePlacement(hosts, vms, result), []);
  assert.deepEqual(result.assignment, [0, 1, 0, 1]);
  assert.equal(result.hostsUsed, 2);
  assert.deepEqual(result.unplaced, []);
  assert.equal(result.algorithm, "pabfd");
  const watts = powerAt(powerModels.steep, 0.4) + powerAt(powerModels.flat, 0.8);
  assert.ok(Math.abs((result.details.powerWatts as number) - watts) < 1e-9);
  assert.equal(result.details.overloadThreshold, 0.8);
  // Without a threshold (default 1) the flat host takes everything it can hold: 600 + 300 + 100.
  const full = placePabfd(hosts, vms, { powerModels });
  assert.deepEqual(full.assignment, [1, 1, 1, 0]);
});

Deno.test("placePabfd() charges an empty host from its idle draw, unlike OBFDF", () => {
  // A steep host is already on; the flat host is off. PABFD (CloudSim) compares only the
  // dynamic increase, so the second VM opens the flat host (+4 W against +40 W on steep);
  // OBFDF charges the flat host its whole draw (104 W) and keeps the VM on steep.
  const hosts = [
    { ...base, name: "steep", cpuMips: 1000, powerModel: "steep" },
    { ...base, name: "flat", cpuMips: 300, powerModel: "flat" },
  ];
  const vms = [500, 200].map(vm);
  // 500 does not fit flat (300 MIPS): steep. 200: steep +40 W, flat (0 -> 2/3) +13.33 W.
  const pabfd = placePabfd(hosts, vms, { powerModels });
  assert.deepEqual(pabfd.assignment, [0, 1]);
  const obfdf = placeObfdf(hosts, vms, { powerModels });
  assert.deepEqual(obfdf.assignment, [0, 0]);
});

Deno.test("placePabfd() picks G5 over G4 for the largest VM type on SPECpower tables", () => {
  // ML110 G4: 3720 MIPS; G5: 5320 MIPS. A 2500 MIPS VM raises G4 from 86 W to
  // P(0.672) = 106 + 2 * 0.7204 = 107.44 W (+21.44 W) and G5 from 93.7 W to
  // P(0.4699) = 110 + 6 * 0.6992 = 114.20 W (+20.50 W): G5 wins.
  const hosts = [
    { ...base, name: "g4", cpuMips: 3720, cores: 2, powerModel: "hp-ml110-g4" },
    { ...base, name: "g5", cpuMips: 5320, cores: 2, powerModel: "hp-ml110-g5" },
  ];
  const models = loadPowerModels();
  const result = placePabfd(hosts, [vm(2500, 0)], { powerModels: models });
  assert.deepEqual(result.assignment, [1]);
  const g4 = powerAt(models["hp-ml110-g4"]!, 2500 / 3720) - 86;
  const g5 = powerAt(models["hp-ml110-g5"]!, 2500 / 5320) - 93.7;
  assert.ok(Math.abs(g4 - 21.441) < 1e-3 && Math.abs(g5 - 20.496) < 1e-3, `${g4} ${g5}`);
  assert.ok(Math.abs((result.details.powerWatts as number) - (93.7 + g5)) < 1e-9);
});

Deno.test("placePabfd() respects every capacity and the threshold on seeded instances", async (t) => {
  for (const threshold of [1, 0.8, 0.5]) {
    await t.step(`threshold ${threshold}, 5 seeds of 30 VMs on 12 hosts`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const { hosts, vms } = smallInstance(seed, 30, 12);
        const copy = structuredClone({ hosts, vms });
        const result = placePabfd(hosts, vms, {
          powerModels: POWER_MODELS,
          overloadThreshold: threshold,
        });
        assert.deepEqual(validatePlacement(hosts, vms, result), []);
        assert.deepEqual({ hosts, vms }, copy); // inputs not mutated
        const load = hosts.map(() => ({ mips: 0, count: 0 }));
        result.assignment.forEach((j, i) => {
          if (j < 0) return;
          load[j]!.mips += vms[i]!.cpuMips;
          load[j]!.count++;
        });
        load.forEach(({ mips, count }, j) => {
          // A host holding 2+ VMs took its last one while at or under the threshold.
          if (count > 1) assert.ok(mips <= threshold * hosts[j]!.cpuMips + 1e-9);
        });
        assert.deepEqual(
          placePabfd(hosts, vms, { powerModels: POWER_MODELS, overloadThreshold: threshold }),
          result,
        );
      }
    });
  }
});

Deno.test("placePabfd() lists the VMs it cannot place instead of overloading a host", async (t) => {
  const hosts = [{ ...base, name: "h", cpuMips: 1000, powerModel: "flat" }];
  await t.step("too many VMs", () => {
    const vms = [700, 400, 300].map(vm);
    const result = placePabfd(hosts, vms, { powerModels });
    assert.deepEqual(result.assignment, [0, -1, 0]);
    assert.deepEqual(result.unplaced, [1]);
    assert.deepEqual(validatePlacement(hosts, vms, result), []);
  });
  await t.step("a VM above the threshold: placed on an empty host unless told otherwise", () => {
    const vms = [vm(900, 0)];
    assert.deepEqual(
      placePabfd(hosts, vms, { powerModels, overloadThreshold: 0.8 }).assignment,
      [0],
    );
    const strict = placePabfd(hosts, vms, {
      powerModels,
      overloadThreshold: 0.8,
      thresholdOnEmptyHosts: true,
    });
    assert.deepEqual(strict.unplaced, [0]);
    assert.equal(strict.hostsUsed, 0);
    assert.equal(strict.details.powerWatts, 0);
  });
  await t.step("RAM is checked, and with perCoreMips one core", () => {
    const big = { ...vm(100, 0), ramBytes: 9e9 };
    assert.deepEqual(placePabfd(hosts, [big], { powerModels }).unplaced, [0]);
    assert.deepEqual(
      placePabfd(hosts, [big], { powerModels, dimensions: ["cpuMips"] }).assignment,
      [0],
    );
    const twoCores = [{ ...hosts[0]!, cores: 2 }];
    assert.deepEqual(placePabfd(twoCores, [vm(600, 0)], { powerModels }).assignment, [0]);
    assert.deepEqual(
      placePabfd(twoCores, [vm(600, 0)], { powerModels, perCoreMips: true }).unplaced,
      [0],
    );
  });
  await t.step("no VMs, no hosts", () => {
    assert.deepEqual(placePabfd(hosts, [], { powerModels }), {
      algorithm: "pabfd",
      assignment: [],
      unplaced: [],
      hostsUsed: 0,
      details: { powerWatts: 0, overloadThreshold: 1 },
    });
    assert.deepEqual(placePabfd([], [vm(1, 0)], { powerModels }).unplaced, [0]);
  });
});

Deno.test("placePabfd() rejects bad input", async (t) => {
  const hosts = [{ ...base, name: "h", cpuMips: 1000, powerModel: "flat" }];
  await t.step("a host without a known power model", () => {
    assert.throws(
      () => placePabfd([{ ...hosts[0]!, powerModel: "nope" }], [], { powerModels }),
      {
        name: "TypeError",
        message:
          'Cannot place VMs by PABFD as hosts[0].powerModel must name one of the powerModels: current value is "nope"',
      },
    );
  });
  await t.step("a threshold outside (0, 1]", () => {
    assert.throws(() => placePabfd(hosts, [], { powerModels, overloadThreshold: 0 }), {
      name: "RangeError",
      message:
        "Cannot place VMs by PABFD as overloadThreshold must be a finite number > 0: current value is 0",
    });
    assert.throws(() => placePabfd(hosts, [], { powerModels, overloadThreshold: 1.5 }), {
      name: "RangeError",
      message:
        "Cannot place VMs by PABFD as overloadThreshold must be in [0, 1]: current value is 1.5",
    });
  });
  await t.step("missing options and negative demands", () => {
    assert.throws(
      () => placePabfd(hosts, [], undefined as unknown as { powerModels: typeof powerModels }),
      {
        name: "TypeError",
        message:
          "Cannot place VMs by PABFD as options must be an object: current value is undefined",
      },
    );
    assert.throws(() => placePabfd(hosts, [vm(-1, 0)], { powerModels }), {
      name: "RangeError",
      message:
        "Cannot place VMs by PABFD as vms[0].cpuMips must be a finite number >= 0: current value is -1",
    });
  });
  await t.step("a CPU demand that is not finite, when CPU is not a checked dimension", () => {
    // the power draw reads the CPU load whatever the dimensions
    for (const cpuMips of [NaN, -50, Infinity]) {
      assert.throws(
        () => placePabfd(hosts, [vm(cpuMips, 0)], { powerModels, dimensions: ["ramBytes"] }),
        {
          name: "RangeError",
          message:
            `Cannot place VMs by PABFD as vms[0].cpuMips must be a finite number >= 0: current value is ${cpuMips}`,
        },
      );
    }
  });
});

Deno.test("placePabfd() equals the scan over every host for every VM (milliwatt ties to the lower index) on seeded instances", async (t) => {
  for (const seed of [1, 2, 3, 4]) {
    const { hosts, vms } = powerInstance(seed, 30 + seed * 7, 150 + seed * 40);
    for (
      const [threshold, onEmpty, dims, perCore] of [
        [1, false, DIMENSIONS, false],
        [0.8, false, DIMENSIONS, false],
        [0.7, true, ["cpuMips"], false],
        [0.9, false, DIMENSIONS, true],
      ] as const
    ) {
      await t.step(`seed ${seed}, threshold ${threshold}, ${dims.length} dimension(s)`, () => {
        const result = placePabfd(hosts, vms, {
          powerModels: MIXED_POWER_MODELS,
          overloadThreshold: threshold,
          thresholdOnEmptyHosts: onEmpty,
          dimensions: dims,
          perCoreMips: perCore,
        });
        const expected = scanPabfd(
          hosts,
          vms,
          MIXED_POWER_MODELS,
          threshold,
          onEmpty,
          dims,
          perCore,
        );
        assert.deepEqual(result.assignment, expected);
        assert.ok(result.unplaced.length > 0 && result.hostsUsed > 0);
      });
    }
  }
});

Deno.test("placePabfd() equals the scan when every host is its own class (scan mode past 32 classes)", () => {
  const { hosts, vms } = powerInstance(5, 60, 300);
  const distinct = hosts.map((h, j) => ({ ...h, cpuMips: 3000 + 37 * j }));
  const result = placePabfd(distinct, vms, {
    powerModels: MIXED_POWER_MODELS,
    overloadThreshold: 0.8,
  });
  assert.deepEqual(result.assignment, scanPabfd(distinct, vms, MIXED_POWER_MODELS, 0.8));
  assert.ok(result.unplaced.length > 0);
});
