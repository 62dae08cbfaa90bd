import type { Prng } from "../random/prng.ts";
import { nonNegative, oneOf, options as checkOptions, show } from "../_validate.ts";

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
 *   intercept, over the shortest common history), computed operation by operation as CloudSim
 *   3.0.3 does with Commons Math 3.6.1's `OLSMultipleLinearRegression` (Householder QR), so
 *   near ties and collinear VMs go the same way. Takes the first VM when no R^2 exceeds
 *   `Double.MIN_VALUE` (e.g. all NaN), and falls back to MMT when there are fewer than two
 *   candidates, fewer history values than candidates, or R is exactly singular, as CloudSim
 *   does.
 *
 * @param candidates The host's migratable VMs.
 * @param policy The policy.
 * @param options The generator for `"rs"`.
 * @returns The index of the chosen VM, or -1 when there are no candidates.
 * @throws {TypeError} If candidates is not an array, the policy is unknown, or `"rs"` has no
 *   `prng`.
 * @throws {RangeError} If a candidate's `ramBytes` or `utilization` (or, for `"mc"`, a
 *   history value) is not a finite number >= 0.
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
  oneOf("select a VM", "policy", policy, ["mmt", "rs", "mc", "mu"] as const);
  if (candidates.length === 0) return -1;
  // a NaN key never compares less: MMT and MU would keep index 0 whatever the others are
  candidates.forEach((c, i) => {
    nonNegative("select a VM", `candidates[${i}].ramBytes`, c?.ramBytes);
    nonNegative("select a VM", `candidates[${i}].utilization`, c?.utilization);
    const history: unknown = policy === "mc" ? c.history : undefined;
    if (history === undefined) return;
    if (
      typeof history !== "object" || history === null ||
      typeof (history as { length?: unknown }).length !== "number"
    ) {
      throw new TypeError(
        `Cannot select a VM as candidates[${i}].history must be an array: current value is ${
          show(history)
        }`,
      );
    }
    const values = history as ArrayLike<unknown>;
    for (let k = 0; k < values.length; k++) {
      const x = values[k];
      if (!(typeof x === "number" && x >= 0 && x < Infinity)) {
        nonNegative("select a VM", `candidates[${i}].history[${k}]`, x);
      }
    }
  });
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

/**
 * Index of the largest multiple-regression R^2, or -1 when it cannot be computed: CloudSim
 * 3.0.3's `PowerVmSelectionPolicyMaximumCorrelation.getVmToMigrate` (lines 54-76): the
 * utilisation matrix holds each VM's newest `m` history values, newest first
 * (`getUtilizationMatrix`; `PowerVm.addUtilizationHistoryValue` adds at index 0; m is the
 * shortest history, and CloudSim's loop overruns its row when the lengths differ, which never
 * happens in its experiments: cutting the longer histories is our generalisation), R^2 is
 * computed per VM in list order, the first strictly largest above `Double.MIN_VALUE` wins (index
 * 0 when none is, e.g. all NaN), and any regression that Commons Math rejects (too few
 * observations, an exactly singular R) sends the whole selection to the fallback.
 */
function maxCorrelation(candidates: readonly VmCandidate[]): number {
  const n = candidates.length;
  if (n < 2) return -1; // Array2DRowRealMatrix of 0 rows: NoDataException
  let m = Infinity;
  for (const c of candidates) m = Math.min(m, c.history?.length ?? 0);
  // AbstractMultipleLinearRegression.validateSampleData: (n - 1) + 1 > m is rejected
  if (m < n) return -1;
  const store = qrScratch(n, m);
  const data = candidates.map((c, i) => {
    const h = c.history!;
    const row = store.subarray(i * m, (i + 1) * m);
    for (let j = 0; j < m; j++) row[j] = h[h.length - 1 - j]!; // newest first
    return row;
  });
  let best = -1;
  let bestR2 = Number.MIN_VALUE;
  const qr = new SharedQr(data, m, store.subarray(n * m));
  for (let i = 0; i < n; i++) {
    const r2 = qr.rSquared(i);
    if (r2 === undefined) return -1;
    if (r2 > bestR2) {
      bestR2 = r2;
      best = i;
    }
  }
  return best === -1 ? 0 : best;
}

