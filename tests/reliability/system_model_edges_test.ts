import assert from "node:assert/strict";
import type { Block } from "../../lib/reliability/block_diagram.ts";
import { blockReliability } from "../../lib/reliability/block_diagram.ts";
import { applyBetaFactor } from "../../lib/reliability/common_cause.ts";
import {
  intervalProbabilities,
  transientProbabilities,
} from "../../lib/reliability/ctmc_transient.ts";
import type { FaultTree } from "../../lib/reliability/fault_tree.ts";
import { faultTreeFromBlock, topEventProbability } from "../../lib/reliability/fault_tree.ts";
import { accumulatedReward, steadyStateRewardRate } from "../../lib/reliability/markov_reward.ts";
import {
  migrationSystemReliability,
  reliabilityIncrease,
} from "../../lib/reliability/migration_system.ts";
import { faultTreeCutSets } from "../../lib/reliability/minimal_sets.ts";
import { faultTreeImportance } from "../../lib/reliability/importance.ts";
import { Bdd } from "../../lib/reliability/_bdd.ts";
import { mttf } from "../../lib/reliability/mttf.ts";

const rel = (got: number, want: number, tol: number, label = "") =>
  assert.ok(Math.abs(got - want) <= tol * Math.abs(want), `${label} ${got} vs ${want}`);

/** Repairable unit: 0 → 1 at λ = 1, 1 → 0 at μ = 3, so Λ = 3. */
const UNIT = { states: 2, rates: [[0, 1, 1], [1, 0, 3]] } as const;

/** Poisson(1.5) weight w_k = e^(-1.5) 1.5^k / k!. */
const w15 = (k: number): number => {
  let f = 1;
  for (let i = 2; i <= k; i++) f *= i;
  return (Math.exp(-1.5) * 1.5 ** k) / f;
};

const exp = (ratePerSecond: number): Block => ({
  kind: "component",
  lifetime: { kind: "exponential", ratePerSecond },
});

Deno.test("steadyStateRewardRate() adds the rates of repeated transitions of one pair", () => {
  // 0 → 1 twice (rates 1 and 2, so q01 = 3) and 1 → 0 at 3: π = (1/2, 1/2).
  // An impulse of 1 on 0 → 1 is earned q01 = 3 times per second in 0: ρ0 = 3,
  // so the long-run rate is π0 ρ0 = 3/2 (reading only the last rate would give 1).
  const model = {
    chain: { states: 2, rates: [[0, 1, 1], [0, 1, 2], [1, 0, 3]] } as const,
    impulseRewards: [[0, 1, 1]] as const,
  };
  rel(steadyStateRewardRate(model), 1.5, 1e-12);
});

Deno.test("accumulatedReward() error bound is t · max|ρ_i| · the L1 bound, negative ρ too", () => {
  // ρ = (-2, 0.5): max |ρ_i| = 2, so at t = 0.5 the bound is 0.5 · 2 · ε, where ε is the
  // L1 bound of intervalProbabilities() on the same chain and horizon.
  const model = { chain: UNIT, rewardRatesPerSecond: [-2, 0.5] };
  const { expectedReward, errorBound } = accumulatedReward(model, 0.5);
  const interval = intervalProbabilities(UNIT, 0.5);
  assert.ok(interval.errorBound > 0);
  assert.equal(errorBound, 0.5 * 2 * interval.errorBound);
  // Ā0(0.5) = 3/4 + (1/8)(1 - e^(-2)); E[Y] = 0.5 (-2 Ā0 + 0.5 (1 - Ā0)).
  const a0 = 0.75 + (1 - Math.exp(-2)) / 8;
  rel(expectedReward, 0.5 * (-2 * a0 + 0.5 * (1 - a0)), 1e-12);
});

Deno.test("transientProbabilities() rejects an initial distribution summing to 1 + 1e-6", () => {
  assert.throws(
    () => transientProbabilities(UNIT, 1, { initial: [0.5, 0.500001] }),
    (e: unknown) => e instanceof RangeError && /options\.initial must sum to 1/.test(e.message),
  );
});

