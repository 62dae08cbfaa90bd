import type { Prng } from "../random/prng.ts";
import { options as checkOptions, show } from "../_validate.ts";

/** A VM that may be picked for migration off an overloaded host. */
export interface VmCandidate {
  /** RAM in bytes (the migration time is RAM over the bandwidth, so MMT picks the least). */
  ramBytes: number;
  /** Current CPU utilisation as a fraction of the VM's MIPS. */
  utilization: number;
  /** CPU utilisation history, oldest first (used by maximum correlation). */
  history?: readonly number[];
}

/** The VM selection policies of Beloglazov and Buyya (2012). */
export type VmSelectionPolicy = "mmt" | "rs" | "mc" | "mu";

/** Options of {@link selectVmToMigrate}. */
export interface SelectVmOptions {
  /** Source of randomness for `"rs"` (required for it). */
  prng?: Prng;
}

/**
 * Picks the VM to migrate off an overloaded host, by one of the policies of Beloglazov and
 * Buyya (2012):
 * - `"mmt"` minimum migration time: least RAM (all VMs cross the same link); first on ties.
 * - `"mu"` minimum utilisation: least current CPU utilisation; first on ties.
 * - `"rs"` random selection: uniform over the candidates, from `options.prng`.
 * - `"mc"` maximum correlation: the VM whose utilisation history is best explained by the
 *   others' (largest R^2 of a least-squares regression of its history on theirs, with an
 *   intercept, over the shortest common history). Falls back to MMT when there are fewer than
 *   two candidates, fewer history values than candidates, or the regression is singular, as
 *   CloudSim does.
 *
 * @param candidates The host's migratable VMs.
 * @param policy The policy.
 * @param options The generator for `"rs"`.
 * @returns The index of the chosen VM, or -1 when there are no candidates.
 *
 * @example MMT picks the smallest RAM, MU the least loaded
 * ```ts
 * import { selectVmToMigrate } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vms = [
 *   { ramBytes: 1740e6, utilization: 0.1 },
 *   { ramBytes: 613e6, utilization: 0.9 },
 * ];
 * assert.equal(selectVmToMigrate(vms, "mmt"), 1);
 * assert.equal(selectVmToMigrate(vms, "mu"), 0);
 * ```
 */
export function selectVmToMigrate(
  candidates: readonly VmCandidate[],
  policy: VmSelectionPolicy,
  options: SelectVmOptions = {},
): number {
  checkOptions("select a VM", "options", options, ["prng"]);
  const { prng } = options;
  if (!Array.isArray(candidates)) {
    throw new TypeError(
      `Cannot select a VM as candidates must be an array: current value is ${show(candidates)}`,
    );
  }
  if (candidates.length === 0) return -1;
  switch (policy) {
    case "mmt":
      return argMin(candidates, (c) => c.ramBytes);
    case "mu":
      return argMin(candidates, (c) => c.utilization);
    case "rs":
      if (typeof prng !== "function") {
        throw new TypeError(
          `Cannot select a VM as options.prng must be a function for "rs": current value is ${
            show(prng)
          }`,
        );
      }
      return Math.min(candidates.length - 1, Math.floor(prng() * candidates.length));
    case "mc": {
      const best = maxCorrelation(candidates);
      return best >= 0 ? best : argMin(candidates, (c) => c.ramBytes);
    }
    default:
      throw new TypeError(
        `Cannot select a VM as policy must be one of "mmt", "rs", "mc", "mu": current value is ${
          show(policy)
        }`,
      );
  }
}

/** Index of the least key (first on ties). */
function argMin(candidates: readonly VmCandidate[], key: (c: VmCandidate) => number): number {
  let best = 0;
  let bestKey = key(candidates[0]!);
  for (let i = 1; i < candidates.length; i++) {
    const k = key(candidates[i]!);
    if (k < bestKey) {
      best = i;
      bestKey = k;
    }
  }
  return best;
}

