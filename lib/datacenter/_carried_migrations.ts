import type { UpdateMoves } from "./_datacenter_run.ts";
import type { ResumedTransfer } from "./_shared_migration_costs.ts";
import type { MigrationStart, MigrationTotals } from "./_start_migrations.ts";
import {
  bookDegradationShare,
  type MigrationBooking,
  sourceExtraWatts,
  transferJoules,
} from "./_migration_booking.ts";

/** What a migration has left when an interval ends before it does. */
export interface CarriedRest {
  /** Seconds it still runs after the next update. */
  remainingSeconds: number;
  /** Bytes it still sends after the next update. */
  remainingBytes: number;
  /** Seconds of its downtime (its last seconds) not yet lost. */
  downtimeSeconds: number;
  /** The VM's demand when it started, MIPS: what its downtime loses per second. */
  demandMips: number;
  /** Its source's extra draw for the VM, watts (host-power migration energy; 0: none). */
  extraWatts: number;
  /**
   * Whether it was still waiting for admission at the interval's end (read on the shared
   * network): it has not started, and waits for admission again at the next update.
   */
  waiting: boolean;
  /**
   * The duration in seconds and the bytes booked for it (in the totals) when it started, or
   * when, having waited for admission through an interval, it was run anew at an update.
   */
  bookedSeconds: number;
  bookedBytes: number;
}

/**
 * Migrations that run past the end of the interval they started in, carried into the next
 * ones (parallel arrays, in the order they started; at most one per VM), and those resumed at
 * the update under way.
 */
export interface CarriedMigrations {
  /** Migrating VM. */
  vm: number[];
  /** Its host when the migration started. */
  source: number[];
  /** Its target. */
  destination: number[];
  /** What it has left after the next update. */
  rest: CarriedRest[];
  /** 1 until it has been resumed once (it then counts as carried). */
  fresh: number[];
  /**
   * The update's resumed migrations, the first moves (`moves.carried` of them): on a shared
   * network, background transfers of the bytes they have left (`endSeconds` filled by the
   * network, else the end expected before).
   */
  resumed: ResumedTransfer[];
  /** What each resumed migration had left at the update. */
  resumedRest: CarriedRest[];
}

/**
 * Seconds of a migration's downtime (its last `downtime` seconds, ending `end` seconds after
 * the update) that fall before `until`.
 */
export function downtimeBefore(end: number, downtime: number, until: number): number {
  return Math.max(0, Math.min(end, until) - Math.max(end - downtime, 0));
}

/** No migration carried. */
export function noCarriedMigrations(): CarriedMigrations {
  return { vm: [], source: [], destination: [], rest: [], fresh: [], resumed: [], resumedRest: [] };
}

/**
 * Books a migration that goes on after the next update with `rest` left; one booked earlier
 * for the same VM at the same update (a move superseded by a later one, which leaves the VM
 * elsewhere) is replaced.
 */
export function carryMigration(
  carried: CarriedMigrations,
  vm: number,
  source: number,
  destination: number,
  rest: CarriedRest,
  fresh = true,
): void {
  const i = carried.vm.indexOf(vm);
  if (i >= 0) {
    carried.vm.splice(i, 1);
    carried.source.splice(i, 1);
    carried.destination.splice(i, 1);
    carried.rest.splice(i, 1);
    carried.fresh.splice(i, 1);
  }
  carried.vm.push(vm);
  carried.source.push(source);
  carried.destination.push(destination);
  carried.rest.push(rest);
  carried.fresh.push(fresh ? 1 : 0);
}

/**
 * At an update: the carried migrations whose VM is on their target go on (a VM removed
 * meanwhile, or moved on by a later move of its update, is not: nothing more is lost or drawn
 * for that migration). Each becomes one of the update's first moves (`moves.carried` counts
 * them), in migration from its source (`vmOrigin`) until its end (`vmEnd`: `min(remaining,
 * T)` until {@link settleCarriedMigrations} knows better), as CloudSim 3.0.3 keeps a VM on
 * both hosts until `Datacenter.processVmMigrate` completes it; one resumed for the first time
 * counts in `totals.carried`. The carried list is emptied: those that outlast this interval
 * too are carried again when it is settled.
 *
 * @returns The number of migrations resumed.
 */
export function resumeCarriedMigrations(
  carried: CarriedMigrations,
  moves: UpdateMoves,
  vmHost: Int32Array,
  vmOrigin: Int32Array,
  vmEnd: Float64Array,
  vmStart: Float64Array,
  intervalSeconds: number,
  totals: MigrationTotals,
): number {
  const { vm, source, destination, rest, fresh, resumed, resumedRest } = carried;
  resumed.length = resumedRest.length = 0;
  for (let i = 0; i < vm.length; i++) {
    const v = vm[i]!, src = source[i]!, dst = destination[i]!, r = rest[i]!;
    if (vmHost[v] !== dst) continue; // removed, or moved on at its own update
    const end = Math.min(r.remainingSeconds, intervalSeconds);
    moves.vm.push(v);
    moves.source.push(src);
    moves.destination.push(dst);
    moves.end.push(end);
    vmOrigin[v] = src;
    vmEnd[v] = end;
    // one still waiting for admission has not started (until its new wait is known)
    vmStart[v] = r.waiting ? end : 0;
    resumed.push({
      source: src,
      destination: dst,
      bytes: r.remainingBytes,
      waiting: r.waiting,
      endSeconds: r.remainingSeconds,
    });
    resumedRest.push(r);
    if (fresh[i] === 1) totals.carried++;
  }
  vm.length =
    source.length =
    destination.length =
    rest.length =
    fresh.length =
      0;
  moves.carried = resumed.length;
  return resumed.length;
}

