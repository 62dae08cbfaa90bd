import { CandidateQueue } from "./_candidate_queue.ts";
import { HostOrder, type HostOrderEntry } from "./_host_order.ts";
import {
  javaHashMapCapacity,
  javaHashMapOrder,
  javaSpreadStringHash,
} from "./_java_hash_map_order.ts";
import { madOverloaded, madOverloadedWithin } from "./_mad_decision.ts";
import { madUpperThreshold } from "./mad_threshold.ts";
import { createPrng } from "../random/prng.ts";
import { show } from "../_validate.ts";
import { cloudsimMigrationDelaySeconds as cloudsimDelaySeconds } from "./migration_cost_models.ts";
import type { PlacementCandidate } from "./placement_rules.ts";
import { UNCHECKED_RULES } from "./_unchecked_strategies.ts";
import type { PlacerHosts } from "./placers.ts";
import {
  OVERLOAD_DETECTORS,
  type OverloadDetectorSettings,
  type OverloadHostView,
} from "./overload_detectors.ts";
import type { ScenarioArrays } from "./_scenario_arrays.ts";
import type { VmPatternRows } from "./_daily_usage_profile.ts";
import type { HostAllocation } from "./_host_allocation.ts";
import type { SwitchLayout } from "./_switch_layout.ts";
import type { DatacenterSettings } from "./_simulate_settings.ts";
import { cloudsimTablePower as cloudsimPower, tablePower as power } from "./_power_table.ts";
import type { ConsolidationView } from "./consolidation_decisions.ts";
import type { VmSelectorCandidate, VmSelectorHost, VmSelectorSettings } from "./vm_selectors.ts";

/** What {@link createHostState} reads: the simulation's arrays (shared, read live) and settings. */
export interface HostStateInputs {
  /** The scenario's typed arrays. */
  arrays: ScenarioArrays;
  /** `simulateDatacenter`'s settings. */
  settings: DatacenterSettings;
  /** Whether the allocation migrates VMs (not NPA or DVFS). */
  migrating: boolean;
  /** Racks and aggregation groups, for OBFDF and switch power. */
  racks: SwitchLayout;
  /** VM demand fractions at the updates (K per VM). */
  atUpdate: Float64Array;
  /** Each VM's requested MIPS (written here at creation and at each update). */
  req: Float64Array;
  /** Each VM's host (its target while it migrates), -1 when not placed. */
  vmHost: Int32Array;
  /**
   * Each VM's host at the update (a migrating VM's source; written here at each update but for
   * the VMs still migrating).
   */
  vmOrigin: Int32Array;
  /**
   * End of each VM's migration after the update, -1 when none: at a decision, the VMs whose
   * migration started at an earlier update and still runs (they are not moved again).
   */
  vmEnd: Float64Array;
  /** The allocation at one moment (`VmSchedulerTimeSharedOverSubscription`). */
  allocation: HostAllocation;
  /** PBA's daily patterns by VM (`options.pbaPatterns`), when given. */
  vmPatterns?: VmPatternRows | undefined;
}

/**
 * The hosts as the allocation policy sees them: each host's VM list, its requested, allocated
 * and available MIPS, RAM and bandwidth, the VMs' utilisation histories, CloudSim's
 * per-host scheduler maps (`schedulerMapOrder: "java-hash-map"`), and the index of the hosts
 * by power increase; with the operations the strategies call on them.
 */
export interface HostState {
  /** Each host's VMs in list order. */
  hostVms: number[][];
  /** Each host's allocated utilisation at the last update (CloudSim's `PowerHost` view). */
  staleUtil: Float64Array;
  /**
   * `removeIdleVms`: VMs whose demand at interval k's update is exactly 0 leave for good,
   * listed in `removed` (CloudSim 3.0.3's `HostDynamicWorkload.getCompletedVms`).
   */
  removeIdleVms(k: number, removed: number[]): void;
  /** Creates the VMs (interval 0), listing those that fit nowhere in `unplaced`. */
  createVms(unplaced: number[]): void;
  /** Appends interval k's demands to the VM histories. */
  pushHistory(k: number): void;
  /** Sets interval k's demands and the allocation the update at its start computes. */
  update(k: number): void;
  /** Host h's VM list changed order (its history sums are recomputed). */
  reordered(h: number): void;
  /**
   * What the decision strategies see and do, over this state: `migrate(v, h)` books VM v's
   * migration to host h, and `messages` counts contract-net messages.
   */
  consolidationView(
    migrate: (v: number, h: number) => void,
    messages: ConsolidationView["messages"],
  ): ConsolidationView;
}

/**
 * The host state of `simulateDatacenter` (see {@link HostState}), over the shared arrays in
 * `inputs`; the placer, VM selector and overload detector are the settings' strategies.
 */
