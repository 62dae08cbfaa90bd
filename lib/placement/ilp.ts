import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { DIMENSIONS } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { hostPowerModels } from "./_power_models.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import { type LpSolution, solveLp, solveMip } from "./_ilp_solver.ts";
import {
  buildIlpModel,
  canonicalStart,
  decodeValues,
  fitsAlone,
  hostTypesOf,
  type IlpModelInput,
  startValues,
} from "./_ilp_model.ts";
import { buildPatternModel, decodePatterns } from "./_ilp_patterns.ts";
import { lowerBounds } from "./lower_bounds.ts";
import { firstFitDecreasing } from "./first_fit_decreasing.ts";
import { bestFitDecreasing } from "./best_fit_decreasing.ts";
import { integer, nonNegative, oneOf, options as checkOptions, positive } from "../_validate.ts";

/** Options of {@link placeIlp}. */
export interface PlaceIlpOptions {
  /**
   * Wall-clock limit, in seconds, of the whole call: building the model, the LP
   * relaxation, then the MILP with the time left; on reaching it the best placement found
   * so far (at worst the first-fit-decreasing start) is returned with `details.status`
   * `"time-limit"`. Instances beyond `PLACEMENT_WORK_LIMITS.ilpPairs` VM-host pairs are
   * refused before the model is built.
   * @default {10}
   */
  timeLimitSeconds?: number;
  /**
   * Cap on the MILP's branch-and-bound nodes (`details.status` `"node-limit"` when
   * reached). Set it for reproducible results: a time limit depends on the machine.
   * @default {Infinity}
   */
  maxNodes?: number;
  /**
   * The dimensions whose capacity must hold.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
  /**
   * What to minimise: the number of hosts used, or the power draw (watts) of the
   * switched-on hosts.
   * @default {"hosts"}
   */
  objective?: "hosts" | "power";
  /**
   * Power models keyed by `Host.powerModel`; required for the `"power"` objective.
   * @default {{}}
   */
  powerModels?: Readonly<Record<string, PowerModel>>;
  /**
   * The integer program: `"aggregated"`, the strong model over host types and VM classes
   * with symmetry breaking and the L2 row (see {@link placeIlp}), or `"assignment"`, one
   * binary per VM and host (the model before issue 11, kept to compare against; both give
   * the same optimum, the first proves it far sooner on instances with identical hosts).
   * @default {"aggregated"}
   */
  formulation?: "aggregated" | "assignment";
}

const ACTION = "place VMs by integer programming";
/** Most maximal patterns the pattern stage enumerates; beyond, it is skipped. */
const PATTERN_LIMIT = 5_000;
/** Most partial patterns the enumeration visits; beyond, the stage is skipped. */
const PATTERN_VISITS = 1_000_000;

