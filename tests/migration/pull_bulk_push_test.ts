/**
 * The pull's push sends the slots whose pages have landed a word of the bitsets at a
 * time (active push in page order; prepaging alternately above and below the last
 * fault); these runs hold that to the one-page-at-a-time reference, result for result.
 */
import assert from "node:assert/strict";
import { TEST_HOOKS } from "../../lib/migration/_test_hooks.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const hot = (placement: { kind: string; [key: string]: unknown }): WorkloadSpec => ({
  kind: "hot-cold",
  hotFraction: 0.05,
  hotShare: 0.9,
  writesPerSecond: 3000,
  readsPerSecond: 1000,
  placement,
} as WorkloadSpec);

const WORKLOADS: [string, WorkloadSpec][] = [
  ["hot/cold start", hot({ kind: "start" })],
  ["hot/cold offset", hot({ kind: "offset", offsetFraction: 0.97 })],
  ["hot/cold scattered", hot({ kind: "scattered", seed: 5 })],
  ["zipf", { kind: "zipf", exponent: 1, writesPerSecond: 2000, readsPerSecond: 2000 }],
  ["uniform", { kind: "uniform", writesPerSecond: 500 }],
];

Deno.test("post-copy: the push's word-at-a-time sends give the results of sending page by page", async (t) => {
  for (const [name, workload] of WORKLOADS) {
    await t.step(name, () => {
      for (const pageCount of [4096, 10_007]) {
        const vm = { pageCount, pageSizeBytes: 4096, stateBytes: 4096, workload };
        for (const latencySeconds of [0, 0.0005, 0.01]) {
          const link = { bandwidthBytesPerSecond: 1e8, latencySeconds };
          for (const fetch of ["active-push", "prepaging"] as const) {
            for (const sampler of ["per-write", "per-page"] as const) {
              for (const seed of [1, 2, 3]) {
                const options = { seed, fetch, sampler };
                const bulk = simulatePostCopy(vm, link, options);
                TEST_HOOKS.pagewisePush = true;
                let pagewise;
                try {
                  pagewise = simulatePostCopy(vm, link, options);
                } finally {
                  TEST_HOOKS.pagewisePush = false;
                }
                assert.deepEqual(
                  bulk,
                  pagewise,
                  `${name}, ${pageCount} pages, latency ${latencySeconds}, ${fetch}, ${sampler}, seed ${seed}`,
                );
              }
            }
          }
        }
      }
    });
  }
});
