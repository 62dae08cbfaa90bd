/**
 * Adaptive Gauss–Kronrod quadrature on [0, ∞).
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

// 15-point Kronrod nodes and weights with the embedded 7-point Gauss weights, from
// QUADPACK's qk15 (Piessens, de Doncker-Kapenga, Überhuber & Kahaner 1983).
const XGK = [
  0.991455371120812639206854697526329,
  0.949107912342758524526189684047851,
  0.864864423359769072789712788640926,
  0.741531185599394439863864773280788,
  0.586087235467691130294144845693013,
  0.405845151377397166906606412076961,
  0.207784955007898467600689403773245,
  0,
];
const WGK = [
  0.022935322010529224963732008058970,
  0.063092092629978553290700663189204,
  0.104790010322250183839876322541518,
  0.140653259715525918745189590510238,
  0.169004726639267902826583426598550,
  0.190350578064785409913256402421014,
  0.204432940075298892414161999234649,
  0.209482141084727828012999174891714,
];
const WG = [
  0.129484966168869693270611432679082,
  0.279705391489276667901467771423780,
  0.381830050505118944950369775488975,
  0.417959183673469387755102040816327,
];

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

function kronrod(f: (x: number) => number, a: number, b: number): Piece {
  const c = (a + b) / 2;
  const hw = (b - a) / 2;
  const fc = f(c);
  let resK = fc * WGK[7]!;
  let resG = fc * WG[3]!;
  for (let j = 0; j < 7; j++) {
    const x = hw * XGK[j]!;
    const sum = f(c - x) + f(c + x);
    resK += WGK[j]! * sum;
    if (j % 2 === 1) resG += WG[(j - 1) / 2]! * sum;
  }
  return { a, b, value: hw * resK, error: Math.abs(hw * (resK - resG)) };
}

/** Result of {@link integrateToInfinity}. */
export interface Quadrature {
  value: number;
  errorEstimate: number;
  intervals: number;
}

/**
 * ∫_0^∞ g(t) dt by the substitution t = s·x/(1 - x), dt = s/(1 - x)² dx, on x in
 * [0, 1), integrated by globally adaptive G7–K15 (bisect the piece with the largest
 * error estimate |K15 - G7| until the summed estimate is <= max(absTol, relTol·|I|)
 * or `maxIntervals` pieces). The nodes never touch x = 1. `scale` s should be of the
 * order of where g decays (e.g. a mean lifetime).
 */
export function integrateToInfinity(
  g: (t: number) => number,
  scale: number,
  relativeTolerance: number,
  absoluteTolerance = 0,
  maxIntervals = 2000,
): Quadrature {
  const f = (x: number): number => {
    const d = 1 - x;
    const v = g((scale * x) / d);
    return v === 0 ? 0 : (v * scale) / (d * d);
  };
  const pieces: Piece[] = [kronrod(f, 0, 0.5), kronrod(f, 0.5, 1)];
  for (;;) {
    let value = 0;
    let error = 0;
    let worst = 0;
    for (let i = 0; i < pieces.length; i++) {
      value += pieces[i]!.value;
      error += pieces[i]!.error;
      if (pieces[i]!.error > pieces[worst]!.error) worst = i;
    }
    if (
      error <= Math.max(absoluteTolerance, relativeTolerance * Math.abs(value)) ||
      pieces.length >= maxIntervals
    ) {
      return { value, errorEstimate: error, intervals: pieces.length };
    }
    const { a, b } = pieces[worst]!;
    const mid = (a + b) / 2;
    pieces.splice(worst, 1, kronrod(f, a, mid), kronrod(f, mid, b));
  }
}
