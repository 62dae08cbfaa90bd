import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import type { PlacementConstraints } from "./validate_placement.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { finiteNumber, integer, nonNegative, options as checkOptions, show } from "../_validate.ts";

/** Traffic between two VMs: `[i, j, bytesPerSecond]` with VM indices i and j. */
export type TrafficEntry = [number, number, number];

/** Options of {@link placeScavp}. */
export interface PlaceScavpOptions {
  /**
   * Structural constraints: affinity (`sameHost`, `sameRack`) and anti-affinity
   * (`differentHosts`, `differentRacks`, `differentPods`: the paper's availability
   * constraints at each level of the tree) pairs of VM indices.
   * @default {{}}
   */
  constraints?: PlacementConstraints;
  /**
   * Traffic between VM pairs, in bytes per second.
   * @default {[]}
   */
  traffic?: readonly TrafficEntry[];
  /**
   * Cost per byte per second between two racks, indexed by rack numbers:
   * `rackCost[a][b]`. When given it replaces the tree costs of `pods` and `levelCost`.
   * @default {from the tree: 0 within a rack, `levelCost.rack` between racks of a pod, `levelCost.pod` between pods}
   */
  rackCost?: readonly (readonly number[])[];
  /**
   * The third level of the data-centre tree: `pods[r]` is the pod of rack number `r`
   * (racks of a pod share an aggregation switch). Racks not listed are in pod 0, so without
   * this option at most one VM of each `differentPods` pair is placed.
   * @default {every rack in pod 0}
   */
  pods?: readonly number[];
  /**
   * Cost per byte per second of traffic that crosses a top-of-rack switch within a pod
   * (`rack`), or crosses pods through the core (`pod`).
   * @default {{ rack: 1, pod: 2 }}
   */
  levelCost?: { rack?: number; pod?: number };
  /**
   * Whether traffic guides the placement. `false` is the traffic-blind baseline: no
   * clustering by traffic, groups placed by decreasing size on the first pod and rack
   * that hold them (all constraints still hold).
   * @default {true}
   */
  trafficAware?: boolean;
  /**
   * The dimensions whose capacity must hold.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
}

const ACTION = "place VMs by SCAVP";

/**
 * Places VMs under structural constraints (SCAVP, Jayasinghe, Pu, Eilam, Steinder,
 * Whalley and Snible 2011, "Improving performance and availability of services hosted
 * on IaaS clouds with structural constraint-aware virtual machine placement").
 *
 * The paper (IEEE SCC 2011, doi:10.1109/SCC.2011.28) supports three kinds of constraint:
 * demand (capacities), communication (traffic between VMs, whose cost grows with the
 * number of switch levels it crosses in the data-centre tree) and availability
 * (anti-affinity of replicas, here at each level of the tree: `differentHosts`,
 * `differentRacks`, `differentPods`); and it solves the problem by a hierarchical
 * decomposition down the tree (pod, rack, host), one smaller problem per level. Here:
 * first, VMs are grouped: `sameHost` pairs join host groups (placed as one item), and host
 * groups joined by `sameRack` pairs form rack groups (mandatory). A group holding an
 * anti-affine pair is infeasible and its VMs are unplaced. Rack groups are then clustered
 * by communication: taking the traffic between two rack groups heaviest first (a greedy,
 * Kruskal-like pass; the sums are not recomputed after a merge), their clusters merge
 * while the merged demand fits the largest rack (summed host capacities, with the fit
 * tolerance) and no `differentRacks` or `differentPods` pair separates them; rack
 * clusters are clustered the same way, by the traffic between two rack clusters, into
 * pod clusters that fit the largest pod and hold no `differentPods` pair. Second, pod
 * clusters are placed by decreasing traffic, then demand, a pod cluster's traffic being the
 * sum of its rack clusters' (each rack cluster's counts every pair with a VM in it once), so
 * that a pair between two of its rack clusters, which only a pod can keep close, counts
 * twice and a pair inside one rack cluster once: each goes to the pod where its
 * traffic to VMs already placed costs least (counting partners in the pod at
 * `levelCost.rack`, others at `levelCost.pod`) among pods with enough free capacity that
 * hold no VM of a `differentPods` pair with it; inside it, its rack clusters, by
 * decreasing traffic then demand (so a quiet one is the one left without room), each go
 * to the rack where their traffic to VMs already placed costs least (ties to the lower
 * rack number) among the pod's racks that can hold them (any rack if none can). Inside a rack, host groups go by decreasing summed normalised demand to the first
 * host with room that holds no VM of a `differentHosts` pair with them; no rack may hold
 * both VMs of a `differentRacks` pair, and no pod both VMs of a `differentPods` pair. A
 * merged cluster that no rack holds is split into its rack groups; a rack group that no
 * rack holds is unplaced, so every returned placement satisfies every constraint on its
 * placed VMs (`validatePlacement` checks them, given the same `pods`).
 *
 * `details`: `interRackTrafficCost` (Σ traffic × cost between the two racks over pairs in
 * different racks), `interRackBytesPerSecond`, `interPodBytesPerSecond`,
 * `totalTrafficBytesPerSecond`, `clusters` (rack clusters), `podClusters`,
 * `trafficAware` and `infeasibleGroups`.
 *
 * @param hosts The hosts (their `rack` numbers define the racks).
 * @param vms The VMs to place.
 * @param options Constraints, traffic, rack costs and dimensions.
 * @returns The placement with its inter-rack traffic cost.
 *
 * @example Talkative VMs share a rack, replicas do not share a host
 * ```ts
 * import { placeScavp } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 2000, cores: 2, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9 };
 * const hosts = [0, 1, 2, 3].map((j) => ({ ...host, name: `h${j}`, rack: j >> 1 }));
 * const vms = [0, 1, 2].map((i) => ({
 *   name: `vm${i}`, cpuMips: 1000, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6,
 * }));
 * const result = placeScavp(hosts, vms, {
 *   constraints: { differentHosts: [[0, 1]] },
 *   traffic: [[0, 2, 5e6], [1, 2, 5e6]],
 * });
 * assert.notEqual(result.assignment[0], result.assignment[1]);
 * assert.equal(result.details.interRackTrafficCost, 0);
 * ```
 */
export function placeScavp(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: PlaceScavpOptions = {},
): PlacementResult {
  checkOptions(ACTION, "options", options, [
    "constraints",
    "dimensions",
    "levelCost",
    "pods",
    "rackCost",
    "traffic",
    "trafficAware",
  ]);
  const {
    constraints = {},
    traffic = [],
    rackCost,
    dimensions = DIMENSIONS,
    pods = [],
    levelCost = {},
    trafficAware = true,
  } = options;
  checkOptions(ACTION, "options.levelCost", levelCost, ["rack", "pod"]);
  const { rack: rackLevelCost = 1, pod: podLevelCost = 2 } = levelCost;
  nonNegative(ACTION, "levelCost.rack", rackLevelCost);
  nonNegative(ACTION, "levelCost.pod", podLevelCost);
  if (!Array.isArray(pods)) {
    throw new TypeError(
      `Cannot ${ACTION} as options.pods must be an array: current value is ${show(pods)}`,
    );
  }
  pods.forEach((p, r) => integer(ACTION, `pods[${r}]`, p, 0));
  if (rackCost !== undefined) {
    if (!Array.isArray(rackCost)) {
      throw new TypeError(
        `Cannot ${ACTION} as options.rackCost must be an array: current value is ${show(rackCost)}`,
      );
    }
    rackCost.forEach((row, a) => {
      if (!Array.isArray(row)) {
        throw new TypeError(
          `Cannot ${ACTION} as rackCost[${a}] must be an array: current value is ${show(row)}`,
        );
      }
      row.forEach((cost, b) => nonNegative(ACTION, `rackCost[${a}][${b}]`, cost));
    });
  }
  if (typeof trafficAware !== "boolean") {
    throw new TypeError(
      `Cannot ${ACTION} as options.trafficAware must be a boolean: current value is ${
        show(trafficAware)
      }`,
    );
  }
  const podOf = (rack: number): number => pods[rack] ?? 0;
  const scale = Array.from(packInstance(ACTION, hosts, vms, dimensions).scale);
  hosts.forEach((h, j) => finiteNumber(ACTION, `hosts[${j}].rack`, h.rack));
  const vmHostPairs = vms.length * hosts.length;
  checkWorkLimit(
    ACTION,
    "vms.length × hosts.length",
    vmHostPairs,
    PLACEMENT_WORK_LIMITS.scavpPairs,
  );
  checkOptions(ACTION, "options.constraints", constraints, [
    "sameHost",
    "sameRack",
    "differentHosts",
    "differentRacks",
    "differentPods",
  ]);
  if (!Array.isArray(traffic)) {
    throw new TypeError(
      `Cannot ${ACTION} as options.traffic must be an array: current value is ${show(traffic)}`,
    );
  }
  const n = vms.length;
  const pairs = (field: keyof PlacementConstraints): [number, number][] => {
    const list = constraints[field] ?? [];
    if (!Array.isArray(list)) {
      throw new TypeError(
        `Cannot ${ACTION} as constraints.${field} must be an array: current value is ${show(list)}`,
      );
    }
    list.forEach((pair, k) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(
          `Cannot ${ACTION} as constraints.${field}[${k}] must be a pair: current value is ${
            show(pair)
          }`,
        );
      }
      integer(ACTION, `constraints.${field}[${k}][0]`, pair[0], 0, n - 1);
      integer(ACTION, `constraints.${field}[${k}][1]`, pair[1], 0, n - 1);
    });
    return list;
  };
  const sameHost = pairs("sameHost");
  const sameRack = pairs("sameRack");
  const differentHosts = pairs("differentHosts");
  const differentRacks = pairs("differentRacks");
  const differentPods = pairs("differentPods");
  traffic.forEach((entry, k) => {
    if (!Array.isArray(entry) || entry.length !== 3) {
      throw new TypeError(
        `Cannot ${ACTION} as traffic[${k}] must be a triple [i, j, bytesPerSecond]: current value is ${
          show(entry)
        }`,
      );
    }
    integer(ACTION, `traffic[${k}][0]`, entry[0], 0, n - 1);
    integer(ACTION, `traffic[${k}][1]`, entry[1], 0, n - 1);
    nonNegative(ACTION, `traffic[${k}][2]`, entry[2]);
  });
  const treeCost = (a: number, b: number): number =>
    a === b ? 0 : podOf(a) === podOf(b) ? rackLevelCost : podLevelCost;
  const costBetween = (a: number, b: number): number =>
    rackCost === undefined ? treeCost(a, b) : rackCost[a]?.[b] ?? treeCost(a, b);

  // Anti-affinity lookups.
  const apartHost = vms.map(() => new Set<number>());
  for (const [a, b] of differentHosts) apartHost[a]!.add(b), apartHost[b]!.add(a);
  const apartRack = vms.map(() => new Set<number>());
  for (const [a, b] of differentRacks) apartRack[a]!.add(b), apartRack[b]!.add(a);
  const apartPod = vms.map(() => new Set<number>());
  for (const [a, b] of differentPods) apartPod[a]!.add(b), apartPod[b]!.add(a);
  /** Whether a VM of `xs` must be in another rack (or, with `podsOnly`, pod) than one of `ys`. */
  const apart = (xs: readonly number[], ys: ReadonlySet<number>, podsOnly = false): boolean =>
    xs.some((i) =>
      [...apartPod[i]!].some((j) => ys.has(j)) ||
      (!podsOnly && [...apartRack[i]!].some((j) => ys.has(j)))
    );

  // Level 0: host groups and rack groups by union-find.
  const hostRoot = unionFind(n, sameHost);
  const rackRoot = unionFind(n, [...sameHost, ...sameRack]);
  const hostGroups = groupBy(n, hostRoot);
  const rackGroups = groupBy(n, rackRoot);
  const assignment = vms.map(() => -1);
  let infeasibleGroups = 0;
  const feasibleRackGroups = rackGroups.filter((members) => {
    const set = new Set(members);
    const conflict = apart(members, set) ||
      members.some((i) => [...apartHost[i]!].some((j) => hostRoot[j] === hostRoot[i]));
    if (conflict) infeasibleGroups++;
    return !conflict;
  });

  // Level 1: cluster rack groups by traffic.
  const racks = [...new Set(hosts.map((h) => h.rack))].sort((a, b) => a - b);
  const rackHosts = racks.map((r) => hosts.flatMap((h, j) => h.rack === r ? [j] : []));
  const rackCapacity = rackHosts.map((list) =>
    dimensions.map((d) => list.reduce((s, j) => s + hosts[j]![d], 0))
  );
  const largestRack = dimensions.map((_, k) => Math.max(0, ...rackCapacity.map((c) => c[k]!)));
  const demandOf = (members: readonly number[]) =>
    dimensions.map((d) => members.reduce((s, i) => s + vms[i]![d], 0));
  let clusters = feasibleRackGroups.map((members) => ({ parts: [members], members }));
  const clusterOf = new Map<number, number>();
  const reindex = () => {
    clusterOf.clear();
    clusters.forEach((c, k) => c.members.forEach((i) => clusterOf.set(i, k)));
  };
  reindex();
  const edges = new Map<string, number>();
  for (const [a, b, rate] of traffic) {
    const ca = clusterOf.get(a);
    const cb = clusterOf.get(b);
    if (ca === undefined || cb === undefined || ca === cb) continue;
    const key = ca < cb ? `${ca},${cb}` : `${cb},${ca}`;
    edges.set(key, (edges.get(key) ?? 0) + rate);
  }
  const ranked = [...edges].map(([key, rate]) => ({ ends: key.split(",").map(Number), rate }))
    .sort((x, y) => y.rate - x.rate || x.ends[0]! - y.ends[0]! || x.ends[1]! - y.ends[1]!);
  const merged = clusters.map((_, k) => k);
  const find = (k: number): number => merged[k] === k ? k : (merged[k] = find(merged[k]!));
  for (const { ends } of trafficAware ? ranked : []) {
    const x = find(ends[0]!);
    const y = find(ends[1]!);
    if (x === y) continue;
    const members = [...clusters[x]!.members, ...clusters[y]!.members];
    const demand = demandOf(members);
    if (demand.some((v, k) => v > withSlack(largestRack[k]!))) continue;
    if (apart(clusters[x]!.members, new Set(clusters[y]!.members))) continue;
    clusters[x] = { parts: [...clusters[x]!.parts, ...clusters[y]!.parts], members };
    merged[y] = x;
  }
  clusters = clusters.filter((_, k) => find(k) === k);
  reindex();

  // Level 1b: cluster rack clusters into pod clusters by traffic, within the largest pod.
  const podIds = [...new Set(racks.map(podOf))].sort((a, b) => a - b);
  const podCapacity = podIds.map((p) =>
    dimensions.map((_, k) =>
      racks.reduce((sum, rack, r) => podOf(rack) === p ? sum + rackCapacity[r]![k]! : sum, 0)
    )
  );
  const largestPod = dimensions.map((_, k) => Math.max(0, ...podCapacity.map((c) => c[k]!)));
  const podRoot = clusters.map((_, k) => k);
  const podFind = (k: number): number => podRoot[k] === k ? k : (podRoot[k] = podFind(podRoot[k]!));
  const podMembers = clusters.map((c) => [...c.members]);
  if (trafficAware) {
    const between = new Map<string, number>();
    for (const [a, b, rate] of traffic) {
      const ca = clusterOf.get(a);
      const cb = clusterOf.get(b);
      if (ca === undefined || cb === undefined || ca === cb) continue;
      const key = ca < cb ? `${ca},${cb}` : `${cb},${ca}`;
      between.set(key, (between.get(key) ?? 0) + rate);
    }
    const podRanked = [...between].map(([key, rate]) => ({
      ends: key.split(",").map(Number),
      rate,
    })).sort((x, y) => y.rate - x.rate || x.ends[0]! - y.ends[0]! || x.ends[1]! - y.ends[1]!);
    for (const { ends } of podRanked) {
      const x = podFind(ends[0]!);
      const y = podFind(ends[1]!);
      if (x === y) continue;
      const members = [...podMembers[x]!, ...podMembers[y]!];
      if (demandOf(members).some((v, k) => v > withSlack(largestPod[k]!))) continue;
      if (apart(podMembers[x]!, new Set(podMembers[y]!), true)) continue;
      podMembers[x] = members;
      podRoot[y] = x;
    }
  }
  const podClusters = clusters.map((_, k) => k).filter((k) => podFind(k) === k)
    .map((root) => clusters.map((_, k) => k).filter((k) => podFind(k) === root));
  const incident = clusters.map(() => 0);
  for (const [a, b, rate] of traffic) {
    const ca = clusterOf.get(a);
    const cb = clusterOf.get(b);
    if (ca !== undefined) incident[ca]! += rate;
    if (cb !== undefined && cb !== ca) incident[cb]! += rate;
  }
  const size = (members: readonly number[]) =>
    demandOf(members).reduce((s, v, k) => s + v / scale[k]!, 0);
  const clusterRank = (a: number, b: number) =>
    (trafficAware ? incident[b]! - incident[a]! : 0) ||
    size(clusters[b]!.members) - size(clusters[a]!.members) || a - b;
  const podIncident = (ks: readonly number[]) => ks.reduce((s, k) => s + incident[k]!, 0);
  const podSize = (ks: readonly number[]) => ks.reduce((s, k) => s + size(clusters[k]!.members), 0);
  const podOrder = podClusters.map((ks) => [...ks].sort(clusterRank)).sort((a, b) =>
    (trafficAware ? podIncident(b) - podIncident(a) : 0) || podSize(b) - podSize(a) ||
    a[0]! - b[0]!
  );

  // Level 2: clusters onto racks, host groups onto hosts.
  const load = hosts.map(() => dimensions.map(() => 0));
  const onHost = hosts.map(() => new Set<number>());
  const inRack = racks.map(() => new Set<number>());
  // per pod (in podIds order): its VMs and their summed demand; each rack's pod there
  const inPod = podIds.map(() => new Set<number>());
  const podUsed = podIds.map(() => dimensions.map(() => 0));
  const podOfRack = racks.map((rack) => podIds.indexOf(podOf(rack)));
  const trafficOf = vms.map(() => [] as [number, number][]);
  for (const [a, b, rate] of traffic) trafficOf[a]!.push([b, rate]), trafficOf[b]!.push([a, rate]);

  /** Host of each host group when the members fit rack r, or undefined. */
  const tryRack = (members: readonly number[], r: number): Map<number, number> | undefined => {
    if (apart(members, inRack[r]!) || apart(members, inPod[podOfRack[r]!]!, true)) {
      return undefined;
    }
    const memberSet = new Set(members);
    const groups = hostGroups.filter((g) => memberSet.has(g[0]!))
      .sort((a, b) => size(b) - size(a) || a[0]! - b[0]!);
    const trialLoad = new Map<number, number[]>();
    const trialVms = new Map<number, number[]>();
    const chosen = new Map<number, number>();
    for (const group of groups) {
      const demand = demandOf(group);
      const host = rackHosts[r]!.find((j) => {
        const used = trialLoad.get(j) ?? load[j]!;
        if (!dimensions.every((d, k) => used[k]! + demand[k]! <= withSlack(hosts[j]![d]))) {
          return false;
        }
        const present = [...onHost[j]!, ...(trialVms.get(j) ?? [])];
        return !group.some((i) => present.some((p) => apartHost[i]!.has(p)));
      });
      if (host === undefined) return undefined;
      trialLoad.set(host, (trialLoad.get(host) ?? load[host]!).map((v, k) => v + demand[k]!));
      trialVms.set(host, [...(trialVms.get(host) ?? []), ...group]);
      for (const i of group) chosen.set(i, host);
    }
    return chosen;
  };
  const place = (members: readonly number[], allowed?: ReadonlySet<number>): boolean => {
    let best: { r: number; cost: number; chosen: Map<number, number> } | undefined;
    racks.forEach((rack, r) => {
      if (allowed !== undefined && !allowed.has(rack)) return;
      if (!trafficAware && best !== undefined) return;
      const chosen = tryRack(members, r);
      if (chosen === undefined) return;
      let cost = 0;
      for (const i of members) {
        for (const [j, rate] of trafficOf[i]!) {
          if (assignment[j]! >= 0) cost += rate * costBetween(rack, hosts[assignment[j]!]!.rack);
        }
      }
      if (best === undefined || cost < best.cost) best = { r, cost, chosen };
    });
    if (best === undefined) return false;
    const q = podOfRack[best.r]!;
    for (const [i, j] of best.chosen) {
      assignment[i] = j;
      dimensions.forEach((d, k) => {
        load[j]![k]! += vms[i]![d];
        podUsed[q]![k]! += vms[i]![d];
      });
      onHost[j]!.add(i);
      inRack[best.r]!.add(i);
      inPod[q]!.add(i);
    }
    return true;
  };
  /**
   * The pod whose placed partners make the pod cluster's traffic cheapest, among pods with
   * room that hold no VM it must be apart from.
   */
  const choosePod = (ks: readonly number[]): number | undefined => {
    const members = ks.flatMap((k) => clusters[k]!.members);
    const demand = demandOf(members);
    let best: { p: number; cost: number } | undefined;
    podIds.forEach((p, q) => {
      const used = podUsed[q]!;
      if (demand.some((v, k) => used[k]! + v > withSlack(podCapacity[q]![k]!))) return;
      if (apart(members, inPod[q]!, true)) return;
      if (!trafficAware) {
        if (best === undefined) best = { p, cost: 0 };
        return;
      }
      let cost = 0;
      for (const i of members) {
        for (const [j, rate] of trafficOf[i]!) {
          if (assignment[j]! < 0) continue;
          cost += rate * (podOf(hosts[assignment[j]!]!.rack) === p ? rackLevelCost : podLevelCost);
        }
      }
      if (best === undefined || cost < best.cost) best = { p, cost };
    });
    return best?.p;
  };
  for (const ks of podOrder) {
    const p = choosePod(ks);
    const allowed = p === undefined
      ? undefined
      : new Set(racks.filter((rack) => podOf(rack) === p));
    for (const k of ks) {
      const cluster = clusters[k]!;
      if (allowed !== undefined && place(cluster.members, allowed)) continue;
      if (place(cluster.members)) continue;
      for (const part of cluster.parts) place(part);
    }
  }

  let interRackTrafficCost = 0;
  let interRackBytesPerSecond = 0;
  let interPodBytesPerSecond = 0;
  let totalTrafficBytesPerSecond = 0;
  for (const [a, b, rate] of traffic) {
    totalTrafficBytesPerSecond += rate;
    if (assignment[a]! < 0 || assignment[b]! < 0) continue;
    const ra = hosts[assignment[a]!]!.rack;
    const rb = hosts[assignment[b]!]!.rack;
    if (ra !== rb) interRackBytesPerSecond += rate;
    if (podOf(ra) !== podOf(rb)) interPodBytesPerSecond += rate;
    interRackTrafficCost += rate * costBetween(ra, rb);
  }
  return {
    algorithm: "scavp",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: new Set(assignment.filter((j) => j >= 0)).size,
    details: {
      interRackTrafficCost,
      interRackBytesPerSecond,
      interPodBytesPerSecond,
      totalTrafficBytesPerSecond,
      clusters: clusters.length,
      podClusters: podClusters.length,
      trafficAware,
      infeasibleGroups,
    },
  };
}

/** Root of every element after joining the given pairs (roots are the smallest index). */
function unionFind(n: number, pairs: readonly (readonly [number, number])[]): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => parent[i] === i ? i : (parent[i] = find(parent[i]!));
  for (const [a, b] of pairs) {
    const x = find(a);
    const y = find(b);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  return parent.map((_, i) => find(i));
}

/** Members of each group, groups ordered by their smallest member. */
function groupBy(n: number, root: readonly number[]): number[][] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = groups.get(root[i]!) ?? [];
    list.push(i);
    groups.set(root[i]!, list);
  }
  return [...groups.values()];
}
