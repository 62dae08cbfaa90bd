import assert from "node:assert/strict";
import { formatTable } from "../../mod.ts";

Deno.test("formatTable() aligns columns with a heading and a rule", async (t) => {
  await t.step(
    "numbers are right-aligned with 4 significant digits, text left-aligned",
    () => {
      assert.equal(
        formatTable([{ name: "offline", s: 34.4291 }, {
          name: "post-copy",
          s: 0.0021994,
        }]),
        [
          "name              s",
          "---------  --------",
          "offline       34.43",
          "post-copy  0.002199",
          "",
        ].join("\n"),
      );
    },
  );
  await t.step("columns give headings, formats and alignment", () => {
    const table = formatTable([{ a: 1.5, b: true }], {
      columns: [
        { key: "b", header: "flag", align: "right" },
        {
          key: "a",
          header: "ms",
          format: (v) => (Number(v) * 1e3).toFixed(0),
          align: "left",
        },
      ],
    });
    assert.equal(table, "flag  ms\n----  ----\ntrue  1500\n");
  });
  await t.step("no rows give the heading and the rule only", () => {
    assert.equal(formatTable([], { columns: [{ key: "a" }] }), "a\n-\n");
  });
  await t.step("rows that are not an array throw a TypeError", () => {
    assert.throws(() => formatTable(3 as unknown as []), {
      name: "TypeError",
      message: "Cannot format a table as rows must be an array: current value is 3",
    });
  });
  await t.step("a row that is not an object throws a TypeError naming its index", () => {
    assert.throws(() => formatTable([null as unknown as object]), {
      name: "TypeError",
      message: "Cannot format a table as rows[0] must be an object: current value is null",
    });
  });
});
