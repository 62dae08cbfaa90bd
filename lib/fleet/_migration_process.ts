/**
 * The shared-link engine's migrations once resolved: each migration as a process of a
 * {@link FlowNetwork} (its rounds as flows) and the admission that starts them. Internal:
 * `simulateMigrations` checks and resolves its requests into {@link MigrationJob}s and runs
 * them here; `simulateDatacenter`'s shared network builds the jobs of each update directly
 * from its arrays (its settings checked once per run, each VM's RAM within the engine's page
 * count before the run starts), without the requests' strings.
 *
 * @module
 */
import {
  closedFormInitialZeroPages,
  closedFormZeroingShare,
} from "../migration/_closed_form_zero_pages.ts";
import { type CompiledStopRules, decideStop } from "../migration/_compiled_stop_rules.ts";
import { type Bitset, createBitset } from "../migration/bitset.ts";
import { pullPhase } from "../migration/_pull.ts";
import { POST_COPY_MAX_EVENTS, POST_COPY_MAX_SECONDS } from "../migration/post_copy.ts";
import type { Workload } from "../workload/workload.ts";
import { dirtyCounter } from "../migration/_counts_pre_copy.ts";
import { createLink } from "../migration/link.ts";
import type { MigrationPreset } from "../migration/presets.ts";
import type { StopReason } from "../migration/result.ts";
import { MAX_PUSH_ROUNDS } from "../migration/stop_rules.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import type { FlowNetwork, FlowRecord } from "../network/flow_network.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { createWorkload } from "../workload/create_workload.ts";
import { createDistinctPagesModel } from "../workload/expected_dirty_pages.ts";
import type { AdmissionLimits } from "./admission_limits.ts";
import type { AdmissionOrder, SharedTechnique } from "./simulate_migrations.ts";

/**
 * A migration's numbers while it runs, in the order of `SharedMigrationRow`'s (which adds the
 * request's names): a class, so that V8 never pretenures it (an object literal's allocation
 * site is moved to the old generation once the rows of a run survive a scavenge, and every
 * later row then costs an old-generation allocation and write barriers).
 */
export class RowState {
  technique: SharedTechnique;
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
  constructor(technique: SharedTechnique, release: number) {
    this.technique = technique;
    this.releaseSeconds = this.startSeconds = this.endSeconds = release;
    this.stopReason = technique === "offline"
      ? "offline"
      : technique === "post-copy" || technique === "hybrid"
      ? "all-pages-received"
      : "max-rounds";
  }
}

/**
 * A migration with everything resolved (a class, for the reason {@link RowState} gives): the
 * VM, its technique and preset, the wire size of a page, its rate limit as the preset's cap
 * semantics bind it, its route's latency, its hosts and links as indices of the run's
 * admission counters and of the flow network, and its sender's seconds per zero page.
 */
export class MigrationJob {
  /** The rate limit of the live phases (undefined: none). */
  readonly liveCap: number | undefined;
  /** The rate limit of the stop-and-copy and the pull (undefined: none). */
  readonly finalCap: number | undefined;
  readonly row: RowState;
  /** The id of the flow it sends now, or sent last (-1: none yet). */
  flow = -1;
  /** Bytes it had sent at the run's checkpoint (NaN: no checkpoint, or not reached). */
  checkpointBytesSent = NaN;
  /** Whether it was still waiting for admission at the run's checkpoint. */
  checkpointWaiting = false;

