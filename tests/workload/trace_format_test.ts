import assert from "node:assert/strict";
import fc from "npm:fast-check@4.10.2";
import {
  formatTrace,
  parseTrace,
  type TraceFile,
  traceFormatOf,
} from "../../lib/workload/trace_format.ts";

const SAMPLE: TraceFile = {
  pageCount: 10,
  workload: {
    kind: "trace",
    durationSeconds: 2.5,
    accesses: [
      { timeSeconds: 0, page: 3, write: true },
      { timeSeconds: 0.1, page: 9, write: false },
      { timeSeconds: 0.1, page: 0, write: true },
      { timeSeconds: 1e-7, page: 1, write: false },
    ].sort((a, b) => a.timeSeconds - b.timeSeconds),
  },
};

Deno.test("formatTrace() writes the documented CSV and JSON Lines layouts", async (t) => {
  await t.step("csv", () => {
    assert.equal(
      formatTrace(SAMPLE, "csv"),
      [
        "# migrate-lab page-access trace",
        "# duration_seconds=2.5",
        "# page_count=10",
        "time_seconds,page,op",
        "0,3,w",
        "1e-7,1,r",
        "0.1,9,r",
        "0.1,0,w",
        "",
      ].join("\n"),
    );
  });
  await t.step("jsonl", () => {
    assert.equal(
      formatTrace(SAMPLE, "jsonl"),
      [
        '{"durationSeconds":2.5,"pageCount":10}',
        '{"t":0,"page":3,"op":"w"}',
        '{"t":1e-7,"page":1,"op":"r"}',
        '{"t":0.1,"page":9,"op":"r"}',
        '{"t":0.1,"page":0,"op":"w"}',
        "",
      ].join("\n"),
    );
  });
});

Deno.test("parseTrace() round-trips formatTrace() exactly for any valid trace (fast-check, 300 runs)", () => {
  const traceArbitrary = fc
    .record({
      pageCount: fc.integer({ min: 1, max: 1 << 20 }),
      durationSeconds: fc.double({ min: 1e-9, max: 1e6, noNaN: true }),
      raw: fc.array(
        fc.record({
          fraction: fc.double({ min: 0, max: 1, noNaN: true }),
          pageFraction: fc.double({
            min: 0,
            max: 1,
            noNaN: true,
            maxExcluded: true,
          }),
          write: fc.boolean(),
        }),
        { maxLength: 50 },
      ),
    })
    .map(({ pageCount, durationSeconds, raw }): TraceFile => ({
      pageCount,
      workload: {
        kind: "trace",
        durationSeconds,
        accesses: raw
          .map((r) => ({
            timeSeconds: Math.min(
              durationSeconds,
              r.fraction * durationSeconds,
            ),
            page: Math.floor(r.pageFraction * pageCount),
            write: r.write,
          }))
          .sort((a, b) => a.timeSeconds - b.timeSeconds),
      },
    }));
  fc.assert(
    fc.property(
      traceArbitrary,
      fc.constantFrom("csv" as const, "jsonl" as const),
      (trace, format) => {
        assert.deepEqual(parseTrace(formatTrace(trace, format), format), trace);
      },
    ),
    { numRuns: 300, endOnFailure: true, seed: 20261125 },
  );
});

Deno.test("parseTrace() accepts comments, CRLF, blank lines and missing metadata", async (t) => {
  await t.step(
    "csv with CRLF, other comments and no metadata: defaults from the data",
    () => {
      const text =
        "# recorded on host-a\r\n# tool=perf\r\ntime_seconds,page,op\r\n0.5,3,w\r\n\r\n1.5,7,r\r\n";
      assert.deepEqual(parseTrace(text, "csv"), {
        pageCount: 8,
        workload: {
          kind: "trace",
          durationSeconds: 1.5,
          accesses: [
            { timeSeconds: 0.5, page: 3, write: true },
            { timeSeconds: 1.5, page: 7, write: false },
          ],
        },
      });
    },
  );
  await t.step("jsonl without a metadata line", () => {
    const text = '{"t":0.25,"page":2,"op":"r"}\n\n{"op":"w","page":0,"t":1}\n';
    const { pageCount, workload } = parseTrace(text, "jsonl");
    assert.equal(pageCount, 3);
    assert.equal(workload.durationSeconds, 1);
    assert.deepEqual(workload.accesses.map((a) => a.write), [false, true]);
  });
  await t.step("an empty trace with its metadata", () => {
    assert.deepEqual(
      parseTrace(
        "# duration_seconds=3\n# page_count=5\ntime_seconds,page,op\n",
        "csv",
      ),
      {
        pageCount: 5,
        workload: { kind: "trace", durationSeconds: 3, accesses: [] },
      },
    );
    assert.deepEqual(
      parseTrace('{"durationSeconds":3,"pageCount":5}\n', "jsonl").workload
        .accesses,
      [],
    );
  });
});

