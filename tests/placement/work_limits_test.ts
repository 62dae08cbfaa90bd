import assert from "node:assert/strict";
import {
  placeGenetic,
  placeIlp,
  PLACEMENT_WORK_LIMITS,
  placeScavp,
  runContractNetAgents,
  runMigrationAgents,
} from "../../lib/placement/mod.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";
import { POWER_MODELS } from "./_ilp_instances.ts";

const host = (j: number) => ({
  name: `h${j}`,
  cpuMips: 1000,
  cores: 1,
  ramBytes: 1e9,
  bandwidthBytesPerSecond: 1e9,
  rack: Math.floor(j / 10),
});
const vm = (i: number) => ({
  name: `v${i}`,
  cpuMips: 100 + (i % 7) * 50,
  ramBytes: 1e8,
  bandwidthBytesPerSecond: 1e6,
});
const hostsOf = (m: number) => Array.from({ length: m }, (_, j) => host(j));
const vmsOf = (n: number) => Array.from({ length: n }, (_, i) => vm(i));
const message = (action: string, what: string, limit: number, value: number) =>
  `Cannot ${action} as ${what} must be <= ${limit} (PLACEMENT_WORK_LIMITS): current value is ${value}`;

Deno.test("placement algorithms without an index refuse instances beyond PLACEMENT_WORK_LIMITS, naming the product and the limit", async (t) => {
  await t.step("SCAVP: vms.length × hosts.length", () => {
    const { scavpPairs } = PLACEMENT_WORK_LIMITS;
    assert.throws(() => placeScavp(hostsOf(1000), vmsOf(scavpPairs / 1000 + 1)), {
      name: "RangeError",
      message: message(
        "place VMs by SCAVP",
        "vms.length × hosts.length",
        scavpPairs,
        scavpPairs + 1000,
      ),
    });
    // At the limit's scale but under it, it runs.
    assert.equal(placeScavp(hostsOf(20), vmsOf(60)).unplaced.length, 0);
  });
  await t.step("genetic algorithm: populationSize × (generations + 1) × (vms + hosts)", () => {
    const { geneticWork } = PLACEMENT_WORK_LIMITS;
    const n = Math.floor(geneticWork / (40 * 101));
    assert.throws(() => placeGenetic(hostsOf(1), vmsOf(n), { seed: 1 }), {
      name: "RangeError",
      message: message(
        "place VMs by genetic algorithm",
        "populationSize × (generations + 1) × (vms.length + hosts.length)",
        geneticWork,
        40 * 101 * (n + 1),
      ),
    });
    // Fewer generations bring the same instance under the limit.
    assert.equal(
      placeGenetic(hostsOf(2), vmsOf(12), { seed: 1, generations: 3 }).assignment.length,
      12,
    );
  });
  await t.step("migration agents: rounds × vms.length × hosts.length", () => {
    const { agentsWork } = PLACEMENT_WORK_LIMITS;
    const m = 1000;
    const n = Math.floor(agentsWork / (10 * m)) + 1;
    const state = { hosts: hostsOf(m), vms: vmsOf(n), assignment: vmsOf(n).map(() => -1) };
    assert.throws(() => runMigrationAgents(state), {
      name: "RangeError",
      message: message(
        "run migration agents",
        "rounds × vms.length × hosts.length",
        agentsWork,
        10 * n * m,
      ),
    });
    assert.equal(runMigrationAgents(state, { rounds: 0 }).migrations.length, 0);
  });
  await t.step("contract-net agents: intervals × vms.length × hosts.length", () => {
    const { contractNetWork } = PLACEMENT_WORK_LIMITS;
    const m = 1000;
    const n = Math.floor(contractNetWork / (12 * m)) + 1;
    const vms = vmsOf(n).map((v) => ({
      name: v.name,
      ramBytes: v.ramBytes,
      cpuMipsSeries: Array.from({ length: 12 }, () => v.cpuMips),
    }));
    assert.throws(() => runContractNetAgents(hostsOf(m), vms, vms.map(() => -1)), {
      name: "RangeError",
      message: message(
        "run contract-net agents",
        "intervals × vms.length × hosts.length",
        contractNetWork,
        12 * n * m,
      ),
    });
  });
  await t.step("ILP: vms.length × hosts.length, before the model is built", async () => {
    const { ilpPairs } = PLACEMENT_WORK_LIMITS;
    await assert.rejects(() => placeIlp(hostsOf(500), vmsOf(ilpPairs / 500 + 1)), {
      name: "RangeError",
      message: message(
        "place VMs by integer programming",
        "vms.length × hosts.length",
        ilpPairs,
        ilpPairs + 500,
      ),
    });
  });
});

Deno.test("placeIlp() time limit covers building the model: with none left, the first-fit start comes back as time-limit", async () => {
  // The power objective, so that no bound proves the first-fit start optimal beforehand.
  const hosts = hostsOf(8).map((h, j) => ({ ...h, powerModel: j % 2 === 0 ? "old" : "new" }));
  const vms = vmsOf(20);
  const options = { objective: "power" as const, powerModels: POWER_MODELS };
  const result = await placeIlp(hosts, vms, { ...options, timeLimitSeconds: 1e-9 });
  assert.equal(result.details.status, "time-limit");
  assert.equal(result.details.solveSeconds, 0);
  assert.deepEqual(validatePlacement(hosts, vms, result), []);
  assert.deepEqual(result.unplaced, []);
  // Given time, the same instance is solved to optimality.
  const solved = await placeIlp(hosts, vms, { ...options, timeLimitSeconds: 60 });
  assert.equal(solved.details.status, "optimal");
  assert.ok(Number(solved.details.objective) <= Number(result.details.objective) + 1e-9);
});
