/** What the SLA metrics are computed from, summed over a run. */
export interface SlaTotals {
  /** Host-seconds of active hosts. */
  activeSeconds: number;
  /** Host-seconds of active hosts whose allocated MIPS fell short of their requested MIPS. */
  violationSeconds: number;
  /** MIPS-seconds the VMs requested. */
  requestedMipsSeconds: number;
  /** MIPS-seconds requested but not allocated to migrating VMs (downtime included). */
  degradedMipsSeconds: number;
  /** Requested MIPS-seconds per VM. */
  vmRequested: Float64Array;
  /** Degraded MIPS-seconds per VM. */
  vmDegraded: Float64Array;
  /** Each VM's host at the end, -1 for VMs not placed or removed (left out of the mean). */
  vmHost: Int32Array;
}

/**
 * SLA totals before any interval, over `vmHost`'s VMs (`vmRequested` given when another part
 * of the run books it too).
 */
export function noSlaTotals(
  vmHost: Int32Array,
  vmRequested: Float64Array = new Float64Array(vmHost.length),
): SlaTotals {
  return {
    activeSeconds: 0,
    violationSeconds: 0,
    requestedMipsSeconds: 0,
    degradedMipsSeconds: 0,
    vmRequested,
    vmDegraded: new Float64Array(vmHost.length),
    vmHost,
  };
}

/** SLATAH, PDM (total and the paper's per-VM mean) and SLAV. */
export interface SlaMetrics {
  slatah: number;
  pdm: number;
  pdmPerVmMean: number;
  slav: number;
}

/**
 * The SLA metrics of Beloglazov and Buyya (2012), as CloudSim 3.0.3's examples compute them
 * (`Helper.getSlaTimePerActiveHost`, `Helper.getSlaMetrics`): SLATAH the violation time over
 * the active time, PDM the degraded over the requested MIPS-seconds (and the mean over VMs of
 * each VM's ratio), SLAV = SLATAH x PDM; 0 where a denominator is 0.
 */
export function slaMetrics(totals: SlaTotals): SlaMetrics {
  const { vmRequested, vmDegraded, vmHost } = totals;
  let pdmSum = 0, pdmCount = 0;
  for (let v = 0; v < vmHost.length; v++) {
    if (vmHost[v]! < 0) continue;
    pdmCount++;
    if (vmRequested[v]! > 0) pdmSum += vmDegraded[v]! / vmRequested[v]!;
  }
  const slatah = totals.activeSeconds > 0 ? totals.violationSeconds / totals.activeSeconds : 0;
  const pdm = totals.requestedMipsSeconds > 0
    ? totals.degradedMipsSeconds / totals.requestedMipsSeconds
    : 0;
  return { slatah, pdm, pdmPerVmMean: pdmCount > 0 ? pdmSum / pdmCount : 0, slav: slatah * pdm };
}
