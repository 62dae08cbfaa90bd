import assert from "node:assert/strict";
import { closedFormPostCopy } from "../../lib/migration/closed_form_post_copy.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** A VM of 4 KiB pages with no state. */
function vmOf(pageCount: number, workload: WorkloadSpec): VmSpec {
  return { pageCount, pageSizeBytes: 4096, stateBytes: 0, workload };
}

/** A link with QEMU's 8-byte page header. */
function linkOf(bandwidthBytesPerSecond: number, latencySeconds: number): LinkSpec {
  return { bandwidthBytesPerSecond, latencySeconds, pageOverheadBytes: 8 };
}

/** Mean faults and stall of the page-level simulator over SEEDS. */
function simulatedMeans(
  vm: VmSpec,
  link: LinkSpec,
  fetch: "active-push" | "prepaging",
): { faults: number; stall: number } {
  let faults = 0;
  let stall = 0;
  for (const seed of SEEDS) {
    const r = simulatePostCopy(vm, link, { seed, fetch });
    faults += r.remoteFaults / SEEDS.length;
    stall += r.stallSeconds / SEEDS.length;
  }
  return { faults, stall };
}

/** Relative difference of a model value from a measured one. */
function relative(model: number, measured: number): number {
  return Math.abs(model / measured - 1);
}

const RATES = { writesPerSecond: 20_000, readsPerSecond: 20_000 };
const HOT_COLD: WorkloadSpec = { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, ...RATES };

