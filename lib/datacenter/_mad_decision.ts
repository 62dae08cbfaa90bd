/**
 * MAD's overload decision (Beloglazov and Buyya 2012, section 4.1.2; CloudSim 3.0.3's
 * `PowerVmAllocationPolicyMigrationMedianAbsoluteDeviation`) without sorting: the same boolean
 * as `utilization > (madUpperThreshold(history) ?? fallback)`, for the data-centre simulation's
 * hot path, where the history is a valid one it built itself (finite values >= 0) and the
 * options were checked once. Internal.
 *
 * The median is found by selection (the same order statistics as sorting, so the same double).
 * The deviations' median is not computed at all: with `over(M) = utilization > 1 - s * M` (the
 * threshold's own floating-point operations), `over` is monotone in M (a product by s >= 0 and
 * `1 - x` are monotone under rounding), so one pass counting the deviations d with `over(d)`
 * false decides it: for an odd count n, the median deviation d_(n/2) has `over` true exactly when
 * at most n/2 deviations have it false; for an even count, the median is the rounded mean of
 * d_(n/2-1) and d_(n/2), which lies between them, so it is decided by them unless exactly n/2
 * deviations have `over` false, and then those two are the largest deviation with it false and
 * the smallest with it true, tracked in the same pass, and the mean is computed as the sort does.
 *
 * @module
 */

/**
 * Whether MAD finds a host overloaded: `utilization > 1 - s * MAD(history)` after trimming the
 * history's leading zeros as `madUpperThreshold` does, `utilization > fallback` when fewer than
 * `minHistory` values are left. `history` values must be finite and >= 0 (not checked); it is
 * rearranged (a scratch array: the order of its values afterwards is unspecified).
 */
export function madOverloaded(
  history: Float64Array,
  utilization: number,
  safetyParameter: number,
  minHistory: number,
  fallback: number,
): boolean {
  const length = history.length;
  let start = 0;
  while (start < length - 1 && history[start] === 0) start++;
  const n = length - start;
  if (n < minHistory) return utilization > fallback;
  const a = start === 0 ? history : history.subarray(start);
  const mid = n >> 1;
  select(a, n, mid);
  let m = a[mid]!;
  if (n % 2 === 0) {
    let below = a[0]!; // the largest of a[0..mid), all <= a[mid]
    for (let i = 1; i < mid; i++) if (a[i]! > below) below = a[i]!;
    m = (below + m) / 2;
  }
  const s = safetyParameter, u = utilization;
  // deviations with over(d) false (d below the critical value); after the selection the values
  // before `mid` are <= m and the others >= m, so each deviation's sign is known by its place
  let under = 0;
  for (let i = 0; i < mid; i++) under += u > 1 - s * (m - a[i]!) ? 0 : 1;
  for (let i = mid; i < n; i++) under += u > 1 - s * (a[i]! - m) ? 0 : 1;
  if (n % 2 === 1) return under <= mid;
  if (under !== mid) return under < mid;
  // the two middle deviations: the largest with over(d) false, the smallest with it true
  let largestUnder = -Infinity, smallestOver = Infinity;
  for (let i = 0; i < n; i++) {
    const d = i < mid ? m - a[i]! : a[i]! - m;
    if (u > 1 - s * d) {
      if (d < smallestOver) smallestOver = d;
    } else if (d > largestUnder) largestUnder = d;
  }
  return u > 1 - s * ((largestUnder + smallestOver) / 2);
}

/** Counts of {@link madOverloadedWithin}'s cells (at most MAX_CELLS + 1 used). */
const MAX_CELLS = 64;
const cells = new Int32Array(MAX_CELLS + 2);

