import type { Prng } from "../random/prng.ts";
import { type DoubleThresholdSelection, selectVmsOverThreshold } from "./double_threshold.ts";
import { selectVmToMigrate, type VmCandidate, type VmSelectionPolicy } from "./vm_selection.ts";

/** One VM on an overloaded host, as a VM selector sees it. */
export interface VmSelectorCandidate {
  /** The VM's index in the scenario. */
  vm: number;
  /** RAM in bytes. */
  ramBytes: number;
  /** CPU demand over the VM's MIPS. */
  utilization: number;
  /** CPU demand over the host's MIPS. */
  hostShare: number;
  /** CPU utilisation history, oldest first (only when asked for). */
  history?: readonly number[] | undefined;
}

/** What a VM selector sees of one overloaded host, and how it takes VMs off it. */
export interface VmSelectorHost {
  /**
   * The host's VMs that may migrate, in the order of its VM list (histories only when
   * `withHistory`): not those whose migration to it still runs (CloudSim 3.0.3's
   * `getMigratableVms`).
   */
  candidates(withHistory: boolean): VmSelectorCandidate[];
  /**
   * Share of the host's MIPS the VMs still migrating to it ask (they stay); absent: none.
   */
  migratingShare?(): number;
  /** Takes VM `vm` off the host to be placed elsewhere; the host's load drops at once. */
  remove(vm: number): void;
  /** Whether the host's overload detector still finds it overloaded. */
  overloaded(): boolean;
}

/** Settings every selector reads. */
export interface VmSelectorSettings {
  /** The allocation's threshold (the 2010 selections bring the host down to it). */
  threshold: number;
  /** Source of randomness (RS, RC). */
  prng: Prng;
}

/** A VM selector: takes VMs off an overloaded host (`host.remove`). A plain function value. */
export type VmSelector = (host: VmSelectorHost, settings: VmSelectorSettings) => void;

/** Beloglazov and Buyya (2012): one VM at a time by `policy` until the host is not overloaded. */
function oneAtATime(policy: VmSelectionPolicy): VmSelector {
  return (host, s) => {
    for (;;) {
      const list = host.candidates(policy === "mc");
      if (list.length === 0) return;
      const i = selectVmToMigrate(
        list.map((c) =>
          ({ ramBytes: c.ramBytes, utilization: c.utilization, history: c.history }) as VmCandidate
        ),
        policy,
        { prng: s.prng },
      );
      host.remove(list[i]!.vm);
      if (!host.overloaded()) return;
    }
  };
}

/** Beloglazov and Buyya (2010): the whole set that brings the host to its threshold at once. */
function wholeSet(policy: DoubleThresholdSelection): VmSelector {
  return (host, s) => {
    const list = host.candidates(false);
    const picked = selectVmsOverThreshold(
      list.map((c) => ({ hostShare: c.hostShare, utilization: c.utilization })),
      s.threshold,
      policy,
      { prng: s.prng, stayingHostShare: host.migratingShare?.() ?? 0 },
    );
    for (const i of picked) host.remove(list[i]!.vm);
  };
}

/**
 * VM selectors by name, the values of `simulateDatacenter`'s `selection`: 2012's `"mmt"`,
 * `"rs"`, `"mc"`, `"mu"` (`selectVmToMigrate`, one VM at a time until the host is not
 * overloaded) and 2010's `"mm"`, `"hpg"`, `"rc"` (`selectVmsOverThreshold`, the set of VMs that
 * brings the host to the threshold, at once).
 *
 * @example MMT takes the least RAM first, until the host is no longer overloaded
 * ```ts
 * import { createPrng } from "../random/mod.ts";
 * import { VM_SELECTORS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vms = [
 *   { vm: 0, ramBytes: 2e9, utilization: 0.5, hostShare: 0.5 },
 *   { vm: 1, ramBytes: 1e9, utilization: 0.4, hostShare: 0.4 },
 *   { vm: 2, ramBytes: 3e9, utilization: 0.2, hostShare: 0.2 },
 * ];
 * const removed: number[] = [];
 * const host = {
 *   candidates: () => vms.filter((c) => !removed.includes(c.vm)),
 *   remove: (vm: number) => void removed.push(vm),
 *   overloaded: () => host.candidates().reduce((s, c) => s + c.hostShare, 0) > 0.8,
 * };
 * VM_SELECTORS.mmt(host, { threshold: 0.8, prng: createPrng(1) });
 * assert.deepEqual(removed, [1]);
 * ```
 */
export const VM_SELECTORS: Readonly<
  Record<VmSelectionPolicy | DoubleThresholdSelection, VmSelector>
> = Object.freeze({
  mmt: oneAtATime("mmt"),
  rs: oneAtATime("rs"),
  mc: oneAtATime("mc"),
  mu: oneAtATime("mu"),
  mm: wholeSet("mm"),
  hpg: wholeSet("hpg"),
  rc: wholeSet("rc"),
});
