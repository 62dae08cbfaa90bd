import {
  boolean,
  integer,
  nonNegative,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  show,
} from "../_validate.ts";
import { closedFormPreset } from "../migration/_closed_form_preset.ts";
import { type CompiledStopRules, compileStopRules } from "../migration/_compiled_stop_rules.ts";
import { countsInexactReason, type SamplerOption } from "../migration/sampler.ts";
import { pageWireBytes } from "../migration/link.ts";
import type { MigrationPreset, PresetName } from "../migration/presets.ts";
import type { StopReason } from "../migration/result.ts";
import type { StopRule } from "../migration/stop_rules.ts";
import { checkVm } from "../migration/_check_vm.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import { createFlowNetwork, type FlowNetwork, type LinkUsage } from "../network/flow_network.ts";
import type { NetworkSpec } from "../network/network_spec.ts";
import type { Seed } from "../random/prng.ts";
import {
  type AdmissionLimits,
  type AdmissionPresetName,
  resolveAdmissionLimits,
} from "./admission_limits.ts";
import { MigrationJob, type RowState, runMigrationJobs } from "./_migration_process.ts";

/** The samplers of the shared-link engine. */
const FLEET_SAMPLERS: readonly SamplerOption[] = ["per-write", "counts", "auto"];

/** Techniques {@link simulateMigrations} runs over a shared network. */
export type SharedTechnique = "offline" | "pre-copy" | "post-copy" | "hybrid";

/** How pending migrations are ordered for admission. */
export type AdmissionOrder = "as-given" | "smallest-first" | "largest-first";

/** One VM to move in a {@link simulateMigrations} run. */
export interface MigrationRequest {
  /** Unique name of the migration (usually the VM's). */
  id: string;
  /** The VM (idle, uniform, hot-cold or zipf workload). */
  vm: VmSpec;
  /** Host it leaves. */
  sourceHost: string;
  /** Host it goes to. */
  destinationHost: string;
  /** Link ids from source to destination (at least one). */
  route: readonly string[];
  /**
   * The technique.
   * @default {"pre-copy"}
   */
  technique?: SharedTechnique;
  /**
   * Hybrid: pre-copy rounds before the switch to post-copy.
   * @default {1}
   */
  preCopyRounds?: number;
  /**
   * Earliest start, seconds; admission may delay it further.
   * @default {0}
   */
  releaseSeconds?: number;
  /**
   * Pre-copy stop rules.
   * @default {the preset's; QEMU_STOP_RULES for "default"}
   */
  stopRules?: readonly StopRule[];
  /**
   * Closed-form preset (`"default"`, `"xen"` or a custom end-of-round preset).
   * @default {"default"}
   */
  preset?: PresetName | MigrationPreset;
  /**
   * The migration's own rate limit (QEMU's `max-bandwidth`), bytes per second;
   * bound per the preset's cap semantics.
   * @default {Infinity}
   */
  maxBandwidthBytesPerSecond?: number;
  /**
   * Protocol bytes per page on the wire.
   * @default {0}
   */
  pageOverheadBytes?: number;
  /**
   * Sender seconds per zero page it scans (>= 0), as `LinkSpec.zeroPageSeconds` in the
   * single-migration engine: a batch with `z` zero pages takes `z x zeroPageSeconds` of this
   * migration's CPU before its flow starts (see {@link simulateMigrations}).
   * @default {0}
   */
  zeroPageSeconds?: number;
  /**
   * Page fidelity: seed of this VM's workload, which draws from stream
   * `(seed, "workload")` as in the single-migration engine.
   * @default {`${options.seed}/${id}`}
   */
  seed?: Seed;
}

