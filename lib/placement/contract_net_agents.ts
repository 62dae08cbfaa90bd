import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { noContractNetMessages } from "./_contract_net_messages.ts";
import { integer, oneOf, options as checkOptions, positive, show, within } from "../_validate.ts";
import { checkDesktops, checkHosts } from "./_desktops.ts";
import { withSlack } from "./_fit.ts";
import type { Host } from "./model.ts";

/** A VM whose CPU demand changes over time. */
export interface TimedVm {
  /** Name, unique in the instance. */
  name: string;
  /** CPU demand in MIPS in each interval (all VMs share the intervals). */
  cpuMipsSeries: readonly number[];
  /** RAM in bytes (constant). */
  ramBytes: number;
}

/** The performatives of the contract net (FIPA SC00029H), one count each. */
export type ContractNetMessageKind =
  | "cfp"
  | "propose"
  | "refuse"
  | "accept-proposal"
  | "reject-proposal"
  | "inform-done"
  | "cancel";

/** Options of {@linkcode runContractNetAgents}. */
export interface RunContractNetAgentsOptions {
  /**
   * A host agent's migration policy: above this CPU utilisation it pushes VMs out, and it
   * bids for a VM only if it stays at or under it (both compared with the placement layer's
   * fit tolerance: VMs whose demands sum exactly to it do not exceed it).
   * @default {0.8}
   */
  upperThreshold?: number;
  /**
   * Under this CPU utilisation a host agent offers all its VMs and switches off if every
   * one is taken.
   * @default {0.2}
   */
  lowerThreshold?: number;
  /**
   * How an initiator picks among proposals: the bidder left most utilised (`"best-fit"`,
   * consolidating), least utilised (`"least-loaded"`, balancing) or with the lowest index
   * (`"first-fit"`).
   * @default {"best-fit"}
   */
  award?: "best-fit" | "least-loaded" | "first-fit";
  /**
   * A host agent's memory migration policy: above this share of its RAM in use (its VMs'
   * `ramBytes`) it pushes VMs out, and it bids for a VM only if it stays at or under it (with
   * the fit tolerance). Gutierrez-Garcia and Ramirez-Nafarrate balance memory workload beside
   * CPU workload by resource usage migration thresholds (their abstract; the body of the
   * paper was not reachable here). Unset, RAM is a capacity only, as without the option.
   * @default {undefined}
   */
  ramUpperThreshold?: number;
}

/** One migration agreed by two agents. */
export interface ContractNetMigration {
  /** Interval (0-based) in which it was agreed. */
  interval: number;
  /** VM index. */
  vm: number;
  /** Host the VM leaves. */
  fromHost: number;
  /** Host the VM goes to. */
  toHost: number;
  /**
   * Why its host pushed it out: over its CPU threshold, over its RAM threshold (only with
   * `ramUpperThreshold`, the CPU being under its own), or under the lower threshold.
   */
  reason: "overload" | "memory-overload" | "underload";
}

/** What happened in one interval. */
export interface ContractNetRow {
  /** Interval (0-based). */
  interval: number;
  /** Migrations agreed in the interval. */
  migrations: number;
  /** Messages sent in the interval. */
  messages: number;
  /** Hosts with at least one VM at the end of the interval. */
  activeHosts: number;
  /**
   * Hosts above the upper threshold, or above `ramUpperThreshold` of their RAM (with the fit
   * tolerance), at the end of the interval.
   */
  overloadedHosts: number;
  /** Hosts whose demand exceeds their MIPS at the end of the interval. */
  saturatedHosts: number;
}

/** The outcome of {@linkcode runContractNetAgents}. */
export interface ContractNetResult {
  /** Host of each VM at the end. */
  assignment: number[];
  /** Every migration, in the order agreed. */
  migrations: ContractNetMigration[];
  /** Messages sent, by performative. */
  messages: Record<ContractNetMessageKind, number>;
  /** All messages sent. */
  totalMessages: number;
  /** One row per interval. */
  rows: ContractNetRow[];
}

interface Message {
  kind: ContractNetMessageKind;
  from: number;
  to: number;
  vm: number;
  /** Utilisation the bidder would have (proposals). */
  bid?: number;
}

const ACTION = "run contract-net agents";