  /**
   * @param index Position in the run's list.
   * @param vm The VM (checked).
   * @param technique The technique.
   * @param release Earliest start, seconds.
   * @param preset The closed-form preset (end-of-round switch-over).
   * @param stopRules Its stop rules, compiled.
   * @param wire Wire bytes of a page.
   * @param pageOverheadBytes Protocol bytes per page.
   * @param cap The migration's own rate limit (undefined: none).
   * @param latency The route's latency, seconds.
   * @param page Page fidelity.
   * @param counts Page-level pre-copy from counts (the engine's counts sampler).
   * @param preCopyRounds Hybrid: pre-copy rounds before post-copy.
   * @param seed The VM's seed (page fidelity).
   * @param source Source host, an index of the run's hosts.
   * @param destination Destination host, likewise.
   * @param links The route, indices of the network's links (a packed array of integers).
   * @param zeroPageSeconds Sender seconds per zero page it scans (`LinkSpec.zeroPageSeconds`):
   * added to each batch that holds zero pages, with the migration's flow off the links
   * meanwhile (see `runMigration`).
   */
  constructor(
    readonly index: number,
    readonly vm: VmSpec,
    readonly technique: SharedTechnique,
    readonly release: number,
    readonly preset: MigrationPreset,
    readonly stopRules: CompiledStopRules,
    readonly wire: number,
    readonly pageOverheadBytes: number,
    cap: number | undefined,
    readonly latency: number,
    readonly page: boolean,
    readonly counts: boolean,
    readonly preCopyRounds: number,
    readonly seed: Seed,
    readonly source: number,
    readonly destination: number,
    readonly links: readonly number[],
    readonly zeroPageSeconds = 0,
  ) {
    this.liveCap = cap;
    this.finalCap = preset.capSemantics === "live-only" ? undefined : cap;
    this.row = new RowState(technique, release);
  }
}

/**
 * A transfer already under way when the jobs are released (a migration started earlier, its
 * rest sent as one flow): it holds its admission slots from time 0 until its last byte.
 */
export interface BackgroundTransfer {
  /** Source and destination host indices (below the run's `hosts`). */
  readonly source: number;
  readonly destination: number;
  /** Link indices of its route. */
  readonly links: readonly number[];
  /** Bytes left to send (>= 0). */
  readonly bytes: number;
  /** Filled: the time its last byte arrives. */
  endSeconds: number;
  /** Filled at the run's checkpoint: the bytes it had left then (absent: no checkpoint). */
  checkpointBytesLeft?: number;
}

/**
 * Runs `jobs` on `net` under the admission `limits`, waiting migrations considered in
 * `order`, until every one has ended; returns the most in flight at once. Jobs' hosts are
 * indices below `hosts`, their links below `links`. The `background` transfers start at time
 * 0, before any job, whatever the limits, and hold their slots until they end (their
 * `endSeconds`), sharing the links max-min with the jobs' flows. At `checkpointSeconds`
 * (optional) each job's `checkpointBytesSent` and `checkpointWaiting` and each transfer's
 * `checkpointBytesLeft` are read (a read: the run is the same with or without it).
 *
 * Admission: scans run in pending order and admit each migration that fits; a scan leaves
 * every released migration it passed over unfitting, and admitting only raises the counters,
 * so after a migration ends only those sharing a host or link with it can fit (or any, under
 * a cluster-wide limit): those alone are scanned, in pending order, with the same admissions
 * as a scan of the whole queue.
 */