Deno.test("parseTrace() throws a SyntaxError naming the line and the bad value", async (t) => {
  const csv = (body: string) =>
    `# duration_seconds=2\n# page_count=10\ntime_seconds,page,op\n${body}`;
  const cases: [string, "csv" | "jsonl", string][] = [
    [
      csv("0.1,1,w\n0.2,2,x\n"),
      "csv",
      'Cannot parse trace as op on line 5 must be "r" or "w": current value is "x"',
    ],
    [
      csv("0.5,1,w\n0.2,2,r\n"),
      "csv",
      "Cannot parse trace as time on line 5 must be >= the previous time 0.5: current value is 0.2",
    ],
    [
      csv("2.5,1,w\n"),
      "csv",
      "Cannot parse trace as time on line 4 must be <= the duration 2: current value is 2.5",
    ],
    [
      csv("0.5,10,w\n"),
      "csv",
      "Cannot parse trace as page on line 4 must be < the page count 10: current value is 10",
    ],
    [
      csv("0.5,-1,w\n"),
      "csv",
      'Cannot parse trace as page on line 4 must be an integer >= 0: current value is "-1"',
    ],
    [
      csv("0.5,1.5,w\n"),
      "csv",
      'Cannot parse trace as page on line 4 must be an integer >= 0: current value is "1.5"',
    ],
    [
      csv("abc,1,w\n"),
      "csv",
      'Cannot parse trace as time_seconds on line 4 must be a number: current value is "abc"',
    ],
    [
      csv("-1,1,w\n"),
      "csv",
      "Cannot parse trace as time on line 4 must be a finite number >= 0: current value is -1",
    ],
    [
      csv("0.5,1\n"),
      "csv",
      'Cannot parse trace as line 4 must have 3 comma-separated fields: current value is "0.5,1"',
    ],
    [
      "t,page,op\n0.5,1,w\n",
      "csv",
      'Cannot parse trace as the header on line 1 must be "time_seconds,page,op": current value is "t,page,op"',
    ],
    [
      "# duration_seconds=0\ntime_seconds,page,op\n",
      "csv",
      'Cannot parse trace as duration_seconds on line 1 must be a finite number > 0: current value is "0"',
    ],
    [
      "# page_count=1e3\ntime_seconds,page,op\n",
      "csv",
      'Cannot parse trace as page_count on line 1 must be an integer in [1, 1073741824]: current value is "1e3"',
    ],
    [
      "# page_count=4\n",
      "csv",
      'Cannot parse trace as one of lines 1 to 2 must be the header "time_seconds,page,op": current value is "# page_count=4\\n"',
    ],
    [
      "time_seconds,page,op\n0,1,w\n",
      "csv",
      "Cannot parse trace as duration_seconds must be stated when the last access time (line 2) is 0: current value is 0",
    ],
    [
      '{"durationSeconds":2}\n{"t":0.5,"page":1,"op":"x"}\n',
      "jsonl",
      'Cannot parse trace as op on line 2 must be "r" or "w": current value is "x"',
    ],
    [
      '{"durationSeconds":2}\n{"t":"0.5","page":1,"op":"w"}\n',
      "jsonl",
      'Cannot parse trace as t on line 2 must be a number: current value is "0.5"',
    ],
    [
      '{"durationSeconds":2}\n{"t":0.5,"page":1.5,"op":"w"}\n',
      "jsonl",
      "Cannot parse trace as page on line 2 must be an integer >= 0: current value is 1.5",
    ],
    [
      '{"durationSeconds":2}\n{"t":0.5,"page":1,"op":"w"\n',
      "jsonl",
      'Cannot parse trace as line 2 must be a JSON object: current value is "{\\"t\\":0.5,\\"page\\":1,\\"op\\":\\"w\\""',
    ],
    [
      "[1,2]\n",
      "jsonl",
      'Cannot parse trace as line 1 must be a JSON object: current value is "[1,2]"',
    ],
    [
      '{"durationSeconds":-2}\n',
      "jsonl",
      "Cannot parse trace as durationSeconds on line 1 must be a finite number > 0: current value is -2",
    ],
    [
      '{"durationSeconds":2}\n{"pageCount":2}\n',
      "jsonl",
      'Cannot parse trace as line 2 must be an access with t, page and op only: its key "pageCount" is neither: current value is "{\\"pageCount\\":2}"',
    ],
  ];
  for (const [text, format, message] of cases) {
    await t.step(message, () => {
      assert.throws(() => parseTrace(text, format), {
        name: "SyntaxError",
        message,
      });
    });
  }
  await t.step("an unknown format is a TypeError", () => {
    assert.throws(() => parseTrace("", "xml" as "csv"), {
      name: "TypeError",
      message: 'Cannot parse trace as format must be one of "csv", "jsonl": current value is "xml"',
    });
  });
});

