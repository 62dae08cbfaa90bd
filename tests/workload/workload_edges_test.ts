import assert from "node:assert/strict";
import {
  expectedZeroPages,
  expectedZeroPagesInPass,
} from "../../lib/workload/expected_zero_pages.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { parseTrace } from "../../lib/workload/trace_format.ts";
import { readTrace } from "../../lib/workload/read_trace.ts";
import { pageOrderRuns } from "../../lib/workload/page_order_runs.ts";
import { hotSetPages } from "../../lib/workload/models/hot_cold.ts";
import { zipfModel } from "../../lib/workload/models/zipf.ts";
import { sequentialRegion } from "../../lib/workload/models/sequential.ts";
import { phasedModel, type PhasedWorkload } from "../../lib/workload/models/phased.ts";
import { validateWorkload } from "../../lib/workload/validate_workload.ts";

/** Asserts `got` equals `want` to a relative 1e-12. */
function close(got: number, want: number): void {
  assert.ok(Math.abs(got - want) <= 1e-12 * Math.abs(want), `${got} != ${want}`);
}

Deno.test("expectedZeroPages() of a walk counts the ceil(t r) writes made before t", () => {
  // 10 pages, all zero; writes at 0, 1, 2, ... s. By t = 2.5 writes 0, 1, 2 have
  // hit pages 0, 1, 2: ceil(2.5 x 1) = 3 pages written, 10 - 3 = 7 still zero.
  const spec: WorkloadSpec = {
    kind: "sequential",
    writesPerSecond: 1,
    zeroPages: { initialShare: 1 },
  };
  assert.equal(expectedZeroPages(spec, 10, 2.5), 7);
  // At t = 3 exactly, write 3 (at 3 s) has not happened yet: still 10 - 3 = 7.
  assert.equal(expectedZeroPages(spec, 10, 3), 7);
});

Deno.test("expectedZeroPagesInPass() decays each run from its own start page", () => {
  // Hot-cold on 4 pages, hot set pages 0-1 with 3/4 of the writes, 1 write/s:
  // per-page rates 0.375, 0.375, 0.125, 0.125. Page k inspected at k s (all zero at
  // the start, zeroingWriteShare 0) is still zero with probability exp(-rate_k k):
  // 1 + e^-0.375 + e^-0.25 + e^-0.375.
  const spec: WorkloadSpec = {
    kind: "hot-cold",
    writesPerSecond: 1,
    hotFraction: 0.5,
    hotShare: 0.75,
    zeroPages: { initialShare: 1 },
  };
  const want = 1 + 2 * Math.exp(-0.375) + Math.exp(-0.25);
  close(expectedZeroPagesInPass(spec, 4, 1), want);
  // Starting at 2 s multiplies page k's term by exp(-2 rate_k):
  // e^-0.75 + e^-1.125 + e^-0.5 + e^-0.625.
  const late = Math.exp(-0.75) + Math.exp(-1.125) + Math.exp(-0.5) + Math.exp(-0.625);
  close(expectedZeroPagesInPass(spec, 4, 1, 2), late);
});

Deno.test("expectedZeroPagesInPass() of a strided walk races the pass by stride pages", () => {
  // 10 pages, stride 2: visits of pages 0, 2, 4, 6, 8 at 0, 1, 2, 3, 4 s (1 write/s).
  // Page 2i is inspected at 2 + 2i x 0.25 s = 2 + 0.5 i s; visit i precedes it iff
  // i < 2 + 0.5 i, i.e. i < 4: 4 pages written, 10 - 4 = 6 still zero.
  const spec: WorkloadSpec = {
    kind: "sequential",
    writesPerSecond: 1,
    stridePages: 2,
    zeroPages: { initialShare: 1 },
  };
  assert.equal(expectedZeroPagesInPass(spec, 10, 0.25, 2), 6);
});

