import assert from "node:assert/strict";
import { formatRate, parseRate } from "../../lib/units/rate.ts";

Deno.test("parseRate() reads bit rates, byte rates and bare numbers as bytes per second", () => {
  const cases: [string, number][] = [
    ["1Gbps", 125_000_000],
    ["1 Gbps", 125_000_000],
    ["10Gbps", 1_250_000_000],
    ["2.5 Gbit/s", 312_500_000],
    ["100Mb/s", 12_500_000],
    ["100Mbps", 12_500_000],
    ["8bps", 1],
    ["8 bit/s", 1],
    ["8kbps", 1000],
    ["8Kbps", 1000],
    ["1Tbps", 125e9],
    ["1 Kibit/s", 128],
    ["1 Gibit/s", 2 ** 27],
    ["50MB/s", 50_000_000],
    ["50MiB/s", 52_428_800],
    ["1 B/s", 1],
    ["1kB/s", 1000],
    ["1KiB/s", 1024],
    ["3", 3],
    ["0", 0],
  ];
  for (const [text, rate] of cases) assert.equal(parseRate(text), rate, text);
  assert.equal(parseRate(125e6), 125e6);
});

Deno.test("parseRate() rejects malformed, negative and non-finite rates", async (t) => {
  await t.step("malformed strings throw SyntaxError naming the value", () => {
    for (
      const text of [
        "1 Gbpz",
        "1Gbps/s",
        "fast",
        "",
        "1 gbps",
        "1 GBps",
        "1 Gbps 2",
      ]
    ) {
      assert.throws(() => parseRate(text), {
        name: "SyntaxError",
        message:
          `Cannot parse rate as value must be a rate (a number and a unit such as "1Gbps"): current value is ${
            JSON.stringify(text)
          }`,
      });
    }
  });
  await t.step("negative results throw RangeError", () => {
    assert.throws(() => parseRate("-1Gbps"), {
      name: "RangeError",
      message: 'Cannot parse rate as value must be a finite number >= 0: current value is "-1Gbps"',
    });
    assert.throws(() => parseRate(-5), {
      name: "RangeError",
      message: "Cannot parse rate as value must be a finite number >= 0: current value is -5",
    });
  });
});

Deno.test("formatRate() writes SI bit rates with up to 3 decimals", () => {
  const cases: [number, string][] = [
    [0, "0 bit/s"],
    [0.125, "1 bit/s"],
    [1500, "12 kbit/s"],
    [125_000_000, "1 Gbit/s"],
    [3_125_000_000, "25 Gbit/s"],
    [12_500_000, "100 Mbit/s"],
    [124_999_999.99, "1 Gbit/s"], // rounding carries into the next unit
    [123_456_789, "987.654 Mbit/s"],
    [1.25e14, "1 Pbit/s"],
  ];
  for (const [rate, text] of cases) {
    assert.equal(formatRate(rate), text, `${rate}`);
  }
});

Deno.test("formatRate() output parses back with parseRate()", () => {
  for (const rate of [0, 1, 1500, 125e6, 3.125e9, 1.25e14]) {
    assert.equal(parseRate(formatRate(rate)), rate);
  }
});

Deno.test("formatRate() rejects negative and non-finite rates", () => {
  for (const rate of [-1, NaN, Infinity]) {
    assert.throws(() => formatRate(rate), {
      name: "RangeError",
      message:
        `Cannot format rate as bytesPerSecond must be a finite number >= 0: current value is ${rate}`,
    });
  }
});

Deno.test("formatRate() and parseRate() keep rates above 2^1024 bits per second finite", () => {
  // Every finite rate is accepted, but 8 times one above Number.MAX_VALUE / 8 bytes per
  // second was Infinity: formatRate(2.5e307) gave "Infinity Pbit/s", which parseRate
  // refuses, and parseRate("2e+293 Pbit/s"), 2.5e307 bytes per second, overflowed too.
  assert.equal(formatRate(2.5e307), "2e+293 Pbit/s");
  assert.equal(parseRate("2e+293 Pbit/s"), 2.5e307);
  assert.equal(parseRate("1e309 bps"), 1.25e308);
  for (const rate of [2.5e307, 1e308, Number.MAX_VALUE]) {
    const back = parseRate(formatRate(rate));
    assert.ok(Math.abs(back / rate - 1) < 1e-15, `${rate}: ${formatRate(rate)} gives ${back}`);
  }
  // Still refused: a number of bytes per second beyond the doubles.
  assert.throws(() => parseRate("2e309 bps"), {
    name: "RangeError",
    message:
      'Cannot parse rate as value must be a finite number >= 0: current value is "2e309 bps"',
  });
});
