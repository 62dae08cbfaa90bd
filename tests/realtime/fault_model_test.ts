import assert from "node:assert/strict";
import { drawFaults } from "../../lib/realtime/fault_model.ts";
import type { Platform, Processor } from "../../lib/realtime/model.ts";

const processor: Processor = {
  name: "p",
  capacity: 1,
  ramBytes: 2 ** 30,
  link: { bandwidthBytesPerSecond: 125e6 },
};
function platformOf(count: number): Platform {
  return {
    processors: Array.from({ length: count }, (_, i) => ({ ...processor, name: `p${i}` })),
    vms: [],
    placement: [],
  };
}

Deno.test("drawFaults() matches the exponential mean 1/λ and pDegraded within 4 standard errors over 20,000 missions", () => {
  const rate = 1e-3;
  const n = 20_000;
  let sum = 0;
  let degraded = 0;
  const platform = platformOf(1);
  for (let mission = 0; mission < n; mission++) {
    const [fault] = drawFaults(platform, {
      lifetimes: { kind: "exponential", ratePerSecond: rate },
      pDegraded: 0.3,
      seed: 5,
      missionIndex: mission,
    });
    sum += fault!.timeSeconds;
    if (fault!.kind === "degraded") degraded++;
  }
  // exponential: sd = mean, so the standard error of the mean is 1/(λ sqrt(n))
  assert.ok(Math.abs(sum / n - 1 / rate) < 4 / (rate * Math.sqrt(n)), `mean ${sum / n}`);
  assert.ok(
    Math.abs(degraded / n - 0.3) < 4 * Math.sqrt(0.3 * 0.7 / n),
    `degraded ${degraded / n}`,
  );
});

Deno.test("drawFaults() matches the Weibull CDF at its scale (1 - 1/e) within 1% over 20,000 draws", () => {
  const platform = platformOf(20_000);
  const faults = drawFaults(platform, {
    lifetimes: { kind: "weibull", shape: 2.5, scaleSeconds: 100 },
    pDegraded: 1,
    seed: 2,
  });
  const below = faults.filter((f) => f.timeSeconds <= 100).length / faults.length;
  assert.ok(Math.abs(below - (1 - Math.exp(-1))) < 0.01, `${below}`);
  assert.ok(faults.every((f) => f.kind === "degraded"));
});

Deno.test("drawFaults() uses one stream per (mission, processor): adding a processor or a horizon changes no other fault", () => {
  const options = {
    lifetimes: { kind: "exponential" as const, ratePerSecond: 1 },
    pDegraded: 0.5,
    seed: "s",
    missionIndex: 3,
  };
  const three = drawFaults(platformOf(3), options);
  const four = drawFaults(platformOf(4), options);
  assert.deepEqual(four.filter((f) => f.processorIndex < 3), three);
  const horizon = three[1]!.timeSeconds;
  assert.deepEqual(
    drawFaults(platformOf(3), { ...options, horizonSeconds: horizon }),
    three.slice(0, 2),
  );
  assert.notDeepEqual(drawFaults(platformOf(3), { ...options, missionIndex: 4 }), three);
  // in time order
  assert.ok(four.every((f, i) => i === 0 || four[i - 1]!.timeSeconds <= f.timeSeconds));
});

Deno.test("drawFaults() takes one lifetime per processor and pDegraded 0 gives only fail-stop faults", () => {
  const faults = drawFaults(platformOf(2), {
    lifetimes: [{ kind: "exponential", ratePerSecond: 1e6 }, {
      kind: "exponential",
      ratePerSecond: 1e-6,
    }],
    pDegraded: 0,
    seed: 1,
  });
  assert.deepEqual(faults.map((f) => [f.processorIndex, f.kind]), [[0, "fail-stop"], [
    1,
    "fail-stop",
  ]]);
  assert.deepEqual(drawFaults(platformOf(0), { lifetimes: [], pDegraded: 0, seed: 1 }), []);
});

Deno.test("drawFaults() rejects bad options", async (t) => {
  const lifetimes = { kind: "exponential" as const, ratePerSecond: 1 };
  await t.step("pDegraded outside [0, 1]", () => {
    assert.throws(() => drawFaults(platformOf(1), { lifetimes, pDegraded: 2, seed: 1 }), {
      name: "RangeError",
      message: "Cannot draw faults as options.pDegraded must be in [0, 1]: current value is 2",
    });
  });
  await t.step("lifetimes of the wrong length", () => {
    assert.throws(
      () => drawFaults(platformOf(2), { lifetimes: [lifetimes], pDegraded: 1, seed: 1 }),
      {
        name: "TypeError",
        message:
          "Cannot draw faults as options.lifetimes must be one distribution or one per processor (2): current value is an array of 1",
      },
    );
  });
  await t.step("negative horizon", () => {
    assert.throws(
      () => drawFaults(platformOf(1), { lifetimes, pDegraded: 1, seed: 1, horizonSeconds: -1 }),
      {
        name: "RangeError",
        message:
          "Cannot draw faults as options.horizonSeconds must be a finite number >= 0: current value is -1",
      },
    );
  });
  await t.step("a negative rate", () => {
    assert.throws(
      () =>
        drawFaults(platformOf(1), {
          lifetimes: { kind: "exponential", ratePerSecond: -1 },
          pDegraded: 1,
          seed: 1,
        }),
      RangeError,
    );
  });
});
