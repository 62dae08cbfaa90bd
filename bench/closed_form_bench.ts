/**
 * Speed of the closed forms for parameter sweeps. Each bench iteration evaluates
 * 1000 configurations, so the per-configuration time is the reported time / 1000.
 * Target: `estimatePreCopy` at over one million configurations per second.
 * `closedFormPostCopy` must not grow with the page count: a 4 TiB VM (2^30 pages) in
 * under 50 ms per call (moved here from tests/migration/closed_form_post_copy_test.ts).
 * Closed-form Zipf pre-copy for a 4 TiB VM (2^30 pages): under 1 s and 100 MiB (issue 13);
 * `deno run -A bench/closed_form_bench.ts` prints its time and resident memory for several
 * exponents, one fresh process each being the honest memory figure.
 *
 * Run with `deno bench bench/closed_form_bench.ts`.
 */
import { closedFormPostCopy } from "../lib/migration/closed_form_post_copy.ts";
import { closedFormPreCopy, estimatePreCopy } from "../lib/migration/closed_form_pre_copy.ts";
import type { LinkSpec } from "../lib/migration/link_spec.ts";
import { QEMU_STOP_RULES, XEN_STOP_RULES } from "../lib/migration/stop_rules.ts";
import type { VmSpec } from "../lib/migration/vm_spec.ts";

const CONFIGS = 1000;

/** A sweep of 1000 VMs and links: 4-64 GiB, 1-40 Gbit/s, 0-200k writes/s. */
function sweep(kind: "uniform" | "hot-cold"): { vm: VmSpec; link: LinkSpec }[] {
  const out: { vm: VmSpec; link: LinkSpec }[] = [];
  for (let i = 0; i < CONFIGS; i++) {
    const pageCount = 2 ** (20 + (i % 5)); // 4 GiB .. 64 GiB of 4 KiB pages
    const writesPerSecond = (i * 197) % 200_000;
    const workload = kind === "uniform" ? { kind, writesPerSecond } : {
      kind,
      writesPerSecond,
      hotFraction: 0.01 + (i % 10) / 20,
      hotShare: 0.9,
    };
    out.push({
      vm: { pageCount, pageSizeBytes: 4096, stateBytes: 262_144, workload },
      link: {
        bandwidthBytesPerSecond: 125e6 * (1 + (i % 40)),
        latencySeconds: 0.0005,
        pageOverheadBytes: 8,
      },
    });
  }
  return out;
}

const uniform = sweep("uniform");
const hotCold = sweep("hot-cold");
let sink = 0;

Deno.bench("estimatePreCopy() x1000, uniform, pages model, QEMU rules", {
  baseline: true,
}, () => {
  for (const { vm, link } of uniform) {
    sink += estimatePreCopy(vm, link).totalSeconds;
  }
});

Deno.bench("estimatePreCopy() x1000, uniform, pages model, Xen rules", () => {
  for (const { vm, link } of uniform) {
    sink += estimatePreCopy(vm, link, { stopRules: XEN_STOP_RULES }).totalSeconds;
  }
});

Deno.bench("estimatePreCopy() x1000, hot-cold, pages model, QEMU rules", () => {
  for (const { vm, link } of hotCold) {
    sink += estimatePreCopy(vm, link).totalSeconds;
  }
});

Deno.bench("estimatePreCopy() x1000, uniform, rate model, QEMU rules", () => {
  for (const { vm, link } of uniform) {
    sink += estimatePreCopy(vm, link, { model: "rate", stopRules: QEMU_STOP_RULES })
      .totalSeconds;
  }
});

Deno.bench(
  "closedFormPreCopy() x1000 (full result with rows), uniform, QEMU rules",
  () => {
    for (const { vm, link } of uniform) {
      sink += closedFormPreCopy(vm, link).totalSeconds;
    }
  },
);

const HUGE_LINK: LinkSpec = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 };
const RATES = { writesPerSecond: 20_000, readsPerSecond: 20_000 };
for (
  const workload of [
    { kind: "uniform", ...RATES },
    { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, ...RATES },
  ] as const
) {
  const vm: VmSpec = { pageCount: 2 ** 30, pageSizeBytes: 4096, stateBytes: 262_144, workload };
  Deno.bench(`closedFormPostCopy(), 2^30 pages, ${workload.kind} (target 50 ms)`, {
    group: "post-copy",
  }, () => {
    sink += closedFormPostCopy(vm, HUGE_LINK).remoteFaults;
  });
}

/** A 4 TiB VM (2^30 pages of 4 KiB) writing 200,000 pages/s by a Zipf law, over 10 Gbit/s. */
function zipfVm(exponent: number): VmSpec {
  return {
    pageCount: 2 ** 30,
    pageSizeBytes: 4096,
    stateBytes: 262_144,
    workload: { kind: "zipf", writesPerSecond: 200_000, exponent },
  };
}
const TEN_GBIT: LinkSpec = { bandwidthBytesPerSecond: 1.25e9, latencySeconds: 1e-4 };
for (const exponent of [1, 4]) {
  Deno.bench(
    `closedFormPreCopy(), 4 TiB VM, Zipf s = ${exponent}, QEMU rules (target 1 s, 100 MiB)`,
    { group: "zipf" },
    () => {
      sink += closedFormPreCopy(zipfVm(exponent), TEN_GBIT).totalSeconds;
    },
  );
}

if (import.meta.main) {
  for (const exponent of Deno.args.length > 0 ? Deno.args.map(Number) : [1]) {
    const rssBefore = Deno.memoryUsage().rss;
    const start = performance.now();
    const result = closedFormPreCopy(zipfVm(exponent), TEN_GBIT);
    const ms = performance.now() - start;
    const rss = Deno.memoryUsage().rss;
    console.log(
      `Zipf s = ${exponent}, 2^30 pages: ${ms.toFixed(0)} ms, ${result.rounds} rounds, RSS ${
        (rss / 2 ** 20).toFixed(0)
      } MiB (+${((rss - rssBefore) / 2 ** 20).toFixed(0)} MiB over the process start)`,
    );
  }
}

addEventListener("unload", () => {
  if (!Number.isFinite(sink)) console.log(sink);
});
