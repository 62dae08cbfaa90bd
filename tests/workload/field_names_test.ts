/**
 * A misspelt workload field is refused, naming it, instead of leaving the field at its default
 * (`readsPerSecnd` ran with no reads): every kind, the phases and their workloads, the page
 * placements and the zero pages; and the migration's VM, link, stop rules and preset objects.
 */
import {
  createWorkload,
  recordTrace,
  sequentialRegion,
  validatePagePlacement,
  validateWorkload,
  validateZeroPages,
} from "../../lib/workload/mod.ts";
import {
  createLink,
  migrate,
  QEMU_PRESET,
  validateLink,
  validatePreset,
  validateStopRules,
  validateVm,
} from "../../lib/migration/mod.ts";
import { createPrng } from "../../lib/random/mod.ts";
import { refuses } from "../_refuses.ts";

Deno.test("workload specs refuse a field their kind does not have, naming it", async (t) => {
  const cases: [string, unknown, string][] = [
    ["idle", { kind: "idle", zeroPage: 0.5 }, '"zeroPage" must be a known key of workload'],
    [
      "uniform",
      { kind: "uniform", writesPerSecond: 10, readsPerSecnd: 5 },
      '"readsPerSecnd" must be a known key of workload',
    ],
    [
      "hot-cold",
      { kind: "hot-cold", writesPerSecond: 10, hotFraction: 0.1, hotShare: 0.9, placment: {} },
      '"placment" must be a known key of workload',
    ],
    [
      "zipf",
      { kind: "zipf", writesPerSecond: 10, exponent: 1, exponnet: 2 },
      '"exponnet" must be a known key of workload',
    ],
    [
      "sequential",
      { kind: "sequential", writesPerSecond: 10, stridePage: 2 },
      '"stridePage" must be a known key of workload',
    ],
    [
      "trace",
      { kind: "trace", durationSeconds: 1, accesses: [], duration: 2 },
      '"duration" must be a known key of workload',
    ],
    [
      "a phase",
      {
        kind: "phased",
        phases: [{ durationSeconds: 1, durationSecond: 2, workload: { kind: "idle" } }],
      },
      '"durationSecond" must be a known key of workload.phases[0]',
    ],
    [
      "a phase's workload",
      {
        kind: "phased",
        phases: [{
          durationSeconds: 1,
          workload: { kind: "uniform", writesPerSecond: 1, writes: 2 },
        }],
      },
      '"writes" must be a known key of workload.phases[0].workload',
    ],
    [
      "zero pages",
      { kind: "idle", zeroPages: { initialShare: 0.5, zeroingWriteShar: 0.1 } },
      '"zeroingWriteShar" must be a known key of workload.zeroPages',
    ],
    [
      "zero pages placed at the top",
      { kind: "idle", zeroPages: { initialShare: 0.5, placement: { kind: "top", offset: 1 } } },
      '"offset" must be a known key of workload.zeroPages.placement',
    ],
    [
      "an offset placement",
      {
        kind: "zipf",
        writesPerSecond: 10,
        exponent: 1,
        placement: { kind: "offset", offsetFractio: 0.5 },
      },
      '"offsetFractio" must be a known key of workload.placement',
    ],
  ];
  for (const [label, spec, part] of cases) {
    await t.step(label, () => refuses(label, () => validateWorkload(spec as never, 100), part));
  }
  await t.step("through createWorkload and sequentialRegion", () => {
    refuses(
      "createWorkload",
      () =>
        createWorkload(
          { kind: "uniform", writesPerSecond: 1, reads: 1 } as never,
          10,
          createPrng(1),
        ),
      '"reads" must be a known key of workload',
    );
    refuses(
      "sequentialRegion",
      () => sequentialRegion({ kind: "sequential", writesPerSecond: 1, stride: 2 } as never, 10),
      '"stride" must be a known key of spec',
    );
    refuses(
      "validatePagePlacement",
      () => validatePagePlacement({ kind: "start", seed: 1 } as never, "p"),
      '"seed" must be a known key of p',
    );
    refuses(
      "validateZeroPages",
      () => validateZeroPages({ initialShare: 0.1, share: 1 } as never, "z"),
      '"share" must be a known key of z',
    );
  });
  await t.step("every field of every kind as documented still passes", () => {
    const ok = [
      {
        kind: "idle",
        zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.1, placement: { kind: "top" } },
      },
      { kind: "uniform", writesPerSecond: 10, readsPerSecond: 5, changedBytesPerWrite: 8 },
      {
        kind: "hot-cold",
        writesPerSecond: 10,
        hotFraction: 0.1,
        hotShare: 0.9,
        placement: { kind: "scattered", seed: 3 },
      },
      {
        kind: "zipf",
        writesPerSecond: 10,
        exponent: 1,
        placement: { kind: "offset", offsetFraction: 0.5 },
      },
      {
        kind: "sequential",
        writesPerSecond: 10,
        regionStartFraction: 0.1,
        regionFraction: 0.5,
        stridePages: 2,
        startVisit: 1,
      },
      { kind: "phased", phases: [{ durationSeconds: 1, workload: { kind: "idle" } }] },
      { kind: "trace", durationSeconds: 1, accesses: [{ timeSeconds: 0, page: 1, write: true }] },
    ];
    for (const spec of ok) validateWorkload(spec as never, 100);
  });
});

