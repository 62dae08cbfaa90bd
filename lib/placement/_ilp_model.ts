/**
 * The bin-packing integer program behind `placeIlp`, written as CPLEX LP text: the strong,
 * aggregated formulation (the default) and the plain per-VM assignment model it replaced
 * (kept to compare against). Also the first-fit-decreasing start, put in the canonical form
 * the symmetry-breaking rows accept, and the decoding of a solution back to VM → host.
 *
 * Internal: not re-exported from `mod.ts`; `validation/milp/record.ts` writes the same text to
 * files for a native solver.
 *
 * @module
 */
import type { Dimension, Host, VmDemand } from "./model.ts";
import { withSlack } from "./_fit.ts";

/**
 * A host's capacity in a capacity row (`Σ_v d_v z_vj ≤ C_j y_j` is written with every demand in
 * thousandths of C_j: `Σ_v (1000 d_v / C_j) z_vj − 1000 y_j ≤ 0`), exactly, without the fit
 * tolerance's slack. HiGHS accepts a row broken by up to its MIP feasibility tolerance (1e-6),
 * which is then a billionth of the host, `FIT_TOLERANCE` of `_fit.ts`: demands that sum to the
 * capacity fit, as they do for every heuristic.
 *
 * Why not the capacity with its slack, in shares of the dimension's largest capacity (the rows
 * before 2026-12-07): HiGHS 1.15.1's presolve (the release `npm:highs@1.15.3` compiles) then cut
 * the optimum off small models, in scratch runs 29 of 600 presolved solves of seeded models of
 * 4 to 8 VMs in multiples of 50 MIPS on hosts of 1000 and 1500, and 10 of 1,224 of models of
 * random demands and capacities; with these rows, none of the same models (each held to the
 * solve without presolve). Its inequality strengthening counts columns that fall short of a
 * row's violation by up to 1e-4 as covering it (see `solveMip` in `_ilp_solver.ts`): a slack
 * of a billionth that demands summing exactly to the capacity fall short of, or rows in shares
 * where coefficients are about 0.1, leave such near covers. See
 * `tests/placement/ilp_formulation_test.ts` and `tests/placement/ilp_solver_test.ts`.
 */
const CAPACITY_UNITS = 1000;

/** Which integer program to build. */
export type IlpFormulation = "aggregated" | "assignment";

/** What the model builder needs besides hosts and VMs. */
export interface IlpModelInput {
  /** The hosts. */
  hosts: readonly Host[];
  /** The VMs. */
  vms: readonly VmDemand[];
  /** The dimensions whose capacity must hold. */
  dimensions: readonly Dimension[];
  /** Per dimension, the divisor of demands when VM classes are ordered (the largest capacity). */
  scale: readonly number[];
  /** Per host, the cost of switching it on (1 for the hosts objective, idle watts for power). */
  idleCost: readonly number[];
  /** Per host, the cost of its full CPU (0 for the hosts objective, peak − idle watts). */
  slopeCost: readonly number[];
  /** Cost of one unplaced VM (above any placement's cost). */
  penalty: number;
  /** The formulation. */
  formulation: IlpFormulation;
  /**
   * A lower bound on the hosts switched on in any placement of every modelled VM (the
   * Martello-Toth L2 bound), added as the row `Σ y_j ≥ hostsAtLeast` by the aggregated
   * formulation; 0 adds nothing. Only valid when every modelled VM can be placed.
   */
  hostsAtLeast: number;
}

/** A class of identical VMs, the unit the aggregated model assigns. */
export interface VmClass {
  /** The VMs of the class, ascending. */
  members: number[];
  /** The hosts a VM of the class may go to (after symmetry breaking). */
  hosts: number[];
  /** Per entry of `hosts`, the most VMs of the class that host holds alone. */
  most: number[];
}

/** The built model. */
export interface IlpModel {
  /** The MILP in CPLEX LP format. */
  lp: string;
  /** The LP relaxation (no integrality and no `hostsAtLeast` row), CPLEX LP format. */
  relaxation: string;
  /** The VM classes (one per VM in the assignment formulation). */
  classes: VmClass[];
  /** Number of hosts types (hosts identical in capacity and cost). */
  hostTypes: number;
  /** Number of columns. */
  variables: number;
  /** Number of rows. */
  constraints: number;
}

