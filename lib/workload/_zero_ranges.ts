/**
 * Where a workload's initial zero pages lie, as page ranges or a share of every
 * page. Internal: `pageOrderRuns` and the post-copy fault model use it.
 *
 * @module
 */
import type { ZeroPagesSpec } from "./zero_pages.ts";
import { initialZeroPageCount } from "./zero_pages.ts";

/** The initial zero pages: ranges `[a, b)` of pages, or a share of every page. */
export interface ZeroLayout {
  /** Ranges of zero pages, in the order `initialZeroPages` fills them (empty: none, or scattered). */
  ranges: [number, number][];
  /** Share of every page that is zero (scattered zero pages; else 0). */
  everywhere: number;
}

/** The layout of `initialZeroPages(spec, pageCount)` (nothing when `spec` is absent). */
export function initialZeroLayout(spec: ZeroPagesSpec | undefined, pageCount: number): ZeroLayout {
  const z = spec === undefined ? 0 : initialZeroPageCount(spec, pageCount);
  if (spec === undefined || z === 0) return { ranges: [], everywhere: 0 };
  const placement = spec.placement ?? { kind: "top" };
  if (placement.kind === "top") return { ranges: [[pageCount - z, pageCount]], everywhere: 0 };
  if (placement.kind === "start") return { ranges: [[0, z]], everywhere: 0 };
  if (placement.kind === "scattered") return { ranges: [], everywhere: z / pageCount };
  const o = Math.min(pageCount - 1, Math.floor(placement.offsetFraction * pageCount));
  const end = Math.min(pageCount, o + z);
  const ranges: [number, number][] = [[o, end]];
  if (z > end - o) ranges.unshift([0, z - (end - o)]);
  return { ranges, everywhere: 0 };
}
