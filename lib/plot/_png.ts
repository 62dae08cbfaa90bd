/**
 * PNG export of a figure's SVG with resvg (WebAssembly), loaded on first use.
 *
 * Internal: used by `Figure#toPng` and `Figure#save`; not re-exported from `mod.ts`.
 *
 * @module
 */
import { show, within } from "../_validate.ts";

/** Where Debian's `fonts-dejavu-core` puts the fonts figures are drawn with by default. */
export const DEFAULT_FONT_FILES: readonly string[] = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
];

/** Options of PNG export (see `PngOptions` in `figure.ts`). */
export interface RenderPngOptions {
  scale?: number;
  fontFiles?: readonly string[];
}

let ready: Promise<typeof import("../_deps/resvg.ts")> | undefined;

/** Loads resvg and its WebAssembly module once per process. */
function loadResvg(): Promise<typeof import("../_deps/resvg.ts")> {
  ready ??= (async () => {
    const resvg = await import("../_deps/resvg.ts");
    await resvg.initWasm(await Deno.readFile(resvg.RESVG_WASM_PATH));
    return resvg;
  })();
  return ready;
}

/** Fonts already read, by path. */
const fonts = new Map<string, Uint8Array>();

/**
 * Renders standalone SVG markup to PNG bytes: `scale` device pixels per SVG pixel, text in
 * the fonts of `fontFiles` (resvg in WebAssembly sees no system fonts).
 */
export async function renderPng(svg: string, options: RenderPngOptions = {}): Promise<Uint8Array> {
  const action = "export a figure to PNG";
  const { scale = 2, fontFiles = DEFAULT_FONT_FILES } = options;
  within(action, "options.scale", scale, 0.1, 8);
  if (!Array.isArray(fontFiles) || fontFiles.length === 0) {
    throw new TypeError(
      `Cannot ${action} as options.fontFiles must be a non-empty array of font file paths: current value is ${
        show(fontFiles)
      }`,
    );
  }
  const buffers: Uint8Array[] = [];
  for (const [i, path] of fontFiles.entries()) {
    if (typeof path !== "string" || path === "") {
      throw new TypeError(
        `Cannot ${action} as options.fontFiles[${i}] must be a font file path: current value is ${
          show(path)
        }`,
      );
    }
    let bytes = fonts.get(path);
    if (bytes === undefined) {
      try {
        bytes = await Deno.readFile(path);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        throw new Deno.errors.NotFound(
          `Cannot ${action} as options.fontFiles[${i}] must be a readable font file (Debian: apt-get install fonts-dejavu-core): current value is ${
            show(path)
          }`,
        );
      }
      fonts.set(path, bytes);
    }
    buffers.push(bytes);
  }
  const { Resvg } = await loadResvg();
  const renderer = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    font: {
      fontBuffers: buffers,
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
  });
  try {
    return renderer.render().asPng();
  } finally {
    renderer.free();
  }
}