/**
 * {@link madOverloaded} given bounds `lo <= every value <= hi` of the history, deciding most
 * cases without the median's selection: the values are counted in cells of width w (a sixth
 * of the critical deviation `c = (1 - u) / s`, or wider when the values span more than 64
 * cells: fewer cells to clear and scan cost less, on a synthetic data centre's targets, than
 * the cases they leave undecided), which locates the median within the cells of the middle
 * ranks. For an even count n
 * the host is overloaded when fewer than n/2 deviations d have `over(d)` false (at most
 * (n-1)/2 for an odd count; see the module documentation) and each of those lies within c of
 * the median, so when the cells within c of the median's cells hold too few values, the host
 * is overloaded; when the cells surely within c of the median hold more than n/2 values, it is
 * not. Otherwise the exact decision follows: the median from the values of its cell (sorted
 * there; a cell of more than 12 values is left to {@link madOverloaded}), then the deviations
 * counted. A cell is the truncation of `(value - lo) / w`, monotone in the value and
 * within 1e-13 of its real position; the margins (1e-9 of the values' scale on c, 1e-9 of the
 * reach in cells) are far above those roundings and the threshold's, so the cases decided
 * here are those the exact decision decides the same way. `history` is rearranged only when
 * {@link madOverloaded} runs.
 */
export function madOverloadedWithin(
  history: Float64Array,
  lo: number,
  hi: number,
  utilization: number,
  safetyParameter: number,
  minHistory: number,
  fallback: number,
): boolean {
  const n = history.length;
  const s = safetyParameter;
  const c = (1 - utilization) / s;
  if (n < minHistory || history[0] === 0 || !(c >= 0 && c < Infinity && lo <= hi)) {
    return madOverloaded(history, utilization, s, minHistory, fallback);
  }
  // rounding of the deviations and of the threshold is far below the margin
  const margin = c * 1e-12 + 1e-9 * (1 + hi - (lo < 0 ? lo : 0)) + 1e-14 / s;
  const reach = c + margin, low = c - margin;
  const span = hi - lo;
  const w = span > MAX_CELLS / 6 * reach ? span / MAX_CELLS : reach / 6;
  const inv = 1 / w;
  const top = (span * inv) | 0;
  for (let j = 0; j <= top; j++) cells[j] = 0;
  for (let i = 0; i < n; i++) cells[((history[i]! - lo) * inv) | 0]!++;
  // the cells of the middle ranks: J2 of rank n/2 (0-based), J1 of rank n/2 - 1 (even n)
  const mid = n >> 1;
  let J2 = 0, below = cells[0]!; // values in cells <= J2
  while (below <= mid) below += cells[++J2]!;
  let J1 = J2;
  if (n % 2 === 0 && below - cells[J2]! > mid - 1) {
    J1 = J2 - 1;
    while (cells[J1] === 0) J1--;
  }
  // values possibly within c of the median: in cells J1 - q .. J2 + q
  const q = Math.ceil(reach * (1 + 1e-9) * inv);
  let possibly = 0;
  for (let j = J1 - q < 0 ? 0 : J1 - q, end = J2 + q > top ? top : J2 + q; j <= end; j++) {
    possibly += cells[j]!;
  }
  if (n % 2 === 0 ? possibly < mid : possibly <= mid) return true;
  // values surely within c of the median: in cells J2 - k .. J1 + k
  const k = Math.floor(low * (1 - 1e-9) * inv) - 1;
  if (low > 0 && k >= 0 && J2 - k <= J1 + k) {
    let surely = 0;
    for (let j = J2 - k < 0 ? 0 : J2 - k, end = J1 + k > top ? top : J1 + k; j <= end; j++) {
      surely += cells[j]!;
    }
    if (surely > mid) return false;
  }
  // exact: the middle values from their cells (cells are monotone in the value, so a value in
  // a lower cell is below every value in a higher one), then the deviations counted as
  // madOverloaded counts them; a crowded middle cell is left to the selection
  const belowJ2 = below - cells[J2]!;
  let count = 0, topJ1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = history[i]!;
    const j = ((x - lo) * inv) | 0;
    if (j === J2) {
      if (count === MIDDLE_CELL) {
        return madOverloaded(history, utilization, s, minHistory, fallback);
      }
      middle[count++] = x;
    } else if (j === J1 && x > topJ1) topJ1 = x;
  }
  for (let i = 1; i < count; i++) {
    const x = middle[i]!;
    let j = i;
    while (j > 0 && middle[j - 1]! > x) {
      middle[j] = middle[j - 1]!;
      j--;
    }
    middle[j] = x;
  }
  const r = mid - belowJ2;
  let m = middle[r]!;
  if (n % 2 === 0) m = ((r > 0 ? middle[r - 1]! : topJ1) + m) / 2;
  return overAround(history, n, m, utilization, s);
}

