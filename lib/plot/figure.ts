import { options as checkOptions, show } from "../_validate.ts";
import { atomicWriteFile, atomicWriteTextFile } from "../_atomic_write.ts";

/**
 * The symbol through which the Deno Jupyter kernel asks a value for its MIME bundle:
 * `Symbol.for("Jupyter.display")`, typed as a unique symbol so that TypeScript knows
 * the method.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for(
  "Jupyter.display",
) as typeof JUPYTER_DISPLAY;

/** The MIME bundle a {@link Figure} shows in Jupyter. */
export interface FigureDisplay {
  /** The figure as standalone SVG markup. */
  "image/svg+xml": string;
  /** A one-line summary, `<Figure: title>`. */
  "text/plain": string;
}

/** Options of {@link figure}. */
export interface FigureOptions {
  /**
   * Title shown in the figure's text summary.
   * @default {"untitled"}
   */
  title?: string;
}

/** Options of {@link Figure#toPng} and of {@link Figure#save} for a `.png` path. */
export interface PngOptions {
  /**
   * Device pixels per SVG pixel (2 suits print and high-density screens).
   * @default {2}
   */
  scale?: number;
  /**
   * Font files (TrueType or OpenType) the text is drawn with; the renderer sees no system
   * fonts. The first is the default face.
   * @default {["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]}
   */
  fontFiles?: readonly string[];
}

/**
 * A rendered chart: standalone SVG markup that shows itself in Jupyter, converts to
 * a string, exports to PNG and saves atomically (SVG or PNG). Create one with
 * {@link figure} or `drawFigure`; the plot helpers (`plotTechniqueComparison`,
 * `plotRounds`, `plotTimeline`, ...) return one.
 */
export class Figure {
  #svg: string;
  #title: string;

  /**
   * Wraps SVG markup; use {@link figure} instead.
   *
   * @param svg Standalone SVG markup.
   * @param title Title for the text summary.
   */
  constructor(svg: string, title: string) {
    checkSvg(svg);
    if (typeof title !== "string") {
      throw new TypeError(
        `Cannot create a figure as title must be a string: current value is ${show(title)}`,
      );
    }
    this.#svg = svg;
    this.#title = title;
  }

  /** The figure's title (used in its text summary). */
  get title(): string {
    return this.#title;
  }

  /**
   * Returns the standalone SVG markup.
   *
   * @returns SVG markup starting with `<svg` and carrying the SVG namespace.
   */
  toSvg(): string {
    return this.#svg;
  }

  /**
   * Draws the figure as a PNG image with resvg (an SVG renderer compiled to WebAssembly,
   * loaded on first use). Needs read permission for resvg's `.wasm` and the font files.
   *
   * @param options Pixels per SVG pixel and font files.
   * @returns The PNG file's bytes.
   *
   * @example A figure as PNG at twice its size
   * ```ts
   * import { figure } from "./mod.ts";
   * import assert from "node:assert/strict";
   *
   * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20">' +
   *   '<rect width="30" height="20" fill="red"/></svg>';
   * const png = await figure(svg).toPng();
   * const view = new DataView(png.buffer, png.byteOffset);
   * assert.deepEqual([...png.subarray(1, 4)], [80, 78, 71]); // "PNG"
   * assert.deepEqual([view.getUint32(16), view.getUint32(20)], [60, 40]);
   * ```
   */
  async toPng(options: PngOptions = {}): Promise<Uint8Array> {
    checkOptions("run Figure#toPng()", "options", options, ["fontFiles", "scale"]);
    const { renderPng } = await import("./_png.ts");
    return await renderPng(this.#svg, options);
  }

  /**
   * Saves the figure to a file atomically (a temporary file, then a rename): as PNG when
   * the path ends in `.png` (see {@link Figure#toPng}), as SVG markup otherwise.
   *
   * @param path Where to write the `.svg` or `.png` file.
   * @param options PNG options, for a `.png` path.
   * @returns A promise that resolves once the file is in place.
   */
  async save(path: string, options: PngOptions = {}): Promise<void> {
    if (typeof path !== "string" || path === "") {
      throw new TypeError(
        `Cannot save a figure as path must be a non-empty string: current value is ${show(path)}`,
      );
    }
    if (/\.png$/i.test(path)) {
      await atomicWriteFile(path, await this.toPng(options));
      return;
    }
    checkOptions("run Figure#save()", "options", options, []);
    await atomicWriteTextFile(path, this.#svg + "\n");
  }

  /**
   * Returns the MIME bundle that the Deno Jupyter kernel displays.
   *
   * @returns The SVG and a text summary.
   */
  [JUPYTER_DISPLAY](): FigureDisplay {
    return {
      "image/svg+xml": this.#svg,
      "text/plain": `<Figure: ${this.#title}>`,
    };
  }
}

/**
 * Creates a {@link Figure} from standalone SVG markup.
 *
 * @param svg SVG markup; it must start with `<svg`.
 * @param options The title of the figure.
 * @returns The figure.
 *
 * @example Wrap SVG markup and display it
 * ```ts
 * import { figure, JUPYTER_DISPLAY } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
 * const fig = figure(svg, { title: "Empty" });
 * assert.equal(fig.toSvg(), svg);
 * assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
 * assert.deepEqual(fig[JUPYTER_DISPLAY](), {
 *   "image/svg+xml": svg,
 *   "text/plain": "<Figure: Empty>",
 * });
 * ```
 */
export function figure(svg: string, options: FigureOptions = {}): Figure {
  checkOptions("run figure()", "options", options, ["title"]);
  const { title = "untitled" } = options;
  checkSvg(svg);
  return new Figure(svg, title);
}

/** Requires SVG markup (a string starting with `<svg`). */
function checkSvg(svg: unknown): asserts svg is string {
  if (typeof svg !== "string" || !svg.trimStart().startsWith("<svg")) {
    throw new TypeError(
      `Cannot create a figure as svg must be SVG markup starting with "<svg": current value is ${
        show(typeof svg === "string" ? svg.slice(0, 40) : svg)
      }`,
    );
  }
}