/** Options of {@link simulateMigrations}. */
export interface SimulateMigrationsOptions {
  /**
   * Admission limits, by preset name or as an object (see `ADMISSION_LIMITS`).
   * @default {"unlimited"}
   */
  admission?: AdmissionPresetName | AdmissionLimits;
  /**
   * Order in which waiting migrations (released, not yet started) are considered: as
   * given (request order), smallest memory first, or largest first (ties in request
   * order), whatever their release times. A migration that does not fit does not block
   * the ones behind it.
   * @default {"as-given"}
   */
  order?: AdmissionOrder;
  /**
   * `"closed-form"`: every migration follows its closed form's expected rounds.
   * `"page"`: every technique at page level: each VM's workload draws its writes
   * (seeded), the dirty set is a bitset, zero pages cost a header; post-copy and
   * hybrid pull with the page-level engine's pull phase (demand faults first, active
   * push), at the mean rate the pull's flow got on the shared link.
   * @default {"closed-form"}
   */
  fidelity?: "closed-form" | "page";
  /**
   * Seed of the run (page fidelity): each request's workload seed defaults to
   * `${seed}/${id}`.
   * @default {0}
   */
  seed?: Seed;
  /**
   * How page-level pre-copy draws what the workload dirties (as the engine's
   * `options.sampler`): `"per-write"` draws every write (stream `(seed,
   * "workload")`, the engine's default); `"counts"` draws, per round, how many pages
   * of each run of equal probability were written (stream `(seed, "counts")`: the
   * engine's counts sampler, exact in distribution, at a cost independent of the
   * writes; refused where it is not exact, e.g. zero pages or a trace); `"auto"`:
   * counts where exact, else per write. Offline and hybrid draw per write.
   * @default {"per-write"}
   */
  sampler?: SamplerOption;
  /**
   * Whether to account what each link carried (`links`, `peakLinkUtilization`): a pass over
   * every flow's links at every start and end. With false, `links` is empty and
   * `peakLinkUtilization` NaN (not measured); the migrations' rows are the same.
   * @default {true}
   */
  linkUsage?: boolean;
}

/** What happened to one migration of a {@link simulateMigrations} run. */
export interface SharedMigrationRow {
  /** The request's id. */
  id: string;
  /** The technique. */
  technique: SharedTechnique;
  /** Source host. */
  sourceHost: string;
  /** Destination host. */
  destinationHost: string;
  /** When it was released (could have started), seconds. */
  releaseSeconds: number;
  /** When it was admitted and started, seconds. */
  startSeconds: number;
  /** When it ended (the VM runs at the destination with every page), seconds. */
  endSeconds: number;
  /** `startSeconds - releaseSeconds`: time spent waiting for admission. */
  waitSeconds: number;
  /** `endSeconds - startSeconds`. */
  totalSeconds: number;
  /** How long the VM ran nowhere, seconds. */
  downtimeSeconds: number;
  /** Bytes the migration put on the wire. */
  bytesSent: number;
  /** Push rounds plus the stop-and-copy (pre-copy); 1 (offline); 2 (post-copy). */
  rounds: number;
  /** Whether the push phase met its target. */
  converged: boolean;
  /**
   * Post-copy and hybrid at page fidelity: accesses that found their page absent at
   * the destination (else 0).
   */
  remoteFaults: number;
  /** Post-copy and hybrid at page fidelity: vCPU stall those faults caused, seconds (else 0). */
  stallSeconds: number;
  /** Why the push phase stopped. */
  stopReason: StopReason;
  /** Mean rate the migration got while sending, bytes per second. */
  meanBytesPerSecond: number;
}

/** What {@link simulateMigrations} returns. */
export interface SharedMigrationsResult {
  /** The fidelity of the run. */
  fidelity: "closed-form" | "page";
  /** The seed of the run. */
  seed: Seed;
  /** One row per migration, in request order. */
  migrations: SharedMigrationRow[];
  /** One row per link, in network order (none with `linkUsage: false`). */
  links: LinkUsage[];
  /** When the last migration ended, seconds. */
  makespanSeconds: number;
  /** Sum of the migrations' downtimes, seconds. */
  totalDowntimeSeconds: number;
  /** Largest downtime of any migration, seconds. */
  maxDowntimeSeconds: number;
  /** Bytes all migrations put on the wire. */
  bytesSent: number;
  /** Most migrations in flight at once. */
  peakConcurrent: number;
  /** Highest `peakUtilization` of any link (NaN with `linkUsage: false`: not measured). */
  peakLinkUtilization: number;
}