export function runMigrationJobs(
  net: FlowNetwork,
  jobs: readonly MigrationJob[],
  hosts: number,
  links: number,
  limits: Required<AdmissionLimits>,
  order: AdmissionOrder,
  background: readonly BackgroundTransfer[] = [],
  checkpointSeconds?: number,
): number {
  const pending = jobs.slice();
  if (order !== "as-given") {
    const sign = order === "smallest-first" ? 1 : -1;
    const memory = (j: MigrationJob) => j.vm.pageCount * j.vm.pageSizeBytes;
    pending.sort((a, b) => sign * (memory(a) - memory(b)) || a.index - b.index);
  }
  // No sort by release: among the migrations waiting at a time, `order` alone decides (a
  // scan skips those not yet released).

  let inFlight = 0;
  let peakConcurrent = 0;
  const outbound = new Int32Array(hosts), inbound = new Int32Array(hosts);
  const perHost = new Int32Array(hosts), perLink = new Int32Array(links);

  const fits = (j: MigrationJob): boolean => {
    const source = j.source, destination = j.destination;
    if (inFlight + 1 > limits.maxConcurrent) return false;
    if (outbound[source]! + 1 > limits.maxOutboundPerHost) return false;
    if (inbound[destination]! + 1 > limits.maxInboundPerHost) return false;
    if (perHost[source]! + 1 > limits.maxPerHost) return false;
    if (perHost[destination]! + 1 > limits.maxPerHost) return false;
    const route = j.links;
    for (let i = 0; i < route.length; i++) {
      if (perLink[route[i]!]! + 1 > limits.maxPerLink) return false;
    }
    return true;
  };
  const hold = (j: MigrationJob | BackgroundTransfer, d: number) => {
    const source = j.source, destination = j.destination;
    inFlight += d;
    outbound[source]! += d;
    inbound[destination]! += d;
    perHost[source]! += d;
    perHost[destination]! += d;
    const route = j.links;
    for (let i = 0; i < route.length; i++) perLink[route[i]!]! += d;
  };
  const queued = new Uint8Array(jobs.length).fill(1);
  const rank = new Int32Array(jobs.length);
  pending.forEach((j, i) => rank[j.index] = i);
  // the queued migrations by host and by link, in pending order (admitted ones dropped lazily)
  const atHost: MigrationJob[][] = Array.from({ length: hosts }, () => []);
  const onLink: MigrationJob[][] = Array.from({ length: links }, () => []);
  for (const j of pending) {
    atHost[j.source]!.push(j);
    if (j.destination !== j.source) atHost[j.destination]!.push(j);
    const route = j.links;
    for (let i = 0; i < route.length; i++) {
      // each link of the route once
      if (route.indexOf(route[i]!) === i) onLink[route[i]!]!.push(j);
    }
  }
  // a link every queued migration of a host's list crosses (its NIC, say), -1: none
  const hostLink = new Int32Array(hosts).fill(-1);
  for (let h = 0; h < hosts; h++) {
    const list = atHost[h]!;
    if (list.length === 0) continue;
    let common = list[0]!.links.slice();
    for (let i = 1; i < list.length && common.length > 0; i++) {
      const route = list[i]!.links;
      common = common.filter((l) => route.includes(l));
    }
    if (common.length > 0) hostLink[h] = common[0]!;
  }
  const seen = new Int32Array(jobs.length);
  let stamp = 0;
  // Where each list's queued migrations begin: the ones before were admitted (a list is
  // compacted when a scan reaches its end, else only its head moves past the admitted).
  const hostHead = new Int32Array(hosts), linkHead = new Int32Array(links);
  // admitAfter's lists (a host's or a link's), each one's key (host h, or -1 - link l) and
  // the position its scan has reached (-1: done)
  const scan: MigrationJob[][] = [];
  const scanKey: number[] = [];
  const scanAt: number[] = [];
  /**
   * Whether no migration of scan list i fits: every one of a host's list has the host as its
   * source or destination, every one of a link's list crosses the link.
   */
  const blocked = (i: number): boolean => {
    const key = scanKey[i]!;
    if (key < 0) return perLink[-1 - key]! + 1 > limits.maxPerLink;
    const shared = hostLink[key]!;
    return perHost[key]! + 1 > limits.maxPerHost ||
      (shared >= 0 && perLink[shared]! + 1 > limits.maxPerLink) ||
      (outbound[key]! + 1 > limits.maxOutboundPerHost &&
        inbound[key]! + 1 > limits.maxInboundPerHost);
  };
  /** Ends the scan of list i: compacted when it reached the end, else its head moved on. */
  const finish = (i: number, reachedEnd: boolean): void => {
    const list = scan[i]!, key = scanKey[i]!;
    const heads = key < 0 ? linkHead : hostHead, at = key < 0 ? -1 - key : key;
    let head = heads[at]!;
    if (reachedEnd) {
      let kept = 0;
      for (let k = head; k < list.length; k++) {
        const j = list[k]!;
        if (queued[j.index] === 1) list[kept++] = j;
      }
      list.length = kept;
      head = 0;
    } else {
      while (head < list.length && queued[list[head]!.index] === 0) head++;
    }
    heads[at] = head;
    scanAt[i] = -1;
  };
  const addScan = (list: MigrationJob[], key: number): void => {
    if (list.length === 0) return;
    scan.push(list);
    scanKey.push(key);
    scanAt.push(key < 0 ? linkHead[-1 - key]! : hostHead[key]!);
  };
  const start = (j: MigrationJob, n: FlowNetwork): void => {
    const now = n.nowSeconds;
    queued[j.index] = 0;
    hold(j, 1);
    peakConcurrent = Math.max(peakConcurrent, inFlight);
    j.row.startSeconds = now;
    j.row.waitSeconds = now - j.release;
    runMigration(j, n, () => {
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
  /**
   * Scans the queued migrations sharing a host or a link with `ended`, which just ended, in
   * pending order: the lists of its hosts and links merged by rank, each list dropped once
   * none of its migrations can fit (admitting only raises the counters, so it stays so for
   * the rest of the scan).
   */
  const admitAfter = (ended: MigrationJob | BackgroundTransfer, n: FlowNetwork): void => {
    // A release's whole scan comes first at its time: the release calls are queued before
    // the run, and calls at equal times run in the order they were queued.
    if (limits.maxConcurrent !== Infinity) return admit(n);
    const now = n.nowSeconds;
    stamp++;
    scan.length = scanKey.length = scanAt.length = 0;
    addScan(atHost[ended.source]!, ended.source);
    if (ended.destination !== ended.source) addScan(atHost[ended.destination]!, ended.destination);
    const route = ended.links;
    for (let i = 0; i < route.length; i++) {
      if (route.indexOf(route[i]!) === i) addScan(onLink[route[i]!]!, -1 - route[i]!);
    }
    const m = scan.length;
    for (;;) {
      // the list whose next migration not yet considered comes first in pending order
      let best = -1, bestRank = 0;
      for (let i = 0; i < m; i++) {
        let at = scanAt[i]!;
        if (at < 0) continue;
        if (blocked(i)) {
          finish(i, false);
          continue;
        }
        const list = scan[i]!;
        while (at < list.length) {
          const index = list[at]!.index;
          if (queued[index] === 1 && seen[index] !== stamp) break;
          at++;
        }
        if (at === list.length) {
          finish(i, true);
          continue;
        }
        scanAt[i] = at;
        const r = rank[list[at]!.index]!;
        if (best < 0 || r < bestRank) {
          best = i;
          bestRank = r;
        }
      }
      if (best < 0) return;
      const j = scan[best]![scanAt[best]!++]!;
      seen[j.index] = stamp;
      // `start` never ends a migration at once (its flows and calls go through the event queue)
      if (j.release <= now && fits(j)) start(j, n);
    }
  };
  const backgroundFlows = background.map((b) => {
    hold(b, 1);
    return net.startFlowOnLinks(b.links, b.bytes, undefined, (_flow, n) => {
      b.endSeconds = n.nowSeconds;
      hold(b, -1);
      admitAfter(b, n);
    });
  });
  if (checkpointSeconds !== undefined) {
    // what each migration and transfer has sent by then (read, the run left as it is)
    net.at(checkpointSeconds, (n) => {
      for (const j of jobs) {
        j.checkpointBytesSent = j.row.bytesSent - (j.flow >= 0 ? n.remainingBytes(j.flow) : 0);
        j.checkpointWaiting = queued[j.index] === 1;
      }
      background.forEach((b, i) => b.checkpointBytesLeft = n.remainingBytes(backgroundFlows[i]!));
    });
  }
  peakConcurrent = Math.max(peakConcurrent, inFlight);
  for (const t of [...new Set(jobs.map((j) => j.release))].sort((a, b) => a - b)) {
    net.at(t, admit);
  }
  net.run();
  return peakConcurrent;
}

/**
 * Runs one migration as a process; calls `done` when the VM runs at the destination.
 *
 * The sender's zero-page scan (`j.zeroPageSeconds`, as `LinkSpec.zeroPageSeconds` in the
 * engine): a batch (push round, stop-and-copy, pull) of `z` zero pages first takes
 * `z x zeroPageSeconds` of the migration's own CPU, during which its flow is not on the
 * links (the others share them without it; each migration scans on its own), then its bytes
 * go as one flow. The batch's seconds are the scan's plus the flow's, as the engine adds the
 * scan to a batch's seconds: the writes of a round, the downtime of a stop-and-copy and the
 * end of a pull count it; the stop rules' rate and `meanBytesPerSecond` are the flow's.
 */
export function runMigration(j: MigrationJob, net: FlowNetwork, done: () => void): void {
  const { row, wire, vm } = j;
  const setup = j.preset.setupSeconds;
  const resume = j.preset.resumeSeconds;
  const start = net.nowSeconds;
  let sendingSeconds = 0;
  /**
   * Sends `bytes` as one flow now, after a scan of `scan` seconds (the flow off the links);
   * `then` gets the scan's and the flow's seconds, the flow's last rate, and the flow's
   * seconds alone.
   */
  const flow = (
    bytes: number,
    cap: number | undefined,
    then: (seconds: number, rate: number, flowSeconds: number) => void,
    scan: number,
  ) => {
    // counted as the flow starts (a checkpoint within the scan finds them unsent)
    row.bytesSent += bytes;
    const onDone = (f: FlowRecord) => {
      const seconds = f.endSeconds - f.startSeconds;
      sendingSeconds += seconds;
      then(seconds + scan, f.lastBytesPerSecond, seconds);
    };
    // by link index: the job's route was resolved once (no flow record is kept, so none
    // needs a label)
    j.flow = net.startFlowOnLinks(j.links, bytes, cap, onDone);
  };
  /** Scans `zeros` zero pages (none: no wait), then sends `bytes` as one flow (`flow`). */
  const send = (
    bytes: number,
    cap: number | undefined,
    then: (seconds: number, rate: number, flowSeconds: number) => void,
    zeros = 0,
  ) => {
    const scan = zeros === 0 ? 0 : zeros * j.zeroPageSeconds;
    // no scan (every batch of a data centre's migrations): the flow at once, no closure
    if (scan > 0) net.at(scan, () => flow(bytes, cap, then, scan));
    else flow(bytes, cap, then, 0);
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
  const zeroWire = j.pageOverheadBytes + j.preset.zeroPagePayloadBytes;
  // Closed form: the VM's zero pages of time 0 (offline and post-copy stop it then;
  // pre-copy's first round finds them), and the share of re-sent pages that are zero.
  const zeroAtStart = closedFormInitialZeroPages(vm);
  const zeroing = closedFormZeroingShare(vm);
  /** Wire bytes of `n` pages of which `z` are zero. */
  const wireOf = (n: number, z: number) => z === 0 ? n * wire : (n - z) * wire + z * zeroWire;
  const all = wireOf(vm.pageCount, zeroAtStart);
  /**
   * The switch to post-copy: the state (the downtime, as the VM stops), then one
   * latency and the resume later the VM runs at the destination and the `pullPages`
   * pages left (`pullZeros` zero pages among them, scanned first) follow as one flow of
   * `pullBytes`; `onPull` gets the flow's seconds (without the scan) and its last rate when
   * it ends.
   */
  const switchToPostCopy = (
    pullBytes: number,
    pullPages: number,
    pullZeros: number,
    onPull?: (flowSeconds: number, flowRate: number) => void,
  ) => {
    send(vm.stateBytes, j.finalCap, (seconds) => {
      const downtime = seconds + j.latency + resume;
      // As the engine's pull: pages left to pull cost a latency at the end even when they
      // are zero pages of no wire byte (a header of 0 bytes), and their scan.
      const pull = pullPages > 0;
      const end = () => {
        const at = net.nowSeconds + (pull ? j.latency : 0);
        row.downtimeSeconds = downtime;
        row.endSeconds = at;
        row.totalSeconds = at - start;
        // (nothing sent, a state of 0 bytes and no page byte: 0, as `finish` gives, not NaN)
        row.meanBytesPerSecond = sendingSeconds > 0 ? row.bytesSent / sendingSeconds : 0;
        net.at(pull ? j.latency : 0, () => done());
      };
      net.at(j.latency + resume, () => {
        if (!pull) return end();
        send(pullBytes, j.finalCap, (_seconds, rate, flowSeconds) => {
          onPull?.(flowSeconds, rate);
          end();
        }, pullZeros);
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
  /**
   * Hybrid: whether another push round follows the one that just left `dirtied` pages dirty.
   * `simulateHybrid`'s push ends "after `preCopyRounds` rounds (fewer if no page is left
   * dirty)", and no push runs more than `MAX_PUSH_ROUNDS` rounds ("Hard cap on push rounds
   * that applies whatever the rules say"): its rounds end under the rule
   * `max-rounds: preCopyRounds` through `decideStop`, which stops at 0 dirty pages and at
   * the cap. Before, the rounds went on to `preCopyRounds` whatever (empty rounds counted in
   * `rounds`, and past the cap more pages sent than the engine's, alone on a link).
   */
  const hybridPushesAgain = (dirtied: number): boolean =>
    dirtied > 0 && row.rounds < Math.min(j.preCopyRounds, MAX_PUSH_ROUNDS);
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
      send(all + vm.stateBytes, j.finalCap, () => finish(net.nowSeconds - t0), zeroAtStart);
      return;
    }
    if (j.technique === "post-copy") {
      row.rounds = 2;
      switchToPostCopy(all, vm.pageCount, zeroAtStart);
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
    switchToPostCopy(pullBytes, pages, zeros, (seconds, flowRate) => {
      // the pull's mean rate; pages of no wire byte (zero pages of a 0-byte header) take
      // only their scan, whatever the rate
      const rate = pullBytes > 0 ? pullBytes / seconds : flowRate > 0 ? flowRate : Infinity;
      const outcome = pullPhase({
        pageCount: vm.pageCount,
        wirePageBytes: wire,
        bytesPerSecond: rate,
        zeroPages,
        // a zero page's slot: its header at the pull's rate and the sender's scan (the engine's)
        zeroSlotSeconds: zeroWire / rate + j.zeroPageSeconds,
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
      send(bytes, j.liveCap, (seconds, rate) => {
        const d = counter.dirtied(prng, t, t + seconds);
        t += seconds;
        bytesSoFar += bytes;
        row.rounds++;
        const sent = pages;
        pages = d.pages;
        const finalCopy = () => send(pages * wire + vm.stateBytes, j.finalCap, (s) => finish(s));
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
      send(roundBytes, j.liveCap, (seconds, rate) => {
        const dirtied = distinct(writesPerSecond * seconds);
        const sent = toSend;
        bytes += roundBytes;
        row.rounds++;
        toSend = dirtied;
        zeros = zeroing * dirtied;
        if (j.technique === "hybrid") {
          if (hybridPushesAgain(dirtied)) return round();
          row.rounds += 2; // the state, then the pull
          return switchToPostCopy(wireOf(toSend, zeros), toSend, zeros);
        }
        const finalCopy = () =>
          send(wireOf(toSend, zeros) + vm.stateBytes, j.finalCap, (s) => finish(s), zeros);
        if (!stopAfterRound(compiled, bytes, sent, dirtied, rate, finalCopy)) round();
      }, zeros);
    };
    round();
  };

  // Page fidelity: the engine's own workload and wire accounting (zero pages as a
  // header), round by round, each round as long as its flow takes on the shared link.
  const pagePreCopy = () => {
    const workload = createWorkload(vm.workload, vm.pageCount, createPrng(j.seed, "workload"));
    const link = createLink(
      { bandwidthBytesPerSecond: 1, pageOverheadBytes: j.pageOverheadBytes },
      vm.pageSizeBytes,
      { zeroPages: workload.zeroPages, zeroPagePayloadBytes: j.preset.zeroPagePayloadBytes },
    );
    let toSend = createBitset(vm.pageCount);
    let dirty = createBitset(vm.pageCount);
    toSend.fill();
    const stopAndCopy = () => {
      const count = toSend.count();
      const batch = link.sendPages("stop-and-copy", toSend, count);
      send(batch.bytes + vm.stateBytes, j.finalCap, (s) => finish(s), batch.zeroPages);
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
      send(batch.bytes, j.liveCap, (seconds, rate) => {
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
          if (hybridPushesAgain(dirtied)) return round();
          return pagePull(workload, toSend, t);
        }
        if (!stopAfterRound(compiled, bytesSoFar, pages, dirtied, rate, stopAndCopy)) round();
      }, batch.zeroPages);
    };
    round();
  };

  if (setup > 0) net.at(setup, begin);
  else begin();
}
