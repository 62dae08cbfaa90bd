import { finiteResult, nonNegative, positive, within } from "../_validate.ts";
import { migrate } from "../migration/migrate.ts";
import { migrationVmSpec } from "./_migration_vm_spec.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";

/** One migration to price: the VM's RAM and load and the link between its hosts. */
export interface MigrationCostRequest {
  /** The VM's RAM in bytes. */
  ramBytes: number;
  /** The VM's CPU utilisation in whole percent of its MIPS (0-100). */
  utilizationPercent: number;
  /** The slower of the two hosts' bandwidths, in bytes per second. */
  linkBytesPerSecond: number;
  /** Seed of this migration's draws (the engine's page-write processes). */
  seed: Seed;
}

/** What a migration costs. */
export interface MigrationCost {
  /** Duration in seconds. */
  seconds: number;
  /** Downtime in seconds (the VM runs nowhere). */
  downtimeSeconds: number;
  /** Bytes sent. */
  bytes: number;
  /**
   * Guest seconds lost while migrating, besides the downtime (dirty logging, throttling; the
   * engine's `mechanisms.guestSlowdownSeconds`); absent when the model has none.
   */
  slowdownSeconds?: number;
}

/** Settings of the engine model (see `SimulateDatacenterOptions` for their defaults). */
export interface MigrationCostSettings {
  /** Share of the link a migration gets. */
  bandwidthShare: number;
  /** Page writes per second of a VM at 100 % CPU. */
  writesPerSecondAtFullLoad: number;
  /** Technique given to the engine. */
  technique: TechniqueName;
  /** Fidelity given to the engine. */
  fidelity: Fidelity;
  /**
   * Fraction of guest time dirty logging costs during pre-copy (the engine's
   * `mechanisms.dirtyLogging.slowdownFraction`); 0 or absent: none. `simulateDatacenter`
   * defaults it to this project's own measurement, {@link QEMU_DIRTY_LOGGING_SLOWDOWN}.
   * Two works by the same group measured the workload overhead of live migration, but
   * this session reached their abstracts and first pages only, not a figure to set here:
   * - K. Ye, D. Huang, X. Jiang, H. Chen, S. Wu, "Virtual Machine Based Energy-Efficient Data
   *   Center Architecture for Cloud Computing: A Performance Perspective", IEEE/ACM GreenCom
   *   2010, pp. 171-178, doi:10.1109/GreenCom-CPSCom.2010.108 (the review's [8]): the
   *   performance overheads of server consolidation and of live migration, found small in the
   *   abstract; testbed of three Dell OptiPlex 755 (Core 2 Quad, 2.4 GHz) per its first page.
   * - K. Ye, X. Jiang, D. Huang, J. Chen, B. Wang, "Live Migration of Multiple Virtual Machines
   *   with Resource Reservation in Cloud Computing Environments", IEEE CLOUD 2011 (4-9 July
   *   2011, pp. 267-274; sometimes cited as 2010, but these are 2011's proceedings):
   *   CPU and memory reserved on the source and on the target host, parallel and
   *   workload-aware migration of several VMs, measuring downtime, total migration time and
   *   the workload's performance overhead.
   */
  dirtyLoggingSlowdown?: number;
}

