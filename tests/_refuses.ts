/** Assertions shared by the tests of misspelt option and field names. */
import assert from "node:assert/strict";

/** Asserts that `run` throws a TypeError whose message holds `part`. */
export function refuses(label: string, run: () => unknown, part: string): void {
  assert.throws(run, (e: Error) => {
    assert.equal(e.name, "TypeError", label);
    assert.ok(e.message.includes(part), `${label}: ${e.message}`);
    return true;
  });
}

/** A value passed where the types would refuse it (a misspelt name, a wrong type). */
export const bad = (x: object): never => x as never;
