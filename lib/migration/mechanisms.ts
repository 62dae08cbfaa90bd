import { integer, nonNegative, object, oneOf, positive, show, within } from "../_validate.ts";
import { COMPRESSION_OPTION_NAMES } from "./_option_names.ts";

/**
 * QEMU's auto-converge (`auto-converge` capability): at every dirty-bitmap sync,
 * if the bytes dirtied since the last sync exceed `triggerThresholdPercent` % of the
 * bytes sent in that period, for the second time (not necessarily in a row: a sync
 * under the threshold does not reset the count, `dirty_rate_high_cnt`), the guest's
 * vCPUs are throttled to
 * `initialPercent`, then `incrementPercent` more each time, at most `maxPercent`
 * (`migration_trigger_throttle` and `mig_throttle_guest_down` in
 * `migration/ram.c`). A throttle of p % runs the guest (1 - p/100) of the time: its
 * dirty rate drops by that factor and the lost time is guest slowdown.
 */
export interface AutoConvergeOptions {
  /** `throttle-trigger-threshold`, percent, in [1, 100]. @default {50} */
  triggerThresholdPercent?: number;
  /** `cpu-throttle-initial`, percent, in [1, 99]. @default {20} */
  initialPercent?: number;
  /** `cpu-throttle-increment`, percent, in [1, 99]. @default {10} */
  incrementPercent?: number;
  /** `max-cpu-throttle`, percent, in [`initialPercent`, 99]. @default {99} */
  maxPercent?: number;
  /**
   * Whether the guest makes up the time the throttle took from it: a guest paced
   * by the wall clock (a timer-driven writer that performs the writes it owes when
   * it runs again, as the validation guest does by default) keeps its dirty rate
   * under the throttle, which then only slows it. Recorded with QEMU 7.2 on this
   * machine: such a guest did not converge at 80-90 % throttle
   * (`data/validation/qemu/README.md`). @default {false}
   */
  guestCatchesUp?: boolean;
}

/**
 * QEMU's dirty-limit (`dirty-limit` capability, QEMU's alternative to
 * auto-converge): on the same trigger as auto-converge, every vCPU's dirty rate is
 * capped at `vcpuDirtyLimitBytesPerSecond` (`vcpu-dirty-limit`, 1 MB/s, QEMU's MB being a MiB;
 * `migration_dirty_limit_guest` in `migration/ram.c`). The guest runs the
 * fraction `min(1, vcpus x limit / (writes per second x page size))` of the time.
 */
export interface DirtyLimitOptions {
  /**
   * `vcpu-dirty-limit` in bytes per second. QEMU's unit is MB/s of MiB: the dirty rate it
   * compares with the limit is `(pages x page size) >> 20` per second
   * (`do_calculate_dirtyrate`, `migration/dirtyrate.c`), so its 1 MB/s is 1,048,576 B/s.
   * @default {1048576}
   */
  vcpuDirtyLimitBytesPerSecond?: number;
  /** vCPUs of the guest (the cap is per vCPU). @default {1} */
  vcpus?: number;
}

/**
 * Switch from pre-copy to post-copy (QEMU's `postcopy-ram` capability and the
 * `migrate-start-postcopy` command, issued by a controller): after a time, after a
 * number of passes, or when pre-copy stops converging. From the switch the VM runs
 * at the destination while the pages still dirty are pulled; until the last one
 * arrives the VM exists only split across the two hosts (reported as
 * `mechanisms.splitSeconds`): a failure of either host then loses it.
 */
export interface PostCopySwitchOptions {
  /** Switch once this many seconds of push have passed (checked at each sync). */
  afterSeconds?: number;
  /** Switch after this many passes (bitmap syncs). */
  afterPasses?: number;
  /**
   * Switch when pre-copy stalls: the pages left to send have not reached a new
   * minimum for `stallSeconds` (KubeVirt's progress check, `MigrationProgressTimeout`
   * 150 s, `pkg/virt-config/virt-config.go`; set it to the horizon you want).
   */
  stallSeconds?: number;
  /** How the pull chooses pages after the switch. @default {"active-push"} */
  fetch?: "demand" | "active-push" | "prepaging";
}

/**
 * libvirt's `virsh migrate --postcopy --postcopy-after-precopy`: switch to
 * post-copy once the first pre-copy pass is done (`tools/virsh-domain.c`,
 * github.com/libvirt/libvirt).
 *
 * @example
 * ```ts
 * import { POSTCOPY_AFTER_PRECOPY } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(POSTCOPY_AFTER_PRECOPY.afterPasses, 1);
 * ```
 */
export const POSTCOPY_AFTER_PRECOPY: PostCopySwitchOptions = Object.freeze({ afterPasses: 1 });

