/**
 * A misspelt option name is refused, naming it, instead of leaving the option at its default:
 * every placement heuristic with options, and the nested option objects. The boolean options
 * refuse other types (a string "yes" ran as true).
 */
import assert from "node:assert/strict";
import {
  bestFit,
  bestFitDecreasing,
  comparePlacements,
  firstFit,
  firstFitDecreasing,
  nextFit,
  placeGenetic,
  placeObfdf,
  placePabfd,
  placeScavp,
  validatePlacement,
  worstFit,
} from "../../lib/placement/mod.ts";

const host = (name: string) => ({
  name,
  cpuMips: 1000,
  cores: 1,
  ramBytes: 2 ** 30,
  bandwidthBytesPerSecond: 1e8,
  rack: 0,
  powerModel: "m",
});
const hosts = [host("h0"), host("h1")];
const vms = [300, 600].map((cpuMips, i) => ({
  name: `v${i}`,
  cpuMips,
  ramBytes: 2 ** 20,
  bandwidthBytesPerSecond: 1e6,
}));
const powerModels = { m: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } };

function refuses(label: string, run: () => unknown, action: string, part: string): void {
  assert.throws(run, (e: Error) => {
    assert.equal(e.name, "TypeError", label);
    assert.ok(e.message.startsWith(`Cannot ${action} as ${part}`), `${label}: ${e.message}`);
    return true;
  });
}

Deno.test("placement heuristics refuse a misspelt option, naming it", async (t) => {
  const bad = (options: object) => options as never;
  const cases: [string, () => unknown, string, string][] = [
    [
      "first fit: dimension",
      () => firstFit(hosts, vms, bad({ dimension: ["cpuMips"] })),
      "place VMs by first fit",
      '"dimension" must be a known key of options',
    ],
    [
      "first fit has no sort key",
      () => firstFit(hosts, vms, bad({ sortKey: "max" })),
      "place VMs by first fit",
      '"sortKey" must be a known key of options ("dimensions")',
    ],
    [
      "next fit: dimension",
      () => nextFit(hosts, vms, bad({ dimension: ["cpuMips"] })),
      "place VMs by next fit",
      '"dimension" must be a known key of options',
    ],
    [
      "worst fit: dimension",
      () => worstFit(hosts, vms, bad({ dimension: ["cpuMips"] })),
      "place VMs by worst fit",
      '"dimension" must be a known key of options',
    ],
    [
      "best fit: residul",
      () => bestFit(hosts, vms, bad({ residul: "max" })),
      "place VMs by best fit",
      '"residul" must be a known key of options ("dimensions", "residual")',
    ],
    [
      "first fit decreasing: sortkey",
      () => firstFitDecreasing(hosts, vms, bad({ sortkey: "max" })),
      "place VMs by first fit decreasing",
      '"sortkey" must be a known key of options ("dimensions", "sortKey")',
    ],
    [
      "best fit decreasing: sortkey",
      () => bestFitDecreasing(hosts, vms, bad({ sortkey: "max" })),
      "place VMs by best fit decreasing",
      '"sortkey" must be a known key of options ("dimensions", "sortKey", "residual")',
    ],
    [
      "genetic: generation",
      () => placeGenetic(hosts, vms, bad({ seed: 1, generation: 3 })),
      "place VMs by genetic algorithm",
      '"generation" must be a known key of options',
    ],
    [
      "OBFDF: rackByRak",
      () => placeObfdf(hosts, vms, bad({ powerModels, rackByRak: true })),
      "place VMs by OBFDF",
      '"rackByRak" must be a known key of options',
    ],
    [
      "OBFDF: a misspelt switch field",
      () =>
        placeObfdf(
          hosts,
          vms,
          bad({
            powerModels,
            switchPower: { topOfRackWatts: 1, aggregationWatts: 2, racksPerAggregation: 1, tor: 3 },
          }),
        ),
      "place VMs by OBFDF",
      '"tor" must be a known key of switchPower',
    ],
    [
      "PABFD: overloadTreshold",
      () => placePabfd(hosts, vms, bad({ powerModels, overloadTreshold: 0.5 })),
      "place VMs by PABFD",
      '"overloadTreshold" must be a known key of options',
    ],
    [
      "SCAVP: a misspelt constraint",
      () => placeScavp(hosts, vms, bad({ constraints: { differentHost: [[0, 1]] } })),
      "place VMs by SCAVP",
      '"differentHost" must be a known key of options.constraints',
    ],
    [
      "SCAVP: a misspelt level cost",
      () => placeScavp(hosts, vms, bad({ levelCost: { racks: 3 } })),
      "place VMs by SCAVP",
      '"racks" must be a known key of options.levelCost ("rack", "pod")',
    ],
  ];
  for (const [label, run, action, part] of cases) {
    await t.step(label, () => refuses(label, run, action, part));
  }
  await t.step("compare placements: maxNode", async () => {
    await assert.rejects(
      comparePlacements(hosts, vms, bad({ powerModels, seed: 1, maxNode: 10 })),
      (e: Error) =>
        e.message.startsWith('Cannot compare placements as "maxNode" must be a known key'),
    );
  });
});

Deno.test("placement's boolean options refuse other types", async (t) => {
  const bad = (options: object) => options as never;
  const cases: [string, () => unknown, string, string][] = [
    [
      "OBFDF rackByRack",
      () => placeObfdf(hosts, vms, bad({ powerModels, rackByRack: "yes" })),
      "place VMs by OBFDF",
      'rackByRack must be a boolean: current value is "yes"',
    ],
    [
      "PABFD perCoreMips",
      () => placePabfd(hosts, vms, bad({ powerModels, perCoreMips: "yes" })),
      "place VMs by PABFD",
      'perCoreMips must be a boolean: current value is "yes"',
    ],
    [
      "PABFD thresholdOnEmptyHosts",
      () => placePabfd(hosts, vms, bad({ powerModels, thresholdOnEmptyHosts: 1 })),
      "place VMs by PABFD",
      "thresholdOnEmptyHosts must be a boolean: current value is 1",
    ],
    [
      "validatePlacement perCoreMips",
      () =>
        validatePlacement(hosts, vms, { assignment: [0, 1] } as never, bad({ perCoreMips: "yes" })),
      "validate placement",
      'options.perCoreMips must be a boolean: current value is "yes"',
    ],
  ];
  for (const [label, run, action, part] of cases) {
    await t.step(label, () => refuses(label, run, action, part));
  }
  await t.step("the options as documented still run", () => {
    assert.equal(firstFit(hosts, vms, { dimensions: ["cpuMips"] }).hostsUsed, 1);
    assert.equal(bestFitDecreasing(hosts, vms, { sortKey: "max", residual: "max" }).hostsUsed, 1);
    const obfdf = placeObfdf(hosts, vms, {
      powerModels,
      rackByRack: true,
      switchPower: { topOfRackWatts: 1, aggregationWatts: 2, racksPerAggregation: 1 },
    });
    assert.equal(obfdf.hostsUsed, 1);
    const pabfd = placePabfd(hosts, vms, {
      powerModels,
      perCoreMips: true,
      thresholdOnEmptyHosts: true,
    });
    assert.equal(pabfd.hostsUsed, 1);
  });
});
