/**
 * The running state of the mechanisms of one migration: guest throttle and clock,
 * the post-copy switch, the controller, XBZRLE and the report. Internal: not
 * re-exported from `mod.ts`.
 *
 * @module
 */
import type { Bitset } from "./bitset.ts";
import type { MigrationLink, PageBatch } from "./link.ts";
import type {
  MechanismName,
  MechanismReport,
  ResolvedMechanisms,
  SlowdownInterval,
} from "./mechanisms.ts";
import { MECHANISM_DEFAULTS, MECHANISM_NAMES } from "./mechanisms.ts";

const GIB = 1024 ** 3;

/** What the controller or the post-copy switch decided at a sync. */
export type MechanismStop = "post-copy" | "aborted" | "controller-pause" | undefined;

/** State of the mechanisms of one migration. */
export class MechanismState {
  readonly m: ResolvedMechanisms;
  /** Guest execution time so far (wall time minus the time the guest did not run). */
  execSeconds = 0;
  /** Current auto-converge throttle, percent. */
  throttlePercent = 0;
  /** Whether dirty-limit has been switched on by the trigger. */
  dirtyLimited = false;
  #highCount = 0;
  #passes = 0;
  #bestRemaining = Infinity;
  #bestAt = 0;
  readonly #memoryBytes: number;
  readonly #pageSizeBytes: number;
  readonly #writesPerSecond: number;
  readonly report: MechanismReport;
  readonly #xbzrle: XbzrleCache | undefined;

  constructor(
    m: ResolvedMechanisms,
    pageCount: number,
    pageSizeBytes: number,
    writesPerSecond: number,
  ) {
    this.m = m;
    this.#memoryBytes = pageCount * pageSizeBytes;
    this.#pageSizeBytes = pageSizeBytes;
    this.#writesPerSecond = writesPerSecond;
    const enabled = MECHANISM_NAMES.filter((k) => m[k] !== undefined) as MechanismName[];
    this.report = {
      enabled,
      guestSlowdownSeconds: 0,
      slowdown: [],
      maxThrottlePercent: 0,
      postCopySwitchSeconds: null,
      splitSeconds: 0,
      aborted: false,
      pausedByController: false,
      downtimeLimitSeconds: NaN,
      xbzrle: m.xbzrle ? { cacheHits: 0, cacheMisses: 0, overflows: 0, deltaBytes: 0 } : null,
      cpuSeconds: 0,
      cipherCpuSeconds: 0,
      handshakeSeconds: m.secureTransport?.handshakeSeconds ?? 0,
    };
    this.#xbzrle = m.xbzrle
      ? new XbzrleCache(pageCount, pageSizeBytes, m.xbzrle.cacheBytes)
      : undefined;
  }

