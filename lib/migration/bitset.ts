/**
 * Former home of {@link Bitset}, which now lives in `lib/bitset/bitset.ts` so that
 * workloads and migration techniques share it without importing each other. This
 * file only keeps old relative imports working; `mod.ts` exports the new file.
 *
 * @module
 */
export { Bitset, createBitset } from "../bitset/bitset.ts";