/** What {@link settleCarriedMigrations} reads and writes of the update's `MigrationStart`. */
export type CarriedSettlement =
  & MigrationBooking
  & Pick<
    MigrationStart,
    "moveVm" | "moveEnd" | "vmEnd" | "vmStart" | "ends" | "intervalSeconds" | "sla" | "totals"
  >;

/**
 * After the update's costs: each resumed migration ends `resumed[i].endSeconds` after the
 * update (re-shared with the update's migrations on a shared network, else as expected). Sets
 * its end in the interval (`moveEnd`, `vmEnd`, listed once in `ends`) and its transfer's
 * start. One that was sending stretches its downtime left with its time left, and the seconds
 * its sharing added (negative when it went faster) add to the migrations' time. One that was
 * waiting for admission through its interval ran anew from the update as a migration of its
 * own (its `cost`): its run's duration, bytes, downtime and transfer energy replace those
 * booked when it started, and its degradation share, its demand and its source's extra draw
 * are taken now, as for the update's own migrations. Then each books what falls in the
 * interval (its downtime's seconds before `T` as lost MIPS-seconds, its source's extra draw
 * while it is sent) and is carried again when it outlasts the interval (its bytes left as the
 * shared network read them at the interval's end, else in proportion to its time left).
 *
 * @returns The transfer energy in watt-seconds the runs anew added (negative when they sent
 *   fewer bytes than booked), which the interval's energy includes.
 */
export function settleCarriedMigrations(carried: CarriedMigrations, m: CarriedSettlement): number {
  const { resumed, resumedRest } = carried;
  const { moveVm, moveEnd, vmEnd, vmStart, ends, sla, totals } = m;
  const T = m.intervalSeconds;
  let added = 0, transferWs = 0;
  for (let i = 0; i < resumed.length; i++) {
    const r = resumedRest[i]!, t = resumed[i]!, v = moveVm[i]!;
    const left = t.endSeconds;
    const own = t.cost;
    let downtime: number, demand: number, extraWatts: number;
    let bookedSeconds: number, bookedBytes: number;
    if (own !== undefined) {
      // run anew: its run's costs replace those booked when it started
      added += own.seconds - r.bookedSeconds;
      totals.bytes += own.bytes - r.bookedBytes;
      if (m.transferEnergy !== undefined) {
        const joules = transferJoules(m.transferEnergy, own.bytes) -
          transferJoules(m.transferEnergy, r.bookedBytes);
        transferWs += joules;
        totals.energyWs += joules;
      }
      downtime = own.downtime;
      bookDegradationShare(own, m, v);
      demand = m.demandMips[v]!;
      extraWatts = sourceExtraWatts(m, v, t.source);
      bookedSeconds = own.seconds;
      bookedBytes = own.bytes;
    } else {
      // its downtime left stretches or shrinks with its time left (an offline move's is all)
      added += left - r.remainingSeconds;
      downtime = r.remainingSeconds > 0
        ? r.downtimeSeconds * (left / r.remainingSeconds)
        : r.downtimeSeconds;
      demand = r.demandMips;
      extraWatts = r.extraWatts;
      bookedSeconds = r.bookedSeconds;
      bookedBytes = r.bookedBytes;
    }
    totals.downtimeSeconds += downtime - r.downtimeSeconds;
    const end = Math.min(left, T);
    // one that was waiting starts its transfer when admitted again (the network says when)
    const begin = t.waiting ? Math.min(own?.waitSeconds ?? 0, end) : 0;
    moveEnd[i] = end;
    vmEnd[v] = end;
    vmStart[v] = begin;
    totals.waitSeconds += begin;
    if (!ends.includes(end)) ends.push(end);
    if (begin > 0 && begin < end && !ends.includes(begin)) ends.push(begin);
    const down = downtimeBefore(left, downtime, T);
    if (down > 0) {
      const lost = demand * down;
      sla.vmDegraded[v]! += lost;
      sla.degradedMipsSeconds += lost;
    }
    totals.energyWs += extraWatts * (end - begin);
    if (left > T) {
      const after = left - T;
      carryMigration(carried, v, t.source, t.destination, {
        remainingSeconds: after,
        remainingBytes: t.bytesAfterCheckpoint ?? t.bytes * (after / left),
        downtimeSeconds: downtime - down,
        demandMips: demand,
        extraWatts,
        waiting: t.waitingAtCheckpoint ?? false,
        bookedSeconds,
        bookedBytes,
      }, false);
    }
  }
  totals.seconds += added;
  return transferWs;
}
