import { object, positive, requiredOptions, show } from "../../_validate.ts";
import { checkWorkloadFields } from "../_workload_fields.ts";
import { type PlacedRun, placeRuns } from "../_page_order.ts";
import type { WorkloadCommon, WorkloadModel, WorkloadRates } from "../model.ts";
import { START_PLACEMENT } from "../placement.ts";
import type { HotColdWorkload } from "./hot_cold.ts";
import type { IdleWorkload } from "./idle.ts";
import type { UniformWorkload } from "./uniform.ts";
import type { ZipfWorkload } from "./zipf.ts";
import { PHASE_MODELS, phaseModel } from "./_phase_model.ts";

/**
 * A workload a phase may run: stationary and Poisson. It has no zeroPages of its own
 * (set them on the phased workload) and no changedBytesPerWrite (the engine reads
 * only the VM's workload's; use `options.mechanisms.xbzrle.changedBytesPerWrite`).
 */
export type PhaseWorkload = IdleWorkload | UniformWorkload | HotColdWorkload | ZipfWorkload;

/** One phase of a {@link PhasedWorkload}. */
export interface WorkloadPhase {
  /** How long the phase lasts, in seconds of VM execution time (> 0). */
  durationSeconds: number;
  /** What the VM does during the phase (idle, uniform, hot-cold or zipf). */
  workload: PhaseWorkload;
}

/**
 * A sequence of workloads over time. After the last phase the sequence starts again
 * from the first (the phases form a cycle).
 */
export interface PhasedWorkload extends WorkloadCommon {
  /** Discriminant. */
  kind: "phased";
  /** The phases, in order; at least one. */
  phases: WorkloadPhase[];
}

/**
 * The phased model. Its rates are the phases' averaged over a cycle, and its runs
 * the phases' page-order runs mixed: the write shares weighted by each phase's share
 * of a cycle's writes, the access shares by its share of the accesses (a
 * time-averaged view, exact when phases cycle fast against the migration).
 *
 * @example Two phases, one idle
 * ```ts
 * import { phasedModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rates = phasedModel.rates({ kind: "phased", phases: [
 *   { durationSeconds: 1, workload: { kind: "uniform", writesPerSecond: 100 } },
 *   { durationSeconds: 3, workload: { kind: "idle" } },
 * ] });
 * assert.equal(rates.writesPerSecond, 25);
 * ```
 */
export const phasedModel: WorkloadModel<PhasedWorkload> = Object.freeze({
  kind: "phased" as const,
  validate(spec: PhasedWorkload, pageCount: number, field: string, action: string) {
    if (!Array.isArray(spec.phases) || spec.phases.length === 0) {
      throw new TypeError(
        `Cannot ${action} as ${field}.phases must be a non-empty array: current value is ${
          show(spec.phases)
        }`,
      );
    }
    spec.phases.forEach((phase, i) => {
      const at = `${field}.phases[${i}]`;
      requiredOptions(action, at, phase, ["durationSeconds", "workload"]);
      positive(action, `${at}.durationSeconds`, phase.durationSeconds);
      object(action, `${at}.workload`, phase.workload);
      const inner: unknown = phase.workload.kind;
      if (typeof inner !== "string" || !Object.hasOwn(PHASE_MODELS, inner)) {
        throw new TypeError(
          `Cannot ${action} as ${at}.workload.kind must be idle, uniform, hot-cold or zipf: current value is ${
            show(inner)
          }`,
        );
      }
      if (phase.workload.zeroPages !== undefined) {
        throw new TypeError(
          `Cannot ${action} as ${at}.workload.zeroPages must be undefined (set zeroPages on the phased workload): current value is ${
            show(phase.workload.zeroPages)
          }`,
        );
      }
      // the engine reads only vm.workload.changedBytesPerWrite: a phase's own would be ignored
      const changed = (phase.workload as { changedBytesPerWrite?: unknown }).changedBytesPerWrite;
      if (changed !== undefined) {
        throw new TypeError(
          `Cannot ${action} as ${at}.workload.changedBytesPerWrite must be undefined (the engine has no per-phase XBZRLE change size; use options.mechanisms.xbzrle.changedBytesPerWrite): current value is ${
            show(changed)
          }`,
        );
      }
      checkWorkloadFields(phase.workload, `${at}.workload`, action);
      phaseModel(phase.workload).validate(phase.workload, pageCount, `${at}.workload`, action);
    });
  },
  rates(spec: PhasedWorkload): WorkloadRates {
    let writes = 0;
    let reads = 0;
    let seconds = 0;
    for (const { durationSeconds, workload } of spec.phases) {
      const r = phaseModel(workload).rates(workload);
      writes += r.writesPerSecond * durationSeconds;
      reads += r.readsPerSecond * durationSeconds;
      seconds += durationSeconds;
    }
    return { writesPerSecond: writes / seconds, readsPerSecond: reads / seconds };
  },
  distribution(spec: PhasedWorkload, pageCount: number) {
    const parts = spec.phases.map(({ durationSeconds, workload }) => {
      const model = phaseModel(workload);
      const r = model.rates(workload);
      return {
        runs: placeRuns(model.distribution(workload, pageCount), pageCount),
        writes: r.writesPerSecond * durationSeconds,
        accesses: (r.writesPerSecond + r.readsPerSecond) * durationSeconds,
      };
    });
    const totalWrites = parts.reduce((s, p) => s + p.writes, 0);
    const totalAccesses = parts.reduce((s, p) => s + p.accesses, 0);
    return {
      runs: mix(
        parts.map((p) => ({
          runs: p.runs,
          writeWeight: totalWrites === 0 ? 0 : p.writes / totalWrites,
          accessWeight: totalAccesses === 0 ? 0 : p.accesses / totalAccesses,
        })),
        pageCount,
      ),
      placement: START_PLACEMENT,
    };
  },
});

/** Weighted mix of page-order run lists, cut at every list's boundaries (one sweep). */
function mix(
  parts: { runs: PlacedRun[]; writeWeight: number; accessWeight: number }[],
  pageCount: number,
): PlacedRun[] {
  const index = parts.map(() => 0);
  const out: PlacedRun[] = [];
  for (let page = 0; page < pageCount;) {
    let end = pageCount;
    for (let i = 0; i < parts.length; i++) {
      const r = parts[i]!.runs[index[i]!]!;
      end = Math.min(end, r.startPage + r.pages);
    }
    const pages = end - page;
    let writeShare = 0;
    let accessShare = 0;
    for (let i = 0; i < parts.length; i++) {
      const { runs, writeWeight, accessWeight } = parts[i]!;
      const r = runs[index[i]!]!;
      writeShare += (writeWeight * r.writeShare * pages) / r.pages;
      accessShare += (accessWeight * r.accessShare * pages) / r.pages;
      if (r.startPage + r.pages === end) index[i]!++;
    }
    out.push({ startPage: page, pages, writeShare, accessShare });
    page = end;
  }
  return out;
}