Deno.test("expectedZeroPages() of a walk sees offset zero pages that wrap to page 0", () => {
  // 10 pages, 5 zero from the offset 0.8 x 10 = 8: pages 8, 9 then 0, 1, 2 (wrapped).
  // By t = 2.5 the walk from page 0 wrote pages 0, 1, 2, all zero: 5 - 3 = 2 left.
  const spec: WorkloadSpec = {
    kind: "sequential",
    writesPerSecond: 1,
    zeroPages: { initialShare: 0.5, placement: { kind: "offset", offsetFraction: 0.8 } },
  };
  assert.equal(expectedZeroPages(spec, 10, 2.5), 2);
  // With zeroingWriteShare 0.5 each written page is zero with probability 1/2:
  // 2 + 3 x 0.5 = 3.5.
  const zeroing: WorkloadSpec = {
    ...spec,
    zeroPages: { ...spec.zeroPages!, zeroingWriteShare: 0.5 },
  };
  assert.equal(expectedZeroPages(zeroing, 10, 2.5), 3.5);
});

Deno.test("expectedZeroPages() of a strided walk counts visits in unaligned zero ranges", () => {
  // 10 pages, stride 3: a pass visits ceil(10 / 3) = 4 pages, 0, 3, 6 and 9. Zero pages
  // 0-4 (start) hold visited pages 0 and 3; pages 5-9 (top) hold 6 and 9. After 10 s
  // (10 writes, every visit made) 5 - 2 = 3 zero pages are left either way.
  for (const kind of ["start", "top"] as const) {
    const spec: WorkloadSpec = {
      kind: "sequential",
      writesPerSecond: 1,
      stridePages: 3,
      zeroPages: { initialShare: 0.5, placement: { kind } },
    };
    assert.equal(expectedZeroPages(spec, 10, 10), 3, kind);
  }
});

Deno.test("hotSetPages() rounds hotFraction x P to the nearest page, at least 1", () => {
  assert.equal(hotSetPages(0.15, 10), 2); // round(1.5) = 2, not floor's 1
  assert.equal(hotSetPages(0.26, 10), 3); // round(2.6) = 3
  assert.equal(hotSetPages(0.01, 10), 1); // round(0.1) = 0, raised to 1
  assert.equal(hotSetPages(1, 10), 10);
});

Deno.test("zipfModel.distribution() run shares are the exact rank sums to 1e-12", () => {
  // Past 65,536 pages ranks are grouped; runs of 32+ ranks (from rank ~1e4 here) are
  // summed by Euler-Maclaurin, whose end-derivative term (d1(b) - d1(a)) / 12 moves
  // a run's share by ~1e-10 relative when mis-weighted: the exact sum catches it.
  const P = 100_000;
  for (const s of [0.3, 1]) {
    const { runs } = zipfModel.distribution({ kind: "zipf", writesPerSecond: 1, exponent: s }, P);
    let norm = 0;
    for (let k = P; k >= 1; k--) norm += Math.pow(k, -s);
    let rank = 0;
    let long = 0;
    for (const run of runs) {
      let exact = 0;
      for (let k = rank + run.pages; k > rank; k--) exact += Math.pow(k, -s);
      const rel = Math.abs(run.writeShare / (exact / norm) - 1);
      assert.ok(rel < 1e-12, `s = ${s}, run at rank ${rank}: relative error ${rel}`);
      if (run.pages > 32) long++;
      rank += run.pages;
    }
    assert.equal(rank, P);
    assert.ok(long > 10, `s = ${s}: ${long} runs of more than 32 ranks`);
  }
});

/** 1 s of uniform (100 writes/s), then 3 s of hot-cold (20 writes/s, 10 reads/s). */
const TWO_PHASES: PhasedWorkload = {
  kind: "phased",
  phases: [
    { durationSeconds: 1, workload: { kind: "uniform", writesPerSecond: 100 } },
    {
      durationSeconds: 3,
      workload: {
        kind: "hot-cold",
        writesPerSecond: 20,
        readsPerSecond: 10,
        hotFraction: 0.5,
        hotShare: 1,
      },
    },
  ],
};

Deno.test("phasedModel.rates() averages writes and reads over the cycle's seconds", () => {
  // Writes 100 x 1 + 20 x 3 = 160, reads 10 x 3 = 30, over 1 + 3 = 4 s.
  assert.deepEqual(phasedModel.rates(TWO_PHASES), { writesPerSecond: 40, readsPerSecond: 7.5 });
});

