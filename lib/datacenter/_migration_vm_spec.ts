import type { VmSpec } from "../migration/vm_spec.ts";

/**
 * The VM a data-centre migration moves, as the engine sees it: its RAM as 4 KiB pages written
 * uniformly at `writesPerSecondAtFullLoad` times its utilisation (the traces carry CPU only,
 * so this is the model's assumption; idle at 0 %), and 256 KiB of device state.
 */
export function migrationVmSpec(
  ramBytes: number,
  utilizationPercent: number,
  writesPerSecondAtFullLoad: number,
): VmSpec {
  const writes = writesPerSecondAtFullLoad * utilizationPercent / 100;
  return {
    pageCount: Math.max(1, Math.ceil(ramBytes / 4096)),
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: writes > 0 ? { kind: "uniform", writesPerSecond: writes } : { kind: "idle" },
  };
}
