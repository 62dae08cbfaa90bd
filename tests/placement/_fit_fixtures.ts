/** Instances and reference implementations for the fit heuristics' tests. */
import assert from "node:assert/strict";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";
import type { PlacementResult } from "../../lib/placement/model.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { DIMENSIONS } from "../../lib/placement/model.ts";
import { FIT_TOLERANCE } from "../../lib/placement/_fit.ts";
import type { Dimension, Host, VmDemand } from "../../lib/placement/model.ts";

/** A host with the given capacities (RAM and bandwidth default to 1). */
export function host(
  name: string,
  cpuMips: number,
  ramBytes = 1,
  bandwidthBytesPerSecond = 1,
  rack = 0,
): Host {
  return { name, cpuMips, cores: 2, ramBytes, bandwidthBytesPerSecond, rack };
}

/** A VM with the given demands (RAM and bandwidth default to 0). */
export function vm(
  name: string,
  cpuMips: number,
  ramBytes = 0,
  bandwidthBytesPerSecond = 0,
): VmDemand {
  return { name, cpuMips, ramBytes, bandwidthBytesPerSecond };
}

/** One-dimensional identical hosts and VMs of the given sizes. */
export function oneDim(capacity: number, hostCount: number, sizes: readonly number[]): {
  hosts: Host[];
  vms: VmDemand[];
} {
  return {
    hosts: Array.from({ length: hostCount }, (_, h) => host(`h${h}`, capacity)),
    vms: sizes.map((s, i) => vm(`v${i}`, s)),
  };
}

/**
 * A seeded random instance: two host types (CloudSim's ML110 G4 and G5 shapes) in racks of 4,
 * VMs with random demands; in one dimension the RAM and bandwidth demands are 0. Sized so that
 * most but not all VMs fit.
 */
export function randomInstance(seed: number, hostCount: number, vmCount: number, dims: 1 | 3): {
  hosts: Host[];
  vms: VmDemand[];
} {
  const prng = createPrng(seed, "placement-instance");
  const hosts = Array.from({ length: hostCount }, (_, h) => ({
    name: `h${h}`,
    cpuMips: h % 2 === 0 ? 3720 : 5320,
    cores: 2,
    ramBytes: 4096 * 2 ** 20,
    bandwidthBytesPerSecond: 125e6,
    rack: Math.floor(h / 4),
  }));
  const vms = Array.from({ length: vmCount }, (_, i) => ({
    name: `v${i}`,
    cpuMips: Math.round(100 + prng() * 2400),
    ramBytes: dims === 3 ? Math.round((128 + prng() * 1900) * 2 ** 20) : 0,
    bandwidthBytesPerSecond: dims === 3 ? Math.round(1e6 + prng() * 40e6) : 0,
  }));
  return { hosts, vms };
}

/**
 * Straightforward O(n·m) restatement of the heuristics' rules, as the oracle for the fast
 * implementations: a demand fits when it is at most the remaining capacity plus
 * FIT_TOLERANCE of the host's capacity; first = lowest index that fits; next = lowest index
 * at or after the open host that fits; best/worst = least/most Σ_d remaining_d /
 * largestCapacity_d (or, for best with residual "max", least max_d of the residual after
 * placing) among hosts that fit, ties to the lowest index.
 */
export function referenceFit(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  rule: "first" | "best" | "worst" | "next",
  order: readonly number[],
  dimensions: readonly Dimension[] = DIMENSIONS,
  residual: "sum" | "max" = "sum",
): number[] {
  const scale = dimensions.map((d) => Math.max(...hosts.map((h) => h[d])) || 1);
  const remaining = hosts.map((h) => dimensions.map((d) => h[d]));
  const assignment = vms.map(() => -1);
  let open = 0;
  for (const i of order) {
    const demand = dimensions.map((d) => vms[i]![d]);
    let chosen = -1;
    let chosenKey = 0;
    for (let h = rule === "next" ? open : 0; h < hosts.length; h++) {
      const rem = remaining[h]!;
      const capacity = dimensions.map((d) => hosts[h]![d]);
      if (!demand.every((x, d) => x <= rem[d]! + FIT_TOLERANCE * capacity[d]!)) continue;
      let key = 0;
      if (residual === "max" && rule === "best") {
        for (let d = 0; d < dimensions.length; d++) {
          key = Math.max(key, Math.max(0, rem[d]! - demand[d]!) / scale[d]!);
        }
      } else {
        for (let d = 0; d < dimensions.length; d++) key += rem[d]! / scale[d]!;
      }
      if (
        chosen < 0 || (rule === "best" && key < chosenKey) || (rule === "worst" && key > chosenKey)
      ) {
        chosen = h;
        chosenKey = key;
      }
      if (rule === "first" || rule === "next") break;
    }
    if (chosen >= 0) {
      assignment[i] = chosen;
      open = chosen;
      const rem = remaining[chosen]!;
      for (let d = 0; d < dimensions.length; d++) rem[d] = rem[d]! - demand[d]!;
    }
  }
  return assignment;
}

/** VM indices by decreasing Σ (or max) of demand / largest capacity, ties by index. */
export function referenceOrder(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  key: "sum" | "max" | "product" | "l2" = "sum",
  dimensions: readonly Dimension[] = DIMENSIONS,
): number[] {
  const scale = dimensions.map((d) => Math.max(...hosts.map((h) => h[d])) || 1);
  const size = vms.map((v) => {
    const shares = dimensions.map((d, j) => v[d] / scale[j]!);
    if (key === "sum") return shares.reduce((a, b) => a + b, 0);
    if (key === "max") return Math.max(...shares);
    if (key === "product") return shares.reduce((a, b) => a * b, 1);
    return Math.sqrt(shares.reduce((a, b) => a + b * b, 0));
  });
  return vms.map((_, i) => i).sort((a, b) => size[b]! - size[a]! || a - b);
}

