/**
 * Options shared by the bin-packing heuristics (`firstFit`, `bestFit`, `worstFit`,
 * `nextFit`, `firstFitDecreasing`, `bestFitDecreasing`). Every fit compares with the one
 * tolerance of the placement layer: a demand fits when it is at most the remaining capacity
 * plus 1e-9 of the host's capacity, so that fractions summing exactly to a capacity fit
 * despite binary rounding (0.4 + 0.3 + 0.2 + 0.1 on a host of 1).
 *
 * @module
 */
import type { Dimension } from "./model.ts";

/** Options of the fit heuristics. */
export interface FitOptions {
  /**
   * The dimensions a VM must fit in; the others are ignored (a one-dimensional
   * placement is `{ dimensions: ["cpuMips"] }`).
   *
   * @default {DIMENSIONS} (CPU MIPS, RAM and bandwidth)
   */
  dimensions?: readonly Dimension[];
}

/**
 * How the "decreasing" heuristics size a VM in several dimensions. Each demand is first
 * normalised by the largest capacity of any host in that dimension; then `"sum"` adds the
 * normalised demands (the L1 size, "FFDSum"), `"max"` takes the largest one (the L∞ size,
 * "FFDMax"), `"product"` multiplies them (the volume, "FFDProd") and `"l2"` takes their
 * Euclidean norm ("FFDL2"): the size functions compared by Panigrahy, Talwar, Uyeda and
 * Wieder 2011, "Heuristics for vector bin packing" (Microsoft Research), section 3. In one
 * dimension all four are the demand itself (its share), so they sort alike.
 */
export type SortKey = "sum" | "max" | "product" | "l2";

/**
 * How best fit measures what a host has left once it took the VM: each dimension's residual
 * capacity is normalised by the largest capacity of any host in that dimension; `"sum"`
 * adds them (the L1 residual) and `"max"` takes the largest (the L∞ residual, the "best
 * fit by the tightest dimension" reading; Panigrahy et al. 2011 compare norm-based
 * "Dot-Product" and "L2" host choices of the same kind). The host with the least residual
 * wins; ties go to the lowest host index.
 */
export type ResidualMeasure = "sum" | "max";

/** Options of `bestFit` (and the best-fit half of `bestFitDecreasing`). */
export interface BestFitOptions extends FitOptions {
  /**
   * How a host's leftover capacity is measured when choosing the tightest host.
   *
   * @default {"sum"}
   */
  residual?: ResidualMeasure;
}

/** Options of `firstFitDecreasing` and `bestFitDecreasing`. */
export interface DecreasingFitOptions extends FitOptions {
  /**
   * The size by which VMs are sorted, largest first (ties keep input order).
   *
   * @default {"sum"}
   */
  sortKey?: SortKey;
}

/** Options of `bestFitDecreasing`: the sort key and the residual measure. */
export interface BestFitDecreasingOptions extends DecreasingFitOptions, BestFitOptions {}
