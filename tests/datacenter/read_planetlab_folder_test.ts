import assert from "node:assert/strict";
import { readPlanetLabFolder } from "../../lib/datacenter/mod.ts";

/** Runs `body` with a fresh folder holding `files` (name -> text), then removes it. */
function withFolder(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = Deno.makeTempDirSync();
  try {
    for (const [name, text] of Object.entries(files)) {
      Deno.writeTextFileSync(`${dir}/${name}`, text);
    }
    body(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("readPlanetLabFolder() reads files in sorted order", async (t) => {
  const files = { b: "10\n20\n30\n", A: "1\n2\n3\n\n", a: "5\n0\n100\n" };
  await t.step("code-unit order, trailing blank lines ignored", () => {
    withFolder(files, (dir) =>
      assert.deepEqual(readPlanetLabFolder(dir), {
        names: ["A", "a", "b"],
        percent: [[1, 2, 3], [5, 0, 100], [10, 20, 30]],
      }));
  });
  await t.step("maxFiles and maxIntervals", () => {
    withFolder(
      files,
      (dir) =>
        assert.deepEqual(readPlanetLabFolder(dir, { maxFiles: 1, maxIntervals: 2 }), {
          names: ["A"],
          percent: [[1, 2]],
        }),
    );
  });
  await t.step("dotfiles are not traces", () => {
    withFolder(
      { ...files, ".DS_Store": "\u0000binary", ".gitkeep": "" },
      (dir) => assert.deepEqual(readPlanetLabFolder(dir).names, ["A", "a", "b"]),
    );
  });
});

/** Asserts that reading a folder of `files` fails at `file`'s line `line`, showing `shown`. */
function assertBadLine(
  files: Record<string, string>,
  file: string,
  line: number,
  shown: string,
): void {
  withFolder(files, (dir) =>
    assert.throws(() => readPlanetLabFolder(dir), {
      name: "SyntaxError",
      message: `Cannot read a PlanetLab folder as file ${
        JSON.stringify(`${dir}/${file}`)
      } line ${line} must be an integer percent in [0, 100]: current value is ${shown}`,
    }));
}

Deno.test("readPlanetLabFolder() names the file and the line of a malformed value", () => {
  assertBadLine({ a: "1\n2\n", c: "10\n1.5\n" }, "c", 2, '"1.5"');
});

Deno.test("readPlanetLabFolder() names the file and line 1 of an empty file", () => {
  withFolder({ a: "1\n2\n", b: "\n\n" }, (dir) =>
    assert.throws(() => readPlanetLabFolder(dir), {
      name: "SyntaxError",
      message: `Cannot read a PlanetLab folder as file ${
        JSON.stringify(`${dir}/b`)
      } line 1 must be an integer percent in [0, 100]: current value is an empty file`,
    }));
});

Deno.test("readPlanetLabFolder() rejects ragged files unless truncation is asked for", async (t) => {
  const files = { a: "1\n2\n3\n", b: "4\n5\n" };
  await t.step("the default names the file and both lengths", () => {
    withFolder(files, (dir) =>
      assert.throws(() => readPlanetLabFolder(dir), {
        name: "RangeError",
        message: `Cannot read a PlanetLab folder as file ${JSON.stringify(`${dir}/b`)} must have ` +
          `as many lines as ${
            JSON.stringify(`${dir}/a`)
          } (3; or pass options.lengths "truncate"): current value is 2 lines`,
      }));
  });
  await t.step('lengths: "truncate" cuts every trace to the shortest', () => {
    withFolder(
      files,
      (dir) =>
        assert.deepEqual(readPlanetLabFolder(dir, { lengths: "truncate" }).percent, [[1, 2], [
          4,
          5,
        ]]),
    );
  });
});

Deno.test("readPlanetLabFolder() rejects a folder of dotfiles only, bad paths and options", () => {
  withFolder({ ".hidden": "1\n" }, (dir) => {
    assert.throws(() => readPlanetLabFolder(dir), /must hold at least one trace file/);
    assert.throws(
      () => readPlanetLabFolder(dir, { maxfiles: 1 } as never),
      /"maxfiles" must be a known key of options/,
    );
    assert.throws(() => readPlanetLabFolder(dir, null as never), /options must be an object/);
  });
  assert.throws(() => readPlanetLabFolder(42 as never), /path must be a non-empty string/);
});

Deno.test("readPlanetLabFolder() reads CRLF files, skips subfolders and whitespace-only trailing lines", () => {
  withFolder({ a: "5\r\n6\r\n", b: "7\n8\n  \n\t\n" }, (dir) => {
    Deno.mkdirSync(`${dir}/sub`);
    Deno.writeTextFileSync(`${dir}/sub/c`, "9\n9\n");
    assert.deepEqual(readPlanetLabFolder(dir), { names: ["a", "b"], percent: [[5, 6], [7, 8]] });
  });
});

Deno.test("readPlanetLabFolder() names the line of a blank line inside a file, and of a value above 100 as written", async (t) => {
  await t.step("a blank line before the last value", () => {
    assertBadLine({ a: "5\n\n7\n" }, "a", 2, '""');
  });
  await t.step("101, shown with its spaces", () => {
    assertBadLine({ a: "10\n 101 \n" }, "a", 2, '" 101 "');
  });
});

Deno.test("readPlanetLabFolder() names each bad option and its value", () => {
  withFolder({ a: "1\n" }, (dir) => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { maxFiles: 0 },
        "RangeError",
        "options.maxFiles must be an integer >= 1: current value is 0",
      ],
      [
        { maxFiles: 1.5 },
        "RangeError",
        "options.maxFiles must be an integer >= 1: current value is 1.5",
      ],
      [
        { maxIntervals: 0 },
        "RangeError",
        "options.maxIntervals must be an integer >= 1: current value is 0",
      ],
      [
        { lengths: "longest" },
        "TypeError",
        'options.lengths must be one of "equal", "truncate": current value is "longest"',
      ],
    ];
    for (const [options, name, message] of cases) {
      assert.throws(() => readPlanetLabFolder(dir, options), {
        name,
        message: `Cannot read a PlanetLab folder as ${message}`,
      });
    }
  });
});

