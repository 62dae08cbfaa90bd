import assert from "node:assert/strict";
import { buildPatternModel, decodePatterns } from "../../lib/placement/_ilp_patterns.ts";
import { solveLp } from "../../lib/placement/_ilp_solver.ts";
import { withSlack } from "../../lib/placement/_fit.ts";
import type { Dimension, Host, VmDemand } from "../../lib/placement/mod.ts";
import { placeIlp } from "../../lib/placement/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { bruteForceHosts, smallInstance } from "./_ilp_instances.ts";
import { oneDim } from "./_fit_fixtures.ts";

const DIMS: Dimension[] = ["cpuMips", "ramBytes", "bandwidthBytesPerSecond"];

/** Host types (identical capacity) and VM classes (identical demand), as `placeIlp` forms them. */
function groups(hosts: readonly Host[], vms: readonly VmDemand[]) {
  const by = <T>(items: readonly T[], key: (x: T) => string) => {
    const map = new Map<string, number[]>();
    items.forEach((x, i) => map.set(key(x), [...(map.get(key(x)) ?? []), i]));
    return [...map.values()];
  };
  return {
    types: by(hosts, (h) => DIMS.map((d) => h[d]).join()),
    classes: by(vms, (v) => DIMS.map((d) => v[d]).join()),
  };
}

/** Every maximal pattern by brute force over the subsets of the VMs, as count-vector keys. */
function bruteForcePatterns(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  types: number[][],
  classes: number[][],
): Set<string> {
  const classOf = new Map<number, number>();
  classes.forEach((members, v) => members.forEach((i) => classOf.set(i, v)));
  const out = new Set<string>();
  types.forEach((type, t) => {
    const host = hosts[type[0]!]!;
    const fits = (mask: number) =>
      DIMS.every((d) => vms.reduce((s, vm, i) => mask & (1 << i) ? s + vm[d] : s, 0) <= host[d]);
    for (let mask = 1; mask < 1 << vms.length; mask++) {
      if (!fits(mask)) continue;
      if (vms.some((_, i) => !(mask & (1 << i)) && fits(mask | (1 << i)))) continue;
      const counts = classes.map(() => 0);
      vms.forEach((_, i) => {
        if (mask & (1 << i)) counts[classOf.get(i)!]!++;
      });
      out.add(`${t}:${counts.join()}`);
    }
  });
  return out;
}

/** Seeded VMs of three sizes, so classes hold several VMs. */
function classedVms(seed: number, count: number): VmDemand[] {
  const prng = createPrng(seed, "ilp-patterns-test");
  const sizes: [number, number][] = [[900, 3e9], [1700, 1e9], [2600, 2e9]];
  return Array.from({ length: count }, (_, i) => {
    const [cpuMips, ramBytes] = sizes[Math.floor(prng() * sizes.length)]!;
    return { name: `vm${i}`, cpuMips, ramBytes, bandwidthBytesPerSecond: 1e6 };
  });
}

Deno.test("buildPatternModel() enumerates exactly the maximal patterns, and its MILP gives the brute-force optimum", async (t) => {
  const cases = [1, 2, 3].flatMap((seed) => [
    { label: `distinct VMs, seed ${seed}`, ...smallInstance(seed, 9, 6) },
    {
      label: `three VM sizes, seed ${seed}`,
      hosts: smallInstance(seed, 0, 6).hosts,
      vms: classedVms(seed, 10),
    },
  ]);
  for (const { label, hosts, vms } of cases) {
    await t.step(label, async () => {
      const { types, classes } = groups(hosts, vms);
      const model = buildPatternModel(hosts, vms, DIMS, types, classes, 10_000, 1_000_000)!;
      const keys = model.patterns.map((p) => `${p.type}:${p.counts.join()}`);
      assert.equal(new Set(keys).size, keys.length, "no pattern twice");
      assert.deepEqual(new Set(keys), bruteForcePatterns(hosts, vms, types, classes));
      const optimum = bruteForceHosts(hosts, vms, DIMS);
      const solved = await solveLp(model.lp);
      assert.equal(solved.status, "optimal");
      assert.equal(Math.round(solved.objective), optimum);
      const relaxed = await solveLp(model.relaxation);
      assert.ok(relaxed.objective <= optimum + 1e-9);
      const assignment = decodePatterns(model, types, classes, solved.values, vms.length)!;
      assert.ok(assignment.every((j) => j >= 0), "every VM placed");
      assert.equal(new Set(assignment).size, optimum);
      hosts.forEach((host, j) =>
        DIMS.forEach((d) =>
          assert.ok(assignment.reduce((s, h, i) => h === j ? s + vms[i]![d] : s, 0) <= host[d])
        )
      );
    });
  }
});

