/**
 * A misspelt option name is refused, naming it, across the fleet, the network, the advisor and
 * the study (`maxConcurent` ran unlimited, `fidelty` ran the closed form).
 */
import assert from "node:assert/strict";
import { evacuateHost, resolveAdmissionLimits, simulateMigrations } from "../../lib/fleet/mod.ts";
import { createFlowNetwork, validateNetwork } from "../../lib/network/mod.ts";
import { adviceCandidates, advise } from "../../lib/advisor/mod.ts";
import { runStudy } from "../../lib/study/mod.ts";
import { bad, refuses } from "../_refuses.ts";

const vm = {
  pageCount: 250,
  pageSizeBytes: 4000,
  stateBytes: 0,
  workload: { kind: "idle" as const },
};
const network = { links: [{ id: "uplink", bandwidthBytesPerSecond: 1e6 }] };
const request = {
  id: "a",
  vm,
  sourceHost: "s",
  destinationHost: "d",
  route: ["uplink"],
  technique: "offline" as const,
};

Deno.test("fleet, network, advisor and study refuse a misspelt option, naming it", async (t) => {
  const cases: [string, () => unknown, string][] = [
    [
      "evacuateHost",
      () => evacuateHost([{ id: "a", vm }], network, bad({ techniqe: "offline" })),
      'Cannot evacuate a host as "techniqe" must be a known key of options',
    ],
    [
      "evacuateHost's admission limits",
      () => evacuateHost([{ id: "a", vm }], network, bad({ admission: { maxConcurent: 1 } })),
      '"maxConcurent" must be a known key of options.admission',
    ],
    [
      "resolveAdmissionLimits",
      () => resolveAdmissionLimits(bad({ maxConcurent: 1 })),
      '"maxConcurent" must be a known key of options.admission',
    ],
    [
      "simulateMigrations",
      () => simulateMigrations(network, [request], bad({ fidelty: "page" })),
      '"fidelty" must be a known key of options',
    ],
    [
      "a migration request",
      () => simulateMigrations(network, [bad({ ...request, releaseSecond: 3 })]),
      '"releaseSecond" must be a known key of requests[0]',
    ],
    [
      "a network link",
      () =>
        validateNetwork(
          bad({ links: [{ id: "l", bandwidthBytesPerSecond: 1, latencySecond: 1 }] }),
        ),
      '"latencySecond" must be a known key of network.links[0]',
    ],
    [
      "a network",
      () => validateNetwork(bad({ lnks: [], links: network.links })),
      '"lnks" must be a known key of network',
    ],
    [
      "createFlowNetwork",
      () => createFlowNetwork(network, bad({ keepFlow: false })),
      'Cannot create a flow network as "keepFlow" must be a known key of options',
    ],
    [
      "adviceCandidates",
      () => adviceCandidates(0.1, bad({ compresion: {} })),
      '"compresion" must be a known key of options',
    ],
    [
      "advise: options",
      () => advise(vm, { bandwidthBytesPerSecond: 1e6 }, {}, bad({ finalist: 2 })),
      'Cannot advise as "finalist" must be a known key of options',
    ],
    [
      "advise: goal",
      () => advise(vm, { bandwidthBytesPerSecond: 1e6 }, bad({ maxDowntimeSecond: 1 })),
      '"maxDowntimeSecond" must be a known key of goal',
    ],
    [
      "advise: a candidate",
      () =>
        advise(vm, { bandwidthBytesPerSecond: 1e6 }, {}, {
          candidates: [
            bad({ label: "off", options: { technique: "offline" }, alwaysConfirmm: true }),
          ],
        }),
      '"alwaysConfirmm" must be a known key of options.candidates[0]',
    ],
    [
      "runStudy: a workload",
      () =>
        runStudy({
          pageCount: 16,
          pageSizeBytes: 4096,
          stateBytes: 0,
          link: { bandwidthBytesPerSecond: 1e6 },
          workloads: [bad({ name: "idle", spc: { kind: "idle" } })],
          techniques: [{ label: "off", options: { technique: "offline" } }],
          seeds: [1],
        }),
      '"spc" must be a known key of config.workloads[0]',
    ],
  ];
  for (const [label, run, part] of cases) await t.step(label, () => refuses(label, run, part));
  await t.step("advise: alwaysConfirm must be a boolean", () => {
    assert.throws(
      () =>
        advise(vm, { bandwidthBytesPerSecond: 1e6 }, {}, {
          candidates: [
            bad({ label: "off", options: { technique: "offline" }, alwaysConfirm: "yes" }),
          ],
        }),
      /options\.candidates\[0\]\.alwaysConfirm must be a boolean: current value is "yes"/,
    );
  });
  await t.step("the documented options still run", () => {
    const plan = evacuateHost([{ id: "a", vm }], network, {
      admission: { maxConcurrent: 1 },
      technique: "offline",
    });
    assert.equal(plan.peakConcurrent, 1);
    const flows = createFlowNetwork(
      { links: [{ id: "l", bandwidthBytesPerSecond: 1, latencySeconds: 0 }] },
      { keepFlows: false, linkUsage: false, maxEvents: 10 },
    );
    assert.ok(flows !== undefined);
  });
});