Deno.test("the migration's VM, link, stop rules and preset refuse a misspelt field", async (t) => {
  const vm = {
    pageCount: 64,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "idle" as const },
  };
  const link = { bandwidthBytesPerSecond: 1e7 };
  await t.step("vm", () => {
    refuses(
      "vm",
      () => validateVm({ ...vm, stateByte: 1 } as never),
      '"stateByte" must be a known key of vm',
    );
  });
  await t.step("link", () => {
    refuses(
      "link",
      () => validateLink({ ...link, latencySecond: 1e-3 } as never),
      '"latencySecond" must be a known key of link',
    );
  });
  await t.step("stop rules: an extra field, and a misspelt one", () => {
    refuses(
      "extra",
      () => validateStopRules([{ kind: "max-rounds", rounds: 3, round: 1 }] as never),
      '"round" must be a known key of stopRules[0]',
    );
    refuses(
      "misspelt",
      () =>
        validateStopRules(
          [{ kind: "dirty-rate-exceeds-link" }, { kind: "max-downtime", second: 1 }] as never,
        ),
      '"second" must be a known key of stopRules[1]',
    );
  });
  await t.step("a preset object of one's own", () => {
    refuses(
      "preset",
      () => validatePreset({ ...QEMU_PRESET, setupSecond: 1 } as never),
      '"setupSecond" must be a known key of options.preset',
    );
  });
  await t.step("through migrate", () => {
    refuses(
      "migrate",
      () =>
        migrate(vm, link, {
          technique: "pre-copy",
          seed: 1,
          stopRules: [{ kind: "max-bytes", memoryFactor: 2, memory: 3 }] as never,
        }),
      '"memory" must be a known key of stopRules[0]',
    );
  });
});

Deno.test("recordTrace and createLink refuse a misspelt option, naming it", async (t) => {
  await t.step("recordTrace", () => {
    refuses(
      "recordTrace",
      () => recordTrace({ kind: "idle" }, 10, 1, createPrng(1), { maxAccess: 5 } as never),
      '"maxAccess" must be a known key of options',
    );
  });
  await t.step("createLink: a misspelt setting, and an unknown latency convention", () => {
    refuses(
      "createLink",
      () =>
        createLink({ bandwidthBytesPerSecond: 1e6 }, 4096, { capSemantic: "live-only" } as never),
      '"capSemantic" must be a known key of settings',
    );
    refuses(
      "createLink convention",
      () =>
        createLink(
          { bandwidthBytesPerSecond: 1e6 },
          4096,
          { latencyConvention: "per-mesage" } as never,
        ),
      "settings.latencyConvention must be one of",
    );
  });
});
