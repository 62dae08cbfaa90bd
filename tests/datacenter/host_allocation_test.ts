import assert from "node:assert/strict";
import {
  hostAllocation,
  type HostAllocationInputs,
} from "../../lib/datacenter/_host_allocation.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** A random data centre mid-interval with migrations, some ending exactly at `until`. */
function scenario(
  seed: number,
  until: number,
  flags: Partial<HostAllocationInputs> = {},
  endsAt = [until / 2, until, until, until * 2],
) {
  const next = createPrng(seed, "host-allocation");
  const H = 2 + Math.floor(next() * 12), V = 1 + Math.floor(next() * 40), K = 3;
  const cap = Float64Array.from({ length: H }, () => 1000 + Math.floor(next() * 4000));
  const pe = Float64Array.from(cap, (c) => c / (1 + Math.floor(next() * 4)));
  const mips = Float64Array.from({ length: V }, () => 250 + Math.floor(next() * 2250));
  const atUpdate = Float64Array.from({ length: V * K }, () => next());
  // the traces between updates (DemandColumns interpolates them)
  const util = Float64Array.from({ length: V * K }, () => next());
  const vmHost = Int32Array.from({ length: V }, () => next() < 0.05 ? -1 : Math.floor(next() * H));
  const vmOrigin = Int32Array.from(vmHost);
  const vmEnd = new Float64Array(V).fill(-1);
  const vmShare = new Float64Array(V), vmKeep = new Float64Array(V).fill(1);
  const moveVm: number[] = [], moveDst: number[] = [];
  for (let v = 0; v < V; v++) {
    if (vmHost[v]! < 0 || next() > 0.4) continue;
    const dst = Math.floor(next() * H);
    if (dst === vmOrigin[v]) continue;
    moveVm.push(v);
    moveDst.push(dst);
    vmHost[v] = dst;
    // ends before, exactly at and after `until`
    vmEnd[v] = endsAt[Math.floor(next() * endsAt.length)]!;
    vmShare[v] = next() < 0.5 ? 0 : next() * 0.3;
    vmKeep[v] = 1 - vmShare[v]!;
  }
  const trace = { util, intervalSeconds: 300, updateOffsetSeconds: 0 };
  const hosts = { H, V, K, cap, pe, mips, atUpdate, ...trace };
  const moves = { vmHost, vmOrigin, vmEnd, vmShare, vmKeep, moveVm, moveDst };
  const [slatah, energy, arithmetic] = [next() < 0.5, next() < 0.5, next() < 0.5];
  const inputs: HostAllocationInputs = {
    ...hosts,
    ...moves,
    slatahCountsMigrationTargets: slatah,
    countMigrationEnergy: energy,
    cloudsimArithmetic: arithmetic,
    ...flags,
  };
  return { inputs, ending: moveVm.filter((v) => vmEnd[v] === until).length };
}

function snapshot(a: ReturnType<typeof hostAllocation>) {
  return [a.hUtil, a.hViolating, a.vmR, a.vmAlloc, a.vmMig].map((x) => Array.from(x));
}

Deno.test("settle gives allocate's arrays for migrations ending at that moment", () => {
  let ending = 0;
  for (let seed = 0; seed < 500; seed++) {
    const until = 37.5;
    const { inputs, ending: n } = scenario(seed, until);
    ending += n;
    const incremental = hostAllocation(inputs), full = hostAllocation(inputs);
    incremental.allocate(1, until, until, true);
    incremental.settle(until);
    full.allocate(1, until, until, true); // the same history of calls: only the last differs
    full.allocate(1, until, until, false);
    const a = snapshot(incremental), b = snapshot(full);
    for (let j = 0; j < a.length; j++) {
      for (let i = 0; i < a[j]!.length; i++) {
        assert.ok(Object.is(a[j]![i], b[j]![i]), `seed ${seed}, array ${j}, index ${i}`);
      }
    }
  }
  // the cases must include migrations that complete at `until` (else settle is not exercised)
  assert.ok(ending > 500, `${ending} migrations ending at until`);
});

