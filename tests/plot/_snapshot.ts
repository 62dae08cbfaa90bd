/**
 * Golden-file snapshots for figures and studies, after Observable Plot's
 * `test/plot-snapshot.js`: numbers are rounded to 3 decimals before comparing; on a
 * mismatch `<name>-changed.<ext>` is written next to `tests/output/<name>.<ext>`;
 * a missing golden file is regenerated (delete it to accept a change).
 *
 * @module
 */
import assert from "node:assert/strict";

const OUTPUT = new URL("../output/", import.meta.url);

/** Rounds every decimal number in a text to 3 decimals (and drops "-0"). */
export function roundNumbers(text: string): string {
  return text.replace(/-?\d+\.\d+(?:e[-+]?\d+)?/g, (match) => {
    const rounded = Number(Number(match).toFixed(3));
    return String(Object.is(rounded, -0) ? 0 : rounded);
  });
}

/**
 * Compares `actual` with `tests/output/<fileName>` after rounding numbers; writes the
 * golden file when it is missing and `<name>-changed.<ext>` when they differ.
 */
export async function assertSnapshot(
  actual: string,
  fileName: string,
): Promise<void> {
  const golden = new URL(fileName, OUTPUT);
  const changed = new URL(fileName.replace(/(\.[^.]+)$/, "-changed$1"), OUTPUT);
  let expected: string;
  try {
    expected = await Deno.readTextFile(golden);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    await Deno.mkdir(OUTPUT, { recursive: true });
    await Deno.writeTextFile(golden, actual);
    console.warn(`Wrote missing golden file ${golden.pathname}`);
    return;
  }
  if (roundNumbers(actual) === roundNumbers(expected)) {
    await Deno.remove(changed).catch(() => {});
    return;
  }
  await Deno.writeTextFile(changed, actual);
  assert.fail(
    `${fileName} differs from its golden file; see ${changed.pathname} (delete the golden file to accept)`,
  );
}
