import { boolean, integer, nonNegative, object, oneOf, positive, show } from "../_validate.ts";
import { closedFormPreset } from "../migration/_closed_form_preset.ts";
import {
  closedFormInitialZeroPages,
  closedFormZeroingShare,
} from "../migration/_closed_form_zero_pages.ts";
import {
  type CompiledStopRules,
  compileStopRules,
  decideStop,
} from "../migration/_compiled_stop_rules.ts";
import { type Bitset, createBitset } from "../migration/bitset.ts";
import { pullPhase } from "../migration/_pull.ts";
import { POST_COPY_MAX_EVENTS, POST_COPY_MAX_SECONDS } from "../migration/post_copy.ts";
import type { Workload } from "../workload/workload.ts";
import { dirtyCounter } from "../migration/_counts_pre_copy.ts";
import { countsInexactReason, type SamplerOption } from "../migration/sampler.ts";

import { createLink, pageWireBytes } from "../migration/link.ts";
import type { MigrationPreset, PresetName } from "../migration/presets.ts";
import type { StopReason } from "../migration/result.ts";
import { MAX_PUSH_ROUNDS, type StopRule } from "../migration/stop_rules.ts";
import { validateVm } from "../migration/validate.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import {
  createFlowNetwork,
  type FlowNetwork,
  type FlowRecord,
  type LinkUsage,
} from "../network/flow_network.ts";
import type { NetworkSpec } from "../network/network_spec.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { createWorkload } from "../workload/create_workload.ts";
import { createDistinctPagesModel } from "../workload/expected_dirty_pages.ts";
import {
  type AdmissionLimits,
  type AdmissionPresetName,
  resolveAdmissionLimits,
} from "./admission_limits.ts";

/** The samplers of the shared-link engine. */
const FLEET_SAMPLERS: readonly SamplerOption[] = ["per-write", "counts", "auto"];

/** Techniques {@link simulateMigrations} runs over a shared network. */
export type SharedTechnique = "offline" | "pre-copy" | "post-copy" | "hybrid";

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
   * Page fidelity: seed of this VM's workload, which draws from stream
   * `(seed, "workload")` as in the single-migration engine.
   * @default {`${options.seed}/${id}`}
   */
  seed?: Seed;
}

/** How pending migrations are ordered for admission. */
export type AdmissionOrder = "as-given" | "smallest-first" | "largest-first";

/** Options of {@link simulateMigrations}. */
export interface SimulateMigrationsOptions {
  /**
   * Admission limits, by preset name or as an object (see `ADMISSION_LIMITS`).
   * @default {"unlimited"}
   */
  admission?: AdmissionPresetName | AdmissionLimits;
  /**
   * Order in which waiting migrations are considered: as given, smallest memory
   * first, or largest first. A migration that does not fit does not block the ones
   * behind it.
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
   * Whether to account what each link carried (`links`, `peakLinkUtilisation`): a pass over
   * every flow's links at every start and end. With false, `links` is empty and
   * `peakLinkUtilisation` NaN (not measured); the migrations' rows are the same.
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
  /** Highest `peakUtilisation` of any link (NaN with `linkUsage: false`: not measured). */
  peakLinkUtilisation: number;
}

const ACTION = "simulate migrations";
const TECHNIQUES: readonly SharedTechnique[] = ["offline", "pre-copy", "post-copy", "hybrid"];
const ORDERS: readonly AdmissionOrder[] = ["as-given", "smallest-first", "largest-first"];
const COVERED_KINDS = ["idle", "uniform", "hot-cold", "zipf"] as const;
const FIDELITIES = ["closed-form", "page"] as const;

/**
 * A migration's row while it runs: the fields of {@link SharedMigrationRow} in its order, in
 * a class so that V8 never pretenures it (an object literal's allocation site is moved to
 * the old generation once the rows of a run survive a scavenge, and every later row then
 * costs an old-generation allocation and write barriers); copied to a plain row at the end.
 */
