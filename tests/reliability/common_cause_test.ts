import assert from "node:assert/strict";
import { applyBetaFactor } from "../../lib/reliability/common_cause.ts";
import { type FaultTree, topEventProbability } from "../../lib/reliability/fault_tree.ts";
import { faultTreeCutSets } from "../../lib/reliability/minimal_sets.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { exponential } from "../../lib/random/exponential.ts";

const rate = 2e-4;
const unit = (name: string): FaultTree => ({
  kind: "event",
  name,
  lifetime: { kind: "exponential", ratePerSecond: rate },
});
/** Two failures out of three fail a TMR system. */
const tmr: FaultTree = { kind: "vote", k: 2, inputs: [unit("a"), unit("b"), unit("c")] };

Deno.test("applyBetaFactor() on TMR matches the closed form 1 - e^(-βλt)(1 - Q_2oo3((1-β)λt))", () => {
  for (const beta of [0, 0.05, 0.3, 1]) {
    const tree = applyBetaFactor(tmr, { events: ["a", "b", "c"], beta });
    for (const t of [10, 1000, 5000]) {
      const qi = -Math.expm1(-(1 - beta) * rate * t);
      const indep = 3 * qi * qi * (1 - qi) + qi ** 3;
      const want = 1 - Math.exp(-beta * rate * t) * (1 - indep);
      const got = topEventProbability(tree, t);
      assert.ok(
        Math.abs(got - want) <= 1e-14 * Math.max(1, want / 1e-14) ||
          Math.abs(got / want - 1) < 1e-12,
        `β ${beta} t ${t}: ${got} vs ${want}`,
      );
    }
  }
});

Deno.test("applyBetaFactor() keeps each member's own failure probability", () => {
  const tree = applyBetaFactor(tmr, { events: ["a", "b", "c"], beta: 0.2 });
  assert.ok(tree.kind === "vote");
  const t = 3000;
  const member = topEventProbability(tree.inputs[0]!, t);
  assert.ok(Math.abs(member - -Math.expm1(-rate * t)) < 1e-15);
  // Fixed probabilities: 1 - (1 - Q)^(1-β) and 1 - (1 - Q)^β, so the marginal is Q too,
  // and the common part is about βQ when Q is small.
  const fixed: FaultTree = {
    kind: "and",
    inputs: [{ kind: "event", name: "x", probability: 1e-3 }, {
      kind: "event",
      name: "y",
      probability: 1e-3,
    }],
  };
  const withCcf = applyBetaFactor(fixed, { events: ["x", "y"], beta: 0.1, name: "ccf" });
  assert.ok(withCcf.kind === "and");
  assert.ok(Math.abs(topEventProbability(withCcf.inputs[0]!) - 1e-3) < 1e-18);
  const q = topEventProbability(withCcf);
  assert.ok(Math.abs(q / (0.1e-3 + (0.9e-3) ** 2) - 1) < 1e-3, `${q}`);
  assert.deepEqual(faultTreeCutSets(withCcf), [["ccf"], ["x", "y"]]);
});

Deno.test("applyBetaFactor() TMR agrees with Monte Carlo of shared and own lifetimes (4σ)", () => {
  const beta = 0.1;
  const t = 4000;
  const missions = 100_000;
  const prng = createPrng(5, "beta-factor");
  let failed = 0;
  for (let m = 0; m < missions; m++) {
    const shared = exponential(prng, beta * rate);
    let down = 0;
    for (let i = 0; i < 3; i++) {
      if (Math.min(exponential(prng, (1 - beta) * rate), shared) <= t) down++;
    }
    if (down >= 2) failed++;
  }
  const p = topEventProbability(applyBetaFactor(tmr, { events: ["a", "b", "c"], beta }), t);
  const sigma = Math.sqrt((p * (1 - p)) / missions);
  assert.ok(Math.abs(failed / missions - p) < 4 * sigma, `${failed / missions} vs ${p}`);
});

Deno.test("applyBetaFactor() rejects bad groups with the field in the message", async (t) => {
  const cases: [unknown, RegExp][] = [
    [{ events: ["a", "b"], beta: 1.5 }, /group.beta must be in \[0, 1\]: current value is 1.5/],
    [{ events: ["a", "b"], beta: NaN }, /group.beta must be in \[0, 1\]: current value is NaN/],
    [{ events: ["a"], beta: 0.1 }, /group.events must be an array of at least 2 names/],
    [
      { events: ["a", "z"], beta: 0.1 },
      /group.events\[1\] must name an event of the tree: current value is "z"/,
    ],
    [{ events: ["a", "a"], beta: 0.1 }, /group.events\[1\] must be listed once/],
    [
      { events: ["a", "b"], beta: 0.1, name: "c" },
      /group.name must be a new non-empty event name: current value is "c"/,
    ],
  ];
  for (const [group, message] of cases) {
    await t.step(String(message), () =>
      assert.throws(
        () => applyBetaFactor(tmr, group as { events: string[]; beta: number }),
        { message },
      ));
  }
  await t.step("members must be identical", () =>
    assert.throws(
      () =>
        applyBetaFactor({
          kind: "or",
          inputs: [unit("a"), { kind: "event", name: "b", probability: 0.1 }],
        }, { events: ["a", "b"], beta: 0.1 }),
      { name: "RangeError", message: /group.events\[1\] must be identical to group.events\[0\]/ },
    ));
});

Deno.test("applyBetaFactor() and fault trees compare lifetimes by value, not by field order", () => {
  const a = {
    kind: "event",
    name: "a",
    lifetime: { kind: "exponential", ratePerSecond: 1e-4 },
  } as const;
  const b = {
    kind: "event",
    name: "b",
    lifetime: { ratePerSecond: 1e-4, kind: "exponential" },
  } as const;
  const tree = applyBetaFactor({ kind: "and", inputs: [a, b] }, { events: ["a", "b"], beta: 0.1 });
  const t = 100;
  const qi = -Math.expm1(-0.9e-4 * t);
  const qc = -Math.expm1(-0.1e-4 * t);
  assert.ok(Math.abs(topEventProbability(tree, t) - (qc + (1 - qc) * qi * qi)) < 1e-15);
  // The same event written twice with its lifetime's fields in another order.
  const again = {
    kind: "event",
    name: "a",
    lifetime: { ratePerSecond: 1e-4, kind: "exponential" },
  } as const;
  const c = { kind: "event", name: "c", probability: 0.5 } as const;
  const shared = {
    kind: "or",
    inputs: [{ kind: "and", inputs: [a, b] }, { kind: "and", inputs: [again, c] }],
  } as const;
  const qa = -Math.expm1(-1e-4 * t);
  assert.ok(Math.abs(topEventProbability(shared, t) - qa * (1 - (1 - qa) * 0.5)) < 1e-15);
});

Deno.test("applyBetaFactor() reads `lifetime: undefined` as a fixed event, as the fault tree does", () => {
  const ev = (name: string) =>
    ({ kind: "event", name, probability: 0.1, lifetime: undefined }) as unknown as FaultTree;
  const tree = applyBetaFactor({ kind: "and", inputs: [ev("a"), ev("b")] }, {
    events: ["a", "b"],
    beta: 0.1,
  });
  const qi = -Math.expm1(0.9 * Math.log1p(-0.1));
  const qc = -Math.expm1(0.1 * Math.log1p(-0.1));
  assert.ok(Math.abs(topEventProbability(tree) - (qc + (1 - qc) * qi * qi)) < 1e-15);
});
