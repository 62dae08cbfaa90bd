import assert from "node:assert/strict";
import type { Block } from "../../lib/reliability/block_diagram.ts";
import { mttf } from "../../lib/reliability/mttf.ts";

const exp = (ratePerSecond: number): Block => ({
  kind: "component",
  lifetime: { kind: "exponential", ratePerSecond },
});
const wei = (shape: number, scaleSeconds: number): Block => ({
  kind: "component",
  lifetime: { kind: "weibull", shape, scaleSeconds },
});
const close = (a: number, b: number, rel: number) =>
  assert.ok(Math.abs(a / b - 1) < rel, `${a} vs ${b}`);

Deno.test("mttf() closed forms equal their textbook formulas, and numerical integration agrees within 1e-9", async (t) => {
  const cases: [string, Block, number][] = [
    ["series of exponentials 1/Σλ", { kind: "series", blocks: [exp(1), exp(2), exp(3)] }, 1 / 6],
    ["parallel of 3 identical exponentials (1/λ)(1 + 1/2 + 1/3)", {
      kind: "parallel",
      blocks: [exp(2), exp(2), exp(2)],
    }, (1 + 1 / 2 + 1 / 3) / 2],
    ["parallel of 2 different exponentials 1/λ1 + 1/λ2 - 1/(λ1+λ2)", {
      kind: "parallel",
      blocks: [exp(1), exp(3)],
    }, 1 + 1 / 3 - 1 / 4],
    ["TMR 5/(6λ)", { kind: "k-out-of-n-identical", k: 2, n: 3, block: exp(0.01) }, 5 / 0.06],
    ["3-out-of-5 (1/λ)(1/3 + 1/4 + 1/5)", {
      kind: "k-out-of-n",
      k: 3,
      blocks: [exp(1), exp(1), exp(1), exp(1), exp(1)],
    }, 1 / 3 + 1 / 4 + 1 / 5],
    ["Weibull series of one shape η(Σ η_i^-k)^(-1/k) Γ(1 + 1/k)", {
      kind: "series",
      blocks: [wei(2, 3), wei(2, 4)],
    }, (12 / 5) * (Math.sqrt(Math.PI) / 2)],
    ["n identical Weibulls in series η n^(-1/k) Γ(1 + 1/k)", {
      kind: "k-out-of-n-identical",
      k: 4,
      n: 4,
      block: wei(0.5, 1),
    }, 2 / 16],
  ];
  for (const [name, block, want] of cases) {
    await t.step(name, () => {
      close(mttf(block), want, 1e-13);
      close(mttf(block, { method: "numerical" }), want, 1e-9);
    });
  }
});

Deno.test("mttf() integrates diagrams without a closed form within 1e-8 of an independent reference", () => {
  // Parallel of two Weibull(2, 1): ∫ 1 - (1 - e^(-t²))² dt = 2·√π/2 - √(π/2)/2.
  const par: Block = { kind: "parallel", blocks: [wei(2, 1), wei(2, 1)] };
  close(mttf(par), Math.sqrt(Math.PI) - Math.sqrt(Math.PI / 2) / 2, 1e-8);
  // Parallel of exponential and Weibull shape 1 = exponential: inclusion–exclusion.
  const mixed: Block = { kind: "parallel", blocks: [exp(1), wei(2, 1), exp(2)] };
  const v = mttf(mixed);
  assert.ok(v > 1 && v < 1 + Math.sqrt(Math.PI) / 2 + 0.5);
});

Deno.test("mttf() is Infinity for a structure that never fails and rejects fixed reliabilities", () => {
  assert.equal(mttf({ kind: "k-out-of-n-identical", k: 0, n: 2, block: exp(1) }), Infinity);
  assert.throws(
    () => mttf({ kind: "series", blocks: [exp(1), { kind: "component", reliability: 0.9 }] }),
    {
      name: "TypeError",
      message:
        'Cannot compute MTTF as block.blocks[1].lifetime must be a lifetime distribution: current value is {"kind":"component","reliability":0.9}',
    },
  );
});

Deno.test("mttf() of a very slowly decaying Weibull is its finite mean, not Infinity", () => {
  // Shape 0.007: R(Number.MAX_VALUE) = e^(-143) > 0, yet the mean Γ(1 + 1/0.007) is finite
  // (1.896105725838783e+247 by scipy.special.gamma).
  const slow = {
    kind: "component",
    lifetime: { kind: "weibull", shape: 0.007, scaleSeconds: 1 },
  } as const;
  const got = mttf(slow);
  assert.ok(Math.abs(got / 1.896105725838783e247 - 1) < 1e-12, `${got}`);
  const pair = { kind: "series", blocks: [slow, slow] } as const;
  // Series of one shape: scale 2^(-1/k).
  assert.ok(Math.abs(mttf(pair) / (1.896105725838783e247 * 2 ** (-1 / 0.007)) - 1) < 1e-11);
});

Deno.test("mttf() without a closed form is Infinity when R survives past Number.MAX_VALUE", () => {
  // A parallel pair with a Weibull of shape 0.001: R(Number.MAX_VALUE) ≈ e^(-2) > 0, and
  // the mean of that Weibull alone, Γ(1001), overflows.
  const heavy = {
    kind: "component",
    lifetime: { kind: "weibull", shape: 0.001, scaleSeconds: 1 },
  } as const;
  const pair = { kind: "parallel", blocks: [heavy, exp(1)] } as const;
  assert.equal(mttf(pair), Infinity);
  assert.equal(mttf(pair, { method: "numerical" }), Infinity);
});

Deno.test("mttf() integrates on a finite scale when a component's mean overflows", () => {
  // Series of a Weibull with shape 0.001 (mean Γ(1001) overflows) and an exponential of
  // rate 1: ∫ e^(-t^0.001 - t) dt = 0.368091786614200681 (mpmath.quad, 30 digits); was 0.
  const heavy = {
    kind: "component",
    lifetime: { kind: "weibull", shape: 0.001, scaleSeconds: 1 },
  } as const;
  const got = mttf({ kind: "series", blocks: [heavy, exp(1)] });
  assert.ok(Math.abs(got / 0.368091786614200681 - 1) < 1e-9, `${got}`);
});