export function createHostState(inputs: HostStateInputs): HostState {
  const { settings, migrating, racks, atUpdate, req, vmHost, vmOrigin, vmEnd } = inputs;
  const { H, V, K, cap, pe, ramCap, bwCap, tables, mips, ram, bw, util } = inputs.arrays;
  const { allocation } = inputs;
  const { hUtil, vmAlloc } = allocation;
  const {
    seed,
    fallbackThreshold,
    minHistory,
    historyLength,
    regressionWindow,
    regressionWeighting,
    intervalSeconds,
    initialDemand,
    capacityChecks,
    placement,
    switchPower,
    cloudsimArithmetic,
    schedulerMapOrder,
    parameter,
  } = settings;
  const cloudsimChecks = capacityChecks === "cloudsim";
  // used: requested MIPS; capped: MIPS the scheduler would allocate (a core at most per VM)
  const used = new Float64Array(H), capped = new Float64Array(H);
  const usedRam = new Float64Array(H), usedBw = new Float64Array(H);
  // cloudsimArithmetic: VmSchedulerTimeShared's available MIPS, subtracted VM by VM
  const avail = Float64Array.from(cap);
  // cloudsimArithmetic: the host's allocated MIPS (as getUtilizationOfCpuMips counts them) and
  // requested MIPS, summed in VM-list order
  const listAlloc = new Float64Array(H), listReq = new Float64Array(H);
  // schedulerMapOrder "java-hash-map": each host's `mipsMapRequested` (its live VMs, oldest
  // insertion first), the most entries it has held (its table size), the VMs' spread UID hashes,
  // and the hosts whose available MIPS may differ from a re-allocation in the map's order
  const hashOrder = cloudsimArithmetic && schedulerMapOrder === "java-hash-map";
  const mapKeys: number[][] = hashOrder ? Array.from({ length: H }, () => []) : [];
  const mapPeak = new Int32Array(hashOrder ? H : 0);
  const uidSpread = new Int32Array(hashOrder ? V : 0);
  for (let v = 0; v < uidSpread.length; v++) uidSpread[v] = javaSpreadStringHash(`2-${v}`);
  const mapPending = new Uint8Array(hashOrder ? H : 0);
  const pendingHosts: number[] = [];
  const mapEdge = new Uint8Array(hashOrder ? H : 0);
  const edgeHosts: number[] = [];
  const mapScratch: number[] = [];
  const staleUtil = new Float64Array(H); // allocated utilisation at the last update
  // 1 on the hosts of a migration still running at the update (CloudSim's arithmetic)
  const migrationHost = new Uint8Array(H);
  const { rackOf, aggregationOf, rackOn, aggregationOn } = racks;
  const hostVms: number[][] = Array.from({ length: H }, () => []);
  const L = historyLength;
  const hist = new Float64Array(V * L);
  let histCount = 0;
  let histHead = -1; // slot of the newest value
  const scratch = new Float64Array(L);
  let scratchView = scratch.subarray(0, 0); // scratch's first histCount values
  const candHost = new Int32Array(H), candDiff = new Float64Array(H);
  // PBA's daily patterns: each host's sum of its VMs' patterns as shares of its MIPS, summed
  // in VM-list order and recomputed when its list changed (patternStale)
  const patterns = inputs.vmPatterns;
  const S = patterns === undefined ? 0 : patterns.slots;
  const hostPatterns = new Float64Array(patterns === undefined ? 0 : H * S);
  const patternStale = new Uint8Array(H).fill(1);
  const candQueue = new CandidateQueue(H);
  const prng = createPrng(seed, "selection");
  const exclPlace = new Uint8Array(H); // no target for the rest of the update
  let creating = false;

  // Each host's utilisation history without an extra VM, kept until its VM list or the
  // histories change (hostHistory adds the extra VM last, in the same order of additions).
  const baseHistory = new Float64Array(H * L);
  const baseStamp = new Float64Array(H).fill(-1);
  // values in each host's base history when it was last brought up to date
  const baseCount = new Int32Array(H);
  let historyStamp = 0;
  // MAD's bounds of a host's history with an extra VM (madOverloadedWithin): the least and
  // largest value of each host's base history and of each VM's history (kept per stamp), and
  // those of the last history hostHistory built with an extra VM
  const baseLo = new Float64Array(H), baseHi = new Float64Array(H);
  const vmLo = new Float64Array(V), vmHi = new Float64Array(V);
  const vmRangeStamp = new Float64Array(V).fill(-1);
  let historyLo = 0, historyHi = 0;
  /** Notes the least and largest value of host h's base history `base`. */
  function noteBaseRange(h: number, base: Float64Array): void {
    let lo = Infinity, hi = -Infinity;
    for (let j = 0; j < base.length; j++) {
      const x = base[j]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    baseLo[h] = lo;
    baseHi[h] = hi;
  }
  function attach(v: number, h: number): void {
    hostVms[h]!.push(v);
    if (baseStamp[h] !== historyStamp) baseStamp[h] = -1; // not carried to the next interval
    else {
      // the base history sums the VMs in list order: the VM appended adds its share last,
      // the same operations as summing again
      const offset = h * L, n = histCount;
      const base = baseHistory.subarray(offset, offset + n);
      addHistory(base, v, h);
      noteBaseRange(h, base);
    }
    patternStale[h] = 1;
    // CloudSim: VMs already created request nothing until their cloudlets start
    if (!(creating && cloudsimChecks)) used[h]! += req[v]!;
    capped[h]! += Math.min(req[v]!, pe[h]!);
    if (cloudsimArithmetic) {
      // appending to the list adds its term last, as the in-order sums would
      avail[h]! -= Math.min(req[v]!, pe[h]!);
      listAlloc[h]! += vmOrigin[v] === h ? vmAlloc[v]! : req[v]!;
      listReq[h]! += req[v]!;
      if (hashOrder) {
        mapKeys[h]!.push(v);
        noteMapSize(h);
        if (!creating) markPending(h);
      }
    }
    usedRam[h]! += ram[v]!;
    usedBw[h]! += bw[v]!;
    touch(h);
  }
  /**
   * `VmSchedulerTimeShared`'s available MIPS of host h: its MIPS less each VM's request (a core
   * at most), subtracted in VM-list order (CloudSim re-allocates a host's remaining VMs after a
   * removal in its hash map's order; the list order stands in for it), never below 0.
   */
  function resetAvailable(h: number): void {
    let a = cap[h]!, allocated = 0, requested = 0;
    for (const w of hostVms[h]!) {
      a -= Math.min(req[w]!, pe[h]!);
      allocated += vmOrigin[w] === h ? vmAlloc[w]! : req[w]!;
      requested += req[w]!;
    }
    avail[h] = a > 0 ? a : 0;
    listAlloc[h] = allocated;
    listReq[h] = requested;
    touch(h);
  }
  /** A host's map has entries that are not yet re-allocated in the map's order. */
  function markPending(h: number): void {
    if (mapPending[h] === 1 || mapKeys[h]!.length < 2) return;
    mapPending[h] = 1;
    pendingHosts.push(h);
  }
  /**
   * Counts an insertion into host h's map for its table size (the most entries it has held).
   * A host whose map is at its peak and one entry short of a larger table (12, 24, 48, ...
   * entries; hosts hold up to about 50 VMs on the PlanetLab days, their RAM not being checked
   * after creation) is listed, since a target check, which adds the tried VM for a moment
   * (`isHostOverUtilizedAfterAllocation`), grows its table.
   */
  function noteMapSize(h: number): void {
    const size = mapKeys[h]!.length;
    if (size > mapPeak[h]!) mapPeak[h] = size;
    if (atTableEdge(h) && mapEdge[h] === 0) {
      mapEdge[h] = 1;
      edgeHosts.push(h);
    }
  }
  function atTableEdge(h: number): boolean {
    const size = mapKeys[h]!.length;
    return size === mapPeak[h]! && javaHashMapCapacity(size + 1) > javaHashMapCapacity(size);
  }
  let mapAvail = 0, mapAlloc = 0;
  /**
   * `VmSchedulerTimeShared.deallocatePesForVm` with `VmSchedulerTimeSharedOverSubscription.
   * allocatePesForVm`: host h's VMs re-allocated in its map's order, each request (a core at
   * most) subtracted from the available MIPS while it fits; once one does not fit, every VM gets
   * the floor of its request scaled by the host's MIPS over the sum of the requests (summed in
   * map order) and none are left (`redistributeMipsDueToOverSubscription`). Sets `mapAvail` and
   * `mapAlloc` (the allocations summed in VM-list order, as `getUtilizationOfCpuMips` does),
   * recomputes `listReq`, and clears h's pending mark.
   */
  function reallocateInMapOrder(h: number): void {
    const order = mapScratch;
    javaHashMapOrder(mapKeys[h]!, uidSpread, javaHashMapCapacity(mapPeak[h]!), order);
    let a = cap[h]!, total = 0, over = false;
    for (const w of order) {
      const t = Math.min(req[w]!, pe[h]!);
      total += t;
      if (!over) {
        if (a >= t) a -= t;
        else over = true;
      }
    }
    const scale = over ? cap[h]! / total : 1;
    let allocated = 0, requested = 0;
    for (const w of hostVms[h]!) {
      const t = Math.min(req[w]!, pe[h]!);
      allocated += over ? Math.floor(t * scale) : t;
      requested += req[w]!;
    }
    mapAvail = over ? 0 : a;
    mapAlloc = allocated;
    listReq[h] = requested;
    mapPending[h] = 0;
  }
  function detach(v: number, h: number): void {
    const list = hostVms[h]!;
    list.splice(list.indexOf(v), 1);
    baseStamp[h] = -1;
    patternStale[h] = 1;
    used[h]! -= req[v]!;
    capped[h]! -= Math.min(req[v]!, pe[h]!);
    usedRam[h]! -= ram[v]!;
    usedBw[h]! -= bw[v]!;
    if (hashOrder) {
      const keys = mapKeys[h]!;
      keys.splice(keys.indexOf(v), 1);
      reallocateInMapOrder(h);
      avail[h] = mapAvail;
      listAlloc[h] = mapAlloc;
    } else if (cloudsimArithmetic) resetAvailable(h);
    if (list.length === 0) {
      used[h] =
        capped[h] =
        usedRam[h] =
        usedBw[h] =
          0;
    }
    touch(h);
  }
  /** Host utilisation history (oldest first) of its VMs plus `extra`. */
  function hostHistory(h: number, extra: number): Float64Array {
    const n = histCount, offset = h * L;
    if (baseStamp[h] !== historyStamp) {
      const base = baseHistory.subarray(offset, offset + n);
      if (baseStamp[h] === historyStamp - 1 && baseCount[h]! >= n - 1) {
        // the same VMs as at the last interval: the values it shares with this one are those a
        // sum again would give (the same terms in the same order); the oldest is dropped when
        // the window is full, and the newest summed in list order
        if (baseCount[h] === n) baseHistory.copyWithin(offset, offset + 1, offset + n);
        base[n - 1] = newestSum(h);
      } else {
        base.fill(0);
        for (const v of hostVms[h]!) addHistory(base, v, h);
      }
      baseStamp[h] = historyStamp;
      baseCount[h] = n;
      noteBaseRange(h, base);
    }
    if (scratchView.length !== n) scratchView = scratch.subarray(0, n);
    const out = scratchView;
    if (extra < 0) {
      for (let j = 0; j < n; j++) out[j] = baseHistory[offset + j]!;
      return out;
    }
    // the base plus the extra VM's share, in one pass: the same operations as copying the
    // base and adding the share (addHistory) to it
    const row = extra * L, mipsV = mips[extra]!, capH = cap[h]!, f = mipsV / capH;
    let slot = (histHead - (n - 1) + L) % L;
    if (vmRangeStamp[extra] !== historyStamp) {
      let lo = Infinity, hi = -Infinity;
      for (let j = 0, at = slot; j < n; j++) {
        const x = hist[row + at]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
        if (++at === L) at = 0;
      }
      vmLo[extra] = lo;
      vmHi[extra] = hi;
      vmRangeStamp[extra] = historyStamp;
    }
    // bounds of the sums below: each rounding is monotone, so a sum of the least (largest)
    // terms, rounded the same way, bounds every sum
    historyLo = cloudsimArithmetic
      ? baseLo[h]! + vmLo[extra]! * mipsV / capH
      : baseLo[h]! + vmLo[extra]! * f;
    historyHi = cloudsimArithmetic
      ? baseHi[h]! + vmHi[extra]! * mipsV / capH
      : baseHi[h]! + vmHi[extra]! * f;
    if (cloudsimArithmetic) {
      for (let j = 0; j < n; j++) {
        out[j] = baseHistory[offset + j]! + hist[row + slot]! * mipsV / capH;
        if (++slot === L) slot = 0;
      }
      return out;
    }
    // the ring's two runs: slots from the oldest to its end, then from its start
    const first = L - slot < n ? L - slot : n;
    for (let j = 0; j < first; j++) out[j] = baseHistory[offset + j]! + hist[row + slot + j]! * f;
    for (let j = first; j < n; j++) {
      out[j] = baseHistory[offset + j]! + hist[row + j - first]! * f;
    }
    return out;
  }
  /** The newest value of host h's base history: its VMs' shares summed in list order. */
  function newestSum(h: number): number {
    let sum = 0;
    const capH = cap[h]!;
    for (const v of hostVms[h]!) {
      const x = hist[v * L + histHead]!;
      // as addHistory computes a share
      sum += cloudsimArithmetic ? x * mips[v]! / capH : x * (mips[v]! / capH);
    }
    return sum;
  }
  /** Adds VM v's history, as a share of host h, to `out` (oldest first). */
  function addHistory(out: Float64Array, v: number, h: number): void {
    const n = out.length;
    const row = v * L;
    let slot = (histHead - (n - 1) + L) % L;
    if (cloudsimArithmetic) {
      // PowerHostUtilizationHistory.getUtilizationHistory: value x MIPS / host MIPS
      const mipsV = mips[v]!, capH = cap[h]!;
      for (let j = 0; j < n; j++) {
        out[j]! += hist[row + slot]! * mipsV / capH;
        if (++slot === L) slot = 0;
      }
      return;
    }
    const f = mips[v]! / cap[h]!;
    for (let j = 0; j < n; j++) {
      out[j]! += hist[row + slot]! * f;
      if (++slot === L) slot = 0;
    }
  }
  // ---- overload detection: a strategy chosen by name (OVERLOAD_DETECTORS) ----
  const detector = migrating ? settings.strategies.overloadDetector : undefined;
  const detectorSettings: OverloadDetectorSettings = {
    parameter,
    fallbackThreshold,
    minHistory,
    regressionWindow,
    regressionWeighting,
    intervalSeconds,
  };
  // MAD's decision without sorting (the same booleans as OVERLOAD_DETECTORS.mad on the
  // histories built here); its options are checked as the detector's first call would
  const madFast = detector === OVERLOAD_DETECTORS.mad;
  if (madFast) madUpperThreshold([], { safetyParameter: parameter, minHistory });
  let viewHost = 0, viewExtra = -1;
  const hostView: OverloadHostView = {
    utilization: 0,
    history: () => hostHistory(viewHost, viewExtra),
    largestMigrationSeconds() {
      let maxRam = 0;
      for (const v of hostVms[viewHost]!) maxRam = Math.max(maxRam, ram[v]!);
      if (viewExtra >= 0) maxRam = Math.max(maxRam, ram[viewExtra]!);
      return cloudsimDelaySeconds(maxRam, bwCap[viewHost]!);
    },
  };
  /** Whether host h (plus VM `extra`, -1 for none) is overloaded by the allocation policy. */
  function overloaded(h: number, extra: number): boolean {
    viewHost = h;
    viewExtra = extra;
    if (cloudsimArithmetic && !creating) {
      // isHostOverUtilized: the requests of the host's VM list summed in order, a VM being
      // tried appended at the end (isHostOverUtilizedAfterAllocation creates it first)
      const mipsSum = listReq[h]!;
      hostView.utilization = (extra >= 0 ? mipsSum + req[extra]! : mipsSum) / cap[h]!;
    } else hostView.utilization = (used[h]! + (extra >= 0 ? req[extra]! : 0)) / cap[h]!;
    if (madFast) {
      const u = hostView.utilization;
      if (extra < 0) {
        return madOverloaded(hostHistory(h, -1), u, parameter, minHistory, fallbackThreshold);
      }
      const history = hostHistory(h, extra);
      return madOverloadedWithin(
        history,
        historyLo,
        historyHi,
        u,
        parameter,
        minHistory,
        fallbackThreshold,
      );
    }
    return detector!(hostView, detectorSettings);
  }
  /** Host h's available MIPS as CloudSim's scheduler counts them (`capacityChecks: "cloudsim"`). */
  function availableMips(h: number): number {
    if (cloudsimArithmetic) return avail[h]!;
    return capped[h]! <= cap[h]! ? cap[h]! - capped[h]! : 0;
  }
  /** `Host.isSuitableForVm` (cloudsim) or every capacity (strict). */
  function fits(v: number, h: number): boolean {
    const r = req[v]!;
    if (r > pe[h]!) return false;
    if (cloudsimChecks) {
      if (availableMips(h) < r) return false;
      return !creating || (usedRam[h]! + ram[v]! <= ramCap[h]! && usedBw[h]! + bw[v]! <= bwCap[h]!);
    }
    return used[h]! + r <= cap[h]! + 1e-9 && usedRam[h]! + ram[v]! <= ramCap[h]! &&
      usedBw[h]! + bw[v]! <= bwCap[h]!;
  }
  // ---- target-host rule: a strategy chosen by name (PLACEMENT_RULES) ----
  // First Fit and PBA do not minimise a cost; `increase` shows them PABFD's
  const placementRule = settings.strategies.placementRule;
  const pabfdRule = placementRule === UNCHECKED_RULES.pabfd;
  let placeTable = tables[0]!;
  const hostWatts = cloudsimArithmetic
    ? (t: Float64Array, u: number) => t.length === 11 ? cloudsimPower(t, u) : power(t, u)
    : power;
  // the power at each host's last-update utilisation (CloudSim's PowerHost.getPower), per update
  const staleWatts = new Float64Array(H);
  for (let h = 0; h < H; h++) staleWatts[h] = hostWatts(tables[h]!, 0);
  let placeBeforeWatts = NaN;
  const candidate: PlacementCandidate = {
    before: 0,
    after: 0,
    empty: false,
    watts: (u) => u === candidate.before ? placeBeforeWatts : hostWatts(placeTable, u),
    switchOnWatts: 0,
  };
  /**
   * `getMaxUtilizationAfterAllocation` as CloudSim sums it: the allocated MIPS of the host's
   * VMs in list order (those there at the update as allocated then, those placed since at
   * their request), plus VM v's request, over the host's MIPS.
   */
  function listUtilizationAfter(h: number, v: number): number {
    return (listAlloc[h]! + req[v]!) / cap[h]!;
  }
  /**
   * The cost the placement rule gives host h for VM v (rackOn and aggregationOn set for OBFDF
   * with switches), or Infinity when v does not fit on h.
   */
  function increase(v: number, h: number): number {
    if (pabfdWithCloudsimChecks()) return cloudsimPabfdIncrease(req[v]!, h);
    if (!fits(v, h)) return Infinity;
    const booked = cloudsimChecks ? capped[h]! : used[h]!;
    const after = cloudsimArithmetic ? listUtilizationAfter(h, v) : (booked + req[v]!) / cap[h]!;
    // CloudSim: getPowerAfterAllocation - PowerHost.getPower (at the last update's
    // utilisation); the power model rejects a utilisation over 1, and CloudSim skips the host
    if (cloudsimChecks && after > 1) return Infinity;
    if (pabfdRule) {
      // UNCHECKED_RULES.pabfd (PLACEMENT_RULES.pabfd's formula) inlined, the same operations:
      // watts(after) - watts(before), the watts at `before` being the last update's (cloudsim)
      // or computed once
      const table = tables[h]!;
      const before = cloudsimChecks ? staleUtil[h]! : used[h]! / cap[h]!;
      const beforeWatts = cloudsimChecks ? staleWatts[h]! : hostWatts(table, before);
      return (after === before ? beforeWatts : hostWatts(table, after)) - beforeWatts;
    }
    placeTable = tables[h]!;
    candidate.before = cloudsimChecks ? staleUtil[h]! : used[h]! / cap[h]!;
    placeBeforeWatts = cloudsimChecks ? staleWatts[h]! : hostWatts(placeTable, candidate.before);
    candidate.after = after;
    candidate.empty = booked === 0;
    candidate.switchOnWatts = 0;
    if (switchesMatter && rackOn[rackOf[h]!] === 0) {
      candidate.switchOnWatts = switchPower!.topOfRackWatts +
        (aggregationOn[aggregationOf[h]!] === 0 ? switchPower!.aggregationWatts : 0);
    }
    return placementRule(candidate);
  }
  /** Whether `increase` takes {@link cloudsimPabfdIncrease}: PABFD, CloudSim's checks, no creation. */
  function pabfdWithCloudsimChecks(): boolean {
    return pabfdRule && cloudsimChecks && !creating;
  }
  /**
   * `increase` for PABFD with CloudSim's capacity checks outside VM creation, for a request of
   * `r` MIPS (tens of millions of calls from the index in a large data centre): `fits`'s
   * checks of cores and available MIPS, then the power after less the last update's.
   */
  function cloudsimPabfdIncrease(r: number, h: number): number {
    if (r > pe[h]! || availableMips(h) < r) return Infinity;
    const after = ((cloudsimArithmetic ? listAlloc[h]! : capped[h]!) + r) / cap[h]!;
    if (after > 1) return Infinity;
    const before = staleUtil[h]!, beforeWatts = staleWatts[h]!;
    return (after === before ? beforeWatts : hostWatts(tables[h]!, after)) - beforeWatts;
  }
  const switchesMatter = placement === "obfdf" && switchPower !== undefined;
  // ---- the hosts indexed by power increase (HostOrder), rebuilt at each update ----
  const roomCaps = [cap, ramCap, bwCap, pe];
  const hostOrder = new HostOrder(
    tables,
    cap,
    (h) => `${pe[h]}|${ramCap[h]}|${bwCap[h]}`,
    Float64Array.from(roomCaps, (caps) => 1e-9 * Math.max(0, ...caps) + 1e-9),
    7,
  );
  // a tree per class and load bucket: with many classes a scan is cheaper
  const indexed = hostOrder.classCount <= 32;
  let orderStale = true;
  let orderExcluded: Uint8Array | undefined;
  const orderEntry: HostOrderEntry = {
    x: 0,
    d: 0,
    room: new Float64Array(4),
    signature: new Float64Array(7),
  };
  /**
   * Fills `orderEntry` for host h: the load its increase adds to, the rest of the increase,
   * its room, and everything `increase` reads of it besides its constants.
   */
  function fillEntry(h: number): HostOrderEntry {
    const booked = cloudsimChecks ? capped[h]! : used[h]!;
    const x = cloudsimArithmetic ? listAlloc[h]! : booked;
    const beforeWatts = cloudsimChecks ? staleWatts[h]! : hostWatts(tables[h]!, used[h]! / cap[h]!);
    orderEntry.x = x;
    // OBFDF charges an empty host its whole draw (plus switches, >= 0)
    orderEntry.d = power(tables[h]!, x / cap[h]!) -
      (placement === "obfdf" && booked === 0 ? 0 : beforeWatts);
    const room = orderEntry.room;
    room[0] = cloudsimChecks ? availableMips(h) : cap[h]! + 1e-9 - used[h]!;
    room[1] = ramCap[h]! - usedRam[h]!;
    room[2] = bwCap[h]! - usedBw[h]!;
    room[3] = pe[h]!;
    const sig = orderEntry.signature;
    sig[0] = capped[h]!;
    sig[1] = used[h]!;
    sig[2] = avail[h]!;
    sig[3] = listAlloc[h]!;
    sig[4] = usedRam[h]!;
    sig[5] = usedBw[h]!;
    sig[6] = staleUtil[h]!;
    return orderEntry;
  }
  /** Brings host h's entry up to date after a change (when the index is in use). */
  function touch(h: number): void {
    if (orderStale) return;
    if (orderExcluded !== undefined && orderExcluded[h] === 1) hostOrder.remove(h);
    else hostOrder.set(h, fillEntry(h));
  }
  /** Marks host h as no target for the rest of the update. */
  function exclude(h: number): void {
    exclPlace[h] = 1;
    if (!orderStale && orderExcluded === exclPlace) orderRemovals.push(h);
  }
  // hosts excluded since the last search, taken out of the index together before the next
  // (an update excludes every switched-off host at once)
  const orderRemovals: number[] = [];
  const orderDemand = new Float64Array(4);
  const evaluateFor = { v: 0 };
  const evaluate = (h: number) => increase(evaluateFor.v, h);
  // the same as `evaluate` where `increase` takes that path, one call shorter
  const evaluatePabfd = (h: number) => cloudsimPabfdIncrease(req[evaluateFor.v]!, h);
  const normHosts: number[] = [], normAvail: number[] = [];
  /**
   * Power-aware best fit: the host with the least power increase that is not overloaded. With
   * `schedulerMapOrder: "java-hash-map"`, the hosts CloudSim tries as targets for v
   * (`findHostForVm`: not excluded, suitable, not idle) are re-allocated in their map's order, as
   * its create-and-destroy check does: their allocations at once (the power increase is read
   * after the check), their available MIPS after the search (suitability is read before it).
   */
  function findHost(v: number, excluded: Uint8Array | undefined): number {
    if (!hashOrder || creating) return searchHost(v, excluded);
    // the tried VM, added for a moment to each host checked, grows a table at its edge
    let n = 0;
    for (const h of edgeHosts) {
      if (!atTableEdge(h)) {
        mapEdge[h] = 0;
        continue;
      }
      if ((excluded !== undefined && excluded[h] === 1) || listAlloc[h] === 0 || !fits(v, h)) {
        edgeHosts[n++] = h;
        continue;
      }
      mapPeak[h] = mapKeys[h]!.length + 1;
      mapEdge[h] = 0;
      markPending(h); // its buckets changed: re-allocated in the new order below
    }
    edgeHosts.length = n;
    normHosts.length = normAvail.length = 0;
    n = 0;
    for (const h of pendingHosts) {
      if (mapPending[h] === 0) continue;
      pendingHosts[n++] = h;
      if ((excluded !== undefined && excluded[h] === 1) || listAlloc[h] === 0 || !fits(v, h)) {
        continue;
      }
      reallocateInMapOrder(h);
      mapPending[h] = 1; // until its available MIPS are set below
      normHosts.push(h);
      normAvail.push(mapAvail);
      if (listAlloc[h] !== mapAlloc) {
        listAlloc[h] = mapAlloc;
        touch(h);
      }
    }
    pendingHosts.length = n;
    const found = searchHost(v, excluded);
    for (let i = 0; i < normHosts.length; i++) {
      const h = normHosts[i]!;
      mapPending[h] = 0;
      if (avail[h] !== normAvail[i]) {
        avail[h] = normAvail[i]!;
        touch(h);
      }
    }
    return found;
  }
  /**
   * Marks the racks and aggregation switches that hold a booked host now (rackOn,
   * aggregationOn: what `increase` charges for OBFDF with switches); the interval's
   * accounting reuses the arrays, so each placement marks them afresh.
   */
  function noteSwitchesOn(): void {
    rackOn.fill(0);
    aggregationOn.fill(0);
    for (let h = 0; h < H; h++) {
      if (cloudsimChecks ? capped[h] === 0 : used[h] === 0) continue;
      rackOn[rackOf[h]!] = 1;
      aggregationOn[aggregationOf[h]!] = 1;
    }
  }
  function searchHost(v: number, excluded: Uint8Array | undefined): number {
    if (indexed) {
      if (orderStale || orderExcluded !== excluded) {
        hostOrder.clear();
        for (let h = 0; h < H; h++) {
          if (excluded !== undefined && excluded[h] === 1) continue;
          hostOrder.load(h, fillEntry(h));
        }
        hostOrder.finish();
        orderStale = false;
        orderExcluded = excluded;
        orderRemovals.length = 0;
      } else if (orderRemovals.length > 0) {
        hostOrder.removeAll(orderRemovals);
        orderRemovals.length = 0;
      }
      const r = req[v]!;
      const resources = creating || !cloudsimChecks;
      orderDemand[0] = r;
      orderDemand[1] = resources ? ram[v]! : -Infinity;
      orderDemand[2] = resources ? bw[v]! : -Infinity;
      orderDemand[3] = r;
      evaluateFor.v = v;
      // By increasing increase, ties to the lower host index. Without resources checked and
      // switches, a host's increase depends on the VM through its request alone: searches for
      // equal requests resume one another until the next rebuild. Not with CloudSim's map
      // order, whose re-allocations before each search change many hosts that every kept
      // search would take in afresh (ten PlanetLab days: 38.3 s against 34.4 s without).
      const key = resources || switchesMatter || hashOrder ? NaN : r;
      const direct = pabfdWithCloudsimChecks() ? evaluatePabfd : evaluate;
      hostOrder.begin(r, orderDemand, direct, !switchesMatter, key);
      for (let h = hostOrder.next(); h >= 0; h = hostOrder.next()) {
        if ((cloudsimChecks ? capped[h] === 0 : used[h] === 0) || !overloaded(h, v)) return h;
      }
      return -1;
    }
    let n = 0;
    for (let h = 0; h < H; h++) {
      if (excluded !== undefined && excluded[h] === 1) continue;
      const diff = increase(v, h);
      if (diff === Infinity) continue;
      candHost[n] = h;
      candDiff[n++] = diff;
    }
    // By increasing increase, ties to the lower host index (CandidateQueue).
    candQueue.reset(candDiff, n);
    for (let best = candQueue.pop(); best >= 0; best = candQueue.pop()) {
      const h = candHost[best]!;
      if ((cloudsimChecks ? capped[h] === 0 : used[h] === 0) || !overloaded(h, v)) return h;
    }
    return -1;
  }
  // ---- target-host search: a strategy chosen by name (PLACERS) ----
  const placer = settings.strategies.placer;
  let placerExcluded: Uint8Array | undefined;
  const placerHosts: PlacerHosts = {
    count: H,
    fits,
    increase,
    overloaded,
    isEmpty: (h) => cloudsimChecks ? capped[h] === 0 : used[h] === 0,
    excluded: (h) => placerExcluded !== undefined && placerExcluded[h] === 1,
    hostHistory: (h) => hostHistory(h, -1),
    vmHistory,
    leastCost: (v) => findHost(v, placerExcluded),
    rackOf: (h) => rackOf[h]!,
    rackCount: rackOn.length,
    ...(patterns === undefined ? {} : { vmPattern, hostPattern }),
  };
  /** VM v's daily pattern (shares of its MIPS), null when it has none. */
  function vmPattern(v: number): Float64Array | null {
    return patterns!.has[v] === 1 ? patterns!.values.subarray(v * S, (v + 1) * S) : null;
  }
  /** Host h's daily pattern: its VMs' patterns as shares of its MIPS, summed in list order. */
  function hostPattern(h: number): Float64Array {
    const out = hostPatterns.subarray(h * S, (h + 1) * S);
    if (patternStale[h] === 1) {
      out.fill(0);
      const { values, has } = patterns!;
      for (const v of hostVms[h]!) {
        if (has[v] !== 1) continue;
        const f = mips[v]! / cap[h]!, row = v * S;
        for (let t = 0; t < S; t++) out[t]! += values[row + t]! * f;
      }
      patternStale[h] = 0;
    }
    return out;
  }
  /** The placer's target for VM v, hosts marked in `excluded` left out (-1: none). */
  function place(v: number, excluded: Uint8Array | undefined): number {
    placerExcluded = excluded;
    // every placer reads the switches through `increase` (the search, rack by rack, ...)
    if (switchesMatter) noteSwitchesOn();
    const h = placer(v, placerHosts);
    // a plugged placer's answer is checked: a host index, or -1 for none
    if (!(Number.isInteger(h) && h >= -1 && h < H)) {
      throw new RangeError(
        `Cannot simulate datacenter as options.strategies.placer must return a host index in [-1, ${
          H - 1
        }] (-1: none): current value is ${show(h)} for VM ${v}`,
      );
    }
    return h;
  }
  function firstFit(v: number): number {
    for (let h = 0; h < H; h++) if (fits(v, h)) return h;
    return -1;
  }
  function pushHistory(k: number): void {
    histHead = (histHead + 1) % L;
    histCount = Math.min(histCount + 1, L);
    historyStamp++;
    for (let v = 0; v < V; v++) hist[v * L + histHead] = atUpdate[v * K + k]!;
  }
  function vmHistory(v: number): number[] {
    const out = new Array<number>(histCount);
    for (let j = 0; j < histCount; j++) {
      out[j] = hist[v * L + (histHead - (histCount - 1 - j) + L) % L]!;
    }
    return out;
  }

  // ---- VM selection: a strategy chosen by name (VM_SELECTORS) ----
  const vmSelector = settings.strategies.vmSelector;
  const selectorSettings: VmSelectorSettings = { threshold: parameter, prng };
  let selectorHostIndex = 0;
  let selectorSelected: number[] = [];
  const selectorHost: VmSelectorHost = {
    candidates(withHistory) {
      // the VMs not migrating (CloudSim 3.0.3's `getMigratableVms`)
      const h = selectorHostIndex;
      const out: VmSelectorCandidate[] = [];
      for (const v of hostVms[h]!) {
        if (vmEnd[v]! >= 0) continue;
        out.push({
          vm: v,
          ramBytes: ram[v]!,
          utilization: req[v]! / mips[v]!,
          hostShare: req[v]! / cap[h]!,
          history: withHistory ? vmHistory(v) : undefined,
        });
      }
      return out;
    },
    migratingShare() {
      const h = selectorHostIndex;
      let share = 0;
      for (const v of hostVms[h]!) if (vmEnd[v]! >= 0) share += req[v]! / cap[h]!;
      return share;
    },
    remove(v) {
      // a plugged selector's choice is checked: one of the host's candidates (a VM not on the
      // list would take its last VM off instead)
      const h = selectorHostIndex;
      if (!(hostVms[h]!.includes(v) && vmEnd[v]! < 0)) {
        throw new RangeError(
          `Cannot simulate datacenter as options.strategies.vmSelector must remove one of host ${h}'s candidates (${
            hostVms[h]!.filter((w) => vmEnd[w]! < 0).join(", ") || "none"
          }): current value is ${show(v)}`,
        );
      }
      detach(v, h);
      selectorSelected.push(v);
    },
    overloaded: () => overloaded(selectorHostIndex, -1),
  };
  function resetTargets(): void {
    exclPlace.fill(0);
    orderStale = true;
  }
  function selectVms(h: number, out: number[]): void {
    selectorHostIndex = h;
    selectorSelected = out;
    vmSelector(selectorHost, selectorSettings);
  }
  return {
    hostVms,
    staleUtil,
    removeIdleVms(k, removed) {
      for (let v = 0; v < V; v++) {
        const h = vmHost[v]!;
        if (h < 0 || atUpdate[v * K + k]! !== 0) continue;
        detach(v, h);
        vmHost[v] = -1;
        removed.push(v);
      }
    },
    createVms(unplaced) {
      creating = true;
      for (let v = 0; v < V; v++) {
        req[v] = initialDemand === "full" ? mips[v]! : util[v * K]! * mips[v]!;
        const h = migrating ? place(v, undefined) : firstFit(v);
        if (h < 0) unplaced.push(v);
        else {
          attach(v, h);
          vmHost[v] = h;
        }
      }
      creating = false;
    },
    pushHistory,
    update(k) {
      // demands of this interval, and the allocation the update at its start computes
      used.fill(0);
      capped.fill(0);
      for (let v = 0; v < V; v++) {
        req[v] = atUpdate[v * K + k]! * mips[v]!;
        const h = vmHost[v]!;
        if (vmEnd[v]! < 0) vmOrigin[v] = h;
        if (h >= 0) {
          used[h]! += req[v]!;
          capped[h]! += Math.min(req[v]!, pe[h]!);
        }
      }
      allocation.allocate(k, 0, 0, false);
      staleUtil.set(hUtil);
      if (cloudsimArithmetic) {
        for (let h = 0; h < H; h++) resetAvailable(h);
        if (hashOrder) {
          // updateVmsProcessing empties each map and re-creates its VMs in VM-list order
          for (let h = 0; h < H; h++) {
            const keys = mapKeys[h]!;
            keys.length = 0;
            for (const v of hostVms[h]!) keys.push(v);
            noteMapSize(h);
            mapPending[h] = 0;
            markPending(h);
          }
          pendingHosts.length = 0;
          for (let h = 0; h < H; h++) if (mapPending[h] === 1) pendingHosts.push(h);
        }
        // a VM still migrating is allocated on its source (and its share on its target), not
        // where its VM list puts it: those hosts keep the allocation's utilisation
        migrationHost.fill(0);
        for (let v = 0; v < V; v++) {
          if (vmEnd[v]! < 0 || vmHost[v]! < 0) continue;
          migrationHost[vmHost[v]!] = 1;
          if (vmOrigin[v]! >= 0) migrationHost[vmOrigin[v]!] = 1;
        }
        // HostDynamicWorkload.updateVmsProcessing: allocated MIPS summed in VM-list order
        for (let h = 0; h < H; h++) {
          if (hUtil[h] === 0 || migrationHost[h] === 1) continue;
          let mipsSum = 0;
          for (const v of hostVms[h]!) mipsSum += vmAlloc[v]!;
          const u = mipsSum / cap[h]!;
          staleUtil[h] = u > 1 ? 1 : u;
        }
      }
      for (let h = 0; h < H; h++) staleWatts[h] = hostWatts(tables[h]!, staleUtil[h]!);
      orderStale = true;
    },
    reordered(h) {
      baseStamp[h] = -1; // the order of the history sums changed
      patternStale[h] = 1; // and of the pattern sums
    },
    consolidationView(migrate, messages) {
      return {
        hostCount: H,
        vmCount: V,
        vms: (h) => hostVms[h]!,
        demandMips: (v) => req[v]!,
        requestedMips: (h) => used[h]!,
        cpuMips: (h) => cap[h]!,
        ramBytes: (v) => ram[v]!,
        hostRamBytes: (h) => ramCap[h]!,
        startUtilization: (h) => staleUtil[h]!,
        hostOf: (v) => vmHost[v]!,
        inMigration: (v) => vmEnd[v]! >= 0,
        overloaded: (h, v = -1) => overloaded(h, v),
        fits,
        selectVms,
        place: (v) => place(v, exclPlace),
        excludeTarget: exclude,
        resetTargets,
        attach,
        detach,
        migrate,
        messages,
      };
    },
  };
}