Deno.test("phasedModel.distribution() weights write and access shares per phase", () => {
  // 4 pages. Phase 1: 100 writes = 100 accesses, spread over 4 pages. Phase 2: 60
  // writes, 60 + 30 = 90 accesses, all on pages 0-1 (the hot set takes them all).
  // Write weights 100/160 = 0.625, 60/160 = 0.375; access weights 100/190 = 10/19,
  // 90/190 = 9/19.
  // Pages 0-1: writes 0.625 x 2/4 + 0.375 x 1 = 0.6875, accesses 10/19 x 1/2 + 9/19 = 14/19.
  // Pages 2-3: writes 0.625 x 2/4 = 0.3125, accesses 10/19 x 1/2 = 5/19.
  const { runs } = phasedModel.distribution(TWO_PHASES, 4);
  assert.deepEqual(runs.map((r) => r.pages), [2, 2]);
  close(runs[0]!.writeShare, 0.6875);
  close(runs[1]!.writeShare, 0.3125);
  close(runs[0]!.accessShare, 14 / 19);
  close(runs[1]!.accessShare, 5 / 19);
});

Deno.test("sequentialRegion() clips the region at the end of memory", () => {
  // Start floor(0.5 x 10) = 5, size round(0.8 x 10) = 8 clipped to 10 - 5 = 5 pages;
  // stride 2 visits ceil(5 / 2) = 3 of them (5, 7, 9).
  const spec = {
    kind: "sequential" as const,
    writesPerSecond: 1,
    regionStartFraction: 0.5,
    regionFraction: 0.8,
    stridePages: 2,
  };
  assert.deepEqual(sequentialRegion(spec, 10), {
    startPage: 5,
    pages: 5,
    visits: 3,
    stridePages: 2,
  });
  // The start is floored: floor(0.55 x 10) = 5 (not round(5.5) = 6).
  assert.equal(sequentialRegion({ ...spec, regionStartFraction: 0.55 }, 10).startPage, 5);
});

Deno.test("pageOrderRuns() marks only the pages inside a zero range as zero", () => {
  // 8 pages, round(0.25 x 8) = 2 zero pages at the start: pages 0-1 zero, 2-7 not.
  const start: WorkloadSpec = {
    kind: "uniform",
    writesPerSecond: 1,
    zeroPages: { initialShare: 0.25, placement: { kind: "start" } },
  };
  assert.deepEqual(
    pageOrderRuns(start, 8).map((r) => [r.startPage, r.pages, r.writeShare, r.initialZeroShare]),
    [[0, 2, 0.25, 1], [2, 6, 0.75, 0]],
  );
  // From offset floor(0.5 x 8) = 4: pages 4-5 zero, the run cut at 4 and 6.
  const offset: WorkloadSpec = {
    ...start,
    zeroPages: { initialShare: 0.25, placement: { kind: "offset", offsetFraction: 0.5 } },
  };
  assert.deepEqual(
    pageOrderRuns(offset, 8).map((r) => [r.startPage, r.pages, r.initialZeroShare]),
    [[0, 4, 0], [4, 2, 1], [6, 2, 0]],
  );
});

Deno.test("parseTrace() accepts an access at exactly duration_seconds, not after", () => {
  const csv = "# duration_seconds=2\ntime_seconds,page,op\n2,0,w\n";
  assert.deepEqual(parseTrace(csv, "csv").workload.accesses, [
    { timeSeconds: 2, page: 0, write: true },
  ]);
  const jsonl = '{"durationSeconds":2}\n{"t":2,"page":0,"op":"r"}\n';
  assert.deepEqual(parseTrace(jsonl, "jsonl").workload.accesses, [
    { timeSeconds: 2, page: 0, write: false },
  ]);
  assert.throws(
    () => parseTrace("# duration_seconds=2\ntime_seconds,page,op\n2.5,0,w\n", "csv"),
    SyntaxError,
  );
});

Deno.test("expectedZeroPages() of a walk over part of memory meets scattered zero pages", () => {
  // 10 pages, the walk's region pages 0-4 (regionFraction 0.5); 5 zero pages scattered,
  // so each page is zero with probability 5 / 10. By t = 2.5 s, 3 pages are written:
  // 3 x 5 / 10 = 1.5 initially zero ones among them, 5 - 1.5 = 3.5 left.
  const spec: WorkloadSpec = {
    kind: "sequential",
    writesPerSecond: 1,
    regionFraction: 0.5,
    zeroPages: { initialShare: 0.5, placement: { kind: "scattered", seed: 1 } },
  };
  assert.equal(expectedZeroPages(spec, 10, 2.5), 3.5);
});