/**
 * Runs host agents that decide VM migrations among themselves by the contract net
 * (Smith 1980, "The contract net protocol", IEEE Trans. Computers C-29(12); FIPA's
 * interaction protocol SC00029H) under threshold migration policies, over time: the
 * policy-based agents of Gutierrez-Garcia and Ramirez-Nafarrate, "Policy-based agents for
 * virtual machine migration in cloud data centers" (IEEE SCC 2013), where each host agent
 * knows only its own VMs and load and agents settle migrations by messages. Only the paper's
 * first page (abstract and introduction, attachments.academia-assets.com/39810143) was
 * reachable here: it gives server-manager agents a collaborative balancing protocol and
 * policies of resource usage migration thresholds (CPU and memory) and VM migration
 * heuristics; the rules below fill in the rest from the contract net and FIPA's protocol.
 *
 * Each interval, every VM's demand takes its next value and each agent computes its own
 * utilisation (its VMs' MIPS over its MIPS). Then, in host index order:
 *
 * - An agent above `upperThreshold` pushes VMs out, one negotiation per VM (the smallest VM
 *   whose departure brings it under the threshold, or else its largest), until it is not
 *   over or nobody takes the VM: it sends a `cfp` to every other switched-on agent; each
 *   answers `propose` (with the utilisation it would have) if it would stay at or under the
 *   threshold and within its RAM (both with the placement layer's fit tolerance, as PABFD's
 *   threshold: demands summing exactly to it do not exceed it, so such a host is not over),
 *   else `refuse` (agents negotiate one at a time, so the only agent shedding load is the
 *   initiator, which is never called); the initiator sends `accept-proposal`
 *   to the winner (`award`) and `reject-proposal` to the other bidders, and the winner,
 *   having taken the VM, answers `inform-done`. With no proposal, the `cfp` goes to the
 *   switched-off agents, which bid the same way.
 * - With `ramUpperThreshold`, an agent whose VMs' RAM is above that share of its RAM (and
 *   whose CPU is not over) pushes VMs out the same way, the VM chosen by RAM (the smallest
 *   whose departure brings it under, else its largest), and every bidder must stay at or under
 *   both thresholds: the memory workload Gutierrez-Garcia and Ramirez-Nafarrate balance
 *   beside the CPU's.
 * - An agent below `lowerThreshold` that received no VM this interval offers each of its VMs
 *   in turn the same way (switched-on agents only; winners reserve the capacity); if one VM
 *   finds no taker it sends `cancel` to the winners so far and keeps its VMs, else all go
 *   and it switches off.
 *
 * Every message is counted by performative. Messages are delivered in the order sent
 * (one mailbox, first in first out), so a seedless run is deterministic.
 *
 * @param hosts The hosts (CPU MIPS and RAM are used).
 * @param vms The VMs with their demand over time.
 * @param assignment The initial host of each VM (-1: not running).
 * @param options Thresholds and the award rule.
 * @returns The final assignment, every migration, message counts and per-interval rows.
 *
 * @example An overloaded host's call for proposals, answered by two agents
 * ```ts
 * import { runContractNetAgents } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [0, 1, 2].map((j) => ({ ...host, name: `h${j}` }));
 * const vm = (name: string, mips: number) => ({ name, cpuMipsSeries: [mips], ramBytes: 1e9 });
 * const vms = [vm("a", 600), vm("b", 300), vm("c", 500), vm("d", 300)];
 * const result = runContractNetAgents(hosts, vms, [0, 0, 1, 2], { lowerThreshold: 0 });
 * // h0 (90 %) offers b: h1 would reach 80 %, h2 60 %: best fit takes h1.
 * assert.deepEqual(result.migrations, [{ interval: 0, vm: 1, fromHost: 0, toHost: 1, reason: "overload" }]);
 * assert.equal(result.messages.cfp, 2);
 * assert.equal(result.messages.propose, 2);
 * assert.equal(result.totalMessages, 2 + 2 + 1 + 1 + 1);
 * ```
 */