/** Multifd: `channels` parallel streams sharing the link, each with its own CPU. */
export interface MultifdOptions {
  /** `multifd-channels`. @default {2} */
  channels?: number;
  /**
   * Bytes of page data one channel's thread packs per second (before compression
   * and encryption); the channels together send at most `channels x this`.
   * @default {Infinity (the link binds)}
   */
  packBytesPerSecondPerChannel?: number;
  /**
   * Multifd packets as QEMU sends them (see {@link MultifdPacketOptions}); without
   * it pages keep the link's page header and every byte counts as sent.
   */
  packets?: MultifdPacketOptions;
}

/**
 * QEMU's multifd packets: each channel sends `pages` pages at a time behind a
 * header of `headerBytes` (`MultiFDPacket_t` with one 64-bit offset per page; 512 KiB
 * of pages per packet, `MULTIFD_PACKET_SIZE` in `migration/multifd.c` of
 * github.com/qemu/qemu), instead of a header per page. The main thread charges a
 * whole packet to the rate limit when it hands the packet to a channel
 * (`multifd_send_pages`) and one header per channel at every iteration's sync
 * (`multifd_send_sync_main`), so under `max-bandwidth` a window carries whole packets
 * past its budget. QEMU 7.2 charges and counts a packet at its uncompressed size
 * (`transferred = pages->num * page_size + packet_len`): compression then changes
 * neither the rate nor the reported bytes (`countsUncompressedBytes`).
 */
export interface MultifdPacketOptions {
  /** Pages per packet (QEMU: 512 KiB / page size, 128 for 4 KiB pages). */
  pages: number;
  /** Header bytes per packet (QEMU 7.2 on 4 KiB pages: 320 + 8 x 128 = 1344). */
  headerBytes: number;
  /** Whether packets are charged and counted at their uncompressed size (QEMU 7.2). */
  countsUncompressedBytes: boolean;
}

/** Names of the compression methods (QEMU's `multifd-compression`). */
export type CompressionAlgorithm = "zlib" | "zstd";

/**
 * Compression of non-zero pages on every channel (QEMU's `multifd-compression`
 * zlib or zstd at `multifd-zlib-level` / `multifd-zstd-level` 1). Give the ratio and
 * the CPU throughput, e.g. from `measureCompression` on this machine.
 */
export interface CompressionOptions {
  /** The compressor. */
  algorithm: CompressionAlgorithm;
  /** Compressed bytes / original bytes, in (0, 1]. */
  ratio: number;
  /** Original bytes one core compresses per second. */
  bytesPerSecondPerCore: number;
}

/**
 * XBZRLE (QEMU's `xbzrle` capability): a cache of pages as last sent, of
 * `cacheBytes` (`xbzrle-cache-size`, 64 MiB), direct-mapped by page number with a
 * power-of-two number of slots; an entry younger than 2 syncs is not replaced
 * (`CACHED_PAGE_LIFETIME`, `migration/page_cache.c`). From the second pass on a
 * re-sent page found in the cache goes as a delta; a miss inserts it and sends the
 * full page; a delta larger than the page (overflow) sends the full page
 * (`save_xbzrle_page`, `migration/ram.c`).
 */
export interface XbzrleOptions {
  /** `xbzrle-cache-size` in bytes (at most the memory). @default {67108864} */
  cacheBytes?: number;
  /**
   * Bytes of a page one write changes. @default {the workload's
   * `changedBytesPerWrite`, or 64 (one cache line) when it has none}
   */
  changedBytesPerWrite?: number;
  /**
   * Encoding bytes per changed run (two ULEB128 run lengths, `xbzrle_encode_buffer`,
   * `migration/xbzrle.c`). @default {2}
   */
  encodingBytesPerWrite?: number;
  /**
   * Page bytes the migration thread XBZRLE-encodes per second (compares with the
   * cached copy and writes the runs: `xbzrle_encode_buffer`, `migration/xbzrle.c`):
   * each page sent as a delta then costs page size / this of one core, which the
   * stop-and-copy adds to the downtime (e.g. from `measureXbzrle`).
   * @default {Infinity (free)}
   */
  encodeBytesPerSecond?: number;
}

/** What a controller does when the completion timeout passes. */
export type TimeoutAction = "abort" | "pause" | "post-copy";

/**
 * A controller above the hypervisor (OpenStack Nova, KubeVirt): it raises the
 * downtime limit in steps over time and acts when the migration takes too long.
 * See {@link NOVA_CONTROLLER} and {@link KUBEVIRT_CONTROLLER}.
 */