/**
 * Places VMs on hosts optimally by solving the bin-packing integer program with
 * HiGHS.
 *
 * The default, `"aggregated"` formulation (built in `_ilp_model.ts`) is the strong model:
 * - Hosts identical in capacity and cost form a type, VMs identical in demand a class of
 *   `m_v` VMs. Integer `z_vj` counts the VMs of class v on host j, binary `y_j` switches
 *   host j on, `u_v` counts the unplaced VMs of class v (penalised by more than any
 *   placement can cost, so used only when the hosts cannot hold every VM).
 * - Rows: `Σ_j z_vj + u_v = m_v`; per dimension `Σ_v d_v z_vj ≤ C_j y_j` (in thousandths
 *   of C_j, so that HiGHS's row tolerance is the fit tolerance, a billionth of C_j); the
 *   strong link `z_vj ≤ n_vj y_j` (`n_vj`: the most VMs of class v host j holds alone); per
 *   host and dimension, `Σ z_vj ≤ y_j` over the VMs larger than half the host (a clique); and,
 *   when every VM can be placed, `Σ_j y_j ≥ L2` (Martello and Toth's bound, `lower_bounds.ts`).
 * - Symmetry breaking within a host type: `y_r ≥ y_{r+1}` by rank, and class v may use the
 *   r-th host of a type only if at least r + 1 VMs, counted in class order up to class v,
 *   fit that type (order the type's hosts by the first VM each holds: any placement can be
 *   relabelled so). The first-fit-decreasing start is relabelled the same way.
 * - Pattern stage (hosts objective, every VM placeable, not already proven by L2 or the LP
 *   relaxation): when at most 5,000 maximal packing patterns exist over the host types and
 *   VM classes, the Gilmore-Gomory set-covering model (`_ilp_patterns.ts`; Gilmore and Gomory
 *   1961) is built; its rounded-up LP bound is `patternBound`, and when that beats L2 and the
 *   LP relaxation, its MILP is solved (same node cap): a placement it proves optimal is
 *   returned, otherwise the bound becomes the `Σ_j y_j` row and the placement the start of
 *   the aggregated MILP.
 *
 * `"assignment"` is the model before: one binary `x_ij` per VM and host it fits,
 * `x_ij ≤ y_j` and `y_j ≥ y_k` for consecutive identical hosts. The objective is `Σ y_j`
 * or, for `"power"`, `Σ_j P_j(0) y_j + Σ_ij (P_j(1) − P_j(0)) · cpu_i / cpu_j · x_ij`
 * (exact for linear power models; a table model is linearised between its 0 % and 100 %
 * points). A first-fit-decreasing placement is passed as the starting incumbent. A MIP of at
 * most 300 columns is solved first without HiGHS's presolve, which cuts the optimum off some
 * small models (then reported as optimal; the capacity rows are written so as to avoid what
 * set it off here, see `_ilp_solver.ts`), for up to 200 nodes; only when that proves nothing,
 * and for larger models, with presolve.
 *
 * `details` holds `status` (`"optimal"` when proven, `"time-limit"` or `"node-limit"`;
 * `"repaired"` when the solver's optimum broke a real capacity and was repaired, or replaced
 * by the start when cheaper, so that optimality is not proven;
 * another solver status such as `"error"` means the first-fit-decreasing start was
 * returned; a bound that meets the hosts objective proves it whatever stopped the solver),
 * `objective` (hosts, or watts of the linearised model), `lpRelaxation` (the formulation's
 * LP relaxation without the L2 row, solved separately; 0 if not solved in time), `l2Bound`
 * (the hosts objective with every VM that fits placed: Martello and Toth's L2 over the
 * checked dimensions, else 0; when the first-fit-decreasing start meets it, that start is
 * returned as `"optimal"` without a solve and `lpRelaxation` is 0), `bound` (the best
 * proven lower bound: the largest of the LP relaxation and the solver's dual bound, both
 * rounded up for the hosts objective, and for the hosts objective only, as they count
 * hosts, `l2Bound` and `patternBound`), `boundSource` (which
 * of `"lp"`, `"l2"`, `"patterns"`, `"solver"` gave it), `patternBound` (0 when the stage
 * did not run), `patterns` (the pattern columns, 0 likewise), `gap`
 * (`(objective − bound) / objective`), `solveSeconds`, `nodes` (the last MILP's
 * branch-and-bound nodes, both solves' when it took two; 0 without one), `formulation`,
 * `hostTypes`, `vmClasses`, `variables`, `constraints` and `unfit` (VMs larger than every
 * host). VMs that fit no host, or that the hosts cannot hold, are in `unplaced`.
 *
 * @param hosts The hosts.
 * @param vms The VMs to place.
 * @param options Time limit, node limit, dimensions, objective, power models, formulation.
 * @returns A placement with the solver's status, bound and gap in `details`.
 *
 * @example Three VMs on two-VM hosts need two hosts
 * ```ts
 * import { placeIlp } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 2000, cores: 2, ramBytes: 4e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [0, 1, 2].map((i) => ({ ...host, name: `h${i}` }));
 * const vms = [0, 1, 2].map((i) => ({
 *   name: `vm${i}`, cpuMips: 1000, ramBytes: 1e9, bandwidthBytesPerSecond: 1e8,
 * }));
 * const result = await placeIlp(hosts, vms);
 * assert.equal(result.hostsUsed, 2);
 * assert.equal(result.details.status, "optimal");
 * assert.equal(result.details.gap, 0);
 * ```
 */
