/**
 * Validation against real systems: records of SimGrid runs and what they are compared with.
 *
 * The `./validation` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./simgrid_record.ts";