/** Index of the largest multiple-regression R^2, or -1 when it cannot be computed. */
function maxCorrelation(candidates: readonly VmCandidate[]): number {
  const n = candidates.length;
  if (n < 2) return -1;
  let m = Infinity;
  for (const c of candidates) m = Math.min(m, c.history?.length ?? 0);
  if (m < n) return -1;
  // newest m values of each history
  const rows = candidates.map((c) => c.history!.slice(c.history!.length - m));
  const gram = gramMatrix(rows, m);
  let best = -1;
  let bestR2 = Number.MIN_VALUE;
  for (let i = 0; i < n; i++) {
    const r2 = rSquared(rows, gram, i, m);
    if (r2 === undefined) return -1;
    if (r2 > bestR2) {
      bestR2 = r2;
      best = i;
    }
  }
  return best === -1 ? 0 : best;
}

/**
 * Sums shared by every regression of one selection: `sums[i]` = sum_o rows[i][o] and
 * `products[i][j]` = sum_o rows[i][o] * rows[j][o], each accumulated over o in increasing order
 * (the order the normal equations use, so every regression gets bit-identical entries).
 */
function gramMatrix(
  rows: readonly (readonly number[])[],
  m: number,
): { sums: Float64Array; products: Float64Array[] } {
  const n = rows.length;
  const sums = new Float64Array(n);
  const products = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const ri = rows[i]!;
    let s = 0;
    for (let o = 0; o < m; o++) s += ri[o]!;
    sums[i] = s;
    for (let j = i; j < n; j++) {
      const rj = rows[j]!;
      let p = 0;
      for (let o = 0; o < m; o++) p += ri[o]! * rj[o]!;
      products[i]![j] = products[j]![i] = p;
    }
  }
  return { sums, products };
}

/** R^2 of regressing rows[target] on the other rows plus an intercept; undefined if singular. */
function rSquared(
  rows: readonly (readonly number[])[],
  gram: { sums: Float64Array; products: Float64Array[] },
  target: number,
  m: number,
): number | undefined {
  const p = rows.length; // intercept + (p - 1) regressors
  const { sums, products } = gram;
  // regressor j (1..p-1) is row r(j): the rows other than the target, in order
  const source = new Int32Array(p);
  for (let j = 1; j < p; j++) source[j] = j - 1 < target ? j - 1 : j;
  // normal equations X'X beta = X'y; the first column of X is the intercept's ones
  // augmented rows [X'X | X'y], row-major in one array
  const w = p + 1;
  const system = new Float64Array(p * w);
  system[0] = m;
  system[p] = sums[target]!;
  for (let a = 1; a < p; a++) {
    const ra = source[a]!;
    const pr = products[ra]!;
    system[a] = system[a * w] = sums[ra]!;
    system[a * w + p] = pr[target]!;
    for (let b = 1; b < p; b++) system[a * w + b] = pr[source[b]!]!;
  }
  const beta = solve(system, p);
  if (beta === undefined) return undefined;
  const y = rows[target]!;
  let mean = 0;
  for (let o = 0; o < m; o++) mean += y[o]!;
  mean /= m;
  let ssr = 0, sst = 0;
  for (let o = 0; o < m; o++) {
    let fit = beta[0]!;
    for (let a = 1; a < p; a++) fit += beta[a]! * rows[source[a]!]![o]!;
    ssr += (y[o]! - fit) ** 2;
    sst += (y[o]! - mean) ** 2;
  }
  return 1 - ssr / sst;
}

/**
 * Gauss-Jordan elimination with partial pivoting of the n augmented rows [A | b] stored
 * row-major in `m` (n x (n + 1)), in place; undefined when (numerically) singular.
 */
function solve(m: Float64Array, n: number): Float64Array | undefined {
  const w = n + 1;
  const order = new Int32Array(n); // order[i]: offset of the row now in position i
  for (let i = 0; i < n; i++) order[i] = i * w;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(m[order[r]! + c]!) > Math.abs(m[order[pivot]! + c]!)) pivot = r;
    }
    if (!(Math.abs(m[order[pivot]! + c]!) > 1e-12)) return undefined;
    const top = order[pivot]!;
    order[pivot] = order[c]!;
    order[c] = top;
    const diagonal = m[top + c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = order[r]!;
      const f = m[row + c]! / diagonal;
      for (let k = c; k <= n; k++) m[row + k] = m[row + k]! - f * m[top + k]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = m[order[i]! + n]! / m[order[i]! + i]!;
  return x;
}
