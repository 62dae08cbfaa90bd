/**
 * The embedded real-time platform of the review (sections 1 and 8; Groesbrink 2014):
 * identical processors, each with its own RAM and a hypervisor, on a network; VMs that
 * each carry a periodic real-time task set and a memory image for the migration
 * engine. Plain data: every type here is JSON-serializable.
 *
 * @module
 */
import type { LinkSpec } from "../migration/link_spec.ts";
import type { VmSpec } from "../migration/vm_spec.ts";

/**
 * A periodic task with a constrained deadline: a job is released every
 * `periodSeconds`, needs at most `wcetSeconds` of a reference processor, and must
 * finish within `deadlineSeconds` of its release (deadline <= period).
 */
export interface PeriodicTask {
  /** Name, unique within its VM. */
  name: string;
  /** Release period T in seconds (> 0). */
  periodSeconds: number;
  /** Worst-case execution time C in seconds on a processor of capacity 1 (> 0). */
  wcetSeconds: number;
  /** Relative deadline D in seconds, 0 < D <= T. */
  deadlineSeconds: number;
  /**
   * Release of the first job in seconds (>= 0).
   * @default {0}
   */
  offsetSeconds?: number;
}

/**
 * The hypervisor's reservation for one VM: a periodic server that receives
 * `budgetSeconds` of processor time every `periodSeconds` (the periodic resource
 * model of Shin and Lee 2003).
 */
export interface PeriodicServer {
  /** Replenishment period Π in seconds (> 0). */
  periodSeconds: number;
  /** Budget Θ in seconds per period, 0 < Θ <= Π. */
  budgetSeconds: number;
}

/** How a VM's guest OS schedules its tasks inside its server. */
export type GuestScheduler = "edf" | "fixed-priority";

/** A guest VM with hard real-time tasks. */
export interface RealTimeVm {
  /** Name, unique on the platform. */
  name: string;
  /** The guest's periodic tasks. */
  tasks: PeriodicTask[];
  /** The guest's scheduler (fixed priority is deadline-monotonic). */
  scheduler: GuestScheduler;
  /** The hypervisor's reservation for this VM. */
  server: PeriodicServer;
  /** Memory image and workload, as the migration engine sees the VM. */
  image: VmSpec;
}

/** One processor (node) of the platform. */
export interface Processor {
  /** Name, unique on the platform. */
  name: string;
  /** Speed relative to the reference processor (identical processors: 1). */
  capacity: number;
  /** RAM in bytes available to guests. */
  ramBytes: number;
  /** The network link used to migrate VMs away from this processor. */
  link: LinkSpec;
}

/** The platform: processors and the VMs placed on them. */
export interface Platform {
  /** The processors. */
  processors: Processor[];
  /** The VMs. */
  vms: RealTimeVm[];
  /** For each VM (same index as `vms`), the index of the processor that hosts it. */
  placement: number[];
}