Deno.test("transientProbabilities() ends the sum once w_(K+1)/(1 - Λt/(K+2)) <= tol", () => {
  // Λt = 3 · 0.5 = 1.5, tolerance 1e-3. The bound after summing k = 0..K:
  // K = 5: w6/(1 - 1.5/7) = 0.003530/0.7857 ≈ 4.49e-3 > 1e-3;
  // K = 6: w7/(1 - 1.5/8) = 0.000756/0.8125 ≈ 9.31e-4 <= 1e-3, so 7 terms are summed.
  const { probabilities, errorBound, steps } = transientProbabilities(UNIT, 0.5, {
    tolerance: 1e-3,
  });
  assert.equal(steps, 7);
  rel(errorBound, w15(7) / (1 - 1.5 / 8), 1e-12);
  // The bound holds: |π0 - (3/4 + 1/4 e^(-2))| <= errorBound (and the cut is visible).
  const err = Math.abs(probabilities[0]! - (0.75 + 0.25 * Math.exp(-2)));
  assert.ok(err <= errorBound && err > 1e-6, `${err}`);
});

Deno.test("transientProbabilities() throws when the terms needed exceed maxSteps", () => {
  // The case above needs exactly 7 terms: maxSteps 7 is enough, 6 is not.
  assert.equal(transientProbabilities(UNIT, 0.5, { tolerance: 1e-3, maxSteps: 7 }).steps, 7);
  assert.throws(
    () => transientProbabilities(UNIT, 0.5, { tolerance: 1e-3, maxSteps: 6 }),
    (e: unknown) => e instanceof RangeError && /must be <= options\.maxSteps \(6\)/.test(e.message),
  );
});

Deno.test("intervalProbabilities() bound is w_(K+2)/((1 - Λt/(K+3))² Λt) at the cut", () => {
  // Λt = 1.5, tolerance 1e-3. K = 4: w6/((1 - 1.5/7)² 1.5) ≈ 3.81e-3 > 1e-3;
  // K = 5: w7/((1 - 1.5/8)² 1.5) ≈ 7.64e-4 <= 1e-3, so 6 terms are summed.
  const { probabilities, errorBound, steps } = intervalProbabilities(UNIT, 0.5, {
    tolerance: 1e-3,
  });
  assert.equal(steps, 6);
  rel(errorBound, w15(7) / ((1 - 1.5 / 8) ** 2 * 1.5), 1e-12);
  const err = Math.abs(probabilities[0]! - (0.75 + (1 - Math.exp(-2)) / 8));
  assert.ok(err <= errorBound, `${err}`);
});

Deno.test("mttf() of a series of an exponential and a Weibull of another shape", () => {
  // R(t) = e^(-t) e^(-t²): ∫ e^(-t - t²) dt = e^(1/4) (√π/2) erfc(1/2)
  // = 0.545641360765047042... (30-digit quadrature); no single-Weibull closed form.
  const block: Block = {
    kind: "series",
    blocks: [exp(1), {
      kind: "component",
      lifetime: { kind: "weibull", shape: 2, scaleSeconds: 1 },
    }],
  };
  rel(mttf(block), 0.545641360765047, 1e-9);
});

Deno.test("mttf() of a 1-out-of-2 of different exponentials is the parallel MTTF", () => {
  // 1-out-of-2 = parallel: 1/λ1 + 1/λ2 - 1/(λ1 + λ2) = 1 + 1/3 - 1/4 = 13/12 (integrated).
  const oneOfTwo: Block = { kind: "k-out-of-n", k: 1, blocks: [exp(1), exp(3)] };
  rel(mttf(oneOfTwo), 13 / 12, 1e-9);
  // 2-out-of-2 = series: 1/(1 + 3) (closed form).
  rel(mttf({ kind: "k-out-of-n", k: 2, blocks: [exp(1), exp(3)] }), 0.25, 1e-13);
});

Deno.test("blockReliability() keeps a tiny parallel reliability (1e-200 each)", () => {
  // R = 1 - (1 - 1e-200)² = 2e-200 - 1e-400, i.e. 2e-200 in double precision.
  const c: Block = { kind: "component", reliability: 1e-200 };
  rel(blockReliability({ kind: "parallel", blocks: [c, c] }, 0), 2e-200, 1e-12);
});

Deno.test("blockReliability() rejects a name shared by a component and an identical block", () => {
  const a: Block = { kind: "component", reliability: 0.9, name: "a" };
  const block: Block = {
    kind: "series",
    blocks: [a, { kind: "k-out-of-n-identical", k: 1, n: 2, block: a }],
  };
  assert.throws(() => blockReliability(block, 0), {
    name: "RangeError",
    message: "Cannot compute block reliability as block.blocks[1].block.name must be unique " +
      'in the diagram (also at block.blocks[0]): current value is "a"',
  });
});