Deno.test("buildPatternModel() counts a host filled to its capacity plus the fit tolerance", () => {
  // two VMs of exactly half of withSlack(1000) MIPS: together they fill the host to the limit
  // every placer accepts, so the one maximal pattern holds both
  const c = withSlack(1000);
  const { hosts, vms } = oneDim(1000, 2, [c / 2, c / 2]);
  const model = buildPatternModel(hosts, vms, DIMS, [[0, 1]], [[0, 1]], 100, 1000)!;
  assert.deepEqual(model.patterns, [{ type: 0, counts: [2] }]);
});

Deno.test("decodePatterns() rounds the solver's counts and refuses values that leave VMs out", () => {
  // one host type of two hosts, two VMs of 600 MIPS on hosts of 1000: the one maximal
  // pattern holds one VM, and two copies of it place both
  const { hosts, vms } = oneDim(1000, 2, [600, 600]);
  const model = buildPatternModel(hosts, vms, DIMS, [[0, 1]], [[0, 1]], 100, 1000)!;
  assert.deepEqual(model.patterns, [{ type: 0, counts: [1] }]);
  // a solver's integer within its tolerance counts as that integer
  assert.deepEqual(decodePatterns(model, [[0, 1]], [[0, 1]], { p0: 1.9999999 }, 2), [0, 1]);
  // one copy places one VM of two: no placement
  assert.equal(decodePatterns(model, [[0, 1]], [[0, 1]], { p0: 1 }, 2), undefined);
});

Deno.test("buildPatternModel() gives up beyond its pattern or visit limit, or out of time", () => {
  const { hosts, vms } = smallInstance(4, 9, 6);
  const { types, classes } = groups(hosts, vms);
  const all = buildPatternModel(hosts, vms, DIMS, types, classes, 10_000, 1_000_000)!;
  assert.ok(all.patterns.length > 3);
  assert.equal(buildPatternModel(hosts, vms, DIMS, types, classes, 3, 1_000_000), undefined);
  assert.equal(buildPatternModel(hosts, vms, DIMS, types, classes, 10_000, 5), undefined);
  // Out of time: asked every 1,024 visits (20 VMs need more visits than that).
  const large = smallInstance(4, 20, 6);
  const grouped = groups(large.hosts, large.vms);
  const args = [large.hosts, large.vms, DIMS, grouped.types, grouped.classes, 1e6, 1e6] as const;
  assert.ok(buildPatternModel(...args) !== undefined);
  let asked = 0;
  assert.equal(buildPatternModel(...args, () => ++asked > 0), undefined);
  assert.equal(asked, 1);
});

Deno.test("placeIlp() proves by the pattern bound what the aggregated model's LP and L2 leave open", async () => {
  // Twelve VMs, CPU-heavy and RAM-heavy in turn (38-63 % of the host in one dimension, 10-35 %
  // in the other): L2 is 5 and the LP bound 4.3, the optimum (brute force) 6.
  const prng = createPrng(3, "ilp-patterns-anticorrelated");
  const hosts: Host[] = Array.from({ length: 8 }, (_, j) => ({
    name: `h${j}`,
    cpuMips: 1000,
    cores: 1,
    ramBytes: 1000,
    bandwidthBytesPerSecond: 1,
    rack: 0,
  }));
  const vms: VmDemand[] = Array.from({ length: 12 }, (_, i) => {
    const heavy = Math.round(380 + 250 * prng());
    const light = Math.round(100 + 250 * prng());
    return {
      name: `vm${i}`,
      cpuMips: i % 2 ? heavy : light,
      ramBytes: i % 2 ? light : heavy,
      bandwidthBytesPerSecond: 0,
    };
  });
  const dimensions: Dimension[] = ["cpuMips", "ramBytes"];
  assert.equal(bruteForceHosts(hosts, vms, dimensions), 6);
  const result = await placeIlp(hosts, vms, { dimensions, maxNodes: 1 });
  assert.equal(result.hostsUsed, 6);
  assert.equal(result.details.status, "optimal");
  assert.equal(result.details.patternBound, 6);
  assert.equal(result.details.boundSource, "patterns");
  assert.equal(result.details.l2Bound, 5);
  assert.ok(Number(result.details.lpRelaxation) < 5);
  // The per-VM model has no pattern stage: one node leaves its bound below the optimum.
  const assignment = await placeIlp(hosts, vms, {
    dimensions,
    formulation: "assignment",
    maxNodes: 1,
  });
  assert.equal(assignment.details.patterns, 0);
  assert.equal(assignment.details.patternBound, 0);
  assert.ok(Number(assignment.details.bound) < 6);
});
