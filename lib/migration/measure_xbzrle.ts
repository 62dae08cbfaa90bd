/**
 * XBZRLE encoding measured on this machine (see {@link measureXbzrle}).
 *
 * @module
 */
import { integer, options as checkOptions } from "../_validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";

/** What {@link measureXbzrle} measured on this machine. */
export interface XbzrleMeasurement {
  /** Page bytes encoded per second on one core (compared with the cached copy). */
  bytesPerSecondPerCore: number;
  /** Mean encoded bytes of a page (runs and changed bytes, before headers). */
  encodedBytesPerPage: number;
  /** Pages encoded. */
  pages: number;
  /** Bytes of each page changed since its cached copy. */
  changedBytesPerPage: number;
}

/** Appends `v` as ULEB128 at `at`; returns the next offset, or -1 past `end`. */
function uleb(out: Uint8Array, at: number, end: number, v: number): number {
  do {
    if (at >= end) return -1;
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out[at++] = b;
  } while (v !== 0);
  return at;
}

/**
 * XBZRLE encoding of `current` against `old` (the format of QEMU's
 * `docs/devel/migration` XBZRLE section and `xbzrle_encode_buffer`,
 * `migration/xbzrle.c` of github.com/qemu/qemu): alternating runs of unchanged
 * bytes (ULEB128 length) and of changed bytes (ULEB128 length, then the new bytes);
 * -1 when the encoding would not fit in `out` (QEMU then sends the page whole).
 */
function encode(
  old: Uint8Array,
  current: Uint8Array,
  old32: Uint32Array,
  current32: Uint32Array,
  out: Uint8Array,
): number {
  const n = current.length;
  let i = 0;
  let at = 0;
  while (i < n) {
    const zStart = i;
    // Unchanged bytes up to a word boundary, then whole words (as QEMU's encoder
    // skips unchanged runs a machine word at a time), then the bytes of the word
    // that differs.
    while (i < n && (i & 3) !== 0 && old[i] === current[i]) i++;
    if ((i & 3) === 0) {
      let w = i >>> 2;
      const words = n >>> 2;
      while (w < words && old32[w] === current32[w]) w++;
      i = w << 2;
    }
    while (i < n && old[i] === current[i]) i++;
    if (i === n) break; // a trailing unchanged run is not sent
    at = uleb(out, at, out.length, i - zStart);
    if (at < 0) return -1;
    const nzStart = i;
    while (i < n && old[i] !== current[i]) i++;
    at = uleb(out, at, out.length, i - nzStart);
    if (at < 0 || at + (i - nzStart) > out.length) return -1;
    out.set(current.subarray(nzStart, i), at);
    at += i - nzStart;
  }
  return at;
}

/**
 * Measures XBZRLE encoding on this machine: `pages` pages of `pageSizeBytes`, each
 * with `changedBytesPerPage` bytes changed at distinct random places against its cached copy,
 * encoded one by one with an encoder of QEMU's XBZRLE format (a page compared with
 * its cached copy, unchanged runs skipped a 32-bit word at a time; unchanged and
 * changed runs as ULEB128 lengths, the changed bytes copied). The throughput is this engine's JavaScript encoder, not
 * QEMU's C one: a stand-in for the CPU a delta costs. Wall-clock: it varies from run
 * to run (an untimed pass first, then the fastest of five); the encoded size is
 * deterministic for a seed.
 *
 * @param options Page size, pages, changed bytes per page and seed.
 * @returns Throughput per core and mean encoded size.
 *
 * @example A tiny case: one changed 4-byte word encodes in a few bytes
 * ```ts
 * import { measureXbzrle } from "../measure/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const m = measureXbzrle({ pages: 4, changedBytesPerPage: 4 });
 * assert.ok(m.encodedBytesPerPage <= 4 + 4 * 3 && m.bytesPerSecondPerCore > 0);
 * ```
 */
export function measureXbzrle(
  options: {
    pageSizeBytes?: number;
    pages?: number;
    changedBytesPerPage?: number;
    seed?: Seed;
  } = {},
): XbzrleMeasurement {
  const action = "measure XBZRLE";
  checkOptions(action, "options", options, [
    "pageSizeBytes",
    "pages",
    "changedBytesPerPage",
    "seed",
  ]);
  const { pageSizeBytes = 4096, pages = 1024, changedBytesPerPage = 4, seed = 1 } = options;
  // Bounds like measureCompression's: the measurement holds two copies of every page.
  integer(action, "options.pageSizeBytes", pageSizeBytes, 4, 2 ** 24);
  if (pageSizeBytes % 4 !== 0) {
    throw new RangeError(
      `Cannot ${action} as options.pageSizeBytes must be a multiple of 4: current value is ${pageSizeBytes}`,
    );
  }
  integer(action, "options.pages", pages, 1, 100_000);
  if (pages * pageSizeBytes > 2 ** 28) {
    throw new RangeError(
      `Cannot ${action} as options.pages x options.pageSizeBytes must be at most 268435456 bytes: current value is ${
        pages * pageSizeBytes
      }`,
    );
  }
  integer(action, "options.changedBytesPerPage", changedBytesPerPage, 0, pageSizeBytes);
  const prng = createPrng(seed, "xbzrle-pages");
  const olds: Uint8Array[] = [];
  const news: Uint8Array[] = [];
  for (let p = 0; p < pages; p++) {
    const old = new Uint8Array(pageSizeBytes);
    for (let i = 0; i < pageSizeBytes; i += 64) old[i] = Math.floor(prng() * 256);
    const cur = old.slice();
    if (2 * changedBytesPerPage <= pageSizeBytes) {
      // Distinct places: a place drawn again is drawn anew (at most half the page is
      // taken, so each draw finds a new place with probability >= 1/2).
      for (let k = 0; k < changedBytesPerPage;) {
        const i = Math.floor(prng() * pageSizeBytes);
        if (cur[i] !== old[i]) continue;
        cur[i] = (cur[i]! + 1) & 0xff;
        k++;
      }
    } else {
      // Most of the page changes: draw the distinct places that stay, change the rest.
      const stays = new Uint8Array(pageSizeBytes);
      for (let k = 0; k < pageSizeBytes - changedBytesPerPage;) {
        const i = Math.floor(prng() * pageSizeBytes);
        if (stays[i] === 1) continue;
        stays[i] = 1;
        k++;
      }
      for (let i = 0; i < pageSizeBytes; i++) if (stays[i] === 0) cur[i] = (cur[i]! + 1) & 0xff;
    }
    olds.push(old);
    news.push(cur);
  }
  const words = (page: Uint8Array) => new Uint32Array(page.buffer, 0, pageSizeBytes >>> 2);
  const olds32 = olds.map(words);
  const news32 = news.map(words);
  const out = new Uint8Array(pageSizeBytes);
  let encoded = 0;
  // One untimed pass first, so that the timed ones run compiled code; the fastest of
  // five timed passes is the one least disturbed by other work on the machine.
  for (let p = 0; p < pages; p++) encode(olds[p]!, news[p]!, olds32[p]!, news32[p]!, out);
  let seconds = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    encoded = 0;
    const start = performance.now();
    for (let p = 0; p < pages; p++) {
      const n = encode(olds[p]!, news[p]!, olds32[p]!, news32[p]!, out);
      encoded += n < 0 ? pageSizeBytes : n;
    }
    seconds = Math.min(seconds, Math.max((performance.now() - start) / 1000, 1e-6));
  }
  return {
    bytesPerSecondPerCore: (pages * pageSizeBytes) / seconds,
    encodedBytesPerPage: encoded / pages,
    pages,
    changedBytesPerPage,
  };
}
