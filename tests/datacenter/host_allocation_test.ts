import assert from "node:assert/strict";
import {
  hostAllocation,
  type HostAllocationInputs,
} from "../../lib/datacenter/_host_allocation.ts";
import {
  integrateSegments,
  type SegmentAccounting,
} from "../../lib/datacenter/_segment_accounting.ts";
import { noSlaTotals } from "../../lib/datacenter/_sla_metrics.ts";
import { ENERGY_INTEGRATORS } from "../../lib/datacenter/energy_integrators.ts";
import { createPrng } from "../../lib/random/prng.ts";

/**
 * A random data centre mid-interval with migrations, some ending exactly at `until`; with
 * `startsAt`, about half of them wait for admission until one of those moments (drawn from a
 * stream of their own, so that the rest of the scenario is the same), if it is not after the
 * migration's end (else they start at the update).
 */
function scenario(
  seed: number,
  until: number,
  flags: Partial<HostAllocationInputs> = {},
  endsAt = [until / 2, until, until, until * 2],
  startsAt?: number[],
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
  const vmStart = new Float64Array(V);
  const waits = createPrng(seed, "host-allocation-starts");
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
    if (startsAt !== undefined && waits() < 0.5) {
      const begin = startsAt[Math.floor(waits() * startsAt.length)]!;
      vmStart[v] = begin <= vmEnd[v]! ? begin : 0;
    }
  }
  const trace = { util, intervalSeconds: 300, updateOffsetSeconds: 0 };
  const hosts = { H, V, K, cap, pe, mips, atUpdate, ...trace };
  const moves = { vmHost, vmOrigin, vmEnd, vmStart, vmShare, vmKeep, moveVm, moveDst };
  const [slatah, energy, arithmetic] = [next() < 0.5, next() < 0.5, next() < 0.5];
  const inputs: HostAllocationInputs = {
    ...hosts,
    ...moves,
    slatahCountsMigrationTargets: slatah,
    countMigrationEnergy: energy,
    cloudsimArithmetic: arithmetic,
    migrationHostsOn: next() < 0.7,
    ...flags,
  };
  return {
    inputs,
    ending: moveVm.filter((v) => vmEnd[v] === until).length,
    starting: moveVm.filter((v) => vmStart[v] === until && vmEnd[v]! > until).length,
  };
}

function snapshot(a: ReturnType<typeof hostAllocation>) {
  return [a.hUtil, a.hOn, a.hViolating, a.vmR, a.vmAlloc, a.vmMig].map((x) => Array.from(x));
}

