import { nonNegative, requiredOptions } from "../_validate.ts";
import { CLOSED_FORM_OFFLINE_OPTION_NAMES } from "./_option_names.ts";
import type { Seed } from "../random/prng.ts";
import { closedFormPreset } from "./_closed_form_preset.ts";
import {
  closedFormInitialZeroPages,
  closedFormZeroPageWireBytes,
} from "./_closed_form_zero_pages.ts";
import { buildResult } from "./_result_builder.ts";
import { phaseRate } from "./_phase_rate.ts";
import { pageWireBytes } from "./link.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationPreset, PresetName } from "./presets.ts";
import type { MigrationResult } from "./result.ts";
import { validateLink, validateVm } from "./validate.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link closedFormOffline}. */
export interface ClosedFormOfflineOptions {
  /**
   * Seed recorded in the result (closed forms draw nothing).
   * @default {0}
   */
  seed?: Seed;
  /**
   * Label of the variant in results.
   * @default {"offline"}
   */
  label?: string;
  /**
   * Preset; the closed forms follow end-of-round presets and refuse the others
   * (see `closedForm`).
   * @default {"default"}
   */
  preset?: PresetName | MigrationPreset;
  /**
   * Setup seconds added before the first byte, as in the simulator.
   * @default {the preset's (0)}
   */
  setupSeconds?: number;
  /**
   * Resume seconds added to downtime and total, as in the simulator.
   * @default {the preset's (0)}
   */
  resumeSeconds?: number;
}

/**
 * Computes offline (cold) migration in closed form. The VM is paused throughout,
 * so the closed form is exact and equals the simulator's `simulateOffline`:
 *
 * downtime = total = `((P - Z) (S + o) + Z z + stateBytes) / R + Z s + L`, with `P`
 * pages of `S` bytes, per-page overhead `o`, `R = min(bandwidth, cap)` and latency `L`;
 * `Z` pages are all zeros (`vm.workload.zeroPages`: `round(initialShare x P)`, the
 * memory never changes) and cost `z = o +` the preset's zero-page payload each on the
 * wire and `s = link.zeroPageSeconds` of the sender's scan.
 *
 * @param vm The VM to migrate (its workload is irrelevant: it never runs).
 * @param link The link it crosses.
 * @param options The seed and label.
 * @returns The migration result, with one stop-and-copy round and
 * `fidelity: "closed-form"`.
 *
 * @example 1000 pages of 1000 bytes over 1 MB/s with 0.5 s latency
 * ```ts
 * import { closedFormOffline } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = closedFormOffline(
 *   { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 500_000, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.5 },
 * );
 * assert.equal(r.downtimeSeconds, 2);
 * assert.equal(r.totalSeconds, 2);
 * assert.equal(r.bytesSent, 1_500_000);
 * ```
 */
export function closedFormOffline(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormOfflineOptions = {},
): MigrationResult {
  requiredOptions(
    "compute the offline closed form",
    "options",
    options,
    CLOSED_FORM_OFFLINE_OPTION_NAMES,
  );
  const { seed = 0, label = "offline" } = options;
  validateVm(vm);
  validateLink(link);
  const preset = closedFormPreset("compute the offline closed form", options.preset);
  const wirePageBytes = pageWireBytes(vm.pageSizeBytes, link);
  const bytesPerSecond = phaseRate(link, "stop-and-copy", preset.capSemantics);
  const zero = closedFormInitialZeroPages(vm);
  const bytesSent = zero === 0
    ? vm.pageCount * wirePageBytes + vm.stateBytes
    : (vm.pageCount - zero) * wirePageBytes + zero * closedFormZeroPageWireBytes(link, preset) +
      vm.stateBytes;
  // the wire, and the sender's scan of each zero page (`link.zeroPageSeconds`)
  const sendSeconds = bytesSent / bytesPerSecond + zero * (link.zeroPageSeconds ?? 0);
  const downtime = sendSeconds + (link.latencySeconds ?? 0);
  return buildResult({
    technique: "offline",
    label,
    fidelity: "closed-form",
    seed,
    preset: preset.name,
    endSeconds: downtime,
    downtimeSeconds: downtime,
    converged: true,
    stopReason: "offline",
    rows: [{
      round: 1,
      phase: "stop-and-copy",
      startSeconds: 0,
      endSeconds: sendSeconds,
      pagesSent: vm.pageCount,
      bytesSent,
      pagesDirtied: 0,
      writes: 0,
      zeroPagesSent: zero,
    }],
    timeline: [
      { timeSeconds: 0, kind: "start", round: 0, host: "source" },
      { timeSeconds: 0, kind: "suspend", round: 1, host: "none" },
      { timeSeconds: downtime, kind: "resume", round: 1, host: "destination" },
    ],
    setupSeconds: nonNegative(
      "compute the offline closed form",
      "options.setupSeconds",
      options.setupSeconds ?? preset.setupSeconds,
    ),
    resumeSeconds: nonNegative(
      "compute the offline closed form",
      "options.resumeSeconds",
      options.resumeSeconds ?? preset.resumeSeconds,
    ),
  });
}