  /** Fraction of the time the guest runs now, with its cause. */
  #run(): { run: number; writeRun: number; cause: SlowdownInterval["cause"] } {
    let run = 1;
    let cause: SlowdownInterval["cause"] = "dirty-logging";
    const log = this.m.dirtyLogging;
    if (log) run *= 1 - log.slowdownFraction;
    // A guest that catches up makes up the throttled time: its writes keep pace.
    const writeRun = run;
    if (this.throttlePercent > 0) {
      run *= 1 - this.throttlePercent / 100;
      cause = "throttle";
    }
    if (this.m.autoConverge?.guestCatchesUp) return { run, writeRun, cause };
    const dl = this.m.dirtyLimit;
    if (dl && this.dirtyLimited) {
      const dirtyBytesPerSecond = this.#writesPerSecond * run * this.#pageSizeBytes;
      const cap = dl.vcpus * dl.vcpuDirtyLimitBytesPerSecond;
      if (dirtyBytesPerSecond > cap) {
        run *= cap / dirtyBytesPerSecond;
        cause = "dirty-limit";
      }
    }
    return { run, writeRun: run, cause };
  }

  /**
   * The guest runs from wall time `start` for `seconds` of wall time: returns the
   * execution seconds its writes advance by (all of the throttled time too for a
   * guest that catches up) and records the slowdown. `start` is on the
   * technique's clock (setup is added to the report by {@link finish}).
   */
  exec(start: number, seconds: number): number {
    const { run, writeRun, cause } = this.#run();
    const ex = seconds * writeRun;
    this.execSeconds += ex;
    if (run < 1 && seconds > 0) this.#slow(start, start + seconds, run, cause);
    return ex;
  }

  #slow(start: number, end: number, run: number, cause: SlowdownInterval["cause"]): void {
    const s = this.report.slowdown;
    const last = s[s.length - 1];
    this.report.guestSlowdownSeconds += (end - start) * (1 - run);
    if (last && last.endSeconds === start && last.runFraction === run && last.cause === cause) {
      last.endSeconds = end;
    } else s.push({ startSeconds: start, endSeconds: end, runFraction: run, cause });
  }

  /**
   * A dirty-bitmap sync at wall time `t`: `dirtyBytes` were dirtied and
   * `sentBytes` sent since the last one; `remainingPages` are left. Applies QEMU's
   * throttle trigger (`migration_trigger_throttle`, `migration/ram.c`): dirtied
   * bytes above the threshold share of sent bytes at two syncs (not necessarily in a
   * row: a sync under the threshold does not reset QEMU's `dirty_rate_high_cnt`) start or
   * raise the throttle (or switch dirty-limit on); then the post-copy switch and the
   * controller's timeout decide.
   */
  sync(t: number, dirtyBytes: number, sentBytes: number, remainingPages: number): MechanismStop {
    this.#passes++;
    const ac = this.m.autoConverge;
    const trigger = ac?.triggerThresholdPercent ??
      MECHANISM_DEFAULTS.autoConverge.triggerThresholdPercent;
    if ((ac || this.m.dirtyLimit) && dirtyBytes > (sentBytes * trigger) / 100) {
      if (++this.#highCount >= 2) {
        this.#highCount = 0;
        if (ac) {
          this.throttlePercent = this.throttlePercent === 0
            ? ac.initialPercent
            : Math.min(this.throttlePercent + ac.incrementPercent, ac.maxPercent);
          this.report.maxThrottlePercent = Math.max(
            this.report.maxThrottlePercent,
            this.throttlePercent,
          );
        } else this.dirtyLimited = true;
      }
    }
    const p = this.m.postCopySwitch;
    if (remainingPages < this.#bestRemaining) {
      this.#bestRemaining = remainingPages;
      this.#bestAt = t;
    }
    if (p) {
      if (t >= p.afterSeconds || this.#passes >= p.afterPasses) return "post-copy";
      if (t - this.#bestAt >= p.stallSeconds) return "post-copy";
    }
    const c = this.m.controller;
    // Once the timeout has passed (Nova's should_trigger_timeout_action, `elapsed >
    // completion_timeout`, nova/virt/libvirt/migration.py)
    if (c && t > completionTimeoutSeconds(c, this.#memoryBytes)) {
      if (c.timeoutAction === "abort") {
        this.report.aborted = true;
        return "aborted";
      }
      if (c.timeoutAction === "pause") {
        this.report.pausedByController = true;
        return "controller-pause";
      }
      return "post-copy";
    }
    return undefined;
  }

  /**
   * The downtime limit at wall time `t` under the controller's steps (Nova's
   * `downtime_steps`, `nova/virt/libvirt/migration.py`), else `fallback`. As Nova's
   * `update_downtime`, the step in force is the last whose time `t` has passed
   * (`elapsed > step[0]`): none at `t = 0`, where `fallback` holds.
   */
  downtimeLimit(t: number, fallback: number): number {
    const s = this.m.controller?.downtimeSteps;
    if (s === undefined || !(t > 0)) return fallback;
    const gib = Math.max(2, this.#memoryBytes / GIB);
    const delay = Math.trunc(s.delaySecondsPerGiB * gib);
    const base = s.maxSeconds / s.steps;
    const offset = (s.maxSeconds - base) / s.steps;
    // steps 0..i have i x delay < t
    const i = delay === 0 ? s.steps : Math.min(s.steps, Math.ceil(t / delay) - 1);
    return base + offset * i;
  }

  /** Whether the controller's steps replace the preset's downtime limit. */
  get stepsDowntime(): boolean {
    return this.m.controller?.downtimeSteps !== undefined;
  }

  /**
   * Sends the live pages of `pages` (`count`, of which `zero` are zero pages): with
   * XBZRLE from the second pass on, cached pages go as deltas. Returns the batch.
   */
  sendLive(
    link: MigrationLink,
    pages: Bitset,
    count: number,
    pass: number,
    atSeconds: number,
    zeroPages: Bitset | undefined,
    writesPerDirtyPage: number,
  ): PageBatch {
    this.writesPerDirtyPage = writesPerDirtyPage;
    this.#lastPass = pass;
    return this.#send(link, "live", pages, count, pass, atSeconds, zeroPages, writesPerDirtyPage);
  }

  /**
   * Sends the stop-and-copy pages: with XBZRLE (once a pass has started it), cached
   * pages go as deltas and misses are not inserted (QEMU's last stage).
   */
  sendFinal(
    link: MigrationLink,
    pages: Bitset,
    count: number,
    atSeconds: number,
    zeroPages: Bitset | undefined,
  ): PageBatch {
    const pass = this.#lastPass + 1;
    return this.#send(
      link,
      "stop-and-copy",
      pages,
      count,
      pass,
      atSeconds,
      zeroPages,
      this.writesPerDirtyPage,
      true,
    );
  }

  /** Writes per dirtied page in the last sync period (sizes XBZRLE deltas). */
  writesPerDirtyPage = 1;
  #lastPass = 0;

  /** Notes the pass number reached by a push loop (QEMU's sync count). */
  notePass(pass: number): void {
    this.#lastPass = pass;
  }

  #send(
    link: MigrationLink,
    phase: "live" | "stop-and-copy",
    pages: Bitset,
    count: number,
    pass: number,
    atSeconds: number,
    zeroPages: Bitset | undefined,
    writesPerDirtyPage: number,
    lastStage = false,
  ): PageBatch {
    const x = this.#xbzrle;
    if (x === undefined || pass < 2) return link.sendPages(phase, pages, count, atSeconds);
    const page = this.#pageSizeBytes;
    // Delta of a page written w times: changed bytes plus run lengths, then QEMU's
    // per-page XBZRLE header (flag byte, be16 length) after the page header.
    const encoded = this.deltaEncodedBytes(writesPerDirtyPage);
    const overflow = encoded > page;
    const deltaWire = link.pageWireBytes - page + MECHANISM_DEFAULTS.xbzrle.headerBytes + encoded;
    const stats = this.report.xbzrle!;
    let full = 0;
    let zero = 0;
    let deltas = 0;
    const words = pages.words;
    for (let i = 0; i < words.length; i++) {
      let w = words[i]!;
      while (w !== 0) {
        const low = w & -w;
        const p = (i << 5) + 31 - Math.clz32(low);
        w ^= low;
        if (zeroPages !== undefined && zeroPages.has(p)) {
          zero++;
          continue;
        }
        if (this.xbzrlePage(p, pass, overflow, !lastStage)) deltas++;
        else full++;
      }
    }
    const batch = link.sendCounted(phase, full + zero, zero, atSeconds);
    const deltaBytes = deltas * deltaWire;
    stats.deltaBytes += deltaBytes;
    const wireSeconds = deltaBytes > 0 ? link.sendMessage(phase, deltaBytes, atSeconds) : 0;
    // The migration thread encodes each delta before it can write it.
    const encodeSeconds = (deltas * page) / this.m.xbzrle!.encodeBytesPerSecond;
    return {
      bytes: batch.bytes + deltaBytes,
      seconds: batch.seconds + Math.max(wireSeconds, encodeSeconds),
      zeroPages: zero,
    };
  }

  /** Whether XBZRLE is on. */
  get xbzrle(): boolean {
    return this.#xbzrle !== undefined;
  }

  /**
   * XBZRLE for one non-zero page sent at sync `age`: true when it goes as a delta
   * (cached and no overflow), counting hits, misses and overflows.
   */
  xbzrlePage(p: number, age: number, overflow: boolean, insert = true): boolean {
    const stats = this.report.xbzrle!;
    if (this.#xbzrle!.lookup(p, age, insert)) {
      stats.cacheHits++;
      if (!overflow) return true;
      stats.overflows++;
      return false;
    }
    stats.cacheMisses++;
    return false;
  }

  /** Encoded delta bytes of a page written `w` times (before headers). */
  deltaEncodedBytes(w: number): number {
    const xo = this.m.xbzrle!;
    return Math.min(this.#pageSizeBytes, xo.changedBytesPerWrite * w) +
      xo.encodingBytesPerWrite * w;
  }

  /** Fills in the report at the end; `setup` shifts the slowdown intervals. */
  finish(setup: number): MechanismReport {
    if (setup !== 0) {
      for (const s of this.report.slowdown) {
        s.startSeconds += setup;
        s.endSeconds += setup;
      }
    }
    return this.report;
  }
}

/**
 * QEMU's XBZRLE page cache: `2^k` slots (the largest power of two of pages that
 * fits `cacheBytes`), page p in slot `p mod slots`; a slot held by another page
 * younger than `CACHED_PAGE_LIFETIME` (2) syncs is not replaced
 * (`cache_insert`, `migration/page_cache.c`).
 */
export class XbzrleCache {
  readonly slots: number;
  readonly #page: Int32Array;
  readonly #age: Int32Array;
  readonly #mask: number;

  constructor(pageCount: number, pageSizeBytes: number, cacheBytes: number) {
    const items = Math.max(1, Math.floor(cacheBytes / pageSizeBytes));
    this.slots = 2 ** Math.floor(Math.log2(items));
    this.#mask = this.slots - 1;
    this.#page = new Int32Array(this.slots).fill(-1);
    this.#age = new Int32Array(this.slots);
    void pageCount;
  }

  /**
   * Page `p` is sent at sync `age`: returns whether it was cached (a delta can go),
   * and inserts (unless `insert` is false: QEMU's last stage) or refreshes it.
   */
  lookup(p: number, age: number, insert = true): boolean {
    const s = p & this.#mask;
    const held = this.#page[s]!;
    if (held === p) {
      this.#age[s] = age;
      return true;
    }
    if (!insert) return false;
    if (held === -1 || this.#age[s]! + MECHANISM_DEFAULTS.xbzrle.cachedPageLifetimeSyncs <= age) {
      this.#page[s] = p;
      this.#age[s] = age;
    }
    return false;
  }
}

/**
 * A controller's completion timeout for `memoryBytes` of memory, seconds: per GiB times the
 * memory as the controller sizes it (`ControllerOptions.completionTimeoutDataSize`; Nova: at
 * least 2 GiB, truncated to whole seconds; KubeVirt: decimal gigabytes rounded up).
 */
function completionTimeoutSeconds(
  c: { completionTimeoutSecondsPerGiB: number; completionTimeoutDataSize: string },
  memoryBytes: number,
): number {
  const perGiB = c.completionTimeoutSecondsPerGiB;
  if (c.completionTimeoutDataSize === "nova") {
    return Math.trunc(perGiB * Math.max(2, memoryBytes / GIB));
  }
  if (c.completionTimeoutDataSize === "kubevirt") return perGiB * Math.ceil(memoryBytes / 1e9);
  return perGiB * (memoryBytes / GIB);
}
