import assert from "node:assert/strict";
import { loadHighs, solveLp, solveMip } from "../../lib/placement/_ilp_solver.ts";
import { placeIlp } from "../../lib/placement/ilp.ts";

Deno.test("solveLp() solves an LP to its vertex optimum and reports it as its own bound", async () => {
  // max x + y s.t. x + 2y <= 4, 3x + y <= 6: optimum at x = 8/5, y = 6/5, objective 14/5.
  const lp = "Maximize\n obj: x + y\nSubject To\n a: x + 2 y <= 4\n b: 3 x + y <= 6\nEnd";
  const solution = await solveLp(lp);
  assert.equal(solution.status, "optimal");
  assert.ok(Math.abs(solution.objective - 2.8) < 1e-9);
  assert.ok(Math.abs(solution.values.x! - 1.6) < 1e-9);
  assert.ok(Math.abs(solution.values.y! - 1.2) < 1e-9);
  assert.equal(solution.bound, solution.objective);
});

Deno.test("solveLp() solves a knapsack MIP and proves its optimum", async () => {
  // Items (value, weight): (10, 5), (40, 4), (30, 6), (50, 3); capacity 10: best {2, 4} = 90.
  const lp = [
    "Maximize",
    " obj: 10 a + 40 b + 30 c + 50 d",
    "Subject To",
    " w: 5 a + 4 b + 6 c + 3 d <= 10",
    "Binary",
    " a b c d",
    "End",
  ].join("\n");
  const solution = await solveLp(lp);
  assert.equal(solution.status, "optimal");
  assert.equal(solution.objective, 90);
  assert.deepEqual(solution.values, { a: 0, b: 1, c: 0, d: 1 });
  assert.ok(Math.abs(solution.bound - 90) < 1e-6);
});

Deno.test("solveLp() accepts a starting solution and reports infeasible and unbounded models", async (t) => {
  await t.step("start", async () => {
    const lp = "Minimize\n obj: x + y\nSubject To\n c: x + y >= 1\nBinary\n x y\nEnd";
    const solution = await solveLp(lp, { start: { x: 1 } });
    assert.equal(solution.status, "optimal");
    assert.equal(solution.objective, 1);
  });
  await t.step("infeasible", async () => {
    const lp = "Minimize\n obj: x\nSubject To\n a: x >= 2\n b: x <= 1\nEnd";
    const solution = await solveLp(lp);
    assert.equal(solution.status, "infeasible");
    assert.ok(Number.isNaN(solution.objective));
    assert.deepEqual(solution.values, {});
  });
  await t.step("unbounded", async () => {
    const solution = await solveLp("Minimize\n obj: - x\nSubject To\n c: x >= 2\nEnd");
    assert.equal(solution.status, "unbounded");
  });
});

Deno.test("solveLp() rejects bad input with std-style errors", async () => {
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    () => solveLp(42 as any),
    new TypeError("Cannot solve a linear program as lp must be a string: current value is number"),
  );
  await assert.rejects(
    () => solveLp("Minimize\n obj: x\nEnd", { timeLimitSeconds: -1 }),
    new RangeError(
      "Cannot solve a linear program as timeLimitSeconds must be a finite number > 0: current value is -1",
    ),
  );
  await assert.rejects(
    () => solveLp("Minimize\n obj: x\nEnd", { relativeGap: Number.NaN }),
    new RangeError(
      "Cannot solve a linear program as relativeGap must be a finite number >= 0: current value is NaN",
    ),
  );
});

