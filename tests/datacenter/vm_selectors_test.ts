import assert from "node:assert/strict";
import { VM_SELECTORS, type VmSelectorCandidate } from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";

/**
 * A host view over `vms` as the simulation gives it to a selector: the VMs left, their
 * histories only when asked for, overloaded while the shares left sum over `threshold` (or
 * always, with `stuck`). Records the VMs removed and whether histories were asked for.
 */
function view(vms: VmSelectorCandidate[], threshold: number, stuck = false) {
  const removed: number[] = [];
  const asked: boolean[] = [];
  const left = () => vms.filter((c) => !removed.includes(c.vm));
  const host = {
    candidates(withHistory: boolean) {
      asked.push(withHistory);
      return left().map((c) => withHistory ? c : { ...c, history: undefined });
    },
    remove: (vm: number) => void removed.push(vm),
    overloaded: () => stuck || left().reduce((s, c) => s + c.hostShare, 0) > threshold,
  };
  return { host, removed, asked };
}

// VM 0 is busy on its own MIPS but the least share of the host; VM 2 is the least busy on
// its own; VM 1 the least in RAM. Together 0.7 of the host, over a threshold of 0.6.
const vms: VmSelectorCandidate[] = [
  { vm: 0, ramBytes: 2e9, utilization: 0.9, hostShare: 0.1, history: [0.1, 0.5, 0.9] },
  { vm: 1, ramBytes: 1e9, utilization: 0.5, hostShare: 0.4, history: [0.4, 0.4, 0.5] },
  { vm: 2, ramBytes: 3e9, utilization: 0.2, hostShare: 0.2, history: [0.3, 0.2, 0.2] },
];

Deno.test("VM_SELECTORS hand the 2012 policies what each of them reads", async (t) => {
  await t.step("MU: the least utilisation of the VM's own MIPS, not of the host's", () => {
    const { host, removed } = view(vms, 0.6);
    VM_SELECTORS.mu(host, { threshold: 0.6, prng: createPrng(1) });
    assert.deepEqual(removed, [2]);
  });
  await t.step("MMT: the least RAM", () => {
    const { host, removed, asked } = view(vms, 0.6);
    VM_SELECTORS.mmt(host, { threshold: 0.6, prng: createPrng(1) });
    assert.deepEqual(removed, [1]);
    assert.deepEqual(asked, [false]);
  });
  await t.step("MC: asks for the histories", () => {
    const { host, asked } = view(vms, 0.6);
    VM_SELECTORS.mc(host, { threshold: 0.6, prng: createPrng(1) });
    assert.ok(asked.length > 0 && asked.every((a) => a));
  });
  await t.step("RS: the draw picks the VM, so seeds differ", () => {
    const first = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const { host, removed } = view(vms, 0.6);
      VM_SELECTORS.rs(host, { threshold: 0.6, prng: createPrng(seed) });
      first.add(removed[0]!);
    }
    assert.deepEqual([...first].sort(), [0, 1, 2]);
  });
  await t.step("a host still overloaded with no VM left: the selection stops there", () => {
    const { host, removed } = view(vms, 0.6, true);
    VM_SELECTORS.mmt(host, { threshold: 0.6, prng: createPrng(1) });
    assert.deepEqual(removed, [1, 0, 2]);
  });
});
