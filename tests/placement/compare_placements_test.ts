import assert from "node:assert/strict";
import { COMPARED_ALGORITHMS, comparePlacements } from "../../lib/placement/compare_placements.ts";
import { firstFitDecreasing } from "../../lib/placement/first_fit_decreasing.ts";
import { powerAt } from "../../lib/datacenter/power_model.ts";
import { POWER_MODELS, smallInstance } from "./_ilp_instances.ts";

Deno.test("comparePlacements() runs every algorithm validly and brackets them by the ILP and the bounds", async (t) => {
  for (const seed of [1, 2]) {
    await t.step(`seed ${seed}: 12 VMs on 8 hosts`, async () => {
      const { hosts, vms } = smallInstance(seed, 12, 8);
      const copy = structuredClone({ hosts, vms });
      const rows = await comparePlacements(hosts, vms, {
        powerModels: POWER_MODELS,
        seed,
        generations: 20,
      });
      assert.deepEqual({ hosts, vms }, copy);
      assert.deepEqual(rows.map((r) => r.algorithm), [
        ...COMPARED_ALGORITHMS,
        "continuous-bound",
        "martello-toth-l2",
      ]);
      const placements = rows.filter((r) => r.kind !== "lower-bound");
      for (const row of placements) {
        assert.equal(row.violations, 0, row.algorithm);
        assert.equal(row.unplacedVms, 0, row.algorithm);
        assert.equal(row.seed, seed);
      }
      const ilp = rows.find((r) => r.kind === "exact")!;
      assert.equal(ilp.status, "optimal");
      assert.equal(ilp.bound, ilp.hostsUsed);
      for (const row of placements) assert.ok(ilp.hostsUsed <= row.hostsUsed, row.algorithm);
      for (const row of rows.filter((r) => r.kind === "lower-bound")) {
        assert.ok(row.hostsUsed <= ilp.hostsUsed, row.algorithm);
        assert.equal(row.powerWatts, null);
        assert.equal(row.energyKwh, null);
      }
      const ffd = rows.find((r) => r.algorithm === "first-fit-decreasing")!;
      assert.ok(ffd.hostsUsed <= (11 / 9) * ilp.hostsUsed + 6 / 9);
      // Power of the FFD row, recomputed by hand from the FFD placement.
      const placement = firstFitDecreasing(hosts, vms);
      const load = hosts.map(() => 0);
      placement.assignment.forEach((j, i) => load[j]! += vms[i]!.cpuMips);
      const watts = hosts.reduce(
        (sum, host, j) =>
          load[j]! > 0
            ? sum + powerAt(POWER_MODELS[host.powerModel!]!, load[j]! / host.cpuMips)
            : sum,
        0,
      );
      assert.ok(Math.abs(ffd.powerWatts! - watts) < 1e-9);
      assert.ok(Math.abs(ffd.energyKwh! - watts * 24 / 1000) < 1e-9);
    });
  }
});

Deno.test("comparePlacements() runs a chosen subset, deterministically", async () => {
  const { hosts, vms } = smallInstance(3, 20, 10);
  const options = {
    powerModels: POWER_MODELS,
    seed: "s",
    algorithms: ["pabfd", "genetic", "obfdf-rack"] as const,
    generations: 10,
    durationSeconds: 3600,
  };
  const strip = (rows: Awaited<ReturnType<typeof comparePlacements>>) =>
    rows.map(({ seconds: _, ...rest }) => rest);
  const rows = await comparePlacements(hosts, vms, options);
  assert.deepEqual(rows.map((r) => r.algorithm), [
    "pabfd",
    "genetic",
    "obfdf-rack",
    "continuous-bound",
    "martello-toth-l2",
  ]);
  assert.ok(Math.abs(rows[0]!.energyKwh! - rows[0]!.powerWatts! / 1000) < 1e-12);
  assert.deepEqual(strip(await comparePlacements(hosts, vms, options)), strip(rows));
});

Deno.test("comparePlacements() rejects bad input", async (t) => {
  const { hosts, vms } = smallInstance(1, 3, 2);
  await t.step("an unknown algorithm", async () => {
    await assert.rejects(
      () =>
        comparePlacements(hosts, vms, {
          powerModels: POWER_MODELS,
          seed: 1,
          algorithms: ["magic" as unknown as "ilp"],
        }),
      {
        name: "TypeError",
        message: /^Cannot compare placements as algorithms\[\] must be one of "first-fit", /,
      },
    );
  });
  await t.step("a host without a known power model", async () => {
    await assert.rejects(
      () =>
        comparePlacements([{ ...hosts[0]!, powerModel: "x" }], vms, { powerModels: {}, seed: 1 }),
      {
        name: "TypeError",
        message:
          'Cannot compare placements as hosts[0].powerModel must name one of the powerModels: current value is "x"',
      },
    );
  });
  await t.step("a negative duration", async () => {
    await assert.rejects(
      () =>
        comparePlacements(hosts, vms, { powerModels: POWER_MODELS, seed: 1, durationSeconds: -1 }),
      {
        name: "RangeError",
        message:
          "Cannot compare placements as durationSeconds must be a finite number >= 0: current value is -1",
      },
    );
  });
  await t.step("a CPU demand that is not finite, when CPU is not a checked dimension", async () => {
    // every row's power reads the CPU demand whatever the dimensions
    const bad = [{ ...vms[0]!, cpuMips: NaN }];
    await assert.rejects(
      () =>
        comparePlacements(hosts, bad, {
          powerModels: POWER_MODELS,
          seed: 1,
          algorithms: ["first-fit"],
          dimensions: ["ramBytes"],
        }),
      {
        name: "RangeError",
        message:
          "Cannot compare placements as vms[0].cpuMips must be a finite number >= 0: current value is NaN",
      },
    );
  });
  await t.step("a seed that is not a string or a finite number, genetic run or not", async () => {
    for (const algorithms of [["first-fit"], ["genetic"]] as const) {
      await assert.rejects(
        () => comparePlacements(hosts, vms, { powerModels: POWER_MODELS, seed: NaN, algorithms }),
        {
          name: "TypeError",
          message:
            "Cannot compare placements as seed must be a string or a finite number: current value is NaN",
        },
      );
    }
  });
});
