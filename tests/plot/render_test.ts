import assert from "node:assert/strict";
import { nonFiniteGeometry } from "../../lib/plot/_render.ts";

Deno.test("nonFiniteGeometry() finds NaN and Infinity in coordinates, never in text", async (t) => {
  await t.step("a coordinate or a path", () => {
    assert.equal(nonFiniteGeometry('<svg><circle cx="NaN" cy="3"></circle></svg>'), 'cx="NaN"');
    assert.equal(
      nonFiniteGeometry('<svg><path d="M0,0L-Infinity,2"></path></svg>'),
      'd="M0,0L-Infinity,2"',
    );
    assert.equal(
      nonFiniteGeometry('<svg><g transform="translate(Infinity,0)"></g></svg>'),
      'transform="translate(Infinity,0)"',
    );
  });
  await t.step("text, titles and label attributes", () => {
    assert.equal(
      nonFiniteGeometry(
        '<svg><text x="1" y="2">NaN-boxing VM</text><title>Infinity Fabric x="NaN"</title><g aria-label="NaN"></g></svg>',
      ),
      null,
    );
  });
});
