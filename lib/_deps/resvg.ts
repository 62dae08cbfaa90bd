/**
 * resvg (an SVG renderer written in Rust) compiled to WebAssembly, pinned, with the path
 * of its `.wasm` file. Only `lib/plot/_png.ts` imports this file, and only when a figure is
 * exported to PNG, so nothing else pays for it. The WebAssembly build needs no native
 * add-on (only read permission for the `.wasm` and the font files).
 *
 * @module
 */
import { createRequire } from "node:module";

export { initWasm, Resvg } from "npm:@resvg/resvg-wasm@2.6.2";

/** Path of resvg's WebAssembly module inside the npm package. */
export const RESVG_WASM_PATH: string = createRequire(import.meta.url).resolve(
  "@resvg/resvg-wasm/index_bg.wasm",
);
