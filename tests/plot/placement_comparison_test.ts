import assert from "node:assert/strict";
import { plotPlacementComparison } from "../../lib/plot/mod.ts";
import type { PlacementComparisonPlotRow } from "../../lib/plot/mod.ts";
import { assertSnapshot } from "./_snapshot.ts";

/** Hand-made rows in the shape `comparePlacements` returns. */
function rows(): PlacementComparisonPlotRow[] {
  return [
    { algorithm: "first-fit", kind: "heuristic", hostsUsed: 22, energyKwh: 63.2 },
    { algorithm: "worst-fit", kind: "heuristic", hostsUsed: 40, energyKwh: 101.9 },
    { algorithm: "first-fit-decreasing", kind: "heuristic", hostsUsed: 22, energyKwh: 63.1 },
    { algorithm: "pabfd", kind: "heuristic", hostsUsed: 34, energyKwh: 89.1 },
    { algorithm: "ilp", kind: "exact", hostsUsed: 21, energyKwh: 62.2, status: "time-limit" },
    { algorithm: "continuous-bound", kind: "lower-bound", hostsUsed: 19, energyKwh: null },
    { algorithm: "martello-toth-l2", kind: "lower-bound", hostsUsed: 19, energyKwh: null },
  ];
}

Deno.test("plotPlacementComparison() matches its golden SVG files", async (t) => {
  await t.step("hosts used with the ILP and lower-bound rules", async () => {
    await assertSnapshot(plotPlacementComparison(rows()).toSvg(), "placement-comparison.svg");
  });
  await t.step("energy", async () => {
    await assertSnapshot(
      plotPlacementComparison(rows(), { metric: "energyKwh" }).toSvg(),
      "placement-comparison-energy.svg",
    );
  });
});

