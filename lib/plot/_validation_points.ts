/**
 * What the two validation figures (`plotValidationScatter`, `plotValidationErrors`)
 * share: the check of their points and the legend of point groups.
 *
 * @module
 */
import { Plot } from "../_deps/plot.ts";
import { string } from "../_validate.ts";
import { requireFinite } from "./_checks.ts";
import type { ValidationPoint } from "./validation_scatter.ts";

/** Requires string labels and groups and finite values of points already checked as rows. */
export function checkValidationPoints(action: string, points: readonly ValidationPoint[]): void {
  points.forEach((p, i) => {
    string(action, `points[${i}].label`, p.label);
    string(action, `points[${i}].group`, p.group);
    for (const key of ["recordedMean", "recordedMin", "recordedMax", "simulated"] as const) {
      requireFinite(action, `points[${i}].${key}`, p[key]);
    }
  });
}

/** One text per group at the bottom right, in the group's colour (the legend). */
export function groupLegendMarks(points: readonly { group: string }[]): Plot.Markish[] {
  return [...new Set(points.map((p) => p.group))].map((g, i) =>
    Plot.text([g], {
      frameAnchor: "bottom-right",
      dy: -16 * i - 4,
      dx: -4,
      fill: (d: string) => d,
      textAnchor: "end",
    })
  );
}
