/**
 * Observable Plot and linkedom (a DOM for drawing without a browser), pinned. Only
 * `lib/plot/` imports this file, so figures' dependencies (about 1.5 MB of JavaScript
 * with d3) load only with the `./plot` entry point.
 *
 * @module
 */

export * as Plot from "npm:@observablehq/plot@0.6.17";
export { parseHTML } from "npm:linkedom@0.18.15";