/** Most values of the median's cell {@link madOverloadedWithin} sorts itself. */
const MIDDLE_CELL = 12;
const middle = new Float64Array(MIDDLE_CELL);

/**
 * The decision of {@link madOverloaded} given the median m of history[0..n) (the same double
 * the selection gives): the deviations |x - m| with `over(d)` false counted, and for an even
 * count with exactly n/2 of them, the mean of the largest such and the smallest other.
 */
function overAround(history: Float64Array, n: number, m: number, u: number, s: number): boolean {
  const mid = n >> 1;
  let under = 0;
  for (let i = 0; i < n; i++) {
    const x = history[i]!;
    under += u > 1 - s * (x < m ? m - x : x - m) ? 0 : 1;
  }
  if (n % 2 === 1) return under <= mid;
  if (under !== mid) return under < mid;
  let largestUnder = -Infinity, smallestOver = Infinity;
  for (let i = 0; i < n; i++) {
    const x = history[i]!;
    const d = x < m ? m - x : x - m;
    if (u > 1 - s * d) {
      if (d < smallestOver) smallestOver = d;
    } else if (d > largestUnder) largestUnder = d;
  }
  return u > 1 - s * ((largestUnder + smallestOver) / 2);
}

/** At most this many extractions finish a selection (see {@link select}). */
const EXTRACT = 4;

/**
 * Rearranges a[0..n) so that a[k] holds the k-th smallest value (0-based), those before it
 * being <= it and those after >= it: Hoare's selection, the first pivot the mean (near the
 * median of a history, which splits it about evenly), then medians of three, and insertion
 * sort once at most 9 values are left; when k lies within EXTRACT places of its part's end
 * (the mean pivot often lands that near the median), that many passes extracting the largest
 * (or smallest) value finish it instead, whose comparisons are far more predictable than a
 * partition's (about 5 % of a synthetic data centre's run). Any pivot gives the same k-th
 * value.
 */
function select(a: Float64Array, n: number, k: number): void {
  let lo = 0, hi = n - 1;
  let first = true;
  while (hi - lo > 8) {
    let pivot: number;
    if (first) {
      let sum = 0;
      for (let i = lo; i <= hi; i++) sum += a[i]!;
      pivot = sum / (hi - lo + 1);
      first = false;
    } else {
      const x = a[lo]!, y = a[(lo + hi) >> 1]!, z = a[hi]!;
      pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    }
    // the scans are bounded: the mean need not be one of the values
    let i = lo, j = hi;
    while (i <= j) {
      while (i <= hi && a[i]! < pivot) i++;
      while (j >= lo && a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) {
      if (j - k < EXTRACT) return extractLargest(a, lo, j, k);
      hi = j;
    } else if (k >= i) {
      if (k - i < EXTRACT) return extractSmallest(a, i, hi, k);
      lo = i;
    } else return;
  }
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i]!;
    let j = i;
    while (j > lo && a[j - 1]! > x) {
      a[j] = a[j - 1]!;
      j--;
    }
    a[j] = x;
  }
}

/**
 * Moves the largest values of a[lo..hi] to its end, one pass each, until a[k] holds the k-th
 * smallest (the values before it <= it, after it >= it).
 */
function extractLargest(a: Float64Array, lo: number, hi: number, k: number): void {
  for (let end = hi; end >= k; end--) {
    let best = lo, value = a[lo]!;
    for (let x = lo + 1; x <= end; x++) {
      if (a[x]! > value) {
        value = a[x]!;
        best = x;
      }
    }
    a[best] = a[end]!;
    a[end] = value;
  }
}
/**
 * Moves the smallest values of a[lo..hi] to its start, one pass each, until a[k] holds the k-th
 * smallest (the values before it <= it, after it >= it).
 */
function extractSmallest(a: Float64Array, lo: number, hi: number, k: number): void {
  for (let start = lo; start <= k; start++) {
    let best = start, value = a[start]!;
    for (let x = start + 1; x <= hi; x++) {
      if (a[x]! < value) {
        value = a[x]!;
        best = x;
      }
    }
    a[best] = a[start]!;
    a[start] = value;
  }
}
