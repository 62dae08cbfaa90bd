// deno bench bench/reliability_bench.ts — target (issue 3): k-out-of-n for n = 10,000 in under 10 ms.
import type { Block } from "../lib/reliability/block_diagram.ts";
import { applyBetaFactor } from "../lib/reliability/common_cause.ts";
import { type FaultTree, faultTreeFromBlock } from "../lib/reliability/fault_tree.ts";
import { faultTreeImportance, importanceMeasures } from "../lib/reliability/importance.ts";
import { kolmogorovDistribution } from "../lib/reliability/kolmogorov_distribution.ts";
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

// Target (issue 12): importance measures of a 200-component diagram under 100 ms.
// Series of 50 subsystems of 4 components each: two parallel strings of two, a
// 2-out-of-4 and a parallel quadruple, in turn (200 components, 150 + 50 cut sets).
const subsystems: Block[] = Array.from({ length: 50 }, (_, s): Block => {
  const c = (i: number): Block => ({
    kind: "component",
    name: `s${s}c${i}`,
    lifetime: { kind: "exponential", ratePerSecond: 1e-5 * (1 + ((s + i) % 7)) },
  });
  const parts = [c(0), c(1), c(2), c(3)];
  if (s % 3 === 0) {
    return {
      kind: "parallel",
      blocks: [
        { kind: "series", blocks: [parts[0]!, parts[1]!] },
        { kind: "series", blocks: [parts[2]!, parts[3]!] },
      ],
    };
  }
  return s % 3 === 1 ? { kind: "k-out-of-n", k: 2, blocks: parts } : {
    kind: "parallel",
    blocks: parts,
  };
});
const system: Block = { kind: "series", blocks: subsystems };
Deno.bench("importanceMeasures(200-component diagram) (target < 100 ms)", () => {
  importanceMeasures(system, 1000);
});

// The same size with 10,000 minimal cut sets: two strings of 100 in parallel.
const strings: Block = {
  kind: "parallel",
  blocks: [0, 1].map((s): Block => ({
    kind: "series",
    blocks: Array.from({ length: 100 }, (_, i): Block => ({
      kind: "component",
      name: `s${s}c${i}`,
      reliability: 0.999 - 1e-4 * (i % 5),
    })),
  })),
};
Deno.bench("importanceMeasures(2 strings of 100 in parallel, 10,000 cut sets)", () => {
  importanceMeasures(strings, 0);
});

// Exact finite-n Kolmogorov distribution (Durbin / Marsaglia-Tsang-Wang) at typical sizes.
Deno.bench("kolmogorovDistribution(100, 0.1) exact", () => {
  kolmogorovDistribution(100, 0.1);
});
Deno.bench("kolmogorovDistribution(1000, 0.04) exact (n·d = 40)", () => {
  kolmogorovDistribution(1000, 0.04);
});

// The 200-component diagram as a fault tree with a beta-factor common cause in each of
// its 50 subsystems (shared events: the exact BDD path with cut sets).
// Every subsystem's units 0 and 1 made identical (rate 1e-5/s) so that they form a group.
const identical = JSON.parse(
  JSON.stringify(system).replace(
    /"name":"(s\d+c[01])","lifetime":\{[^}]*\}/g,
    (_, name) => `"name":"${name}","lifetime":{"kind":"exponential","ratePerSecond":1e-5}`,
  ),
) as Block;
let withCommonCause: FaultTree = faultTreeFromBlock(identical);
for (let s = 0; s < 50; s += 1) {
  withCommonCause = applyBetaFactor(withCommonCause, {
    events: [`s${s}c0`, `s${s}c1`],
    beta: 0.05,
  });
}
Deno.bench("faultTreeImportance(200 events + 50 common causes, BDD)", () => {
  faultTreeImportance(withCommonCause, 1000);
});
