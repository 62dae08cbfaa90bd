import type { ContractNetMessageKind } from "../placement/contract_net_agents.ts";
import type { DatacenterRun } from "./_datacenter_run.ts";
import { endsAtLastEvent } from "./_interval_migrations.ts";
import { integrateSegments } from "./_segment_accounting.ts";

/**
 * Interval k's energy and SLA after its update: the hosts active and violating just after the
 * decisions, NPA's peak draw, the energy and SLA totals integrated over the segments between
 * updates (`integrateSegments`: the energy integrator's, and the switches the segment's
 * active hosts hold on with `switchPower`; nothing for interval 0 unless
 * `countFirstInterval`), and the interval's row.
 *
 * @param overloadedHosts Hosts the decision strategy found overloaded.
 * @param transferWs Transfer energy of the migrations started, in joules.
 */
export function accountInterval(
  run: DatacenterRun,
  k: number,
  overloadedHosts: number,
  transferWs: number,
): void {
  const { settings, totals, peakWatts } = run;
  const { allocation } = run;
  const { hUtil, hOn, hViolating } = allocation;
  const { H } = run.arrays;
  const T = settings.intervalSeconds;
  const counted = k > 0 || settings.countFirstInterval;
  const last = endsAtLastEvent(run, k);
  allocation.allocate(k, 0, 0, false);
  let intervalWs = transferWs, active = 0, violating = 0, utilSum = 0;
  for (let h = 0; h < H; h++) {
    if (hOn[h] === 1) {
      active++;
      utilSum += hUtil[h]!;
      if (hViolating[h] === 1) violating++;
    }
  }
  if (settings.allocation === "npa" && !last) intervalWs = peakWatts * T;
  if (counted) intervalWs = integrateSegments(k, run.ends, intervalWs, run.accounting);
  totals.energyWs += intervalWs;
  totals.activeHosts.push(active);
  totals.rows.push({
    interval: k,
    startSeconds: k * T,
    activeHosts: active,
    overloadedHosts,
    slaViolationHosts: violating,
    migrations: run.moves.vm.length - run.moves.carried,
    energyKwh: intervalWs / 3.6e6,
    meanUtilization: active > 0 ? utilSum / active : 0,
    // only the agents' rows count messages: central runs' rows (and hashes) stay as they were
    ...(settings.decisions === "contract-net" ? { messages: messagesSinceLastRow(run) } : {}),
  });
}

/** The messages sent since the last row, by performative; moves the mark to now. */
function messagesSinceLastRow(run: DatacenterRun): Record<ContractNetMessageKind, number> {
  const { messages, messagesAtLastRow } = run.totals;
  const since = { ...messages };
  for (const kind of Object.keys(messages) as ContractNetMessageKind[]) {
    since[kind] -= messagesAtLastRow[kind];
    messagesAtLastRow[kind] = messages[kind];
  }
  return since;
}
