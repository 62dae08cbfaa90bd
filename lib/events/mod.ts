/**
 * The event kernel: a heap ordered by (time, priority, insertion order).
 *
 * The `./events` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./event_queue.ts";
