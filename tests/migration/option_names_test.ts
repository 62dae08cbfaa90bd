/**
 * A misspelt option name is refused, naming it, instead of leaving the option at its default
 * (`setupSecond` for `setupSeconds` ran with the preset's setup time): every technique, both
 * fidelities, and the closed forms.
 */
import assert from "node:assert/strict";
import {
  closedForm,
  closedFormOffline,
  closedFormPostCopy,
  closedFormPreCopy,
  estimatePreCopy,
  migrate,
  runTechnique,
  simulateHybrid,
  simulateOffline,
  simulatePostCopy,
  simulatePreCopy,
  simulateTimeSeriesPreCopy,
} from "../../lib/migration/mod.ts";

const vm = {
  pageCount: 256,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload: { kind: "uniform" as const, writesPerSecond: 100 },
};
const link = { bandwidthBytesPerSecond: 1e7 };
const bad = (options: object) => options as never;

Deno.test("the migration entry points refuse a misspelt option, naming it", async (t) => {
  const cases: [string, () => unknown, string, string][] = [
    [
      "migrate, pre-copy",
      () => migrate(vm, link, bad({ technique: "pre-copy", seed: 1, maxWrite: 10 })),
      "migrate",
      "maxWrite",
    ],
    [
      "migrate, post-copy",
      () => migrate(vm, link, bad({ technique: "post-copy", seed: 1, fech: "demand" })),
      "migrate",
      "fech",
    ],
    [
      "migrate, offline",
      () => migrate(vm, link, bad({ technique: "offline", seed: 1, setupSecond: 1 })),
      "migrate",
      "setupSecond",
    ],
    [
      "migrate, the closed form",
      () =>
        migrate(
          vm,
          link,
          bad({ technique: "pre-copy", fidelity: "closed-form", seed: 1, setupSecond: 1 }),
        ),
      "migrate",
      "setupSecond",
    ],
    [
      "migrate: pre-copy's options are not hybrid's",
      () => migrate(vm, link, bad({ technique: "pre-copy", seed: 1, preCopyRounds: 2 })),
      "migrate",
      "preCopyRounds",
    ],
    [
      "runTechnique",
      () => runTechnique("pre-copy", vm, link, bad({ seed: 1, setupSecond: 1 })),
      "migrate",
      "setupSecond",
    ],
    [
      "simulatePreCopy",
      () => simulatePreCopy(vm, link, bad({ seed: 1, stopRule: [] })),
      "migrate",
      "stopRule",
    ],
    [
      "simulatePreCopy takes no technique",
      () => simulatePreCopy(vm, link, bad({ seed: 1, technique: "pre-copy" })),
      "migrate",
      "technique",
    ],
    [
      "simulateOffline",
      () => simulateOffline(vm, link, bad({ seed: 1, setupSecond: 1 })),
      "migrate",
      "setupSecond",
    ],
    [
      "simulatePostCopy",
      () => simulatePostCopy(vm, link, bad({ seed: 1, maxSecond: 1 })),
      "simulate post-copy",
      "maxSecond",
    ],
    [
      "simulateHybrid",
      () => simulateHybrid(vm, link, bad({ seed: 1, preCopyRound: 2 })),
      "simulate hybrid migration",
      "preCopyRound",
    ],
    [
      "simulateTimeSeriesPreCopy",
      () => simulateTimeSeriesPreCopy(vm, link, bad({ seed: 1, historyRound: 2 })),
      "simulate time-series pre-copy",
      "historyRound",
    ],
    [
      "closedForm",
      () => closedForm(vm, link, bad({ technique: "pre-copy", setupSecond: 1 })),
      "compute a closed form",
      "setupSecond",
    ],
    [
      "closedFormOffline",
      () => closedFormOffline(vm, link, bad({ resumeSecond: 1 })),
      "compute the offline closed form",
      "resumeSecond",
    ],
    [
      "closedFormPostCopy",
      () => closedFormPostCopy(vm, link, bad({ fech: "prepaging" })),
      "compute the post-copy closed form",
      "fech",
    ],
    [
      "closedFormPreCopy takes no page-level sampler",
      () => closedFormPreCopy(vm, link, bad({ sampler: "counts" })),
      "compute the pre-copy closed form",
      "sampler",
    ],
    [
      "estimatePreCopy",
      () => estimatePreCopy(vm, link, bad({ modle: "pages" })),
      "compute the pre-copy closed form",
      "modle",
    ],
  ];
  for (const [label, run, action, key] of cases) {
    await t.step(label, () => {
      assert.throws(run, (e: Error) => {
        assert.equal(e.name, "TypeError", label);
        assert.ok(
          e.message.startsWith(`Cannot ${action} as "${key}" must be a known key of options`),
          `${label}: ${e.message}`,
        );
        return true;
      });
    });
  }
});

Deno.test("one options object serves every technique and both fidelities", async (t) => {
  await t.step("offline takes a sampler, which changes nothing, and checks it", () => {
    const plain = simulateOffline(vm, link, { seed: 1 });
    const { sampler: _, ...counted } = simulateOffline(vm, link, { seed: 1, sampler: "counts" });
    const { sampler: __, ...rest } = plain;
    assert.deepEqual(counted, rest);
    assert.throws(
      () => simulateOffline(vm, link, bad({ seed: 1, sampler: "bogus" })),
      /Cannot migrate as options\.sampler must be one of/,
    );
  });
  await t.step("under the closed form, the technique's page-level options are dropped", () => {
    const cf = migrate(vm, link, { technique: "pre-copy", fidelity: "closed-form", seed: 1 });
    const sampled = migrate(vm, link, {
      technique: "pre-copy",
      fidelity: "closed-form",
      seed: 1,
      sampler: "counts",
      maxWrites: 10,
    });
    assert.deepEqual(sampled, cf);
  });
  await t.step(
    "closedForm passes pre-copy no post-copy fetch, and offline no empty mechanisms",
    () => {
      const pre = closedForm(vm, link, { technique: "pre-copy" });
      assert.deepEqual(closedForm(vm, link, { technique: "pre-copy", fetch: "prepaging" }), pre);
      const off = closedForm(vm, link, { technique: "offline" });
      assert.deepEqual(closedForm(vm, link, { technique: "offline", mechanisms: {} }), off);
    },
  );
});
