import type { BookedMigrationCost } from "./_shared_migration_costs.ts";
import { bookDegradationShare, sourceExtraWatts, transferJoules } from "./_migration_booking.ts";
import type { SlaTotals } from "./_sla_metrics.ts";
import type { MigrationEnergyModel } from "./migration_energy_models.ts";
import { type CarriedMigrations, carryMigration, downtimeBefore } from "./_carried_migrations.ts";

/** Migration totals over a run. */
export interface MigrationTotals {
  /** Migrations started. */
  count: number;
  /** Sum of their durations under the model used, in seconds. */
  seconds: number;
  /**
   * Sum of their waits for admission within the intervals, in seconds (from each update to the
   * transfer's start, or to the interval's end while it still waits).
   */
  waitSeconds: number;
  /** Sum of CloudSim's fixed delays for them, in seconds. */
  cloudsimSeconds: number;
  /** Bytes sent. */
  bytes: number;
  /** Sum of downtimes in seconds. */
  downtimeSeconds: number;
  /** Migration energy in watt-seconds (see `DatacenterResult.migrationEnergyKwh`). */
  energyWs: number;
  /** Migrations still running at a later update (carried into the next intervals). */
  carried: number;
  /** Moves of VMs moved more than once at one update, merged away (`mergeRepeatedMoves`). */
  mergedMoves: number;
}

/** Migration totals before any migration. */
export function noMigrationTotals(): MigrationTotals {
  return {
    count: 0,
    seconds: 0,
    waitSeconds: 0,
    cloudsimSeconds: 0,
    bytes: 0,
    downtimeSeconds: 0,
    energyWs: 0,
    carried: 0,
    mergedMoves: 0,
  };
}

/** What {@link startMigrations} reads and writes. */
export interface MigrationStart {
  /**
   * The update's moves: VM, source and target, in decision order (those carried from earlier
   * updates first).
   */
  moveVm: readonly number[];
  moveSrc: readonly number[];
  moveDst: readonly number[];
  /** Filled: each migration's end within the interval, in seconds. */
  moveEnd: number[];
  /** Filled: the latest end of each VM's migrations (-1 when none). */
  vmEnd: Float64Array;
  /**
   * Filled: when each migrating VM's transfer starts, seconds after the update (its admission
   * wait; the earliest of its moves'), read where `vmEnd` is set.
   */
  vmStart: Float64Array;
  /**
   * Filled: the distinct ends, in the order first met, and the distinct starts after the
   * update within the interval (a segment's state changes there too).
   */
  ends: number[];
  /** Shares of a migrating VM's MIPS on its target and its source (set from the engine). */
  vmShare: Float64Array;
  vmKeep: Float64Array;
  /** Whether the shares come from the engine's guest slowdown. */
  engineDegradation: boolean;
  /** The fixed share withheld while a VM migrates (0 with the engine's degradation). */
  fixedShare: number;
  /** Interval length in seconds (longer migrations are carried into the next intervals). */
  intervalSeconds: number;
  /** Filled: the migrations that outlast their interval. */
  carried: CarriedMigrations;
  /** VMs' current demands in MIPS. */
  demandMips: Float64Array;
  /** Hosts' MIPS per core, MIPS, power tables and utilisation at the update. */
  pe: Float64Array;
  cap: Float64Array;
  tables: readonly Float64Array[];
  startUtilization: Float64Array;
  /** The transfer-energy model, or undefined for CloudSim's host-power accounting. */
  transferEnergy: MigrationEnergyModel | undefined;
  /** Whether the source keeps drawing power for the migrating VM (host-power accounting). */
  countMigrationEnergy: boolean;
  /** NPA: no migration energy of its own. */
  npa: boolean;
  /** Totals the migrations add to. */
  totals: MigrationTotals;
  /** SLA totals (downtime counts as degraded MIPS-seconds). */
  sla: SlaTotals;
}

