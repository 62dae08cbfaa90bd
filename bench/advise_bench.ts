/**
 * Speed of the advisor on a 64 GiB VM (hot/cold 5 %/90 % of 20,000 writes/s) over
 * 10 Gbit/s: 32 settings (techniques and mechanisms; 36 with a stated
 * compressibility) estimated in closed form, then confirmed at page level with 2 seeds
 * until 3 estimated settings meet the goal (4 confirmed in the first case, XBZRLE, which
 * has no estimate, among them; see the advice's explanation). Target: under 1 s.
 *
 * Run with `deno bench bench/advise_bench.ts`.
 */
import { advise } from "../lib/advisor/advise.ts";
import type { VmSpec } from "../lib/migration/vm_spec.ts";

const vm: VmSpec = {
  pageCount: 64 * 262_144,
  pageSizeBytes: 4096,
  stateBytes: 262_144,
  workload: { kind: "hot-cold", writesPerSecond: 20_000, hotFraction: 0.05, hotShare: 0.9 },
};
const link = { bandwidthBytesPerSecond: 1.25e9, latencySeconds: 1e-4 };

Deno.bench("advise: 64 GiB, downtime <= 300 ms, slowdown <= 5 %", () => {
  const a = advise(vm, link, { maxDowntimeSeconds: 0.3, maxSlowdown: 0.05 });
  if (!a.meetsGoal) throw new Error("expected a setting to meet the goal");
});

Deno.bench("advise: 64 GiB, nothing meets (downtime <= 1 ms, traffic <= 32 GiB)", () => {
  const a = advise(vm, link, { maxDowntimeSeconds: 0.001, maxBytes: 32 * 2 ** 30 });
  if (a.meetsGoal) throw new Error("expected no setting to meet the goal");
});

Deno.bench("advise: 64 GiB, traffic <= 40 GiB, zstd ratio 0.3 at 1 GB/s per core (stated)", () => {
  const a = advise(vm, link, { maxBytes: 40 * 2 ** 30, maxDowntimeSeconds: 0.3 }, {
    compression: { algorithm: "zstd", ratio: 0.3, bytesPerSecondPerCore: 1e9 },
  });
  if (!a.meetsGoal || !a.ranking[0]!.label.includes("zstd")) {
    throw new Error("expected multifd with zstd to meet the goal");
  }
});
