/**
 * The iteration order of a `java.util.HashMap` with `String` keys (OpenJDK 8 and later), for
 * simulations that must visit entries in the order CloudSim 3.0.3 does. The rules are those of
 * OpenJDK's `java/util/HashMap.java`: a key's bucket is `(h ^ (h >>> 16)) & (capacity - 1)` with
 * `h = String.hashCode()` (`java/lang/String.java`: `s[0]*31^(n-1) + ... + s[n-1]` in 32-bit
 * arithmetic); iteration walks the buckets in index order and each bucket's entries in the order
 * they were inserted (a `put` of a key already present keeps its place; a `remove` unlinks it;
 * a resize splits each bucket keeping that order); the table starts at 16 buckets and doubles
 * when the number of entries exceeds 0.75 of it, and never shrinks (`clear` keeps it). A bucket
 * turned into a tree (more than 8 entries in one bucket of a table of 64 or more) is not
 * modelled.
 *
 * @module
 */

/** `String.hashCode()` of `s` spread as `HashMap.hash` does: `h ^ (h >>> 16)`. */
export function javaSpreadStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h ^ (h >>> 16);
}

/**
 * The table size of a `HashMap` that has held at most `peakEntries` entries at once: 16,
 * doubled while the peak exceeds three quarters of it.
 */
export function javaHashMapCapacity(peakEntries: number): number {
  let capacity = 16;
  while (peakEntries > capacity * 0.75) capacity *= 2;
  return capacity;
}

/**
 * Writes into `out` the keys of `inserted` (live keys, oldest insertion first) in the order a
 * `HashMap` of `capacity` buckets iterates them; `spread[key]` is the key's spread hash.
 * Returns the number of keys written.
 */
export function javaHashMapOrder(
  inserted: readonly number[],
  spread: Int32Array,
  capacity: number,
  out: number[],
): number {
  const mask = capacity - 1;
  const n = inserted.length;
  out.length = n;
  for (let i = 0; i < n; i++) out[i] = inserted[i]!;
  // insertion sort by bucket: stable, so each bucket keeps insertion order (n is small)
  for (let i = 1; i < n; i++) {
    const key = out[i]!;
    const bucket = spread[key]! & mask;
    let j = i - 1;
    while (j >= 0 && (spread[out[j]!]! & mask) > bucket) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = key;
  }
  return n;
}
