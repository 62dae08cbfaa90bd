/**
 * The central decision loop (`CONSOLIDATION_DECISIONS.central`, after CloudSim 3.0.3's
 * `PowerVmAllocationPolicyMigrationAbstract.optimizeAllocation`) on hand-made data centres:
 * the order in which selected VMs are placed, the order in which hosts are tried for emptying,
 * and the quirk that keeps the targets of overloaded hosts' VMs from being emptied.
 */
import assert from "node:assert/strict";
import { CONSOLIDATION_DECISIONS, type ConsolidationSettings } from "../../lib/datacenter/mod.ts";
import { thresholdView } from "./_threshold_view.ts";

/**
 * Hosts of 2000 MIPS over VM lists `on` (changed in place), overloaded above 0.8; an
 * overloaded host gives up its largest VM; a VM goes to the fullest host that fits it and
 * stays not overloaded (a stand-in for PABFD), or with `firstFit` to the lowest-index such
 * host. Start utilisations are those of the lists as given (the update's start), whatever
 * moves after. `asked` lists the VMs in the order they were placed.
 */
function datacentre(on: number[][], demand: number[], firstFit = false) {
  const { view, moves } = thresholdView(on, demand, 2000, 0.8);
  const used = (h: number) => on[h]!.reduce((a, v) => a + demand[v]!, 0);
  const start = on.map((_, h) => used(h) / 2000);
  view.startUtilization = (h) => start[h]!;
  const selectedFrom = new Map<number, number>();
  view.selectVms = (h, out) => {
    const v = [...on[h]!].sort((a, b) => demand[b]! - demand[a]!)[0]!;
    on[h]!.splice(on[h]!.indexOf(v), 1);
    selectedFrom.set(v, h);
    out.push(v);
  };
  const hostOf = view.hostOf;
  view.hostOf = (v) => selectedFrom.get(v) ?? hostOf(v);
  const excluded = new Set<number>();
  const asked: number[] = [];
  view.place = (v) => {
    asked.push(v);
    let best = -1;
    for (let h = 0; h < on.length; h++) {
      if (excluded.has(h) || !view.fits(v, h) || view.overloaded(h, v)) continue;
      if (best < 0 || (!firstFit && used(h) > used(best))) best = h;
    }
    return best;
  };
  view.excludeTarget = (h) => void excluded.add(h);
  view.resetTargets = () => excluded.clear();
  return { view, moves, asked };
}

const settings: ConsolidationSettings = {
  allocation: "thr",
  parameter: 0.8,
  fallbackThreshold: 0.7,
  lowerThreshold: 0.3,
  underloadSkipsOverloadTargets: false,
};

Deno.test("central: VMs selected from overloaded hosts are placed by demand decreasing, ties in selection order", () => {
  // three overloaded hosts (1700 of 2000) give up VMs 0 (1000), 2 (1200) and 4 (1000); the
  // empty h3 takes the largest, 2; neither 0 nor 4 fits there after it, and both go back
  const { view, moves, asked } = datacentre(
    [[0, 1], [2, 3], [4, 5], []],
    [1000, 700, 1200, 500, 1000, 700],
  );
  assert.equal(CONSOLIDATION_DECISIONS.central(view, settings), 3);
  assert.deepEqual(asked.slice(0, 3), [2, 0, 4]);
  assert.deepEqual(moves, [[2, 3]]);
});

Deno.test("central: hosts are emptied from the least utilised up, ties to the lower index", () => {
  // h0 and h1 at 0.1, h2 at 0.5, nothing overloaded: h0 is tried first and its VM goes to the
  // fullest host, h2; then h1's, to h2 again (1400 of 2000). h2, a target, is not emptied.
  const { view, moves } = datacentre([[0], [1], [2]], [200, 200, 1000]);
  assert.equal(CONSOLIDATION_DECISIONS.central(view, settings), 0);
  assert.deepEqual(moves, [[0, 2], [1, 2]]);
});