/**
 * Books the migrations decided at one update, moves `first` on: each one's cost (`cost(i)`),
 * its start and end in the interval (a migration held back by admission limits waits at its
 * source, the VM running there as before, its target neither charged nor counted; one that
 * runs past the interval's end is carried into the next intervals, `carried`), the engine's
 * degradation share over its transfer (the guest time the engine reports lost to dirty
 * logging and throttling; Ye et al., GreenCom 2010 and IEEE CLOUD 2011, measured such
 * workload overheads of live migration), its downtime as lost MIPS-seconds, and its energy:
 * the transfer energy of `transferEnergy`, or the source host's extra power for the VM while
 * it is sent (CloudSim's accounting). A migration that ends in the interval loses its
 * downtime up to the run's end (`secondsLeft` after the update); one that outlasts it loses
 * the part of its downtime (its last seconds) before the interval's end, its source draws for
 * it until then, and the rest is carried with it. Returns the transfer energy in
 * watt-seconds, which the interval's energy includes.
 */
export function startMigrations(
  cost: (i: number) => BookedMigrationCost,
  m: MigrationStart,
  first = 0,
  secondsLeft = m.intervalSeconds,
): number {
  const { moveVm, moveSrc, moveEnd, vmEnd, vmStart, ends, totals, sla, demandMips: req } = m;
  const T = m.intervalSeconds;
  let transferWs = 0;
  for (let i = first; i < moveVm.length; i++) {
    const v = moveVm[i]!, src = moveSrc[i]!;
    const c = cost(i);
    // a migration held back by admission limits waits at its source from the update on, and
    // its transfer runs from then
    const wait = c.waitSeconds ?? 0;
    const window = c.endSeconds ?? wait + c.seconds;
    // the engine's guest slowdown, or a fixed share, spread over the transfer
    bookDegradationShare(c, m, v);
    const end = Math.min(window, T);
    const begin = Math.min(wait, T);
    moveEnd.push(end);
    // a VM moved twice (CloudSim's `migratesEachMove`; else its moves are merged) migrates
    // from its first transfer's start to its last one's end
    vmStart[v] = vmEnd[v]! < 0 ? begin : Math.min(vmStart[v]!, begin);
    vmEnd[v] = Math.max(vmEnd[v]!, end);
    if (!ends.includes(end)) ends.push(end);
    if (begin > 0 && begin < end && !ends.includes(begin)) ends.push(begin);
    totals.count++;
    totals.seconds += c.seconds;
    totals.waitSeconds += begin;
    totals.cloudsimSeconds += c.cloud;
    totals.bytes += c.bytes;
    totals.downtimeSeconds += c.downtime;
    // the downtime, the migration's last seconds, is lost as it falls in this interval; the
    // rest of it, and of the source's extra draw, as the migration goes on (carried)
    const downtime = Math.min(c.downtime, window);
    const inThis = window <= T
      ? Math.min(c.downtime, secondsLeft)
      : downtimeBefore(window, downtime, T);
    const lost = req[v]! * inThis;
    sla.vmDegraded[v]! += lost;
    sla.degradedMipsSeconds += lost;
    if (m.transferEnergy !== undefined) {
      const joules = transferJoules(m.transferEnergy, c.bytes);
      transferWs += joules;
      totals.energyWs += joules;
    }
    // the source's extra draw for the VM while it is sent (host-power accounting; else 0)
    const extraWatts = sourceExtraWatts(m, v, src);
    totals.energyWs += extraWatts * (end - begin);
    if (window > T) {
      // the bytes it sends after the interval's end, as the shared network read them there,
      // else in proportion to the time left (all of them while it waits)
      const after = window - T;
      const left = c.seconds > 0 ? Math.min(1, after / c.seconds) : 1;
      carryMigration(m.carried, v, src, m.moveDst[i]!, {
        remainingSeconds: after,
        remainingBytes: c.bytesAfterCheckpoint ?? c.bytes * left,
        downtimeSeconds: downtime - inThis,
        demandMips: req[v]!,
        extraWatts,
        waiting: c.waitingAtCheckpoint ?? false,
        bookedSeconds: c.seconds,
        bookedBytes: c.bytes,
      });
    }
  }
  return transferWs;
}