const ACTION = "simulate migrations";
const TECHNIQUES: readonly SharedTechnique[] = ["offline", "pre-copy", "post-copy", "hybrid"];
const ORDERS: readonly AdmissionOrder[] = ["as-given", "smallest-first", "largest-first"];
const COVERED_KINDS = ["idle", "uniform", "hot-cold", "zipf"] as const;
const FIDELITIES = ["closed-form", "page"] as const;

const OPTION_NAMES = optionNames<SimulateMigrationsOptions>({
  admission: 0,
  order: 0,
  fidelity: 0,
  seed: 0,
  sampler: 0,
  linkUsage: 0,
});
const REQUEST_FIELDS = optionNames<MigrationRequest>({
  id: 0,
  vm: 0,
  sourceHost: 0,
  destinationHost: 0,
  route: 0,
  technique: 0,
  preCopyRounds: 0,
  releaseSeconds: 0,
  stopRules: 0,
  preset: 0,
  maxBandwidthBytesPerSecond: 0,
  pageOverheadBytes: 0,
  zeroPageSeconds: 0,
  seed: 0,
});

/**
 * Simulates several migrations at once over a shared network: each migration's
 * transfers are flows on a {@link FlowNetwork}, whose links are shared max-min
 * fairly among the flows crossing them and re-shared at every flow start and end
 * (event-driven, on the event kernel). Admission limits hold migrations back until
 * they fit (per cluster, host, direction and link, see `AdmissionLimits`).
 *
 * Each migration is a process of the event loop that follows the closed-form round
 * model of its technique (`closedFormPreCopy`, `closedFormOffline`,
 * `closedFormPostCopy` with active push), with the rates it gets rather than a
 * fixed one:
 *
 * - pre-copy: push round `i` is a flow of `n_i (S + o)` bytes; when it ends after
 *   `T_i` seconds (however the share changed meanwhile) the VM has made
 *   `lambda T_i` writes, dirtying `d_i` distinct pages (the closed form's `"pages"`
 *   model); the stop rules are checked with the share the round had when it ended
 *   as the bandwidth estimate; then the next round, or the stop-and-copy flow of
 *   `d_n (S + o) + stateBytes` bytes, after which the VM resumes one route latency
 *   (and the preset's resume time) later: that is its downtime.
 * - offline: one flow of every page and the state; downtime is the whole migration.
 * - post-copy: the state (downtime: its flow plus latency), then one flow of every
 *   page while the VM runs at the destination; it ends one latency after the last
 *   byte. Stall time is not modelled here.
 * - hybrid: `preCopyRounds` pre-copy rounds, then post-copy of the pages the last
 *   round left dirty.
 *
 * Zero pages (`vm.workload.zeroPages`) cost a header each, as in the closed forms:
 * the `round(initialShare x P)` zero pages of time 0 in the first round, the offline
 * flow and the post-copy pull, and a share `zeroingWriteShare` of the pages sent
 * again.
 *
 * The sender's zero-page scan (`request.zeroPageSeconds`, the engine's
 * `LinkSpec.zeroPageSeconds`): a batch (push round, stop-and-copy, offline copy, pull)
 * holding `z` zero pages first takes `z x zeroPageSeconds` of the migration's own CPU, with
 * its flow off the links meanwhile (the other flows share them without it; each migration
 * scans on its own), then its bytes go as one flow. As in the engine, the scan adds to the
 * batch's seconds: a round's writes see it, a stop-and-copy's downtime and a pull's end
 * include it, and post-copy's pull slots a zero page in its header's time plus the scan.
 * The stop rules' rate and `meanBytesPerSecond` are the flows' alone.
 *
 * With `fidelity: "page"`, every technique runs at page level instead: each VM's
 * workload (stream `(seed, "workload")`) draws its writes over each round's actual
 * duration into a dirty bitset, and the engine's link accounting charges zero pages
 * as a header, exactly as `simulatePreCopy` does under the end-of-round presets.
 * Post-copy and hybrid pull with the engine's pull phase (the VM's accesses from its
 * execution time at resume, the source's zero pages at the suspend a header each,
 * demand faults first, active push, each page once) at
 * the mean rate the pull's flow got on the shared link: the flow's end is exact; the
 * faults see that mean rate rather than the share's changes within the pull
 * (`remoteFaults`, `stallSeconds`).
 *
 * Alone on a link, a migration gives the closed form's numbers, and at page
 * fidelity the page-level engine's, seed for seed, the zero-page scan included (tested).
 * One exception, at closed-form fidelity: the closed form's dirty set shrinks
 * geometrically without reaching 0, and under stop rules with no downtime target
 * (`dirty-rate-exceeds-link` with `max-bytes`, say) its rounds go on until they last less
 * than the shared clock can resolve; such a round takes 0 s here and dirties nothing, so
 * the migration stops there as converged (`dirty-pages-below`) where the closed form runs
 * to its round cap. Its times and bytes still agree within about 1e-13.
 *
 * @param network The links.
 * @param requests The migrations.
 * @param options Admission limits and order.
 * @returns Per-migration and per-link rows and the plan's makespan, downtime and peaks.
 *
 * @example Two equal offline migrations share a link: each gets half
 * ```ts
 * import { simulateMigrations } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 0,
 *   workload: { kind: "idle" as const } };
 * const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1e6 }] };
 * const move = (id: string) => ({ id, vm, sourceHost: "a", destinationHost: "b",
 *   route: ["l"], technique: "offline" as const });
 * const both = simulateMigrations(network, [move("x"), move("y")]);
 * assert.deepEqual(both.migrations.map((m) => m.totalSeconds), [2, 2]);
 * const oneAtATime = simulateMigrations(network, [move("x"), move("y")],
 *   { admission: { maxConcurrent: 1 } });
 * assert.deepEqual(oneAtATime.migrations.map((m) => m.endSeconds), [1, 2]);
 * ```
 *
 * @example A zero-page scan keeps its migration's flow off the link
 * ```ts
 * import { simulateMigrations } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // x: 500 zero pages (no wire byte) scanned at 1 ms each, then 5e5 bytes; y: 1e6 bytes.
 * const vm = { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 0,
 *   workload: { kind: "idle" as const } };
 * const x = { ...vm, workload: { kind: "idle" as const, zeroPages: { initialShare: 0.5 } } };
 * const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1e6 }] };
 * const r = simulateMigrations(network, [
 *   { id: "x", vm: x, sourceHost: "a", destinationHost: "b", route: ["l"],
 *     technique: "offline", zeroPageSeconds: 1e-3 },
 *   { id: "y", vm, sourceHost: "a", destinationHost: "b", route: ["l"], technique: "offline" },
 * ]);
 * // y sends alone during x's 0.5 s scan, then both share: the link is never idle
 * assert.deepEqual(r.migrations.map((m) => m.totalSeconds), [1.5, 1.5]);
 * ```
 */