Deno.test("central: underloadSkipsOverloadTargets keeps an overloaded host's target from being emptied", () => {
  // first fit: h0 (1700 of 2000) sheds VM 0 (1000) to h1 (100, start 0.05); h2 holds 300
  const run = (underloadSkipsOverloadTargets: boolean) => {
    const { view, moves } = datacentre([[0, 1], [2], [3]], [1000, 700, 100, 300], true);
    CONSOLIDATION_DECISIONS.central(view, { ...settings, underloadSkipsOverloadTargets });
    return moves;
  };
  // by default h1, the least utilised at the update's start, is tried first and empties to
  // h2 (1300, then 1400)
  assert.deepEqual(run(false), [[0, 1], [0, 2], [2, 2]]);
  // CloudSim's quirk leaves h1 out: h2 is tried and empties to h1 (1100 + 300)
  assert.deepEqual(run(true), [[0, 1], [3, 1]]);
});

Deno.test("central: a host being emptied offers its VMs by demand decreasing, ties in list order, and takes back a plan that fails", () => {
  // nothing overloaded; h0 (700, start 0.35) is tried first: VMs 1 and 2 (300 each, in list
  // order) go to h1 (1000 + 600 = 0.8, not over), then VM 0 (100) finds no host (h1 would
  // reach 0.85): the plan is taken back and h0 keeps its VMs. h1 has no host left to go to.
  const on = [[0, 1, 2], [3]];
  const { view, moves, asked } = datacentre(on, [100, 300, 300, 1000]);
  assert.equal(CONSOLIDATION_DECISIONS.central(view, settings), 0);
  assert.deepEqual(asked.slice(0, 3), [1, 2, 0]);
  assert.deepEqual(moves, []);
  assert.deepEqual(on, [[0, 1, 2], [3]]);
});

Deno.test("central: a host that received VMs while others were emptied is not emptied itself", () => {
  // first fit; h0 (100, start 0.05) empties to h1 (200 + 100); h1 (start 0.1) is then no
  // candidate, so h2 (1000) is tried and empties to h1 as well (1300 of 2000)
  const { view, moves } = datacentre([[0], [1], [2]], [100, 200, 1000], true);
  assert.equal(CONSOLIDATION_DECISIONS.central(view, settings), 0);
  assert.deepEqual(moves, [[0, 1], [2, 1]]);
});

Deno.test("central: a host a VM still migrates to is not emptied, and is no switched-off host", () => {
  // As above, h0 and h1 at 0.1 and h2 at 0.5; VM 0 on h0 still migrates there from an earlier
  // update: h0 is not emptied (CloudSim's getUnderUtilizedHost), so only h1's VM goes to h2
  const { view, moves } = datacentre([[0], [1], [2]], [200, 200, 1000]);
  view.inMigration = (v) => v === 0;
  assert.equal(CONSOLIDATION_DECISIONS.central(view, settings), 0);
  assert.deepEqual(moves, [[1, 2]]);
  // h0 grants VM 0 nothing (start 0): it is on all the same, and takes h1's VM, then h2's
  // (first fit, 1400 of 2000; a switched-off host would be left out)
  const idle = datacentre([[0], [1], [2]], [200, 200, 1000], true);
  idle.view.startUtilization = (h) => [0, 0.1, 0.5][h]!;
  idle.view.inMigration = (v) => v === 0;
  CONSOLIDATION_DECISIONS.central(idle.view, settings);
  assert.deepEqual(idle.moves, [[1, 0], [2, 0]]);
  // without the migration h0 is switched off: h1's VM goes to h2
  const off = datacentre([[0], [1], [2]], [200, 200, 1000], true);
  off.view.startUtilization = (h) => [0, 0.1, 0.5][h]!;
  CONSOLIDATION_DECISIONS.central(off.view, settings);
  assert.deepEqual(off.moves, [[1, 2]]);
});
