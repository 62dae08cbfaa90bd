import assert from "node:assert/strict";
import { formatBytes, parseBytes } from "../../lib/units/bytes.ts";

Deno.test("parseBytes() reads SI and binary units, decimals and optional spaces", () => {
  const cases: [string, number][] = [
    ["4GiB", 4294967296],
    ["4 GiB", 4294967296],
    ["  4GiB  ", 4294967296],
    ["1.5GiB", 1610612736],
    ["1.5 KiB", 1536],
    [".5KiB", 512],
    ["1KiB", 1024],
    ["1MiB", 2 ** 20],
    ["1TiB", 2 ** 40],
    ["1PiB", 2 ** 50],
    ["1EiB", 2 ** 60],
    ["1kB", 1000],
    ["1KB", 1000],
    ["2MB", 2e6],
    ["1.1GB", 1_100_000_000],
    ["3TB", 3e12],
    ["1PB", 1e15],
    ["512B", 512],
    ["4096", 4096],
    ["0", 0],
    ["1e3kB", 1e6],
    ["+7B", 7],
  ];
  for (const [text, bytes] of cases) {
    assert.equal(parseBytes(text), bytes, text);
  }
});

Deno.test("parseBytes() returns numbers as they are after validation", () => {
  assert.equal(parseBytes(4096), 4096);
  assert.equal(parseBytes(0), 0);
  assert.equal(parseBytes(1.5), 1.5);
});

Deno.test("parseBytes() rejects malformed, negative and non-finite sizes", async (t) => {
  await t.step("malformed strings throw SyntaxError naming the value", () => {
    for (
      const text of [
        "4GiBs",
        "",
        "  ",
        "GiB",
        "4 gib",
        "4 Gb",
        "1.5.3B",
        "4 4",
        "4GiB 1MiB",
        "-",
        "0x10",
        "four",
      ]
    ) {
      assert.throws(() => parseBytes(text), {
        name: "SyntaxError",
        message:
          `Cannot parse bytes as value must be a size (a number and a unit such as "4GiB"): current value is ${
            JSON.stringify(text)
          }`,
      });
    }
  });
  await t.step("negative or infinite results throw RangeError", () => {
    for (const text of ["-4GiB", "-1", "1e400", "1e300PiB"]) {
      assert.throws(() => parseBytes(text), {
        name: "RangeError",
        message: `Cannot parse bytes as value must be a finite number >= 0: current value is ${
          JSON.stringify(text)
        }`,
      });
    }
    for (const value of [-1, NaN, Infinity]) {
      assert.throws(() => parseBytes(value), {
        name: "RangeError",
        message:
          `Cannot parse bytes as value must be a finite number >= 0: current value is ${value}`,
      });
    }
  });
  await t.step("other types throw TypeError", () => {
    assert.throws(() => parseBytes(true as unknown as string), {
      name: "TypeError",
      message: "Cannot parse bytes as value must be a string or a number: current value is true",
    });
  });
});

Deno.test("formatBytes() uses the largest binary unit with up to 3 decimals", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [0.5, "0.5 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [4294967296, "4 GiB"],
    [1.2346 * 2 ** 30, "1.235 GiB"],
    [2 ** 20 - 1, "1023.999 KiB"],
    [2 ** 20 - 0.1, "1 MiB"], // rounding carries into the next unit
    [2 ** 40, "1 TiB"],
    [2 ** 60 * 3, "3 EiB"],
  ];
  for (const [bytes, text] of cases) {
    assert.equal(formatBytes(bytes), text, `${bytes}`);
  }
});

Deno.test("formatBytes() output parses back with parseBytes() within 0.05%", () => {
  for (const bytes of [0, 1, 999, 4096, 123456789, 64 * 2 ** 30, 1.7e15]) {
    const back = parseBytes(formatBytes(bytes));
    assert.ok(Math.abs(back - bytes) <= 5e-4 * bytes, `${bytes} -> ${back}`);
  }
});

Deno.test("formatBytes() rejects negative and non-finite sizes", () => {
  for (const bytes of [-1, NaN, Infinity]) {
    assert.throws(() => formatBytes(bytes), {
      name: "RangeError",
      message:
        `Cannot format bytes as bytes must be a finite number >= 0: current value is ${bytes}`,
    });
  }
});
