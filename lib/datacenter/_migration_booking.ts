import { nonNegative } from "../_validate.ts";
import type { BookedMigrationCost } from "./_shared_migration_costs.ts";
import { tablePower as power } from "./_power_table.ts";
import type { MigrationStart } from "./_start_migrations.ts";

/**
 * What booking one migration reads of the run (a part of `MigrationStart`): the VMs' shares
 * while they migrate, their demands, the hosts' power and the energy accounting.
 */
export type MigrationBooking = Pick<
  MigrationStart,
  | "vmShare"
  | "vmKeep"
  | "engineDegradation"
  | "fixedShare"
  | "demandMips"
  | "pe"
  | "cap"
  | "tables"
  | "startUtilization"
  | "transferEnergy"
  | "countMigrationEnergy"
  | "npa"
>;

/**
 * Sets the shares of VM v's MIPS on its target and its source while its transfer `c` runs:
 * the engine's guest slowdown spread over the transfer, so that the VM loses exactly it (the
 * overhead Ye et al., GreenCom 2010 and IEEE CLOUD 2011, measured; see
 * `MigrationCostSettings.dirtyLoggingSlowdown`); or a fixed share (CloudSim's: over the whole
 * delay, which has no downtime), which with the engine's costs covers the live phase only,
 * spread over the transfer (its downtime is lost in full elsewhere, not a second time).
 */
export function bookDegradationShare(c: BookedMigrationCost, m: MigrationBooking, v: number): void {
  let share: number;
  if (m.engineDegradation) {
    share = c.seconds > 0 ? Math.min(1, c.slowdown / c.seconds) : 0;
  } else {
    share = m.fixedShare;
    if (c.downtime > 0 && c.seconds > 0) {
      share = m.fixedShare * (c.seconds - Math.min(c.downtime, c.seconds)) / c.seconds;
    }
  }
  m.vmShare[v] = share;
  m.vmKeep[v] = 1 - share;
}

/** The transfer energy of `bytes` in joules under the run's model (checked finite, >= 0). */
export function transferJoules(
  model: NonNullable<MigrationBooking["transferEnergy"]>,
  bytes: number,
): number {
  const joules = model({ bytes });
  // checked here, but the message (a string per migration) is built only when it fails
  if (!(joules >= 0 && joules < Infinity)) {
    nonNegative(
      "simulate datacenter",
      `the migration energy model's joules (for ${bytes} bytes)`,
      joules,
    );
  }
  return joules;
}

/**
 * The extra power host `src` draws for VM v while it sends it, in watts, under CloudSim's
 * host-power accounting: its power at its utilisation at the update less its power without
 * the VM's share; 0 under a transfer-energy model, without `countMigrationEnergy`, or NPA.
 */
export function sourceExtraWatts(m: MigrationBooking, v: number, src: number): number {
  if (m.transferEnergy !== undefined || !m.countMigrationEnergy || m.npa) return 0;
  const t = m.tables[src]!, u = m.startUtilization[src]!;
  const without = Math.max(0, u - Math.min(m.demandMips[v]!, m.pe[src]!) / m.cap[src]!);
  return power(t, u) - power(t, without);
}