export function simulateMigrations(
  network: NetworkSpec,
  requests: readonly MigrationRequest[],
  options: SimulateMigrationsOptions = {},
): SharedMigrationsResult {
  requiredOptions(ACTION, "options", options, OPTION_NAMES);
  const {
    admission = "unlimited",
    order = "as-given",
    fidelity = "closed-form",
    seed = 0,
    sampler = "per-write",
    linkUsage = true,
  } = options;
  // The shared-link engine draws writes one by one or from counts (no per-page sampler).
  oneOf(ACTION, "options.sampler", sampler, FLEET_SAMPLERS);
  const limits = resolveAdmissionLimits(admission, ACTION);
  oneOf(ACTION, "options.order", order, ORDERS);
  oneOf(ACTION, "options.fidelity", fidelity, FIDELITIES);
  boolean(ACTION, "options.linkUsage", linkUsage);
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as options.seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  if (!Array.isArray(requests)) {
    throw new TypeError(
      `Cannot ${ACTION} as requests must be an array: current value is ${show(requests)}`,
    );
  }
  // each flow is read in its onDone: the network need not keep the records
  const net = createFlowNetwork(network, { keepFlows: false, linkUsage });
  const ids = new Set<string>();
  const compiled = new Map<readonly StopRule[], CompiledStopRules>();
  // the admission counters' hosts, indexed by each name's first appearance
  const hosts = new Map<string, number>();
  const jobs = requests.map((r, i) =>
    makeJob(r, i, ids, hosts, net, fidelity, seed, sampler, compiled)
  );

  const peakConcurrent = runMigrationJobs(net, jobs, hosts.size, net.linkCount, limits, order);

  // plain rows, the fields in the interface's order
  const migrations: SharedMigrationRow[] = jobs.map((j) =>
    sharedMigrationRow(requests[j.index]!, j.row)
  );
  const links = linkUsage ? net.linkUsage() : [];
  let makespan = 0;
  let totalDowntime = 0;
  let maxDowntime = 0;
  let bytes = 0;
  for (const m of migrations) {
    makespan = Math.max(makespan, m.endSeconds);
    totalDowntime += m.downtimeSeconds;
    maxDowntime = Math.max(maxDowntime, m.downtimeSeconds);
    bytes += m.bytesSent;
  }
  return {
    fidelity,
    seed,
    migrations,
    links,
    makespanSeconds: makespan,
    totalDowntimeSeconds: totalDowntime,
    maxDowntimeSeconds: maxDowntime,
    bytesSent: bytes,
    peakConcurrent,
    peakLinkUtilization: linkUsage ? Math.max(0, ...links.map((l) => l.peakUtilization)) : NaN,
  };
}