export async function placeIlp(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: PlaceIlpOptions = {},
): Promise<PlacementResult> {
  checkOptions(ACTION, "options", options, [
    "dimensions",
    "formulation",
    "maxNodes",
    "objective",
    "powerModels",
    "timeLimitSeconds",
  ]);
  const {
    timeLimitSeconds = 10,
    maxNodes = Infinity,
    dimensions = DIMENSIONS,
    objective = "hosts",
    powerModels = {},
    formulation = "aggregated",
  } = options;
  const startedMs = performance.now();
  const scale = Array.from(packInstance(ACTION, hosts, vms, dimensions).scale);
  positive(ACTION, "timeLimitSeconds", timeLimitSeconds);
  // checked here, not only by a MILP solve that a bound may make unnecessary
  if (maxNodes !== Infinity) integer(ACTION, "maxNodes", maxNodes, 1, 2 ** 31 - 1);
  // Before the model is built: one binary and two rows per VM and host.
  const pairs = vms.length * hosts.length;
  checkWorkLimit(ACTION, "vms.length × hosts.length", pairs, PLACEMENT_WORK_LIMITS.ilpPairs);
  oneOf(ACTION, "objective", objective, ["hosts", "power"] as const);
  oneOf(ACTION, "formulation", formulation, ["aggregated", "assignment"] as const);

  // Costs of switching a host on and of each unit of CPU utilisation on it.
  const models = objective === "hosts" ? undefined : hostPowerModels(ACTION, hosts, powerModels);
  if (objective === "power") {
    // the power objective reads CPU load over MIPS whatever the checked dimensions
    hosts.forEach((h, j) => positive(ACTION, `hosts[${j}].cpuMips`, h.cpuMips));
    vms.forEach((vm, i) => nonNegative(ACTION, `vms[${i}].cpuMips`, vm.cpuMips));
  }
  const idleCost = hosts.map((_, j) => models === undefined ? 1 : powerAt(models[j]!, 0));
  const slopeCost = hosts.map((_, j) =>
    models === undefined ? 0 : powerAt(models[j]!, 1) - powerAt(models[j]!, 0)
  );
  const penalty = idleCost.reduce((a, b) => a + b, 0) +
    slopeCost.reduce((a, b) => a + b, 0) + 1;

  const candidates: boolean[] = vms.map((vm) =>
    hosts.some((host) => fitsAlone(host, vm, dimensions))
  );
  const modelled = vms.flatMap((_, i) => candidates[i] ? [i] : []);
  const unfit = vms.flatMap((_, i) => candidates[i] ? [] : [i]);
  if (modelled.length === 0) {
    return {
      algorithm: "ilp",
      assignment: vms.map(() => -1),
      unplaced: unfit,
      hostsUsed: 0,
      details: {
        status: "optimal",
        objective: 0,
        lpRelaxation: 0,
        l2Bound: 0,
        bound: 0,
        boundSource: "l2",
        gap: 0,
        solveSeconds: 0,
        nodes: 0,
        patternBound: 0,
        patterns: 0,
        formulation,
        hostTypes: 0,
        vmClasses: 0,
        variables: 0,
        constraints: 0,
        unfit: unfit.length,
      },
    };
  }

  // The cheapest of the decreasing heuristics (first and best fit, every sort key and
  // residual measure) is the solver's first incumbent; it places every VM that can be placed
  // when any of them does.
  const cost = (assignment: readonly number[]) =>
    placementCost(assignment, hosts, vms, idleCost, slopeCost);
  const fallback = startingPlacement(hosts, vms, dimensions, modelled, cost);
  const allPlaced = modelled.every((i) => fallback[i]! >= 0);
  // Martello and Toth's L2 in each dimension (lower_bounds.ts; hosts taken at the largest
  // capacity, a relaxation) bounds the hosts needed once every VM that fits a host is placed.
  const l2All = Math.max(
    0,
    ...dimensions.map((d) => lowerBounds(hosts, modelled.map((i) => vms[i]!), d).martelloTothL2),
  );
  const input: IlpModelInput = {
    hosts,
    vms,
    dimensions,
    scale,
    idleCost,
    slopeCost,
    penalty,
    formulation,
    // Valid only when every modelled VM can be placed: the first-fit start shows it.
    hostsAtLeast: allPlaced ? l2All : 0,
  };
  const model = buildIlpModel(input, modelled);
  const start = canonicalStart(model, hostTypesOf(input), fallback);

  // The time limit covers the whole call: building, the relaxation, then the MILP with what
  // is left; with nothing left, the first-fit start is the answer ("time-limit").
  const left = () => timeLimitSeconds - (performance.now() - startedMs) / 1000;
  const outOfTime: LpSolution = {
    status: "time-limit",
    solverStatus: "Time limit reached",
    objective: NaN,
    bound: NaN,
    values: {},
    solveSeconds: 0,
    nodes: 0,
  };
  // When the first-fit start places every VM on L2 hosts, it is optimal: no solve.
  const provenByL2 = objective === "hosts" && allPlaced &&
    new Set(fallback.filter((j) => j >= 0)).size <= l2All;
  const startHosts = new Set(fallback.filter((j) => j >= 0)).size;
  const proven: LpSolution = {
    status: "optimal",
    solverStatus: "Proven by the Martello-Toth L2 bound",
    objective: NaN,
    bound: NaN,
    values: {},
    solveSeconds: 0,
    nodes: 0,
  };
  const lp = provenByL2
    ? proven
    : left() > 0
    ? await solveLp(model.relaxation, { timeLimitSeconds: left() })
    : outOfTime;
  // When the start meets the rounded LP bound, it is optimal too: no branch and bound.
  const provenByLp = !provenByL2 && objective === "hosts" && allPlaced &&
    lp.status === "optimal" && startHosts <= Math.ceil(lp.objective - 1e-6);

  // Pattern stage (aggregated formulation, hosts objective, every VM placeable): the
  // Gilmore-Gomory model's LP bound (`_ilp_patterns.ts`); when it beats L2 and the LP
  // relaxation, its MILP is solved, and a placement it proves optimal is the answer.
  let patternBound = 0;
  let patternCount = 0;
  let patternPlacement: number[] | undefined;
  let patternSolve: LpSolution | undefined;
  let patternSeconds = 0;
  const types = hostTypesOf(input);
  const usePatterns = formulation === "aggregated" && objective === "hosts" && allPlaced &&
    !provenByL2 && !provenByLp;
  const patterns = usePatterns
    ? buildPatternModel(
      hosts,
      vms,
      dimensions,
      types,
      model.classes.map((c) => c.members),
      PATTERN_LIMIT,
      PATTERN_VISITS,
      () => left() <= 0,
    )
    : undefined;
  if (patterns !== undefined && left() > 0) {
    patternCount = patterns.patterns.length;
    const relaxed = await solveLp(patterns.relaxation, { timeLimitSeconds: left() });
    patternSeconds += relaxed.solveSeconds;
    if (relaxed.status === "optimal") patternBound = Math.ceil(relaxed.objective - 1e-6);
    const lpHosts = lp.status === "optimal" ? Math.ceil(lp.objective - 1e-6) : 0;
    if (patternBound > Math.max(l2All, lpHosts) && startHosts > patternBound && left() > 0) {
      patternSolve = await solveMip(patterns.lp, patterns.patterns.length, left, { maxNodes });
      patternSeconds += patternSolve.solveSeconds;
      if (Number.isFinite(patternSolve.bound)) {
        patternBound = Math.max(patternBound, Math.ceil(patternSolve.bound - 1e-6));
      }
      const decoded = Object.keys(patternSolve.values).length > 0
        ? decodePatterns(
          patterns,
          types,
          model.classes.map((c) => c.members),
          patternSolve.values,
          vms.length,
        )
        : undefined;
      if (
        decoded !== undefined && new Set(decoded.filter((j) => j >= 0)).size < startHosts
      ) patternPlacement = decoded;
    }
  }
  const patternHosts = patternPlacement === undefined
    ? Infinity
    : new Set(patternPlacement.filter((j) => j >= 0)).size;
  const provenByPatterns = patternHosts <= patternBound;
  // A stronger bound than L2 becomes the model's row; a better placement its start.
  const mipModel = patternBound > l2All
    ? buildIlpModel({ ...input, hostsAtLeast: patternBound }, modelled)
    : model;
  const mipStart = patternPlacement === undefined
    ? start
    : canonicalStart(mipModel, types, patternPlacement);
  const mip = provenByL2
    ? proven
    : provenByLp
    ? { ...proven, solverStatus: "Proven by the LP relaxation" }
    : provenByPatterns
    ? { ...patternSolve!, values: {}, solveSeconds: 0, solverStatus: "Proven by the pattern model" }
    : left() > 0
    ? await solveMip(mipModel.lp, mipModel.variables, left, {
      start: startValues(mipModel, formulation, mipStart),
      maxNodes,
    })
    : outOfTime;

  let assignment = Object.keys(mip.values).length > 0
    ? decodeValues(mipModel, formulation, mip.values, vms.length)
    : patternPlacement ?? start;
  const solved = [...assignment];
  repairOverloads(hosts, vms, dimensions, assignment);
  // A repaired answer is no longer the one the solver proved (HiGHS drops row coefficients
  // of 1e-9 and less, so hosts of a billionth of the largest capacity or less can be
  // overfilled), and it may cost more than the start: then the start wins.
  const repaired = assignment.some((j, i) => j !== solved[i]);
  if (repaired) {
    const [unplacedRepaired, costRepaired] = cost(assignment);
    const [unplacedStart, costStart] = cost(start);
    if (
      unplacedStart < unplacedRepaired ||
      (unplacedStart === unplacedRepaired && costStart < costRepaired - 1e-9)
    ) assignment = start;
  }
  // A solver answer that places fewer VMs than the start (possible only through tolerances)
  // loses to the start.
  if (
    assignment.filter((j) => j >= 0).length < start.filter((j) => j >= 0).length
  ) assignment = start;

  const used = new Set(assignment.filter((j) => j >= 0));
  const placedObjective = objective === "hosts" ? used.size : [...used].reduce(
    (sum, j) =>
      sum + idleCost[j]! +
      slopeCost[j]! * assignment.reduce(
          (load, h, i) => h === j ? load + vms[i]!.cpuMips : load,
          0,
        ) /
        hosts[j]!.cpuMips,
    0,
  );
  const unplacedModelled = modelled.filter((i) => assignment[i] === -1).length;
  // The relaxation omits the L2 row, so lpRelaxation is the formulation's own LP bound.
  const lpBound = Number.isFinite(lp.objective) ? lp.objective : 0;
  const solverBound = Number.isFinite(mip.bound) ? mip.bound : 0;
  const round = (x: number) => objective === "hosts" ? Math.ceil(x - 1e-6) : x;
  // Bounds on the placed VMs' cost: the unplaced VMs' penalties come off the model's bounds.
  const offset = penalty * unplacedModelled;
  // L2 and the pattern bound count hosts: bounds of the hosts objective only, not of watts.
  const hostCounts = objective === "hosts" && unplacedModelled === 0;
  const candidatesBound: [string, number][] = [
    ["lp", round(lpBound - offset)],
    ["l2", hostCounts ? l2All : 0],
    ["patterns", hostCounts ? patternBound : 0],
    ["solver", round(solverBound - offset)],
  ];
  const [boundSource, best] = candidatesBound.reduce((a, b) => b[1] > a[1] ? b : a);
  const bound = Math.max(0, best);
  const l2Bound = unplacedModelled === 0 ? l2All : 0;
  const gap = placedObjective > 0 ? Math.max(0, (placedObjective - bound) / placedObjective) : 0;
  // A bound that meets the hosts objective proves it even if the solver stopped early.
  const status = objective === "hosts" && unplacedModelled === 0 && bound >= placedObjective
    ? "optimal"
    : repaired && mip.status === "optimal"
    ? "repaired"
    : mip.status;
  return {
    algorithm: "ilp",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: used.size,
    details: {
      status,
      objective: placedObjective,
      lpRelaxation: lpBound,
      l2Bound,
      bound,
      boundSource: bound > 0 ? boundSource : "l2",
      gap,
      solveSeconds: lp.solveSeconds + patternSeconds + mip.solveSeconds,
      nodes: mip.nodes,
      patternBound,
      patterns: patternCount,
      formulation,
      hostTypes: model.hostTypes,
      vmClasses: model.classes.length,
      variables: model.variables,
      constraints: model.constraints,
      unfit: unfit.length,
    },
  };
}