/** Working memory of {@link maxCorrelation}, grown on demand and reused by every call. */
let qrMemory = new Float64Array(0);

/**
 * Room for `n` rows of `m` values and a {@link SharedQr} over them, from memory shared by the
 * calls: typed arrays of more than 64 bytes each take a backing store outside V8's heap, and
 * allocating several per regression cost most of MC selection's time.
 */
function qrScratch(n: number, m: number): Float64Array {
  const size = n * m + SharedQr.scratchLength(n, m);
  if (qrMemory.length < size) qrMemory = new Float64Array(Math.max(size, 2 * qrMemory.length));
  return qrMemory;
}

/**
 * R^2 of regressing `data[target]` on the other rows (in order) plus an intercept, operation
 * by operation as Apache Commons Math 3.6.1's `OLSMultipleLinearRegression` computes it
 * (`newSampleData`, then `calculateRSquared` = 1 - RSS / `SecondMoment`, lines 89-93, 163-201,
 * 239-258 of `stat/regression/OLSMultipleLinearRegression.java`): the design matrix is a column
 * of ones then the regressors (`AbstractMultipleLinearRegression.newXSampleData`, lines
 * 183-204), decomposed by Householder reflections (`linear/QRDecomposition.java`, lines 121-177)
 * and solved by its `Solver.solve(RealVector)` (lines 347-387; threshold 0, so only an exactly
 * zero diagonal of R is singular: undefined). Residuals are `y - X b` with row sums in column
 * order (`Array2DRowRealMatrix.operate`, lines 349-366), their sum of squares in row order
 * (`ArrayRealVector.dotProduct`), and the total sum of squares is `SecondMoment`'s running
 * update (`stat/descriptive/moment/FirstMoment.java` lines 103-112, `SecondMoment.java` lines
 * 82-88). CloudSim's rounding, not a textbook least-squares solution, decides which VM of a
 * near tie or a collinear set it migrates.
 *
 * The decompositions of the targets share work: the design matrix of target i starts with the
 * ones and `data[0..i)`, the same columns as that of every later target, and Householder QR
 * transforms each column by the reflections of the columns before it only, one column at a
 * time, so the reflections of those first i + 1 columns, and every later column transformed
 * by them, are the same doubles for all targets from i on. Targets must be asked in increasing
 * order; each continues a copy of the shared prefix (the same operations in the same order as
 * decomposing its own matrix from scratch). Its arrays are views of one `scratch` array.
 */
class SharedQr {
  /** The length of the `scratch` a decomposition of `p` rows of `m` values needs. */
  static scratchLength(p: number, m: number): number {
    return (2 * p + 2) * m + p;
  }

  readonly #data: readonly Float64Array[];
  readonly #m: number;
  readonly #p: number;
  /** `data[j]` transformed by the reflections of the prefix (ones, data[0..next)) */
  readonly #columns: Float64Array[];
  /** the prefix's reflection vectors: ones, data[0], ..., data[next - 1] */
  readonly #prefix: Float64Array[] = [];
  readonly #prefixDiag: number[] = [];
  /** A target's own columns, its y and its coefficients (overwritten by every target) */
  readonly #rest: Float64Array[];
  readonly #y: Float64Array;
  readonly #beta: Float64Array;
  #next = 0;

