/**
 * What the mechanisms cost the simulator, and what the real compressors and cipher
 * do on this machine. The pre-copy reference scenario (16 GiB, hot/cold, 1 Gbit/s)
 * runs plain, with auto-converge, with multifd + zstd, and with XBZRLE (a per-page
 * cache lookup from the second pass on). The measurement functions run on 256
 * pages of 4 bits/byte entropy (zlib and zstd at level 1) and AES-256-GCM on 16 KiB
 * records; their figures print once before the benches.
 *
 * Run: `deno bench -A bench/mechanisms_bench.ts`.
 */
import { measureCipher, type MigrationMechanisms, simulatePreCopy, type VmSpec } from "../mod.ts";
import { measureCompression } from "../lib/measure/mod.ts";

const vm: VmSpec = {
  pageCount: (16 * 2 ** 30) / 4096,
  pageSizeBytes: 4096,
  stateBytes: 262144,
  workload: { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, writesPerSecond: 20000 },
};
const link = { bandwidthBytesPerSecond: 125_000_000 };

for (const algorithm of ["zlib", "zstd"] as const) {
  const m = measureCompression({ algorithm, entropyBitsPerByte: 4 });
  console.log(
    `${algorithm} level 1, 4 bits/byte: ratio ${m.ratio.toFixed(3)}, ${
      (m.bytesPerSecondPerCore / 1e6).toFixed(0)
    } MB/s per core`,
  );
}
const cipher = await measureCipher();
console.log(
  `AES-256-GCM: ${(cipher.bytesPerSecondPerCore / 1e6).toFixed(0)} MB/s per core, ECDH P-256 ${
    (cipher.handshakeCpuSeconds * 1e3).toFixed(2)
  } ms`,
);

const cases: [string, MigrationMechanisms | undefined][] = [
  ["plain", undefined],
  ["auto-converge", { autoConverge: true }],
  ["multifd 4 + zstd", {
    multifd: { channels: 4 },
    compression: { algorithm: "zstd", ratio: 0.5, bytesPerSecondPerCore: 9e7 },
  }],
  ["xbzrle 64 MiB", { xbzrle: true }],
];
for (const [name, mechanisms] of cases) {
  Deno.bench({
    name: `pre-copy 16 GiB hot/cold, ${name}`,
    group: "mechanisms",
    baseline: mechanisms === undefined,
    fn() {
      simulatePreCopy(vm, link, {
        seed: 1,
        sampler: "per-write",
        ...(mechanisms ? { mechanisms } : {}),
      });
    },
  });
}