Deno.test("solveLp() reports a HiGHS abort as an error, reloads HiGHS for the next solve, and placeIlp() falls back to its start", async () => {
  const lp = "Minimize\n obj: x\nSubject To\n c: x >= 1\nEnd";
  // Make the loaded module abort as Emscripten does (a WebAssembly.RuntimeError).
  const highs = await loadHighs();
  const createModel = highs.createModel.bind(highs);
  highs.createModel = ((...args: Parameters<typeof createModel>) => {
    const model = createModel(...args);
    model.run = () => {
      throw new WebAssembly.RuntimeError("Aborted()");
    };
    return model;
  }) as typeof highs.createModel;
  const aborted = await solveLp(lp);
  assert.equal(aborted.status, "error");
  assert.equal(aborted.solverStatus, "HiGHS aborted: Aborted()");
  assert.deepEqual(aborted.values, {});
  // The next call loads a fresh module and solves.
  assert.notEqual(await loadHighs(), highs);
  const solved = await solveLp(lp);
  assert.equal(solved.status, "optimal");
  assert.equal(solved.objective, 1);

  // placeIlp: its first solve aborts; the placement stays valid and complete.
  const fresh = await loadHighs();
  const freshCreate = fresh.createModel.bind(fresh);
  fresh.createModel = ((...args: Parameters<typeof freshCreate>) => {
    const model = freshCreate(...args);
    model.run = () => {
      throw new WebAssembly.RuntimeError("Aborted()");
    };
    return model;
  }) as typeof fresh.createModel;
  const hosts = [0, 1, 2].map((j) => ({
    name: `h${j}`,
    cpuMips: 100,
    cores: 1,
    ramBytes: 1,
    bandwidthBytesPerSecond: 1,
    rack: 0,
  }));
  // 45 + 35 + 20 and 40 + 35 + 25 fill two hosts of 100; the decreasing heuristics use 3 and
  // L2 is 2, so the solver must run: the relaxation aborts (HiGHS is reloaded for the MIP).
  const vms = [45, 35, 20, 40, 35, 25].map((cpuMips, i) => ({
    name: `v${i}`,
    cpuMips,
    ramBytes: 0,
    bandwidthBytesPerSecond: 0,
  }));
  const result = await placeIlp(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result.unplaced, []);
  assert.ok(result.hostsUsed >= 2);
  if (result.hostsUsed > 2) assert.equal(result.details.status, "error");
  assert.notEqual(await loadHighs(), fresh);
});

/**
 * The smallest model found on which HiGHS's presolve reports a worse optimum (reduced from a
 * `placeIlp` model by dropping rows and columns while the fault stayed): five VMs, each on one
 * host y (its `h`), elsewhere (`e`, cheaper or as cheap) or unplaced (`u`); one capacity row in
 * shares of a larger host, with the fit tolerance's slack. The optimum leaves y off (167); the
 * presolved solve reports y on and nothing on it (267).
 */
function nearCoverModel(capacityRow: string): string {
  const vms = [1, 2, 3, 4, 5];
  const cost = [[46, 43], [44, 44], [33, 33], [26, 26], [22, 21]];
  const terms = vms.flatMap((i) => [
    `1381 u${i}`,
    `${cost[i - 1]![0]} h${i}`,
    `${cost[i - 1]![1]} e${i}`,
  ]);
  return [
    "Minimize",
    ` obj: 100 y + ${terms.join(" + ")}`,
    "Subject To",
    ...vms.map((i) => ` a${i}: h${i} + e${i} + u${i} = 1`),
    ` c: ${capacityRow} <= 0`,
    "Bounds",
    " y <= 1",
    ...vms.flatMap((i) => [` h${i} <= 1`, ` e${i} <= 1`, ` u${i} <= 1`]),
    "General",
    ` y ${vms.map((i) => `h${i} e${i}`).join(" ")}`,
    "End",
  ].join("\n");
}

Deno.test("HiGHS's presolve cuts the optimum off a capacity row with near covers, which solveMip's first stage and placeIlp's rows avoid", async () => {
  // the row as placeIlp wrote it before 2026-12-07: 461, 438, 329, 255 and 220 MIPS on a host
  // of 1000, in shares of the largest host (1500), the capacity with a billionth of slack
  const shares = "0.307333333333333 h1 + 0.292 h2 + 0.219333333333333 h3 + 0.17 h4 + " +
    "0.146666666666667 h5 - 0.666666667333333 y";
  const lp = nearCoverModel(shares);
  const plain = await solveLp(lp, { presolve: false });
  assert.equal(plain.status, "optimal");
  assert.equal(plain.objective, 167);
  // HiGHS 1.15.1 (npm:highs 1.15.3): its log shows "Strengthened 1 coefficients", then
  // "Fixed 5 dominated columns", and the model reduced to empty with y on. When an upgrade
  // proves 167 here, the fault may be gone: see solveMip and CAPACITY_UNITS in _ilp_model.ts.
  const presolved = await solveLp(lp);
  assert.equal(presolved.status, "optimal");
  assert.equal(presolved.objective, 267);
  assert.equal(presolved.values.y, 1);
  // solveMip solves a model this small without presolve first
  const mip = await solveMip(lp, 16, () => 60);
  assert.equal(mip.status, "optimal");
  assert.equal(mip.objective, 167);
  // the row as placeIlp writes it now: in thousandths of the host, no slack
  const thousandths = nearCoverModel("461 h1 + 438 h2 + 329 h3 + 255 h4 + 220 h5 - 1000 y");
  const exact = await solveLp(thousandths);
  assert.equal(exact.status, "optimal");
  assert.equal(exact.objective, 167);
});