class RowState implements SharedMigrationRow {
  id: string;
  technique: SharedTechnique;
  sourceHost: string;
  destinationHost: string;
  releaseSeconds: number;
  startSeconds: number;
  endSeconds: number;
  waitSeconds = 0;
  totalSeconds = 0;
  downtimeSeconds = 0;
  bytesSent = 0;
  rounds = 0;
  converged = true;
  remoteFaults = 0;
  stallSeconds = 0;
  stopReason: StopReason;
  meanBytesPerSecond = 0;
  constructor(r: MigrationRequest, technique: SharedTechnique, release: number) {
    this.id = r.id;
    this.technique = technique;
    this.sourceHost = r.sourceHost;
    this.destinationHost = r.destinationHost;
    this.releaseSeconds = this.startSeconds = this.endSeconds = release;
    this.stopReason = technique === "offline"
      ? "offline"
      : technique === "post-copy" || technique === "hybrid"
      ? "all-pages-received"
      : "max-rounds";
  }
}

/** A request with everything resolved (a class, for the reason {@link RowState} gives). */
class Job {
  constructor(
    readonly index: number,
    readonly request: MigrationRequest,
    readonly technique: SharedTechnique,
    readonly release: number,
    readonly preset: MigrationPreset,
    readonly wire: number,
    readonly liveCap: number | undefined,
    readonly finalCap: number | undefined,
    readonly latency: number,
    readonly page: boolean,
    /** Page-level pre-copy from counts (the engine's counts sampler). */
    readonly counts: boolean,
    readonly preCopyRounds: number,
    readonly seed: Seed,
    /** The preset's stop rules, compiled (once per rule list in a run). */
    readonly stopRules: CompiledStopRules,
    readonly row: RowState,
  ) {}
}

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
 * fidelity the page-level engine's, seed for seed (tested).
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
 */
