/**
 * Page-order runs of a page distribution: where each run's pages lie in memory.
 * Internal: `pageOrderRuns` is the public face.
 *
 * @module
 */
import type { PageDistribution, PageRun } from "./model.ts";
import { offsetPages } from "./_placement.ts";

/** A run of pages `[startPage, startPage + pages)` of equal probability, in page order. */
export interface PlacedRun extends PageRun {
  /** First page of the run. */
  startPage: number;
}

/**
 * The runs of a distribution in page order. `start` keeps them; `offset` rotates
 * them (splitting the run that crosses the end of memory, its shares in proportion
 * to its pages); `scattered` gives the average over the permutation's draw: every
 * page has the mean probability, one run over all pages.
 */
export function placeRuns(dist: PageDistribution, pageCount: number): PlacedRun[] {
  const { runs, placement } = dist;
  if (placement.kind === "scattered") {
    let writeShare = 0;
    let accessShare = 0;
    for (const r of runs) {
      writeShare += r.writeShare;
      accessShare += r.accessShare;
    }
    return [{ startPage: 0, pages: pageCount, writeShare, accessShare }];
  }
  const placed: PlacedRun[] = [];
  let rank = 0;
  for (const r of runs) {
    placed.push({ ...r, startPage: rank });
    rank += r.pages;
  }
  if (placement.kind === "start") return placed;
  const o = offsetPages(placement.offsetFraction, pageCount);
  if (o === 0) return placed;
  // Rank r lies at page (r + o) mod P: ranks [P - o, P) come first, at pages [0, o).
  const cut = pageCount - o;
  const head: PlacedRun[] = [];
  const tail: PlacedRun[] = [];
  for (const r of placed) {
    const end = r.startPage + r.pages;
    if (end <= cut) tail.push({ ...r, startPage: r.startPage + o });
    else if (r.startPage >= cut) head.push({ ...r, startPage: r.startPage - cut });
    else {
      const before = cut - r.startPage;
      const f = before / r.pages;
      tail.push({
        startPage: r.startPage + o,
        pages: before,
        writeShare: r.writeShare * f,
        accessShare: r.accessShare * f,
      });
      head.push({
        startPage: 0,
        pages: r.pages - before,
        writeShare: r.writeShare * (1 - f),
        accessShare: r.accessShare * (1 - f),
      });
    }
  }
  return [...head, ...tail];
}

/** Pages the push passes as one stretch of memory, and the runs spread over it. */
export interface PushSegment {
  /** The runs in the stretch: pages of each, and one page's access probability. */
  parts: { pages: number; p: number }[];
}

/**
 * The page distribution in push (page) order, as segments: one per page-order run
 * for `start` and `offset` placements; for `scattered`, one segment of all memory
 * holding every run, spread evenly (the average over the permutation's draw, which
 * keeps each run's own probability, unlike `placeRuns`). With `spread > 0`,
 * neighbouring runs whose probabilities differ by less than that relative amount
 * are merged.
 */
export function pushSegments(
  dist: PageDistribution,
  pageCount: number,
  spread: number = 0,
): PushSegment[] {
  const parts = (runs: readonly PageRun[]) =>
    runs.filter((r) => r.pages > 0).map((r) => ({ pages: r.pages, p: r.accessShare / r.pages }));
  if (dist.placement.kind === "scattered") return [{ parts: merge(parts(dist.runs), spread) }];
  const single = merge(parts(placeRuns(dist, pageCount)), spread);
  return single.map((part) => ({ parts: [part] }));
}

/**
 * Merges neighbouring parts whose page probabilities stay within a factor
 * `1 + spread` of the first one's (same total pages and share): a coarser
 * description of the same distribution, for models that need few runs.
 */
function merge(
  parts: { pages: number; p: number }[],
  spread: number,
): { pages: number; p: number }[] {
  if (spread <= 0) return parts;
  const out: { pages: number; p: number }[] = [];
  let first = 0;
  let pages = 0;
  let mass = 0;
  for (const part of parts) {
    const close = pages > 0 &&
      Math.max(part.p, first) <= (1 + spread) * Math.min(part.p, first);
    if (pages > 0 && !close) {
      out.push({ pages, p: mass / pages });
      pages = 0;
      mass = 0;
    }
    if (pages === 0) first = part.p;
    pages += part.pages;
    mass += part.pages * part.p;
  }
  if (pages > 0) out.push({ pages, p: mass / pages });
  return out;
}