export interface ControllerOptions {
  /**
   * Nova's downtime steps (`downtime_steps` in `nova/virt/libvirt/migration.py`):
   * step i of `steps` (0..steps) comes once `i x delaySecondsPerGiB x max(2, GiB)`
   * (the delay truncated to whole seconds) has passed, and allows
   * `max/steps + i x (max - max/steps)/steps` seconds. Without it, and before step 0
   * (at time 0), the preset's downtime limit holds.
   */
  downtimeSteps?: { maxSeconds: number; steps: number; delaySecondsPerGiB: number };
  /**
   * Completion timeout, seconds per GiB of memory (Infinity: none); the action comes at
   * the first check after it has passed (Nova: `elapsed > completion_timeout`).
   * @default {Infinity}
   */
  completionTimeoutSecondsPerGiB?: number;
  /**
   * How the completion timeout sizes the migration: `"gib"` the memory in GiB (the timeout
   * `completionTimeoutSecondsPerGiB x GiB`); `"nova"` as Nova's libvirt driver
   * (`_live_migration_data_gb` and the monitor's `int(live_migration_completion_timeout x
   * data_gb)`, `nova/virt/libvirt/driver.py`): the memory in GiB but at least 2, the timeout
   * truncated to whole seconds; `"kubevirt"` as KubeVirt's migration monitor
   * (`CompletionTimeoutPerGiB x getVMIMigrationDataSize`, `pkg/virt-launcher/virtwrap`):
   * the memory in decimal gigabytes rounded up (`ScaledValue(resource.Giga)`), whole
   * seconds. Disks are not counted (no block migration).
   * @default {"gib"}
   */
  completionTimeoutDataSize?: ControllerDataSize;
  /** Action at the timeout. @default {"abort"} */
  timeoutAction?: TimeoutAction;
}

/** How a controller sizes a migration for its completion timeout ({@link ControllerOptions}). */
export type ControllerDataSize = "gib" | "nova" | "kubevirt";

/**
 * Encryption of the stream (TLS, or IPsec-like; review ref [1]): every byte on the
 * wire is encrypted at `cipherBytesPerSecondPerCore` on each channel (one core per
 * channel), after a handshake of `handshakeSeconds` added to setup.
 */
export interface SecureTransportOptions {
  /** Wire bytes one core encrypts per second (e.g. from `measureCipher`). */
  cipherBytesPerSecondPerCore: number;
  /** Seconds of handshake before the first byte (channels shake hands in parallel). */
  handshakeSeconds: number;
}

/**
 * Application degradation while the migration runs: dirty logging (write
 * protection or dirty-ring harvesting) costs the guest a fraction of its time
 * during the push phase. There is no system default: measure it.
 */
export interface DirtyLoggingOptions {
  /** Fraction of guest time lost while dirty logging is on, in [0, 1). */
  slowdownFraction: number;
}

/**
 * Mechanisms of real hypervisors and their controllers, as options of the
 * existing techniques (`options.mechanisms`). All are off unless given; `true`
 * turns one on with its system defaults ({@link MECHANISM_DEFAULTS}). What they
 * did and cost comes back as `result.mechanisms` ({@link MechanismReport}).
 *
 * @example A guest dirtying faster than the link: auto-converge makes pre-copy converge
 * ```ts
 * import { simulatePreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 4096, pageSizeBytes: 4096, stateBytes: 4096,
 *   workload: { kind: "uniform" as const, writesPerSecond: 5000 } };
 * const link = { bandwidthBytesPerSecond: 4096e3 };
 * const r = simulatePreCopy(vm, link, { seed: 1, mechanisms: { autoConverge: true } });
 * assert.equal(r.converged, true);
 * assert.ok(r.mechanisms!.maxThrottlePercent >= 20 && r.mechanisms!.guestSlowdownSeconds > 0);
 * ```
 */
export interface MigrationMechanisms {
  /** QEMU auto-converge (see {@link AutoConvergeOptions}). */
  autoConverge?: boolean | AutoConvergeOptions;
  /** QEMU dirty-limit (see {@link DirtyLimitOptions}). */
  dirtyLimit?: boolean | DirtyLimitOptions;
  /** Switch to post-copy (pre-copy only; see {@link PostCopySwitchOptions}). */
  postCopySwitch?: PostCopySwitchOptions;
  /** Multifd channels (see {@link MultifdOptions}). */
  multifd?: boolean | MultifdOptions;
  /** Compression of pages (see {@link CompressionOptions}). */
  compression?: CompressionOptions;
  /** XBZRLE delta encoding (see {@link XbzrleOptions}). */
  xbzrle?: boolean | XbzrleOptions;
  /** Controller above the hypervisor (see {@link ControllerOptions}). */
  controller?: ControllerOptions;
  /** Encrypted transport (see {@link SecureTransportOptions}). */
  secureTransport?: SecureTransportOptions;
  /** Dirty-logging overhead (see {@link DirtyLoggingOptions}). */
  dirtyLogging?: DirtyLoggingOptions;
}

