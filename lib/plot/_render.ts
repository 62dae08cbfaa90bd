/**
 * Renders Observable Plot options to standalone SVG markup on a linkedom document.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { parseHTML, Plot } from "../_deps/plot.ts";
import { show, within } from "../_validate.ts";
import type { FigureMarks } from "./figure_marks.ts";

/** Largest width, height or margin of a plot, in pixels (a 1e9-pixel plot never ends). */
const MAX_PLOT_PIXELS = 10_000;

/** Fixed class name, so that Plot's generated class names never vary between runs. */
export const PLOT_CLASS_NAME = "migrate-lab-plot";

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

/**
 * The canvas every figure is drawn on: an opaque white background with near-black text.
 * Jupyter front ends show SVG output as an image, in which `currentColor` is black whatever
 * the theme, so a transparent figure with black text vanishes on a dark theme; an opaque
 * canvas reads the same on light and dark themes, in papers, and in PNG export.
 */
export const CANVAS = { background: "white", color: "#1a1a1a" } as const;

/** The part of a linkedom element that rendering uses (Deno has no DOM types). */
interface VirtualElement {
  tagName: string;
  outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): Iterable<VirtualElement>;
}

/** The options object accepted by `Plot.plot`. */
export type PlotOptions = Parameters<typeof Plot.plot>[0];

/**
 * Requires `options.width` and `options.height`, where given, to be numbers of pixels in
 * [1, 10,000]: what `renderSvg` draws, checked first by the figure helpers that compute a
 * layout from them (arithmetic on an object without a prototype throws a raw TypeError).
 */
export function checkPlotSize(action: string, options: object | undefined): void {
  if (options === undefined) return;
  for (const side of ["width", "height"] as const) {
    const value = (options as Record<string, unknown>)[side];
    if (value !== undefined) within(action, `options.${side}`, value, 1, MAX_PLOT_PIXELS);
  }
}

/**
 * Runs `Plot.plot` on a fresh virtual document and returns the chart's `<svg>` markup
 * with the SVG namespace, ready to save as a `.svg` file. Titles, subtitles, captions
 * and legends (which make Plot return an HTML `<figure>`) are not supported: when Plot
 * returns a `<figure>` anyway, its chart `<svg>` is extracted and the rest dropped.
 */
export function renderSvg(options: PlotOptions): string {
  const action = "render a plot";
  checkPlotSize(action, options);
  const marginKeys = ["margin", "marginTop", "marginRight", "marginBottom", "marginLeft"] as const;
  for (const key of marginKeys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) within(action, `options.${key}`, value, 0, MAX_PLOT_PIXELS);
  }
  const { document } = parseHTML(
    "<!DOCTYPE html><html><head></head><body></body></html>",
  ) as unknown as { document: unknown };
  let element: unknown;
  try {
    element = Plot.plot(
      {
        ...options,
        style: { background: CANVAS.background, color: CANVAS.color },
        document,
        className: PLOT_CLASS_NAME,
      } as PlotOptions,
    );
  } catch (error) {
    // Observable Plot's own failures (e.g. a log scale over 1e-323..1e2 needs too
    // many ticks) become the named error, with Plot's message and the cause.
    throw new RangeError(
      `Cannot ${action} as the data must be drawable by Observable Plot: current value is ${
        show(error instanceof Error ? error.message : String(error))
      }`,
      { cause: error },
    );
  }
  let svg: VirtualElement | undefined = element as unknown as VirtualElement;
  if (svg.tagName.toLowerCase() !== "svg") {
    svg = [...svg.querySelectorAll("svg")].find((s) => s.getAttribute("class") === PLOT_CLASS_NAME);
    if (!svg) {
      throw new TypeError(
        "Cannot render a plot as Plot returned no chart <svg>",
      );
    }
  }
  svg.setAttribute("xmlns", SVG_NAMESPACE);
  // An opaque canvas as the first drawn element: a CSS background is not painted by every
  // SVG renderer (resvg ignores it), a rectangle is.
  const canvas = `<rect width="100%" height="100%" fill="${CANVAS.background}"/>`;
  const outer = svg.outerHTML;
  const markup = outer.includes("</style>")
    ? outer.replace("</style>", `</style>${canvas}`)
    : outer.replace(/^<svg[^>]*>/, (open) => open + canvas);
  // Plot draws NaN coordinates for non-finite data: refuse rather than return garbage. The
  // helpers check the numbers they plot first, naming the row; this backstop looks only at
  // the geometric attributes of the markup's tags, never at text, so that a title or a series
  // named "NaN-boxing" or "Infinity Fabric" is drawn.
  const bad = nonFiniteGeometry(markup);
  if (bad !== null) {
    throw new RangeError(
      `Cannot ${action} as every plotted value must be finite: current value is ${show(bad)}`,
    );
  }
  return markup;
}

/** Attributes of SVG tags that hold coordinates or sizes, the ones Plot computes from data. */
const GEOMETRY_ATTRIBUTES =
  /\s(x|y|x1|x2|y1|y2|cx|cy|r|dx|dy|width|height|d|points|transform)="([^"]*)"/g;

