import assert from "node:assert/strict";
import { monteCarloObservations } from "../../lib/reliability/monte_carlo_observations.ts";
import { monteCarloReliability } from "../../lib/reliability/monte_carlo.ts";
import { fitExponential } from "../../lib/reliability/fit_exponential.ts";
import { fitWeibull } from "../../lib/reliability/fit_weibull.ts";

Deno.test("monteCarloObservations() gives one failure per failed mission and one censored observation per survivor", () => {
  const result = monteCarloReliability(
    {
      processorCount: 3,
      requiredProcessors: 2,
      lifetime: { kind: "exponential", ratePerSecond: 1e-3 },
    },
    { missions: 1000, missionSeconds: 500, seed: 1 },
  );
  const observations = monteCarloObservations(result);
  assert.equal(observations.length, 1000);
  assert.deepEqual(
    observations.filter((o) => !o.censored).map((o) => o.timeSeconds),
    result.failureTimesSeconds,
  );
  assert.ok(observations.filter((o) => o.censored).every((o) => o.timeSeconds === 500));
  assert.equal(observations.filter((o) => o.censored).length, result.points[0]!.survivals);
});

Deno.test("monteCarloObservations() of a one-processor system lets fitExponential() recover λ within its 95% interval, censoring included", () => {
  const rate = 2e-4;
  const result = monteCarloReliability(
    {
      processorCount: 1,
      requiredProcessors: 1,
      lifetime: { kind: "exponential", ratePerSecond: rate },
    },
    { missions: 50_000, missionSeconds: 5000, seed: 4 },
  );
  const fit = fitExponential(monteCarloObservations(result));
  assert.ok(
    fit.intervals.ratePerSecond.lower <= rate && rate <= fit.intervals.ratePerSecond.upper,
    JSON.stringify(fit.intervals),
  );
  // closed-form MLE: failures / total time on test
  const total = result.failureTimesSeconds.reduce((s, t) => s + t, 0) +
    (50_000 - result.failureTimesSeconds.length) * 5000;
  assert.ok(
    Math.abs(fit.parameters.ratePerSecond - result.failureTimesSeconds.length / total) < 1e-15,
  );
});

Deno.test("monteCarloObservations() of a Weibull processor lets fitWeibull() recover shape and scale within 3%", () => {
  const result = monteCarloReliability(
    {
      processorCount: 1,
      requiredProcessors: 1,
      lifetime: { kind: "weibull", shape: 2, scaleSeconds: 1000 },
    },
    { missions: 50_000, missionSeconds: 1500, seed: 5 },
  );
  const fit = fitWeibull(monteCarloObservations(result));
  assert.ok(Math.abs(fit.parameters.shape / 2 - 1) < 0.03, `${fit.parameters.shape}`);
  assert.ok(
    Math.abs(fit.parameters.scaleSeconds / 1000 - 1) < 0.03,
    `${fit.parameters.scaleSeconds}`,
  );
});