/** A mechanism name: a key of {@link MigrationMechanisms}. */
export type MechanismName = keyof MigrationMechanisms;

/** Names of the mechanisms, the keys of {@link MigrationMechanisms}. */
export const MECHANISM_NAMES: readonly MechanismName[] = Object.freeze(
  [
    "autoConverge",
    "dirtyLimit",
    "postCopySwitch",
    "multifd",
    "compression",
    "xbzrle",
    "controller",
    "secureTransport",
    "dirtyLogging",
  ] as MechanismName[],
);

const QEMU_OPTIONS = "github.com/qemu/qemu migration/options.c";

/** The shape of {@link MECHANISM_DEFAULTS}. */
export interface MechanismDefaults {
  /** Auto-converge: `throttle-trigger-threshold`, `cpu-throttle-initial`, `-increment`, `max-cpu-throttle`. */
  readonly autoConverge: Readonly<Required<AutoConvergeOptions>>;
  /** Dirty-limit: `vcpu-dirty-limit` (bytes/s) and one vCPU. */
  readonly dirtyLimit: Readonly<Required<DirtyLimitOptions>>;
  /** Multifd: `multifd-channels`, unlimited packing. */
  readonly multifd: Readonly<Required<Omit<MultifdOptions, "packets">>>;
  /** `multifd-zlib-level` / `multifd-zstd-level`. */
  readonly compressionLevel: number;
  /** XBZRLE: cache size, changed bytes and encoding bytes per write, cache lifetime, header. */
  readonly xbzrle: {
    readonly cacheBytes: number;
    readonly changedBytesPerWrite: number;
    readonly encodingBytesPerWrite: number;
    readonly cachedPageLifetimeSyncs: number;
    readonly headerBytes: number;
  };
  /** Pull after a switch to post-copy. */
  readonly postCopyFetch: "active-push";
  /** Where each value comes from. */
  readonly sources: Readonly<Record<string, string>>;
}

/**
 * The system defaults of every mechanism, one place, each with its source.
 *
 * @example
 * ```ts
 * import { MECHANISM_DEFAULTS } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(MECHANISM_DEFAULTS.autoConverge.initialPercent, 20);
 * assert.equal(MECHANISM_DEFAULTS.multifd.channels, 2);
 * ```
 */
export const MECHANISM_DEFAULTS: MechanismDefaults = Object.freeze({
  autoConverge: Object.freeze({
    triggerThresholdPercent: 50,
    initialPercent: 20,
    incrementPercent: 10,
    maxPercent: 99,
    guestCatchesUp: false,
  }),
  dirtyLimit: Object.freeze({ vcpuDirtyLimitBytesPerSecond: 2 ** 20, vcpus: 1 }),
  multifd: Object.freeze({ channels: 2, packBytesPerSecondPerChannel: Infinity }),
  compressionLevel: 1,
  xbzrle: Object.freeze({
    cacheBytes: 64 * 1024 * 1024,
    changedBytesPerWrite: 64,
    encodingBytesPerWrite: 2,
    cachedPageLifetimeSyncs: 2,
    headerBytes: 3,
  }),
  postCopyFetch: "active-push" as const,
  sources: Object.freeze({
    autoConverge: "DEFAULT_MIGRATE_THROTTLE_TRIGGER_THRESHOLD 50, DEFAULT_MIGRATE_CPU_THROTTLE_" +
      "INITIAL 20, _INCREMENT 10, DEFAULT_MIGRATE_MAX_CPU_THROTTLE 99, " + QEMU_OPTIONS +
      "; trigger at the second high sync, in a row or not (dirty_rate_high_cnt >= 2, reset " +
      "only when it fires), github.com/qemu/qemu migration/ram.c",
    dirtyLimit: "DEFAULT_MIGRATE_VCPU_DIRTY_LIMIT 1 (MB/s), " + QEMU_OPTIONS +
      "; MB of 2^20 bytes: do_calculate_dirtyrate, github.com/qemu/qemu migration/dirtyrate.c",
    multifd: "DEFAULT_MIGRATE_MULTIFD_CHANNELS 2, " + QEMU_OPTIONS,
    compressionLevel:
      "DEFAULT_MIGRATE_MULTIFD_ZLIB_LEVEL 1, DEFAULT_MIGRATE_MULTIFD_ZSTD_LEVEL 1, " +
      QEMU_OPTIONS,
    xbzrle: "DEFAULT_MIGRATE_XBZRLE_CACHE_SIZE 64 MiB, " + QEMU_OPTIONS +
      "; CACHED_PAGE_LIFETIME 2, github.com/qemu/qemu migration/page_cache.c; header: " +
      "ENCODING_FLAG_XBZRLE byte + be16 length, save_xbzrle_page, migration/ram.c",
    changedBytesPerWrite: "the engine's own (one 64-byte cache line per write)",
  }),
});

