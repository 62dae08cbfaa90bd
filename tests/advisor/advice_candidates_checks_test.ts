import assert from "node:assert/strict";
import { adviceCandidates } from "../../lib/advisor/mod.ts";

// adviceCandidates copied options.compression into its candidates unchecked: a ratio of NaN
// or a rate of Infinity came back in the candidates (and "zstd" undefined in their labels),
// and null failed inside ("Cannot read properties of null (reading 'algorithm')").
Deno.test("adviceCandidates() refuses a bad compression, naming the field", () => {
  const good = { algorithm: "zstd", ratio: 0.5, bytesPerSecondPerCore: 300e6 };
  const cases: [unknown, RegExp][] = [
    [null, /as options\.compression must be an object: current value is null$/],
    [
      { ...good, ratio: NaN },
      /as options\.compression\.ratio must be a finite number > 0: current value is NaN$/,
    ],
    [
      { ...good, ratio: 2 },
      /as options\.compression\.ratio must be in \[0, 1\]: current value is 2$/,
    ],
    [
      { ...good, bytesPerSecondPerCore: Infinity },
      /as options\.compression\.bytesPerSecondPerCore must be a finite number > 0: current value is Infinity$/,
    ],
    [
      { ...good, algorithm: "lz4" },
      /as options\.compression\.algorithm must be one of "zlib", "zstd": current value is "lz4"$/,
    ],
    [
      { algorithm: "zstd", ratio: 0.5 },
      /bytesPerSecondPerCore must be a number: current value is undefined$/,
    ],
    [{ ...good, level: 3 }, /"level" must be a known key of options\.compression/],
  ];
  for (const [compression, message] of cases) {
    assert.throws(
      () => adviceCandidates(undefined, { compression: compression as never }),
      (e: Error) => /^Cannot list advice candidates as /.test(e.message) && message.test(e.message),
    );
  }
  assert.ok(adviceCandidates(undefined, { compression: good as never }).length > 0);
});
