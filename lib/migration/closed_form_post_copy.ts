import { finiteResult, nonNegative, oneOf, requiredOptions } from "../_validate.ts";
import { CLOSED_FORM_POST_COPY_OPTION_NAMES } from "./_option_names.ts";
import type { Seed } from "../random/prng.ts";
import { expectedPostCopyFaults } from "./_expected_faults.ts";
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

/** Options of {@link closedFormPostCopy}. */
export interface ClosedFormPostCopyOptions {
  /**
   * Seed recorded in the result (closed forms draw nothing).
   * @default {0}
   */
  seed?: Seed;
  /**
   * Fetch variant. Only variants with active push have this closed form; on-demand
   * fetching (`"demand"`) depends on the access stream and is rejected. With
   * `"prepaging"` the expected faults are the active-push model's (see below).
   * @default {"active-push"}
   */
  fetch?: "active-push" | "prepaging";
  /**
   * Label of the variant in results (the simulator's default).
   * @default {`post-copy/${fetch}`}
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

const ACTION = "compute the post-copy closed form";
const FETCHES = ["active-push", "prepaging"] as const;

/**
 * Computes post-copy migration with active push (Hines & Gopalan 2009, "Post-copy
 * based live virtual machine migration using adaptive pre-paging and dynamic
 * self-ballooning", VEE) in closed form, with the simulator's conventions.
 *
 * The VM pauses at the source and its state is sent; it resumes at the destination
 * when the state lands: downtime `d = stateBytes / R + L`. From then on the link
 * sends every page exactly once, faulted pages first and pushed pages otherwise;
 * it never idles while a page is unsent, so the last page leaves at
 * `d + P (S + o) / R` and lands one latency later:
 * total `= d + P (S + o) / R + L`, `pagesSent = P`. This is exact whatever the
 * faults do (they reorder the pages, not their number or the link's busy time),
 * with `R = min(bandwidth, cap)`, `P` pages of `S` bytes and per-page overhead `o`.
 * The simulator's caps (`maxSeconds`) are not modelled, nor is a sequential walk that
 * starts mid-pass (`startVisit > 0`), which is refused with a TypeError. A link or VM
 * whose seconds overflow (a total or a stall bound `2 (L + tPage)` that is not a finite
 * number, e.g. a bandwidth of 1e-310 or a latency of 1e308) is a RangeError naming them.
 *
 * `remoteFaults` and `stallSeconds` are EXPECTED values (fractional) of an
 * expected-value model, with `tPage = (S + o) / R`, `a` accesses per second of
 * execution time (reads + writes) and `p_k` the share of accesses that go to page
 * `k`. Assumptions: accesses are Poisson with rate `a p_k` in execution time; the
 * vCPU stalls `s(q)` on average per fault, so execution time lags wall time by the
 * stalls so far; until the first page lands (`L + tPage` after the resume) every
 * page is absent; then the link sends one page per `tPage`, a faulted page or else
 * the push's next absent page in page order (the push skips pages already present).
 * A page stays absent until the push reaches it or a fault brings it: faults hit
 * the absent pages in proportion to `p_k`, so after faults of cumulative intensity
 * `Phi` (the integral of `f / q`) a page is still unfaulted with probability
 * `exp(-p_k Phi)`, and the absent share of the accesses is
 * `q = sum over unreached pages of p_k exp(-p_k Phi)`. By the renewal argument (run
 * `1 / (a q)`, then stall `s`), faults occur at `f(q) = a q / (1 + a q s(q))` per
 * wall second; `remoteFaults` is the integral of `f` and `stallSeconds` that of
 * `f s`, over the push (integrated in at least 1,024 steps, shorter while the
 * hottest absent pages drain; trapezoid rule for the sums).
 * A fault's request takes `L` to the source, waits for the page in flight, takes
 * `tPage` and lands `L` later: `s(q) = 2L + tPage + (tPage - E[phase])`, where the
 * link's phase when the request arrives is `(2L mod tPage + g) mod tPage` for the
 * run time `g ~ Exp(a q)` since the last stall ended (which ends `L` after a slot
 * boundary), computed exactly. When `a tPage` is small the phase is uniform,
 * `s = 2L + 1.5 tPage`, and for uniform pages the result is the integral
 * `(T / s) (1 - ln(1 + a s) / (a s))`, `T = P tPage`.
 *
 * The pages come from the workload's model (`WorkloadModel`), in push order: its
 * runs of equal `p_k` placed in memory, neighbours within 5% of each other merged,
 * so the cost is O(runs) per step whatever `P` (one or two runs for `uniform` and
 * `hot-cold`, about 150 for `zipf` with exponent 1). A hot
 * set at an offset is rotated exactly; a `scattered` one is the average over its
 * permutation (every run spread evenly over memory, keeping its own `p_k`).
 * `phased` uses the access-weighted mix of its phases' distributions and their mean
 * rate, and `trace` the trace's empirical page frequencies and rate (a Poisson,
 * time-averaged approximation: exact only when phases cycle fast relative to the
 * pull; measured +5% on an idle/Zipf cycle of 20 ms). The `sequential` writer is
 * not Poisson: it is a race between the walker and the push front (see the model's
 * `walk`): it faults on every visit while ahead of the front, stalling
 * `2L + 1.5 tPage` each, until the front catches it; then, if it walks faster than
 * the push, every later visit of its first pass waits for its page to land.
 *
 * Accuracy against `simulatePostCopy` (means over 8 seeds, active push): within 0.8%
 * for uniform pages (0.3% at 1 Gbit/s) and within 1.5% for hot-cold and Zipf, with the
 * hot set at the start, at an offset or scattered; the sequential writer within 3.3%
 * where it faults at all (the cases of `tests/migration/closed_form_post_copy_test.ts`
 * and `tests/migration/closed_form_workloads_test.ts`, which hold them to 3% and 3.5%).
 * Pages in flight when faulted (stalling less than `s`) are neglected for Poisson
 * workloads: a relative O(L / (tPage P)). For `"prepaging"` the same numbers are returned: they match the
 * simulator for uniform pages (within 0.3%), but the bubbling push follows the
 * faults, so for skewed workloads they are the ACTIVE-PUSH ESTIMATE: low by about 2%
 * (hot-cold) to 13% (Zipf, exponent 1) with the hot set at the start, high by 30%
 * to 50% with the hot set at an offset, where prepaging moves the push to it. The
 * pull round's `writes` and `pagesDirtied` are not modelled and are reported as 0.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options Fetch variant, label and seed.
 * @returns The migration result: a stop-and-copy round (the state) and a pull
 * round (the pages), with `fidelity: "closed-form"`.
 *
 * @example 1000 pages of 1000 bytes over 1 MB/s with 0.1 s latency
 * ```ts
 * import { closedFormPostCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = closedFormPostCopy(
 *   { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 100_000,
 *     workload: { kind: "uniform", writesPerSecond: 100 } },
 *   { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.1 },
 * );
 * assert.equal(r.downtimeSeconds, 0.2);
 * assert.equal(r.totalSeconds, 1.3);
 * assert.equal(r.pagesSent, 1000);
 * // 100 writes/s while the push lands a page per ms: about 4.7 expected faults,
 * // each stalling 2L + 1.5 tPage on average.
 * assert.ok(r.remoteFaults > 4.6 && r.remoteFaults < 4.8);
 * assert.ok(Math.abs(r.stallSeconds - r.remoteFaults * (0.2 + 0.0015)) < 1e-3);
 * ```
 */
export function closedFormPostCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormPostCopyOptions = {},
): MigrationResult {
  requiredOptions(ACTION, "options", options, CLOSED_FORM_POST_COPY_OPTION_NAMES);
  const { seed = 0, fetch = "active-push", label = `post-copy/${fetch}` } = options;
  validateVm(vm);
  validateLink(link);
  oneOf(ACTION, "options.fetch", fetch, FETCHES);
  const preset = closedFormPreset(ACTION, options.preset);
  const wirePageBytes = pageWireBytes(vm.pageSizeBytes, link);
  const bytesPerSecond = phaseRate(link, "pull", preset.capSemantics);
  const stateBytesPerSecond = phaseRate(link, "stop-and-copy", preset.capSemantics);
  const latency = link.latencySeconds ?? 0;
  const stateSeconds = vm.stateBytes / stateBytesPerSecond;
  const downtime = stateSeconds + latency;
  // Zero pages: the VM stops at 0, so the pull sends its Z zero pages of then, each
  // a header only in tZero (the engine's slot arithmetic, to the bit).
  const zero = closedFormInitialZeroPages(vm);
  const zeroWire = closedFormZeroPageWireBytes(link, preset);
  const tPage = wirePageBytes / bytesPerSecond;
  const tZero = zeroWire / bytesPerSecond + (link.zeroPageSeconds ?? 0);
  const pageBytes = zero === 0
    ? vm.pageCount * wirePageBytes
    : (vm.pageCount - zero) * wirePageBytes + zero * zeroWire;
  const total = zero === 0
    ? downtime + pageBytes / bytesPerSecond + latency
    : downtime + ((vm.pageCount - zero) * tPage + zero * tZero) + latency;
  // Seconds that overflow (a rate of 5e-324, a latency of 1e308) would leave the fault
  // model's integration without an end: refused by name instead.
  const inputs =
    "vm.pageCount, vm.pageSizeBytes, vm.stateBytes, link.bandwidthBytesPerSecond, link.pageOverheadBytes and link.latencySeconds";
  finiteResult(ACTION, "the total seconds", total, inputs);
  finiteResult(ACTION, "the stall bound 2 (latency + tPage)", 2 * (latency + tPage), inputs);
  const { remoteFaults, stallSeconds } = expectedPostCopyFaults(
    vm.workload,
    vm.pageCount,
    tPage,
    latency,
    zero === 0 ? tPage : tZero,
  );
  return buildResult({
    technique: "post-copy",
    label,
    fidelity: "closed-form",
    seed,
    preset: preset.name,
    endSeconds: total,
    downtimeSeconds: downtime,
    converged: true,
    stopReason: "all-pages-received",
    remoteFaults,
    stallSeconds,
    rows: [
      {
        round: 1,
        phase: "stop-and-copy",
        startSeconds: 0,
        endSeconds: stateSeconds,
        pagesSent: 0,
        bytesSent: vm.stateBytes,
        pagesDirtied: 0,
        writes: 0,
        zeroPagesSent: 0,
      },
      {
        round: 2,
        phase: "pull",
        startSeconds: downtime,
        endSeconds: total,
        pagesSent: vm.pageCount,
        bytesSent: pageBytes,
        pagesDirtied: 0,
        writes: 0,
        zeroPagesSent: zero,
      },
    ],
    timeline: [
      { timeSeconds: 0, kind: "start", round: 0, host: "source" },
      { timeSeconds: 0, kind: "suspend", round: 1, host: "none" },
      { timeSeconds: downtime, kind: "resume", round: 1, host: "destination" },
    ],
    setupSeconds: nonNegative(
      ACTION,
      "options.setupSeconds",
      options.setupSeconds ?? preset.setupSeconds,
    ),
    resumeSeconds: nonNegative(
      ACTION,
      "options.resumeSeconds",
      options.resumeSeconds ?? preset.resumeSeconds,
    ),
  });
}
