/**
 * Former home of {@link Bitset}, which now lives in `lib/bitset/bitset.ts` so that
 * workloads and migration techniques share it without importing each other. This
 * file only keeps old relative imports working (the factory and the type; the class
 * itself, whose methods are unchecked for speed, is exported by `lib/bitset/`).
 *
 * @module
 */
export { createBitset } from "../bitset/bitset.ts";
export type { Bitset } from "../bitset/bitset.ts";
