import { deflateSync, zstdCompressSync } from "node:zlib";
import { integer, oneOf, positive, requiredOptions, within } from "../_validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import type { CompressionAlgorithm } from "./mechanisms.ts";

/** What {@link measureCompression} measured on this machine. */
export interface CompressionMeasurement {
  /** The compressor. */
  algorithm: CompressionAlgorithm;
  /** Level used (QEMU's default 1 for both zlib and zstd). */
  level: number;
  /** Entropy of the page contents, bits per byte. */
  entropyBitsPerByte: number;
  /** Compressed bytes / original bytes. */
  ratio: number;
  /** Original bytes compressed per second on one core. */
  bytesPerSecondPerCore: number;
  /** Pages compressed. */
  pages: number;
  /** Pages handed to the compressor per call (1: each page alone). */
  pagesPerCall: number;
}

/**
 * Page contents of a stated entropy: every byte drawn independently from an alphabet of
 * `m = ceil(2^entropyBitsPerByte)` symbols, uniformly when `2^entropyBitsPerByte` is a
 * whole number (0 bits: all zeros; 1: two symbols; 8: random bytes), otherwise symbol 0
 * with probability `1 - (m - 1)·q` and each other symbol with probability `q`, the `q`
 * in `(0, 1/m)` whose entropy is exactly `entropyBitsPerByte` bits (so 0.5 bits is not
 * rounded to 0, nor 2.5 to log2 6 = 2.585).
 *
 * @param pageSizeBytes Bytes per page.
 * @param entropyBitsPerByte Entropy in [0, 8].
 * @param seed Seed of the draws.
 * @returns The page.
 *
 * @example
 * ```ts
 * import { pageOfEntropy } from "../measure/mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(pageOfEntropy(4096, 1, 1).every((b) => b < 2));
 * // Half a bit per byte: mostly zeros, some ones.
 * const half = pageOfEntropy(4096, 0.5, 1);
 * assert.ok(half.every((b) => b < 2) && half.some((b) => b === 1));
 * ```
 */
export function pageOfEntropy(
  pageSizeBytes: number,
  entropyBitsPerByte: number,
  seed: Seed,
): Uint8Array {
  const action = "make a page";
  integer(action, "pageSizeBytes", pageSizeBytes, 1);
  within(action, "entropyBitsPerByte", entropyBitsPerByte, 0, 8);
  const prng = createPrng(seed, "page-contents");
  const page = new Uint8Array(pageSizeBytes);
  const size = 2 ** entropyBitsPerByte;
  if (size === 1) return page;
  if (Number.isInteger(size)) {
    for (let i = 0; i < pageSizeBytes; i++) page[i] = Math.floor(prng() * size);
    return page;
  }
  const symbols = Math.ceil(size);
  const q = otherSymbolProbability(symbols, entropyBitsPerByte);
  const first = 1 - (symbols - 1) * q;
  for (let i = 0; i < pageSizeBytes; i++) {
    const u = prng();
    page[i] = u < first ? 0 : Math.min(symbols - 1, 1 + Math.floor((u - first) / q));
  }
  return page;
}

/**
 * The `q` in `(0, 1/symbols)` for which one symbol of probability `1 - (symbols - 1)·q`
 * and `symbols - 1` of probability `q` have entropy `bits` (`log2(symbols - 1) < bits <
 * log2(symbols)`), by bisection: the entropy increases with `q` up to `1/symbols`.
 */
