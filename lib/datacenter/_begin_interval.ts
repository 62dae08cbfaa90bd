import { resumeCarriedMigrations } from "./_carried_migrations.ts";
import type { DatacenterRun } from "./_datacenter_run.ts";

/**
 * The scheduling update at interval k's start, before any decision (CloudSim 3.0.3's
 * `PowerDatacenter.updateCloudletProcessing`): the VM histories take the update's demands
 * (from interval 1 on unless `countFirstInterval`), the previous update's migrations are
 * cleared, the VMs are created (interval 0) or, with `removeIdleVms`, those now idle leave for
 * good, the migrations still running go on (`resumeCarriedMigrations`: their VMs on both
 * hosts, not to be moved again until they end), and the hosts' demands and allocation are set
 * for the update.
 */
export function beginInterval(run: DatacenterRun, k: number): void {
  const { state, moves, settings, totals } = run;
  if (k > 0 || settings.countFirstInterval) state.pushHistory(k);
  moves.vm.length =
    moves.source.length =
    moves.destination.length =
    moves.end.length =
    moves.carried =
      0;
  run.vmEnd.fill(-1);
  if (k === 0) state.createVms(totals.unplaced);
  if (settings.removeIdleVms && k > 0) state.removeIdleVms(k, totals.removed);
  resumeCarriedMigrations(
    run.carried,
    moves,
    run.vmHost,
    run.vmOrigin,
    run.vmEnd,
    run.vmStart,
    settings.intervalSeconds,
    totals.migrations,
  );
  state.update(k);
}