Deno.test("readPlanetLabFolder() keeps Deno's error for a path that is no folder, and names the path otherwise", () => {
  withFolder({ f: "1\n" }, (dir) => {
    assert.throws(() => readPlanetLabFolder(`${dir}/f`), Deno.errors.NotADirectory);
    Deno.symlinkSync(`${dir}/l1`, `${dir}/l2`);
    Deno.symlinkSync(`${dir}/l2`, `${dir}/l1`);
    assert.throws(() => readPlanetLabFolder(`${dir}/l1`), Deno.errors.FilesystemLoop);
    // a name too long has no class of its own in Deno: the error names the path and keeps the
    // system's message and the error as its cause
    const long = `${dir}/${"x".repeat(5000)}`;
    assert.throws(() => readPlanetLabFolder(long), (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.ok(
        error.message.startsWith(
          "Cannot read a PlanetLab folder as path must name a readable folder: current value is",
        ),
      );
      assert.match(error.message, /\(File name too long/);
      assert.ok(error.cause instanceof Error);
      return true;
    });
  });
});

Deno.test("readPlanetLabFolder() on a missing folder gives the day its name holds, else an example day", () => {
  const hint = (path: string) => {
    try {
      readPlanetLabFolder(path);
    } catch (error) {
      assert.ok(error instanceof Deno.errors.NotFound);
      return error.message.match(/folder: "([^"]*)"/)![1];
    }
    throw new Error(`${path} was read`);
  };
  assert.equal(hint("/nonexistent/planetlab/20110420/"), ".../planetlab/20110420");
  assert.equal(hint("/nonexistent/planetlab/20110420"), ".../planetlab/20110420");
  assert.equal(hint("/nonexistent/planetlab/latest"), ".../planetlab/20110303");
});

Deno.test("readPlanetLabFolder() reads a symbolic link to a trace file as that file", () => {
  // before: DirEntry.isFile is false for a link, so the trace was dropped silently
  withFolder({ b: "7\n8\n" }, (dir) => {
    Deno.mkdirSync(`${dir}/sub`);
    Deno.writeTextFileSync(`${dir}/sub/c`, "9\n9\n");
    Deno.symlinkSync(`${dir}/b`, `${dir}/a`);
    Deno.symlinkSync(`${dir}/sub`, `${dir}/d`); // a link to a folder is no trace
    assert.deepEqual(readPlanetLabFolder(dir), { names: ["a", "b"], percent: [[7, 8], [7, 8]] });
    Deno.symlinkSync(`${dir}/gone`, `${dir}/e`); // a link pointing nowhere is named
    assert.throws(() => readPlanetLabFolder(dir), (error: Error) => {
      assert.ok(error instanceof RangeError);
      assert.match(
        error.message,
        /as file ".*\/e" must be a link to a readable file: current value is ".*\/gone"/,
      );
      return true;
    });
  });
});