Deno.test("parseTrace() rejects a duration that overflows to Infinity", () => {
  // "1e999" is a decimal by the CSV grammar but Number("1e999") = Infinity.
  assert.throws(
    () => parseTrace("# duration_seconds=1e999\ntime_seconds,page,op\n0.5,0,w\n", "csv"),
    { name: "SyntaxError", message: /duration_seconds on line 1 must be a finite number > 0/ },
  );
});

Deno.test("readTrace() rejects an empty path before looking at its extension", async () => {
  await assert.rejects(() => readTrace(""), {
    name: "TypeError",
    message: 'Cannot read trace as path must be a non-empty string: current value is ""',
  });
});

Deno.test("a phase's kind that names an object's own method is refused by name", () => {
  assert.throws(
    () =>
      validateWorkload({
        kind: "phased",
        phases: [{ durationSeconds: 1, workload: { kind: "toString" as "idle" } }],
      }, 10),
    /workload\.phases\[0\]\.workload\.kind must be idle, uniform, hot-cold or zipf: current value is "toString"/,
  );
});

Deno.test("validateWorkload() checks changedBytesPerWrite as migrate does", async (t) => {
  for (const value of [NaN, -1, Infinity]) {
    await t.step(`refuses ${value}`, () => {
      assert.throws(
        () =>
          validateWorkload(
            { kind: "uniform", writesPerSecond: 1, changedBytesPerWrite: value },
            10,
          ),
        {
          name: "RangeError",
          message:
            `Cannot migrate as workload.changedBytesPerWrite must be a finite number >= 0: current value is ${value}`,
        },
      );
    });
  }
  await t.step("refuses a string", () => {
    assert.throws(
      () =>
        validateWorkload({
          kind: "zipf",
          writesPerSecond: 1,
          exponent: 1,
          changedBytesPerWrite: "8" as unknown as number,
        }, 10),
      { name: "TypeError", message: /workload\.changedBytesPerWrite must be a number/ },
    );
  });
  await t.step("accepts 0 and a page's worth", () => {
    validateWorkload({ kind: "uniform", writesPerSecond: 1, changedBytesPerWrite: 0 }, 10);
    validateWorkload({ kind: "uniform", writesPerSecond: 1, changedBytesPerWrite: 4096 }, 10);
  });
});

Deno.test("validateWorkload() refuses changedBytesPerWrite inside a phase, which the engine would ignore", () => {
  assert.throws(
    () =>
      validateWorkload({
        kind: "phased",
        phases: [
          { durationSeconds: 1, workload: { kind: "idle" } },
          {
            durationSeconds: 1,
            workload: { kind: "uniform", writesPerSecond: 1, changedBytesPerWrite: 8 },
          },
        ],
      }, 10),
    {
      name: "TypeError",
      message:
        "Cannot migrate as workload.phases[1].workload.changedBytesPerWrite must be undefined (the engine has no per-phase XBZRLE change size; use options.mechanisms.xbzrle.changedBytesPerWrite): current value is 8",
    },
  );
});

Deno.test("traceModel.distribution(): a page's access share counts its reads and writes over all accesses, its write share its writes over all writes", () => {
  // Four accesses on 5 pages: page 0 written, page 2 read twice, page 3 written.
  // Writes: 2 (pages 0 and 3, 1/2 each); accesses: 4 (page 0: 1/4, page 2: 2/4, page 3: 1/4).
  const spec: WorkloadSpec = {
    kind: "trace",
    durationSeconds: 1,
    accesses: [
      { timeSeconds: 0, page: 0, write: true },
      { timeSeconds: 0.1, page: 2, write: false },
      { timeSeconds: 0.2, page: 2, write: false },
      { timeSeconds: 0.3, page: 3, write: true },
    ],
  };
  const runs = pageOrderRuns(spec, 5).map(({ startPage, pages, writeShare, accessShare }) => ({
    startPage,
    pages,
    writeShare,
    accessShare,
  }));
  assert.deepEqual(runs, [
    { startPage: 0, pages: 1, writeShare: 0.5, accessShare: 0.25 },
    { startPage: 1, pages: 1, writeShare: 0, accessShare: 0 },
    { startPage: 2, pages: 1, writeShare: 0, accessShare: 0.5 },
    { startPage: 3, pages: 1, writeShare: 0.5, accessShare: 0.25 },
    { startPage: 4, pages: 1, writeShare: 0, accessShare: 0 },
  ]);
});