/**
 * Returns the first geometric attribute (as `name="value"`) of `markup` whose value holds
 * NaN or Infinity, or null. Text outside tags cannot contain `<` (it is escaped), so a tag
 * runs from `<` to the next `>`; attribute values of text (aria labels) are not geometric.
 */
export function nonFiniteGeometry(markup: string): string | null {
  for (const [tag] of markup.matchAll(/<[A-Za-z][^>]*>/g)) {
    for (const [attribute, , value] of tag.matchAll(GEOMETRY_ATTRIBUTES)) {
      if (/NaN|Infinity/.test(value ?? "")) return attribute.trim();
    }
  }
  return null;
}

/** Formats a number with up to `digits` significant digits and no trailing zeros. */
export function formatNumber(value: number, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  // near the largest double, rounding up can overflow: then the value as it is
  const rounded = Number(value.toPrecision(digits));
  return String(Number.isFinite(rounded) ? rounded : value);
}

/** Picks a display unit for seconds: milliseconds below 1 s. */
export function secondsUnit(
  maxSeconds: number,
): { unit: string; scale: number } {
  return maxSeconds < 1 ? { unit: "ms", scale: 1e3 } : { unit: "s", scale: 1 };
}

/** Picks a binary display unit (B, KiB, MiB, GiB, TiB) for a byte count. */
export function bytesUnit(maxBytes: number): { unit: string; scale: number } {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let index = 0;
  while (index < units.length - 1 && maxBytes >= 1024 ** (index + 1)) index++;
  return { unit: units[index] ?? "B", scale: 1 / 1024 ** index };
}

/** Escapes text for inclusion in SVG markup. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(
      /"/g,
      "&quot;",
    );
}

/**
 * The smallest power of ten >= `value` (> 0), at most 1e308, the largest that is a finite
 * double: the top of a log axis.
 */
export function decadeAtOrAbove(value: number): number {
  return 10 ** (Number.isFinite(value) ? Math.min(308, Math.ceil(Math.log10(value))) : 308);
}

/** Most ticks {@link powersOfTen} returns: a wider range gets every k-th power. */
const MOST_DECADE_TICKS = 12;

/**
 * Returns the powers of ten from `low` to `high` (both powers of ten, > 0), every one while
 * they are at most 12, else every k-th from `low` on so that at most 12 remain; none when the
 * range is empty. Exponents are held to those of finite doubles (1e-323 to 1e308).
 */
export function powersOfTen(low: number, high: number): number[] {
  const first = Math.max(-323, Math.round(Math.log10(low)));
  const last = Math.min(308, Math.round(Math.log10(high)));
  const ticks: number[] = [];
  if (!(first <= last)) return ticks;
  const step = Math.ceil((last - first + 1) / MOST_DECADE_TICKS);
  for (let e = first; e <= last; e += step) ticks.push(10 ** e);
  return ticks;
}

/**
 * The house style of a numeric axis: the label centred without an arrow, ticks as
 * {@link formatNumber}, grid lines unless `grid` is false. Spread it into a scale's
 * options and add the scale's own fields (domain, nice, ticks).
 */
export function numberAxis(
  label: string,
  grid = true,
): {
  label: string;
  labelAnchor: "center";
  labelArrow: "none";
  grid: boolean;
  tickFormat: (d: number) => string;
} {
  return {
    label,
    labelAnchor: "center",
    labelArrow: "none",
    grid,
    tickFormat: (d: number) => formatNumber(d),
  };
}

/**
 * The chart title: bold 14 px text at the top left, `dy` pixels above the frame; in a
 * faceted chart it goes in the super facet so that it is drawn once.
 */
export function titleMark(
  title: string,
  dy: number,
  faceted = false,
): ReturnType<typeof Plot.text> {
  return Plot.text([title], {
    frameAnchor: "top-left",
    dy,
    fontSize: 14,
    fontWeight: "bold",
    textAnchor: "start",
    ...(faceted ? { facet: "super" as const } : {}),
  });
}

/**
 * The chart subtitle: 12 px grey text at the top left, `dy` pixels above the frame, drawn
 * once in a faceted chart (super facet). Grey (`currentColor` at 70 %) reads on light and
 * dark backgrounds alike.
 */
export function subtitleMark(text: string, dy: number): ReturnType<typeof Plot.text> {
  return Plot.text([text], {
    frameAnchor: "top-left",
    dy,
    fontSize: 12,
    fill: "currentColor",
    fillOpacity: 0.7,
    textAnchor: "start",
    facet: "super" as const,
  });
}

/**
 * A note line under the title of an unfaceted chart: 11 px text at the top left, `dy` pixels
 * above the frame (a subtitle, or what the figure leaves off and why).
 */
export function noteMark(text: string, dy: number): ReturnType<typeof Plot.text> {
  return Plot.text([text], { frameAnchor: "top-left", dy, fontSize: 11 });
}

/**
 * Splits the Plot options a figure helper built into its {@link FigureMarks}: the marks,
 * and the rest (scales, size, margins) as `plotOptions`.
 */
export function figureMarks(title: string, options: Record<string, unknown>): FigureMarks {
  const { marks = [], ...plotOptions } = options as PlotOptions & object;
  return {
    title,
    marks: marks as FigureMarks["marks"],
    plotOptions: plotOptions as FigureMarks["plotOptions"],
  };
}
