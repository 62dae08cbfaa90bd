import assert from "node:assert/strict";
import { closedFormPostCopy } from "../../lib/migration/closed_form_post_copy.ts";
import { closedFormPreCopy } from "../../lib/migration/closed_form_pre_copy.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";
import type { HotColdWorkload } from "../../lib/workload/models/hot_cold.ts";
import type { PagePlacement } from "../../lib/workload/placement.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const RATES = { writesPerSecond: 20_000, readsPerSecond: 20_000 };
const LINK: LinkSpec = {
  bandwidthBytesPerSecond: 125e6,
  latencySeconds: 1e-4,
  pageOverheadBytes: 8,
};

function vmOf(pageCount: number, workload: WorkloadSpec): VmSpec {
  return { pageCount, pageSizeBytes: 4096, stateBytes: 0, workload };
}

function relative(model: number, measured: number): number {
  return Math.abs(model / measured - 1);
}

/** Mean faults and stall of the page-level simulator over SEEDS. */
function simulated(vm: VmSpec, fetch: "active-push" | "prepaging" = "active-push") {
  let faults = 0;
  let stall = 0;
  for (const seed of SEEDS) {
    const r = simulatePostCopy(vm, LINK, { seed, fetch });
    faults += r.remoteFaults / SEEDS.length;
    stall += r.stallSeconds / SEEDS.length;
  }
  return { faults, stall };
}

/** The hot-cold workload of the post-copy tests, its hot set where `placement` says. */
function hotCold(placement?: PagePlacement): WorkloadSpec {
  const spec: HotColdWorkload = { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, ...RATES };
  if (placement !== undefined) spec.placement = placement;
  return spec;
}

Deno.test("closedFormPostCopy() with first-touch faults matches simulatePostCopy() means over 8 seeds within 3% wherever the hot set lies", async (t) => {
  const cases: [string, WorkloadSpec][] = [
    ["hot-cold at the start", hotCold()],
    ["hot-cold at offset 0.5", hotCold({ kind: "offset", offsetFraction: 0.5 })],
    ["hot-cold at offset 0.97 (wraps)", hotCold({ kind: "offset", offsetFraction: 0.97 })],
    ["hot-cold scattered", hotCold({ kind: "scattered", seed: 7 })],
    ["zipf at offset 0.5", {
      kind: "zipf",
      exponent: 1,
      ...RATES,
      placement: { kind: "offset", offsetFraction: 0.5 },
    }],
    ["zipf scattered", {
      kind: "zipf",
      exponent: 1,
      ...RATES,
      placement: { kind: "scattered", seed: 3 },
    }],
  ];
  for (const [name, workload] of cases) {
    await t.step(name, () => {
      const vm = vmOf(8192, workload);
      const cf = closedFormPostCopy(vm, LINK);
      const sim = simulated(vm);
      assert.ok(sim.faults > 100, `enough faults: ${sim.faults}`);
      assert.ok(
        relative(cf.remoteFaults, sim.faults) < 0.03,
        `faults: model ${cf.remoteFaults}, simulator ${sim.faults}`,
      );
      assert.ok(
        relative(cf.stallSeconds, sim.stall) < 0.03,
        `stall: model ${cf.stallSeconds}, simulator ${sim.stall}`,
      );
    });
  }
});

Deno.test("simulatePostCopy(): active push no longer sends the hot set first when it lies elsewhere, and prepaging then beats it", () => {
  const start = simulated(vmOf(8192, hotCold()));
  const late = simulated(vmOf(8192, hotCold({ kind: "offset", offsetFraction: 0.5 })));
  const latePrepaging = simulated(
    vmOf(8192, hotCold({ kind: "offset", offsetFraction: 0.5 })),
    "prepaging",
  );
  assert.ok(late.faults > 1.3 * start.faults, `offset ${late.faults} vs start ${start.faults}`);
  assert.ok(
    latePrepaging.faults < 0.8 * late.faults,
    `prepaging ${latePrepaging.faults} vs active push ${late.faults}`,
  );
  // The closed form sees the same ordering for active push.
  const cfStart = closedFormPostCopy(vmOf(8192, hotCold()), LINK).remoteFaults;
  const cfLate =
    closedFormPostCopy(vmOf(8192, hotCold({ kind: "offset", offsetFraction: 0.5 })), LINK)
      .remoteFaults;
  assert.ok(cfLate > 1.3 * cfStart);
});

