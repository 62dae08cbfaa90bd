/**
 * `incomingVmOrder: "completion"` of `simulateDatacenter`: each target host's incoming VMs
 * move to the end of its VM list in the order their (last) migrations complete, equal ends in
 * decision order (CloudSim 3.0.3: `Datacenter.processVmMigrate` removes the VM, then
 * `Host.vmCreate` appends it, when the migration completes). `reordered(h)` is called for each
 * host whose list changed order. The migrations are parallel arrays in decision order, those
 * from `first` on started at this update (a migration carried from an earlier one joined its
 * target's list at the update that started it, its end taken as that interval's end).
 */
export function joinAtCompletion(
  moveVm: readonly number[],
  moveDst: readonly number[],
  moveEnd: readonly number[],
  vmHost: Int32Array,
  hostVms: number[][],
  reordered: (host: number) => void,
  first = 0,
): void {
  const lastMove = new Map<number, number>();
  for (let i = first; i < moveVm.length; i++) lastMove.set(moveVm[i]!, i);
  const incoming = new Map<number, number[]>();
  for (const [v, i] of lastMove) {
    const h = vmHost[v]!;
    if (h !== moveDst[i]) continue; // removed or moved back: not an arrival
    const list = incoming.get(h) ?? [];
    list.push(i);
    incoming.set(h, list);
  }
  for (const [h, moves] of incoming) {
    moves.sort((a, b) => moveEnd[a]! - moveEnd[b]! || a - b);
    const arriving = new Set(moves.map((i) => moveVm[i]!));
    const list = hostVms[h]!;
    let n = 0;
    for (const v of list) if (!arriving.has(v)) list[n++] = v;
    list.length = n;
    for (const i of moves) list.push(moveVm[i]!);
    reordered(h);
  }
}