Deno.test("formatTrace() rejects traces that would not parse back", () => {
  const bad = (accesses: unknown[], pageCount = 4): TraceFile =>
    ({
      pageCount,
      workload: { kind: "trace", durationSeconds: 1, accesses },
    }) as TraceFile;
  assert.throws(
    () => formatTrace(bad([{ timeSeconds: 0.5, page: 4, write: true }]), "csv"),
    {
      name: "RangeError",
      message:
        "Cannot format trace as trace.workload.accesses[0].page must be an integer in [0, 3]: current value is 4",
    },
  );
  assert.throws(
    () =>
      formatTrace(
        bad([{ timeSeconds: 0.5, page: 1, write: true }, {
          timeSeconds: 0.25,
          page: 1,
          write: true,
        }]),
        "jsonl",
      ),
    {
      name: "RangeError",
      message:
        "Cannot format trace as trace.workload.accesses[1].timeSeconds must be in [0.5, 1]: current value is 0.25",
    },
  );
  assert.throws(
    () => formatTrace(bad([{ timeSeconds: 0.5, page: 1, write: "w" }]), "csv"),
    {
      name: "TypeError",
      message:
        'Cannot format trace as trace.workload.accesses[0].write must be a boolean: current value is "w"',
    },
  );
  assert.throws(() => formatTrace(bad([], 0), "csv"), {
    name: "RangeError",
    message:
      "Cannot format trace as trace.pageCount must be an integer in [1, 1073741824]: current value is 0",
  });
});

Deno.test("traceFormatOf() chooses the format by file extension", () => {
  assert.equal(traceFormatOf("a/b.csv"), "csv");
  assert.equal(traceFormatOf("B.CSV"), "csv");
  assert.equal(traceFormatOf("x.jsonl"), "jsonl");
  assert.throws(() => traceFormatOf("x.json"), {
    name: "TypeError",
    message:
      'Cannot choose a trace format as the file extension must be ".csv" or ".jsonl": current value is "x.json"',
  });
});

Deno.test("parseTrace() JSON Lines: a key that is neither metadata nor an access field is an error, not lost data", () => {
  const access = '{"t":0.25,"page":7,"op":"w"}\n';
  const cases: [string, RegExp][] = [
    // a misspelt metadata line was taken as metadata and ignored (4096 pages became 8)
    [
      '{"duration_seconds":5,"page_count":4096}\n' + access,
      /line 1 must be the metadata \(durationSeconds, pageCount\) or an access with t, page and op only: its key "duration_seconds" is neither/,
    ],
    // a misspelt first access was taken as metadata and dropped
    ['{"time":0.1,"page":3}\n' + access, /its key "time" is neither/],
    // metadata only on the first line
    ['{}\n{"durationSeconds":5}\n' + access, /line 2 must be an access with t, page and op only/],
    ['{"durationSeconds":"5"}\n' + access, /durationSeconds on line 1 must be a number/],
    [access + '{"t":0.5,"page":1,"op":"w","size":4}\n', /its key "size" is neither/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseTrace(text, "jsonl"), { name: "SyntaxError", message }, text);
  }
  // blank lines before the metadata are still skipped
  const trace = parseTrace('\n{"durationSeconds":5,"pageCount":10}\n' + access, "jsonl");
  assert.deepEqual([trace.pageCount, trace.workload.durationSeconds], [10, 5]);
});

Deno.test("formatTrace() refuses what parseTrace could not give back: zero pages, a page count over its limit", () => {
  const workload = {
    kind: "trace" as const,
    durationSeconds: 1,
    accesses: [{ timeSeconds: 0.5, page: 1, write: true }],
  };
  assert.throws(
    () =>
      formatTrace(
        { pageCount: 3, workload: { ...workload, zeroPages: { initialShare: 0.5 } } },
        "jsonl",
      ),
    /trace\.workload\.zeroPages must be absent/,
  );
  assert.throws(
    () => formatTrace({ pageCount: 2 ** 31, workload }, "csv"),
    /trace\.pageCount must be an integer in \[1, 1073741824\]: current value is 2147483648/,
  );
  const back = parseTrace(formatTrace({ pageCount: 2 ** 30, workload }, "csv"), "csv");
  assert.equal(back.pageCount, 2 ** 30);
});