export function simulateMigrations(
  network: NetworkSpec,
  requests: readonly MigrationRequest[],
  options: SimulateMigrationsOptions = {},
): SharedMigrationsResult {
  object(ACTION, "options", options);
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
  const jobs = requests.map((r, i) => makeJob(r, i, ids, net, fidelity, seed, sampler, compiled));

  const pending = jobs.slice();
  if (order !== "as-given") {
    const sign = order === "smallest-first" ? 1 : -1;
    const memory = (j: Job) => j.request.vm.pageCount * j.request.vm.pageSizeBytes;
    pending.sort((a, b) => sign * (memory(a) - memory(b)) || a.index - b.index);
  }
  pending.sort((a, b) => a.release - b.release);

  let inFlight = 0;
  let peakConcurrent = 0;
  // the admission counters by host and link, indexed by each name's first appearance
  const hostIndex = new Map<string, number>(), linkIndex = new Map<string, number>();
  const indexOf = (m: Map<string, number>, key: string): number => {
    let i = m.get(key);
    if (i === undefined) m.set(key, i = m.size);
    return i;
  };
  const jobSource = jobs.map((j) => indexOf(hostIndex, j.request.sourceHost));
  const jobDestination = jobs.map((j) => indexOf(hostIndex, j.request.destinationHost));
  const jobLinks = jobs.map((j) => j.request.route.map((l) => indexOf(linkIndex, l)));
  const outbound = new Int32Array(hostIndex.size), inbound = new Int32Array(hostIndex.size);
  const perHost = new Int32Array(hostIndex.size), perLink = new Int32Array(linkIndex.size);

  const fits = (j: Job): boolean => {
    const source = jobSource[j.index]!, destination = jobDestination[j.index]!;
    if (inFlight + 1 > limits.maxConcurrent) return false;
    if (outbound[source]! + 1 > limits.maxOutboundPerHost) return false;
    if (inbound[destination]! + 1 > limits.maxInboundPerHost) return false;
    if (perHost[source]! + 1 > limits.maxPerHost) return false;
    if (perHost[destination]! + 1 > limits.maxPerHost) return false;
    const links = jobLinks[j.index]!;
    for (let i = 0; i < links.length; i++) {
      if (perLink[links[i]!]! + 1 > limits.maxPerLink) return false;
    }
    return true;
  };
  const hold = (j: Job, d: number) => {
    const source = jobSource[j.index]!, destination = jobDestination[j.index]!;
    inFlight += d;
    outbound[source]! += d;
    inbound[destination]! += d;
    perHost[source]! += d;
    perHost[destination]! += d;
    const links = jobLinks[j.index]!;
    for (let i = 0; i < links.length; i++) perLink[links[i]!]! += d;
  };
  // Admission. Scans run in pending order and admit each migration that fits; a scan leaves
  // every released migration it passed over unfitting, and admitting only raises the
  // counters, so after a migration ends only those sharing a host or link with it can fit
  // (or any, under a cluster-wide limit): those alone are scanned, in pending order, with
  // the same admissions as a scan of the whole queue.
  const queued = new Uint8Array(jobs.length).fill(1);
  const rank = new Int32Array(jobs.length);
  pending.forEach((j, i) => rank[j.index] = i);
  // the queued migrations by host and by link, in pending order (admitted ones dropped lazily)
  const atHost: Job[][] = Array.from({ length: hostIndex.size }, () => []);
  const onLink: Job[][] = Array.from({ length: linkIndex.size }, () => []);
  for (const j of pending) {
    const source = jobSource[j.index]!, destination = jobDestination[j.index]!;
    atHost[source]!.push(j);
    if (destination !== source) atHost[destination]!.push(j);
    for (const l of new Set(jobLinks[j.index]!)) onLink[l]!.push(j);
  }
  const seen = new Int32Array(jobs.length);
  let stamp = 0;
  const candidates: Job[] = [];
  const gather = (list: Job[]) => {
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const j = list[i]!;
      if (queued[j.index] === 0) continue;
      list[kept++] = j;
      if (seen[j.index] !== stamp) {
        seen[j.index] = stamp;
        candidates.push(j);
      }
    }
    list.length = kept;
  };
  const start = (j: Job, n: FlowNetwork): void => {
    const now = n.nowSeconds;
    queued[j.index] = 0;
    hold(j, 1);
    peakConcurrent = Math.max(peakConcurrent, inFlight);
    j.row.startSeconds = now;
    j.row.waitSeconds = now - j.release;
    run(j, n, () => {
      hold(j, -1);
      admitAfter(j, n);
    });
  };
  /** Scans the whole queue (at a release, or under a cluster-wide limit). */
  const admit = (n: FlowNetwork): void => {
    const now = n.nowSeconds;
    let kept = 0;
    for (let i = 0; i < pending.length; i++) {
      const j = pending[i]!;
      if (queued[j.index] === 0) continue;
      if (j.release <= now && fits(j)) start(j, n);
      else pending[kept++] = j;
    }
    pending.length = kept;
  };
  /** Scans the queued migrations sharing a host or a link with `ended`, which just ended. */
  const admitAfter = (ended: Job, n: FlowNetwork): void => {
    // A release's whole scan comes first at its time: the release calls are queued before
    // the run, and calls at equal times run in the order they were queued.
    if (limits.maxConcurrent !== Infinity) return admit(n);
    const now = n.nowSeconds;
    stamp++;
    candidates.length = 0;
    gather(atHost[jobSource[ended.index]!]!);
    gather(atHost[jobDestination[ended.index]!]!);
    for (const l of jobLinks[ended.index]!) gather(onLink[l]!);
    if (candidates.length === 0) return;
    candidates.sort((a, b) => rank[a.index]! - rank[b.index]!);
    // `start` never ends a migration at once (its flows and calls go through the event queue)
    for (const j of candidates) if (j.release <= now && fits(j)) start(j, n);
  };
  for (const t of [...new Set(jobs.map((j) => j.release))].sort((a, b) => a - b)) {
    net.at(t, admit);
  }
  net.run();

  // plain rows, the fields in the interface's order
  const migrations: SharedMigrationRow[] = jobs.map((j) => ({ ...j.row }));
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
    peakLinkUtilisation: linkUsage ? Math.max(0, ...links.map((l) => l.peakUtilisation)) : NaN,
  };
}

