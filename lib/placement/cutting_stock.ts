import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { solveMip } from "./_ilp_solver.ts";
import { integer, oneOf, options as checkOptions, positive } from "../_validate.ts";

/** Options of {@link placeCuttingStock}. */
export interface PlaceCuttingStockOptions {
  /**
   * How patterns are chosen: exactly by an integer program over pattern counts
   * (HiGHS), or greedily.
   * @default {"ilp"}
   */
  method?: "ilp" | "greedy";
  /**
   * Wall-clock limit of the integer program, in seconds.
   * @default {10}
   */
  timeLimitSeconds?: number;
  /**
   * Largest number of patterns enumerated over all host types; beyond it the
   * enumeration stops and `details.truncated` is true.
   * @default {20000}
   */
  maxPatterns?: number;
  /**
   * The dimensions whose capacity must hold.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
}

const ACTION = "place VMs by cutting-stock patterns";

/**
 * Places VMs by choosing packing patterns, the cutting-stock formulation of bin packing
 * (Gilmore and Gomory 1961, "A linear programming approach to the cutting-stock problem",
 * Operations Research 9(6)): an exact method when VMs fall into a few types.
 *
 * This is not PBA (Man and Kayashima's pattern-based allocation of virtual desktops, which
 * is about usage patterns over time: see {@linkcode placePba}); "pattern" here is a count
 * vector of VMs per type that fits one host, as in cutting stock.
 *
 * VMs are grouped into types: same `type` label and identical demands in the checked
 * dimensions. Hosts are grouped into host types by identical capacities. A pattern is
 * a count vector (how many VMs of each type) that fits a host type; only maximal
 * patterns (no further VM of a still-needed type fits) are enumerated, depth first,
 * counts from high to low. Patterns are then chosen to cover the demand, either
 * exactly, by the integer program minimise `Σ z_hp` subject to `Σ_p z_hp ≤ hosts of
 * type h` and `Σ_hp a_pt z_hp ≥ demand_t` (z integer; a penalised slack per type makes
 * an instance that cannot be covered report unplaced VMs rather than fail), or by the
 * greedy fallback that repeatedly takes the pattern covering most remaining VMs
 * (ties: lower host type, then earlier pattern). Chosen patterns go to hosts of the
 * type in index order and are filled with VMs of each type in index order.
 *
 * `details`: `method`, `status` (`"optimal"`, `"time-limit"` or `"greedy"`),
 * `vmTypes`, `hostTypes`, `patterns`, `truncated`, and for the ILP without truncation
 * `bound` (proven lower bound on hosts) and `gap`. With the ILP and no truncation, an optimal status
 * means the fewest hosts possible for the instance.
 *
 * @param hosts The hosts.
 * @param vms The VMs to place.
 * @param options Method, time limit, pattern cap and dimensions.
 * @returns The placement.
 *
 * @example Two VM types on identical hosts
 * ```ts
 * import { placeCuttingStock } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 3000, cores: 3, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [0, 1, 2, 3].map((j) => ({ ...host, name: `h${j}` }));
 * const large = { cpuMips: 2000, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6, type: "large" };
 * const small = { cpuMips: 1000, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6, type: "small" };
 * const vms = [large, large, small, small].map((vm, i) => ({ ...vm, name: `vm${i}` }));
 * const result = await placeCuttingStock(hosts, vms);
 * assert.equal(result.hostsUsed, 2);
 * assert.equal(result.details.status, "optimal");
 * ```
 */
export async function placeCuttingStock(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: PlaceCuttingStockOptions = {},
): Promise<PlacementResult> {
  checkOptions(ACTION, "options", options, [
    "dimensions",
    "maxPatterns",
    "method",
    "timeLimitSeconds",
  ]);
  const {
    method = "ilp",
    timeLimitSeconds = 10,
    maxPatterns = 20000,
    dimensions = DIMENSIONS,
  } = options;
  packInstance(ACTION, hosts, vms, dimensions);
  oneOf(ACTION, "method", method, ["ilp", "greedy"] as const);
  positive(ACTION, "timeLimitSeconds", timeLimitSeconds);
  integer(ACTION, "maxPatterns", maxPatterns, 1);

  // Host types and VM types, in order of first appearance.
  const hostTypes: { capacity: number[]; hosts: number[] }[] = [];
  const hostKey = new Map<string, number>();
  hosts.forEach((host, j) => {
    const capacity = dimensions.map((d) => host[d]);
    const key = JSON.stringify(capacity);
    const h = hostKey.get(key) ?? hostTypes.push({ capacity, hosts: [] }) - 1;
    hostKey.set(key, h);
    hostTypes[h]!.hosts.push(j);
  });
  const vmTypes: { demand: number[]; vms: number[] }[] = [];
  const vmKey = new Map<string, number>();
  const assignment = vms.map(() => -1);
  vms.forEach((vm, i) => {
    const demand = dimensions.map((d) => vm[d]);
    if (!hostTypes.some((h) => demand.every((x, k) => x <= withSlack(h.capacity[k]!)))) return; // unfit
    const key = JSON.stringify([vm.type ?? null, demand]);
    const t = vmKey.get(key) ?? vmTypes.push({ demand, vms: [] }) - 1;
    vmKey.set(key, t);
    vmTypes[t]!.vms.push(i);
  });
  const need = vmTypes.map((t) => t.vms.length);

  // Maximal patterns per host type, depth first.
  const patterns: { hostType: number; counts: number[] }[] = [];
  let truncated = false;
  hostTypes.forEach((hostType, h) => {
    const counts = vmTypes.map(() => 0);
    const visit = (t: number, free: readonly number[]): void => {
      if (truncated) return;
      if (t === vmTypes.length) {
        const fits = (u: number) => vmTypes[u]!.demand.every((x, k) => x <= free[k]!);
        const maximal = vmTypes.every((_, u) => counts[u]! >= need[u]! || !fits(u));
        if (maximal && counts.some((c) => c > 0)) {
          if (patterns.length >= maxPatterns) truncated = true;
          else patterns.push({ hostType: h, counts: [...counts] });
        }
        return;
      }
      const demand = vmTypes[t]!.demand;
      let most = need[t]!;
      demand.forEach((x, k) => {
        if (x > 0) most = Math.min(most, Math.floor(free[k]! / x + 1e-12));
      });
      while (most > 0 && !demand.every((x, k) => most * x <= free[k]!)) most--;
      for (let c = most; c >= 0; c--) {
        counts[t] = c;
        visit(t + 1, free.map((f, k) => f - c * demand[k]!));
      }
      counts[t] = 0;
    };
    // Fits compare with the placement layer's one tolerance (`FIT_TOLERANCE` in `_fit.ts`):
    // the free capacity starts at the slackened capacity, so fractions summing exactly to it
    // fit (0.4 + 0.3 + 0.2 + 0.1 on 1; issue 11).
    visit(0, hostType.capacity.map(withSlack));
  });

  // How many hosts of each pattern.
  let uses = patterns.map(() => 0);
  let status = "greedy";
  let bound = Number.NaN;
  if (method === "ilp" && patterns.length > 0) {
    const penalty = hosts.length + 1;
    const objective = [
      ...patterns.map((_, p) => `z${p}`),
      ...vmTypes.map((_, t) => `${penalty} s${t}`),
    ];
    const rows: string[] = [];
    hostTypes.forEach((hostType, h) => {
      const terms = patterns.flatMap((pattern, p) => pattern.hostType === h ? [`z${p}`] : []);
      if (terms.length > 0) rows.push(` h${h}: ${terms.join(" + ")} <= ${hostType.hosts.length}`);
    });
    vmTypes.forEach((_, t) => {
      const terms = patterns.flatMap((pattern, p) =>
        pattern.counts[t]! > 0 ? [`${pattern.counts[t]} z${p}`] : []
      );
      rows.push(` d${t}: ${[...terms, `s${t}`].join(" + ")} >= ${need[t]}`);
    });
    const lp = [
      "Minimize",
      ` obj: ${objective.join(" + ")}`,
      "Subject To",
      ...rows,
      "Bounds",
      ...vmTypes.map((_, t) => ` s${t} <= ${need[t]}`),
      "General",
      ...patterns.map((_, p) => ` z${p}`),
      ...vmTypes.map((_, t) => ` s${t}`),
      "End",
    ].join("\n");
    // without presolve first on a small model (see solveMip), within the one time limit
    const deadline = performance.now() + timeLimitSeconds * 1000;
    const solution = await solveMip(
      lp,
      patterns.length + vmTypes.length,
      () => (deadline - performance.now()) / 1000,
    );
    if (Object.keys(solution.values).length > 0) {
      uses = patterns.map((_, p) => Math.round(solution.values[`z${p}`] ?? 0));
      status = solution.status;
      const slack = vmTypes.reduce((sum, _, t) => sum + (solution.values[`s${t}`] ?? 0), 0);
      bound = Math.max(0, Math.ceil(solution.bound - penalty * Math.round(slack) - 1e-6));
    }
  }
  if (status === "greedy") {
    const remaining = [...need];
    const hostsLeft = hostTypes.map((h) => h.hosts.length);
    for (;;) {
      let best = -1;
      let bestCovered = 0;
      patterns.forEach((pattern, p) => {
        if (hostsLeft[pattern.hostType] === 0) return;
        const covered = pattern.counts.reduce((s, c, t) => s + Math.min(c, remaining[t]!), 0);
        if (covered > bestCovered) {
          best = p;
          bestCovered = covered;
        }
      });
      if (best < 0) break;
      const pattern = patterns[best]!;
      uses[best]!++;
      hostsLeft[pattern.hostType]!--;
      pattern.counts.forEach((c, t) => remaining[t] = Math.max(0, remaining[t]! - c));
    }
  }

  // Realise the chosen patterns on concrete hosts and VMs.
  const nextVm = vmTypes.map(() => 0);
  const nextHost = hostTypes.map(() => 0);
  patterns.forEach((pattern, p) => {
    for (let u = 0; u < uses[p]!; u++) {
      const hostType = hostTypes[pattern.hostType]!;
      const host = hostType.hosts[nextHost[pattern.hostType]!++];
      if (host === undefined) return;
      pattern.counts.forEach((c, t) => {
        for (let k = 0; k < c && nextVm[t]! < need[t]!; k++) {
          assignment[vmTypes[t]!.vms[nextVm[t]!++]!] = host;
        }
      });
    }
  });
  const hostsUsed = new Set(assignment.filter((j) => j >= 0)).size;
  const details: Record<string, number | string | boolean> = {
    method,
    status,
    vmTypes: vmTypes.length,
    hostTypes: hostTypes.length,
    patterns: patterns.length,
    truncated,
  };
  // a bound over a truncated pattern set bounds only that restricted model, not the instance
  if (!Number.isNaN(bound) && !truncated) {
    details.bound = bound;
    details.gap = hostsUsed > 0 ? Math.max(0, (hostsUsed - bound) / hostsUsed) : 0;
  }
  return {
    algorithm: method === "ilp" ? "pattern-ilp" : "pattern-greedy",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed,
    details,
  };
}
