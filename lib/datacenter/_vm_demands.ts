/**
 * Reads every VM's demand fraction at moments inside the intervals: the trace interpolated
 * linearly (`UtilizationModelPlanetLabInMemory`), the update falling `offset` seconds after
 * the interval start, the last sample repeated past the end. `util` holds the VMs' traces as
 * fractions, K values per VM (VM-major); T is the interval in seconds. A moment falls in the
 * same trace interval for every VM, so the two samples around it are gathered once per trace
 * interval into contiguous columns, and a VM's fraction is `start[v]` at the sample that
 * starts a trace interval, otherwise `start[v] + change[v] * x` for the `x` that
 * {@link DemandColumns.seek} returns. A moment exactly at the next sample stays in the trace
 * interval it ends (x = 1, so `start + change`, which may differ from that sample in the last
 * bit).
 */
export class DemandColumns {
  /** Each VM's sample at the start of the trace interval sought last. */
  readonly start: Float64Array;
  /** Each VM's next sample less that one (0 at the last sample). */
  readonly change: Float64Array;
  readonly #util: Float64Array;
  readonly #K: number;
  readonly #T: number;
  readonly #offset: number;
  #k = -1;
  #atK = 0;
  #atT = 0;

  constructor(util: Float64Array, K: number, T: number, offset: number) {
    const V = K > 0 ? util.length / K : 0;
    this.start = new Float64Array(V);
    this.change = new Float64Array(V);
    this.#util = util;
    this.#K = K;
    this.#T = T;
    this.#offset = offset;
  }

  /** The trace interval `seek(k, tau)` would move to (the columns left as they are). */
  columnOf(k: number, tau: number): number {
    this.#locate(k, tau);
    return this.#atK;
  }

  /**
   * Moves to `tau` seconds after the update of interval k and returns the fraction of its
   * trace interval elapsed then (0 exactly at the sample that starts it, 1 at its end).
   */
  seek(k: number, tau: number): number {
    this.#locate(k, tau);
    const t = this.#atT, T = this.#T, K = this.#K;
    k = this.#atK;
    if (k !== this.#k) {
      this.#k = k;
      const util = this.#util, start = this.start, change = this.change;
      const next = Math.min(k + 1, K - 1) - k;
      for (let v = 0, i = k; v < start.length; v++, i += K) {
        const u0 = util[i]!;
        start[v] = u0;
        change[v] = util[i + next]! - u0;
      }
    }
    return t === 0 ? 0 : t / T;
  }

  /** The trace interval of `tau` seconds after interval k's update, and the seconds into it. */
  #locate(k: number, tau: number): void {
    const K = this.#K, T = this.#T;
    let t = tau + this.#offset;
    while (t > T && k < K - 1) {
      t -= T;
      k++;
    }
    this.#atK = k;
    this.#atT = t;
  }
}

/** `UtilizationModelPlanetLabInMemory.getUtilization(time)`, the last sample repeated. */
function cloudsimDemandAt(
  util: Float64Array,
  K: number,
  T: number,
  v: number,
  time: number,
): number {
  const at = (i: number) => util[v * K + Math.min(i, K - 1)]!;
  if (time % T === 0) return at(Math.trunc(time / T));
  const time1 = Math.floor(time / T), time2 = Math.ceil(time / T);
  const u1 = at(time1), u2 = at(time2);
  const delta = (u2 - u1) / ((time2 - time1) * T);
  return u1 + delta * (time - time1 * T);
}

/**
 * Every VM's demand fraction at every scheduling update (VM-major, K per VM). With
 * `cloudsimArithmetic`, as CloudSim 3.0.3 computes it: the update times as its clock reaches
 * them (the offset, then the interval added once per update) and its interpolation formula.
 */
export function updateDemands(
  util: Float64Array,
  K: number,
  T: number,
  offset: number,
  cloudsimArithmetic: boolean,
): Float64Array {
  const V = K > 0 ? util.length / K : 0;
  const atUpdate = new Float64Array(V * K);
  if (cloudsimArithmetic) {
    const clock = new Float64Array(K);
    clock[0] = offset;
    for (let k = 1; k < K; k++) clock[k] = clock[k - 1]! + T;
    for (let v = 0; v < V; v++) {
      for (let k = 0; k < K; k++) atUpdate[v * K + k] = cloudsimDemandAt(util, K, T, v, clock[k]!);
    }
  } else {
    const columns = new DemandColumns(util, K, T, offset);
    const { start, change } = columns;
    for (let k = 0; k < K; k++) {
      const x = columns.seek(k, 0);
      for (let v = 0; v < V; v++) {
        atUpdate[v * K + k] = x === 0 ? start[v]! : start[v]! + change[v]! * x;
      }
    }
  }
  return atUpdate;
}