/**
 * OpenStack Nova's libvirt driver defaults: downtime raised to 500 ms in 10 steps
 * 75 s per GiB apart, completion timeout 800 s per GiB, then abort
 * (`live_migration_downtime`, `_steps`, `_delay`, `live_migration_completion_timeout`,
 * `live_migration_timeout_action`, `nova/conf/libvirt.py`).
 *
 * @example
 * ```ts
 * import { NOVA_CONTROLLER } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(NOVA_CONTROLLER.downtimeSteps?.steps, 10);
 * ```
 */
export const NOVA_CONTROLLER: ControllerOptions = Object.freeze({
  downtimeSteps: Object.freeze({ maxSeconds: 0.5, steps: 10, delaySecondsPerGiB: 75 }),
  completionTimeoutSecondsPerGiB: 800,
  completionTimeoutDataSize: "nova" as const,
  timeoutAction: "abort" as const,
});

/**
 * KubeVirt's defaults: QEMU's downtime limit kept, completion timeout 150 s per GiB
 * (`MigrationCompletionTimeoutPerGiB`), then abort (post-copy and auto-converge off:
 * `MigrationAllowPostCopy`, `MigrationAllowAutoConverge` false;
 * `pkg/virt-config/virt-config.go`).
 *
 * @example
 * ```ts
 * import { KUBEVIRT_CONTROLLER } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(KUBEVIRT_CONTROLLER.completionTimeoutSecondsPerGiB, 150);
 * ```
 */
export const KUBEVIRT_CONTROLLER: ControllerOptions = Object.freeze({
  completionTimeoutSecondsPerGiB: 150,
  completionTimeoutDataSize: "kubevirt" as const,
  timeoutAction: "abort" as const,
});

/** Mechanisms with every default filled in (plain data); undefined: off. */
export interface ResolvedMechanisms {
  /** Auto-converge settings. */
  autoConverge: Required<AutoConvergeOptions> | undefined;
  /** Dirty-limit settings. */
  dirtyLimit: Required<DirtyLimitOptions> | undefined;
  /** Switch to post-copy (Infinity: that trigger off). */
  postCopySwitch:
    | {
      afterSeconds: number;
      afterPasses: number;
      stallSeconds: number;
      fetch: "demand" | "active-push" | "prepaging";
    }
    | undefined;
  /** Multifd settings. */
  multifd:
    | (Required<Omit<MultifdOptions, "packets">> & { packets: MultifdPacketOptions | undefined })
    | undefined;
  /** Compression settings. */
  compression: CompressionOptions | undefined;
  /** XBZRLE settings. */
  xbzrle: Required<XbzrleOptions> | undefined;
  /** Controller settings. */
  controller:
    | {
      downtimeSteps: ControllerOptions["downtimeSteps"];
      completionTimeoutSecondsPerGiB: number;
      completionTimeoutDataSize: ControllerDataSize;
      timeoutAction: TimeoutAction;
    }
    | undefined;
  /** Secure transport settings. */
  secureTransport: SecureTransportOptions | undefined;
  /** Dirty-logging overhead. */
  dirtyLogging: DirtyLoggingOptions | undefined;
}

const ACTION = "migrate";
const AT = "options.mechanisms";

function keysOf(value: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) {
      throw new TypeError(
        `Cannot ${ACTION} as ${at}.${k} is not a known field and must be one of ${
          allowed.join(", ")
        }: current value is ${show(value[k])}`,
      );
    }
  }
}

function flag<T extends object>(value: unknown, at: string): T | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {} as T;
  return object(ACTION, at, value) as T;
}

/**
 * Checks `options.mechanisms` and fills in the defaults. Unknown mechanisms and
 * fields, negative or non-integer channel counts, a cache larger than memory and
 * out-of-range percentages are errors naming the field and the value.
 *
 * @param mechanisms The mechanisms option (undefined: none).
 * @param memoryBytes The VM's memory, for the XBZRLE cache bound.
 * @param workloadChangedBytesPerWrite The workload's `changedBytesPerWrite`, if any.
 * @returns The mechanisms with defaults, or undefined when none is on.
 *
 * @example
 * ```ts
 * import { resolveMechanisms } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resolveMechanisms({ autoConverge: true }, 1 << 30)?.autoConverge?.maxPercent, 99);
 * assert.throws(() => resolveMechanisms({ multifd: { channels: -1 } }, 1 << 30),
 *   /options\.mechanisms\.multifd\.channels must be an integer in \[1, 255\]: current value is -1/);
 * // deno-lint-ignore no-explicit-any
 * assert.throws(() => resolveMechanisms({ rdma: true } as any, 1 << 30),
 *   /options\.mechanisms\.rdma is not a known field/);
 * ```
 */