/**
 * The guest's slowdown during live migration with dirty logging on, as this project measured it
 * on real QEMU: 3.55 % of the guest's time (`slowdownFraction` 0.03547895004321522), the
 * default of `simulateDatacenter`'s `dirtyLoggingSlowdown` in engine mode.
 *
 * Provenance: `data/validation/qemu/mechanisms_engine.json`, field
 * `guestSlowdown.slowdownFraction` (a test holds this constant to it), from
 * `calibrateQemuGuestSlowdown` (`lib/validation/qemu_guest_slowdown.ts`, run by
 * `validation/qemu/compare_mechanisms.ts`) on the 10 completed `catchup=0` runs of the
 * auto-converge points of `data/validation/qemu/mechanisms_quiet.jsonl` (QEMU 7.2, a 64 MiB
 * guest making 8,000 and 32,000 writes/s, migrated over loopback at `max-bandwidth` 32 MiB/s):
 * the guest's write rate during the live phase over its rate before `migrate`, median 0.9645 (ratios
 * 0.934-1.057). The baseline recording (`mechanisms.jsonl`) gives 3.29 % and the held-out plain
 * point 3.65 % (see "The guest's slowdown during migration" in `data/validation/qemu/README.md`).
 *
 * Caveat: QEMU ran under TCG (software emulation) on 2 cores shared with the migration threads,
 * not KVM (hardware KVM does not work on these machines): the cost is TCG's slow path for the first
 * write to a page after each dirty-bitmap sync plus the migration threads' competition for the
 * cores. Under KVM, write protection or PML and dedicated cores would give another figure. The
 * works the review cites for this overhead (Ye et al., GreenCom 2010 and IEEE CLOUD 2011; see
 * {@link MigrationCostSettings.dirtyLoggingSlowdown}) measured it, but give no figure this
 * project could reach.
 *
 * @example The engine's guest slowdown of a busy VM: this fraction of its live phase
 * ```ts
 * import { MIGRATION_COST_MODELS, QEMU_DIRTY_LOGGING_SLOWDOWN } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(QEMU_DIRTY_LOGGING_SLOWDOWN > 0.03 && QEMU_DIRTY_LOGGING_SLOWDOWN < 0.04);
 * const cost = MIGRATION_COST_MODELS.engine(
 *   { ramBytes: 2 ** 29, utilizationPercent: 50, linkBytesPerSecond: 125e6, seed: 1 },
 *   { bandwidthShare: 0.5, writesPerSecondAtFullLoad: 5000, technique: "pre-copy",
 *     fidelity: "closed-form", dirtyLoggingSlowdown: QEMU_DIRTY_LOGGING_SLOWDOWN },
 * );
 * const live = cost.seconds - cost.downtimeSeconds;
 * assert.ok(Math.abs(cost.slowdownSeconds! - QEMU_DIRTY_LOGGING_SLOWDOWN * live) < 1e-9);
 * ```
 */
export const QEMU_DIRTY_LOGGING_SLOWDOWN = 0.03547895004321522;

/** A migration cost model: a plain function value chosen by name. */
export type MigrationCostModel = (
  request: MigrationCostRequest,
  settings: MigrationCostSettings,
) => MigrationCost;

/**
 * CloudSim 3.0.3's migration delay: RAM over half the bandwidth, in CloudSim's units (RAM in
 * MiB over bandwidth in kbit/s / 16,000, so a MiB counts as 10^6 bytes;
 * `PowerVmAllocationPolicyMigrationAbstract`/`PowerDatacenter`).
 *
 * @example 1 GiB over 1 Gbit/s: 1024 MiB x 10^6 B / 62.5 MB/s
 * ```ts
 * import { cloudsimMigrationDelaySeconds } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(cloudsimMigrationDelaySeconds(2 ** 30, 125e6), 16.384);
 * ```
 */
export function cloudsimMigrationDelaySeconds(
  ramBytes: number,
  bandwidthBytesPerSecond: number,
): number {
  const action = "compute CloudSim's migration delay";
  nonNegative(action, "ramBytes", ramBytes);
  positive(action, "bandwidthBytesPerSecond", bandwidthBytesPerSecond);
  return finiteResult(
    action,
    "the delay",
    (ramBytes / 1048576) * 1e6 / (bandwidthBytesPerSecond / 2),
    "ramBytes and bandwidthBytesPerSecond",
  );
}

const PRICE = "price a migration";

/** Checks a request's RAM and link, naming the request's own fields. */
function checkRequest(r: MigrationCostRequest): void {
  nonNegative(PRICE, "request.ramBytes", r.ramBytes);
  positive(PRICE, "request.linkBytesPerSecond", r.linkBytesPerSecond);
}

