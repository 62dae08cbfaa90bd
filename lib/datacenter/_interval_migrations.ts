import type { DatacenterRun } from "./_datacenter_run.ts";
import { joinAtCompletion } from "./_join_at_completion.ts";
import { startMigrations } from "./_start_migrations.ts";
import { settleCarriedMigrations } from "./_carried_migrations.ts";
import { mergeRepeatedMoves } from "./_merge_moves.ts";

/** Whether interval k is the run's last and the run ends at its last event (`stopAtLastEvent`). */
export function endsAtLastEvent(run: DatacenterRun, k: number): boolean {
  return run.settings.stopAtLastEvent && k === run.arrays.K - 1;
}

/**
 * Starts the migrations decided at interval k's update and completes those that end in the
 * interval (the others are carried into the next ones, `resumeCarriedMigrations`): the moves
 * of a VM moved more than once merged into one migration (`mergeRepeatedMoves`; not with
 * `migratesEachMove`), each is priced by the migration cost model (or the shared network),
 * charged its downtime, degradation and transfer energy (`startMigrations`), and, with
 * `incomingVmOrder: "completion"`, joins its target's VM list in the order the migrations end
 * (`Datacenter.processVmMigrate`). Leaves in `run.ends` the times after the update that close
 * the interval's segments: the migrations' ends (those carried from earlier updates too) and
 * the starts of transfers that waited for admission, then the interval's end (left out at a
 * last event, `stopAtLastEvent`).
 *
 * @returns The transfer energy of the migrations in joules (`migrationEnergy`).
 */
export function startIntervalMigrations(run: DatacenterRun, k: number): number {
  const { moves, ends, settings } = run;
  const T = settings.intervalSeconds;
  const first = moves.carried;
  ends.length = 0;
  // a VM moved more than once at this update migrates once (CloudSim: at each move)
  if (!settings.migratesEachMove) {
    run.migrationStart.totals.mergedMoves += mergeRepeatedMoves(moves, first);
  }
  const cost = run.costsAt(k, first, run.carried.resumed);
  // the migrations carried from earlier updates end here too (re-shared on a shared network)
  const carriedWs = settleCarriedMigrations(run.carried, run.migrationStart);
  const transferWs = carriedWs +
    startMigrations(cost, run.migrationStart, first, (run.arrays.K - k) * T);
  if (settings.incomingVmOrder === "completion" && moves.vm.length > first) {
    const { state } = run;
    joinAtCompletion(
      moves.vm,
      moves.destination,
      moves.end,
      run.vmHost,
      state.hostVms,
      state.reordered,
      first,
    );
  }
  ends.sort((a, b) => a - b);
  if (!endsAtLastEvent(run, k) && (ends.length === 0 || ends[ends.length - 1]! < T)) ends.push(T);
  return transferWs;
}
