/**
 * Fault injection for tests of checked mode. Internal: not re-exported from
 * `mod.ts`; only tests set these, and must reset them.
 *
 * @module
 */

/** Faults the engine injects when set. */
export const TEST_HOOKS: { dropPage: number; forgetWithheld: boolean } = {
  /** A page that never reaches the destination when sent (-1: none). */
  dropPage: -1,
  /** Time-series pre-copy forgets the pages it withheld (never re-sends them). */
  forgetWithheld: false,
};
