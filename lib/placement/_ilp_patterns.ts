/**
 * The pattern (set-covering) model of bin packing behind `placeIlp`'s pattern stage: Gilmore
 * and Gomory's formulation ("A linear programming approach to the cutting-stock problem",
 * Operations Research 9(6), 1961), here over host types and VM classes with every feasible
 * pattern enumerated (no column generation). Its LP relaxation is at least as strong as the
 * assignment model's and usually much stronger: Delorme, Iori and Martello ("Bin packing and
 * cutting stock problems: Mathematical models and exact algorithms", European Journal of
 * Operational Research 255(1), 2016, section 3) survey it and the observation that its
 * rounded-up LP bound is almost always the optimum. On the bench's `anticorrelated-40x30` the
 * aggregated model's LP bound and L2 are 14; this one is 14.72, so 15, the optimum.
 *
 * Internal: used by `ilp.ts` only.
 *
 * @module
 */
import type { Dimension, Host, VmDemand } from "./model.ts";
import { withSlack } from "./_fit.ts";

/** One packing pattern: how many VMs of each class one host of a type holds. */
export interface Pattern {
  /** Index of the host type. */
  type: number;
  /** Per VM class, the VMs of it on the host. */
  counts: number[];
}

/** The pattern model as CPLEX LP text. */
export interface PatternModel {
  /** The MILP: integer pattern counts. */
  lp: string;
  /** Its LP relaxation. */
  relaxation: string;
  /** The columns `p0`, `p1`, ... in order. */
  patterns: Pattern[];
}

/**
 * Enumerates the maximal patterns (no further VM of any class fits) of every host type and
 * writes the covering model: minimise the hosts `Σ_p x_p` subject to, per class v,
 * `Σ_p a_vp x_p ≥ m_v` and, per host type t, `Σ_{p of t} x_p ≤ n_t`; `x_p` integer. A covering
 * placement drops surplus VMs to give a placement on as many hosts (a subset of a pattern
 * still fits), so the model's optimum is the hosts objective's optimum when every VM can be
 * placed. Returns `undefined` when there are more than `maxPatterns` maximal patterns, the
 * enumeration visits more than `maxVisits` partial patterns (the model would be too large), or
 * `outOfTime()` (asked every 1,024 visits) says the caller's time is up.
 */
export function buildPatternModel(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimensions: readonly Dimension[],
  types: readonly (readonly number[])[],
  classes: readonly (readonly number[])[],
  maxPatterns: number,
  maxVisits: number,
  outOfTime: () => boolean = () => false,
): PatternModel | undefined {
  const patterns: Pattern[] = [];
  const demand = classes.map((members) => dimensions.map((d) => vms[members[0]!]![d]));
  const available = classes.map((members) => members.length);
  let visits = 0;
  for (let t = 0; t < types.length; t++) {
    const host = hosts[types[t]![0]!]!;
    const capacity = dimensions.map((d) => withSlack(host[d]));
    const load = dimensions.map(() => 0);
    const counts = classes.map(() => 0);
    const fits = (v: number) => demand[v]!.every((x, k) => load[k]! + x <= capacity[k]!);
    // Depth-first over classes; at the end, keep the pattern if it is maximal.
    const visit = (v: number): boolean => {
      if (++visits > maxVisits || (visits % 1024 === 0 && outOfTime())) return false;
      if (v === classes.length) {
        if (counts.every((c) => c === 0)) return true;
        if (counts.some((c, u) => c < available[u]! && fits(u))) return true;
        patterns.push({ type: t, counts: [...counts] });
        return patterns.length <= maxPatterns;
      }
      let most = 0;
      while (most < available[v]! && fits(v)) {
        most++;
        demand[v]!.forEach((x, k) => load[k]! += x);
      }
      // Largest count first; `load` holds `most` copies and gives one back per step.
      for (let c = most; c >= 0; c--) {
        counts[v] = c;
        const ok = visit(v + 1);
        if (c > 0) demand[v]!.forEach((x, k) => load[k]! -= x);
        if (!ok) {
          for (let r = c - 1; r > 0; r--) demand[v]!.forEach((x, k) => load[k]! -= x);
          counts[v] = 0;
          return false;
        }
      }
      counts[v] = 0;
      return true;
    };
    if (!visit(0)) return undefined;
  }
  const objective = patterns.map((_, p) => `p${p}`);
  const rows = classes.map((members, v) => {
    const terms = patterns.flatMap((pattern, p) =>
      pattern.counts[v]! > 0 ? [`${pattern.counts[v]} p${p}`] : []
    );
    return ` a${v}: ${wrap(terms)} >= ${members.length}`;
  });
  types.forEach((type, t) => {
    const terms = patterns.flatMap((pattern, p) => pattern.type === t ? [`p${p}`] : []);
    if (terms.length > 0) rows.push(` n${t}: ${wrap(terms)} <= ${type.length}`);
  });
  const bounds = patterns.map((pattern, p) => ` p${p} <= ${types[pattern.type]!.length}`);
  const head = ["Minimize", ` obj: ${wrap(objective)}`, "Subject To", ...rows, "Bounds", ...bounds];
  const names: string[] = [];
  for (let k = 0; k < objective.length; k += 8) {
    names.push(" " + objective.slice(k, k + 8).join(" "));
  }
  return {
    lp: [...head, "General", ...names, "End"].join("\n"),
    relaxation: [...head, "End"].join("\n"),
    patterns,
  };
}

/**
 * Decodes pattern counts to VM → host: each used pattern of a type takes that type's next
 * host and the next unplaced VMs of each class it holds (surplus slots stay empty). Returns
 * `undefined` when a VM stays unplaced or a type runs out of hosts.
 */
export function decodePatterns(
  model: PatternModel,
  types: readonly (readonly number[])[],
  classes: readonly (readonly number[])[],
  values: Readonly<Record<string, number>>,
  vmCount: number,
): number[] | undefined {
  const assignment = Array.from({ length: vmCount }, () => -1);
  const next = classes.map(() => 0);
  const nextHost = types.map(() => 0);
  for (let p = 0; p < model.patterns.length; p++) {
    const { type, counts } = model.patterns[p]!;
    for (let copy = Math.round(values[`p${p}`] ?? 0); copy > 0; copy--) {
      if (counts.every((c, v) => c === 0 || next[v]! >= classes[v]!.length)) break;
      const j = types[type]![nextHost[type]!++];
      if (j === undefined) return undefined;
      counts.forEach((c, v) => {
        for (let n = 0; n < c && next[v]! < classes[v]!.length; n++) {
          assignment[classes[v]![next[v]!++]!] = j;
        }
      });
    }
  }
  return next.every((n, v) => n === classes[v]!.length) ? assignment : undefined;
}

/** Joins terms with ` + `, eight to a line. */
function wrap(terms: readonly string[]): string {
  let text = "";
  terms.forEach((term, k) => {
    text += k === 0 ? term : k % 8 === 0 ? `\n   + ${term}` : ` + ${term}`;
  });
  return text;
}