/** Validates a request and resolves its preset, rates and latency. */
function makeJob(
  r: MigrationRequest,
  i: number,
  ids: Set<string>,
  hosts: Map<string, number>,
  net: FlowNetwork,
  fidelity: "closed-form" | "page",
  runSeed: Seed,
  sampler: SamplerOption,
  compiled: Map<readonly StopRule[], CompiledStopRules>,
): MigrationJob {
  const at = `requests[${i}]`;
  requiredOptions(ACTION, at, r, REQUEST_FIELDS);
  if (typeof r.id !== "string" || r.id === "" || ids.has(r.id)) {
    throw new TypeError(
      `Cannot ${ACTION} as ${at}.id must be a unique non-empty string: current value is ${
        show(r.id)
      }`,
    );
  }
  ids.add(r.id);
  for (const f of ["sourceHost", "destinationHost"] as const) {
    if (typeof r[f] !== "string") {
      throw new TypeError(
        `Cannot ${ACTION} as ${at}.${f} must be a string: current value is ${show(r[f])}`,
      );
    }
  }
  if (r.sourceHost === r.destinationHost) {
    throw new RangeError(
      `Cannot ${ACTION} as ${at}.destinationHost must differ from its sourceHost: current value is ${
        show(r.destinationHost)
      }`,
    );
  }
  checkVm(r.vm, `${at}.vm`, ACTION);
  const page = fidelity === "page";
  if (!page) oneOf(ACTION, `${at}.vm.workload.kind`, r.vm.workload.kind, COVERED_KINDS);
  const technique = oneOf(ACTION, `${at}.technique`, r.technique ?? "pre-copy", TECHNIQUES);
  const preCopyRounds = integer(ACTION, `${at}.preCopyRounds`, r.preCopyRounds ?? 1, 1);
  const release = nonNegative(ACTION, `${at}.releaseSeconds`, r.releaseSeconds ?? 0);
  if (!Array.isArray(r.route) || r.route.length === 0) {
    throw new TypeError(
      `Cannot ${ACTION} as ${at}.route must be a non-empty array of link ids: current value is ${
        show(r.route)
      }`,
    );
  }
  // a link crossed twice would carry the flow twice and count twice against its limits
  const repeated = r.route.find((id, k) => r.route.indexOf(id) !== k);
  if (repeated !== undefined) {
    throw new RangeError(
      `Cannot ${ACTION} as ${at}.route must cross each link once: current value is ${
        show(r.route)
      } (${show(repeated)} twice)`,
    );
  }
  const latency = net.routeLatencySeconds(r.route, `${at}.route`);
  let preset: MigrationPreset;
  try {
    preset = closedFormPreset(ACTION, r.preset, r.stopRules);
  } catch (error) {
    if (!(error instanceof TypeError) || !error.message.includes("has no closed form")) throw error;
    // Both fidelities model end-of-round switch-over without skipped pages.
    throw new TypeError(
      `Cannot ${ACTION} as ${at}.preset must switch over at the end of a round without skipping pages (as "default" and "xen" do): current value is ${
        show(typeof r.preset === "string" ? r.preset : r.preset?.name)
      }`,
    );
  }
  const cap = r.maxBandwidthBytesPerSecond;
  if (cap !== undefined && cap !== Infinity) {
    positive(ACTION, `${at}.maxBandwidthBytesPerSecond`, cap);
  }
  const liveCap = cap === Infinity ? undefined : cap;
  const overhead = nonNegative(ACTION, `${at}.pageOverheadBytes`, r.pageOverheadBytes ?? 0);
  const zeroPageSeconds = nonNegative(ACTION, `${at}.zeroPageSeconds`, r.zeroPageSeconds ?? 0);
  const wire = pageWireBytes(r.vm.pageSizeBytes, {
    bandwidthBytesPerSecond: 1,
    pageOverheadBytes: overhead,
  });
  let counts = false;
  if (page && technique === "pre-copy" && sampler !== "per-write") {
    const reason = countsInexactReason({
      technique,
      workload: r.vm.workload,
      pageCount: r.vm.pageCount,
      preset,
      checked: false,
      mechanisms: false,
      maxWrites: Infinity,
      liveSecondsBound: 0,
    });
    if (reason !== undefined && sampler === "counts") {
      throw new RangeError(
        `Cannot ${ACTION} as options.sampler "counts" is not exact for ${at}: ${reason}`,
      );
    }
    counts = reason === undefined;
  }
  const source = indexOf(hosts, r.sourceHost);
  return new MigrationJob(
    i,
    r.vm,
    technique,
    release,
    preset,
    compiledRules(compiled, preset.stopRules),
    wire,
    overhead,
    liveCap,
    latency,
    page,
    counts,
    preCopyRounds,
    r.seed ?? `${runSeed}/${r.id}`,
    source,
    indexOf(hosts, r.destinationHost),
    net.linkIndices(r.route, `${at}.route`),
    zeroPageSeconds,
  );
}

