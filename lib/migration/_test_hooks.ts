/**
 * Fault injection for tests of checked mode, and a reference path. Internal: not re-exported from
 * `mod.ts`; only tests set these, and must reset them.
 *
 * @module
 */

/** Faults the engine injects when set. */
export const TEST_HOOKS: { dropPage: number; forgetWithheld: boolean; pagewisePush: boolean } = {
  /** A page that never reaches the destination when sent (-1: none). */
  dropPage: -1,
  /** Time-series pre-copy forgets the pages it withheld (never re-sends them). */
  forgetWithheld: false,
  /**
   * The pull sends every push slot one page at a time, not the landed ones a word at
   * a time: the reference the word-at-a-time sends must equal (not a fault).
   */
  pagewisePush: false,
};
