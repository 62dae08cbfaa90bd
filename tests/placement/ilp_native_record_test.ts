/**
 * Holds `placeIlp` to a native MILP solver's record (`data/milp/cbc_record.json`, made by
 * `validation/milp/record.ts` with COIN-OR CBC on the bench instances): the LP text given to
 * CBC is the model `placeIlp` builds (same SHA-256), and on every instance CBC proved, the
 * aggregated formulation proves the same optimum; where CBC stopped at its time limit, our
 * proven optimum lies between CBC's bound and its best placement.
 */
import assert from "node:assert/strict";
import { placeIlp } from "../../lib/placement/mod.ts";
import { ilpBenchInstances } from "../../bench/_ilp_instances.ts";
import { instanceLp, sha256 } from "../../validation/milp/instance_lp.ts";
import type { CbcRun } from "../../validation/milp/record.ts";
import { assertValid } from "./_ilp_instances.ts";

/** Branch-and-bound nodes allowed per proof (as in `ilp_native_highs_test.ts`). */
const PROOF_NODES = 5_000;
/** Wall-clock safety net only: the node cap decides, never the machine's load. */
const SAFETY_SECONDS = 1_800;

const record: { command: string; solver: string; runs: CbcRun[] } = JSON.parse(
  await Deno.readTextFile(new URL("../../data/milp/cbc_record.json", import.meta.url)),
);

Deno.test("the CBC record covers every bench instance in both formulations, on the LP text placeIlp builds", async () => {
  for (const instance of ilpBenchInstances()) {
    for (const formulation of ["aggregated", "assignment"] as const) {
      const run = record.runs.find((r) =>
        r.instance === instance.name && r.formulation === formulation
      );
      assert.ok(run, `${instance.name} ${formulation} recorded`);
      assert.equal(run.lpSha256, await sha256(instanceLp(instance, formulation)), run.instance);
      const output = await Deno.readTextFile(
        new URL(`../../data/milp/cbc/${instance.name}.${formulation}.txt`, import.meta.url),
      );
      assert.match(output, new RegExp(`Result - ${run.result}`));
    }
  }
});

Deno.test("placeIlp() proves CBC's optimum on every instance CBC proved, and stays within CBC's bounds elsewhere", async (t) => {
  for (const instance of ilpBenchInstances()) {
    const runs = record.runs.filter((r) => r.instance === instance.name);
    const proved = runs.find((r) => r.optimal);
    await t.step(instance.name, async () => {
      const { hosts, vms, dimensions } = instance;
      const result = await placeIlp(hosts, vms, {
        dimensions,
        // a node cap (counted by HiGHS, the same on any machine) bounds the work; the time
        // limit is only a safety net far above it, so a loaded machine cannot fail the proof
        maxNodes: PROOF_NODES,
        timeLimitSeconds: SAFETY_SECONDS,
      });
      assertValid(hosts, vms, result, { dimensions });
      assert.deepEqual(result.unplaced, []);
      // The two formulations of one instance have one optimum: CBC agrees with itself.
      assert.ok(
        runs.every((r) => proved === undefined || !r.optimal || r.objective === proved.objective),
      );
      const bound = Number(result.details.bound);
      if (proved !== undefined) {
        assert.ok(bound <= proved.objective!, `our bound ${bound} ≤ CBC's optimum`);
        assert.ok(result.hostsUsed >= proved.objective!, "nothing beats CBC's optimum");
        assert.equal(result.details.status, "optimal");
        assert.equal(result.hostsUsed, proved.objective);
      } else {
        const cbcBound = Math.max(...runs.map((r) => Math.ceil((r.lowerBound ?? 0) - 1e-6)));
        const cbcBest = Math.min(...runs.map((r) => r.objective ?? Infinity));
        assert.ok(bound <= cbcBest, `our bound ${bound} ≤ CBC's best ${cbcBest}`);
        assert.ok(
          result.hostsUsed >= cbcBound,
          `our ${result.hostsUsed} ≥ CBC's bound ${cbcBound}`,
        );
        assert.equal(result.details.status, "optimal");
      }
    });
  }
});