Deno.test("closedFormPostCopy() expected faults and stall match simulatePostCopy() means over 8 seeds within 3% (renewal model f = a q / (1 + a q s(q)))", async (t) => {
  const cases: [string, VmSpec, LinkSpec][] = [
    ["uniform, 1 Gbit/s, 100 us", vmOf(8192, { kind: "uniform", ...RATES }), linkOf(125e6, 1e-4)],
    [
      "uniform, 400 Mbit/s, no latency, 100,000 accesses/s",
      vmOf(16384, { kind: "uniform", writesPerSecond: 50_000, readsPerSecond: 50_000 }),
      linkOf(5e7, 0),
    ],
    [
      "uniform, 100 Mbit/s, 2 ms",
      vmOf(4096, { kind: "uniform", writesPerSecond: 1000, readsPerSecond: 3000 }),
      linkOf(1.25e7, 2e-3),
    ],
    ["hot-cold 5%/90%, 1 Gbit/s, 100 us", vmOf(8192, HOT_COLD), linkOf(125e6, 1e-4)],
    // 2L = 1.6 ms, half of tPage = 3.28 ms: where in its page the link is when a request
    // arrives (2L mod tPage) moves the stall by about a third; at the cases above, 2L spans
    // many page times and the phase moves it by about 1 %.
    [
      "uniform, 10 Mbit/s, 0.8 ms",
      vmOf(4096, { kind: "uniform", writesPerSecond: 500, readsPerSecond: 500 }),
      linkOf(1.25e6, 8e-4),
    ],
    [
      "hot-cold 5%/90%, 10 Mbit/s, 0.8 ms",
      vmOf(4096, { ...HOT_COLD, writesPerSecond: 500, readsPerSecond: 500 }),
      linkOf(1.25e6, 8e-4),
    ],

    ["hot-cold 5%/90%, 65,536 pages", vmOf(65536, HOT_COLD), linkOf(125e6, 1e-4)],
    [
      "hot-cold 60%/50%, 400 Mbit/s, 1 ms",
      vmOf(8192, {
        kind: "hot-cold",
        hotFraction: 0.6,
        hotShare: 0.5,
        writesPerSecond: 2000,
        readsPerSecond: 50_000,
      }),
      linkOf(5e7, 1e-3),
    ],
    [
      "zipf s = 1, 1 Gbit/s, 100 us",
      vmOf(8192, { kind: "zipf", exponent: 1, ...RATES }),
      linkOf(125e6, 1e-4),
    ],
    // Zero pages, a header each: the push crosses them faster, and a fault on one is
    // answered faster.
    [
      "uniform, half the pages zero at the top",
      vmOf(8192, { kind: "uniform", ...RATES, zeroPages: { initialShare: 0.5 } }),
      linkOf(125e6, 1e-4),
    ],
    [
      "uniform, 70 % of the pages zero, scattered",
      vmOf(8192, {
        kind: "uniform",
        ...RATES,
        zeroPages: { initialShare: 0.7, placement: { kind: "scattered", seed: 3 } },
      }),
      linkOf(125e6, 1e-4),
    ],
    [
      "hot-cold 5%/90%, half the pages zero at the top",
      vmOf(8192, { ...HOT_COLD, zeroPages: { initialShare: 0.5 } }),
      linkOf(125e6, 1e-4),
    ],
    [
      "hot-cold 5%/90%, 30 % zero pages scattered",
      vmOf(8192, {
        ...HOT_COLD,
        zeroPages: { initialShare: 0.3, placement: { kind: "scattered", seed: 3 } },
      }),
      linkOf(125e6, 1e-4),
    ],
  ];
  for (const [name, vm, link] of cases) {
    await t.step(name, () => {
      const cf = closedFormPostCopy(vm, link);
      const sim = simulatedMeans(vm, link, "active-push");
      assert.ok(sim.faults > 100, `enough faults to compare: ${sim.faults}`);
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

Deno.test("closedFormPostCopy() reduces to (T/s)(1 - ln(1 + a s)/(a s)), s = 2L + 1.5 tPage, for uniform pages when a tPage << 1 (within 0.5%)", () => {
  const pageCount = 262_144;
  const link = linkOf(125e6, 5e-4);
  const tPage = 4104 / 125e6;
  const s = 2 * 5e-4 + 1.5 * tPage;
  for (const a of [200, 2000, 20_000]) {
    const r = closedFormPostCopy(vmOf(pageCount, { kind: "uniform", writesPerSecond: a }), link);
    const T = pageCount * tPage;
    const faults = (T / s) * (1 - Math.log1p(a * s) / (a * s));
    assert.ok(relative(r.remoteFaults, faults) < 0.005, `a = ${a}: ${r.remoteFaults} vs ${faults}`);
    assert.ok(relative(r.stallSeconds, faults * s) < 0.005, `a = ${a}: stall`);
  }
});

Deno.test("closedFormPostCopy() with prepaging gives the active-push estimate: exact in model for uniform pages, low for Zipf", async (t) => {
  await t.step("uniform pages: within 3% of the prepaging simulator", () => {
    const vm = vmOf(8192, { kind: "uniform", ...RATES });
    const link = linkOf(125e6, 1e-4);
    const cf = closedFormPostCopy(vm, link, { fetch: "prepaging" });
    assert.deepEqual(
      [cf.remoteFaults, cf.stallSeconds],
      [closedFormPostCopy(vm, link).remoteFaults, closedFormPostCopy(vm, link).stallSeconds],
    );
    const sim = simulatedMeans(vm, link, "prepaging");
    assert.ok(relative(cf.remoteFaults, sim.faults) < 0.03);
    assert.ok(relative(cf.stallSeconds, sim.stall) < 0.03);
  });
  await t.step("Zipf pages: the prepaging simulator faults 5% to 25% more", () => {
    const vm = vmOf(8192, { kind: "zipf", exponent: 1, ...RATES });
    const link = linkOf(125e6, 1e-4);
    const cf = closedFormPostCopy(vm, link, { fetch: "prepaging" });
    const sim = simulatedMeans(vm, link, "prepaging");
    const excess = sim.faults / cf.remoteFaults - 1;
    assert.ok(excess > 0.05 && excess < 0.25, `excess ${excess}`);
  });
});

Deno.test("closedFormPostCopy() expected faults handle every workload kind", async (t) => {
  const link = linkOf(125e6, 1e-4);
  await t.step("a sequential walk that starts mid-pass is refused, naming the field", () => {
    assert.throws(
      () =>
        closedFormPostCopy(
          vmOf(1024, { kind: "sequential", writesPerSecond: 10, startVisit: 5 }),
          link,
        ),
      {
        name: "TypeError",
        message:
          "Cannot compute the expected post-copy faults as vm.workload.startVisit must be 0 (a walk that starts mid-pass is not modelled): current value is 5",
      },
    );
  });
  await t.step("idle: exactly 0", () => {
    const r = closedFormPostCopy(vmOf(1024, { kind: "idle" }), link);
    assert.equal(r.remoteFaults, 0);
    assert.equal(r.stallSeconds, 0);
  });
  await t.step("one page: every access before it lands faults, f(1) (L + tPage)", () => {
    const r = closedFormPostCopy(vmOf(1, { kind: "uniform", writesPerSecond: 10 }), link);
    assert.ok(r.remoteFaults > 0 && r.remoteFaults < 10 * (1e-4 + 4104 / 125e6));
  });
  await t.step("phased: a uniform phase and an idle phase equal uniform at the mean rate", () => {
    const phased = closedFormPostCopy(
      vmOf(8192, {
        kind: "phased",
        phases: [
          { durationSeconds: 0.01, workload: { kind: "uniform", writesPerSecond: 30_000 } },
          { durationSeconds: 0.02, workload: { kind: "idle" } },
        ],
      }),
      link,
    );
    const uniform = closedFormPostCopy(
      vmOf(8192, { kind: "uniform", writesPerSecond: 10_000 }),
      link,
    );
    assert.ok(relative(phased.remoteFaults, uniform.remoteFaults) < 1e-12);
    assert.ok(relative(phased.stallSeconds, uniform.stallSeconds) < 1e-12);
  });
  await t.step(
    "trace: one access per page per 10 ms equals uniform at 100 accesses/s per page",
    () => {
      const pageCount = 512;
      const accesses = Array.from({ length: pageCount }, (_, k) => ({
        timeSeconds: (k * 0.01) / pageCount,
        page: k,
        write: k % 2 === 0,
      }));
      const trace = closedFormPostCopy(
        vmOf(pageCount, { kind: "trace", durationSeconds: 0.01, accesses }),
        link,
      );
      const uniform = closedFormPostCopy(
        vmOf(pageCount, { kind: "uniform", writesPerSecond: 100 * pageCount }),
        link,
      );
      assert.ok(relative(trace.remoteFaults, uniform.remoteFaults) < 1e-9);
    },
  );
  await t.step("hot-cold by runs (Euler-Maclaurin) equals the page-by-page sum within 1e-6", () => {
    // A phased mix with a vanishing Zipf phase forces the page-by-page path.
    const pageCount = 200_000;
    const runs = closedFormPostCopy(vmOf(pageCount, HOT_COLD), link);
    const pages = closedFormPostCopy(
      vmOf(pageCount, {
        kind: "phased",
        phases: [
          { durationSeconds: 1, workload: HOT_COLD },
          { durationSeconds: 1e-12, workload: { kind: "zipf", exponent: 1, writesPerSecond: 1 } },
        ],
      }),
      link,
    );
    assert.ok(relative(runs.remoteFaults, pages.remoteFaults) < 1e-6);
    assert.ok(relative(runs.stallSeconds, pages.stallSeconds) < 1e-6);
  });
  await t.step("more latency lengthens the stalls, which never exceed the pull", () => {
    const vm = vmOf(8192, HOT_COLD);
    const near = closedFormPostCopy(vm, linkOf(125e6, 1e-5));
    const far = closedFormPostCopy(vm, linkOf(125e6, 1e-3));
    assert.ok(far.stallSeconds > near.stallSeconds);
    for (const r of [near, far]) {
      assert.ok(r.stallSeconds < r.totalSeconds - r.downtimeSeconds);
    }
    // Each fault stalls at least 2L + tPage.
    assert.ok(far.stallSeconds >= far.remoteFaults * (2e-3 + 4104 / 125e6));
  });
});

// Its speed (O(1) in the page count) is a target of bench/closed_form_bench.ts, not a test.
Deno.test("closedFormPostCopy() gives finite faults for uniform and hot-cold at 2^30 pages", () => {
  const link = linkOf(125e6, 1e-4);
  for (const workload of [{ kind: "uniform", ...RATES } as const, HOT_COLD]) {
    const r = closedFormPostCopy(vmOf(2 ** 30, workload), link);
    assert.ok(Number.isFinite(r.remoteFaults) && r.remoteFaults > 0);
  }
});

Deno.test("closedFormPostCopy() with zero pages of no wire time (no header) ends, with finite faults", () => {
  // Every zero page costs 0 s on the link: the push crosses them at once, and a
  // fault on one stalls the round trip only.
  for (
    const workload of [
      { kind: "uniform", ...RATES, zeroPages: { initialShare: 1 } },
      { ...HOT_COLD, zeroPages: { initialShare: 0.5, placement: { kind: "start" } } },
      { kind: "sequential", writesPerSecond: 20_000, zeroPages: { initialShare: 1 } },
    ] as WorkloadSpec[]
  ) {
    const r = closedFormPostCopy(vmOf(4096, workload), {
      bandwidthBytesPerSecond: 1e8,
      latencySeconds: 1e-4,
    });
    assert.ok(Number.isFinite(r.remoteFaults) && r.remoteFaults >= 0, workload.kind);
    assert.ok(Number.isFinite(r.stallSeconds) && r.stallSeconds >= 0, workload.kind);
  }
});

Deno.test("closedFormPostCopy() refuses seconds that overflow by name instead of never returning", () => {
  const vm = vmOf(1000, { kind: "uniform", writesPerSecond: 2000 });
  // A page of Infinity seconds, a latency whose double is Infinity, a total of Infinity:
  // each left the fault integration without an end.
  for (
    const link of [
      { bandwidthBytesPerSecond: 1e-310 },
      { bandwidthBytesPerSecond: 1e6, latencySeconds: 1e308 },
      { bandwidthBytesPerSecond: 4.1e-305 },
    ]
  ) {
    assert.throws(() => closedFormPostCopy(vm, link), {
      name: "RangeError",
      message:
        /^Cannot compute the post-copy closed form as the (total seconds|stall bound 2 \(latency \+ tPage\)) must be a finite number \(overflow from vm\.pageCount, .*link\.latencySeconds\): current value is Infinity$/,
    });
  }
});
