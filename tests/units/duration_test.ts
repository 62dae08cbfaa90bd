import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "../../lib/units/duration.ts";

Deno.test("parseDuration() reads ns, us/µs/μs, ms, s, min, h, bare seconds and sums of terms", () => {
  const cases: [string, number][] = [
    ["300ms", 0.3],
    ["300 ms", 0.3],
    ["1.5s", 1.5],
    ["1.5", 1.5],
    ["10ns", 1e-8],
    ["5us", 5e-6],
    ["5\u00b5s", 5e-6],
    ["5\u03bcs", 5e-6],
    ["2min", 120],
    ["0.5h", 1800],
    ["2 min 5 s", 125],
    ["1h30min", 5400],
    ["1 h 2 min 5.25 s", 3725.25],
    ["0", 0],
  ];
  for (const [text, seconds] of cases) {
    assert.equal(parseDuration(text), seconds, text);
  }
  assert.equal(parseDuration(0.25), 0.25);
});

Deno.test("parseDuration() rejects malformed, negative and non-finite durations", async (t) => {
  await t.step("malformed strings throw SyntaxError naming the value", () => {
    for (
      const text of [
        "5 parsecs",
        "ms",
        "",
        "1 2",
        "1 h 5",
        "1h -5min",
        "5 S",
        "1m",
      ]
    ) {
      assert.throws(() => parseDuration(text), {
        name: "SyntaxError",
        message:
          `Cannot parse duration as value must be a duration (a number and a unit such as "300ms"): current value is ${
            JSON.stringify(text)
          }`,
      });
    }
  });
  await t.step("negative or infinite results throw RangeError", () => {
    assert.throws(() => parseDuration("-300ms"), {
      name: "RangeError",
      message:
        'Cannot parse duration as value must be a finite number >= 0: current value is "-300ms"',
    });
    assert.throws(() => parseDuration(NaN), {
      name: "RangeError",
      message: "Cannot parse duration as value must be a finite number >= 0: current value is NaN",
    });
  });
});

Deno.test("formatDuration() picks ns/µs/ms below a second, s below a minute, then h min s", () => {
  const cases: [number, string][] = [
    [0, "0 s"],
    [3e-7, "300 ns"],
    [0.000999999, "999.999 \u00b5s"],
    [0.3, "300 ms"],
    [0.0123456, "12.346 ms"],
    [0.9999999, "1 s"], // rounding carries into the next unit
    [1.5, "1.5 s"],
    [59.9996, "1 min"],
    [125, "2 min 5 s"],
    [3600, "1 h"],
    [3600.5, "1 h 0.5 s"],
    [3725.25, "1 h 2 min 5.25 s"],
    [259201, "72 h 1 s"],
  ];
  for (const [seconds, text] of cases) {
    assert.equal(formatDuration(seconds), text, `${seconds}`);
  }
});

Deno.test("formatDuration() output parses back with parseDuration() within 0.05%", () => {
  for (const seconds of [0, 2e-9, 3e-7, 0.3, 1, 42.123, 125, 3725.25, 1e6]) {
    const back = parseDuration(formatDuration(seconds));
    assert.ok(
      Math.abs(back - seconds) <= 5e-4 * seconds,
      `${seconds} -> ${back}`,
    );
  }
});

Deno.test("formatDuration() rejects negative and non-finite durations", () => {
  for (const seconds of [-1, NaN, Infinity]) {
    assert.throws(() => formatDuration(seconds), {
      name: "RangeError",
      message:
        `Cannot format duration as seconds must be a finite number >= 0: current value is ${seconds}`,
    });
  }
});

Deno.test("parseDuration() reads an exponent of 21 digits or more as it reads 1e-400 or 1e400", () => {
  // `${mantissa}e${power}` printed such a power as "1e+21", so "0e…" and "1e-…", which
  // are 0, were refused as "not a finite number" (as "1e-400" is not).
  assert.equal(parseDuration("0e99999999999999999999999"), 0);
  assert.equal(parseDuration("1e-99999999999999999999999 h"), 0);
  assert.equal(parseDuration("5e-1000000000000000000000ms"), 0);
  assert.equal(parseDuration("1e-400"), 0);
  for (const text of ["1e99999999999999999999999", "1e400"]) {
    assert.throws(() => parseDuration(text), {
      name: "RangeError",
      message:
        `Cannot parse duration as value must be a finite number >= 0: current value is "${text}"`,
    });
  }
});
