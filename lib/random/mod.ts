/**
 * Seeded randomness: the `Prng` on seedrandom, named streams and distributions.
 *
 * The `./random` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./exponential.ts";
export * from "./integer.ts";
export * from "./normal.ts";
export * from "./poisson.ts";
export * from "./binomial.ts";
export * from "./hypergeometric.ts";
export * from "./prng.ts";
export * from "./uniform.ts";
export * from "./weibull.ts";
export * from "./zipf.ts";