Deno.test("settle gives allocate's arrays for migrations ending at that moment", () => {
  let ending = 0, idleOn = 0;
  for (let seed = 0; seed < 500; seed++) {
    const until = 37.5;
    const { inputs, ending: n } = scenario(seed, until);
    ending += n;
    const incremental = hostAllocation(inputs), full = hostAllocation(inputs);
    incremental.allocate(1, until, until, true);
    // hosts on with nothing allocated: a migration's end with a share of 0
    idleOn += incremental.hOn.filter((on, h) => on === 1 && incremental.hUtil[h] === 0).length;
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
  // the cases must include migrations that complete at `until` (else settle is not exercised),
  // and hosts a migration keeps on with nothing allocated
  assert.ok(ending > 500, `${ending} migrations ending at until`);
  assert.ok(idleOn > 50, `${idleOn} hosts on at utilisation 0`);
});

Deno.test("settle gives allocate's arrays for transfers starting at that moment after an admission wait", () => {
  let starting = 0, ending = 0;
  for (let seed = 0; seed < 500; seed++) {
    const until = 37.5;
    // every other seed with linear hosts (found at the earlier moment, until / 2)
    const linear = seed % 2 === 1;
    const startsAt = [until / 4, until, until, until * 1.5];
    const { inputs, starting: n, ending: m } = linear
      ? linearScenario(seed, until, undefined, 0, startsAt)
      : scenario(seed, until, {}, undefined, startsAt);
    starting += n;
    ending += m;
    const incremental = hostAllocation(inputs), full = hostAllocation(inputs);
    for (const a of [incremental, full]) {
      a.allocate(1, 0, 0, false);
      a.allocate(1, until / 2, until / 2, true);
      a.settle(until / 2);
      a.allocate(1, until, until, true);
    }
    incremental.settle(until);
    full.allocate(1, until, until, false);
    const arrays = linear ? shown : snapshot;
    same(arrays(incremental), arrays(full), `seed ${seed}`);
  }
  // transfers must start at `until` (else settle's starts are not exercised), beside ends
  assert.ok(starting > 150, `${starting} transfers starting at until`);
  assert.ok(ending > 300, `${ending} migrations ending at until`);
});

Deno.test("an interval's segments with admission waits give a fresh allocation's arrays", () => {
  // the boundaries are the migrations' ends and the transfers' starts, each read (inclusive)
  // and settled, as the segments do, plain and with linear hosts
  const ends = [12.5, 40, 41, 187.5];
  const starts = [12.5, 30, 41, 100, 187.5, 250];
  const boundaries = [...new Set([...ends, ...starts])].sort((a, b) => a - b);
  let started = 0, waitedAtUpdate = 0;
  for (let seed = 0; seed < 400; seed++) {
    const linear = seed % 2 === 1;
    const { inputs } = linear
      ? linearScenario(seed, 0, [...ends, 400], seed % 4 === 1 ? 150 : 0, starts)
      : scenario(seed, 0, {}, [...ends, 400], starts);
    const arrays = linear ? shown : snapshot;
    const segments = hostAllocation(inputs);
    segments.allocate(1, 0, 0, false);
    // a VM waiting for admission runs on its source at its full share, and is not migrating
    inputs.moveVm.forEach((v) => {
      if (inputs.vmStart[v]! > 0) {
        assert.equal(segments.vmMig[v], 0, `seed ${seed}: VM ${v} waits`);
        waitedAtUpdate++;
      }
    });
    for (const end of boundaries) {
      readAndSettle(segments, inputs, end, arrays, `seed ${seed}`);
      inputs.moveVm.forEach((v) => {
        if (inputs.vmStart[v] === end && inputs.vmEnd[v]! > end) {
          assert.equal(segments.vmMig[v], 1, `seed ${seed}: VM ${v} migrates from ${end}`);
          started++;
        }
      });
    }
  }
  assert.ok(started > 300, `${started} transfers started after a wait`);
  assert.ok(waitedAtUpdate > started, `${waitedAtUpdate} VMs waiting at the update`);
});

Deno.test("a migration waiting for admission leaves its target off and out of the SLA until its transfer starts", () => {
  // the VM waits 4 s, then is sent until 10 s; the target counts as violating once it does
  // (CloudSim's convention, slatahCountsMigrationTargets)
  const inputs: HostAllocationInputs = {
    ...oneMove(),
    vmStart: Float64Array.of(4),
    vmShare: Float64Array.of(0.25),
    vmKeep: Float64Array.of(0.75),
    slatahCountsMigrationTargets: true,
  };
  const a = hostAllocation(inputs);
  a.allocate(0, 0, 0, false);
  const state = () => [[...a.hUtil], [...a.hOn], [...a.hViolating], [...a.vmAlloc], [...a.vmMig]];
  // waiting: the VM runs on its source at its full 400 MIPS; the target is off
  assert.deepEqual(state(), [[0.4, 0], [1, 0], [0, 0], [400], [0]]);
  a.allocate(0, 4, 4, true);
  assert.deepEqual(state(), [[0.4, 0], [1, 0], [0, 0], [400], [0]]);
  // its transfer starts: 300 MIPS on the source (countMigrationEnergy: the source draws for
  // all 400), 100 on the target, which books the VM's 400 and violates
  a.settle(4);
  assert.deepEqual(state(), [[0.4, 0.1], [1, 1], [0, 1], [300], [1]]);
  a.allocate(0, 10, 10, true);
  a.settle(10);
  assert.deepEqual(state(), [[0, 0.4], [0, 1], [0, 0], [400], [0]]);
});

/**
 * One host of 1000 MIPS (one core) sending a VM of 400 MIPS at full demand to another, the
 * migration ending at 10 s.
 */
function oneMove(): HostAllocationInputs {
  return {
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
    vmStart: Float64Array.of(0),
    vmShare: Float64Array.of(0),
    vmKeep: Float64Array.of(1),
    moveVm: [0],
    moveDst: [1],
    slatahCountsMigrationTargets: false,
    countMigrationEnergy: true,
    cloudsimArithmetic: true,
    migrationHostsOn: true,
  };
}

Deno.test("settle completes a migration ending at that moment: the VM moves to its target", () => {
  const inputs = oneMove();
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
      readAndSettle(segments, inputs, end, snapshot, `seed ${seed}`);
      walked++;
    }
  }
  assert.equal(walked, 1200);
});

