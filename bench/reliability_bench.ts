// deno bench bench/reliability_bench.ts — target (issue 3): k-out-of-n for n = 10,000 in under 10 ms.
import { kOutOfN } from "../lib/reliability/k_out_of_n.ts";
import { kOutOfNIdentical } from "../lib/reliability/k_out_of_n_identical.ts";
import { kOutOfNWithCoverage } from "../lib/reliability/k_out_of_n_with_coverage.ts";
import { mttf } from "../lib/reliability/mttf.ts";

Deno.bench("kOutOfNIdentical(9900, 10000, 0.999)", () => {
  kOutOfNIdentical(9900, 10_000, 0.999);
});

Deno.bench("kOutOfNWithCoverage(9900, 10000, 0.999, 0.99)", () => {
  kOutOfNWithCoverage(9900, 10_000, 0.999, 0.99);
});

const reliabilities = Array.from({ length: 10_000 }, (_, i) => 0.99 + (i % 10) * 1e-4);
Deno.bench("kOutOfN(9900, 10000 non-identical) (O(n·min(k, n-k+1)))", () => {
  kOutOfN(9900, reliabilities);
});

Deno.bench("mttf(parallel of two Weibulls) by Gauss–Kronrod", () => {
  mttf({
    kind: "parallel",
    blocks: [
      { kind: "component", lifetime: { kind: "weibull", shape: 2, scaleSeconds: 1 } },
      { kind: "component", lifetime: { kind: "weibull", shape: 1.5, scaleSeconds: 2 } },
    ],
  });
});
