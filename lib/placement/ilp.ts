import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { DIMENSIONS } from "./model.ts";
import { packInstance } from "./_fit.ts";
import { hostPowerModels } from "./_power_models.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import { type LpSolution, solveLp } from "./_ilp_solver.ts";
import { lowerBounds } from "./lower_bounds.ts";
import { oneOf, options as checkOptions, positive } from "../_validate.ts";

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
}

const ACTION = "place VMs by integer programming";

/**
 * Places VMs on hosts optimally by solving the bin-packing integer program with
 * HiGHS.
 *
 * Variables: binary `x_ij` (VM i on host j, created only when VM i alone fits host j),
 * binary `y_j` (host j switched on) and a slack `u_i` (VM i unplaced, penalised by
 * more than any placement can cost, so it is used only when the hosts cannot hold
 * every VM). Constraints: `Σ_j x_ij + u_i = 1`; per dimension d
 * `Σ_i d_i x_ij ≤ C_j y_j` (demands scaled by the largest capacity of the dimension);
 * `x_ij ≤ y_j` (tightens the LP relaxation); and `y_j ≥ y_k` for consecutive
 * identical hosts j < k (symmetry breaking). The objective is `Σ y_j` or, for
 * `"power"`, `Σ_j P_j(0) y_j + Σ_ij (P_j(1) − P_j(0)) · cpu_i / cpu_j · x_ij` (exact for
 * linear power models; a table model is linearised between its 0 % and 100 % points).
 * A first-fit-decreasing placement is passed as the starting incumbent.
 *
 * `details` holds `status` (`"optimal"`, `"time-limit"` or `"node-limit"`; another solver status such
 * as `"error"` means the first-fit-decreasing start was returned), `objective` (hosts,
 * or watts of the linearised model), `lpRelaxation` (the LP relaxation, solved
 * separately; 0 if not solved in time), `l2Bound` (the hosts objective with every VM
 * that fits placed: Martello and Toth's L2 over the checked dimensions, else 0; when the
 * first-fit-decreasing start meets it, that start is returned as `"optimal"` without a
 * solve and `lpRelaxation` is 0), `bound`
 * (the best proven lower bound: the largest of the solver's dual bound, the LP relaxation,
 * both rounded up for the hosts objective, and `l2Bound`), `gap`
 * (`(objective − bound) / objective`), `solveSeconds`, `variables`, `constraints` and
 * `unfit` (VMs larger than every host). VMs that fit no host, or that the hosts cannot
 * hold, are in `unplaced`.
 *
 * @param hosts The hosts.
 * @param vms The VMs to place.
 * @param options Time limit, dimensions, objective and power models.
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
  } = options;
  const startedMs = performance.now();
  const scale = Array.from(packInstance(ACTION, hosts, vms, dimensions).scale);
  positive(ACTION, "timeLimitSeconds", timeLimitSeconds);
  // Before the model is built: one binary and two rows per VM and host.
  const pairs = vms.length * hosts.length;
  checkWorkLimit(ACTION, "vms.length × hosts.length", pairs, PLACEMENT_WORK_LIMITS.ilpPairs);
  oneOf(ACTION, "objective", objective, ["hosts", "power"] as const);

  // Costs of switching a host on and of each unit of CPU utilisation on it.
  const models = objective === "hosts" ? undefined : hostPowerModels(ACTION, hosts, powerModels);
  const idleCost = hosts.map((_, j) => models === undefined ? 1 : powerAt(models[j]!, 0));
  const slopeCost = hosts.map((_, j) =>
    models === undefined ? 0 : powerAt(models[j]!, 1) - powerAt(models[j]!, 0)
  );
  const penalty = idleCost.reduce((a, b) => a + b, 0) +
    slopeCost.reduce((a, b) => a + b, 0) + 1;

  const fits = (i: number, j: number): boolean =>
    dimensions.every((d) => vms[i]![d] <= hosts[j]![d]);
  const candidates: number[][] = vms.map((_, i) => hosts.flatMap((_, j) => fits(i, j) ? [j] : []));
  const modelled = vms.flatMap((_, i) => candidates[i]!.length > 0 ? [i] : []);
  const unfit = vms.flatMap((_, i) => candidates[i]!.length === 0 ? [i] : []);
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
        gap: 0,
        solveSeconds: 0,
        variables: 0,
        constraints: 0,
        unfit: unfit.length,
      },
    };
  }

  const lines: string[] = [];
  const objectiveTerms: string[] = [];
  hosts.forEach((_, j) => objectiveTerms.push(`${num(idleCost[j]!)} y${j}`));
  for (const i of modelled) {
    objectiveTerms.push(`${num(penalty)} u${i}`);
    if (objective === "power") {
      for (const j of candidates[i]!) {
        const cost = slopeCost[j]! * vms[i]!.cpuMips / hosts[j]!.cpuMips;
        if (cost > 0) objectiveTerms.push(`${num(cost)} x${i}_${j}`);
      }
    }
  }
  lines.push("Minimize", ` obj: ${wrap(objectiveTerms)}`, "Subject To");
  let constraints = 0;
  for (const i of modelled) {
    lines.push(` a${i}: ${wrap([...candidates[i]!.map((j) => `x${i}_${j}`), `u${i}`])} = 1`);
    constraints++;
  }
  hosts.forEach((host, j) => {
    const onHost = modelled.filter((i) => candidates[i]!.includes(j));
    dimensions.forEach((d, k) => {
      const terms = onHost
        .filter((i) => vms[i]![d] > 0)
        .map((i) => `${num(vms[i]![d] / scale[k]!)} x${i}_${j}`);
      const total = onHost.reduce((sum, i) => sum + vms[i]![d], 0);
      if (terms.length === 0 || total <= host[d]) return; // never binding
      lines.push(` c${j}_${k}: ${wrap(terms)} - ${num(host[d] / scale[k]!)} y${j} <= 0`);
      constraints++;
    });
    for (const i of onHost) {
      lines.push(` t${i}_${j}: x${i}_${j} - y${j} <= 0`);
      constraints++;
    }
  });
  // Symmetry breaking: of identical hosts, switch on the lower indices first.
  const lastOfKind = new Map<string, number>();
  hosts.forEach((host, j) => {
    const key = JSON.stringify([
      dimensions.map((d) => host[d]),
      idleCost[j],
      slopeCost[j],
      host.cpuMips,
    ]);
    const previous = lastOfKind.get(key);
    if (previous !== undefined) {
      lines.push(` s${j}: y${previous} - y${j} >= 0`);
      constraints++;
    }
    lastOfKind.set(key, j);
  });
  lines.push("Bounds");
  hosts.forEach((_, j) => lines.push(` y${j} <= 1`));
  for (const i of modelled) {
    lines.push(` u${i} <= 1`);
    for (const j of candidates[i]!) lines.push(` x${i}_${j} <= 1`);
  }
  const relaxation = [...lines, "End"].join("\n");
  const binaries = [
    ...hosts.map((_, j) => `y${j}`),
    ...modelled.flatMap((i) => candidates[i]!.map((j) => `x${i}_${j}`)),
  ];
  lines.push("Binary", ...chunk(binaries), "End");
  const variables = binaries.length + modelled.length;

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
  };
  const fallback = firstFitDecreasing(hosts, vms, dimensions, candidates, modelled);
  // Martello and Toth's L2 in each dimension (lower_bounds.ts; hosts taken at the largest
  // capacity, a relaxation) bounds the hosts needed once every VM that fits a host is placed.
  // When the first-fit start places them all on that many hosts, it is optimal: no solve.
  const l2All = objective === "hosts"
    ? Math.max(
      0,
      ...dimensions.map((d) => lowerBounds(hosts, modelled.map((i) => vms[i]!), d).martelloTothL2),
    )
    : 0;
  const provenByL2 = objective === "hosts" && modelled.every((i) => fallback[i]! >= 0) &&
    new Set(fallback.filter((j) => j >= 0)).size <= l2All;
  const proven: LpSolution = {
    status: "optimal",
    solverStatus: "Proven by the Martello-Toth L2 bound",
    objective: NaN,
    bound: NaN,
    values: {},
    solveSeconds: 0,
  };
  const lp = provenByL2
    ? proven
    : left() > 0
    ? await solveLp(relaxation, { timeLimitSeconds: left() })
    : outOfTime;
  const start: Record<string, number> = {};
  fallback.forEach((j, i) => {
    if (j >= 0) start[`x${i}_${j}`] = start[`y${j}`] = 1;
    else if (candidates[i]!.length > 0) start[`u${i}`] = 1;
  });
  const mip = provenByL2
    ? proven
    : left() > 0
    ? await solveLp(lines.join("\n"), { timeLimitSeconds: left(), start, maxNodes })
    : outOfTime;

  let assignment = vms.map(() => -1);
  if (Object.keys(mip.values).length > 0) {
    for (const i of modelled) {
      for (const j of candidates[i]!) {
        if ((mip.values[`x${i}_${j}`] ?? 0) > 0.5) assignment[i] = j;
      }
    }
  } else {
    assignment = fallback;
  }
  repairOverloads(hosts, vms, dimensions, assignment);

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
  const lpBound = Number.isFinite(lp.objective) ? lp.objective : 0;
  const rawBound = Math.max(lpBound, Number.isFinite(mip.bound) ? mip.bound : 0) -
    penalty * unplacedModelled;
  const l2Bound = unplacedModelled === 0 ? l2All : 0;
  const bound = Math.max(
    0,
    l2Bound,
    objective === "hosts" ? Math.ceil(rawBound - 1e-6) : rawBound,
  );
  const gap = placedObjective > 0 ? Math.max(0, (placedObjective - bound) / placedObjective) : 0;
  return {
    algorithm: "ilp",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: used.size,
    details: {
      status: mip.status,
      objective: placedObjective,
      lpRelaxation: lpBound,
      l2Bound,
      bound,
      gap,
      solveSeconds: lp.solveSeconds + mip.solveSeconds,
      variables,
      constraints,
      unfit: unfit.length,
    },
  };
}

/** Formats a coefficient for LP text. */
function num(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/** Joins terms with ` + `, breaking long rows into several lines. */
function wrap(terms: readonly string[]): string {
  let text = "";
  terms.forEach((term, k) => {
    const joined = k === 0 ? term : (term.startsWith("-") ? ` - ${term.slice(1)}` : ` + ${term}`);
    text += k > 0 && k % 8 === 0 ? `\n   ${joined.trimStart()}` : joined;
  });
  return text;
}

/** Lists names eight per line. */
function chunk(names: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < names.length; k += 8) out.push(" " + names.slice(k, k + 8).join(" "));
  return out;
}