/** Whether VM demand `vm` fits alone on `host` in the dimensions (with the fit tolerance). */
export function fitsAlone(host: Host, vm: VmDemand, dimensions: readonly Dimension[]): boolean {
  return dimensions.every((d) => vm[d] <= withSlack(host[d]));
}

/** Groups hosts identical in capacity and cost; each type lists its hosts ascending. */
export function hostTypesOf(input: IlpModelInput): number[][] {
  const { hosts, dimensions, idleCost, slopeCost } = input;
  const types = new Map<string, number[]>();
  hosts.forEach((host, j) => {
    const key = JSON.stringify([
      dimensions.map((d) => host[d]),
      idleCost[j],
      slopeCost[j],
      host.cpuMips,
    ]);
    const type = types.get(key);
    if (type === undefined) types.set(key, [j]);
    else type.push(j);
  });
  return [...types.values()];
}

/**
 * Groups the modelled VMs into classes of identical demand (one VM per class in the
 * assignment formulation), ordered by decreasing summed scaled demand, then first member.
 */
function vmClassesOf(input: IlpModelInput, modelled: readonly number[]): number[][] {
  const { vms, dimensions, scale, formulation } = input;
  const groups = new Map<string, number[]>();
  for (const i of modelled) {
    const key = formulation === "aggregated"
      ? JSON.stringify([dimensions.map((d) => vms[i]![d]), vms[i]!.cpuMips])
      : String(i);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  const size = (i: number) => dimensions.reduce((s, d, k) => s + vms[i]![d] / scale[k]!, 0);
  return [...groups.values()].sort((a, b) => size(b[0]!) - size(a[0]!) || a[0]! - b[0]!);
}

/** The most copies of `vm` that `host` holds alone (capped at `count`). */
function mostCopies(
  host: Host,
  vm: VmDemand,
  dimensions: readonly Dimension[],
  count: number,
): number {
  let most = count;
  for (const d of dimensions) {
    if (vm[d] > 0) most = Math.min(most, Math.floor(withSlack(host[d]) / vm[d]));
  }
  return most;
}

/**
 * Builds the integer program.
 *
 * Aggregated (the default of `placeIlp`): hosts identical in capacity and cost form a type
 * and VMs identical in demand form a class of `m_v` VMs. Integer `z_vj` counts the VMs of
 * class v on host j, binary `y_j` switches host j on, integer `u_v` counts unplaced VMs of
 * class v. Rows: `Σ_j z_vj + u_v = m_v`; per dimension `Σ_v d_v z_vj ≤ C_j y_j`; the strong
 * link `z_vj ≤ n_vj y_j`, with `n_vj` the most VMs of class v host j holds alone; per host
 * and dimension, the VMs larger than half the host are a clique, `Σ z_vj ≤ y_j` over them;
 * `Σ_j y_j ≥ L` with L the Martello-Toth L2 bound when every VM can be placed. Symmetry
 * breaking within a host type: `y_r ≥ y_{r+1}` by rank, and, counting VMs in class order,
 * class v is allowed on the r-th host of a type only if at least r + 1 of the VMs up to
 * and including class v fit that type (any placement can be relabelled so: order the
 * type's hosts by the first VM each holds). Hosts no VM may use get no column.
 *
 * Assignment: one binary `x_ij` per VM and host it fits, `x_ij ≤ y_j`, and `y_j ≥ y_k`
 * for consecutive identical hosts (the model before issue 11).
 *
 * The objective is `Σ_j idle_j y_j + Σ_vj slope_j · cpu_v / cpu_j · z_vj + penalty · Σ u_v`.
 */
export function buildIlpModel(input: IlpModelInput, modelled: readonly number[]): IlpModel {
  const { hosts, vms, dimensions, idleCost, slopeCost, penalty, formulation } = input;
  const aggregated = formulation === "aggregated";
  const types = hostTypesOf(input);
  const typeOf = new Int32Array(hosts.length);
  const rankOf = new Int32Array(hosts.length);
  types.forEach((members, t) =>
    members.forEach((j, r) => {
      typeOf[j] = t;
      rankOf[j] = r;
    })
  );
  const groups = vmClassesOf(input, modelled);
  // Per type, how many VMs fitting it come up to and including each class.
  const fitting = types.map(() => 0);
  const classes: VmClass[] = groups.map((members) => {
    const vm = vms[members[0]!]!;
    const fitsType = types.map((type) => fitsAlone(hosts[type[0]!]!, vm, dimensions));
    fitsType.forEach((fits, t) => {
      if (fits) fitting[t]! += members.length;
    });
    const allowed = hosts.flatMap((host, j) =>
      fitsType[typeOf[j]!] && (!aggregated || rankOf[j]! < fitting[typeOf[j]!]!) &&
        fitsAlone(host, vm, dimensions)
        ? [j]
        : []
    );
    return {
      members,
      hosts: allowed,
      most: allowed.map((j) => mostCopies(hosts[j]!, vm, dimensions, members.length)),
    };
  });
  const column = (v: number, j: number) =>
    aggregated ? `z${v}_${j}` : `x${classes[v]!.members[0]}_${j}`;
  const unplaced = (v: number) => aggregated ? `u${v}` : `u${classes[v]!.members[0]}`;
  const onHost: { v: number; most: number }[][] = hosts.map(() => []);
  classes.forEach((c, v) => c.hosts.forEach((j, k) => onHost[j]!.push({ v, most: c.most[k]! })));
  const usable = hosts.flatMap((_, j) => onHost[j]!.length > 0 ? [j] : []);

  const objective: string[] = usable.map((j) => `${num(idleCost[j]!)} y${j}`);
  classes.forEach((c, v) => {
    objective.push(`${num(penalty)} ${unplaced(v)}`);
    const vm = vms[c.members[0]!]!;
    for (const j of c.hosts) {
      const cost = slopeCost[j]! * vm.cpuMips / hosts[j]!.cpuMips;
      if (cost > 0) objective.push(`${num(cost)} ${column(v, j)}`);
    }
  });
  const rows: string[] = [];
  classes.forEach((c, v) =>
    rows.push(
      ` a${v}: ${wrap([...c.hosts.map((j) => column(v, j)), unplaced(v)])} = ${c.members.length}`,
    )
  );
  for (const j of usable) {
    const host = hosts[j]!;
    dimensions.forEach((d, k) => {
      const load = onHost[j]!.filter(({ v }) => vms[classes[v]!.members[0]!]![d] > 0);
      const most = load.reduce(
        (sum, { v, most }) => sum + most * vms[classes[v]!.members[0]!]![d],
        0,
      );
      if (load.length === 0 || most <= withSlack(host[d])) return; // never binding
      // in thousandths of the host's capacity (see CAPACITY_UNITS)
      const unit = CAPACITY_UNITS / host[d];
      const terms = load.map(({ v }) =>
        `${num(vms[classes[v]!.members[0]!]![d] * unit)} ${column(v, j)}`
      );
      rows.push(` c${j}_${k}: ${wrap(terms)} - ${CAPACITY_UNITS} y${j} <= 0`);
    });
    for (const { v, most } of onHost[j]!) {
      const coefficient = aggregated ? most : 1;
      rows.push(` t${v}_${j}: ${column(v, j)} - ${coefficient} y${j} <= 0`);
    }
    if (aggregated) {
      // VMs over half the host in a dimension pairwise exclude each other there.
      const cliques = new Set<string>();
      dimensions.forEach((d) => {
        const big = onHost[j]!.filter(({ v }) =>
          2 * vms[classes[v]!.members[0]!]![d] > withSlack(host[d])
        );
        if (big.length < 2) return;
        const key = big.map(({ v }) => v).join(",");
        if (cliques.has(key)) return;
        cliques.add(key);
        rows.push(` k${j}_${cliques.size}: ${wrap(big.map(({ v }) => column(v, j)))} - y${j} <= 0`);
      });
    }
  }
  // Symmetry breaking: within a type, switch on the lower ranks first.
  for (const type of types) {
    const present = type.filter((j) => onHost[j]!.length > 0);
    for (let r = 1; r < present.length; r++) {
      rows.push(` s${present[r]}: y${present[r - 1]} - y${present[r]} >= 0`);
    }
  }
  const bounds: string[] = usable.map((j) => ` y${j} <= 1`);
  classes.forEach((c, v) => {
    bounds.push(` ${unplaced(v)} <= ${c.members.length}`);
    c.hosts.forEach((j, k) => bounds.push(` ${column(v, j)} <= ${aggregated ? c.most[k] : 1}`));
  });
  const integral = [
    ...usable.map((j) => `y${j}`),
    ...classes.flatMap((c, v) => c.hosts.map((j) => column(v, j))),
  ];
  const cut = aggregated && input.hostsAtLeast > 0 && usable.length > 0
    ? [` l2: ${wrap(usable.map((j) => `y${j}`))} >= ${input.hostsAtLeast}`]
    : [];
  const head = ["Minimize", ` obj: ${wrap(objective)}`, "Subject To", ...rows];
  const relaxation = [...head, "Bounds", ...bounds, "End"].join("\n");
  const lp = [
    ...head,
    ...cut,
    "Bounds",
    ...bounds,
    aggregated ? "General" : "Binary",
    ...chunk(integral),
    "End",
  ].join("\n");
  return {
    lp,
    relaxation,
    classes,
    hostTypes: types.length,
    variables: integral.length + classes.length,
    constraints: rows.length + cut.length,
  };
}

/** Column values of a placement in the model's names (the solver's starting incumbent). */
export function startValues(
  model: IlpModel,
  formulation: IlpFormulation,
  assignment: readonly number[],
): Record<string, number> {
  const start: Record<string, number> = {};
  model.classes.forEach((c, v) => {
    let out = 0;
    for (const i of c.members) {
      const j = assignment[i]!;
      if (j < 0) {
        out++;
        continue;
      }
      const name = formulation === "aggregated" ? `z${v}_${j}` : `x${i}_${j}`;
      start[name] = (start[name] ?? 0) + 1;
      start[`y${j}`] = 1;
    }
    if (out > 0) start[formulation === "aggregated" ? `u${v}` : `u${c.members[0]}`] = out;
  });
  return start;
}

/** Decodes solver values to VM → host (-1 when unplaced or unsolved). */
export function decodeValues(
  model: IlpModel,
  formulation: IlpFormulation,
  values: Readonly<Record<string, number>>,
  vmCount: number,
): number[] {
  const assignment = Array.from({ length: vmCount }, () => -1);
  model.classes.forEach((c, v) => {
    let next = 0;
    c.hosts.forEach((j) => {
      const name = formulation === "aggregated" ? `z${v}_${j}` : `x${c.members[0]}_${j}`;
      const count = Math.round(values[name] ?? 0);
      for (let n = 0; n < count && next < c.members.length; n++) assignment[c.members[next++]!] = j;
    });
  });
  return assignment;
}

/**
 * Relabels the hosts of each type so that a placement meets the aggregated model's symmetry
 * breaking: the type's used hosts, ordered by the first VM each holds (VMs counted in class
 * order), take its lowest ranks. Identical hosts are interchangeable, so the placement stays
 * feasible and keeps its cost.
 */
export function canonicalStart(
  model: IlpModel,
  types: readonly (readonly number[])[],
  assignment: readonly number[],
): number[] {
  const position = new Map<number, number>();
  let p = 0;
  for (const c of model.classes) for (const i of c.members) position.set(i, p++);
  const first = new Map<number, number>();
  assignment.forEach((j, i) => {
    if (j < 0) return;
    const at = position.get(i) ?? Infinity;
    if (at < (first.get(j) ?? Infinity)) first.set(j, at);
  });
  const relabel = new Map<number, number>();
  for (const type of types) {
    const used = type.filter((j) => first.has(j)).sort((a, b) => first.get(a)! - first.get(b)!);
    used.forEach((j, r) => relabel.set(j, type[r]!));
  }
  return assignment.map((j) => j < 0 ? j : relabel.get(j)!);
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
