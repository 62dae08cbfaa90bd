/**
 * SimGrid's live-migration model, byte for byte. Internal: not re-exported from
 * `mod.ts`. Documented on `simulatePreCopy` (preset `"simgrid"`).
 *
 * From github.com/simgrid/simgrid `src/plugins/vm/VmLiveMigration.cpp`
 * (`MigrationTx::operator()`, `sendMigrationData`, `MigrationRx::operator()`) and
 * `src/plugins/vm/dirty_page_tracking.cpp`:
 *
 * - Every message of `b` bytes takes `L + b / R` (SimGrid charges the route latency
 *   to each communication; `R` is min(bandwidth, cap): SimGrid's migration speed,
 *   `sg_vm_set_migration_speed`, is `link.maxBandwidthBytesPerSecond`).
 * - Stage 1 sends the whole RAM, `M` bytes, in `d1 = L + M / R`. The bandwidth
 *   estimate is `M / d1` (latency included) and the threshold
 *   `floor(M / d1 x max_downtime)` bytes.
 * - The VM computes throughout and dirties `D` bytes per second of computation
 *   (SimGrid: intensity x migration speed; here `writesPerSecond x pageSizeBytes`);
 *   the bytes updated during a message of `d` seconds are `min(floor(D d), W)` with
 *   `W` the working-set size (`workingSetFraction x M`, 90 % in
 *   `sg_vm_create_migratable`).
 * - Stage 2 re-sends the updated bytes `u` as one message while the threshold is
 *   below them, re-estimating bandwidth `u / (L + u / R)` after each.
 * - Stage 3 suspends the VM and sends the last updated bytes; the receiver resumes
 *   the VM on arrival (downtime `L + r / R`) and sends a zero-byte acknowledgement
 *   back (one more `L`), which ends the migration.
 *
 * The link's bandwidth and latency are taken as SimGrid applies them to one
 * communication. They equal the platform's under SimGrid's `network/model:raw`
 * ("time = size/bw + lat", `src/kernel/resource/models/network_cm02.cpp`); under
 * the default LV08 model SimGrid multiplies latency by 13.01 and bandwidth by 0.97
 * and bounds the rate by `network/TCP-gamma` / (2 x latency) (4194304 bytes,
 * `src/kernel/resource/NetworkModel.cpp`), so pass the effective values.
 *
 * SimGrid sends no page headers and no device state: `stateBytes` is not sent and a
 * non-zero `pageOverheadBytes` is refused. Row page counts are bytes / page size and
 * may be fractional. At most `MAX_PUSH_ROUNDS` stage-2 rounds run.
 *
 * @module
 */
import type { Context } from "./_context.ts";
import { buildResult, contextParts } from "./_result_builder.ts";
import type { LinkSpec } from "./link_spec.ts";
import { presetDowntimeLimitSeconds, presetMaxRounds } from "./presets.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";
import { MAX_PUSH_ROUNDS } from "./stop_rules.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Runs SimGrid's three stages. */
export function simgridPreCopy(
  ctx: Context,
  vm: VmSpec,
  linkSpec: LinkSpec,
  rows: RoundRow[],
  timeline: TimelineEvent[],
): MigrationResult {
  if ((linkSpec.pageOverheadBytes ?? 0) !== 0) {
    throw new TypeError(
      `Cannot migrate as link.pageOverheadBytes must be 0 under preset "${ctx.preset.name}" (SimGrid sends no page headers): current value is ${linkSpec.pageOverheadBytes}`,
    );
  }
  const { link, preset, memoryBytes: m, pageSizeBytes } = ctx;
  const lat = link.latencySeconds;
  const maxDowntime = presetDowntimeLimitSeconds(preset);
  const maxRounds = presetMaxRounds(preset, MAX_PUSH_ROUNDS);
  const workingSet = Math.floor(preset.workingSetFraction * m);
  const dirtyBytesPerSecond = ctx.workload.writesPerSecond * vm.pageSizeBytes;
  const updatedDuring = (seconds: number) =>
    Math.min(Math.floor(seconds * dirtyBytesPerSecond), workingSet);
  let t = 0;
  const message = (bytes: number, dirtied: number | undefined): number => {
    const d = link.sendMessage("live", bytes, t);
    const updated = dirtied ?? updatedDuring(d);
    timeline.push({ timeSeconds: t, kind: "round-start", round: rows.length + 1, host: "source" });
    rows.push({
      round: rows.length + 1,
      phase: "push",
      startSeconds: t,
      endSeconds: t + d,
      pagesSent: bytes / pageSizeBytes,
      bytesSent: bytes,
      pagesDirtied: updated / pageSizeBytes,
      writes: ctx.workload.writesPerSecond * d,
      zeroPagesSent: 0,
    });
    t += d;
    return d;
  };
  // Stage 1.
  const d1 = message(m, undefined);
  let threshold = Math.floor((m / d1) * maxDowntime);
  let remaining = updatedDuring(d1);
  let converged = true;
  let rounds = 0;
  // Stage 2.
  while (threshold < remaining) {
    if (rounds >= maxRounds) {
      converged = false;
      break;
    }
    const u = remaining;
    const d = message(u, undefined);
    threshold = Math.floor((u / d) * maxDowntime);
    remaining = updatedDuring(d);
    rounds++;
  }
  // Stage 3: suspend, send the rest; the receiver resumes the VM, then acknowledges.
  const suspend = t;
  const d3 = link.sendMessage("stop-and-copy", remaining, suspend);
  const round = rows.length + 1;
  rows.push({
    round,
    phase: "stop-and-copy",
    startSeconds: suspend,
    endSeconds: suspend + d3 - lat,
    pagesSent: remaining / pageSizeBytes,
    bytesSent: remaining,
    pagesDirtied: 0,
    writes: 0,
    zeroPagesSent: 0,
  });
  timeline.push(
    { timeSeconds: suspend, kind: "suspend", round, host: "none" },
    { timeSeconds: suspend + d3, kind: "resume", round, host: "destination" },
  );
  const ack = link.sendMessage("pull", 0, suspend + d3);
  return buildResult({
    ...contextParts(ctx),
    endSeconds: suspend + d3 + ack,
    downtimeSeconds: d3,
    converged,
    stopReason: converged ? "max-downtime" : "max-rounds",
    rows,
    timeline,
  });
}
