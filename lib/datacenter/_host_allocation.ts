import type { SlaTotals } from "./_sla_metrics.ts";
import { DemandColumns } from "./_vm_demands.ts";

/** What {@link hostAllocation} reads: the simulation's arrays (read live) and settings. */
export interface HostAllocationInputs {
  /** Hosts. */
  H: number;
  /** VMs. */
  V: number;
  /** Intervals. */
  K: number;
  /** Host MIPS. */
  cap: Float64Array;
  /** Host MIPS per core. */
  pe: Float64Array;
  /** VM MIPS. */
  mips: Float64Array;
  /** VM demand fractions at the updates (K per VM). */
  atUpdate: Float64Array;
  /** VM demand fractions of the traces (K per VM), read between updates (`DemandColumns`). */
  util: Float64Array;
  /** Interval length in seconds. */
  intervalSeconds: number;
  /** Seconds from an interval's start to its update. */
  updateOffsetSeconds: number;
  /** Each VM's host (its target while it migrates), -1 when not placed. */
  vmHost: Int32Array;
  /** Each VM's host at the update (a migrating VM's source). */
  vmOrigin: Int32Array;
  /** End of each VM's migration in the interval, -1 when none. */
  vmEnd: Float64Array;
  /**
   * Start of each migrating VM's transfer in the interval, seconds after the update (read where
   * `vmEnd` is set): before it the migration waits for admission, its VM running on its source
   * as before and its target neither granting a share nor counted for it; 0 at the update.
   */
  vmStart: Float64Array;
  /** Share of a migrating VM's MIPS its target grants. */
  vmShare: Float64Array;
  /** Share of a migrating VM's MIPS its source grants. */
  vmKeep: Float64Array;
  /** The VMs migrating in the interval, in decision order. */
  moveVm: readonly number[];
  /** Their targets. */
  moveDst: readonly number[];
  /** `simulateDatacenter`'s option of that name. */
  slatahCountsMigrationTargets: boolean;
  /** `simulateDatacenter`'s option of that name. */
  countMigrationEnergy: boolean;
  /** `simulateDatacenter`'s option of that name. */
  cloudsimArithmetic: boolean;
  /**
   * Whether the two hosts of a migration in progress are on even when no MIPS are allocated on
   * them (`hOn`): a host sending or receiving a VM draws power. CloudSim's accounting (its
   * quirk `migrationHostsOffAtZeroLoad`) takes a host with nothing allocated as off.
   */
  migrationHostsOn: boolean;
  /**
   * Each VM's requested MIPS-seconds (the SLA totals' `vmRequested`), where `flushLinear`
   * books the VMs on linear hosts. Given, and without CloudSim's arithmetic, hosts are taken
   * as linear between updates (see {@link HostAllocation.vmLinear}); absent, none is.
   */
  vmRequested?: Float64Array;
}

/**
 * The allocation at one moment, and the methods that compute it (called as methods, e.g.
 * `allocation.allocate(...)`: they read their state through `this`).
 */
export interface HostAllocation {
  /** Each host's allocated utilisation (capped at 1). */
  hUtil: Float64Array;
  /**
   * 1 where a host is on (active, drawing power at `hUtil`): MIPS allocated on it, or, with
   * `migrationHostsOn`, a migration in progress leaving or reaching it.
   */
  hOn: Uint8Array;
  /** 1 where a host's allocated MIPS fall short of its requested MIPS. */
  hViolating: Uint8Array;
  /** Each VM's requested MIPS. */
  vmR: Float64Array;
  /** Each VM's allocated MIPS (on its source while it migrates). */
  vmAlloc: Float64Array;
  /** 1 where a VM is migrating (its transfer under way; not while it waits for admission). */
  vmMig: Uint8Array;
  /**
   * 1 where a VM is linear between updates (only with `vmRequested` and without CloudSim's
   * arithmetic): not migrating, and asking less than a core at both ends of the trace
   * interval by a margin far above rounding, so that its request is linear in the trace
   * interval's elapsed fraction x and, on a host not over-subscribed, is its share. A host's
   * linear VMs enter its sums as one term `A + B x`, A and B their requests at the trace
   * interval's start and their changes over it (summed in index order when they are found at
   * the first segment's end, and again on the hosts a migration's end changes), instead of a
   * walk over them at every segment; the other VMs are walked as before and added after it.
   * A linear VM's `vmR` and `vmAlloc` are written only when its host is over-subscribed;
   * its requests are booked through `book`.
   */
  vmLinear: Uint8Array;
  /**
   * Books `dt` seconds of the allocation just computed to the SLA totals: each placed VM's
   * requested MIPS, and a migrating VM's shortfall, times `dt`. Without linear VMs VM by VM in
   * index order; with them their requests as one term (each VM's own reaching `vmRequested`
   * at `flushLinear`: its MIPS times its start sample times the seconds booked, plus its MIPS
   * times its change times the seconds weighted by x), then the other VMs host by host.
   * `totals.vmRequested` must be the inputs' `vmRequested`, where the flushes book.
   */
  book(dt: number, totals: SlaTotals): void;
  /** Adds the linear VMs' requests `book` booked since the last flush to `vmRequested`. */
  flushLinear(): void;
  /**
   * Fills the arrays for time `tau` of interval k. A migration ending at `until` or later is
   * in progress (`inclusive`: ending exactly then still counts), and its transfer under way
   * from its start (`vmStart`) on (`inclusive`: starting exactly then does not count yet).
   */
  allocate(k: number, tau: number, until: number, inclusive: boolean): void;
  /**
   * Completes the migrations ending exactly at `until` and starts the transfers starting
   * then, right after `allocate(k, until, until, true)` and with nothing changed since: the
   * arrays become those of `allocate(k, until, until, false)`, recomputed only on the hosts
   * those migrations touch (each host's sums taken over the same terms in the same order, so
   * the same doubles). Throws when the call before was not an allocation inclusive of `until`
   * (its lists of the migrations ending and starting then are what settles).
   */
  settle(until: number): void;
}