/** The index of `key` in `m`, given the next one when it is new. */
function indexOf(m: Map<string, number>, key: string): number {
  let i = m.get(key);
  if (i === undefined) m.set(key, i = m.size);
  return i;
}

/** A migration's row: the request's names and the run's numbers, in the interface's order. */
function sharedMigrationRow(r: MigrationRequest, s: RowState): SharedMigrationRow {
  return {
    id: r.id,
    technique: s.technique,
    sourceHost: r.sourceHost,
    destinationHost: r.destinationHost,
    releaseSeconds: s.releaseSeconds,
    startSeconds: s.startSeconds,
    endSeconds: s.endSeconds,
    waitSeconds: s.waitSeconds,
    totalSeconds: s.totalSeconds,
    downtimeSeconds: s.downtimeSeconds,
    bytesSent: s.bytesSent,
    rounds: s.rounds,
    converged: s.converged,
    remoteFaults: s.remoteFaults,
    stallSeconds: s.stallSeconds,
    stopReason: s.stopReason,
    meanBytesPerSecond: s.meanBytesPerSecond,
  };
}

/** The rules compiled, from `cache` when this run compiled them already. */
function compiledRules(
  cache: Map<readonly StopRule[], CompiledStopRules>,
  rules: readonly StopRule[],
): CompiledStopRules {
  let c = cache.get(rules);
  if (c === undefined) cache.set(rules, c = compileStopRules(rules));
  return c;
}