/** A first-fit-decreasing placement (by summed scaled demand), the solver's first incumbent. */
function firstFitDecreasing(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimensions: readonly Dimension[],
  candidates: readonly number[][],
  modelled: readonly number[],
): number[] {
  const scale = dimensions.map((d) => Math.max(1e-300, ...hosts.map((h) => h[d])));
  const size = (i: number) => dimensions.reduce((s, d, k) => s + vms[i]![d] / scale[k]!, 0);
  const order = [...modelled].sort((a, b) => size(b) - size(a) || a - b);
  const load = hosts.map(() => dimensions.map(() => 0));
  const assignment = vms.map(() => -1);
  for (const i of order) {
    const j = candidates[i]!.find((j) =>
      dimensions.every((d, k) => load[j]![k]! + vms[i]![d] <= hosts[j]![d])
    );
    if (j === undefined) continue;
    dimensions.forEach((d, k) => load[j]![k]! += vms[i]![d]);
    assignment[i] = j;
  }
  return assignment;
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
  const over = (j: number) => dimensions.some((d, k) => load[j]![k]! > hosts[j]![d]);
  for (let i = assignment.length - 1; i >= 0; i--) {
    const j = assignment[i]!;
    if (j < 0 || !over(j)) continue;
    dimensions.forEach((d, k) => load[j]![k]! -= vms[i]![d]);
    const target = hosts.findIndex((host, h) =>
      h !== j && dimensions.every((d, k) => load[h]![k]! + vms[i]![d] <= host[d])
    );
    assignment[i] = target;
    if (target >= 0) dimensions.forEach((d, k) => load[target]![k]! += vms[i]![d]);
  }
}
