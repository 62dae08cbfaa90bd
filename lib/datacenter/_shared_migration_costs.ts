import {
  type MigrationRequest,
  type SharedTechnique,
  simulateMigrations,
} from "../fleet/simulate_migrations.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { migrationVmSpec } from "./_migration_vm_spec.ts";
import { cloudsimMigrationDelaySeconds } from "./migration_cost_models.ts";

/** One migration's costs as `simulateDatacenter` books them. */
export interface BookedMigrationCost {
  /** Duration in seconds. */
  seconds: number;
  /** Downtime in seconds. */
  downtime: number;
  /** Bytes sent. */
  bytes: number;
  /** Guest time lost to the migration's mechanisms, in seconds. */
  slowdown: number;
  /** CloudSim's fixed delay for the same migration, in seconds. */
  cloud: number;
}

/** The migrations started at one update, as parallel arrays of VM, source and target. */
export interface SharedMoves {
  vm: readonly number[];
  source: readonly number[];
  destination: readonly number[];
}

/** What the shared network needs of the VMs and hosts, and of the options. */
export interface SharedNetworkSettings {
  /** RAM bytes per VM. */
  ramBytes: Float64Array;
  /** Current demand per VM in MIPS. */
  demandMips: Float64Array;
  /** Full MIPS per VM. */
  cpuMips: Float64Array;
  /** Bandwidth per host in bytes per second. */
  hostBandwidth: Float64Array;
  bandwidthShare: number;
  writesPerSecondAtFullLoad: number;
  technique: TechniqueName;
  fidelity: Fidelity;
  seed: Seed;
}

/**
 * Costs of the migrations started at update k when they share the hosts' NICs
 * (`simulateDatacenter`'s `migrationNetwork: "shared"`), in move order: each involved host's
 * bandwidth times the share is a link, and `simulateMigrations` shares them max-min fairly.
 */
export function sharedMigrationCosts(
  moves: SharedMoves,
  k: number,
  s: SharedNetworkSettings,
): BookedMigrationCost[] {
  const { vm: moveVm, source: moveSrc, destination: moveDst } = moves;
  const { ramBytes: ram, demandMips: req, cpuMips: mips, hostBandwidth: bwCap } = s;
  const involved = [...new Set([...moveSrc, ...moveDst])].sort((a, b) => a - b);
  const network = {
    links: involved.map((h) => ({
      id: `nic-${h}`,
      bandwidthBytesPerSecond: bwCap[h]! * s.bandwidthShare,
    })),
  };
  const requests: MigrationRequest[] = moveVm.map((v, i) => ({
    id: `move-${i}`,
    vm: migrationVmSpec(ram[v]!, Math.round(req[v]! / mips[v]! * 100), s.writesPerSecondAtFullLoad),
    sourceHost: `h${moveSrc[i]}`,
    destinationHost: `h${moveDst[i]}`,
    route: [`nic-${moveSrc[i]}`, `nic-${moveDst[i]}`],
    technique: s.technique as SharedTechnique,
  }));
  const r = simulateMigrations(network, requests, {
    fidelity: s.fidelity,
    seed: `${s.seed}/migration/interval-${k}`,
  });
  return r.migrations.map((m, i) => ({
    seconds: m.totalSeconds,
    downtime: m.downtimeSeconds,
    bytes: m.bytesSent,
    slowdown: 0,
    cloud: cloudsimMigrationDelaySeconds(
      ram[moveVm[i]!]!,
      Math.min(bwCap[moveSrc[i]!]!, bwCap[moveDst[i]!]!),
    ),
  }));
}
