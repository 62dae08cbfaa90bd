import assert from "node:assert/strict";
import fc from "npm:fast-check@4.10.2";
import { runFit } from "../../lib/placement/_fit.ts";
import type { Host, VmDemand } from "../../lib/placement/model.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { referenceFit, referenceOrder } from "./_fit_fixtures.ts";

const MB = 2 ** 20;
const RULES = ["first", "best", "worst", "next"] as const;

/** The options a rule takes (runFit refuses the others): a sort key when decreasing, best fit's residual. */
function ruleOptions(
  rule: (typeof RULES)[number],
  decreasing: boolean,
  sortKey: "sum" | "max" | "product" | "l2",
  residual: "sum" | "max",
) {
  return { ...(decreasing ? { sortKey } : {}), ...(rule === "best" ? { residual } : {}) };
}

function makeHost(h: number, cpuMips: number, ramBytes: number, bandwidth: number): Host {
  return {
    name: `h${h}`,
    cpuMips,
    cores: 2,
    ramBytes,
    bandwidthBytesPerSecond: bandwidth,
    rack: 0,
  };
}

/**
 * Three seeded families of 3-dimension instances where the per-dimension maxima of a group
 * of hosts mislead the search, because hosts run short in different dimensions:
 * "bench" (two host shapes alternating, CloudSim's four VM types with random MIPS, as in
 * bench/placement_bench.ts), "anti" (VMs heavy in CPU or in RAM, never both) and "hetero"
 * (random host capacities, skewed VM demands).
 */
function family(
  name: "bench" | "anti" | "hetero",
  seed: number,
  hostCount: number,
  vmCount: number,
): { hosts: Host[]; vms: VmDemand[] } {
  const prng = createPrng(seed, "fit-family", name);
  if (name === "bench") {
    const types = [[2500, 870], [2000, 1740], [1000, 1740], [500, 613]] as const;
    return {
      hosts: Array.from(
        { length: hostCount },
        (_, h) => makeHost(h, h % 2 === 0 ? 3720 : 5320, 8192 * MB, 125e6),
      ),
      vms: Array.from({ length: vmCount }, (_, i) => {
        const [mips, ram] = types[i % 4]!;
        return {
          name: `v${i}`,
          cpuMips: Math.round(mips * (0.1 + 0.5 * prng())),
          ramBytes: ram * MB,
          bandwidthBytesPerSecond: 12.5e6,
        };
      }),
    };
  }
  if (name === "anti") {
    return {
      hosts: Array.from({ length: hostCount }, (_, h) => makeHost(h, 1000, 1000, 1000)),
      vms: Array.from({ length: vmCount }, (_, i) => {
        const x = prng();
        return {
          name: `v${i}`,
          cpuMips: Math.round(20 + 300 * x),
          ramBytes: Math.round(20 + 300 * (1 - x)),
          bandwidthBytesPerSecond: Math.round(100 * prng()),
        };
      }),
    };
  }
  const capacity = () => Math.round(1000 + 9000 * prng());
  const need = () => Math.round(1 + 2000 * prng() ** 2);
  return {
    hosts: Array.from(
      { length: hostCount },
      (_, h) => makeHost(h, capacity(), capacity(), capacity()),
    ),
    vms: Array.from({ length: vmCount }, (_, i) => ({
      name: `v${i}`,
      cpuMips: need(),
      ramBytes: need(),
      bandwidthBytesPerSecond: need(),
    })),
  };
}