/** The fewest identical bins of capacity c holding every size (exhaustive search, n ≤ ~12). */
export function bruteForceBins(sizes: readonly number[], c: number): number {
  const items = [...sizes].sort((a, b) => b - a);
  let best = items.length;
  const loads: number[] = [];
  const search = (i: number): void => {
    if (loads.length >= best) return;
    if (i === items.length) {
      best = loads.length;
      return;
    }
    const s = items[i]!;
    const seen = new Set<number>();
    for (let b = 0; b < loads.length; b++) {
      if (loads[b]! + s <= c && !seen.has(loads[b]!)) {
        seen.add(loads[b]!);
        loads[b]! += s;
        search(i + 1);
        loads[b]! -= s;
      }
    }
    loads.push(s);
    search(i + 1);
    loads.pop();
  };
  search(0);
  return best;
}

/** Runs the checks every fit heuristic must pass, as steps of one test. */
export async function checkHeuristic(
  t: Deno.TestContext,
  place: (
    hosts: readonly Host[],
    vms: readonly VmDemand[],
    options?: { dimensions?: readonly Dimension[] },
  ) => PlacementResult,
  rule: "first" | "best" | "worst" | "next",
  decreasing: boolean,
): Promise<void> {
  for (const dims of [1, 3] as const) {
    await t.step(
      `${dims} dimension(s): 40 seeded instances pass validatePlacement and match the O(n·m) reference`,
      () => {
        for (let seed = 1; seed <= 40; seed++) {
          const { hosts, vms } = randomInstance(seed, 3 + (seed % 9), 5 + seed * 2, dims);
          const result = place(hosts, vms);
          assert.deepEqual(validatePlacement(hosts, vms, result), []);
          const order = decreasing ? referenceOrder(hosts, vms) : vms.map((_, i) => i);
          assert.deepEqual(
            result.assignment,
            referenceFit(hosts, vms, rule, order),
            `seed ${seed}`,
          );
        }
      },
    );
  }
  await t.step("option dimensions: CPU only ignores RAM and bandwidth", () => {
    const { hosts, vms } = randomInstance(7, 6, 40, 3);
    const dimensions = ["cpuMips"] as const;
    const result = place(hosts, vms, { dimensions });
    assert.deepEqual(validatePlacement(hosts, vms, result, { dimensions }), []);
    const order = decreasing ? referenceOrder(hosts, vms, "sum", dimensions) : vms.map((_, i) => i);
    assert.deepEqual(result.assignment, referenceFit(hosts, vms, rule, order, dimensions));
    assert.equal(result.details.dimensions, "cpuMips");
  });
  await t.step("an impossible VM goes to unplaced and the others are still placed", () => {
    const hosts = [host("h0", 10), host("h1", 10)];
    const vms = [vm("big", 11), vm("a", 5), vm("b", 0, 2)];
    const result = place(hosts, vms);
    assert.deepEqual(result.unplaced, [0, 2]);
    assert.equal(result.assignment[0], -1);
    assert.equal(result.assignment[2], -1); // needs 2 bytes of RAM, hosts have 1
    assert.ok(result.assignment[1]! >= 0);
    assert.equal(result.hostsUsed, 1);
    assert.deepEqual(validatePlacement(hosts, vms, result), []);
  });
  await t.step("empty inputs: no VMs, and no hosts", () => {
    assert.deepEqual(place([host("h0", 1)], []), {
      ...place([host("h0", 1)], []),
      assignment: [],
      unplaced: [],
      hostsUsed: 0,
    });
    const none = place([], [vm("a", 1), vm("b", 0)]);
    assert.deepEqual(none.assignment, [-1, -1]);
    assert.deepEqual(none.unplaced, [0, 1]);
  });
  await t.step("does not mutate its inputs and is deterministic", () => {
    const { hosts, vms } = randomInstance(3, 8, 60, 3);
    const before = structuredClone({ hosts, vms });
    const a = place(hosts, vms);
    assert.deepEqual({ hosts, vms }, before);
    assert.deepEqual(place(hosts, vms), a);
  });
  await t.step("rejects bad inputs with std-style errors", () => {
    const action = `place VMs by ${rule} fit${decreasing ? " decreasing" : ""}`;
    assert.throws(() => place([host("h0", 10)], [vm("a", -1)]), {
      name: "RangeError",
      message:
        `Cannot ${action} as vms[0].cpuMips must be a finite number >= 0: current value is -1`,
    });
    assert.throws(() => place([host("h0", NaN)], [vm("a", 1)]), {
      name: "RangeError",
      message:
        `Cannot ${action} as hosts[0].cpuMips must be a finite number >= 0: current value is NaN`,
    });
    assert.throws(
      () => place([host("h0", 10)], [vm("a", 1)], { dimensions: ["disk" as Dimension] }),
      {
        name: "TypeError",
        message:
          `Cannot ${action} as dimensions[] must be one of "cpuMips", "ramBytes", "bandwidthBytesPerSecond": current value is "disk"`,
      },
    );
    assert.throws(
      () => place([host("h0", 10)], [vm("a", 1)], { dimensions: ["cpuMips", "cpuMips"] }),
      {
        name: "RangeError",
        message:
          `Cannot ${action} as dimensions must not repeat: current value is ["cpuMips","cpuMips"]`,
      },
    );
    assert.throws(() => place("hosts" as unknown as Host[], []), {
      name: "TypeError",
      message: `Cannot ${action} as hosts must be an array: current value is "hosts"`,
    });
  });
}