export function resolveMechanisms(
  mechanisms: MigrationMechanisms | undefined,
  memoryBytes: number,
  workloadChangedBytesPerWrite?: number,
): ResolvedMechanisms | undefined {
  if (workloadChangedBytesPerWrite !== undefined) {
    nonNegative(ACTION, "vm.workload.changedBytesPerWrite", workloadChangedBytesPerWrite);
  }
  if (mechanisms === undefined) return undefined;
  const m = object(ACTION, AT, mechanisms);
  keysOf(m, MECHANISM_NAMES, AT);
  const D = MECHANISM_DEFAULTS;
  const r: ResolvedMechanisms = {
    autoConverge: undefined,
    dirtyLimit: undefined,
    postCopySwitch: undefined,
    multifd: undefined,
    compression: undefined,
    xbzrle: undefined,
    controller: undefined,
    secureTransport: undefined,
    dirtyLogging: undefined,
  };
  let on = false;
  const ac = flag<AutoConvergeOptions>(m.autoConverge, `${AT}.autoConverge`);
  if (ac) {
    const at = `${AT}.autoConverge`;
    keysOf(ac as Record<string, unknown>, Object.keys(D.autoConverge), at);
    const v = { ...D.autoConverge, ...ac };
    // QEMU's ranges (migrate_params_check, migration/options.c): an initial throttle of 0
    // never throttles (the throttle starts at it), and a maximum under the initial one
    // would lower the throttle at its first increase.
    within(ACTION, `${at}.triggerThresholdPercent`, v.triggerThresholdPercent, 1, 100);
    within(ACTION, `${at}.initialPercent`, v.initialPercent, 1, 99);
    within(ACTION, `${at}.incrementPercent`, v.incrementPercent, 1, 99);
    within(ACTION, `${at}.maxPercent`, v.maxPercent, v.initialPercent, 99);
    if (typeof v.guestCatchesUp !== "boolean") {
      throw new TypeError(
        `Cannot ${ACTION} as ${at}.guestCatchesUp must be a boolean: current value is ${
          show(v.guestCatchesUp)
        }`,
      );
    }
    r.autoConverge = v;
    on = true;
  }
  const dl = flag<DirtyLimitOptions>(m.dirtyLimit, `${AT}.dirtyLimit`);
  if (dl) {
    const at = `${AT}.dirtyLimit`;
    keysOf(dl as Record<string, unknown>, Object.keys(D.dirtyLimit), at);
    const v = { ...D.dirtyLimit, ...dl };
    positive(ACTION, `${at}.vcpuDirtyLimitBytesPerSecond`, v.vcpuDirtyLimitBytesPerSecond);
    integer(ACTION, `${at}.vcpus`, v.vcpus, 1);
    if (r.autoConverge) {
      throw new TypeError(
        `Cannot ${ACTION} as ${at} excludes ${AT}.autoConverge (QEMU refuses both): current value is ${
          show(m.dirtyLimit)
        }`,
      );
    }
    r.dirtyLimit = v;
    on = true;
  }
  if (m.postCopySwitch !== undefined) {
    const at = `${AT}.postCopySwitch`;
    const p = object(ACTION, at, m.postCopySwitch) as PostCopySwitchOptions;
    keysOf(
      p as Record<string, unknown>,
      ["afterSeconds", "afterPasses", "stallSeconds", "fetch"],
      at,
    );
    const afterSeconds = p.afterSeconds ?? Infinity;
    const afterPasses = p.afterPasses ?? Infinity;
    const stallSeconds = p.stallSeconds ?? Infinity;
    if (p.afterSeconds !== undefined) nonNegative(ACTION, `${at}.afterSeconds`, afterSeconds);
    if (p.afterPasses !== undefined) integer(ACTION, `${at}.afterPasses`, afterPasses, 1);
    if (p.stallSeconds !== undefined) positive(ACTION, `${at}.stallSeconds`, stallSeconds);
    if (
      p.afterSeconds === undefined && p.afterPasses === undefined && p.stallSeconds === undefined
    ) {
      throw new TypeError(
        `Cannot ${ACTION} as ${at} must give afterSeconds, afterPasses or stallSeconds: current value is ${
          show(p)
        }`,
      );
    }
    const fetch = oneOf(
      ACTION,
      `${at}.fetch`,
      p.fetch ?? D.postCopyFetch,
      [
        "demand",
        "active-push",
        "prepaging",
      ] as const,
    );
    r.postCopySwitch = { afterSeconds, afterPasses, stallSeconds, fetch };
    on = true;
  }
  const mf = flag<MultifdOptions>(m.multifd, `${AT}.multifd`);
  if (mf) {
    const at = `${AT}.multifd`;
    keysOf(mf as Record<string, unknown>, [...Object.keys(D.multifd), "packets"], at);
    const v = { ...D.multifd, ...mf, packets: undefined as MultifdPacketOptions | undefined };
    integer(ACTION, `${at}.channels`, v.channels, 1, 255);
    if (!(v.packBytesPerSecondPerChannel > 0)) {
      positive(ACTION, `${at}.packBytesPerSecondPerChannel`, v.packBytesPerSecondPerChannel);
    }
    if (mf.packets !== undefined) {
      const pat = `${at}.packets`;
      const p = object(ACTION, pat, mf.packets) as unknown as MultifdPacketOptions;
      keysOf(
        p as unknown as Record<string, unknown>,
        ["pages", "headerBytes", "countsUncompressedBytes"],
        pat,
      );
      integer(ACTION, `${pat}.pages`, p.pages, 1);
      nonNegative(ACTION, `${pat}.headerBytes`, p.headerBytes);
      if (typeof p.countsUncompressedBytes !== "boolean") {
        throw new TypeError(
          `Cannot ${ACTION} as ${pat}.countsUncompressedBytes must be a boolean: current value is ${
            show(p.countsUncompressedBytes)
          }`,
        );
      }
      v.packets = {
        pages: p.pages,
        headerBytes: p.headerBytes,
        countsUncompressedBytes: p.countsUncompressedBytes,
      };
    }
    r.multifd = v;
    on = true;
  }
  if (m.compression !== undefined) {
    const at = `${AT}.compression`;
    const c = object(ACTION, at, m.compression) as unknown as CompressionOptions;
    keysOf(c as unknown as Record<string, unknown>, COMPRESSION_OPTION_NAMES, at);
    oneOf(ACTION, `${at}.algorithm`, c.algorithm, ["zlib", "zstd"] as const);
    positive(ACTION, `${at}.ratio`, c.ratio);
    if (c.ratio > 1) within(ACTION, `${at}.ratio`, c.ratio, 0, 1);
    positive(ACTION, `${at}.bytesPerSecondPerCore`, c.bytesPerSecondPerCore);
    r.compression = {
      algorithm: c.algorithm,
      ratio: c.ratio,
      bytesPerSecondPerCore: c.bytesPerSecondPerCore,
    };
    on = true;
  }
  const xb = flag<XbzrleOptions>(m.xbzrle, `${AT}.xbzrle`);
  if (xb) {
    const at = `${AT}.xbzrle`;
    keysOf(xb as Record<string, unknown>, [
      "cacheBytes",
      "changedBytesPerWrite",
      "encodingBytesPerWrite",
      "encodeBytesPerSecond",
    ], at);
    const v = {
      cacheBytes: xb.cacheBytes ?? D.xbzrle.cacheBytes,
      changedBytesPerWrite: xb.changedBytesPerWrite ?? workloadChangedBytesPerWrite ??
        D.xbzrle.changedBytesPerWrite,
      encodingBytesPerWrite: xb.encodingBytesPerWrite ?? D.xbzrle.encodingBytesPerWrite,
      encodeBytesPerSecond: xb.encodeBytesPerSecond ?? Infinity,
    };
    positive(ACTION, `${at}.cacheBytes`, v.cacheBytes);
    if (xb.cacheBytes !== undefined && v.cacheBytes > memoryBytes) {
      throw new RangeError(
        `Cannot ${ACTION} as ${at}.cacheBytes must be at most the memory (${memoryBytes} bytes): current value is ${v.cacheBytes}`,
      );
    }
    v.cacheBytes = Math.min(v.cacheBytes, memoryBytes);
    nonNegative(ACTION, `${at}.changedBytesPerWrite`, v.changedBytesPerWrite);
    nonNegative(ACTION, `${at}.encodingBytesPerWrite`, v.encodingBytesPerWrite);
    if (!(v.encodeBytesPerSecond > 0)) {
      positive(ACTION, `${at}.encodeBytesPerSecond`, v.encodeBytesPerSecond);
    }
    r.xbzrle = v;
    on = true;
  }
  if (m.controller !== undefined) {
    const at = `${AT}.controller`;
    const c = object(ACTION, at, m.controller) as ControllerOptions;
    keysOf(c as Record<string, unknown>, [
      "downtimeSteps",
      "completionTimeoutSecondsPerGiB",
      "completionTimeoutDataSize",
      "timeoutAction",
    ], at);
    if (c.downtimeSteps !== undefined) {
      const s = object(ACTION, `${at}.downtimeSteps`, c.downtimeSteps);
      keysOf(s, ["maxSeconds", "steps", "delaySecondsPerGiB"], `${at}.downtimeSteps`);
      positive(ACTION, `${at}.downtimeSteps.maxSeconds`, s.maxSeconds);
      integer(ACTION, `${at}.downtimeSteps.steps`, s.steps, 1);
      nonNegative(ACTION, `${at}.downtimeSteps.delaySecondsPerGiB`, s.delaySecondsPerGiB);
    }
    const timeout = c.completionTimeoutSecondsPerGiB ?? Infinity;
    if (timeout !== Infinity) positive(ACTION, `${at}.completionTimeoutSecondsPerGiB`, timeout);
    const action = oneOf(
      ACTION,
      `${at}.timeoutAction`,
      c.timeoutAction ?? "abort",
      [
        "abort",
        "pause",
        "post-copy",
      ] as const,
    );
    const dataSize = oneOf(
      ACTION,
      `${at}.completionTimeoutDataSize`,
      c.completionTimeoutDataSize ?? "gib",
      ["gib", "nova", "kubevirt"] as const,
    );
    r.controller = {
      downtimeSteps: c.downtimeSteps,
      completionTimeoutSecondsPerGiB: timeout,
      completionTimeoutDataSize: dataSize,
      timeoutAction: action,
    };
    on = true;
  }
  if (m.secureTransport !== undefined) {
    const at = `${AT}.secureTransport`;
    const s = object(ACTION, at, m.secureTransport) as unknown as SecureTransportOptions;
    keysOf(s as unknown as Record<string, unknown>, [
      "cipherBytesPerSecondPerCore",
      "handshakeSeconds",
    ], at);
    positive(ACTION, `${at}.cipherBytesPerSecondPerCore`, s.cipherBytesPerSecondPerCore);
    nonNegative(ACTION, `${at}.handshakeSeconds`, s.handshakeSeconds);
    r.secureTransport = {
      cipherBytesPerSecondPerCore: s.cipherBytesPerSecondPerCore,
      handshakeSeconds: s.handshakeSeconds,
    };
    on = true;
  }
  if (m.dirtyLogging !== undefined) {
    const at = `${AT}.dirtyLogging`;
    const d = object(ACTION, at, m.dirtyLogging) as unknown as DirtyLoggingOptions;
    keysOf(d as unknown as Record<string, unknown>, ["slowdownFraction"], at);
    within(ACTION, `${at}.slowdownFraction`, d.slowdownFraction, 0, 0.99);
    r.dirtyLogging = { slowdownFraction: d.slowdownFraction };
    on = true;
  }
  return on ? r : undefined;
}

