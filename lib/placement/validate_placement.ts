import { boolean, finiteNumber, integer, options as checkOptions, show } from "../_validate.ts";
import { FIT_TOLERANCE, packInstance } from "./_fit.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Structural constraints on pairs of VMs, given as pairs of VM indices `[i, j]`.
 *
 * Affinity (`sameHost`, `sameRack`) keeps communicating VMs together; anti-affinity
 * (`differentHosts`, `differentRacks`, `differentPods`) keeps replicas apart at each level
 * of the data-centre tree (Jayasinghe et al. 2011, "Improving performance and availability
 * of services hosted on IaaS clouds with structural constraint-aware virtual machine
 * placement", IEEE SCC).
 */
export interface PlacementConstraints {
  /** Pairs of VMs that must run on the same host. */
  sameHost?: [number, number][];
  /** Pairs of VMs that must run in the same rack. */
  sameRack?: [number, number][];
  /** Pairs of VMs that must run on different hosts. */
  differentHosts?: [number, number][];
  /** Pairs of VMs that must run in different racks. */
  differentRacks?: [number, number][];
  /**
   * Pairs of VMs that must run in different pods (a pod: the racks under one aggregation
   * switch; the rack-to-pod map is the `pods` option, every rack in pod 0 without it), the
   * top level of the data-centre tree of SCAVP's availability constraints.
   */
  differentPods?: [number, number][];
}

/** Options of {@linkcode validatePlacement}: the constraints and what to check. */
export interface ValidatePlacementOptions extends PlacementConstraints {
  /**
   * Dimensions whose capacity is checked.
   *
   * @default {DIMENSIONS} (CPU MIPS, RAM and bandwidth)
   */
  dimensions?: readonly Dimension[];
  /**
   * Also require each VM's CPU demand to fit one core of its host
   * (`vm.cpuMips <= host.cpuMips / host.cores`), for VMs with one virtual CPU.
   *
   * @default {false}
   */
  perCoreMips?: boolean;
  /**
   * The pod of each rack, `pods[r]` for rack number `r` (racks not listed are in pod 0), read
   * by `differentPods`; the same map as `placeScavp`'s option.
   *
   * @default {[]} (every rack in pod 0)
   */
  pods?: readonly number[];
}

/** What a violation is about. */
export type PlacementViolationKind =
  | "assignment-length"
  | "host-index"
  | "capacity"
  | "per-core"
  | "unplaced"
  | "hosts-used"
  | "same-host"
  | "same-rack"
  | "different-hosts"
  | "different-racks"
  | "different-pods";

/** One violated rule of a placement (plain data). */
export interface PlacementViolation {
  /** The rule violated. */
  kind: PlacementViolationKind;
  /** A sentence saying what is wrong, with the numbers. */
  message: string;
  /** The VMs involved (may be empty). */
  vms: number[];
  /** The host involved, or -1. */
  host: number;
}

/**
 * Slack allowed on capacity sums, for floating-point rounding: the placement layer's one fit
 * tolerance, relative to the capacity (to 1 for capacities under 1, so never less than the
 * placers' own), so every load a heuristic makes passes.
 */
const RELATIVE_TOLERANCE = FIT_TOLERANCE;

/**
 * Checks a placement against the instance it solves and returns every violation found
 * (an empty list when the placement is valid).
 *
 * It checks that the assignment has one entry per VM, each an integer host index or -1;
 * that on every host the sum of the assigned VMs' demands is at most the host's capacity
 * in each checked dimension (aggregate MIPS, RAM bytes, bandwidth bytes per second; a
 * slack of 1e-9 of the capacity, and of 1e-9 itself for capacities under 1, absorbs
 * floating-point rounding); optionally that each VM fits
 * one core; that `unplaced` lists exactly the VMs assigned -1, once each; that `hostsUsed`
 * counts the hosts with at least one VM; and the structural constraints. A constraint on a
 * pair with an unplaced VM is not checked (the VM is already reported in `unplaced`).
 *
 * @param hosts The hosts of the instance.
 * @param vms The VMs of the instance.
 * @param result The placement to check.
 * @param options Constraints and the dimensions to check.
 * @returns The violations, in the order of the checks above.
 * @throws {RangeError} If a constraint names a VM index out of range, or a checked demand
 * or capacity is not a finite number >= 0 (a negative demand would hide an overload), or,
 * with `perCoreMips`, a host's `cores` is not an integer >= 1, or an entry of `pods` is not
 * an integer >= 0.
 * @throws {TypeError} If hosts or vms is not an array of objects, a constraint is not a
 * pair of integers, `pods` is not an array or the result has no assignment array.
 *
 * @example An overloaded host and a wrong host count
 * ```ts
 * import { validatePlacement } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { name: "h0", cpuMips: 1000, cores: 1, ramBytes: 100, bandwidthBytesPerSecond: 10, rack: 0 };
 * const vm = { name: "v", cpuMips: 600, ramBytes: 10, bandwidthBytesPerSecond: 1 };
 * const result = { algorithm: "manual", assignment: [0, 0], unplaced: [], hostsUsed: 2, details: {} };
 * const violations = validatePlacement([host], [vm, vm], result);
 * assert.deepEqual(violations.map((v) => v.kind), ["capacity", "hosts-used"]);
 * ```
 */
export function validatePlacement(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  result: PlacementResult,
  options: ValidatePlacementOptions = {},
): PlacementViolation[] {
  checkOptions("validate placement", "options", options, [
    "differentHosts",
    "differentPods",
    "differentRacks",
    "dimensions",
    "perCoreMips",
    "pods",
    "sameHost",
    "sameRack",
  ]);
  const { dimensions = DIMENSIONS, perCoreMips = false, pods = [] } = options;
  const action = "validate placement";
  if (!Array.isArray(pods)) {
    throw new TypeError(
      `Cannot ${action} as options.pods must be an array: current value is ${show(pods)}`,
    );
  }
  pods.forEach((p, r) => integer(action, `pods[${r}]`, p, 0));
  boolean(action, "options.perCoreMips", perCoreMips);
  packInstance(action, hosts, vms, dimensions);
  if (perCoreMips) {
    packInstance(action, hosts, vms, ["cpuMips"]);
    hosts.forEach((host, h) => integer(action, `hosts[${h}].cores`, host.cores, 1));
  }
  if (!Array.isArray(result?.assignment)) {
    throw new TypeError(
      `Cannot ${action} as result.assignment must be an array: current value is ${
        show(result?.assignment)
      }`,
    );
  }
  const violations: PlacementViolation[] = [];
  const { assignment } = result;
  if (assignment.length !== vms.length) {
    violations.push({
      kind: "assignment-length",
      message: `assignment has ${assignment.length} entries for ${vms.length} VMs`,
      vms: [],
      host: -1,
    });
  }
  const count = Math.min(assignment.length, vms.length);
  const byHost: number[][] = hosts.map(() => []);
  const unassigned: number[] = [];
  for (let i = 0; i < count; i++) {
    const h = assignment[i];
    if (h === -1) unassigned.push(i);
    else if (typeof h === "number" && Number.isInteger(h) && h >= 0 && h < hosts.length) {
      byHost[h]!.push(i);
    } else {
      violations.push({
        kind: "host-index",
        message: `VM ${i} is assigned to ${show(h)}, not -1 or a host index in [0, ${
          hosts.length - 1
        }]`,
        vms: [i],
        host: -1,
      });
    }
  }
  for (let h = 0; h < hosts.length; h++) {
    const host = hosts[h]!;
    const members = byHost[h]!;
    if (members.length === 0) continue;
    for (const dimension of dimensions) {
      let sum = 0;
      for (const i of members) sum += vms[i]![dimension];
      const capacity = host[dimension];
      if (!(sum <= capacity + RELATIVE_TOLERANCE * Math.max(Math.abs(capacity), 1))) {
        violations.push({
          kind: "capacity",
          message: `host ${h} (${host.name}) holds ${sum} ${dimension} of VMs but has ${capacity}`,
          vms: [...members],
          host: h,
        });
      }
    }
    if (perCoreMips) {
      const core = host.cpuMips / host.cores;
      for (const i of members) {
        if (vms[i]!.cpuMips > core * (1 + RELATIVE_TOLERANCE)) {
          violations.push({
            kind: "per-core",
            message: `VM ${i} needs ${vms[i]!.cpuMips} MIPS but a core of host ${h} has ${core}`,
            vms: [i],
            host: h,
          });
        }
      }
    }
  }
  const listed = new Set<number>();
  let unplacedOk = Array.isArray(result.unplaced);
  if (unplacedOk) {
    for (const i of result.unplaced) {
      if (listed.has(i) || assignment[i] !== -1) unplacedOk = false;
      listed.add(i);
    }
    if (listed.size !== unassigned.length) unplacedOk = false;
  }
  if (!unplacedOk) {
    violations.push({
      kind: "unplaced",
      message: `unplaced is ${show(result.unplaced)} but the VMs assigned -1 are ${
        show(unassigned)
      }`,
      vms: unassigned,
      host: -1,
    });
  }
  const used = byHost.filter((members) => members.length > 0).length;
  if (result.hostsUsed !== used) {
    violations.push({
      kind: "hosts-used",
      message: `hostsUsed is ${show(result.hostsUsed)} but ${used} hosts hold VMs`,
      vms: [],
      host: -1,
    });
  }
  const placedHost = (i: number): number => {
    const h = assignment[i];
    return typeof h === "number" && Number.isInteger(h) && h >= 0 && h < hosts.length ? h : -1;
  };
  // each rule: the level whose units must be the same (together) or differ
  const rules: [keyof PlacementConstraints, PlacementViolationKind, Level, boolean][] = [
    ["sameHost", "same-host", "host", true],
    ["sameRack", "same-rack", "rack", true],
    ["differentHosts", "different-hosts", "host", false],
    ["differentRacks", "different-racks", "rack", false],
    ["differentPods", "different-pods", "pod", false],
  ];
  // rack-level rules compare rack numbers: a NaN rack would differ from itself
  if (rules.some(([field, , level]) => level !== "host" && (options[field]?.length ?? 0) > 0)) {
    hosts.forEach((host, h) => finiteNumber(action, `hosts[${h}].rack`, host.rack));
  }
  const unitOf = (h: number, level: Level): number =>
    level === "host" ? h : level === "rack" ? hosts[h]!.rack : pods[hosts[h]!.rack] ?? 0;
  for (const [field, kind, level, together] of rules) {
    const pairs = options[field] ?? [];
    for (const pair of pairs) {
      checkPair(action, field, pair, vms.length);
      const [i, j] = pair;
      const hi = placedHost(i);
      const hj = placedHost(j);
      if (hi < 0 || hj < 0) continue;
      const a = unitOf(hi, level);
      const b = unitOf(hj, level);
      if ((a === b) !== together) {
        violations.push({
          kind,
          message: `VMs ${i} and ${j} must be on ${together ? "the same" : "different"} ${level}${
            together ? "" : "s"
          } but are on ${level}s ${a} and ${b}`,
          vms: [i, j],
          host: -1,
        });
      }
    }
  }
  return violations;
}

/** A level of the data-centre tree. */
type Level = "host" | "rack" | "pod";

/** Throws unless `pair` is a pair of distinct-or-equal VM indices in range. */
function checkPair(action: string, field: string, pair: unknown, vmCount: number): void {
  if (
    !Array.isArray(pair) || pair.length !== 2 ||
    !pair.every((x) => typeof x === "number" && Number.isInteger(x))
  ) {
    throw new TypeError(
      `Cannot ${action} as ${field} must hold pairs of integer VM indices: current value is ${
        show(pair)
      }`,
    );
  }
  for (const x of pair as number[]) {
    if (x < 0 || x >= vmCount) {
      throw new RangeError(
        `Cannot ${action} as ${field} must name VM indices in [0, ${
          vmCount - 1
        }]: current value is ${show(pair)}`,
      );
    }
  }
}

/**
 * Throws if a placement has any violation (see {@linkcode validatePlacement}); the
 * error message lists the first five.
 *
 * @param hosts The hosts of the instance.
 * @param vms The VMs of the instance.
 * @param result The placement to check.
 * @param options Constraints and the dimensions to check.
 * @throws {RangeError} If the placement violates a rule.
 *
 * @example A valid placement passes silently
 * ```ts
 * import { assertValidPlacement } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { name: "h0", cpuMips: 1000, cores: 1, ramBytes: 100, bandwidthBytesPerSecond: 10, rack: 0 };
 * const vm = { name: "v", cpuMips: 600, ramBytes: 10, bandwidthBytesPerSecond: 1 };
 * assertValidPlacement([host], [vm], { algorithm: "manual", assignment: [0], unplaced: [], hostsUsed: 1, details: {} });
 * assert.throws(() =>
 *   assertValidPlacement([host], [vm], { algorithm: "manual", assignment: [1], unplaced: [], hostsUsed: 1, details: {} })
 * );
 * ```
 */
export function assertValidPlacement(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  result: PlacementResult,
  options: ValidatePlacementOptions = {},
): void {
  const violations = validatePlacement(hosts, vms, result, options);
  if (violations.length > 0) {
    const shown = violations.slice(0, 5).map((v) => v.message).join("; ");
    const more = violations.length > 5 ? `; and ${violations.length - 5} more` : "";
    throw new RangeError(
      `Cannot accept placement as it must satisfy every capacity and constraint: current value is ${result.algorithm} with ${violations.length} violations: ${shown}${more}`,
    );
  }
}
