import assert from "node:assert/strict";
import { figure, plotPlacementComparison, plotReliabilityCurves } from "../../lib/plot/mod.ts";
import { decodePng } from "./_png.ts";

const ROWS = [
  { algorithm: "first-fit", kind: "heuristic", hostsUsed: 22 },
  { algorithm: "worst-fit", kind: "heuristic", hostsUsed: 40 },
  { algorithm: "ilp", kind: "exact", hostsUsed: 21, status: "optimal" },
  { algorithm: "martello-toth-l2", kind: "lower-bound", hostsUsed: 19 },
] as const;

/** Share of pixels that are not (near) white, and whether a colour occurs (within 8 per channel). */
function inspect(rgba: Uint8Array) {
  let ink = 0;
  const seen = (r: number, g: number, b: number) => {
    for (let i = 0; i < rgba.length; i += 4) {
      if (
        Math.abs(rgba[i]! - r) <= 8 && Math.abs(rgba[i + 1]! - g) <= 8 &&
        Math.abs(rgba[i + 2]! - b) <= 8
      ) return true;
    }
    return false;
  };
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i]! < 235 || rgba[i + 1]! < 235 || rgba[i + 2]! < 235) ink++;
  }
  return { ink: ink / (rgba.length / 4), seen };
}

Deno.test("Figure#toPng() draws the figure: size, a decodable PNG, an opaque canvas and ink", async (t) => {
  const fig = plotPlacementComparison([...ROWS]);
  const [, width, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(fig.toSvg())!.map(Number);
  const png = await fig.toPng();
  const image = await decodePng(png);
  await t.step("twice the SVG's size by default, or the scale asked for", async () => {
    assert.deepEqual([image.width, image.height], [2 * width!, 2 * height!]);
    const small = await decodePng(await fig.toPng({ scale: 1 }));
    assert.deepEqual([small.width, small.height], [width, height]);
  });
  const { ink, seen } = inspect(image.rgba);
  await t.step("opaque: every pixel has alpha 255 (white canvas, legible on dark themes)", () => {
    for (let i = 3; i < image.rgba.length; i += 4) {
      if (image.rgba[i] !== 255) assert.fail(`pixel ${(i - 3) / 4} has alpha ${image.rgba[i]}`);
    }
    assert.deepEqual([...image.rgba.subarray(0, 4)], [255, 255, 255, 255]);
  });
  await t.step("not empty: text, axes and marks cover part of the canvas", () => {
    assert.ok(ink > 0.01 && ink < 0.5, `ink share ${ink}`);
    assert.ok(seen(0x42, 0x69, 0xd0), "the heuristics' dots (#4269d0)");
    assert.ok(seen(0xc0, 0x39, 0x2b), "the lower bound's rule (#c0392b)");
    assert.ok(seen(0x1a, 0x1a, 0x1a), "dark text and the ILP diamond (#1a1a1a)");
  });
  await t.step("a blank figure has no ink, so the check above can fail", async () => {
    const blank = figure(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">' +
        '<rect width="100%" height="100%" fill="white"/></svg>',
    );
    const decoded = await decodePng(await blank.toPng());
    assert.equal(inspect(decoded.rgba).ink, 0);
  });
});

Deno.test("Figure#save() writes PNG for a .png path and SVG otherwise", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fig = plotReliabilityCurves([
      { series: "exact", x: 0, reliability: 1 },
      { series: "exact", x: 1, reliability: 0.5 },
    ]);
    await fig.save(`${dir}/r.png`, { scale: 1 });
    await fig.save(`${dir}/r.svg`);
    const png = await decodePng(await Deno.readFile(`${dir}/r.png`));
    assert.deepEqual([png.width, png.height], [720, 420]);
    assert.equal(await Deno.readTextFile(`${dir}/r.svg`), fig.toSvg() + "\n");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["r.png", "r.svg"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Figure#toPng() rejects bad options and names a missing font file", async () => {
  const fig = plotPlacementComparison([...ROWS]);
  await assert.rejects(fig.toPng({ scale: 0 }), {
    name: "RangeError",
    message: /^Cannot export a figure to PNG as options\.scale must be/,
  });
  await assert.rejects(fig.toPng({ fontFiles: ["/nonexistent/font.ttf"] }), {
    name: "NotFound",
    message:
      'Cannot export a figure to PNG as options.fontFiles[0] must be a readable font file (Debian: apt-get install fonts-dejavu-core): current value is "/nonexistent/font.ttf"',
  });
  await assert.rejects(fig.toPng({ dpi: 300 } as unknown as { scale: number }), TypeError);
});