Deno.test("settle completes a migration ending at that moment: the VM moves to its target", () => {
  // one host of 1000 MIPS (one core) sends a VM of 400 MIPS at full demand to another
  const inputs: HostAllocationInputs = {
    H: 2,
    V: 1,
    K: 1,
    cap: Float64Array.of(1000, 1000),
    pe: Float64Array.of(1000, 1000),
    mips: Float64Array.of(400),
    atUpdate: Float64Array.of(1),
    util: Float64Array.of(1),
    intervalSeconds: 300,
    updateOffsetSeconds: 0,
    vmHost: Int32Array.of(1),
    vmOrigin: Int32Array.of(0),
    vmEnd: Float64Array.of(10),
    vmShare: Float64Array.of(0),
    vmKeep: Float64Array.of(1),
    moveVm: [0],
    moveDst: [1],
    slatahCountsMigrationTargets: false,
    countMigrationEnergy: true,
    cloudsimArithmetic: true,
  };
  const a = hostAllocation(inputs);
  a.allocate(0, 10, 10, true);
  assert.deepEqual([...a.hUtil], [0.4, 0]);
  assert.equal(a.vmMig[0], 1);
  a.settle(10);
  assert.deepEqual([...a.hUtil], [0, 0.4]);
  assert.equal(a.vmMig[0], 0);
  assert.equal(a.vmAlloc[0], 400);
});

Deno.test("an interval's segments walked host by host give a fresh allocation's arrays", () => {
  // the update, then each migration end read (inclusive) and settled, as the segments do;
  // between updates the allocation walks each host's list of VMs, kept by settle
  const ends = [12.5, 40, 41, 187.5];
  let walked = 0;
  for (let seed = 0; seed < 300; seed++) {
    const { inputs } = scenario(seed, 0, {}, [...ends, 400]);
    const segments = hostAllocation(inputs);
    segments.allocate(1, 0, 0, false);
    for (const end of ends) {
      segments.allocate(1, end, end, true);
      const fresh = hostAllocation(inputs);
      fresh.allocate(1, end, end, true);
      same(snapshot(segments), snapshot(fresh), `seed ${seed}, at ${end}`);
      segments.settle(end);
      const after = hostAllocation(inputs);
      after.allocate(1, end, end, false);
      same(snapshot(segments), snapshot(after), `seed ${seed}, settled at ${end}`);
      walked++;
    }
  }
  assert.equal(walked, 1200);
});

Deno.test("a VM moved between segments behind the allocation's back is found, not missed", () => {
  // the lists say where each VM was; a VM re-homed without a settle falls back to the pass
  // over VMs (as would a VM placed or removed between updates)
  let moved = 0;
  for (let seed = 0; seed < 200; seed++) {
    const { inputs } = scenario(seed, 0, {}, [400]);
    const { vmHost, H, V } = inputs;
    const segments = hostAllocation(inputs);
    segments.allocate(1, 0, 0, false);
    segments.allocate(1, 20, 20, true);
    // a VM not migrating (one removed mid-migration would leave its target's share behind)
    const v = seed % V;
    if (inputs.moveVm.includes(v)) continue;
    if (seed % 3 === 0) vmHost[v] = -1;
    else if (vmHost[v]! >= 0) vmHost[v] = (vmHost[v]! + 1) % H;
    else vmHost[v] = 0;
    inputs.vmOrigin[v] = vmHost[v]!;
    segments.allocate(1, 30, 30, true);
    const fresh = hostAllocation(inputs);
    fresh.allocate(1, 30, 30, true);
    // a VM not placed keeps whatever its arrays held (nothing reads them)
    const placed = (x: number[][]) =>
      x.map((a, j) => j < 2 ? a : a.filter((_, u) => vmHost[u]! >= 0));
    same(placed(snapshot(segments)), placed(snapshot(fresh)), `seed ${seed}`);
    moved++;
  }
  assert.ok(moved > 100, `${moved} VMs moved`);
});

function same(a: number[][], b: number[][], where: string) {
  for (let j = 0; j < a.length; j++) {
    for (let i = 0; i < a[j]!.length; i++) {
      assert.ok(Object.is(a[j]![i], b[j]![i]), `${where}, array ${j}, index ${i}`);
    }
  }
}
