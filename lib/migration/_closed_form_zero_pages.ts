/**
 * The zero-page terms the closed forms share (the engine's rules, in expected
 * values). Internal: not re-exported from `mod.ts`.
 *
 * - A zero page costs the link's header plus the preset's zero-page payload
 *   (`zeroPageWireBytes`), as `createLink` charges it.
 * - The memory the closed forms start from is the workload's at time 0: its
 *   `round(initialShare x P)` zero pages (`initialZeroPageCount`). Offline and
 *   post-copy stop the VM then, so their pages are frozen with exactly that many
 *   zero pages; pre-copy's first round reads them before the VM writes.
 * - A page re-sent after round 1 (or in the stop-and-copy) was written since it was
 *   last sent, so it is zero with probability `zeroingWriteShare` (0 by default).
 *
 * @module
 */
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationPreset } from "./presets.ts";
import type { VmSpec } from "./vm_spec.ts";
import { initialZeroPageCount } from "../workload/zero_pages.ts";

/** Wire bytes of a zero page: the page header plus the preset's zero-page payload. */
export function closedFormZeroPageWireBytes(link: LinkSpec, preset: MigrationPreset): number {
  return (link.pageOverheadBytes ?? 0) + preset.zeroPagePayloadBytes;
}

/** Zero pages of the VM at time 0 (0 without `workload.zeroPages`). */
export function closedFormInitialZeroPages(vm: VmSpec): number {
  const zero = vm.workload.zeroPages;
  return zero === undefined ? 0 : initialZeroPageCount(zero, vm.pageCount);
}

/** Probability that a page written since it was last sent is zero (`zeroingWriteShare`). */
export function closedFormZeroingShare(vm: VmSpec): number {
  return vm.workload.zeroPages?.zeroingWriteShare ?? 0;
}
