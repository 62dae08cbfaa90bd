/**
 * `finiteMedian`, and notebook 07's summary that takes its medians with it: a point whose
 * completed QEMU runs have no downtime is left out and counted, not a NaN in the sort.
 */
import assert from "node:assert/strict";
import { finiteMedian, qemuAcceptance, type QemuRun } from "../../lib/validation/mod.ts";

const run = (downtimeSeconds: number | null) =>
  ({ converged: true, totalSeconds: 1, downtimeSeconds, transferredBytes: 1e6 }) as QemuRun;
const sim = (downtimeSeconds: number) => ({
  totalSeconds: 1,
  downtimeSeconds,
  bytesSent: 1e6,
  converged: true,
});

/** The median notebook 07 had of its own, before it took finiteMedian. */
const notebookMedian = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
    ? s[s.length >> 1]!
    : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

Deno.test("finiteMedian() takes the median of the finite values and counts the others", () => {
  assert.deepEqual(finiteMedian([3, 1, 2]), { median: 2, count: 3, skipped: 0 });
  assert.deepEqual(finiteMedian([4, null, 1, 3, undefined, 2]), {
    median: 2.5,
    count: 4,
    skipped: 2,
  });
  assert.deepEqual(finiteMedian([NaN, Infinity, -Infinity, 5]), {
    median: 5,
    count: 1,
    skipped: 3,
  });
  const none = finiteMedian([null, NaN]);
  assert.ok(Number.isNaN(none.median));
  assert.deepEqual({ count: none.count, skipped: none.skipped }, { count: 0, skipped: 2 });
  assert.ok(Number.isNaN(finiteMedian([]).median));
  assert.throws(() => finiteMedian([1, "2" as unknown as number]), {
    name: "TypeError",
    message:
      'Cannot take the median of finite values as values[1] must be a number, null or undefined: current value is "2"',
  });
  assert.throws(() => finiteMedian("1" as unknown as number[]), {
    name: "TypeError",
    message:
      'Cannot take the median of finite values as values must be an array: current value is "1"',
  });
});

Deno.test("finiteMedian() leaves out a point whose QEMU runs have no downtime, which the notebook's median sorted as a number", () => {
  // Five points' downtime errors against the mean of QEMU's repeats, as notebook 07 takes
  // them; at the second point every completed run's downtime is null in the record (QEMU
  // reported it impossibly), so qemuAcceptance has no mean there (NaN) and no error.
  const points = [
    [0.014, [run(0.01)]],
    [0.02, [run(null), run(null)]],
    [0.011, [run(0.01)]],
    [0.013, [run(0.01)]],
    [0.012, [run(0.01)]],
  ] as const;
  const errors = points.map(([down, runs]) => {
    const a = qemuAcceptance(sim(down), runs)!.downtimeSeconds;
    return Math.abs(a.simulated - a.mean) / a.mean;
  });
  assert.ok(Number.isNaN(errors[1]));
  const m = finiteMedian(errors);
  assert.equal(m.count, 4);
  assert.equal(m.skipped, 1);
  assert.ok(Math.abs(m.median - 0.25) < 1e-9, String(m.median)); // of 0.4, 0.1, 0.3, 0.2
  // The old helper printed 10 % here, silently: NaN compares as equal to everything.
  assert.ok(Math.abs(notebookMedian(errors) - 0.1) < 1e-9);
});

Deno.test("notebook 07 takes its medians with finiteMedian and says how many points it left out", async () => {
  const notebook = JSON.parse(
    await Deno.readTextFile(new URL("../../notebooks/07_validation.ipynb", import.meta.url)),
  ) as { cells: { cell_type: string; id?: string; source: string[] }[] };
  const code = notebook.cells.filter((c) => c.cell_type === "code");
  const all = code.map((c) => c.source.join("")).join("\n");
  // no median of its own (it sorted NaN among numbers and printed whatever fell in the middle)
  assert.doesNotMatch(all, /\b(const|let|var|function)\s+median\b/);
  assert.doesNotMatch(all, /(?<![\w.])median\(/);
  const summary = code.find((c) => c.id === "qemu-text")?.source.join("") ?? "";
  assert.match(summary, /finiteMedian\(relErr\(held, k\)\)/);
  assert.match(summary, /m\.skipped === 0 \? "" :/);
  assert.match(summary, /downMeans\.skipped === 0 \? "" :/);
});
