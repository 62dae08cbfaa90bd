import type { UpdateMoves } from "./_datacenter_run.ts";

/**
 * Migrations that run past the end of the interval they started in, carried into the next
 * ones (parallel arrays, in the order they started; at most one per VM).
 */
export interface CarriedMigrations {
  /** Migrating VM. */
  vm: number[];
  /** Its host when the migration started. */
  source: number[];
  /** Its target. */
  destination: number[];
  /** Seconds it still runs after the next update. */
  remainingSeconds: number[];
}

/** No migration carried. */
export function noCarriedMigrations(): CarriedMigrations {
  return { vm: [], source: [], destination: [], remainingSeconds: [] };
}

/**
 * Books a migration that ends `remainingSeconds` after the next update; one booked earlier for
 * the same VM (moved twice at one update) is replaced.
 */
export function carryMigration(
  carried: CarriedMigrations,
  vm: number,
  source: number,
  destination: number,
  remainingSeconds: number,
): void {
  const i = carried.vm.indexOf(vm);
  if (i >= 0) {
    carried.vm.splice(i, 1);
    carried.source.splice(i, 1);
    carried.destination.splice(i, 1);
    carried.remainingSeconds.splice(i, 1);
  }
  carried.vm.push(vm);
  carried.source.push(source);
  carried.destination.push(destination);
  carried.remainingSeconds.push(remainingSeconds);
}

/**
 * At an update: the carried migrations whose VM is still on its target (not removed) go on.
 * Each becomes one of the update's first moves (`moves.carried` counts them), in migration
 * from its source until `min(remaining, T)` after the update (`vmEnd`, `vmOrigin`), as
 * CloudSim 3.0.3 keeps a VM on both hosts until `Datacenter.processVmMigrate` completes it;
 * those that outlast this interval too stay carried, with T seconds less to run.
 *
 * @returns The number of migrations carried into this interval.
 */
export function resumeCarriedMigrations(
  carried: CarriedMigrations,
  moves: UpdateMoves,
  vmHost: Int32Array,
  vmOrigin: Int32Array,
  vmEnd: Float64Array,
  intervalSeconds: number,
): number {
  const { vm, source, destination, remainingSeconds } = carried;
  let n = 0, kept = 0;
  for (let i = 0; i < vm.length; i++) {
    const v = vm[i]!, dst = destination[i]!;
    if (vmHost[v] !== dst) continue; // removed while it migrated
    const left = remainingSeconds[i]!;
    const end = Math.min(left, intervalSeconds);
    moves.vm.push(v);
    moves.source.push(source[i]!);
    moves.destination.push(dst);
    moves.end.push(end);
    vmOrigin[v] = source[i]!;
    vmEnd[v] = end;
    n++;
    if (left > intervalSeconds) {
      vm[kept] = v;
      source[kept] = source[i]!;
      destination[kept] = dst;
      remainingSeconds[kept] = left - intervalSeconds;
      kept++;
    }
  }
  vm.length =
    source.length =
    destination.length =
    remainingSeconds.length =
      kept;
  moves.carried = n;
  return n;
}