Deno.test("closedFormPostCopy() for the sequential writer (walker against push front) matches simulatePostCopy(): faults within 3.5%, stall within 3%", async (t) => {
  const cases: [string, WorkloadSpec][] = [
    ["ahead until the front catches it", {
      kind: "sequential",
      writesPerSecond: 20_000,
      regionFraction: 0.3,
      regionStartFraction: 0.5,
    }],
    ["faster than the push: paced by it", {
      kind: "sequential",
      writesPerSecond: 100_000,
      regionFraction: 0.5,
      regionStartFraction: 0.3,
    }],
    ["stride 4, caught in its trail", {
      kind: "sequential",
      writesPerSecond: 5000,
      regionFraction: 0.5,
      regionStartFraction: 0.3,
      stridePages: 4,
    }],
    ["stride 4, paced", {
      kind: "sequential",
      writesPerSecond: 20_000,
      regionFraction: 0.5,
      regionStartFraction: 0.3,
      stridePages: 4,
    }],
    ["stride 16, 90% of memory", {
      kind: "sequential",
      writesPerSecond: 3000,
      regionFraction: 0.9,
      regionStartFraction: 0.1,
      stridePages: 16,
    }],
  ];
  for (const [name, workload] of cases) {
    await t.step(name, () => {
      const vm = vmOf(16384, workload);
      const cf = closedFormPostCopy(vm, LINK);
      const sim = simulatePostCopy(vm, LINK, { seed: 1 }); // no random draw
      assert.ok(sim.remoteFaults > 100);
      assert.ok(
        relative(cf.remoteFaults, sim.remoteFaults) < 0.035,
        `faults: model ${cf.remoteFaults}, simulator ${sim.remoteFaults}`,
      );
      assert.ok(
        relative(cf.stallSeconds, sim.stallSeconds) < 0.03,
        `stall: model ${cf.stallSeconds}, simulator ${sim.stallSeconds}`,
      );
    });
  }
  await t.step("a walker behind the push from the start faults about once", () => {
    const vm = vmOf(16384, { kind: "sequential", writesPerSecond: 20_000, regionFraction: 0.5 });
    assert.ok(closedFormPostCopy(vm, LINK).remoteFaults < 1);
    assert.ok(simulatePostCopy(vm, LINK, { seed: 1 }).remoteFaults <= 1);
  });
});

Deno.test("closedFormPreCopy() for the sequential writer (min(w, m) distinct pages) matches simulatePreCopy() round by round", async (t) => {
  const link: LinkSpec = { bandwidthBytesPerSecond: 40e6 };
  const cases: WorkloadSpec[] = [
    { kind: "sequential", writesPerSecond: 3000, regionFraction: 0.1 },
    { kind: "sequential", writesPerSecond: 8000, regionFraction: 0.3, regionStartFraction: 0.5 },
    { kind: "sequential", writesPerSecond: 12_000, regionFraction: 0.5, stridePages: 3 },
    { kind: "sequential", writesPerSecond: 50_000, regionFraction: 0.05 },
  ];
  for (const workload of cases) {
    await t.step(JSON.stringify(workload), () => {
      const vm = { pageCount: 20_000, pageSizeBytes: 4096, stateBytes: 100_000, workload };
      const sim = simulatePreCopy(vm, link, { seed: 1 });
      const cf = closedFormPreCopy(vm, link);
      assert.equal(cf.rounds, sim.rounds);
      cf.roundRows.forEach((row, i) => {
        assert.ok(Math.abs(row.pagesSent - sim.roundRows[i]!.pagesSent) <= 1, `round ${i + 1}`);
      });
      assert.ok(relative(cf.totalSeconds, sim.totalSeconds) < 1e-3);
      assert.ok(relative(cf.downtimeSeconds, sim.downtimeSeconds) < 1e-2);
      assert.ok(relative(cf.bytesSent, sim.bytesSent) < 1e-3);
    });
  }
});

Deno.test("closedFormPreCopy() for the sequential writer dirties min(w, m) pages, w fractional, by hand", () => {
  // 20,000 pages, region 10 % (m = 2000), 3000 writes/s, 40 MB/s, no state: round 1 sends
  // 20,000 pages in 2.048 s (6144 writes: all 2000 pages), round 2 sends 2000 in 0.2048 s
  // (614.4 writes: 614.4 pages, in expectation over where the window starts), round 3 sends
  // 614.4 in 0.06291456 s (188.74368 writes and pages).
  const vm = {
    pageCount: 20_000,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "sequential", writesPerSecond: 3000, regionFraction: 0.1 } as WorkloadSpec,
  };
  const cf = closedFormPreCopy(vm, { bandwidthBytesPerSecond: 40e6 }, {
    stopRules: [{ kind: "max-rounds", rounds: 3 }],
  });
  const dirtied = cf.roundRows.filter((row) => row.phase === "push").map((row) => row.pagesDirtied);
  const expected = [2000, 614.4, 614.4 * 4096 / 40e6 * 3000];
  assert.equal(dirtied.length, 3);
  dirtied.forEach((d, i) => assert.ok(Math.abs(d - expected[i]!) < 1e-9, `round ${i + 1}: ${d}`));
});

Deno.test("closedFormPreCopy() does not depend on where the hot set lies, and still matches the simulator within 1%", () => {
  const link: LinkSpec = { bandwidthBytesPerSecond: 40e6 };
  const base = { pageCount: 20_000, pageSizeBytes: 4096, stateBytes: 100_000 };
  const hc = { kind: "hot-cold", writesPerSecond: 5000, hotFraction: 0.05, hotShare: 0.9 } as const;
  const start = closedFormPreCopy({ ...base, workload: hc }, link);
  for (
    const placement of [{ kind: "offset", offsetFraction: 0.4 }, {
      kind: "scattered",
      seed: 9,
    }] as const
  ) {
    const vm = { ...base, workload: { ...hc, placement } };
    const cf = closedFormPreCopy(vm, link);
    assert.equal(cf.totalSeconds, start.totalSeconds);
    let total = 0;
    for (const seed of SEEDS) {
      total += simulatePreCopy(vm, link, { seed }).totalSeconds / SEEDS.length;
    }
    assert.ok(
      relative(cf.totalSeconds, total) < 0.01,
      `${placement.kind}: ${cf.totalSeconds} vs ${total}`,
    );
  }
});
