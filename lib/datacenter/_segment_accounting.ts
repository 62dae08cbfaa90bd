import type { SwitchPower } from "../placement/obfdf.ts";
import type { HostAllocation } from "./_host_allocation.ts";
import { tablePower as power } from "./_power_table.ts";
import type { SlaTotals } from "./_sla_metrics.ts";
import { activeSwitchWatts, type SwitchLayout } from "./_switch_layout.ts";
import type { EnergyIntegrator } from "./energy_integrators.ts";

/** What {@link integrateSegments} reads and adds to. */
export interface SegmentAccounting {
  /** The allocation (its arrays hold the state just after the interval's update). */
  allocation: HostAllocation;
  /** Each host's power table. */
  tables: readonly Float64Array[];
  /** How energy is integrated between two updates. */
  integrator: EnergyIntegrator;
  /** NPA: hosts' energy is not integrated (every host draws its peak, booked elsewhere). */
  npa: boolean;
  /** The SLA totals the segments add to. */
  totals: SlaTotals;
  /** Scratch: the hosts drawing power at a segment's start, in increasing index order. */
  fromHost: Int32Array;
  /** Scratch: their utilisations then (entry i for `fromHost[i]`). */
  fromUtil: Float64Array;
  /**
   * Each host's utilisation at the last segment's end (NaN: none yet) and its power there:
   * the next segment starts from the same draw when settling left the host as it was.
   */
  endUtil: Float64Array;
  /** The power at `endUtil`, watts. */
  endWatts: Float64Array;
  /** Interval length in seconds. */
  intervalSeconds: number;
  /** The racks and their switches' power, when switches draw power (`switchPower`). */
  switches: { layout: SwitchLayout; power: SwitchPower } | undefined;
  /** The switches' energy so far, watt-seconds (part of the energy the segments return). */
  switchWs: number;
}

/**
 * Integrates interval k between its updates (its start, then each migration end or transfer
 * start in `ends`, increasing, the last the interval's end or the run's): each segment adds
 * its active and violating host time, the VMs' requested MIPS-seconds and the migrating VMs'
 * shortfall to the SLA totals, and the hosts' energy (as `PowerDatacenter` and the examples'
 * `Helper` of CloudSim 3.0.3 do) to `intervalWs`, which is returned, with the switches'
 * energy: each switch the segment's active hosts hold on (a rack's top-of-rack switch, its
 * aggregation switch) draws its power for the segment, so a rack emptied when a migration
 * ends stops drawing then, as its hosts do.
 */
export function integrateSegments(
  k: number,
  ends: readonly number[],
  intervalWs: number,
  a: SegmentAccounting,
): number {
  // One call per segment: a function called once per interval would run its loops in code
  // entered on the stack (OSR), which V8 drops at every loop exit.
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    intervalWs = integrateSegment(k, start, end, intervalWs, a);
    start = end;
  }
  a.allocation.flushLinear();
  return intervalWs;
}

/** The segment of interval k from `start` to `end`: its terms added, `intervalWs` returned. */
function integrateSegment(
  k: number,
  start: number,
  end: number,
  intervalWs: number,
  a: SegmentAccounting,
): number {
  const { allocation, tables, integrator, npa, totals, endUtil, endWatts } = a;
  const { fromHost, fromUtil } = a;
  const T = a.intervalSeconds;
  const { hUtil, hOn, hViolating } = allocation;
  const H = hUtil.length;
  const readsEnd = integrator.readsEnd;
  const dt = end - start;
  // the post-update state at `start` holds until `end`
  let active = totals.activeSeconds, violation = totals.violationSeconds;
  let drawing = 0;
  for (let h = 0; h < H; h++) {
    // an active host draws power at its utilisation (idle when on with nothing allocated)
    if (hOn[h] === 0) continue;
    fromHost[drawing] = h;
    fromUtil[drawing++] = hUtil[h]!;
    active += dt;
    if (hViolating[h] === 1) violation += dt;
  }
  totals.activeSeconds = active;
  totals.violationSeconds = violation;
  if (a.switches !== undefined) {
    const joules = activeSwitchWatts(a.switches.layout, hOn, a.switches.power) * dt;
    a.switchWs += joules;
    intervalWs += joules;
  }
  allocation.book(dt, totals);
  // the update at `end`, before the migrations ending then complete
  if (readsEnd) allocation.allocate(k, end, end, true);
  if (!npa) {
    // the hosts drawing power at the start, in index order (the sum's order)
    for (let i = 0; i < drawing; i++) {
      const h = fromHost[i]!, from = fromUtil[i]!;
      const t = tables[h]!;
      // power is a function of the utilisation alone: the last end's draw when it is the same
      const p = from === endUtil[h] ? endWatts[h]! : power(t, from);
      let q = p;
      if (readsEnd) {
        const u = hUtil[h]!;
        q = u === from ? p : power(t, u);
        endUtil[h] = u;
        endWatts[h] = q;
      }
      intervalWs += integrator.joules(p, q, dt);
    }
  }
  // the migrations ending then complete and the transfers starting then begin: only their
  // hosts change when `end` was read above
  if (end >= T) {
    // the interval's end: the next update recomputes everything
  } else if (readsEnd) allocation.settle(end);
  else allocation.allocate(k, end, end, false);
  return intervalWs;
}
