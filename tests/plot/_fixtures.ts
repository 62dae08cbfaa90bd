/**
 * Hand-made inputs for the plot tests; no dependency on the migration engine.
 *
 * @module
 */
import type { RoundRow } from "../../lib/migration/result.ts";

/** Seven technique variants, in the study's order. */
export const LABELS = [
  "offline",
  "pre-copy/qemu",
  "pre-copy/xen",
  "time-series-pre-copy",
  "post-copy/active-push",
  "post-copy/prepaging",
  "hybrid",
];

/** Tidy rows: 3 workloads x 7 techniques x 2 seeds, with simple made-up metrics. */
export function comparisonRows(): {
  label: string;
  workload: string;
  seed: number;
  downtimeSeconds: number;
  totalSeconds: number;
  bytesSent: number;
}[] {
  const rows = [];
  for (const [w, workload] of ["idle", "uniform", "hot-cold"].entries()) {
    for (const [i, label] of LABELS.entries()) {
      for (const seed of [1, 2]) {
        rows.push({
          label,
          workload,
          seed,
          downtimeSeconds: i === 0 ? 34.4 : 0.002 * (i + 1) * (w + 1) + 0.001 * seed,
          totalSeconds: 34.4 + i * 2.5 * w + seed * 0.1,
          bytesSent: 4294967296 * (1 + i * 0.1 * w) + seed * 1048576,
        });
      }
    }
  }
  return rows;
}

/** A geometric pre-copy: 1 GiB of 4 KiB pages, 30% redirtied per round, 5 push rounds. */
export function preCopyRounds(): RoundRow[] {
  const rows: RoundRow[] = [];
  let pages = 262144;
  let start = 0;
  for (let round = 1; round <= 6; round++) {
    const last = round === 6;
    const seconds = pages * 4096 / 125e6;
    rows.push({
      round,
      phase: last ? "stop-and-copy" : "push",
      startSeconds: start,
      endSeconds: start + seconds,
      pagesSent: pages,
      bytesSent: pages * 4096,
      pagesDirtied: last ? 0 : Math.round(pages * 0.3),
      writes: last ? 0 : Math.round(pages * 0.4),
    });
    start += seconds;
    pages = Math.round(pages * 0.3);
  }
  return rows;
}

/** Three results for a timeline: offline, pre-copy and post-copy. */
export function timelineResults(): {
  label: string;
  totalSeconds: number;
  downtimeSeconds: number;
  roundRows: RoundRow[];
}[] {
  const pre = preCopyRounds();
  const last = pre[pre.length - 1]!;
  const row = { pagesSent: 0, bytesSent: 0, pagesDirtied: 0, writes: 0 };
  return [
    {
      label: "offline",
      totalSeconds: 8.6,
      downtimeSeconds: 8.6,
      roundRows: [{
        ...row,
        round: 1,
        phase: "stop-and-copy",
        startSeconds: 0,
        endSeconds: 8.6,
      }],
    },
    {
      label: "pre-copy/qemu",
      totalSeconds: last.endSeconds,
      downtimeSeconds: last.endSeconds - last.startSeconds,
      roundRows: pre,
    },
    {
      label: "post-copy/active-push",
      totalSeconds: 8.7,
      downtimeSeconds: 0.003,
      roundRows: [
        {
          ...row,
          round: 1,
          phase: "stop-and-copy",
          startSeconds: 0,
          endSeconds: 0.003,
        },
        {
          ...row,
          round: 2,
          phase: "pull",
          startSeconds: 0.003,
          endSeconds: 8.7,
        },
      ],
    },
  ];
}