export function runContractNetAgents(
  hosts: readonly Host[],
  vms: readonly TimedVm[],
  assignment: readonly number[],
  options: RunContractNetAgentsOptions = {},
): ContractNetResult {
  checkOptions(ACTION, "options", options, [
    "award",
    "lowerThreshold",
    "ramUpperThreshold",
    "upperThreshold",
  ]);
  const { upperThreshold = 0.8, lowerThreshold = 0.2, award = "best-fit" } = options;
  const { ramUpperThreshold } = options;
  if (!Array.isArray(hosts) || !Array.isArray(vms)) {
    throw new TypeError(
      `Cannot ${ACTION} as hosts and vms must be arrays: current value is ${
        show(Array.isArray(hosts) ? vms : hosts)
      }`,
    );
  }
  within(ACTION, "upperThreshold", upperThreshold, 0, 1);
  within(ACTION, "lowerThreshold", lowerThreshold, 0, upperThreshold);
  oneOf(ACTION, "award", award, ["best-fit", "least-loaded", "first-fit"] as const);
  if (ramUpperThreshold !== undefined) within(ACTION, "ramUpperThreshold", ramUpperThreshold, 0, 1);
  checkHosts(ACTION, hosts);
  // a host's utilisation is its load over its MIPS
  hosts.forEach((h, j) => positive(ACTION, `hosts[${j}].cpuMips`, h.cpuMips));
  const intervals = checkDesktops(ACTION, vms, "vms");
  if (!Array.isArray(assignment) || assignment.length !== vms.length) {
    throw new TypeError(
      `Cannot ${ACTION} as assignment must have one entry per VM: current value is ${
        show(assignment)
      }`,
    );
  }
  checkWorkLimit(
    ACTION,
    "intervals × vms.length × hosts.length",
    intervals * vms.length * hosts.length,
    PLACEMENT_WORK_LIMITS.contractNetWork,
  );
  assignment.forEach((j, i) => integer(ACTION, `assignment[${i}]`, j, -1, hosts.length - 1));

  const m = hosts.length;
  const host = [...assignment];
  // Each agent's local knowledge: its VMs, its CPU demand now and its RAM in use.
  const own = hosts.map((_, j) => new Set(host.flatMap((h, i) => h === j ? [i] : [])));
  const cpu = new Float64Array(m);
  const ram = new Float64Array(m);
  let t = 0;
  const demand = (i: number) => vms[i]!.cpuMipsSeries[t]!;
  const recount = (j: number) => {
    cpu[j] = 0;
    ram[j] = 0;
    for (const i of own[j]!) {
      cpu[j]! += demand(i);
      ram[j]! += vms[i]!.ramBytes;
    }
  };
  const utilization = (j: number) => cpu[j]! / hosts[j]!.cpuMips;
  // the upper threshold in MIPS with the placement layer's fit tolerance (as PABFD's): VMs
  // whose demands sum exactly to it do not exceed it
  const limit = hosts.map((h) => withSlack(upperThreshold * h.cpuMips));
  const cpuOver = (j: number) => cpu[j]! > limit[j]!;
  // the RAM threshold in bytes, with the same tolerance; RAM's capacity without the option
  const ramLimit = hosts.map((h) => withSlack((ramUpperThreshold ?? 1) * h.ramBytes));
  const ramOver = (j: number) => ramUpperThreshold !== undefined && ram[j]! > ramLimit[j]!;
  const overloaded = (j: number) => cpuOver(j) || ramOver(j);
  const messages = noContractNetMessages();
  const mailbox: Message[] = [];
  const send = (message: Message) => {
    messages[message.kind]++;
    mailbox.push(message);
  };
  const received = new Uint8Array(m);
  const reserved = new Float64Array(m);
  const reservedRam = new Float64Array(m);

  /** A bidder's local decision on a call for proposals. */
  const answer = (to: number, call: Message) => {
    const vm = call.vm;
    const mips = cpu[to]! + reserved[to]! + demand(vm);
    const fits = ram[to]! + reservedRam[to]! + vms[vm]!.ramBytes <= ramLimit[to]!;
    if (fits && mips <= limit[to]!) {
      send({ kind: "propose", from: to, to: call.from, vm, bid: mips / hosts[to]!.cpuMips });
    } else send({ kind: "refuse", from: to, to: call.from, vm });
  };
  /** Delivers messages until the mailbox is empty; returns the proposals to `initiator`. */
  const deliver = (initiator: number): Message[] => {
    const proposals: Message[] = [];
    while (mailbox.length > 0) {
      const message = mailbox.shift()!;
      if (message.kind === "cfp") answer(message.to, message);
      else if (message.kind === "propose" && message.to === initiator) proposals.push(message);
    }
    return proposals;
  };
  /** One negotiation: cfp to `bidders`; returns the winner (who reserved the VM) or -1. */
  const negotiate = (initiator: number, vm: number, bidders: readonly number[]): number => {
    for (const to of bidders) send({ kind: "cfp", from: initiator, to, vm });
    const proposals = deliver(initiator);
    if (proposals.length === 0) return -1;
    let winner = proposals[0]!;
    for (const p of proposals) {
      const better = award === "best-fit"
        ? p.bid! > winner.bid!
        : award === "least-loaded"
        ? p.bid! < winner.bid!
        : p.from < winner.from;
      if (better) winner = p;
    }
    for (const p of proposals) {
      send({
        kind: p === winner ? "accept-proposal" : "reject-proposal",
        from: initiator,
        to: p.from,
        vm,
      });
    }
    mailbox.length = 0; // the accept and rejects are delivered: the winner reserves
    reserved[winner.from]! += demand(vm);
    reservedRam[winner.from]! += vms[vm]!.ramBytes;
    return winner.from;
  };
  const migrations: ContractNetMigration[] = [];
  const rows: ContractNetRow[] = [];
  /** Completes a migration agreed with `to`: the VM moves and `to` reports it done. */
  const complete = (
    vm: number,
    from: number,
    to: number,
    reason: ContractNetMigration["reason"],
  ) => {
    reserved[to]! -= demand(vm);
    reservedRam[to]! -= vms[vm]!.ramBytes;
    own[from]!.delete(vm);
    own[to]!.add(vm);
    host[vm] = to;
    recount(from);
    recount(to);
    received[to] = 1;
    send({ kind: "inform-done", from: to, to: from, vm });
    mailbox.length = 0;
    migrations.push({ interval: t, vm, fromHost: from, toHost: to, reason });
  };
  for (t = 0; t < intervals; t++) {
    const sentBefore = Object.values(messages).reduce((a, b) => a + b, 0);
    const migrationsBefore = migrations.length;
    for (let j = 0; j < m; j++) recount(j);
    received.fill(0);
    for (let j = 0; j < m; j++) {
      if (!overloaded(j)) continue;
      const refused = new Set<number>();
      while (overloaded(j)) {
        // the resource in excess decides which VM goes (the CPU's first)
        const byCpu = cpuOver(j);
        const size = byCpu ? demand : (i: number) => vms[i]!.ramBytes;
        const excess = byCpu
          ? cpu[j]! - upperThreshold * hosts[j]!.cpuMips
          : ram[j]! - ramUpperThreshold! * hosts[j]!.ramBytes;
        const list = [...own[j]!].filter((i) => !refused.has(i))
          .sort((a, b) => size(a) - size(b) || a - b);
        if (list.length === 0) break;
        const vm = list.find((i) => size(i) >= excess) ?? list[list.length - 1]!;
        const on = hosts.map((_, h) => h).filter((h) => h !== j && own[h]!.size > 0);
        let to = negotiate(j, vm, on);
        if (to < 0) {
          const off = hosts.map((_, h) => h).filter((h) => h !== j && own[h]!.size === 0);
          to = negotiate(j, vm, off);
        }
        if (to < 0) {
          refused.add(vm);
          continue;
        }
        complete(vm, j, to, byCpu ? "overload" : "memory-overload");
      }
    }
    for (let j = 0; j < m; j++) {
      if (own[j]!.size === 0 || received[j] === 1 || !(utilization(j) < lowerThreshold)) continue;
      const plan: [number, number][] = [];
      for (const vm of [...own[j]!].sort((a, b) => demand(b) - demand(a) || a - b)) {
        const on = hosts.map((_, h) => h).filter((h) => h !== j && own[h]!.size > 0);
        const to = negotiate(j, vm, on);
        if (to < 0) {
          for (const [v, w] of plan) {
            send({ kind: "cancel", from: j, to: w, vm: v });
            reserved[w]! -= demand(v);
            reservedRam[w]! -= vms[v]!.ramBytes;
          }
          mailbox.length = 0;
          plan.length = 0;
          break;
        }
        plan.push([vm, to]);
      }
      for (const [vm, to] of plan) complete(vm, j, to, "underload");
    }
    const sent = Object.values(messages).reduce((a, b) => a + b, 0);
    rows.push({
      interval: t,
      migrations: migrations.length - migrationsBefore,
      messages: sent - sentBefore,
      activeHosts: own.filter((s) => s.size > 0).length,
      overloadedHosts: hosts.filter((_, j) => overloaded(j)).length,
      saturatedHosts: hosts.filter((h, j) => cpu[j]! > withSlack(h.cpuMips)).length,
    });
  }
  return {
    assignment: host,
    migrations,
    messages,
    totalMessages: Object.values(messages).reduce((a, b) => a + b, 0),
    rows,
  };
}
