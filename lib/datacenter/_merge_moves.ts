import type { UpdateMoves } from "./_datacenter_run.ts";

/**
 * Merges the moves of a VM moved more than once at one update (moves `first` on; the earlier
 * ones are migrations carried from earlier updates) into one migration, from its host at the
 * update to the last target the update gave it, at its first move's place in the order; a VM
 * whose last target is its host at the update does not migrate at all. The decision's plan is
 * the placement it leaves, and a controller carrying it out moves each VM once, from where it
 * runs to where the plan puts it (CloudSim 3.0.3 instead migrates the VM at each move:
 * `migratesEachMove`). A 2012 update moves VMs twice when its underload phase empties a host
 * that received VMs in its overload phase (`underloadSkipsOverloadTargets`). Every move's
 * source is the VM's host at the update (`vmOrigin`), so merging keeps the first move's source
 * and takes the last one's target. Compacts `moves.vm`, `source` and `destination` in place.
 *
 * @returns How many moves were merged away (each repeated move, and each first move of a VM
 *   back on its host at the update).
 */
export function mergeRepeatedMoves(moves: UpdateMoves, first: number): number {
  const { vm, source, destination } = moves;
  const n = vm.length;
  if (n - first < 2) return 0;
  // each VM's kept move, found by a pass that stops at the first repeat (most updates have none)
  const at = new Map<number, number>();
  let i = first;
  while (i < n && !at.has(vm[i]!)) at.set(vm[i]!, i++);
  if (i === n) return 0;
  for (; i < n; i++) {
    const v = vm[i]!, j = at.get(v);
    if (j === undefined) at.set(v, i);
    else {
      destination[j] = destination[i]!;
      vm[i] = -1;
    }
  }
  let kept = first;
  for (let k = first; k < n; k++) {
    if (vm[k] === -1 || source[k] === destination[k]) continue;
    vm[kept] = vm[k]!;
    source[kept] = source[k]!;
    destination[kept] = destination[k]!;
    kept++;
  }
  vm.length = source.length = destination.length = kept;
  return n - kept;
}