Deno.test("runFit() matches the O(n·m) reference assignment for assignment on 3-dimension families of 2,000 VMs", async (t) => {
  for (const name of ["bench", "anti", "hetero"] as const) {
    // 400 hosts take every VM; 200 hosts leave many unplaced (the overloaded case).
    for (const hostCount of [400, 200]) {
      await t.step(`${name}, ${hostCount} hosts`, () => {
        const { hosts, vms } = family(name, 11, hostCount, 2000);
        let unplaced = 0;
        for (const rule of RULES) {
          for (const decreasing of [true, false]) {
            const order = decreasing ? referenceOrder(hosts, vms) : vms.map((_, i) => i);
            const result = runFit("test", "test", hosts, vms, {}, rule, decreasing);
            assert.deepEqual(
              result.assignment,
              referenceFit(hosts, vms, rule, order),
              `${rule} fit${decreasing ? " decreasing" : ""}`,
            );
            if (rule === "best") {
              const byMax = runFit("t", "t", hosts, vms, { residual: "max" }, rule, decreasing);
              assert.deepEqual(
                byMax.assignment,
                referenceFit(hosts, vms, rule, order, undefined, "max"),
                `best fit by max residual${decreasing ? " decreasing" : ""}`,
              );
            }
            unplaced += result.unplaced.length;
          }
        }
        if (hostCount === 200) assert.ok(unplaced > 0, "the small data centre must overflow");
      });
    }
  }
});

Deno.test("runFit() matches the reference on random small instances with many ties and equal demands (fast-check)", () => {
  const point = fc.tuple(
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 6 }),
  );
  fc.assert(
    fc.property(
      fc.array(point, { minLength: 0, maxLength: 12 }),
      fc.array(point, { minLength: 0, maxLength: 40 }),
      fc.constantFrom(...RULES),
      fc.boolean(),
      fc.constantFrom("sum", "max", "product", "l2"),
      fc.constantFrom("sum", "max"),
      (
        capacities,
        demands,
        rule,
        decreasing,
        sortKey: "sum" | "max" | "product" | "l2",
        residual: "sum" | "max",
      ) => {
        const hosts = capacities.map(([c, r, b], h) => makeHost(h, c + 4, r + 4, b + 4));
        const vms = demands.map(([c, r, b], i) => ({
          name: `v${i}`,
          cpuMips: c,
          ramBytes: r,
          bandwidthBytesPerSecond: b,
        }));
        const order = decreasing ? referenceOrder(hosts, vms, sortKey) : vms.map((_, i) => i);
        const options = ruleOptions(rule, decreasing, sortKey, residual);
        const result = runFit("test", "test", hosts, vms, options, rule, decreasing);
        assert.deepEqual(
          result.assignment,
          referenceFit(hosts, vms, rule, order, undefined, residual),
        );
      },
    ),
    { seed: 2026, numRuns: 500, endOnFailure: true },
  );
});

Deno.test("runFit() sizes a dimension no host has (every capacity 0) as absent", () => {
  // Shares are demand / the largest capacity in the dimension; with none, the scale is 1, so
  // VMs of zero demand in it sort and score as on the other dimensions alone (dividing by 0
  // would make every size and residual NaN).
  const { hosts, vms } = family("anti", 5, 60, 300);
  const noBandwidth = {
    hosts: hosts.map((h) => ({ ...h, bandwidthBytesPerSecond: 0 })),
    vms: vms.map((v) => ({ ...v, bandwidthBytesPerSecond: 0 })),
  };
  const two = ["cpuMips", "ramBytes"] as const;
  for (const rule of RULES) {
    for (const decreasing of [true, false]) {
      for (const sortKey of ["sum", "max", "l2"] as const) {
        for (const residual of ["sum", "max"] as const) {
          const options = ruleOptions(rule, decreasing, sortKey, residual);
          const label = `${rule}${decreasing ? " decreasing by " + sortKey : ""}, ${residual}`;
          const three = runFit(
            "t",
            "t",
            noBandwidth.hosts,
            noBandwidth.vms,
            options,
            rule,
            decreasing,
          );
          const alone = runFit(
            "t",
            "t",
            hosts,
            vms,
            { ...options, dimensions: two },
            rule,
            decreasing,
          );
          assert.deepEqual(three.assignment, alone.assignment, label);
          assert.ok(three.unplaced.length < vms.length, label);
        }
      }
    }
  }
});

Deno.test("the fit heuristics refuse an empty list of dimensions", () => {
  for (const rule of RULES) {
    assert.throws(
      () => runFit("place VMs by test", "test", [], [], { dimensions: [] }, rule, false),
      new TypeError(
        "Cannot place VMs by test as dimensions must be a non-empty array: current value is []",
      ),
    );
  }
});