/**
 * Hosts sharing their cores as CloudSim 3.0.3's `VmSchedulerTimeSharedOverSubscription` does:
 * a VM gets at most one core's MIPS; when the VMs ask more than the host has, all are scaled
 * down and rounded down to whole MIPS; a migrating VM gets `vmKeep` of its share on its source
 * and `vmShare` on its target from its transfer's start (`vmStart`: before it, waiting for
 * admission, the VM runs on its source as any other) until its migration ends. A host violates
 * the SLA when its allocated MIPS fall short of its requested MIPS
 * (`Helper.getSlaTimePerActiveHost`).
 */
export function hostAllocation(inputs: HostAllocationInputs): HostAllocation {
  return new HostShares(inputs);
}

/**
 * {@link hostAllocation}'s allocation: a class, so that the segments' calls of `allocate` and
 * `settle` reach the same functions in every run (calls of closures made anew by each run
 * cost V8 a deoptimisation at each call site whenever it meets another run's).
 */
class HostShares implements HostAllocation {
  readonly hUtil: Float64Array;
  readonly hOn: Uint8Array;
  /** 1 on the hosts of the moves in progress while an allocation is computed (then cleared). */
  readonly #moving: Uint8Array;
  readonly hViolating: Uint8Array;
  readonly vmR: Float64Array;
  readonly vmAlloc: Float64Array;
  readonly vmMig: Uint8Array;
  readonly vmLinear: Uint8Array;
  /**
   * 1 where a VM's migration waits for admission in the allocation just computed (at its
   * source, not migrating), listed in `waitingList` (`waitingCount` of them).
   */
  readonly #waiting: Uint8Array;
  readonly #waitingList: Int32Array;
  #waitingCount = 0;
  /** The linear VMs' requested MIPS in the allocation just computed (0: none). */
  #linearMips = 0;
  readonly #in: HostAllocationInputs;
  readonly #hReq: Float64Array;
  readonly #hNeed: Float64Array;
  readonly #hAlloc: Float64Array;
  /** Each VM's host in the allocation just computed (its source while it migrates), -1: none. */
  readonly #vmAt: Int32Array;
  /** The VMs' demand fractions inside an interval. */
  readonly #columns: DemandColumns;
  /** Every VM's demand fraction at the moment allocated (the pass over VMs). */
  readonly #fraction: Float64Array;
  /** The slack on the SLA test without CloudSim's arithmetic. */
  readonly #violationFactor: number;
  /**
   * The most each host's VMs may need before their shares are scaled down: its MIPS, and
   * without CloudSim's arithmetic a relative 1e-9 more (a host its VMs fill exactly is not
   * over-subscribed by the rounding of their sum, which depends on how it is summed).
   */
  readonly #room: Float64Array;
  /** Hosts whose VMs ask more than they have (their shares scaled down). */
  readonly #overList: Int32Array;
  /**
   * Each host's VMs where the last allocation put them (vmAt), in index order: a list from
   * firstOn[h] (-1: none) linked by nextOn, built by the pass over VMs (lastOn: each list's
   * tail while it is built) and kept by `settle`; `listed` once an allocation built them.
   */
  readonly #firstOn: Int32Array;
  readonly #lastOn: Int32Array;
  readonly #nextOn: Int32Array;
  #listed = false;
  /**
   * The hosts with a VM or an incoming migration in the last allocation (all others hold
   * zeros, and only they have a list), flagged in `inUse`; `wasUsed`: a copy.
   */
  readonly #used: Int32Array;
  readonly #inUse: Uint8Array;
  readonly #wasUsed: Int32Array;
  #usedCount = 0;
  // settle's working arrays, kept between calls
  readonly #affected: Uint8Array;
  readonly #vmChanged: Uint8Array;
  readonly #touched: Int32Array;
  readonly #changed: Int32Array;
  readonly #onTouched: Int32Array;
  /** Each VM's host when the lists were built: any change since means they are stale. */
  readonly #seenHost: Int32Array;
  /**
   * The linear VMs (`vmLinear`) of trace interval `epoch` (-1: none sought since the last
   * update), listed in `linearVms`; the hosts with any flagged in `hostLinear` and listed in
   * `linearHosts`, each one's linear term `linearA + linearB x`; `linearX` the last
   * allocation's x, and `w0`, `w1` the seconds booked since the last flush, plain and
   * weighted by x.
   */
  readonly #linearOn: boolean;
  #epoch = -1;
  readonly #hostLinear: Uint8Array;
  readonly #linearA: Float64Array;
  readonly #linearB: Float64Array;
  readonly #linearHosts: Int32Array;
  #linearHostCount = 0;
  readonly #linearVms: Int32Array;
  #linearVmCount = 0;
  #linearX = 0;
  #w0 = 0;
  #w1 = 0;
  /**
   * Each host's VMs that are not linear, in index order (from `firstWalk[h]`, linked by
   * `nextWalk`), while there are linear VMs: the walks between updates visit only these.
   */
  readonly #firstWalk: Int32Array;
  readonly #nextWalk: Int32Array;
  /** The moves in progress in the allocation just computed (indices, in move order). */
  #live = new Int32Array(16);
  #liveCount = 0;
  /**
   * `allocate`'s scratch: each live move's share on its target, in `live`'s order, read by the
   * pass that adds it to the target (`settle` compacts `live` and does not keep it aligned).
   */
  #liveShare = new Float64Array(16);
  /** The moves `live` was found among, how many there were, and the allocation's moment. */
  #liveOf: readonly number[] = [];
  #liveMoves = 0;
  #liveK = -1;
  #liveUntil = 0;
  #liveInclusive = false;
  /**
   * `settle`'s lists of moves (indices): those ending, and those reaching a touched host.
   * `allocate` lists the moves ending at its moment (`endingCount` of them) for a `settle`
   * then (`endingAt`, NaN: none, as after a settle or an allocation not inclusive).
   */
  #ending = new Int32Array(16);
  #endingCount = 0;
  #endingAt = NaN;
  /** Likewise the moves whose transfer starts at the allocation's moment. */
  #starting = new Int32Array(16);
  #startingCount = 0;
  #incoming = new Int32Array(16);
  /** Each linear VM's `w0` and `w1` when it became linear (a migration ended). */
  readonly #w0From: Float64Array;
  readonly #w1From: Float64Array;