Deno.test("applyBetaFactor() splits a Weibull scale as η(1 - β)^(-1/k) and ηβ^(-1/k)", () => {
  // k = 2, η = 100, β = 0.36: member scale 100/√0.64 = 125, CCF scale 100/√0.36 = 500/3.
  const pump = (name: string): FaultTree => ({
    kind: "event",
    name,
    lifetime: { kind: "weibull", shape: 2, scaleSeconds: 100 },
  });
  const tree = applyBetaFactor({ kind: "and", inputs: [pump("a"), pump("b")] }, {
    events: ["a", "b"],
    beta: 0.36,
  });
  const scale = (node: FaultTree | undefined): number => {
    assert.ok(node?.kind === "event" && "lifetime" in node && node.lifetime.kind === "weibull");
    assert.equal(node.lifetime.shape, 2);
    return node.lifetime.scaleSeconds;
  };
  assert.ok(tree.kind === "and");
  const first = tree.inputs[0];
  assert.ok(first?.kind === "or" && first.inputs.length === 2);
  rel(scale(first.inputs[0]), 125, 1e-12);
  rel(scale(first.inputs[1]), 500 / 3, 1e-12);
  // At t = 50: q_i = 1 - e^(-(50/125)²) = 1 - e^(-0.16), q_c = 1 - e^(-(50·3/500)²)
  // = 1 - e^(-0.09); top = q_c + (1 - q_c) q_i².
  const qi = -Math.expm1(-0.16);
  const qc = -Math.expm1(-0.09);
  rel(topEventProbability(tree, 50), qc + (1 - qc) * qi * qi, 1e-12);
});

Deno.test("migrationSystemReliability() takes k = m when only canHost(m) is true", () => {
  // m = 3 and only 3 working processors can host: k = 3, R_mig = R³ = 0.729 (not the
  // 2-out-of-3 value 3R² - 2R³ = 0.972).
  const system = { processors: 3, canHost: (w: number) => w >= 3, componentReliability: 0.9 };
  assert.equal(reliabilityIncrease(system).requiredProcessors, 3);
  rel(migrationSystemReliability(system), 0.729, 1e-12);
});

Deno.test("reliabilityIncrease() rejects hostingProcessors below requiredProcessors", () => {
  assert.throws(
    () =>
      reliabilityIncrease({
        processors: 4,
        requiredProcessors: 3,
        hostingProcessors: 2,
        componentReliability: 0.9,
      }),
    (e: unknown) => e instanceof RangeError && /system\.hostingProcessors/.test(e.message),
  );
});

Deno.test("reliabilityIncrease() breakEvenCoverage is 0 when R = 1, even with spares", () => {
  const gain = reliabilityIncrease({
    processors: 3,
    requiredProcessors: 2,
    hostingProcessors: 2,
    componentReliability: 1,
    coverage: 0.5,
  });
  assert.equal(gain.breakEvenCoverage, 0);
});

Deno.test("reliabilityIncrease() break-even c is 1/2 at m = 2, k = h = 1, and is reached", () => {
  // R_mig(c) = R² + 2R(1 - R)c = 0.81 + 0.18c and R^h = 0.9: equal at c* = 1/2.
  const system = {
    processors: 2,
    requiredProcessors: 1,
    hostingProcessors: 1,
    componentReliability: 0.9,
  };
  const c = reliabilityIncrease({ ...system, coverage: 0 }).breakEvenCoverage;
  assert.ok(Math.abs(c - 0.5) <= 1e-12, `${c}`);
  // "difference >= 0 iff c >= c*": at c* itself migration does not lower reliability.
  assert.ok(reliabilityIncrease({ ...system, coverage: c }).difference >= 0);
});

Deno.test("faultTreeCutSets() absorbs correctly past 32 events (a second bitset word)", () => {
  // a0..a31 are events 0..31, x is 32, y is 33; the inputs share a0, so sets are absorbed.
  const ev = (name: string): FaultTree => ({ kind: "event", name, probability: 0.1 });
  const many = Array.from({ length: 32 }, (_, i) => `a${i}`);
  const tree: FaultTree = {
    kind: "or",
    inputs: [
      { kind: "and", inputs: many.map(ev) },
      ev("x"),
      { kind: "and", inputs: [ev("a0"), ev("y")] },
    ],
  };
  assert.deepEqual(faultTreeCutSets(tree), [["x"], ["a0", "y"], many]);
});

Deno.test("faultTreeCutSets() sorts the sets by size when a gate needs no absorption", () => {
  // OR(AND(a, b), c) over disjoint inputs: {a, b} comes first in the tree, {c} first out.
  const ev = (name: string): FaultTree => ({ kind: "event", name, probability: 0.1 });
  const tree: FaultTree = {
    kind: "or",
    inputs: [{ kind: "and", inputs: [ev("a"), ev("b")] }, ev("c")],
  };
  assert.deepEqual(faultTreeCutSets(tree), [["c"], ["a", "b"]]);
});

