/**
 * Shared internals of the placement functions: per-processor load and the
 * "does this VM fit on that processor" test. Internal: not re-exported from `mod.ts`.
 *
 * A processor hosts its VMs' periodic servers under EDF, which is feasible iff the
 * servers' bandwidths Σ Θ/Π sum to at most 1 (servers are implicit-deadline periodic
 * jobs of Θ seconds of this processor's time). The sum may exceed 1 by
 * {@link TOLERANCE} (rounding).
 *
 * @module
 */
import { imageBytes, isSchedulable, TOLERANCE } from "./_analysis.ts";
import type { Processor, RealTimeVm } from "./model.ts";

/** Bandwidth Θ/Π of a VM's server. */
export function bandwidthOf(vm: RealTimeVm): number {
  return vm.server.budgetSeconds / vm.server.periodSeconds;
}

/** What a processor already carries. */
export interface Load {
  /** Σ Θ/Π of its servers. */
  bandwidth: number;
  /** Σ RAM of its VMs in bytes. */
  ramBytes: number;
}

/** Whether a server bandwidth sum fits one processor. */
export function bandwidthFits(bandwidth: number): boolean {
  return bandwidth <= 1 + TOLERANCE;
}

/** Whether `vm` can join a processor with `load`: bandwidth, RAM and its own schedulability. */
export function vmFits(vm: RealTimeVm, processor: Processor, load: Load): boolean {
  return bandwidthFits(load.bandwidth + bandwidthOf(vm)) &&
    load.ramBytes + imageBytes(vm.image) <= processor.ramBytes &&
    isSchedulable(vm.tasks, vm.scheduler, vm.server, processor.capacity);
}
