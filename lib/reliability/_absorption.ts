/**
 * The linear systems of absorbing chains, solved by state reduction without
 * subtraction (the GTH idea: Grassmann, Taksar & Heyman, "Regenerative analysis and
 * steady state distributions for Markov chains", Operations Research 33(5), 1985).
 *
 * For the transient states S (not absorbing, able to reach an absorbing state) the
 * unknowns x solve e_i x_i = b_i + Σ_{j∈S} q_ij x_j, where e_i is the total exit rate
 * of i. Eliminating state k folds its flows into the others, q_ij += q_ik q_kj / e_k,
 * b_i += q_ik b_k / e_k, and the new exit rate of i is recomputed as a sum of its
 * remaining outflows (absorption included), never as a difference; every quantity
 * stays non-negative, so the elimination is accurate even for stiff chains whose rates
 * span many orders of magnitude.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** States of a chain, classified for absorption. */
export interface AbsorptionClasses {
  /** Exit rate 0. */
  absorbing: boolean[];
  /** Not absorbing and able to reach an absorbing state (the solved states). */
  transient: boolean[];
  /** Able to reach a state that cannot reach absorption: absorption is not certain. */
  uncertain: boolean[];
}

/** Classifies the states of a validated chain. */
export function classify(
  n: number,
  from: Int32Array,
  to: Int32Array,
  rate: Float64Array,
  exit: Float64Array,
): AbsorptionClasses {
  const absorbing = Array.from({ length: n }, (_, i) => !(exit[i]! > 0));
  const into: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < from.length; e++) if (rate[e]! > 0) into[to[e]!]!.push(from[e]!);
  const reachBack = (seed: boolean[]): boolean[] => {
    const seen = [...seed];
    const stack = seen.flatMap((s, i) => (s ? [i] : []));
    while (stack.length > 0) {
      for (const j of into[stack.pop()!]!) {
        if (!seen[j]) {
          seen[j] = true;
          stack.push(j);
        }
      }
    }
    return seen;
  };
  const canAbsorb = reachBack(absorbing);
  const trapped = canAbsorb.map((c) => !c);
  const uncertain = reachBack(trapped);
  return { absorbing, transient: canAbsorb.map((c, i) => c && !absorbing[i]), uncertain };
}

/**
 * Solves e_i x_i = b_i + Σ_{j transient} q_ij x_j for every column of `rhs` (rhs[c][i]
 * for state i), returning x (0 outside the transient states).
 */
export function solveTransient(
  n: number,
  from: Int32Array,
  to: Int32Array,
  rate: Float64Array,
  transient: readonly boolean[],
  rhs: readonly Float64Array[],
): Float64Array[] {
  const states = transient.flatMap((t, i) => (t ? [i] : []));
  const m = states.length;
  const pos = new Int32Array(n).fill(-1);
  states.forEach((s, k) => (pos[s] = k));
  const q = Array.from({ length: m }, () => new Float64Array(m));
  const out = new Float64Array(m); // flow leaving S (absorbing or trapped states)
  for (let e = 0; e < from.length; e++) {
    const i = pos[from[e]!]!;
    if (i < 0) continue;
    const j = pos[to[e]!]!;
    if (j >= 0) q[i]![j] = q[i]![j]! + rate[e]!;
    else out[i] = out[i]! + rate[e]!;
  }
  const b = rhs.map((col) => Float64Array.from(states, (s) => col[s]!));
  const exit = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const row = q[k]!;
    let e = out[k]!;
    for (let j = k + 1; j < m; j++) e += row[j]!;
    exit[k] = e;
    for (let i = k + 1; i < m; i++) {
      const qik = q[i]![k]!;
      if (qik === 0) continue;
      const f = qik / e;
      const target = q[i]!;
      for (let j = k + 1; j < m; j++) if (j !== i) target[j] = target[j]! + f * row[j]!;
      out[i] = out[i]! + f * out[k]!;
      for (const col of b) col[i] = col[i]! + f * col[k]!;
    }
  }
  const x = b.map(() => new Float64Array(m));
  for (let k = m - 1; k >= 0; k--) {
    const row = q[k]!;
    b.forEach((col, c) => {
      const xc = x[c]!;
      let s = col[k]!;
      for (let j = k + 1; j < m; j++) s += row[j]! * xc[j]!;
      xc[k] = s / exit[k]!;
    });
  }
  return x.map((xc) => {
    const full = new Float64Array(n);
    states.forEach((s, k) => (full[s] = xc[k]!));
    return full;
  });
}
