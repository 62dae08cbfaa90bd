import { options as checkOptions, show } from "../_validate.ts";
import { atomicWriteTextFile } from "../_atomic_write.ts";

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

/**
 * A rendered chart: standalone SVG markup that shows itself in Jupyter, converts to
 * a string and saves atomically. Create one with {@link figure}; the plot helpers
 * (`plotTechniqueComparison`, `plotRounds`, `plotTimeline`) return one.
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
   * Saves the SVG markup to a file atomically (a temporary file, then a rename).
   *
   * @param path Where to write the `.svg` file.
   * @returns A promise that resolves once the file is in place.
   */
  async save(path: string): Promise<void> {
    if (typeof path !== "string" || path === "") {
      throw new TypeError(
        `Cannot save a figure as path must be a non-empty string: current value is ${show(path)}`,
      );
    }
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
