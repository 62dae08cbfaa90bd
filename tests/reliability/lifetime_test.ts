import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import {
  densityAt,
  drawLifetime,
  hazardAt,
  type LifetimeDistribution,
  meanLifetime,
  reliabilityAt,
  unreliabilityAt,
} from "../../lib/reliability/lifetime.ts";

const EXP: LifetimeDistribution = { kind: "exponential", ratePerSecond: 2e-3 };
const WEI: LifetimeDistribution = { kind: "weibull", shape: 1.5, scaleSeconds: 400 };

Deno.test("reliabilityAt() is e^(-λt) and e^(-(t/η)^k), with unreliability 1 - R", async (t) => {
  await t.step("exponential", () => {
    assert.ok(Math.abs(reliabilityAt(EXP, 500) - Math.exp(-1)) < 1e-15);
    assert.equal(reliabilityAt(EXP, 0), 1);
  });
  await t.step("weibull", () => {
    assert.ok(Math.abs(reliabilityAt(WEI, 400) - Math.exp(-1)) < 1e-15);
    assert.ok(Math.abs(reliabilityAt(WEI, 100) - Math.exp(-(0.25 ** 1.5))) < 1e-15);
  });
  await t.step("Infinity gives 0", () => assert.equal(reliabilityAt(WEI, Infinity), 0));
  await t.step("unreliability keeps relative precision", () => {
    assert.ok(Math.abs(unreliabilityAt(EXP, 250) - (1 - Math.exp(-0.5))) < 1e-15);
    const tiny = unreliabilityAt({ kind: "weibull", shape: 2, scaleSeconds: 1 }, 1e-6);
    assert.ok(Math.abs(tiny / 1e-12 - 1) < 1e-9);
  });
});

Deno.test("densityAt() equals h(t)R(t) and the numerical derivative of 1 - R(t)", () => {
  for (const dist of [EXP, WEI]) {
    for (const t of [10, 300, 900]) {
      const f = densityAt(dist, t);
      const numerical = (reliabilityAt(dist, t - 1e-3) - reliabilityAt(dist, t + 1e-3)) / 2e-3;
      assert.ok(Math.abs(f / numerical - 1) < 1e-6, `${dist.kind} ${t}`);
      assert.ok(Math.abs(f - hazardAt(dist, t) * reliabilityAt(dist, t)) < 1e-18);
    }
  }
});

Deno.test("densityAt() at t = Infinity is 0, not NaN", () => {
  for (const shape of [0.5, 1, 1.5, 3]) {
    assert.equal(
      densityAt({ kind: "weibull", shape, scaleSeconds: 400 }, Infinity),
      0,
      `k ${shape}`,
    );
  }
  assert.equal(densityAt(EXP, Infinity), 0);
  // Underflowed R far out gives 0 as well, and the limit is continuous.
  assert.equal(densityAt(WEI, 1e300), 0);
});

Deno.test("hazardAt() is constant for the exponential and (k/η)(t/η)^(k-1) for the Weibull", () => {
  assert.equal(hazardAt(EXP, 0), 2e-3);
  assert.equal(hazardAt(EXP, 1e9), 2e-3);
  assert.ok(Math.abs(hazardAt(WEI, 400) - 1.5 / 400) < 1e-18);
  assert.equal(hazardAt({ kind: "weibull", shape: 0.5, scaleSeconds: 1 }, 0), Infinity);
});

Deno.test("meanLifetime() is 1/λ and ηΓ(1 + 1/k) for Γ values known in closed form", () => {
  assert.equal(meanLifetime(EXP), 500);
  // Γ(3) = 2, Γ(1.5) = √π/2, Γ(4/3) = 0.8929795115692492 (tables), Γ(11) = 10!.
  assert.ok(Math.abs(meanLifetime({ kind: "weibull", shape: 0.5, scaleSeconds: 3 }) - 6) < 1e-13);
  assert.ok(
    Math.abs(
      meanLifetime({ kind: "weibull", shape: 2, scaleSeconds: 1 }) - Math.sqrt(Math.PI) / 2,
    ) <
      1e-15,
  );
  assert.ok(
    Math.abs(meanLifetime({ kind: "weibull", shape: 3, scaleSeconds: 1 }) - 0.8929795115692492) <
      1e-14,
  );
  assert.ok(
    Math.abs(meanLifetime({ kind: "weibull", shape: 0.1, scaleSeconds: 1 }) / 3628800 - 1) < 1e-13,
  );
});

Deno.test("drawLifetime() sample means match meanLifetime() within 1% over 100,000 draws", () => {
  for (const dist of [EXP, WEI]) {
    const prng = createPrng(7, "lifetime", dist.kind);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += drawLifetime(prng, dist);
    assert.ok(Math.abs(sum / 100_000 / meanLifetime(dist) - 1) < 0.01, dist.kind);
  }
});

Deno.test("lifetime functions reject bad distributions and times", async (t) => {
  await t.step(
    "negative rate",
    () =>
      assert.throws(() => reliabilityAt({ kind: "exponential", ratePerSecond: -1 }, 1), {
        name: "RangeError",
        message:
          "Cannot compute reliability as dist.ratePerSecond must be a finite number > 0: current value is -1",
      }),
  );
  await t.step("unknown kind", () =>
    assert.throws(
      () => meanLifetime({ kind: "gamma" } as unknown as LifetimeDistribution),
      {
        name: "TypeError",
        message:
          'Cannot compute mean lifetime as dist.kind must be one of "exponential", "weibull": current value is "gamma"',
      },
    ));
  await t.step("negative time", () =>
    assert.throws(() => hazardAt(WEI, -1), {
      name: "RangeError",
      message: "Cannot compute hazard as tSeconds must be a number >= 0: current value is -1",
    }));
  await t.step("NaN shape", () =>
    assert.throws(
      () => drawLifetime(() => 0.5, { kind: "weibull", shape: NaN, scaleSeconds: 1 }),
      RangeError,
    ));
});