  constructor(inputs: HostAllocationInputs) {
    const { H, V, K, util, intervalSeconds, updateOffsetSeconds, cloudsimArithmetic } = inputs;
    this.#in = inputs;
    this.#hReq = new Float64Array(H);
    this.#hNeed = new Float64Array(H);
    this.#hAlloc = new Float64Array(H);
    this.hUtil = new Float64Array(H);
    this.hOn = new Uint8Array(H);
    this.#moving = new Uint8Array(H);
    this.hViolating = new Uint8Array(H);
    this.vmR = new Float64Array(V);
    this.vmAlloc = new Float64Array(V);
    this.vmMig = new Uint8Array(V);
    this.#waiting = new Uint8Array(V);
    this.#waitingList = new Int32Array(V);
    this.#vmAt = new Int32Array(V).fill(-1);
    this.#columns = new DemandColumns(util, K, intervalSeconds, updateOffsetSeconds);
    this.#fraction = new Float64Array(V);
    this.#violationFactor = cloudsimArithmetic ? 1 : 1 - 1e-9;
    this.#room = cloudsimArithmetic ? inputs.cap : inputs.cap.map((c) => c * (1 + 1e-9));
    this.#overList = new Int32Array(H);
    this.#firstOn = new Int32Array(H).fill(-1);
    this.#lastOn = new Int32Array(H);
    this.#nextOn = new Int32Array(V);
    this.#used = new Int32Array(H);
    this.#inUse = new Uint8Array(H);
    this.#wasUsed = new Int32Array(H);
    this.#affected = new Uint8Array(H);
    this.#vmChanged = new Uint8Array(V);
    this.#touched = new Int32Array(H);
    this.#changed = new Int32Array(V);
    this.#onTouched = new Int32Array(V);
    this.#seenHost = new Int32Array(V);
    this.vmLinear = new Uint8Array(V);
    this.#linearOn = !cloudsimArithmetic && inputs.vmRequested !== undefined;
    this.#hostLinear = new Uint8Array(H);
    this.#linearA = new Float64Array(H);
    this.#linearB = new Float64Array(H);
    this.#linearHosts = new Int32Array(H);
    this.#linearVms = new Int32Array(V);
    this.#firstWalk = new Int32Array(H).fill(-1);
    this.#nextWalk = new Int32Array(V);
    this.#w0From = new Float64Array(V);
    this.#w1From = new Float64Array(V);
  }

