import type { HostAllocation } from "./_host_allocation.ts";
import { tablePower as power } from "./_power_table.ts";
import type { SlaTotals } from "./_sla_metrics.ts";
import type { EnergyIntegrator } from "./energy_integrators.ts";

/** What {@link integrateSegments} reads and adds to. */
export interface SegmentAccounting {
  /** The allocation (its arrays hold the state just after the interval's update). */
  allocation: HostAllocation;
  /** Each VM's host, -1 for VMs not placed or removed. */
  vmHost: Int32Array;
  /** Each host's power table. */
  tables: readonly Float64Array[];
  /** How energy is integrated between two updates. */
  integrator: EnergyIntegrator;
  /** NPA: hosts' energy is not integrated (every host draws its peak, booked elsewhere). */
  npa: boolean;
  /** The SLA totals the segments add to. */
  totals: SlaTotals;
  /** Scratch of one value per host. */
  fromUtil: Float64Array;
  /** Interval length in seconds. */
  intervalSeconds: number;
}

/**
 * Integrates interval k between its updates (its start, then each migration end in `ends`,
 * increasing, the last the interval's end or the run's): each segment adds its active and
 * violating host time, the VMs' requested MIPS-seconds and the migrating VMs' shortfall to
 * the SLA totals, and the hosts' energy (as `PowerDatacenter` and the examples' `Helper` of
 * CloudSim 3.0.3 do) to `intervalWs`, which is returned.
 */
export function integrateSegments(
  k: number,
  ends: readonly number[],
  intervalWs: number,
  a: SegmentAccounting,
): number {
  const { allocation, vmHost, tables, integrator, npa, totals, fromUtil, intervalSeconds: T } = a;
  const { hUtil, hViolating, vmR, vmAlloc, vmMig, allocate, settle } = allocation;
  const { vmRequested, vmDegraded } = totals;
  const H = hUtil.length, V = vmHost.length;
  const readsEnd = integrator.readsEnd;
  // the totals summed in locals: the same additions in the same order
  let active = totals.activeSeconds, violation = totals.violationSeconds;
  let requested = totals.requestedMipsSeconds, degraded = totals.degradedMipsSeconds;
  let start = 0;
  for (const end of ends) {
    const dt = end - start;
    // the post-update state at `start` holds until `end`
    fromUtil.set(hUtil);
    for (let h = 0; h < H; h++) {
      if (hUtil[h]! > 0) {
        active += dt;
        if (hViolating[h] === 1) violation += dt;
      }
    }
    for (let v = 0; v < V; v++) {
      if (vmHost[v]! < 0) continue;
      const rate = vmR[v]!;
      const r = rate * dt;
      vmRequested[v]! += r;
      requested += r;
      if (vmMig[v] === 1 && vmAlloc[v]! < rate) {
        const lost = (rate - vmAlloc[v]!) * dt;
        vmDegraded[v]! += lost;
        degraded += lost;
      }
    }
    // the update at `end`, before the migrations ending then complete
    if (readsEnd) allocate(k, end, end, true);
    if (!npa) {
      for (let h = 0; h < H; h++) {
        const from = fromUtil[h]!;
        if (from === 0) continue;
        const t = tables[h]!;
        const p = power(t, from);
        intervalWs += integrator.joules(p, readsEnd ? power(t, hUtil[h]!) : p, dt);
      }
    }
    // the migrations ending then complete: only their hosts change when `end` was read above
    if (end >= T) {
      // the interval's end: the next update recomputes everything
    } else if (readsEnd) settle(end);
    else allocate(k, end, end, false);
    start = end;
  }
  totals.activeSeconds = active;
  totals.violationSeconds = violation;
  totals.requestedMipsSeconds = requested;
  totals.degradedMipsSeconds = degraded;
  return intervalWs;
}