Deno.test("a VM moved between segments behind the allocation's back is found, not missed", () => {
  // the lists say where each VM was; a VM re-homed without a settle falls back to the pass
  // over VMs (as would a VM placed or removed between updates)
  let moved = 0;
  for (let seed = 0; seed < 400; seed++) {
    // every other seed with linear VMs (the fallback must forget them)
    const linear = seed % 2 === 1;
    const { inputs } = linear ? linearScenario(seed, 0, [400]) : scenario(seed, 0, {}, [400]);
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
    const arrays = linear ? shown : snapshot;
    same(placed(arrays(segments)), placed(arrays(fresh)), `seed ${seed}`);
    // and the next segment walks the lists the fallback rebuilt
    segments.allocate(1, 40, 40, true);
    const next = hostAllocation(inputs);
    next.allocate(1, 40, 40, true);
    same(placed(arrays(segments)), placed(arrays(next)), `seed ${seed}, next segment`);
    moved++;
  }
  assert.ok(moved > 200, `${moved} VMs moved`);
});

Deno.test("linear hosts: a migration ended behind the allocation's back is found, not missed", () => {
  // a migration's end moved before the segment without a settle: the walk finds its VM on
  // its source's list though it is done, and everything (linear VMs too) is taken again
  let ended = 0;
  for (let seed = 0; seed < 300; seed++) {
    const { inputs } = linearScenario(seed, 0, [400]);
    if (inputs.moveVm.length === 0) continue;
    const segments = hostAllocation(inputs);
    segments.allocate(1, 0, 0, false);
    segments.allocate(1, 20, 20, true);
    inputs.vmEnd[inputs.moveVm[0]!] = 25;
    for (const end of [30, 40]) {
      segments.allocate(1, end, end, true);
      const fresh = hostAllocation(inputs);
      fresh.allocate(1, end, end, true);
      same(shown(segments), shown(fresh), `seed ${seed}, at ${end}`);
    }
    ended++;
  }
  assert.ok(ended > 100, `${ended} migrations ended behind its back`);
});

/** `scenario` with linear hosts on: engine arithmetic, and somewhere to book their requests. */
function linearScenario(
  seed: number,
  until: number,
  endsAt?: number[],
  offsetSeconds = 0,
  startsAt?: number[],
) {
  const flags = { cloudsimArithmetic: false, updateOffsetSeconds: offsetSeconds };
  const { inputs, ending, starting } = scenario(seed, until, flags, endsAt, startsAt);
  inputs.vmRequested = new Float64Array(inputs.V);
  return { inputs, ending, starting };
}

/** The arrays, with each VM's request and share only where the VM is not linear. */
function shown(a: ReturnType<typeof hostAllocation>) {
  const walked = (x: ArrayLike<number>) => Array.from(x, (y, v) => a.vmLinear[v] === 1 ? 0 : y);
  return [
    Array.from(a.hUtil),
    Array.from(a.hOn),
    Array.from(a.hViolating),
    walked(a.vmR),
    walked(a.vmAlloc),
    Array.from(a.vmMig),
    Array.from(a.vmLinear),
  ];
}

