import assert from "node:assert/strict";
import fc from "npm:fast-check@4.10.2";
import { supplyBound } from "../../lib/realtime/mod.ts";

Deno.test("supplyBound() of Γ = (5, 2) matches the hand-drawn worst case", () => {
  // Blackout 2(Π − Θ) = 6, then 2 of supply, 3 without, 2 of supply, ...
  const server = { periodSeconds: 5, budgetSeconds: 2 };
  const expected: [number, number][] = [
    [0, 0],
    [3, 0],
    [6, 0],
    [7, 1],
    [8, 2],
    [10, 2],
    [11, 2],
    [12, 3],
    [13, 4],
    [16, 4],
    [17.5, 5.5],
    [18, 6],
  ];
  for (const [t, s] of expected) assert.equal(supplyBound(server, t), s, `sbf(${t})`);
});

Deno.test("supplyBound() is t for a dedicated server (Θ = Π)", () => {
  for (const t of [0, 0.5, 3, 1e6]) {
    assert.equal(supplyBound({ periodSeconds: 2, budgetSeconds: 2 }, t), t);
  }
});

Deno.test("supplyBound() lies between the linear bounds α(t − 2(Π − Θ)) and α(t − (Π − Θ)) and is non-decreasing", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.001, max: 10, noNaN: true }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 5, noNaN: true }),
      (period, share, t, dt) => {
        const server = { periodSeconds: period, budgetSeconds: period * share };
        const alpha = server.budgetSeconds / period;
        const gap = period - server.budgetSeconds;
        const s = supplyBound(server, t);
        const eps = 1e-9 * Math.max(1, t);
        assert.ok(s >= alpha * (t - 2 * gap) - eps, "lower linear bound");
        assert.ok(s <= Math.max(0, alpha * (t - gap)) + eps, "upper linear bound");
        assert.ok(supplyBound(server, t + dt) >= s - eps, "monotone");
      },
    ),
    { seed: 2026, numRuns: 2000, endOnFailure: true },
  );
});

Deno.test("supplyBound() rejects a budget above the period", () => {
  assert.throws(() => supplyBound({ periodSeconds: 1, budgetSeconds: 2 }, 1), {
    name: "RangeError",
    message:
      "Cannot compute the supply bound as server.budgetSeconds must be <= periodSeconds (1): current value is 2",
  });
});