  /**
   * Fills hUtil, hViolating and the VM arrays for time `tau` of interval k. A migration ending
   * at `until` or later is in progress (`inclusive`: ending exactly then still counts). Each
   * VM's share on its host, a migrating VM's on its target and each host's utilisation are
   * written out here and in `settle`, the same operations in the same order. Each VM's share is first taken as unscaled
   * (its host not over-subscribed), in the pass that sums the hosts' needs; only the hosts
   * found over-subscribed are then summed again with scaled shares, over the same VMs in the
   * same order (each host's list).
   *
   * Between updates (`tau > 0`, `inclusive`, as the segments read each migration end before
   * settling it) the VMs are where the last allocation and settle left them (checked: every
   * VM's host is the one the lists were built from), so the first pass walks each host's
   * list, its sums kept in locals (each host's terms in the same order as a pass over VMs adds
   * them, so the same doubles); the walked VMs' hosts are checked on the way, and any
   * difference falls back to the pass over VMs. With linear VMs (`vmLinear`) the walk visits
   * only the others, each host's linear VMs adding one term.
   */
  allocate(k: number, tau: number, until: number, inclusive: boolean): void {
    const {
      V,
      K,
      cap,
      pe,
      mips,
      atUpdate,
      vmHost,
      vmOrigin,
      vmEnd,
      vmStart,
      vmShare,
      vmKeep,
      moveVm,
      moveDst,
      slatahCountsMigrationTargets,
      countMigrationEnergy,
    } = this.#in;
    const hReq = this.#hReq, hNeed = this.#hNeed, hAlloc = this.#hAlloc;
    const hUtil = this.hUtil, hViolating = this.hViolating, hOn = this.hOn;
    const vmR = this.vmR, vmAlloc = this.vmAlloc, vmMig = this.vmMig, vmAt = this.#vmAt;
    const firstOn = this.#firstOn, lastOn = this.#lastOn, nextOn = this.#nextOn;
    // the VMs waiting for admission in the last allocation are found again
    const waiting = this.#waiting, waitingList = this.#waitingList;
    const waitedBefore = this.#waitingCount;
    for (let i = 0; i < waitedBefore; i++) waiting[waitingList[i]!] = 0;
    let waitingCount = 0;
    const used = this.#used, inUse = this.#inUse, wasUsed = this.#wasUsed;
    const violationFactor = this.#violationFactor, overList = this.#overList;
    const room = this.#room;
    let usedCount = this.#usedCount;
    const columns = this.#columns;
    // Between updates the lists hold each placed VM where the last allocation left it, as
    // long as no VM's host changed since they were built (`settle` keeps them, and nothing
    // else moves a VM between updates).
    const chained = tau !== 0 && inclusive && this.#listed &&
      sameHosts(vmHost, this.#seenHost);
    const column = tau === 0 ? -1 : columns.columnOf(k, tau);
    // the linear hosts stay those of the trace interval found last; else they are found anew
    if (!chained || column !== this.#epoch) this.#endLinear();
    let byHost = false, x = 0;
    if (chained) {
      const n = usedCount;
      for (let i = 0; i < n; i++) {
        const h = used[i]!;
        wasUsed[i] = h;
        hUtil[h] = 0;
        hViolating[h] = inUse[h] = hOn[h] = 0;
      }
      usedCount = 0;
      x = columns.seek(k, tau);
      const start = columns.start, change = columns.change;
      const hostLinear = this.#hostLinear, linearA = this.#linearA, linearB = this.#linearB;
      // with linear VMs, each host's other VMs (its walk list); else all of them
      const kept = this.#epoch !== -1;
      const first = kept ? this.#firstWalk : firstOn, next = kept ? this.#nextWalk : nextOn;
      let where = true, linearMips = 0;
      hosts: for (let i = 0; i < n; i++) {
        const h = wasUsed[i]!;
        if (firstOn[h]! < 0) {
          hReq[h] = hNeed[h] = hAlloc[h] = 0;
          continue;
        }
        inUse[h] = 1;
        used[usedCount++] = h;
        const p = pe[h]!;
        let req = 0, need = 0, alloc = 0;
        for (let v = first[h]!; v >= 0; v = next[v]!) {
          const home = vmHost[v]!;
          const end = vmEnd[v]!;
          const atOrigin = end >= 0 && end >= until;
          if (home < 0 || (atOrigin ? vmOrigin[v]! : home) !== h) {
            where = false;
            break hosts;
          }
          // in migration from its transfer's start; before it, waiting at its source
          let inMigration = atOrigin;
          if (atOrigin) {
            const begin = vmStart[v]!;
            if (begin > 0 && begin >= until) {
              inMigration = false;
              waiting[v] = 1;
              waitingList[waitingCount++] = v;
            }
          }
          const r = mips[v]! * (x === 0 ? start[v]! : start[v]! + change[v]! * x);
          vmR[v] = r;
          req += r;
          const c = Math.min(r, p);
          need += c;
          if (inMigration) {
            vmMig[v] = 1;
            const keep = vmKeep[v]!;
            const y = c * keep;
            vmAlloc[v] = y;
            if (countMigrationEnergy) alloc += keep > 0 ? y / keep : c;
          } else {
            vmMig[v] = 0;
            vmAlloc[v] = c;
            alloc += c;
          }
        }
        if (hostLinear[h] === 1) {
          // the linear VMs' requests (each its share), then the others'
          const q = x === 0 ? linearA[h]! : linearA[h]! + linearB[h]! * x;
          linearMips += q;
          req = q + req;
          need = q + need;
          alloc = q + alloc;
        }
        hReq[h] = req;
        hNeed[h] = need;
        hAlloc[h] = alloc;
      }
      if (where) {
        byHost = true;
        this.#linearMips = linearMips;
        this.#linearX = x;
      } else {
        // a VM not where the lists say: every host is taken again by the pass over VMs
        for (let i = 0; i < n; i++) {
          const h = wasUsed[i]!;
          hReq[h] = hNeed[h] = hAlloc[h] = 0;
          firstOn[h] = -1;
        }
        for (let i = 0; i < waitingCount; i++) waiting[waitingList[i]!] = 0;
        waitingCount = 0;
        this.#endLinear();
      }
    }
    if (!byHost) {
      for (let i = 0; i < usedCount; i++) {
        const h = used[i]!;
        hReq[h] =
          hNeed[h] =
          hAlloc[h] =
          hUtil[h] =
            0;
        hViolating[h] = inUse[h] = hOn[h] = 0;
        firstOn[h] = -1;
      }
      usedCount = 0;
      const fraction = this.#fraction;
      if (tau === 0) {
        for (let v = 0, i = k; v < V; v++, i += K) fraction[v] = atUpdate[i]!;
      } else {
        x = columns.seek(k, tau);
        const start = columns.start, change = columns.change;
        for (let v = 0; v < V; v++) fraction[v] = x === 0 ? start[v]! : start[v]! + change[v]! * x;
      }
      for (let v = 0; v < V; v++) {
        const home = vmHost[v]!;
        if (home < 0) {
          vmAt[v] = -1;
          continue;
        }
        const r = mips[v]! * fraction[v]!;
        vmR[v] = r;
        const end = vmEnd[v]!;
        const atOrigin = end >= 0 && (inclusive ? end >= until : end > until);
        const h = atOrigin ? vmOrigin[v]! : home;
        // in migration from its transfer's start; before it, waiting at its source
        let inMigration = atOrigin;
        if (atOrigin) {
          const begin = vmStart[v]!;
          if (begin > 0 && (inclusive ? begin >= until : begin > until)) {
            inMigration = false;
            waiting[v] = 1;
            waitingList[waitingCount++] = v;
          }
        }
        vmAt[v] = h;
        if (inUse[h] === 0) {
          inUse[h] = 1;
          used[usedCount++] = h;
          firstOn[h] = v;
        } else nextOn[lastOn[h]!] = v;
        lastOn[h] = v;
        nextOn[v] = -1;
        hReq[h]! += r;
        // the VM's share on a host that is not over-subscribed
        const c = Math.min(r, pe[h]!);
        hNeed[h]! += c;
        if (inMigration) {
          vmMig[v] = 1;
          const keep = vmKeep[v]!;
          const y = c * keep;
          vmAlloc[v] = y;
          if (countMigrationEnergy) hAlloc[h]! += keep > 0 ? y / keep : c;
        } else {
          vmMig[v] = 0;
          vmAlloc[v] = c;
          hAlloc[h]! += c;
        }
      }
      this.#seenHost.set(vmHost);
    }
    if (this.#linearOn && tau !== 0 && this.#epoch === -1) this.#startLinear(column, x, usedCount);
    // the moves in progress, in move order
    if (this.#live.length < moveVm.length) {
      const n = Math.max(moveVm.length, 2 * this.#live.length);
      this.#live = new Int32Array(n);
      this.#liveShare = new Float64Array(n);
      this.#ending = new Int32Array(n);
      this.#starting = new Int32Array(n);
      this.#incoming = new Int32Array(n);
    }
    const live = this.#live;
    let liveCount = 0;
    const later = k === this.#liveK &&
      (until > this.#liveUntil || (until === this.#liveUntil && this.#liveInclusive));
    // A walk of the same interval's moves, no VM moved, at a later moment than the last
    // allocation: a VM migrating now (its migration ends at `until` or later) was migrating
    // then, so its moves were in `live` and still are (`settle` drops only those ended); they
    // are sought there (kept in place, in order), else among all the moves. With VMs waiting
    // for admission then, a VM migrating now may have been waiting: all the moves are sought.
    const kept = byHost && later && moveVm === this.#liveOf &&
      moveVm.length === this.#liveMoves && waitedBefore === 0;
    const candidates = kept ? this.#liveCount : moveVm.length;
    const moving = this.#moving, hostsOn = this.#in.migrationHostsOn;
    // the moves ending exactly at `until`, and those whose transfer starts then, for a
    // `settle` at that moment; each live move's share on its target (`liveShare`, for the
    // pass below)
    const ending = this.#ending, liveShare = this.#liveShare, starting = this.#starting;
    let endingCount = 0, startingCount = 0;
    for (let j = 0; j < candidates; j++) {
      const i = kept ? live[j]! : j, v = moveVm[i]!;
      if (vmMig[v] !== 1) {
        if (waiting[v] === 1) {
          // a migration of no time ends as its transfer starts
          if (vmEnd[v] === until) ending[endingCount++] = i;
          else if (vmStart[v] === until) starting[startingCount++] = i;
        }
        continue;
      }
      live[liveCount] = i;
      if (vmEnd[v] === until) ending[endingCount++] = i;
      const h = moveDst[i]!;
      if (inUse[h] === 0) {
        inUse[h] = 1;
        used[usedCount++] = h;
      }
      if (hostsOn) {
        // both ends of the move are on (its source holds the VM, so it is in `used`)
        moving[h] = 1;
        moving[vmOrigin[v]!] = 1;
      }
      if (slatahCountsMigrationTargets) hReq[h]! += vmR[v]!;
      const c = Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
      liveShare[liveCount++] = c;
      hNeed[h]! += c;
    }
    this.#liveCount = liveCount;
    this.#liveOf = moveVm;
    this.#liveMoves = moveVm.length;
    this.#liveK = k;
    this.#liveUntil = until;
    this.#liveInclusive = inclusive;
    let overCount = 0;
    for (let i = 0; i < usedCount; i++) {
      const h = used[i]!;
      if (!(hNeed[h]! <= room[h]!)) overList[overCount++] = h;
    }
    const vmLinear = this.vmLinear, lx = this.#linearX;
    for (let i = 0; i < overCount; i++) {
      const h = overList[i]!;
      hAlloc[h] = 0;
      const scale = cap[h]! / hNeed[h]!;
      for (let v = firstOn[h]!; v >= 0; v = nextOn[v]!) {
        if (vmLinear[v] === 1) vmR[v] = linearRequest(v, lx, mips, columns);
        // the VM's share on an over-subscribed host
        const c = Math.min(vmR[v]!, pe[h]!);
        if (vmMig[v] === 1) {
          const keep = vmKeep[v]!;
          const x = Math.floor(c * scale * keep);
          vmAlloc[v] = x;
          if (countMigrationEnergy) hAlloc[h]! += keep > 0 ? x / keep : c;
        } else {
          const x = Math.floor(c * scale);
          vmAlloc[v] = x;
          hAlloc[h]! += x;
        }
      }
    }
    for (let j = 0; j < liveCount; j++) {
      // the migrating VM's share on its target
      const h = moveDst[live[j]!]!, c = liveShare[j]!;
      const need = hNeed[h]!;
      hAlloc[h]! += need <= room[h]! ? c : Math.floor(c * (cap[h]! / need));
    }
    for (let i = 0; i < usedCount; i++) {
      // the host's utilisation (capped at 1) and SLA violation
      const h = used[i]!;
      const a = hAlloc[h]!;
      const on = a > 0 || moving[h] === 1;
      hOn[h] = on ? 1 : 0;
      moving[h] = 0;
      // an active host violates the SLA while its allocated MIPS fall short of its requested
      hViolating[h] = on && a < hReq[h]! * violationFactor ? 1 : 0;
      if (a === 0) {
        // nothing allocated: utilisation 0 (0 / cap)
        hUtil[h] = 0;
        continue;
      }
      const u = a / cap[h]!;
      hUtil[h] = u > 1 ? 1 : u;
    }
    this.#usedCount = usedCount;
    this.#listed = true;
    this.#endingCount = endingCount;
    this.#startingCount = startingCount;
    this.#endingAt = inclusive ? until : NaN;
    this.#waitingCount = waitingCount;
  }

  book(dt: number, totals: SlaTotals): void {
    if (this.#epoch === -1) {
      // every placed VM, in index order
      const vmHost = this.#in.vmHost;
      for (let v = 0; v < vmHost.length; v++) if (vmHost[v]! >= 0) this.#bookVm(v, dt, totals);
      return;
    }
    // the linear VMs as one term (each VM's own at `flushLinear`), then each host's others
    totals.requestedMipsSeconds += this.#linearMips * dt;
    this.#w0 += dt;
    this.#w1 += this.#linearX * dt;
    const used = this.#used, firstOn = this.#firstOn;
    const firstWalk = this.#firstWalk, nextWalk = this.#nextWalk;
    for (let i = 0; i < this.#usedCount; i++) {
      const h = used[i]!;
      if (firstOn[h]! < 0) continue;
      for (let v = firstWalk[h]!; v >= 0; v = nextWalk[v]!) this.#bookVm(v, dt, totals);
    }
  }

  /** Books `dt` seconds of VM v: its requested MIPS, and while it migrates its shortfall. */
  #bookVm(v: number, dt: number, totals: SlaTotals): void {
    const rate = this.vmR[v]!, alloc = this.vmAlloc[v]!;
    const r = rate * dt;
    totals.vmRequested[v]! += r;
    totals.requestedMipsSeconds += r;
    if (this.vmMig[v] === 1 && alloc < rate) {
      const lost = (rate - alloc) * dt;
      totals.vmDegraded[v]! += lost;
      totals.degradedMipsSeconds += lost;
    }
  }

  flushLinear(): void {
    const w0 = this.#w0, w1 = this.#w1;
    this.#w0 = this.#w1 = 0;
    const n = this.#linearVmCount;
    if (n === 0) return;
    // the columns are still the trace interval's of the linear VMs (`allocate` flushes
    // before it moves them)
    const { mips } = this.#in, out = this.#in.vmRequested!;
    const { start, change } = this.#columns;
    const vms = this.#linearVms, w0From = this.#w0From, w1From = this.#w1From;
    for (let i = 0; i < n; i++) {
      const v = vms[i]!, m = mips[v]!;
      out[v]! += m * start[v]! * (w0 - w0From[v]!) + m * change[v]! * (w1 - w1From[v]!);
      w0From[v] = w1From[v] = 0;
    }
  }

  /** Books what is pending and forgets the linear VMs. */
  #endLinear(): void {
    this.flushLinear();
    const hostLinear = this.#hostLinear, hosts = this.#linearHosts;
    for (let i = 0; i < this.#linearHostCount; i++) hostLinear[hosts[i]!] = 0;
    const vmLinear = this.vmLinear, vms = this.#linearVms;
    for (let i = 0; i < this.#linearVmCount; i++) vmLinear[vms[i]!] = 0;
    this.#linearHostCount = this.#linearVmCount = 0;
    this.#linearMips = 0;
    this.#epoch = -1;
  }

  /**
   * Whether VM v, not migrating, stays linear on host h over the trace interval sought: its
   * request under a core at both ends, by a margin far above rounding.
   */
  #linearOnHost(v: number, h: number): boolean {
    const { mips, pe } = this.#in;
    const { start, change } = this.#columns;
    const m = mips[v]!, s = start[v]!, core = pe[h]! * (1 - LINEAR_MARGIN);
    return m * s <= core && m * (s + change[v]!) <= core;
  }

  /** Host h's linear term at x (0 without linear VMs). */
  #linearAt(h: number, x: number): number {
    if (this.#hostLinear[h] === 0) return 0;
    return x === 0 ? this.#linearA[h]! : this.#linearA[h]! + this.#linearB[h]! * x;
  }

  /**
   * Host h's sums of its linear VMs' requests (`linearA`, `linearB`: each VM's MIPS times its
   * start sample, and times its change, in list order); 1 in `hostLinear` when it has any.
   */
  #linearSums(h: number): void {
    const { mips } = this.#in;
    const { start, change } = this.#columns;
    const vmLinear = this.vmLinear, nextOn = this.#nextOn;
    let a = 0, b = 0, any = false;
    for (let v = this.#firstOn[h]!; v >= 0; v = nextOn[v]!) {
      if (vmLinear[v] === 0) continue;
      const m = mips[v]!;
      a += m * start[v]!;
      b += m * change[v]!;
      any = true;
    }
    this.#linearA[h] = a;
    this.#linearB[h] = b;
    if (any && this.#hostLinear[h] === 0) {
      this.#hostLinear[h] = 1;
      this.#linearHosts[this.#linearHostCount++] = h;
    }
  }

  /**
   * Host h's sums from its linear VMs' linear form at x and the other VMs' arrays as the
   * allocation just wrote them (the walk's terms in the walk's order): its requested MIPS, its
   * need (shares on a host not over-subscribed, incoming migrations left out) and allocation.
   * Returns the linear part.
   */
  #hostSums(h: number, x: number): number {
    const { pe, vmKeep, countMigrationEnergy } = this.#in;
    const vmLinear = this.vmLinear, vmR = this.vmR, vmAlloc = this.vmAlloc, vmMig = this.vmMig;
    const nextOn = this.#nextOn, p = pe[h]!;
    let req = 0, need = 0, alloc = 0;
    for (let v = this.#firstOn[h]!; v >= 0; v = nextOn[v]!) {
      if (vmLinear[v] === 1) continue;
      const r = vmR[v]!;
      req += r;
      const c = Math.min(r, p);
      need += c;
      if (vmMig[v] === 1) {
        const keep = vmKeep[v]!;
        if (countMigrationEnergy) alloc += keep > 0 ? vmAlloc[v]! / keep : c;
      } else alloc += vmAlloc[v]!;
    }
    let q = 0;
    if (this.#hostLinear[h] === 1) {
      q = this.#linearAt(h, x);
      req = q + req;
      need = q + need;
      alloc = q + alloc;
    }
    this.#hReq[h] = req;
    this.#hNeed[h] = need;
    this.#hAlloc[h] = alloc;
    return q;
  }

  /**
   * Finds trace interval `column`'s linear VMs on the `usedCount` hosts in use (their lists
   * built, every VM's arrays written, the columns sought at x) and takes those hosts' sums
   * again with them.
   */
  #startLinear(column: number, x: number, usedCount: number): void {
    const vmMig = this.vmMig, vmLinear = this.vmLinear, linearVms = this.#linearVms;
    const firstOn = this.#firstOn, nextOn = this.#nextOn, used = this.#used;
    const firstWalk = this.#firstWalk, nextWalk = this.#nextWalk;
    let vms = 0, linearMips = 0;
    for (let i = 0; i < usedCount; i++) {
      const h = used[i]!;
      let any = false, last = -1;
      firstWalk[h] = -1;
      for (let v = firstOn[h]!; v >= 0; v = nextOn[v]!) {
        if (vmMig[v] === 1 || this.#waiting[v] === 1 || !this.#linearOnHost(v, h)) {
          // walked: appended to the host's walk list
          if (last < 0) firstWalk[h] = v;
          else nextWalk[last] = v;
          nextWalk[v] = -1;
          last = v;
          continue;
        }
        vmLinear[v] = 1;
        linearVms[vms++] = v;
        any = true;
      }
      if (!any) continue;
      this.#linearSums(h);
      linearMips += this.#hostSums(h, x);
    }
    this.#linearVmCount = vms;
    this.#linearMips = linearMips;
    this.#linearX = x;
    this.#epoch = column;
  }

  settle(until: number): void {
    const {
      pe,
      cap,
      vmHost,
      vmOrigin,
      vmShare,
      vmKeep,
      moveVm,
      moveDst,
      slatahCountsMigrationTargets,
      countMigrationEnergy,
    } = this.#in;
    const hReq = this.#hReq, hNeed = this.#hNeed, hAlloc = this.#hAlloc;
    const hUtil = this.hUtil, hViolating = this.hViolating, hOn = this.hOn;
    const vmR = this.vmR, vmAlloc = this.vmAlloc, vmMig = this.vmMig, vmAt = this.#vmAt;
    const firstOn = this.#firstOn, nextOn = this.#nextOn;
    const used = this.#used, inUse = this.#inUse;
    const affected = this.#affected, vmChanged = this.#vmChanged;
    const touched = this.#touched, changed = this.#changed, onTouched = this.#onTouched;
    const violationFactor = this.#violationFactor, room = this.#room;
    let touchedCount = 0, changedCount = 0, onTouchedCount = 0;
    const live = this.#live, ending = this.#ending, starting = this.#starting;
    const waiting = this.#waiting;
    if (!(until === this.#endingAt)) {
      const last = Number.isNaN(this.#endingAt)
        ? "the call before was a settle, or an allocation not inclusive, or none"
        : `the call before allocated at ${this.#endingAt}`;
      throw new Error(
        `Cannot settle the migrations ending at ${until} as the call before must be an ` +
          `allocation inclusive of that moment (allocate(k, tau, ${until}, true)): ${last}`,
      );
    }
    // in progress for `inclusive` (end >= until), done without it (end > until): end === until
    // every live move of a VM that ends now (a VM moved twice has two), as move indices in
    // `live`'s order, listed by that allocation
    const endingCount = this.#endingCount, startingCount = this.#startingCount;
    this.#endingAt = NaN;
    this.#startingCount = 0;
    for (let j = 0; j < endingCount; j++) {
      const v = moveVm[ending[j]!]!;
      if (vmChanged[v] === 1) continue;
      vmChanged[v] = 1;
      changed[changedCount++] = v;
    }
    if (changedCount === 0 && startingCount === 0) return;
    // the hosts whose sums change, each once (`affected`)
    const linear = this.#epoch !== -1, vmLinear = this.vmLinear, lx = this.#linearX;
    for (let i = 0; i < changedCount; i++) {
      const v = changed[i]!, h = vmHost[v]!, from = vmAt[v]!, origin = vmOrigin[v]!;
      vmMig[v] = waiting[v] = 0;
      if (linear) {
        // out of its source's walk list; linear from now on (its requests from here booked
        // with the others') or into its target's
        unlink(v, from, this.#firstWalk, this.#nextWalk);
        // a host without VMs has had no walk list built since its last
        if (firstOn[h]! < 0) this.#firstWalk[h] = -1;
        if (this.#linearOnHost(v, h)) {
          vmLinear[v] = 1;
          this.#linearVms[this.#linearVmCount++] = v;
          this.#w0From[v] = this.#w0;
          this.#w1From[v] = this.#w1;
        } else {
          insertInOrder(v, h, this.#firstWalk, this.#nextWalk);
        }
      }
      if (origin >= 0 && affected[origin] === 0) {
        affected[origin] = 1;
        touched[touchedCount++] = origin;
      }
      if (affected[h] === 0) {
        affected[h] = 1;
        touched[touchedCount++] = h;
      }
      if (from === h) continue;
      // from its source's list into its target's, in index order
      vmAt[v] = h;
      unlink(v, from, firstOn, nextOn);
      insertInOrder(v, h, firstOn, nextOn);
      if (inUse[h] === 0) {
        inUse[h] = 1;
        used[this.#usedCount++] = h;
      }
    }
    for (let j = 0; j < endingCount; j++) {
      const h = moveDst[ending[j]!]!;
      if (h >= 0 && affected[h] === 0) {
        affected[h] = 1;
        touched[touchedCount++] = h;
      }
    }
    // the transfers starting now (of VMs not ending now): each VM migrates from its source,
    // and its target grants its share
    let started = 0;
    for (let j = 0; j < startingCount; j++) {
      const i = starting[j]!, v = moveVm[i]!;
      if (vmChanged[v] === 1) continue;
      waiting[v] = 0;
      vmMig[v] = 1;
      starting[started++] = i;
      const from = vmAt[v]!, h = moveDst[i]!;
      if (affected[from] === 0) {
        affected[from] = 1;
        touched[touchedCount++] = from;
      }
      if (affected[h] === 0) {
        affected[h] = 1;
        touched[touchedCount++] = h;
      }
      // the target is in use from now on (its sums are reset by the next allocation)
      if (inUse[h] === 0) {
        inUse[h] = 1;
        used[this.#usedCount++] = h;
      }
    }
    // into the moves in progress, in move order (both lists are), merged in place from the
    // back: `live` holds every move of the interval, and these were not among its moves
    let a = this.#liveCount - 1, b = started - 1, n = this.#liveCount + started;
    const liveCount = n;
    while (b >= 0) live[--n] = a >= 0 && live[a]! > starting[b]! ? live[a--]! : starting[b--]!;
    // the passes of `allocate`, restricted to the touched hosts: each host's VMs in index
    // order, their requests and needs summed (the linear VMs' first, as one term)
    let linearMips = this.#linearMips;
    for (let i = 0; i < touchedCount; i++) {
      const h = touched[i]!;
      hAlloc[h] = 0;
      let q = 0;
      if (linear) {
        linearMips -= this.#linearAt(h, lx);
        this.#linearSums(h);
        q = this.#linearAt(h, lx);
        linearMips += q;
      }
      let req = 0, need = 0;
      for (let v = firstOn[h]!; v >= 0; v = nextOn[v]!) {
        onTouched[onTouchedCount++] = v;
        if (vmLinear[v] === 1) continue;
        req += vmR[v]!;
        need += Math.min(vmR[v]!, pe[h]!);
      }
      const hasLinear = this.#hostLinear[h] === 1;
      hReq[h] = hasLinear ? q + req : req;
      hNeed[h] = hasLinear ? q + need : need;
    }
    this.#linearMips = linearMips;
    // the moves still in progress stay in `live` (in order); those reaching a touched host are
    // listed in `incoming` for the shares added below
    const moving = this.#moving, hostsOn = this.#in.migrationHostsOn;
    const incoming = this.#incoming;
    let still = 0, incomingCount = 0;
    for (let j = 0; j < liveCount; j++) {
      const i = live[j]!, v = moveVm[i]!;
      if (vmMig[v] === 0) continue;
      live[still++] = i;
      const h = moveDst[i]!;
      if (hostsOn) {
        // the touched hosts still sending or receiving a VM stay on
        const origin = vmOrigin[v]!;
        if (affected[origin] === 1) moving[origin] = 1;
        if (affected[h] === 1) moving[h] = 1;
      }
      if (affected[h] === 0) continue;
      incoming[incomingCount++] = i;
      if (slatahCountsMigrationTargets) hReq[h]! += vmR[v]!;
      hNeed[h]! += Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
    }
    this.#liveCount = still;
    const columns = this.#columns, { mips } = this.#in;
    for (let i = 0; i < onTouchedCount; i++) {
      // VM v's MIPS on host h (its source while it migrates), added to the host's
      const v = onTouched[i]!, h = vmAt[v]!;
      const need = hNeed[h]!;
      if (vmLinear[v] === 1) {
        // a linear VM's share is in the host's linear term unless the host is over-subscribed
        if (need <= room[h]!) continue;
        vmR[v] = linearRequest(v, lx, mips, columns);
      }
      const c = Math.min(vmR[v]!, pe[h]!);
      const keep = vmKeep[v]!;
      const migrating = vmMig[v] === 1;
      const x = need <= room[h]!
        ? (migrating ? c * keep : c)
        : Math.floor(c * (cap[h]! / need) * (migrating ? keep : 1));
      vmAlloc[v] = x;
      if (migrating) {
        if (countMigrationEnergy) hAlloc[h]! += keep > 0 ? x / keep : c;
      } else hAlloc[h]! += x;
    }
    if (linear) {
      for (let i = 0; i < touchedCount; i++) {
        // the linear term of a host not over-subscribed first, as in `allocate`
        const h = touched[i]!;
        if (this.#hostLinear[h] === 1 && hNeed[h]! <= room[h]!) {
          hAlloc[h] = this.#linearAt(h, lx) + hAlloc[h]!;
        }
      }
    }
    for (let j = 0; j < incomingCount; j++) {
      const i = incoming[j]!, v = moveVm[i]!;
      const h = moveDst[i]!;
      // migrating VM v's share on its target h, added to the host's
      const c = Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
      const need = hNeed[h]!;
      hAlloc[h]! += need <= room[h]! ? c : Math.floor(c * (cap[h]! / need));
    }
    for (let i = 0; i < touchedCount; i++) {
      // host h's utilisation (capped at 1) and SLA violation from its sums
      const h = touched[i]!;
      const u = hAlloc[h]! / cap[h]!;
      hUtil[h] = u > 1 ? 1 : u;
      const on = hAlloc[h]! > 0 || moving[h] === 1;
      hOn[h] = on ? 1 : 0;
      moving[h] = 0;
      hViolating[h] = on && hAlloc[h]! < hReq[h]! * violationFactor ? 1 : 0;
      affected[h] = 0;
    }
    for (let i = 0; i < changedCount; i++) vmChanged[changed[i]!] = 0;
  }
}

/**
 * The relative margin by which a linear VM's request stays under a core at both ends of its
 * trace interval: far above the rounding of the request, so that the core never caps it.
 */
const LINEAR_MARGIN = 1e-12;

/** VM v's requested MIPS at x of the trace interval the columns hold (as the walks compute it). */
function linearRequest(v: number, x: number, mips: Float64Array, columns: DemandColumns): number {
  const s = columns.start[v]!;
  return mips[v]! * (x === 0 ? s : s + columns.change[v]! * x);
}

/** Whether every VM's host is the one seen (`a` and `b` of the same length). */
function sameHosts(a: Int32Array, b: Int32Array): boolean {
  for (let v = 0; v < a.length; v++) if (a[v] !== b[v]) return false;
  return true;
}

/** Takes VM v out of host h's list (`first[h]`, then `next` of each, -1 ending it). */
function unlink(v: number, h: number, first: Int32Array, next: Int32Array): void {
  let at = first[h]!;
  if (at === v) {
    first[h] = next[v]!;
    return;
  }
  while (at >= 0 && next[at] !== v) at = next[at]!;
  if (at < 0) throw new Error(`VM ${v} is not on host ${h}'s list`);
  next[at] = next[v]!;
}

/** Puts VM v into host h's list (`first[h]`, then `next` of each), kept in index order. */
function insertInOrder(v: number, h: number, first: Int32Array, next: Int32Array): void {
  let at = first[h]!;
  if (at < 0 || at > v) {
    next[v] = at;
    first[h] = v;
    return;
  }
  while (next[at]! >= 0 && next[at]! < v) at = next[at]!;
  next[v] = next[at]!;
  next[at] = v;
}