Deno.test("linear hosts: an interval's segments give a fresh allocation's arrays", () => {
  // as above with linear hosts: the chained segments (linear VMs found at the first end, and
  // each VM whose migration ends joining them at its settle) against fresh allocations
  const ends = [12.5, 40, 41, 187.5];
  let linear = 0, joined = 0;
  for (let seed = 0; seed < 600; seed++) {
    // every other seed with updates 150 s into the trace's intervals: the ends from 187.5 s
    // on fall in the next trace interval (its own linear VMs)
    const { inputs } = linearScenario(seed, 0, [...ends, 400], seed % 2 === 1 ? 150 : 0);
    const segments = hostAllocation(inputs);
    // twice over: the second interval starts from the first's lists and linear VMs
    for (const end of [0, ...ends, 0, ...ends]) {
      if (end === 0) {
        segments.allocate(1, 0, 0, false);
        assert.ok(segments.vmLinear.every((x) => x === 0), "no linear VM at an update");
        continue;
      }
      segments.allocate(1, end, end, true);
      const fresh = hostAllocation(inputs);
      fresh.allocate(1, end, end, true);
      same(shown(segments), shown(fresh), `seed ${seed}, at ${end}`);
      const before = segments.vmLinear.reduce((n, x) => n + x, 0);
      segments.settle(end);
      const after = hostAllocation(inputs);
      after.allocate(1, end, end, false);
      same(shown(segments), shown(after), `seed ${seed}, settled at ${end}`);
      const now = segments.vmLinear.reduce((n, x) => n + x, 0);
      linear += now;
      joined += now - before;
    }
  }
  // the linear path must be taken, and VMs must join it as their migrations end
  assert.ok(linear > 20000, `${linear} linear VMs over the segments`);
  assert.ok(joined > 200, `${joined} VMs linear from their migration's end`);
});