/** One interval of guest slowdown. */
export interface SlowdownInterval {
  /** Start, seconds from the migration start (setup included). */
  startSeconds: number;
  /** End, seconds. */
  endSeconds: number;
  /** Fraction of the time the guest ran in the interval, in [0, 1]. */
  runFraction: number;
  /** What slowed it. */
  cause: "dirty-logging" | "throttle" | "dirty-limit" | "post-copy-stalls";
}

/**
 * What the mechanisms did and cost (`result.mechanisms`, present only when
 * `options.mechanisms` turned one on).
 */
export interface MechanismReport {
  /** Mechanisms that were on. */
  enabled: MechanismName[];
  /** Guest time lost to dirty logging, throttling, dirty limits and post-copy stalls. */
  guestSlowdownSeconds: number;
  /** Guest slowdown over time (intervals where the guest ran less than all the time). */
  slowdown: SlowdownInterval[];
  /** Highest auto-converge throttle reached, percent (0 when it never triggered). */
  maxThrottlePercent: number;
  /** Whether the migration switched to post-copy, and when (seconds, else null). */
  postCopySwitchSeconds: number | null;
  /**
   * Seconds during which the VM existed only split across the two hosts (post-copy:
   * from the resume at the destination to the last page): a failure of either host
   * in this window loses the VM, while a failure during pre-copy leaves it at the source.
   */
  splitSeconds: number;
  /** Whether a controller aborted the migration (the VM stays at the source). */
  aborted: boolean;
  /** Whether a controller paused the VM to finish (the rest went as a stop-and-copy). */
  pausedByController: boolean;
  /**
   * Downtime limit in force at the last check, seconds: the controller's step, or
   * the preset's limit (Infinity when the preset has none).
   */
  downtimeLimitSeconds: number;
  /** XBZRLE: cache hits, misses, overflows and pages sent as deltas. */
  xbzrle: { cacheHits: number; cacheMisses: number; overflows: number; deltaBytes: number } | null;
  /** CPU seconds spent packing, compressing and encrypting at the source. */
  cpuSeconds: number;
  /** Of `cpuSeconds`, those spent encrypting (secure transport). */
  cipherCpuSeconds: number;
  /** Setup seconds added by the secure transport's handshake. */
  handshakeSeconds: number;
}