/** Cost of a placement: its unplaced VMs first, then hosts or watts (smaller is better). */
function placementCost(
  assignment: readonly number[],
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  idleCost: readonly number[],
  slopeCost: readonly number[],
): [number, number] {
  const load = new Float64Array(hosts.length);
  const used = new Uint8Array(hosts.length);
  let unplaced = 0;
  assignment.forEach((j, i) => {
    if (j < 0) unplaced++;
    else {
      used[j] = 1;
      load[j]! += vms[i]!.cpuMips;
    }
  });
  let total = 0;
  used.forEach((on, j) => {
    if (on) total += idleCost[j]! + slopeCost[j]! * load[j]! / hosts[j]!.cpuMips;
  });
  return [unplaced, total];
}

/**
 * The cheapest of first fit decreasing and best fit decreasing over every sort key (and
 * residual measure) and two host orders, restricted to the VMs the model holds.
 */
function startingPlacement(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimensions: readonly Dimension[],
  modelled: readonly number[],
  cost: (assignment: readonly number[]) => [number, number],
): number[] {
  const held = new Set(modelled);
  const runs: number[][] = [];
  // Hosts as given, and largest first (by summed capacity share), which packs mixed
  // hosts tighter.
  const scale = dimensions.map((d) => Math.max(1e-300, ...hosts.map((h) => h[d])));
  const capacity = (j: number) => dimensions.reduce((s, d, k) => s + hosts[j]![d] / scale[k]!, 0);
  const largestFirst = hosts.map((_, j) => j).sort((a, b) => capacity(b) - capacity(a) || a - b);
  for (const order of [hosts.map((_, j) => j), largestFirst]) {
    const ordered = order.map((j) => hosts[j]!);
    const back = (assignment: readonly number[]) => assignment.map((j) => j < 0 ? j : order[j]!);
    for (const sortKey of ["sum", "max", "product", "l2"] as const) {
      runs.push(back(firstFitDecreasing(ordered, vms, { dimensions, sortKey }).assignment));
      for (const residual of ["sum", "max"] as const) {
        runs.push(
          back(bestFitDecreasing(ordered, vms, { dimensions, sortKey, residual }).assignment),
        );
      }
    }
  }
  let best: number[] = [];
  let bestCost: [number, number] = [Infinity, Infinity];
  for (const run of runs) {
    const assignment = run.map((j, i) => held.has(i) ? j : -1);
    const c = cost(assignment);
    if (c[0] < bestCost[0] || (c[0] === bestCost[0] && c[1] < bestCost[1] - 1e-9)) {
      best = assignment;
      bestCost = c;
    }
  }
  return best;
}

/**
 * Guards against solver tolerances: a host loaded beyond its exact capacity (by a
 * rounding error of the scaled model) gives up its last VMs to the first host that
 * holds them, or to the unplaced list. Mutates `assignment` (a local copy).
 */
function repairOverloads(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimensions: readonly Dimension[],
  assignment: number[],
): void {
  const load = hosts.map(() => dimensions.map(() => 0));
  assignment.forEach((j, i) => {
    if (j >= 0) dimensions.forEach((d, k) => load[j]![k]! += vms[i]![d]);
  });
  const over = (j: number) => dimensions.some((d, k) => load[j]![k]! > withSlack(hosts[j]![d]));
  for (let i = assignment.length - 1; i >= 0; i--) {
    const j = assignment[i]!;
    if (j < 0 || !over(j)) continue;
    dimensions.forEach((d, k) => load[j]![k]! -= vms[i]![d]);
    const target = hosts.findIndex((host, h) =>
      h !== j && dimensions.every((d, k) => load[h]![k]! + vms[i]![d] <= withSlack(host[d]))
    );
    assignment[i] = target;
    if (target >= 0) dimensions.forEach((d, k) => load[target]![k]! += vms[i]![d]);
  }
}
