/**
 * Options shared by the bin-packing heuristics (`firstFit`, `bestFit`, `worstFit`,
 * `firstFitDecreasing`, `bestFitDecreasing`).
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
 * normalised demands (the L1 size, "FFDSum" of Panigrahy et al. 2011) and `"max"` takes the
 * largest one (the L∞ size, "FFDMax"). In one dimension both are the demand itself.
 */
export type SortKey = "sum" | "max";

/** Options of `firstFitDecreasing` and `bestFitDecreasing`. */
export interface DecreasingFitOptions extends FitOptions {
  /**
   * The size by which VMs are sorted, largest first (ties keep input order).
   *
   * @default {"sum"}
   */
  sortKey?: SortKey;
}