/** Validates a request and resolves its preset, rates and latency. */
function makeJob(
  r: MigrationRequest,
  i: number,
  ids: Set<string>,
  net: FlowNetwork,
  fidelity: "closed-form" | "page",
  runSeed: Seed,
  sampler: SamplerOption,
  compiled: Map<readonly StopRule[], CompiledStopRules>,
): Job {
  const at = `requests[${i}]`;
  object(ACTION, at, r);
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
  validateVm(r.vm);
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
  const wire = pageWireBytes(r.vm.pageSizeBytes, {
    bandwidthBytesPerSecond: 1,
    pageOverheadBytes: nonNegative(ACTION, `${at}.pageOverheadBytes`, r.pageOverheadBytes ?? 0),
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
  return new Job(
    i,
    r,
    technique,
    release,
    preset,
    wire,
    liveCap,
    preset.capSemantics === "live-only" ? undefined : liveCap,
    latency,
    page,
    counts,
    preCopyRounds,
    r.seed ?? `${runSeed}/${r.id}`,
    compiledRules(compiled, preset.stopRules),
    new RowState(r, technique, release),
  );
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

/** Runs one migration as a process; calls `done` when the VM runs at the destination. */
function run(j: Job, net: FlowNetwork, done: () => void): void {
  const { request: r, row, wire } = j;
  const vm = r.vm;
  const setup = j.preset.setupSeconds;
  const resume = j.preset.resumeSeconds;
  const start = net.nowSeconds;
  let sendingSeconds = 0;
  const send = (
    bytes: number,
    cap: number | undefined,
    label: string,
    then: (seconds: number, rate: number) => void,
  ) => {
    row.bytesSent += bytes;
    const onDone = (f: FlowRecord) => {
      const seconds = f.endSeconds - f.startSeconds;
      sendingSeconds += seconds;
      then(seconds, f.lastBytesPerSecond);
    };
    // two literals rather than a spread, which takes V8's slow path at every flow
    const route = r.route, flowLabel = `${r.id}/${label}`;
    net.startFlow(
      cap === undefined
        ? { route, bytes, label: flowLabel, onDone }
        : { route, bytes, label: flowLabel, maxBytesPerSecond: cap, onDone },
    );
  };
  const finish = (downtime: number) => {
    const end = net.nowSeconds + j.latency + resume;
    row.downtimeSeconds = downtime + j.latency + resume;
    row.endSeconds = end;
    row.totalSeconds = end - start;
    row.meanBytesPerSecond = sendingSeconds > 0 ? row.bytesSent / sendingSeconds : 0;
    // The admission slot is freed when the VM runs at the destination.
    net.at(j.latency + resume, () => done());
  };
  // A zero page costs its header (and the preset's zero-page payload).
  const zeroWire = (r.pageOverheadBytes ?? 0) + j.preset.zeroPagePayloadBytes;
  // Closed form: the VM's zero pages of time 0 (offline and post-copy stop it then;
  // pre-copy's first round finds them), and the share of re-sent pages that are zero.
  const zeroAtStart = closedFormInitialZeroPages(vm);
  const zeroing = closedFormZeroingShare(vm);
  /** Wire bytes of `n` pages of which `z` are zero. */
  const wireOf = (n: number, z: number) => z === 0 ? n * wire : (n - z) * wire + z * zeroWire;
  const all = wireOf(vm.pageCount, zeroAtStart);
  /**
   * The switch to post-copy: the state (the downtime, as the VM stops), then one
   * latency and the resume later the VM runs at the destination and `pullBytes`
   * follow as one flow; `onPull` gets the flow's seconds when it ends.
   */
  const switchToPostCopy = (pullBytes: number, onPull?: (seconds: number) => void) => {
    send(vm.stateBytes, j.finalCap, "state", (seconds) => {
      const downtime = seconds + j.latency + resume;
      const end = () => {
        const at = net.nowSeconds + (pullBytes > 0 ? j.latency : 0);
        row.downtimeSeconds = downtime;
        row.endSeconds = at;
        row.totalSeconds = at - start;
        row.meanBytesPerSecond = row.bytesSent / sendingSeconds;
        net.at(pullBytes > 0 ? j.latency : 0, () => done());
      };
      net.at(j.latency + resume, () => {
        if (pullBytes === 0) return end();
        send(pullBytes, j.liveCap, "pull", (pullSeconds) => {
          onPull?.(pullSeconds);
          end();
        });
      });
    });
  };
  /**
   * The end of a push round: the stop rules see it (`bytesSent` so far, `sent` pages
   * out in the round, `dirtied` pages dirty after it, `rate` the share the round's
   * flow had last). On a stop the row takes the decision and counts the
   * stop-and-copy as a round, and `finalCopy` sends it; false means push again.
   */
  const stopAfterRound = (
    compiled: CompiledStopRules,
    bytesSent: number,
    sent: number,
    dirtied: number,
    rate: number,
    finalCopy: () => void,
  ): boolean => {
    const stop = decideStop(compiled, {
      round: row.rounds,
      bytesSent,
      memoryBytes: vm.pageCount * vm.pageSizeBytes,
      dirtyPages: dirtied,
      pagesSentLastRound: sent,
      pagesDirtiedLastRound: dirtied,
      wirePageBytes: wire,
      bytesPerSecond: rate,
    }, MAX_PUSH_ROUNDS);
    if (stop === undefined) return false;
    row.converged = stop.converged;
    row.stopReason = stop.reason;
    row.rounds++;
    finalCopy();
    return true;
  };
  const begin = () => {
    if (j.page) {
      return j.technique === "post-copy"
        ? pagePostCopy()
        : j.counts
        ? countsPreCopy()
        : pagePreCopy();
    }
    if (j.technique === "offline") {
      row.rounds = 1;
      const t0 = net.nowSeconds;
      send(all + vm.stateBytes, j.finalCap, "offline", () => finish(net.nowSeconds - t0));
      return;
    }
    if (j.technique === "post-copy") {
      row.rounds = 2;
      switchToPostCopy(all);
      return;
    }
    preCopy();
  };

  /**
   * The page-level pull over the shared link: the engine's pull phase (demand faults
   * first, then active push, each page once) at the mean rate the pull's flow got,
   * from the pages already at the destination and the VM's execution time at resume.
   * Alone on a link that rate is the link's, and the pull is the engine's.
   */
  const pagePull = (
    workload: Workload,
    missing: Bitset | undefined,
    execSeconds: number,
  ) => {
    const arrived = createBitset(vm.pageCount);
    if (missing !== undefined) {
      const a = arrived.words;
      const m = missing.words;
      for (let i = 0; i < a.length; i++) a[i] = ~m[i]!;
      const tail = vm.pageCount & 31;
      if (tail !== 0) a[a.length - 1]! &= (1 << tail) - 1;
    }
    const pages = vm.pageCount - arrived.count();
    // The source's zero pages at the suspend go as a header each (as the engine's pull).
    let zeroPages: Bitset | undefined;
    let zeros = 0;
    if (workload.zeroPages !== undefined) {
      zeroPages = createBitset(vm.pageCount);
      zeroPages.copyFrom(workload.zeroPages);
      zeros = zeroPages.count() - zeroPages.countAnd(arrived);
    }
    const pullBytes = wireOf(pages, zeros);
    row.rounds += 2; // the state, then the pull
    switchToPostCopy(pullBytes, (seconds) => {
      const rate = pullBytes / seconds;
      const outcome = pullPhase({
        pageCount: vm.pageCount,
        wirePageBytes: wire,
        bytesPerSecond: rate,
        zeroPages,
        zeroSlotSeconds: zeroWire / rate,
        latencySeconds: j.latency,
        arrived,
        startSeconds: 0,
        startExecSeconds: execSeconds,
        workload,
        fetch: "active-push",
        maxSeconds: POST_COPY_MAX_SECONDS,
        maxEvents: POST_COPY_MAX_EVENTS,
      });
      row.remoteFaults = outcome.remoteFaults;
      row.stallSeconds = outcome.stallSeconds;
      if (outcome.stopped !== "all-pages-received") {
        row.converged = false;
        row.stopReason = outcome.stopped;
      }
    });
  };
  // Page fidelity from counts: per round, the pages of each run of equal probability
  // the workload wrote, one binomial draw per run (the engine's counts sampler,
  // `countsPushRounds`, on the same stream); without zero pages every page costs `wire`.
  const countsPreCopy = () => {
    const counter = dirtyCounter(vm.workload, vm.pageCount);
    const prng = createPrng(j.seed, "counts");
    const compiled = j.stopRules;
    let pages = vm.pageCount;
    let t = 0;
    let bytesSoFar = 0;
    const round = () => {
      const bytes = pages * wire;
      send(bytes, j.liveCap, `round-${row.rounds + 1}`, (seconds, rate) => {
        const d = counter.dirtied(prng, t, t + seconds);
        t += seconds;
        bytesSoFar += bytes;
        row.rounds++;
        const sent = pages;
        pages = d.pages;
        const finalCopy = () =>
          send(pages * wire + vm.stateBytes, j.finalCap, "stop-and-copy", (s) => finish(s));
        if (!stopAfterRound(compiled, bytesSoFar, sent, pages, rate, finalCopy)) round();
      });
    };
    round();
  };
  const pagePostCopy = () => {
    const workload = createWorkload(vm.workload, vm.pageCount, createPrng(j.seed, "workload"));
    pagePull(workload, undefined, 0);
  };

  const preCopy = () => {
    const spec = vm.workload;
    const writesPerSecond = spec.kind === "idle" || spec.kind === "phased" ||
        spec.kind === "trace"
      ? 0
      : spec.writesPerSecond;
    const distinct = writesPerSecond > 0 ? createDistinctPagesModel(spec, vm.pageCount) : () => 0;
    const compiled = j.stopRules;
    let toSend = vm.pageCount;
    let zeros = zeroAtStart;
    let bytes = 0;
    const round = () => {
      const roundBytes = wireOf(toSend, zeros);
      send(roundBytes, j.liveCap, `round-${row.rounds + 1}`, (seconds, rate) => {
        const dirtied = distinct(writesPerSecond * seconds);
        const sent = toSend;
        bytes += roundBytes;
        row.rounds++;
        toSend = dirtied;
        zeros = zeroing * dirtied;
        if (j.technique === "hybrid") {
          if (row.rounds < j.preCopyRounds) return round();
          row.rounds += 2; // the state, then the pull
          return switchToPostCopy(wireOf(toSend, zeros));
        }
        const finalCopy = () =>
          send(
            wireOf(toSend, zeros) + vm.stateBytes,
            j.finalCap,
            "stop-and-copy",
            (s) => finish(s),
          );
        if (!stopAfterRound(compiled, bytes, sent, dirtied, rate, finalCopy)) round();
      });
    };
    round();
  };

  // Page fidelity: the engine's own workload and wire accounting (zero pages as a
  // header), round by round, each round as long as its flow takes on the shared link.
  const pagePreCopy = () => {
    const workload = createWorkload(vm.workload, vm.pageCount, createPrng(j.seed, "workload"));
    const link = createLink(
      { bandwidthBytesPerSecond: 1, pageOverheadBytes: r.pageOverheadBytes ?? 0 },
      vm.pageSizeBytes,
      { zeroPages: workload.zeroPages, zeroPagePayloadBytes: j.preset.zeroPagePayloadBytes },
    );
    let toSend = createBitset(vm.pageCount);
    let dirty = createBitset(vm.pageCount);
    toSend.fill();
    const stopAndCopy = () => {
      const count = toSend.count();
      const bytes = link.sendPages("stop-and-copy", toSend, count).bytes + vm.stateBytes;
      send(
        bytes,
        j.finalCap,
        j.technique === "offline" ? "offline" : "stop-and-copy",
        (s) => finish(s),
      );
    };
    if (j.technique === "offline") {
      row.rounds = 1;
      return stopAndCopy();
    }
    const compiled = j.stopRules;
    let t = 0;
    let bytesSoFar = 0;
    const round = () => {
      const pages = toSend.count();
      const batch = link.sendPages("live", toSend, pages);
      send(batch.bytes, j.liveCap, `round-${row.rounds + 1}`, (seconds, rate) => {
        workload.write(t, t + seconds, dirty);
        t += seconds;
        bytesSoFar += batch.bytes;
        row.rounds++;
        const dirtied = dirty.count();
        const next = dirty;
        dirty = toSend;
        dirty.clear();
        toSend = next;
        if (j.technique === "hybrid") {
          if (row.rounds < j.preCopyRounds) return round();
          return pagePull(workload, toSend, t);
        }
        if (!stopAfterRound(compiled, bytesSoFar, pages, dirtied, rate, stopAndCopy)) round();
      });
    };
    round();
  };

  if (setup > 0) net.at(setup, begin);
  else begin();
}
