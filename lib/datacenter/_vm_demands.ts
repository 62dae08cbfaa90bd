/**
 * Every VM's demand fraction at `tau` seconds after the update of interval k, written to
 * `out` (one per VM): the trace interpolated linearly (`UtilizationModelPlanetLabInMemory`),
 * the update falling `offset` seconds after the interval start, the last sample repeated past
 * the end. `util` holds the VMs' traces as fractions, K values per VM; T is the interval in
 * seconds. The moment falls in the same trace interval for every VM, so it is found once.
 */
export function demandFractions(
  util: Float64Array,
  K: number,
  T: number,
  offset: number,
  k: number,
  tau: number,
  out: Float64Array,
): void {
  let t = tau + offset;
  while (t > T && k < K - 1) {
    t -= T;
    k++;
  }
  const V = out.length;
  if (t === 0) {
    for (let v = 0, i = k; v < V; v++, i += K) out[v] = util[i]!;
    return;
  }
  const next = Math.min(k + 1, K - 1) - k, x = t / T;
  for (let v = 0, i = k; v < V; v++, i += K) {
    const u0 = util[i]!;
    out[v] = u0 + (util[i + next]! - u0) * x;
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
    const column = new Float64Array(V);
    for (let k = 0; k < K; k++) {
      demandFractions(util, K, T, offset, k, 0, column);
      for (let v = 0; v < V; v++) atUpdate[v * K + k] = column[v]!;
    }
  }
  return atUpdate;
}