Deno.test("plotPlacementComparison() draws dots on an axis that spans the data, with explained rules", async (t) => {
  const svg = plotPlacementComparison(rows()).toSvg();
  await t.step("a standalone, deterministic SVG", () => {
    assert.match(svg, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.doesNotMatch(svg, /<figure/);
    assert.equal(plotPlacementComparison(rows()).toSvg(), svg);
  });
  await t.step("no bar: 4 dots, 1 diamond for the ILP, 2 rules with merged labels", () => {
    assert.doesNotMatch(svg, /<rect (?!width="100%")/);
    assert.equal(svg.match(/<circle /g)?.length, 4);
    assert.match(svg, />ilp \(time-limit\) = 21</);
    assert.match(svg, />lower bound: continuous-bound, martello-toth-l2 = 19</);
    assert.match(svg, />Hosts used by placement algorithm</);
  });
  await t.step("the axis starts one host below the lowest bound, not at 0, and says so", () => {
    assert.match(svg, /; axis from 18, not 0</);
    assert.match(
      svg,
      /Dot: a heuristic; diamond: exact \(ILP\); line: hosts above the highest lower bound/,
    );
    assert.match(svg, /Dashed rule: lower bound; solid rule: exact \(ILP\) result/);
  });
  await t.step("the energy chart has no rules and skips the bounds", () => {
    const energy = plotPlacementComparison(rows(), { metric: "energyKwh" }).toSvg();
    assert.equal(energy.match(/<circle /g)?.length, 4);
    assert.doesNotMatch(energy, /martello-toth-l2/);
    assert.match(energy, />Energy \(kWh\)</);
    assert.match(energy, />102</);
    assert.match(energy, /line: kWh above the lowest value/);
  });
  await t.step("an optimal ILP is labelled without a status; inputs are not mutated", () => {
    const input = rows().map((r) => r.kind === "exact" ? { ...r, status: "optimal" } : r);
    const copy = structuredClone(input);
    assert.match(plotPlacementComparison(input).toSvg(), />ilp = 21</);
    assert.deepEqual(input, copy);
  });
});

Deno.test("plotPlacementComparison() rejects bad input", async (t) => {
  await t.step("a missing value", () => {
    assert.throws(
      () => plotPlacementComparison([{ algorithm: "a", kind: "heuristic", hostsUsed: NaN }]),
      {
        name: "TypeError",
        message:
          "Cannot plot a placement comparison as rows[0].hostsUsed must be a finite number: current value is NaN",
      },
    );
    assert.throws(
      () =>
        plotPlacementComparison([{ algorithm: "a", kind: "heuristic", hostsUsed: 1 }], {
          metric: "energyKwh",
        }),
      {
        name: "TypeError",
        message:
          "Cannot plot a placement comparison as rows[0].energyKwh must be a finite number: current value is undefined",
      },
    );
  });
  await t.step("an unknown metric and rows that are not an array", () => {
    assert.throws(
      () => plotPlacementComparison([], { metric: "watts" as unknown as "energyKwh" }),
      {
        name: "TypeError",
        message:
          'Cannot plot a placement comparison as metric must be one of "hostsUsed", "energyKwh": current value is "watts"',
      },
    );
    assert.throws(
      () => plotPlacementComparison(null as unknown as PlacementComparisonPlotRow[]),
      {
        name: "TypeError",
        message:
          "Cannot plot a placement comparison as rows must be an array: current value is null",
      },
    );
  });
  await t.step("an unknown kind or a missing algorithm", () => {
    assert.throws(
      () =>
        plotPlacementComparison([
          { algorithm: "a", kind: "heuristic", hostsUsed: 3 },
          { algorithm: "l2", kind: "lowerbound" as "lower-bound", hostsUsed: 2 },
        ]),
      {
        name: "TypeError",
        message:
          'Cannot plot a placement comparison as rows[1].kind must be one of "heuristic", "exact", "lower-bound": current value is "lowerbound"',
      },
    );
    assert.throws(
      () =>
        plotPlacementComparison([
          { kind: "heuristic", hostsUsed: 3 } as unknown as PlacementComparisonPlotRow,
        ]),
      {
        name: "TypeError",
        message:
          "Cannot plot a placement comparison as rows[0].algorithm must be a non-empty string: current value is undefined",
      },
    );
  });
});

Deno.test("plotPlacementComparison() names the rows that left VMs unplaced", async (t) => {
  // pabfd placed 3 VMs fewer: its 17 hosts and 50.1 kWh leave them out, and it was drawn
  // below the lower bound of 19 hosts with nothing to say why.
  const input = [
    ...rows().filter((r) => r.algorithm !== "pabfd"),
    { algorithm: "pabfd", kind: "heuristic", hostsUsed: 17, energyKwh: 50.1, unplacedVms: 3 },
    { algorithm: "genetic", kind: "heuristic", hostsUsed: 22, energyKwh: 62.8, unplacedVms: 1 },
  ] satisfies PlacementComparisonPlotRow[];
  await t.step("a subtitle line lists them, for hosts and for energy", () => {
    for (const metric of ["hostsUsed", "energyKwh"] as const) {
      assert.match(
        plotPlacementComparison(input, { metric }).toSvg(),
        />VMs left unplaced \(in neither the hosts used nor the energy\): pabfd 3, genetic 1</,
      );
    }
  });
  await t.step("no line when every VM is placed (or the count is absent)", () => {
    const placed = rows().map((r) => ({ ...r, unplacedVms: 0 }));
    assert.doesNotMatch(plotPlacementComparison(placed).toSvg(), /unplaced/);
    assert.doesNotMatch(plotPlacementComparison(rows()).toSvg(), /unplaced/);
  });
  await t.step("a count that is not an integer >= 0 is an error naming it", () => {
    assert.throws(
      () =>
        plotPlacementComparison([{
          algorithm: "a",
          kind: "heuristic",
          hostsUsed: 3,
          unplacedVms: -1,
        }]),
      {
        name: "RangeError",
        message:
          "Cannot plot a placement comparison as rows[0].unplacedVms must be an integer >= 0: current value is -1",
      },
    );
  });
});

Deno.test("plotPlacementComparison() names the rows whose placement is invalid", async (t) => {
  // a placement that overfills hosts uses fewer of them: drawn as the best, not feasible
  const input = [
    ...rows().filter((r) => r.algorithm !== "pabfd"),
    { algorithm: "pabfd", kind: "heuristic", hostsUsed: 17, energyKwh: 50.1, violations: 2 },
  ] satisfies PlacementComparisonPlotRow[];
  await t.step("a subtitle line lists them", () => {
    assert.match(
      plotPlacementComparison(input).toSvg(),
      />Invalid placements \(validatePlacement's violations: capacity, hosts used or unplaced list\): pabfd 2</,
    );
  });
  await t.step("comparePlacements' rows, violations 0, say nothing", () => {
    const none = rows().map((r) => ({ ...r, violations: 0 }));
    assert.doesNotMatch(plotPlacementComparison(none).toSvg(), /violate/);
  });
  await t.step("a count that is not an integer >= 0 is an error naming it", () => {
    assert.throws(
      () =>
        plotPlacementComparison([{
          algorithm: "a",
          kind: "heuristic",
          hostsUsed: 3,
          violations: 0.5,
        }]),
      {
        name: "RangeError",
        message:
          "Cannot plot a placement comparison as rows[0].violations must be an integer >= 0: current value is 0.5",
      },
    );
  });
});

Deno.test("plotPlacementComparison() requires a row's solver status to be text (found by the fuzz tests)", () => {
  // a status of Infinity (a number) was printed into the exact row's label
  const bad = [
    { algorithm: "first-fit", kind: "heuristic", hostsUsed: 12 },
    { algorithm: "ilp", kind: "exact", hostsUsed: 10, status: Infinity },
  ] as unknown as PlacementComparisonPlotRow[];
  assert.throws(() => plotPlacementComparison(bad), {
    name: "TypeError",
    message:
      "Cannot plot a placement comparison as rows[1].status must be a string: current value is Infinity",
  });
});
