/**
 * Plain-data model shared by every placement algorithm: hosts with CPU, RAM and
 * bandwidth capacity in a rack, VMs with demands, and the placement result.
 *
 * @module
 */

/** A physical host. */
export interface Host {
  /** Name, unique in the data centre. */
  name: string;
  /** CPU capacity in MIPS (all cores together). */
  cpuMips: number;
  /** Number of cores (a VM's per-core MIPS must fit one core). */
  cores: number;
  /** RAM in bytes. */
  ramBytes: number;
  /** Network bandwidth in bytes per second. */
  bandwidthBytesPerSecond: number;
  /** Rack index (0-based); hosts of a rack share a top-of-rack switch. */
  rack: number;
  /** Name of the power model (a key of the power models passed to energy-aware policies). */
  powerModel?: string;
}

/** A VM's demand. */
export interface VmDemand {
  /** Name, unique in the instance. */
  name: string;
  /** CPU demand in MIPS. */
  cpuMips: number;
  /** RAM in bytes. */
  ramBytes: number;
  /** Network bandwidth in bytes per second. */
  bandwidthBytesPerSecond: number;
  /** Optional VM type (used by pattern-based allocation). */
  type?: string;
}

/** The resource dimensions a placement can check. */
export type Dimension = "cpuMips" | "ramBytes" | "bandwidthBytesPerSecond";

/** Every dimension, in documentation order. */
export const DIMENSIONS: readonly Dimension[] = ["cpuMips", "ramBytes", "bandwidthBytesPerSecond"];

/** The result of a placement algorithm, the same shape for all of them. */
export interface PlacementResult {
  /** Algorithm name, e.g. `"first-fit-decreasing"`. */
  algorithm: string;
  /** For each VM (same index as the input), the index of its host, or -1 if unplaced. */
  assignment: number[];
  /** Indices of the VMs that could not be placed (empty when all fit). */
  unplaced: number[];
  /** Number of hosts with at least one VM. */
  hostsUsed: number;
  /** Algorithm-specific facts (bounds, gaps, iterations, energy...), all numbers or strings. */
  details: Record<string, number | string | boolean>;
}