const cloudsim: MigrationCostModel = (r) => {
  checkRequest(r);
  return {
    seconds: cloudsimMigrationDelaySeconds(r.ramBytes, r.linkBytesPerSecond),
    downtimeSeconds: 0,
    bytes: r.ramBytes,
  };
};

/**
 * The engine: the VM as 4 KiB pages written uniformly at `writesPerSecondAtFullLoad` times its
 * utilisation (the traces carry CPU only, so this is the model's assumption), 256 KiB of
 * device state, migrated by `migrate()` over `bandwidthShare` of the link.
 */
const engine: MigrationCostModel = (r, s) => {
  checkRequest(r);
  // a NaN or negative utilisation would otherwise price the VM as idle
  within(PRICE, "request.utilizationPercent", r.utilizationPercent, 0, 100);
  within(PRICE, "settings.bandwidthShare", s.bandwidthShare, 0, 1);
  positive(PRICE, "settings.bandwidthShare", s.bandwidthShare);
  nonNegative(PRICE, "settings.writesPerSecondAtFullLoad", s.writesPerSecondAtFullLoad);
  // a NaN slowdown would otherwise be dropped silently
  if (s.dirtyLoggingSlowdown !== undefined) {
    nonNegative(PRICE, "settings.dirtyLoggingSlowdown", s.dirtyLoggingSlowdown);
  }
  const slowdown = s.dirtyLoggingSlowdown ?? 0;
  const mechanisms = slowdown > 0 && s.technique === "pre-copy"
    ? { mechanisms: { dirtyLogging: { slowdownFraction: slowdown } } }
    : {};
  const result = migrate(
    migrationVmSpec(r.ramBytes, r.utilizationPercent, s.writesPerSecondAtFullLoad),
    { bandwidthBytesPerSecond: r.linkBytesPerSecond * s.bandwidthShare },
    { technique: s.technique, seed: r.seed, fidelity: s.fidelity, ...mechanisms } as Parameters<
      typeof migrate
    >[2],
  );
  return {
    seconds: result.totalSeconds,
    downtimeSeconds: result.downtimeSeconds,
    bytes: result.bytesSent,
    slowdownSeconds: result.mechanisms?.guestSlowdownSeconds ?? 0,
  };
};

/**
 * Migration cost models by name, the values of `simulateDatacenter`'s `migrationModel`:
 * `"cloudsim"` (CloudSim 3.0.3's fixed delay, no downtime, RAM bytes sent) and `"engine"`
 * (duration, downtime and traffic from `migrate()`). Both throw a `RangeError` naming the
 * field when `request.ramBytes` is not a finite number >= 0 or `request.linkBytesPerSecond`
 * not > 0; the engine also when `request.utilizationPercent` is outside [0, 100],
 * `settings.bandwidthShare` outside (0, 1], or a rate or slowdown is negative or NaN.
 *
 * @example An idle 512 MiB VM on a 1 Gbit/s link, both ways
 * ```ts
 * import { MIGRATION_COST_MODELS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const request = { ramBytes: 2 ** 29, utilizationPercent: 0, linkBytesPerSecond: 125e6, seed: 1 };
 * const settings = { bandwidthShare: 0.5, writesPerSecondAtFullLoad: 5000,
 *   technique: "pre-copy" as const, fidelity: "closed-form" as const };
 * assert.equal(MIGRATION_COST_MODELS.cloudsim(request, settings).seconds, 8.192);
 * const engine = MIGRATION_COST_MODELS.engine(request, settings);
 * assert.ok(engine.downtimeSeconds > 0 && engine.bytes >= 2 ** 29);
 * ```
 */
export const MIGRATION_COST_MODELS: Readonly<Record<"cloudsim" | "engine", MigrationCostModel>> =
  Object.freeze({ cloudsim, engine });
