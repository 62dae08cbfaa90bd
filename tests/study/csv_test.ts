import assert from "node:assert/strict";
import { toCsv } from "../../mod.ts";

Deno.test("toCsv() quotes fields as RFC 4180 requires", async (t) => {
  await t.step(
    "plain fields are not quoted; the header lists the keys in first-seen order",
    () => {
      assert.equal(
        toCsv([{ a: 1, b: "x" }, { b: "y", c: true }]),
        "a,b,c\n1,x,\n,y,true\n",
      );
    },
  );
  await t.step(
    "commas, quotes, CR and LF force quoting and quotes are doubled",
    () => {
      assert.equal(
        toCsv([{ v: "a,b" }, { v: 'say "hi"' }, { v: "two\nlines" }, {
          v: "cr\r",
        }]),
        'v\n"a,b"\n"say ""hi"""\n"two\nlines"\n"cr\r"\n',
      );
    },
  );
  await t.step("a header that needs quoting is quoted too", () => {
    assert.equal(toCsv([{ "a,b": 1 }]), '"a,b"\n1\n');
  });
  await t.step(
    "numbers round-trip, null and undefined are empty, objects are JSON",
    () => {
      assert.equal(
        toCsv([{ n: 0.1 + 0.2, e: 1e21, z: null, u: undefined, o: { k: 1 } }]),
        'n,e,z,u,o\n0.30000000000000004,1e+21,,,"{""k"":1}"\n',
      );
    },
  );
  await t.step("columns and CRLF line endings can be chosen", () => {
    assert.equal(
      toCsv([{ a: 1, b: 2 }], {
        columns: ["b", "a", "missing"],
        lineEnding: "\r\n",
      }),
      "b,a,missing\r\n2,1,\r\n",
    );
  });
  await t.step("no rows give an empty header line", () => {
    assert.equal(toCsv([]), "\n");
    assert.equal(toCsv([], { columns: ["a", "b"] }), "a,b\n");
  });
  await t.step("rows that are not an array throw a TypeError", () => {
    assert.throws(() => toCsv("x" as unknown as []), {
      name: "TypeError",
      message: 'Cannot format CSV as rows must be an array: current value is "x"',
    });
  });
  await t.step("a row that is not an object throws a TypeError naming its index", () => {
    assert.throws(() => toCsv([{ a: 1 }, null as unknown as object]), {
      name: "TypeError",
      message: "Cannot format CSV as rows[1] must be an object: current value is null",
    });
  });
});
