import { beloglazov2012Scenario } from "../datacenter/beloglazov2012.ts";
import { simulateDatacenter } from "../datacenter/simulate.ts";
import { CONSOLIDATION_ALLOCATIONS } from "../datacenter/simulate_options.ts";
import { generateSyntheticTraces } from "../datacenter/traces.ts";
import type { RunKind, SweepParameter, SweepRecord } from "./run_kind.ts";

const count = { type: "number", min: 1, integer: true } as const;

/**
 * Sweeps of data-centre consolidation runs: one run draws seeded synthetic CPU traces
 * (`generateSyntheticTraces`, the run's seed; `fitSyntheticTraces` gives the trace parameters
 * of real traces, the PlanetLab days' for instance), builds the Beloglazov and Buyya (2012)
 * data centre around them (`beloglazov2012Scenario`: G4/G5 hosts, four VM types) and
 * runs `simulateDatacenter` with one allocation and VM-selection policy, reporting
 * energy, migrations and the SLA metrics. `safetyParameter: 0` means the paper's
 * parameter for the allocation (`DEFAULT_ALLOCATION_PARAMETERS`).
 *
 * @example MAD with MMT on 20 VMs over 12 five-minute intervals
 * ```ts
 * import { CONSOLIDATION_RUNS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const defaults = Object.fromEntries(
 *   Object.entries(CONSOLIDATION_RUNS.parameters).map(([k, p]) => [k, p.default]),
 * );
 * const row = CONSOLIDATION_RUNS.run({ ...defaults, vms: 20, hosts: 10, intervals: 12 }, 1);
 * assert.ok(Number(row.energyKwh) > 0);
 * assert.ok(Number(row.meanActiveHosts) <= 10);
 * ```
 */
export const CONSOLIDATION_RUNS: RunKind = Object.freeze<RunKind>({
  name: "consolidation",
  description: "data-centre consolidation on synthetic traces: energy, migrations, SLA violations",
  parameters: Object.freeze<Record<string, SweepParameter>>({
    hosts: { description: "hosts (alternating HP ML110 G4 and G5)", default: 50, check: count },
    vms: { description: "VMs, one synthetic CPU trace each", default: 80, check: count },
    intervals: { description: "five-minute scheduling intervals", default: 48, check: count },
    meanPercent: {
      description: "synthetic traces: mean CPU utilisation in percent",
      default: 25,
      check: { type: "number", min: 0, max: 100 },
    },
    noisePercent: {
      description: "synthetic traces: step noise in percent",
      default: 8,
      check: { type: "number", min: 0 },
    },
    meanSpreadPercent: {
      description:
        "synthetic traces: standard deviation of the VMs' own means in percent (gamma; 0: all at meanPercent)",
      default: 0,
      check: { type: "number", min: 0, max: 100 },
    },
    noiseExponent: {
      description:
        "synthetic traces: each VM's noise scales as its mean to this power (0: the same)",
      default: 0,
      check: { type: "number", min: 0, max: 2 },
    },
    reversion: {
      description: "synthetic traces: pull back towards the VM's mean per step, in (0, 1]",
      default: 0.2,
      check: { type: "number", min: 1e-9, max: 1 },
    },
    allocation: {
      description: "overload detection / allocation policy",
      default: "mad",
      check: { type: "choice", values: CONSOLIDATION_ALLOCATIONS },
    },
    selection: {
      description: "VM selection policy",
      default: "mmt",
      check: { type: "choice", values: ["mmt", "rs", "mc", "mu"] },
    },
    safetyParameter: {
      description: "threshold or safety parameter (0: the paper's value for the allocation)",
      default: 0,
      check: { type: "number", min: 0 },
    },
    migrationModel: {
      description: "migration cost: the engine (closed form) or CloudSim's fixed delay",
      default: "cloudsim",
      check: { type: "choice", values: ["engine", "cloudsim"] },
    },
  }),
  metrics: Object.freeze([
    "energyKwh",
    "migrations",
    "meanActiveHosts",
    "slatah",
    "pdm",
    "slav",
    "esv",
    "migrationSeconds",
  ]),
  run(p: Readonly<SweepRecord>, seed: number): SweepRecord {
    const traces = generateSyntheticTraces(p.vms as number, {
      seed,
      intervals: p.intervals as number,
      meanPercent: p.meanPercent as number,
      noisePercent: p.noisePercent as number,
      meanSpreadPercent: p.meanSpreadPercent as number,
      noiseExponent: p.noiseExponent as number,
      reversion: p.reversion as number,
    });
    const scenario = beloglazov2012Scenario(traces, { hosts: p.hosts as number });
    const safety = p.safetyParameter as number;
    const r = simulateDatacenter(scenario, {
      seed,
      allocation: p.allocation as (typeof CONSOLIDATION_ALLOCATIONS)[number],
      selection: p.selection as "mmt" | "rs" | "mc" | "mu",
      migrationModel: p.migrationModel as "engine" | "cloudsim",
      ...(safety > 0 ? { parameter: safety } : {}),
    });
    return {
      energyKwh: r.energyKwh,
      migrations: r.migrations,
      meanActiveHosts: r.meanActiveHosts,
      slatah: r.slatah,
      pdm: r.pdm,
      slav: r.slav,
      esv: r.esv,
      migrationSeconds: r.migrationSeconds,
    };
  },
});
