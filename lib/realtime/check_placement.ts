import { imageBytes, isSchedulable, validatePlatform } from "./_analysis.ts";
import { bandwidthFits, bandwidthOf } from "./_placement.ts";
import type { Platform } from "./model.ts";

/** The verdict on one processor in {@link PlacementCheck}. */
export interface ProcessorCheck {
  /** Processor index. */
  processor: number;
  /** Processor name. */
  name: string;
  /** Whether RAM fits, Σ Θ/Π <= 1 and every hosted VM is schedulable in its server. */
  feasible: boolean;
  /** Σ Θ/Π of the servers of the hosted VMs. */
  serverUtilization: number;
  /** RAM of the hosted VMs' memory images in bytes (pageCount · pageSizeBytes). */
  ramBytesUsed: number;
  /** Number of hosted VMs. */
  vmCount: number;
  /** Why the processor fails, in words; empty when feasible. */
  reasons: string[];
}

/** The verdict on one VM in {@link PlacementCheck}. */
export interface VmCheck {
  /** VM index. */
  vm: number;
  /** VM name. */
  name: string;
  /** Index of the hosting processor, or -1 when unplaced. */
  processor: number;
  /** Θ/Π of its server. */
  serverBandwidth: number;
  /** Whether its tasks meet every deadline in its server on its processor (false when unplaced). */
  schedulableInServer: boolean;
}

/** What {@link checkPlacement} returns. */
export interface PlacementCheck {
  /** Whether every processor is feasible. */
  feasible: boolean;
  /** One entry per processor, in order. */
  processors: ProcessorCheck[];
  /** One entry per VM, in order. */
  vms: VmCheck[];
  /** Indices of VMs with placement -1 (they load no processor). */
  unplaced: number[];
}

/**
 * Checks a placement of real-time VMs on processors.
 *
 * A processor is feasible when (1) the memory images of its VMs fit its RAM, (2) the
 * bandwidths Θ/Π of its VMs' periodic servers sum to at most 1, which is exactly EDF
 * schedulability of the servers as implicit-deadline periodic jobs, and (3) every VM
 * is schedulable in its server (see {@link schedulableInServer}: the server's budget
 * is time of this processor, so the tasks' WCETs are divided by its capacity). The
 * placement is feasible when every processor is. A VM placed at -1 is reported as
 * unplaced, loads no processor and does not by itself make the placement infeasible.
 *
 * @param platform Processors, VMs and the placement.
 * @returns Per processor and per VM verdicts.
 * @throws {RangeError} If an index, a task or a server is out of range.
 * @throws {TypeError} If the platform has the wrong shape.
 *
 * @example Two VMs that share one processor, a third that overloads the other
 * ```ts
 * import { checkPlacement } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const image = { pageCount: 256, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } };
 * const vm = (name: string, budgetSeconds: number) => ({
 *   name,
 *   scheduler: "edf" as const,
 *   server: { periodSeconds: 0.01, budgetSeconds },
 *   tasks: [{ name: "t", periodSeconds: 0.05, wcetSeconds: 0.005, deadlineSeconds: 0.05 }],
 *   image,
 * });
 * const check = checkPlacement({
 *   processors: [
 *     { name: "p0", capacity: 1, ramBytes: 2 ** 30, link },
 *     { name: "p1", capacity: 1, ramBytes: 2 ** 30, link },
 *   ],
 *   vms: [vm("a", 0.004), vm("b", 0.004), vm("c", 0.006), vm("d", 0.006)],
 *   placement: [0, 0, 1, 1],
 * });
 * assert.equal(check.processors[0]!.feasible, true);
 * assert.equal(check.processors[1]!.feasible, false); // 0.6 + 0.6 > 1
 * assert.equal(check.feasible, false);
 * ```
 */
export function checkPlacement(platform: Platform): PlacementCheck {
  validatePlatform("check a placement", platform, { allowUnplaced: true });
  const vms: VmCheck[] = platform.vms.map((vm, i) => {
    const host = platform.placement[i]!;
    const processor = platform.processors[host];
    return {
      vm: i,
      name: vm.name,
      processor: host,
      serverBandwidth: bandwidthOf(vm),
      schedulableInServer: processor !== undefined &&
        isSchedulable(vm.tasks, vm.scheduler, vm.server, processor.capacity),
    };
  });
  const processors: ProcessorCheck[] = platform.processors.map((processor, p) => {
    let serverUtilization = 0;
    let ramBytesUsed = 0;
    let vmCount = 0;
    const reasons: string[] = [];
    platform.vms.forEach((vm, i) => {
      if (platform.placement[i] !== p) return;
      vmCount++;
      serverUtilization += bandwidthOf(vm);
      ramBytesUsed += imageBytes(vm.image);
      if (!vms[i]!.schedulableInServer) {
        reasons.push(`VM ${JSON.stringify(vm.name)} is not schedulable in its server`);
      }
    });
    if (ramBytesUsed > processor.ramBytes) {
      reasons.unshift(`RAM used ${ramBytesUsed} bytes exceeds ${processor.ramBytes} bytes`);
    }
    if (!bandwidthFits(serverUtilization)) {
      reasons.unshift(`server utilization ${serverUtilization} exceeds 1`);
    }
    return {
      processor: p,
      name: processor.name,
      feasible: reasons.length === 0,
      serverUtilization,
      ramBytesUsed,
      vmCount,
      reasons,
    };
  });
  return {
    feasible: processors.every((p) => p.feasible),
    processors,
    vms,
    unplaced: platform.placement.flatMap((host, i) => host === -1 ? [i] : []),
  };
}
