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
}

/**
 * The allocation at one moment, and the methods that compute it (called as methods, e.g.
 * `allocation.allocate(...)`: they read their state through `this`).
 */
export interface HostAllocation {
  /** Each host's allocated utilisation (capped at 1). */
  hUtil: Float64Array;
  /** 1 where a host's allocated MIPS fall short of its requested MIPS. */
  hViolating: Uint8Array;
  /** Each VM's requested MIPS. */
  vmR: Float64Array;
  /** Each VM's allocated MIPS (on its source while it migrates). */
  vmAlloc: Float64Array;
  /** 1 where a VM is migrating. */
  vmMig: Uint8Array;
  /**
   * Fills the arrays for time `tau` of interval k. A migration ending at `until` or later is
   * in progress (`inclusive`: ending exactly then still counts).
   */
  allocate(k: number, tau: number, until: number, inclusive: boolean): void;
  /**
   * Completes the migrations ending exactly at `until`, right after `allocate(k, until,
   * until, true)` and with nothing changed since: the arrays become those of
   * `allocate(k, until, until, false)`, recomputed only on the hosts those migrations touch
   * (each host's sums taken over the same terms in the same order, so the same doubles).
   */
  settle(until: number): void;
}

/**
 * Hosts sharing their cores as CloudSim 3.0.3's `VmSchedulerTimeSharedOverSubscription` does:
 * a VM gets at most one core's MIPS; when the VMs ask more than the host has, all are scaled
 * down and rounded down to whole MIPS; a migrating VM gets `vmKeep` of its share on its source
 * and `vmShare` on its target until its migration ends. A host violates the SLA when its
 * allocated MIPS fall short of its requested MIPS (`Helper.getSlaTimePerActiveHost`).
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
  readonly hViolating: Uint8Array;
  readonly vmR: Float64Array;
  readonly vmAlloc: Float64Array;
  readonly vmMig: Uint8Array;
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

  constructor(inputs: HostAllocationInputs) {
    const { H, V, K, util, intervalSeconds, updateOffsetSeconds, cloudsimArithmetic } = inputs;
    this.#in = inputs;
    this.#hReq = new Float64Array(H);
    this.#hNeed = new Float64Array(H);
    this.#hAlloc = new Float64Array(H);
    this.hUtil = new Float64Array(H);
    this.hViolating = new Uint8Array(H);
    this.vmR = new Float64Array(V);
    this.vmAlloc = new Float64Array(V);
    this.vmMig = new Uint8Array(V);
    this.#vmAt = new Int32Array(V).fill(-1);
    this.#columns = new DemandColumns(util, K, intervalSeconds, updateOffsetSeconds);
    this.#fraction = new Float64Array(V);
    this.#violationFactor = cloudsimArithmetic ? 1 : 1 - 1e-9;
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
   * settling it) the VMs are where the last allocation and settle left them, so the first
   * pass walks each host's list, its sums kept in locals (each host's terms in the same order
   * as a pass over VMs adds them, so the same doubles); every VM's host is checked on the way
   * and their count at the end, and any difference falls back to the pass over VMs.
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
      vmShare,
      vmKeep,
      moveVm,
      moveDst,
      slatahCountsMigrationTargets,
      countMigrationEnergy,
    } = this.#in;
    const hReq = this.#hReq, hNeed = this.#hNeed, hAlloc = this.#hAlloc;
    const hUtil = this.hUtil, hViolating = this.hViolating;
    const vmR = this.vmR, vmAlloc = this.vmAlloc, vmMig = this.vmMig, vmAt = this.#vmAt;
    const firstOn = this.#firstOn, lastOn = this.#lastOn, nextOn = this.#nextOn;
    const used = this.#used, inUse = this.#inUse, wasUsed = this.#wasUsed;
    const violationFactor = this.#violationFactor, overList = this.#overList;
    let usedCount = this.#usedCount;
    let byHost = false;
    if (tau !== 0 && inclusive && this.#listed) {
      const n = usedCount;
      for (let i = 0; i < n; i++) {
        const h = used[i]!;
        wasUsed[i] = h;
        hUtil[h] = 0;
        hViolating[h] = inUse[h] = 0;
      }
      usedCount = 0;
      const columns = this.#columns;
      const x = columns.seek(k, tau), start = columns.start, change = columns.change;
      let seen = 0, where = true;
      hosts: for (let i = 0; i < n; i++) {
        const h = wasUsed[i]!;
        let v = firstOn[h]!;
        if (v < 0) {
          hReq[h] = hNeed[h] = hAlloc[h] = 0;
          continue;
        }
        inUse[h] = 1;
        used[usedCount++] = h;
        const p = pe[h]!;
        let req = 0, need = 0, alloc = 0;
        for (; v >= 0; v = nextOn[v]!) {
          const home = vmHost[v]!;
          const end = vmEnd[v]!;
          const inMigration = end >= 0 && end >= until;
          if (home < 0 || (inMigration ? vmOrigin[v]! : home) !== h) {
            where = false;
            break hosts;
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
          seen++;
        }
        hReq[h] = req;
        hNeed[h] = need;
        hAlloc[h] = alloc;
      }
      // and no VM placed since (each of those visited was placed): the VMs not placed
      // counted by their host's sign bit
      let unplaced = 0;
      if (where) {
        for (let v = 0; v < V; v++) unplaced += vmHost[v]! >>> 31;
      }
      if (where && seen === V - unplaced) byHost = true;
      else {
        // a VM not where the lists say: every host is taken again by the pass over VMs
        for (let i = 0; i < n; i++) {
          const h = wasUsed[i]!;
          hReq[h] = hNeed[h] = hAlloc[h] = 0;
          firstOn[h] = -1;
        }
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
        hViolating[h] = inUse[h] = 0;
        firstOn[h] = -1;
      }
      usedCount = 0;
      const fraction = this.#fraction;
      if (tau === 0) {
        for (let v = 0, i = k; v < V; v++, i += K) fraction[v] = atUpdate[i]!;
      } else {
        const columns = this.#columns;
        const x = columns.seek(k, tau), start = columns.start, change = columns.change;
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
        const inMigration = end >= 0 && (inclusive ? end >= until : end > until);
        const h = inMigration ? vmOrigin[v]! : home;
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
    }
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      if (vmMig[v] === 0) continue;
      const h = moveDst[i]!;
      if (inUse[h] === 0) {
        inUse[h] = 1;
        used[usedCount++] = h;
      }
      if (slatahCountsMigrationTargets) hReq[h]! += vmR[v]!;
      hNeed[h]! += Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
    }
    let overCount = 0;
    for (let i = 0; i < usedCount; i++) {
      const h = used[i]!;
      if (!(hNeed[h]! <= cap[h]!)) overList[overCount++] = h;
    }
    for (let i = 0; i < overCount; i++) {
      const h = overList[i]!;
      hAlloc[h] = 0;
      const scale = cap[h]! / hNeed[h]!;
      for (let v = firstOn[h]!; v >= 0; v = nextOn[v]!) {
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
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      if (vmMig[v] === 0) continue;
      // the migrating VM's share on its target
      const h = moveDst[i]!;
      const c = Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
      const need = hNeed[h]!;
      hAlloc[h]! += need <= cap[h]! ? c : Math.floor(c * (cap[h]! / need));
    }
    for (let i = 0; i < usedCount; i++) {
      // the host's utilisation (capped at 1) and SLA violation
      const h = used[i]!;
      const a = hAlloc[h]!;
      if (a === 0) {
        // no VM: utilisation 0 (0 / cap), not violating
        hUtil[h] = 0;
        hViolating[h] = 0;
        continue;
      }
      const u = a / cap[h]!;
      hUtil[h] = u > 1 ? 1 : u;
      hViolating[h] = a > 0 && a < hReq[h]! * violationFactor ? 1 : 0;
    }
    this.#usedCount = usedCount;
    this.#listed = true;
  }

  settle(until: number): void {
    const {
      pe,
      cap,
      vmHost,
      vmOrigin,
      vmEnd,
      vmShare,
      vmKeep,
      moveVm,
      moveDst,
      slatahCountsMigrationTargets,
      countMigrationEnergy,
    } = this.#in;
    const hReq = this.#hReq, hNeed = this.#hNeed, hAlloc = this.#hAlloc;
    const hUtil = this.hUtil, hViolating = this.hViolating;
    const vmR = this.vmR, vmAlloc = this.vmAlloc, vmMig = this.vmMig, vmAt = this.#vmAt;
    const firstOn = this.#firstOn, nextOn = this.#nextOn;
    const used = this.#used, inUse = this.#inUse;
    const affected = this.#affected, vmChanged = this.#vmChanged;
    const touched = this.#touched, changed = this.#changed, onTouched = this.#onTouched;
    const violationFactor = this.#violationFactor;
    let touchedCount = 0, changedCount = 0, onTouchedCount = 0;
    // in progress for `inclusive` (end >= until), done without it (end > until): end === until
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      if (vmHost[v]! < 0 || vmMig[v] === 0 || vmEnd[v] !== until || vmChanged[v] === 1) continue;
      vmChanged[v] = 1;
      changed[changedCount++] = v;
    }
    if (changedCount === 0) return;
    if (!this.#listed) {
      for (let i = 0; i < changedCount; i++) vmChanged[changed[i]!] = 0;
      throw new Error("settle must follow an allocation (the hosts' lists are stale)");
    }
    // the hosts whose sums change, each once (`affected`)
    for (let i = 0; i < changedCount; i++) {
      const v = changed[i]!, h = vmHost[v]!, from = vmAt[v]!, origin = vmOrigin[v]!;
      vmMig[v] = 0;
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
    for (let i = 0; i < moveVm.length; i++) {
      const h = moveDst[i]!;
      if (vmChanged[moveVm[i]!] === 1 && h >= 0 && affected[h] === 0) {
        affected[h] = 1;
        touched[touchedCount++] = h;
      }
    }
    for (let i = 0; i < touchedCount; i++) {
      const h = touched[i]!;
      hReq[h] = hNeed[h] = hAlloc[h] = 0;
    }
    // the passes of `allocate`, restricted to the touched hosts: each host's VMs in index
    // order, their requests and needs summed
    for (let i = 0; i < touchedCount; i++) {
      const h = touched[i]!;
      for (let v = firstOn[h]!; v >= 0; v = nextOn[v]!) {
        onTouched[onTouchedCount++] = v;
        hReq[h]! += vmR[v]!;
        hNeed[h]! += Math.min(vmR[v]!, pe[h]!);
      }
    }
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      const h = moveDst[i]!;
      if (vmMig[v] === 0 || affected[h] === 0) continue;
      if (slatahCountsMigrationTargets) hReq[h]! += vmR[v]!;
      hNeed[h]! += Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
    }
    for (let i = 0; i < onTouchedCount; i++) {
      // VM v's MIPS on host h (its source while it migrates), added to the host's
      const v = onTouched[i]!, h = vmAt[v]!;
      const c = Math.min(vmR[v]!, pe[h]!);
      const need = hNeed[h]!;
      const keep = vmKeep[v]!;
      const migrating = vmMig[v] === 1;
      const x = need <= cap[h]!
        ? (migrating ? c * keep : c)
        : Math.floor(c * (cap[h]! / need) * (migrating ? keep : 1));
      vmAlloc[v] = x;
      if (migrating) {
        if (countMigrationEnergy) hAlloc[h]! += keep > 0 ? x / keep : c;
      } else hAlloc[h]! += x;
    }
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      const h = moveDst[i]!;
      if (vmMig[v] === 0 || affected[h] === 0) continue;
      // migrating VM v's share on its target h, added to the host's
      const c = Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
      const need = hNeed[h]!;
      hAlloc[h]! += need <= cap[h]! ? c : Math.floor(c * (cap[h]! / need));
    }
    for (let i = 0; i < touchedCount; i++) {
      // host h's utilisation (capped at 1) and SLA violation from its sums
      const h = touched[i]!;
      const u = hAlloc[h]! / cap[h]!;
      hUtil[h] = u > 1 ? 1 : u;
      hViolating[h] = hAlloc[h]! > 0 && hAlloc[h]! < hReq[h]! * violationFactor ? 1 : 0;
      affected[h] = 0;
    }
    for (let i = 0; i < changedCount; i++) vmChanged[changed[i]!] = 0;
  }
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