Deno.test("linear hosts: a linear host's utilisation is its VMs' summed shares", () => {
  // the linear form against the sum of the VMs' requests at that moment, within rounding
  let checked = 0;
  for (let seed = 0; seed < 200; seed++) {
    const { inputs } = linearScenario(seed, 0, [400]);
    const a = hostAllocation(inputs);
    a.allocate(1, 0, 0, false);
    for (const end of [30, 90, 250]) {
      a.allocate(1, end, end, true);
      const x = end / 300;
      const sum = new Float64Array(inputs.H);
      for (let v = 0; v < inputs.V; v++) {
        if (a.vmLinear[v] === 0) continue;
        const s = inputs.util[v * 3 + 1]!, c = inputs.util[v * 3 + 2]! - s;
        sum[inputs.vmHost[v]!]! += inputs.mips[v]! * (s + c * x);
      }
      // the hosts with VMs all linear and no incoming migration, not over-subscribed
      const walked = new Uint8Array(inputs.H);
      for (let v = 0; v < inputs.V; v++) {
        if (inputs.vmHost[v]! < 0 || a.vmLinear[v] === 1) continue;
        walked[a.vmMig[v] === 1 ? inputs.vmOrigin[v]! : inputs.vmHost[v]!] = 1;
      }
      inputs.moveVm.forEach((v, i) => {
        if (a.vmMig[v] === 1) walked[inputs.moveDst[i]!] = 1;
      });
      for (let h = 0; h < inputs.H; h++) {
        if (walked[h] === 1 || sum[h] === 0 || sum[h]! > inputs.cap[h]!) continue;
        const u = Math.min(1, sum[h]! / inputs.cap[h]!);
        assert.ok(Math.abs(a.hUtil[h]! - u) <= 1e-12 * u, `seed ${seed} host ${h}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 200, `${checked} linear hosts checked`);
});

Deno.test("linear hosts: an interval's SLA and energy totals are the walk over every VM's", () => {
  // the segments integrated with linear hosts (their requests booked per interval) and
  // without (every VM's booked at every segment): the same totals within rounding
  const migrationEnds = [12.5, 40, 41, 187.5, 300];
  // in half the seeds, transfers starting after admission waits: more segment boundaries
  const starts = [30, 41, 100, 250];
  const withStarts = [...new Set([...migrationEnds, ...starts])].sort((a, b) => a - b);
  let linearSeconds = 0, waited = 0;
  for (let seed = 0; seed < 400; seed++) {
    // updates 0 or 150 s into the trace's intervals (the trace interval changes at 187.5 s),
    // the trapezoid (each end read, then settled) or the held power (a pass at each end)
    const offset = seed % 2 === 1 ? 150 : 0;
    const integrator = seed % 4 < 2 ? ENERGY_INTEGRATORS.trapezoid : ENERGY_INTEGRATORS.hold;
    const waits = seed % 8 >= 4;
    const ends = waits ? withStarts : migrationEnds;
    const { inputs } = linearScenario(
      seed,
      0,
      [...migrationEnds.slice(0, 4), 400],
      offset,
      waits ? starts : undefined,
    );
    waited += inputs.moveVm.filter((v) => inputs.vmStart[v]! > 0).length;
    const { H, V, cap } = inputs;
    // power tables: 11 points from idle to peak
    const tables = Array.from(
      cap,
      (c) => Float64Array.from({ length: 11 }, (_, i) => c / 40 + i * 7),
    );
    const run = (linear: boolean) => {
      const { vmRequested: _, ...perVm } = inputs;
      const allocation = hostAllocation(linear ? inputs : perVm);
      const totals = noSlaTotals(inputs.vmHost, linear ? inputs.vmRequested! : undefined);
      totals.vmRequested.fill(0);
      allocation.allocate(1, 0, 0, false);
      const joules = integrateSegments(1, ends, 0, {
        allocation,
        tables,
        integrator,
        npa: false,
        totals,
        fromHost: new Int32Array(H),
        fromUtil: new Float64Array(H),
        endUtil: new Float64Array(H).fill(NaN),
        endWatts: new Float64Array(H),
        intervalSeconds: 300,
        switches: undefined,
        switchWs: 0,
      });
      return { joules, totals, linearVms: allocation.vmLinear.reduce((n, x) => n + x, 0) };
    };
    const walked = run(false), linear = run(true);
    const close = (a: number, b: number, what: string) =>
      assert.ok(Math.abs(a - b) <= 1e-12 * Math.abs(b), `seed ${seed}: ${what} ${a} against ${b}`);
    close(linear.joules, walked.joules, "joules");
    for (const key of ["activeSeconds", "violationSeconds"] as const) {
      assert.equal(linear.totals[key], walked.totals[key], `seed ${seed}: ${key}`);
    }
    close(linear.totals.requestedMipsSeconds, walked.totals.requestedMipsSeconds, "requested");
    close(linear.totals.degradedMipsSeconds, walked.totals.degradedMipsSeconds, "degraded");
    for (let v = 0; v < V; v++) {
      close(linear.totals.vmRequested[v]!, walked.totals.vmRequested[v]!, `VM ${v} requested`);
      close(linear.totals.vmDegraded[v]!, walked.totals.vmDegraded[v]!, `VM ${v} degraded`);
    }
    linearSeconds += linear.linearVms;
  }
  assert.ok(linearSeconds > 2000, `${linearSeconds} VMs linear at the interval's end`);
  assert.ok(waited > 300, `${waited} migrations waiting for admission`);
});

/**
 * One segment boundary as the segments take it: `end` read (inclusive) and settled, the
 * arrays held to a fresh allocation's at each step.
 */
function readAndSettle(
  segments: ReturnType<typeof hostAllocation>,
  inputs: HostAllocationInputs,
  end: number,
  arrays: (a: ReturnType<typeof hostAllocation>) => number[][],
  where: string,
) {
  segments.allocate(1, end, end, true);
  const fresh = hostAllocation(inputs);
  fresh.allocate(1, end, end, true);
  same(arrays(segments), arrays(fresh), `${where}, at ${end}`);
  segments.settle(end);
  const after = hostAllocation(inputs);
  after.allocate(1, end, end, false);
  same(arrays(segments), arrays(after), `${where}, settled at ${end}`);
}

function same(a: number[][], b: number[][], where: string) {
  for (let j = 0; j < a.length; j++) {
    for (let i = 0; i < a[j]!.length; i++) {
      assert.ok(Object.is(a[j]![i], b[j]![i]), `${where}, array ${j}, index ${i}`);
    }
  }
}

/**
 * Two VMs asking 0.1 and 0.2 MIPS (of 1 MIPS each) on hosts of 0.3 MIPS, a core each: 0.1 + 0.2
 * is 0.30000000000000004 in doubles. VM 0 is on host 0; VM 1 too, or, when `migrating`, on its
 * way there from host 1 (ending at 10 s).
 */
function tenthAndFifth(migrating: boolean, cloudsimArithmetic: boolean): HostAllocationInputs {
  const H = migrating ? 2 : 1;
  return {
    H,
    V: 2,
    K: 1,
    cap: new Float64Array(H).fill(0.3),
    pe: new Float64Array(H).fill(0.3),
    mips: Float64Array.of(1, 1),
    atUpdate: Float64Array.of(0.1, 0.2),
    util: Float64Array.of(0.1, 0.2),
    intervalSeconds: 300,
    updateOffsetSeconds: 0,
    vmHost: Int32Array.of(0, 0),
    vmOrigin: Int32Array.of(0, migrating ? 1 : 0),
    vmEnd: Float64Array.of(-1, migrating ? 10 : -1),
    vmStart: Float64Array.of(0, 0),
    vmShare: Float64Array.of(0, 0),
    vmKeep: Float64Array.of(1, 1),
    moveVm: migrating ? [1] : [],
    moveDst: migrating ? [0] : [],
    slatahCountsMigrationTargets: false,
    countMigrationEnergy: false,
    cloudsimArithmetic,
    migrationHostsOn: true,
  };
}

Deno.test("a host whose requests sum to its capacity only up to rounding is not over-subscribed (engine arithmetic)", () => {
  const engine = hostAllocation(tenthAndFifth(false, false));
  engine.allocate(0, 0, 0, true);
  assert.deepEqual(Array.from(engine.vmAlloc), [0.1, 0.2]);
  assert.equal(engine.hUtil[0], 1);
  assert.equal(engine.hViolating[0], 0);
  // CloudSim compares with no slack (its MIPS are whole numbers): the host is over-subscribed
  // and each share scaled down and floored
  const cloudsim = hostAllocation(tenthAndFifth(false, true));
  cloudsim.allocate(0, 0, 0, true);
  assert.deepEqual(Array.from(cloudsim.vmAlloc), [0, 0]);
});

Deno.test("a migration that ends filling its target up to rounding leaves it at utilisation 1, not above", () => {
  // VM 1 joins VM 0 on host 0: a utilisation of 1.0000000000000002 before the cap
  const allocation = hostAllocation(tenthAndFifth(true, false));
  allocation.allocate(0, 0, 10, true);
  assert.deepEqual(Array.from(allocation.vmMig), [0, 1]);
  assert.ok(Math.abs(allocation.hUtil[0]! - 1 / 3) < 1e-12);
  allocation.settle(10);
  assert.deepEqual(Array.from(allocation.vmMig), [0, 0]);
  assert.equal(allocation.hUtil[0], 1);
  assert.equal(allocation.hUtil[1], 0);
  assert.equal(allocation.hViolating[0], 0);
});

Deno.test("both hosts of a migration are on while it lasts, even with nothing allocated on them", async (t) => {
  // Host 0 (1000 MIPS) sends VM 0 (400 MIPS) to host 1 until 10 s; the target grants it
  // nothing (a share of 0: the engine's degradation under post-copy, or pre-copy without
  // dirty logging). With the VM at full demand the source is on by its allocation and the
  // target only by the migration; with the VM idle (demand 0) both are on by it alone.
  const inputs = (demand: number, migrationHostsOn: boolean): HostAllocationInputs => ({
    H: 3,
    V: 1,
    K: 1,
    cap: Float64Array.of(1000, 1000, 1000),
    pe: Float64Array.of(1000, 1000, 1000),
    mips: Float64Array.of(400),
    atUpdate: Float64Array.of(demand),
    util: Float64Array.of(demand),
    intervalSeconds: 300,
    updateOffsetSeconds: 0,
    vmHost: Int32Array.of(1),
    vmOrigin: Int32Array.of(0),
    vmEnd: Float64Array.of(10),
    vmStart: Float64Array.of(0),
    vmShare: Float64Array.of(0),
    vmKeep: Float64Array.of(1),
    moveVm: [0],
    moveDst: [1],
    slatahCountsMigrationTargets: true,
    countMigrationEnergy: true,
    cloudsimArithmetic: false,
    migrationHostsOn,
  });
  await t.step(
    "the target at utilisation 0 is on, violating (it grants none of the request it books)",
    () => {
      const a = hostAllocation(inputs(1, true));
      a.allocate(0, 0, 10, true);
      assert.deepEqual([...a.hUtil], [0.4, 0, 0]);
      assert.deepEqual([...a.hOn], [1, 1, 0]);
      assert.deepEqual([...a.hViolating], [0, 1, 0]);
      // the migration ends: the VM runs on host 1, host 0 is off
      a.settle(10);
      assert.deepEqual([...a.hUtil], [0, 0.4, 0]);
      assert.deepEqual([...a.hOn], [0, 1, 0]);
      assert.deepEqual([...a.hViolating], [0, 0, 0]);
    },
  );
  await t.step("an idle VM's move keeps both ends on, and off once it ends", () => {
    const a = hostAllocation(inputs(0, true));
    a.allocate(0, 0, 10, true);
    assert.deepEqual([...a.hUtil], [0, 0, 0]);
    assert.deepEqual([...a.hOn], [1, 1, 0]);
    a.settle(10);
    assert.deepEqual([...a.hOn], [0, 0, 0]);
  });
  await t.step("CloudSim's accounting (migrationHostsOn false) takes them as off", () => {
    const a = hostAllocation(inputs(1, false));
    a.allocate(0, 0, 10, true);
    assert.deepEqual([...a.hOn], [1, 0, 0]);
    assert.deepEqual([...a.hViolating], [0, 0, 0]);
    const idle = hostAllocation(inputs(0, false));
    idle.allocate(0, 0, 10, true);
    assert.deepEqual([...idle.hOn], [0, 0, 0]);
  });
  /**
   * The segment accounting of the three hosts above (170-250 W tables) just after the update
   * of a migration whose target is on (`on`) or not, with the given switches.
   */
  const accountingFor = (on: boolean, switches: SegmentAccounting["switches"]) => {
    const table = Float64Array.of(170, 200, 250);
    const a = hostAllocation(inputs(1, on));
    a.allocate(0, 0, 0, false);
    const totals = noSlaTotals(new Int32Array(1));
    return {
      allocation: a,
      tables: [table, table, table],
      integrator: ENERGY_INTEGRATORS.hold,
      npa: false,
      totals,
      endUtil: new Float64Array(3).fill(-1),
      endWatts: new Float64Array(3),
      fromHost: new Int32Array(3),
      fromUtil: new Float64Array(3),
      intervalSeconds: 300,
      switches,
      switchWs: 0,
    };
  };
  await t.step("the segments charge the on hosts their idle draw and count them active", () => {
    // 10 s of the migration, then 290 s with the VM on host 1: host 1 idle for 10 s
    // (170 W at 0 of the table below), then at 0.4
    for (const on of [true, false]) {
      const accounting = accountingFor(on, undefined);
      const { totals } = accounting;
      const ws = integrateSegments(0, [10, 300], 0, accounting);
      // source: 0.4 for 10 s (194 W: 0.8 of the way from 170 to 200 W), off after; target: 0
      // for 10 s (170 W, or off), 0.4 after
      const target = on ? 170 * 10 : 0;
      assert.equal(ws, 194 * 10 + target + 194 * 290, `migrationHostsOn ${on}`);
      assert.equal(totals.activeSeconds, 10 + (on ? 10 : 0) + 290);
      assert.equal(totals.violationSeconds, on ? 10 : 0);
    }
  });
  await t.step("switches draw while their hosts do, split where the migration ends", () => {
    // hosts 0, 1, 2 in racks 0, 1, 2, one aggregation switch per rack (150 W top-of-rack,
    // 300 W aggregation): for 10 s the source's and the target's racks (900 W with the target
    // on, else only the source's 450 W), then the target's alone (450 W) for 290 s
    for (const on of [true, false]) {
      const accounting = accountingFor(on, {
        layout: {
          rackOf: Int32Array.of(0, 1, 2),
          aggregationOf: Int32Array.of(0, 1, 2),
          rackOn: new Uint8Array(3),
          aggregationOn: new Uint8Array(3),
        },
        power: { topOfRackWatts: 150, aggregationWatts: 300, racksPerAggregation: 1 },
      });
      const ws = integrateSegments(0, [10, 300], 0, accounting);
      const switches = (on ? 900 : 450) * 10 + 450 * 290;
      assert.equal(accounting.switchWs, switches, `migrationHostsOn ${on}`);
      const hosts = 194 * 10 + (on ? 170 * 10 : 0) + 194 * 290;
      assert.equal(ws, hosts + switches);
    }
  });
});

Deno.test("settle without an allocation inclusive of its moment just before is refused", () => {
  const inputs = oneMove();
  const a = hostAllocation(inputs);
  // before any allocation, at another moment, after one not inclusive, and a second time
  assert.throws(
    () => a.settle(10),
    /settle the migrations ending at 10 .*: the call before was a settle, or an allocation not/,
  );
  a.allocate(0, 5, 5, true);
  assert.throws(
    () => a.settle(10),
    /allocate\(k, tau, 10, true\)\): the call before allocated at 5/,
  );
  a.allocate(0, 10, 10, false);
  assert.throws(() => a.settle(10), /the call before was a settle/);
  a.allocate(0, 10, 10, true);
  a.settle(10);
  assert.deepEqual([...a.hUtil], [0, 0.4]);
  assert.throws(() => a.settle(10), /the call before was a settle/);
});

Deno.test("allocations at moments in any order, settled or not, give a fresh allocation's arrays", () => {
  // the segments go forward in time; a caller may also go back, or skip a settle: the lists
  // and the moves in progress kept between walks must then be found again
  let calls = 0, settles = 0;
  for (let seed = 0; seed < 200; seed++) {
    const next = createPrng(seed, "allocation-order");
    const ends = [12.5, 40, 41, 187.5];
    const { inputs } = scenario(seed, 0, {}, [...ends, 400]);
    const a = hostAllocation(inputs);
    a.allocate(1, 0, 0, false);
    for (let step = 0; step < 8; step++) {
      const t = ends[Math.floor(next() * ends.length)]! + (next() < 0.3 ? 5 : 0);
      const inclusive = next() < 0.7;
      a.allocate(1, t, t, inclusive);
      const fresh = hostAllocation(inputs);
      fresh.allocate(1, t, t, inclusive);
      same(snapshot(a), snapshot(fresh), `seed ${seed}, step ${step} at ${t}`);
      calls++;
      if (inclusive && next() < 0.5) {
        a.settle(t);
        const after = hostAllocation(inputs);
        after.allocate(1, t, t, false);
        same(snapshot(a), snapshot(after), `seed ${seed}, step ${step}, settled at ${t}`);
        settles++;
      }
    }
  }
  assert.equal(calls, 1600);
  assert.ok(settles > 400, `${settles} settles`);
});

Deno.test("a VM moved away and back in one interval is migrating again when a walk goes back in time", () => {
  // VM 0 goes from host 0 to host 1 and back (two moves ending at 10 s): after the end it is
  // home, with no move in progress; read again at 5 s it migrates, both moves in progress
  const inputs: HostAllocationInputs = {
    ...oneMove(),
    H: 2,
    vmHost: Int32Array.of(0),
    vmOrigin: Int32Array.of(0),
    vmShare: Float64Array.of(0.25),
    vmKeep: Float64Array.of(0.75),
    moveVm: [0, 0],
    moveDst: [1, 0],
    cloudsimArithmetic: false,
  };
  const a = hostAllocation(inputs);
  a.allocate(0, 0, 0, false);
  a.allocate(0, 20, 20, true);
  assert.equal(a.vmMig[0], 0);
  a.allocate(0, 5, 5, true);
  const fresh = hostAllocation(inputs);
  fresh.allocate(0, 5, 5, true);
  assert.equal(a.vmMig[0], 1);
  same(snapshot(a), snapshot(fresh), "walked back to 5 s");
  // host 1 grants the share of the move reaching it: 400 MIPS x 0.25 of its 1000
  assert.equal(a.hUtil[1], 0.1);
  // forward again without a settle: the moves are over; and at 10 s, done (not inclusive)
  // then in progress (inclusive)
  for (const [t, inclusive] of [[20, true], [10, false], [10, true]] as const) {
    a.allocate(0, t, t, inclusive);
    const again = hostAllocation(inputs);
    again.allocate(0, t, t, inclusive);
    same(snapshot(a), snapshot(again), `at ${t} s, inclusive ${inclusive}`);
  }
  assert.equal(a.hUtil[1], 0.1);
});
