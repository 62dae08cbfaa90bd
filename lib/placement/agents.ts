import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, VmDemand } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import {
  integer,
  nonNegative,
  object,
  oneOf,
  options as checkOptions,
  show,
  within,
} from "../_validate.ts";

/** A data centre in operation: hosts, VMs with their current demands, and where each runs. */
export interface AgentState {
  /** The hosts. */
  hosts: readonly Host[];
  /** The VMs, with their current demands (`cpuMips` is the CPU in use now). */
  vms: readonly VmDemand[];
  /** Host index of each VM, or -1 for a VM not running. */
  assignment: readonly number[];
}

/** Options of {@link runMigrationAgents}. */
export interface RunMigrationAgentsOptions {
  /**
   * CPU utilisation above which a host agent pushes VMs out (compared with the placement
   * layer's fit tolerance: VMs whose demands sum exactly to it do not exceed it).
   * @default {0.8}
   */
  upperThreshold?: number;
  /**
   * CPU utilisation below which a host agent tries to hand over all its VMs and
   * switch off.
   * @default {0.2}
   */
  lowerThreshold?: number;
  /**
   * Largest number of rounds; the run also stops after a round without migration.
   * @default {10}
   */
  rounds?: number;
  /**
   * Which bid wins a call for proposals: the bidder left most utilised (`"best-fit"`,
   * consolidating), least utilised (`"least-loaded"`, balancing), or with the lowest
   * index (`"first-fit"`).
   * @default {"best-fit"}
   */
  policy?: "best-fit" | "least-loaded" | "first-fit";
  /**
   * The dimensions whose capacity must hold on a receiving host.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
}

/** One migration decided by the agents. */
export interface AgentMigration {
  /** Round (1-based) in which it was decided. */
  round: number;
  /** VM index. */
  vm: number;
  /** Host the VM leaves. */
  fromHost: number;
  /** Host the VM goes to. */
  toHost: number;
  /** Why the sending agent pushed it out. */
  reason: "overload" | "underload";
}

/** The outcome of {@link runMigrationAgents}. */
export interface AgentRunResult {
  /** Host index of each VM after the run. */
  assignment: number[];
  /** Every migration, in decision order. */
  migrations: AgentMigration[];
  /** Rounds run. */
  rounds: number;
  /** Hosts with at least one VM after the run. */
  hostsUsed: number;
  /** Hosts still above the upper threshold (with the fit tolerance) after the run. */
  overloadedHosts: number;
}

const ACTION = "run migration agents";

/**
 * Runs rounds of policy-based host agents that migrate VMs (after Gutierrez-Garcia and
 * Ramirez-Nafarrate 2013, "Policy-based agents for virtual machine migration in cloud
 * data centers", IEEE SCC).
 *
 * Every host is an agent that watches its CPU utilisation (VM MIPS over host MIPS) and
 * decides by threshold policy. In each round, first every overloaded agent (above
 * `upperThreshold`, by host index) pushes VMs out one at a time, choosing the smallest
 * VM whose departure brings it under the threshold, or else its largest VM, until it
 * is no longer overloaded or no one accepts. Then every underloaded agent (below
 * `lowerThreshold`, least utilised first, not one that received VMs this round)
 * offers all its VMs and, only if every one finds a taker, migrates them all and
 * switches off. An offer is modelled on a call for proposals (contract net) but resolved
 * with every agent's state at hand, no message being sent or counted
 * (`runContractNetAgents` is the message-level form): every switched-on agent that would
 * stay within the upper threshold and its capacity in every dimension (both with the
 * placement layer's fit tolerance, as PABFD's threshold: demands summing exactly to it do
 * not exceed it, so such a host is not overloaded) bids, except, for an underloaded
 * agent's VMs, the underloaded agents that have not received VMs this round (they are to
 * be emptied, not filled); `policy` picks the winner. An overloaded sender may also wake a
 * switched-off host (the lowest index that fits) when no switched-on agent bids. The run stops after
 * `rounds` rounds or a round without migration. Inputs are not mutated.
 *
 * @param state Hosts, VMs with current demands, and the current assignment.
 * @param options Thresholds, rounds, bid policy and dimensions.
 * @returns The new assignment and the list of migrations.
 *
 * @example An overloaded host hands a VM to a lightly loaded one
 * ```ts
 * import { runMigrationAgents } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
 * const vm = { ramBytes: 1e9, bandwidthBytesPerSecond: 1e6 };
 * const vms = [
 *   { ...vm, name: "a", cpuMips: 500 },
 *   { ...vm, name: "b", cpuMips: 400 },
 *   { ...vm, name: "c", cpuMips: 300 },
 * ];
 * const result = runMigrationAgents({ hosts, vms, assignment: [0, 0, 1] });
 * assert.deepEqual(result.migrations, [
 *   { round: 1, vm: 1, fromHost: 0, toHost: 1, reason: "overload" },
 * ]);
 * assert.deepEqual(result.assignment, [0, 1, 1]);
 * ```
 */
export function runMigrationAgents(
  state: AgentState,
  options: RunMigrationAgentsOptions = {},
): AgentRunResult {
  checkOptions(ACTION, "options", options, [
    "dimensions",
    "lowerThreshold",
    "policy",
    "rounds",
    "upperThreshold",
  ]);
  object(ACTION, "state", state);
  const {
    upperThreshold = 0.8,
    lowerThreshold = 0.2,
    rounds = 10,
    policy = "best-fit",
    dimensions = DIMENSIONS,
  } = options;
  const { hosts, vms } = state;
  packInstance(ACTION, hosts, vms, dimensions);
  // utilisation and the thresholds read CPU MIPS whatever the checked dimensions
  hosts.forEach((h, j) => nonNegative(ACTION, `hosts[${j}].cpuMips`, h.cpuMips));
  vms.forEach((vm, i) => nonNegative(ACTION, `vms[${i}].cpuMips`, vm.cpuMips));
  within(ACTION, "upperThreshold", upperThreshold, 0, 1);
  within(ACTION, "lowerThreshold", lowerThreshold, 0, upperThreshold);
  integer(ACTION, "rounds", rounds, 0);
  oneOf(ACTION, "policy", policy, ["best-fit", "least-loaded", "first-fit"] as const);
  checkWorkLimit(
    ACTION,
    "rounds × vms.length × hosts.length",
    rounds * vms.length * hosts.length,
    PLACEMENT_WORK_LIMITS.agentsWork,
  );
  if (!Array.isArray(state.assignment) || state.assignment.length !== vms.length) {
    throw new TypeError(
      `Cannot ${ACTION} as assignment must be an array with one entry per VM: current value is ${
        show(state.assignment)
      }`,
    );
  }
  state.assignment.forEach((j, i) => integer(ACTION, `assignment[${i}]`, j, -1, hosts.length - 1));

  const assignment = [...state.assignment];
  const load = hosts.map(() => dimensions.map(() => 0));
  const cpu = hosts.map(() => 0);
  const count = hosts.map(() => 0);
  const move = (i: number, to: number, sign: 1 | -1) => {
    dimensions.forEach((d, k) => load[to]![k]! += sign * vms[i]![d]);
    cpu[to]! += sign * vms[i]!.cpuMips;
    count[to]! += sign;
  };
  assignment.forEach((j, i) => j >= 0 && move(i, j, 1));
  const utilization = (j: number) => cpu[j]! / hosts[j]!.cpuMips;
  // the upper threshold in MIPS with the placement layer's fit tolerance (as PABFD's): VMs
  // whose demands sum exactly to it do not exceed it
  const limit = hosts.map((h) => withSlack(upperThreshold * h.cpuMips));
  const overloaded = (j: number) => cpu[j]! > limit[j]!;
  const accepts = (j: number, i: number) =>
    dimensions.every((d, k) => load[j]![k]! + vms[i]![d] <= withSlack(hosts[j]![d])) &&
    cpu[j]! + vms[i]!.cpuMips <= limit[j]!;
  /** The winning bid for VM i among switched-on hosts, or -1. */
  const award = (i: number, excluded: ReadonlySet<number>): number => {
    let winner = -1;
    let winnerScore = -Infinity;
    hosts.forEach((_, j) => {
      if (count[j] === 0 || excluded.has(j) || !accepts(j, i)) return;
      const after = (cpu[j]! + vms[i]!.cpuMips) / hosts[j]!.cpuMips;
      const score = policy === "best-fit" ? after : policy === "least-loaded" ? -after : -j;
      if (score > winnerScore) {
        winner = j;
        winnerScore = score;
      }
    });
    return winner;
  };
  const migrations: AgentMigration[] = [];
  let round = 0;
  while (round < rounds) {
    round++;
    const before = migrations.length;
    const received = new Set<number>();
    const record = (i: number, from: number, to: number, reason: AgentMigration["reason"]) => {
      move(i, from, -1);
      move(i, to, 1);
      assignment[i] = to;
      received.add(to);
      migrations.push({ round, vm: i, fromHost: from, toHost: to, reason });
    };
    hosts.forEach((host, j) => {
      for (let pushed = true; pushed && overloaded(j);) {
        pushed = false;
        const own = assignment.flatMap((h, i) => h === j ? [i] : [])
          .sort((a, b) => vms[a]!.cpuMips - vms[b]!.cpuMips || a - b);
        const excess = cpu[j]! - upperThreshold * host.cpuMips;
        const enough = own.filter((i) => vms[i]!.cpuMips >= excess);
        for (const i of [...enough, ...own.filter((i) => vms[i]!.cpuMips < excess).reverse()]) {
          let to = award(i, new Set([j]));
          if (to < 0) to = hosts.findIndex((_, h) => h !== j && count[h] === 0 && accepts(h, i));
          if (to < 0) continue;
          record(i, j, to, "overload");
          pushed = true;
          break;
        }
      }
    });
    const underloaded = hosts.map((_, j) => j)
      .filter((j) => count[j]! > 0 && utilization(j) < lowerThreshold && !received.has(j))
      .sort((a, b) => utilization(a) - utilization(b) || a - b);
    for (const j of underloaded) {
      if (count[j] === 0 || received.has(j)) continue;
      const own = assignment.flatMap((h, i) => h === j ? [i] : []);
      const plan: [number, number][] = [];
      for (const i of own) {
        const to = award(i, new Set([j, ...underloaded.filter((u) => !received.has(u))]));
        if (to < 0) break;
        move(i, to, 1); // reserve the capacity while planning
        plan.push([i, to]);
      }
      for (const [i, to] of plan) move(i, to, -1);
      if (plan.length === own.length) { for (const [i, to] of plan) record(i, j, to, "underload"); }
    }
    if (migrations.length === before) break;
  }
  return {
    assignment,
    migrations,
    rounds: round,
    hostsUsed: count.filter((c) => c > 0).length,
    overloadedHosts: hosts.filter((_, j) => overloaded(j)).length,
  };
}