Deno.test("mttf() of 3 different exponentials in parallel is the inclusion–exclusion sum", () => {
  // Σ_{S≠∅} (-1)^(|S|+1)/Σλ: 1 + 1/2 + 1/3 - 1/3 - 1/4 - 1/5 + 1/6 = 73/60 (closed form).
  rel(mttf({ kind: "parallel", blocks: [exp(1), exp(2), exp(3)] }), 73 / 60, 1e-14);
});

Deno.test("validation rejects out-of-range fields that would otherwise compute", async (t) => {
  const throwsOn = (f: () => unknown, kind: typeof RangeError, field: RegExp) =>
    assert.throws(f, (e: unknown) => e instanceof kind && field.test((e as Error).message));
  await t.step("three reward rates for a two-state chain", () => {
    throwsOn(
      () => steadyStateRewardRate({ chain: UNIT, rewardRatesPerSecond: [1, 0, 0] }),
      TypeError,
      /model\.rewardRatesPerSecond must be an array of 2 numbers/,
    );
  });
  await t.step("an initial distribution with a negative entry summing to 1", () => {
    throwsOn(
      () => transientProbabilities(UNIT, 1, { initial: [1.5, -0.5] }),
      RangeError,
      /options\.initial\[0\]/,
    );
  });
  await t.step("a fractional maxSteps that is never reached", () => {
    // 100.5 steps would be plenty for Λt = 3: only the integer check can reject it.
    const maxSteps = /options\.maxSteps must be an integer/;
    throwsOn(() => transientProbabilities(UNIT, 1, { maxSteps: 100.5 }), RangeError, maxSteps);
    throwsOn(() => intervalProbabilities(UNIT, 1, { maxSteps: 100.5 }), RangeError, maxSteps);
  });
  await t.step("a fixed reliability above 1", () => {
    throwsOn(
      () => blockReliability({ kind: "component", reliability: 1.5 }, 0),
      RangeError,
      /block\.reliability/,
    );
  });
  await t.step("an empty component name in a fault tree from a diagram", () => {
    throwsOn(
      () => faultTreeFromBlock({ kind: "component", reliability: 0.9, name: "" }),
      TypeError,
      /block\.name must be a non-empty string/,
    );
  });
});

Deno.test("faultTreeCutSets() allows exactly maxSets sets and throws on one more", () => {
  // OR(a, b, c) over disjoint events has the 3 cut sets {a}, {b}, {c}.
  const ev = (name: string): FaultTree => ({ kind: "event", name, probability: 0.1 });
  const tree: FaultTree = { kind: "or", inputs: [ev("a"), ev("b"), ev("c")] };
  assert.deepEqual(faultTreeCutSets(tree, { maxSets: 3 }), [["a"], ["b"], ["c"]]);
  assert.throws(
    () => faultTreeCutSets(tree, { maxSets: 2 }),
    (e: unknown) =>
      e instanceof RangeError &&
      /must be <= options\.maxSets \(2\): current value is 3/.test(e.message),
  );
  assert.throws(
    () => faultTreeCutSets(tree, { maxSets: 3.5 }),
    (e: unknown) => e instanceof RangeError && /options\.maxSets/.test(e.message),
  );
});

Deno.test("faultTreeImportance() rejects a negative time and a fractional maxCutSets", () => {
  const ev = (name: string): FaultTree => ({ kind: "event", name, probability: 0.1 });
  const tree: FaultTree = { kind: "or", inputs: [ev("a"), ev("b")] };
  assert.throws(
    () => faultTreeImportance(tree, -1),
    (e: unknown) => e instanceof RangeError && /tSeconds/.test(e.message),
  );
  assert.throws(
    () => faultTreeImportance(tree, 0, { maxCutSets: 2.5 }),
    (e: unknown) => e instanceof RangeError && /options\.maxCutSets/.test(e.message),
  );
});

Deno.test("Bdd throws once a diagram would pass its node limit", () => {
  // Nodes 0 and 1 are the terminals: with maxNodes = 3 the first event is node 2, the
  // second would be node 3.
  const bdd = new Bdd(3);
  assert.equal(bdd.event(0), 2);
  assert.throws(() => bdd.event(1), {
    name: "RangeError",
    message: "Cannot build the decision diagram as its node count must be <= 3: current value is 3",
  });
});
