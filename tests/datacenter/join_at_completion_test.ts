import assert from "node:assert/strict";
import { joinAtCompletion } from "../../lib/datacenter/_join_at_completion.ts";

/** One update's migrations, in decision order: VM, destination and end in seconds each. */
interface Move {
  vm: number;
  to: number;
  end: number;
}

/** Runs joinAtCompletion on copies of `lists`; the lists after it and the hosts reordered. */
function join(
  moves: Move[],
  vmHost: number[],
  lists: number[][],
): { lists: number[][]; reordered: number[] } {
  const hostVms = lists.map((list) => [...list]);
  const reordered: number[] = [];
  joinAtCompletion(
    moves.map((m) => m.vm),
    moves.map((m) => m.to),
    moves.map((m) => m.end),
    Int32Array.from(vmHost),
    hostVms,
    (h) => reordered.push(h),
  );
  return { lists: hostVms, reordered };
}

Deno.test("joinAtCompletion moves arrivals to the end of their target's list as they complete", async (t) => {
  await t.step("by end, equal ends in decision order; the others keep their order", () => {
    // host 0 holds VMs 1, 2, 3 (2 and 3 arrived this update), host 1 holds 4
    const moves = [
      { vm: 3, to: 0, end: 40 },
      { vm: 2, to: 0, end: 25 },
      { vm: 4, to: 1, end: 25 },
      { vm: 1, to: 0, end: 25 },
    ];
    const vmHost = [-1, 0, 0, 0, 1];
    const r = join(moves, vmHost, [[3, 2, 1, 9], [4]]);
    // 9 stays first; 2 and 1 end at 25 (2 decided first), 3 at 40
    assert.deepEqual(r.lists, [[9, 2, 1, 3], [4]]);
    assert.deepEqual(r.reordered, [0, 1]);
  });
  await t.step("a VM moved twice arrives by its last move only", () => {
    // VM 5 went to host 1 (end 10), then on to host 0 (end 30); VM 6 arrived at host 1 at 20
    const moves = [
      { vm: 5, to: 1, end: 10 },
      { vm: 6, to: 1, end: 20 },
      { vm: 5, to: 0, end: 30 },
    ];
    const vmHost = [0, 0, 0, 0, 0, 0, 1];
    const r = join(moves, vmHost, [[5, 0], [6, 7]]);
    assert.deepEqual(r.lists, [[0, 5], [7, 6]]);
    assert.deepEqual(r.reordered, [0, 1]);
  });
  await t.step("a VM no longer on its last move's target is not an arrival", () => {
    // VM 2 was removed (host -1) and VM 3 is on host 1, not its last move's target 0
    const moves = [
      { vm: 2, to: 0, end: 10 },
      { vm: 3, to: 0, end: 20 },
    ];
    const vmHost = [0, 0, -1, 1];
    const r = join(moves, vmHost, [[0, 1], [3]]);
    assert.deepEqual(r.lists, [[0, 1], [3]]);
    assert.deepEqual(r.reordered, []);
  });
});