  constructor(data: readonly Float64Array[], m: number, scratch: Float64Array) {
    const p = data.length;
    this.#data = data;
    this.#m = m;
    this.#p = p;
    const view = (i: number, length = m) => scratch.subarray(i * m, i * m + length);
    this.#columns = data.map((row, j) => {
      const column = view(j);
      column.set(row);
      return column;
    });
    this.#rest = Array.from({ length: p }, (_, j) => view(p + j));
    this.#y = view(2 * p);
    this.#beta = view(2 * p + 2, p);
    // the ones column is the first reflection of every target's decomposition
    const ones = view(2 * p + 1).fill(1);
    this.#reflect(ones, 0, this.#columns, 0, p);
  }

  /**
   * Householder step `minor` with column `v` (already transformed by the previous steps):
   * its diagonal entry, and `columns[from..to)` transformed by it (QRDecomposition lines
   * 121-177). The vector (`v` itself) and the diagonal are appended to `vectors` and `diag`.
   */
  #reflect(
    v: Float64Array,
    minor: number,
    columns: Float64Array[],
    from: number,
    to: number,
    vectors: Float64Array[] = this.#prefix,
    diag: number[] = this.#prefixDiag,
  ): void {
    const m = this.#m;
    let xNormSqr = 0;
    for (let row = minor; row < m; row++) xNormSqr += v[row]! * v[row]!;
    const a = v[minor]! > 0 ? -Math.sqrt(xNormSqr) : Math.sqrt(xNormSqr);
    if (a !== 0) {
      v[minor] = v[minor]! - a;
      for (let col = from; col < to; col++) {
        const x = columns[col]!;
        let alpha = 0;
        for (let row = minor; row < m; row++) alpha -= x[row]! * v[row]!;
        alpha /= a * v[minor]!;
        for (let row = minor; row < m; row++) x[row] = x[row]! - alpha * v[row]!;
      }
    }
    vectors.push(v);
    diag.push(a);
  }

  /** R^2 of target `target` (see the class documentation); undefined when R is singular. */
  rSquared(target: number): number | undefined {
    const data = this.#data, m = this.#m, p = this.#p;
    if (target < this.#next) throw new Error("SharedQr: targets must be asked in increasing order");
    // extend the prefix to ones, data[0..target): step 1 + j uses data[j]
    while (this.#next < target) {
      const j = this.#next++;
      this.#reflect(this.#columns[j]!, 1 + j, this.#columns, j + 1, p);
    }
    // this target's own steps: the later columns, copied from the shared state
    const vectors = this.#prefix.slice();
    const rDiag = this.#prefixDiag.slice();
    const rest = this.#rest.slice(0, p - target - 1);
    for (let k = 0; k < rest.length; k++) rest[k]!.set(this.#columns[target + 1 + k]!);
    for (let k = 0; k < rest.length; k++) {
      this.#reflect(rest[k]!, target + 1 + k, rest, k + 1, rest.length, vectors, rDiag);
    }
    for (let k = 0; k < p; k++) if (Math.abs(rDiag[k]!) <= 0) return undefined;
    const yData = data[target]!;
    const y = this.#y;
    y.set(yData);
    for (let minor = 0; minor < p; minor++) {
      const v = vectors[minor]!;
      let dot = 0;
      for (let row = minor; row < m; row++) dot += y[row]! * v[row]!;
      dot /= rDiag[minor]! * v[minor]!;
      for (let row = minor; row < m; row++) y[row] = y[row]! + dot * v[row]!;
    }
    const beta = this.#beta;
    for (let row = p - 1; row >= 0; row--) {
      y[row] = y[row]! / rDiag[row]!;
      const yRow = y[row]!;
      const v = vectors[row]!;
      beta[row] = yRow;
      for (let i = 0; i < row; i++) y[i] = y[i]! - yRow * v[i]!;
    }
    let rss = 0;
    for (let o = 0; o < m; o++) {
      let fit = 0 + 1 * beta[0]!;
      for (let j = 0, c = 1; j < p; j++) {
        if (j === target) continue;
        fit += data[j]![o]! * beta[c++]!;
      }
      const r = yData[o]! - fit;
      rss += r * r;
    }
    // SecondMoment.evaluate: m2 += (n - 1) * dev * (dev / n) after m1 += dev / n
    let m1 = 0, m2 = 0;
    for (let o = 0; o < m; o++) {
      const dev = yData[o]! - m1;
      const nDev = dev / (o + 1);
      m1 += nDev;
      m2 += o * dev * nDev;
    }
    return 1 - rss / m2;
  }
}