function otherSymbolProbability(symbols: number, bits: number): number {
  const entropy = (q: number): number => {
    const first = 1 - (symbols - 1) * q;
    return -(first > 0 ? first * Math.log2(first) : 0) - (symbols - 1) * q * Math.log2(q);
  };
  let low = 0;
  let high = 1 / symbols;
  for (let step = 0; step < 100; step++) {
    const mid = (low + high) / 2;
    if (entropy(mid) < bits) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Measures a real compressor on this machine (`node:zlib`: `deflateSync` for zlib,
 * `zstdCompressSync` for zstd) on `pages` pages of the stated entropy, each
 * compressed alone, at level 1 (QEMU's default). With `pagesPerCall` > 1 the pages
 * go to the compressor that many at a time, one stream per call, as QEMU's multifd
 * channels compress a packet (QEMU 7.2 `multifd-zlib.c` and `multifd-zstd.c` feed a
 * packet's pages into one stream per channel; 128 pages of 4 KiB): the per-call cost
 * of `node:zlib` (about 0.1 ms for a zstd context here) is then spread over the
 * packet, as QEMU's reused stream spreads it. The ratio is deterministic for a
 * seed; the throughput is wall-clock and varies from run to run.
 *
 * Which compressors these are: `node:zlib` is built into Deno (no npm package, nothing
 * downloaded); the Deno 2.9.6 binary the project was measured with carries zlib-ng in
 * its zlib-compatible mode (version string `1.3.0.zlib-ng`) and libzstd, i.e. real
 * implementations of the two algorithms, not models of them. Deno's other built-in,
 * the web `CompressionStream`, offers only deflate/gzip at a fixed level (no zstd, no
 * level 1), so it cannot measure what QEMU runs. For QEMU's own libraries in QEMU's own
 * calling pattern see `validation/qemu/measure_compression.ts` (Debian's zlib 1.2.13 and
 * libzstd 1.5.4 through `validation/qemu/compress_rate.c`).
 *
 * @param options Algorithm, entropy, page size, number of pages, level and seed.
 * @returns Ratio and MB/s per core.
 *
 * @example A tiny case: zero pages compress to almost nothing
 * ```ts
 * import { measureCompression } from "../measure/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const m = measureCompression({ algorithm: "zlib", entropyBitsPerByte: 0, pages: 2 });
 * assert.ok(m.ratio < 0.02);
 * assert.ok(m.bytesPerSecondPerCore > 0);
 * const packet = measureCompression({ algorithm: "zstd", entropyBitsPerByte: 0, pages: 4,
 *   pagesPerCall: 2 });
 * assert.equal(packet.pagesPerCall, 2);
 * ```
 */
export function measureCompression(options: {
  algorithm: CompressionAlgorithm;
  entropyBitsPerByte: number;
  pageSizeBytes?: number;
  pages?: number;
  pagesPerCall?: number;
  level?: number;
  seed?: Seed;
}): CompressionMeasurement {
  const action = "measure compression";
  requiredOptions(action, "options", options, [
    "algorithm",
    "entropyBitsPerByte",
    "level",
    "pageSizeBytes",
    "pages",
    "pagesPerCall",
    "seed",
  ]);
  const { entropyBitsPerByte, pageSizeBytes = 4096, pages = 256, level = 1, seed = 1 } = options;
  const algorithm = oneOf(action, "options.algorithm", options.algorithm, ["zlib", "zstd"]);
  integer(action, "options.pages", pages, 1, 100_000);
  integer(action, "options.pageSizeBytes", pageSizeBytes, 1, 2 ** 24);
  const pagesPerCall = integer(action, "options.pagesPerCall", options.pagesPerCall ?? 1, 1, pages);
  integer(action, "options.level", level, 1, algorithm === "zlib" ? 9 : 20);
  within(action, "options.entropyBitsPerByte", entropyBitsPerByte, 0, 8);
  const data = Array.from(
    { length: pages },
    (_, i) => pageOfEntropy(pageSizeBytes, entropyBitsPerByte, `${seed}/${i}`),
  );
  const compress = algorithm === "zlib"
    ? (b: Uint8Array) => deflateSync(b, { level }).length
    : (b: Uint8Array) => zstdCompressSync(b, { params: { [zstdLevelParam()]: level } }).length;
  const calls: Uint8Array[] = [];
  for (let i = 0; i < pages; i += pagesPerCall) {
    const group = data.slice(i, i + pagesPerCall);
    if (group.length === 1) calls.push(group[0]!);
    else {
      const buffer = new Uint8Array(group.length * pageSizeBytes);
      group.forEach((page, k) => buffer.set(page, k * pageSizeBytes));
      calls.push(buffer);
    }
  }
  let out = 0;
  const start = performance.now();
  for (const buffer of calls) out += compress(buffer);
  const seconds = Math.max((performance.now() - start) / 1000, 1e-6);
  const bytes = pages * pageSizeBytes;
  positive(action, "measured bytes", bytes);
  return {
    algorithm,
    level,
    entropyBitsPerByte,
    ratio: Math.min(1, out / bytes),
    bytesPerSecondPerCore: bytes / seconds,
    pages,
    pagesPerCall,
  };
}

/** `zlib.constants.ZSTD_c_compressionLevel` (100 in zstd's API). */
function zstdLevelParam(): number {
  return 100;
}
