/**
 * Every technique with a per-page sampler against every exclusion of the per-page
 * sampler: `auto` falls back to the per-write engine, and an explicit `"per-page"` is
 * an error naming `options.sampler` and the reason; zero pages and checked mode are
 * not exclusions (their page-level state runs unchanged on per-page draws).
 */
import assert from "node:assert/strict";
import { simulateHybrid } from "../../lib/migration/hybrid.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";
import type { SamplerOption } from "../../lib/migration/sampler.ts";
import { simulateTimeSeriesPreCopy } from "../../lib/migration/time_series_pre_copy.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const hot: WorkloadSpec = {
  kind: "hot-cold",
  hotFraction: 0.05,
  hotShare: 0.9,
  writesPerSecond: 400,
  readsPerSecond: 100,
};
const vm = (workload: WorkloadSpec = hot): VmSpec => ({
  pageCount: 1024,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload,
});
const link = { bandwidthBytesPerSecond: 1e6 };

type Technique = "pre-copy" | "time-series-pre-copy" | "post-copy" | "hybrid";
const TECHNIQUES: readonly Technique[] = [
  "pre-copy",
  "time-series-pre-copy",
  "post-copy",
  "hybrid",
];

/** Options every technique takes (caps are mapped per technique below). */
interface Case {
  workload?: WorkloadSpec;
  checked?: boolean;
  mechanisms?: { autoConverge: boolean };
  /** A cap that can bind: pre-copy's write cap, or the pull's access cap. */
  cap?: boolean;
}

function run(technique: Technique, c: Case, sampler: SamplerOption): MigrationResult {
  const v = vm(c.workload);
  const base = {
    seed: 1,
    sampler,
    checked: c.checked ?? false,
    ...(c.mechanisms && { mechanisms: c.mechanisms }),
  };
  const writeCap = c.cap ? { maxWrites: 1000 } : {};
  const accessCap = c.cap ? { maxEvents: 100 } : {};
  switch (technique) {
    case "pre-copy":
      return simulatePreCopy(v, link, { ...base, ...writeCap });
    case "time-series-pre-copy":
      return simulateTimeSeriesPreCopy(v, link, { ...base, ...writeCap });
    case "post-copy":
      return simulatePostCopy(v, link, { ...base, ...accessCap });
    case "hybrid":
      return simulateHybrid(v, link, { ...base, ...accessCap, preCopyRounds: 2 });
  }
}

const EXCLUSIONS: { name: string; c: Case; reason: (t: Technique) => RegExp }[] = [
  {
    name: "a trace",
    c: {
      workload: {
        kind: "trace",
        durationSeconds: 1,
        accesses: [{ timeSeconds: 0.1, page: 3, write: true }],
      },
    },
    reason: () => /vm.workload.kind "trace" is not a set of independent runs/,
  },
  {
    name: "a phased mix",
    c: {
      workload: {
        kind: "phased",
        phases: [{ durationSeconds: 1, workload: { kind: "uniform", writesPerSecond: 10 } }],
      },
    },
    reason: () => /vm.workload.kind "phased" is not a set of independent runs/,
  },
  {
    name: "mechanisms",
    c: { mechanisms: { autoConverge: true } },
    reason: () => /options.mechanisms act on per-write state/,
  },
  {
    name: "a cap that can bind",
    c: { cap: true },
    reason: (t) =>
      t === "pre-copy" || t === "time-series-pre-copy"
        ? /options.maxWrites \(1000\) can bind/
        : /options.maxEvents \(100\) can bind/,
  },
];

Deno.test("per-page sampler: every exclusion on every technique that has it", async (t) => {
  for (const technique of TECHNIQUES) {
    for (const e of EXCLUSIONS) {
      await t.step(`${technique}, ${e.name}: auto runs per-write, per-page is refused`, () => {
        assert.equal(run(technique, e.c, "auto").sampler, undefined);
        assert.throws(
          () => run(technique, e.c, "per-page"),
          (error: Error) =>
            /options.sampler "per-page" is not exact here/.test(error.message) &&
            e.reason(technique).test(error.message),
        );
      });
    }
  }
});

Deno.test("per-page sampler: zero pages and checked mode are not exclusions", async (t) => {
  const zero = { ...hot, zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.2 } } as WorkloadSpec;
  for (const technique of TECHNIQUES) {
    for (const [name, c] of [["zero pages", { workload: zero }], ["checked", { checked: true }]]) {
      await t.step(`${technique}, ${name}: auto runs per-page`, () => {
        assert.equal(run(technique, c as Case, "auto").sampler, "per-page");
        // Counts need neither: they are refused by name.
        assert.throws(() => run(technique, c as Case, "counts"), /options.sampler "counts"/);
      });
    }
  }
});
