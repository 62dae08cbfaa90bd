/**
 * Figures that README.md and data/README.md quote from the committed records (data/) or from the
 * PlanetLab days, recomputed and looked up in the text, so that a record made again or a changed
 * computation cannot leave the prose quoting a figure that no longer holds. Each phrase is looked
 * up with runs of whitespace (line breaks, table padding) read as one space. Figures the text
 * gives as history (a run before a change, a timing on a dated machine) are not checked here.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);

/** A file of the repository with every run of whitespace as one space. */
function prose(path: string): string {
  return Deno.readTextFileSync(new URL(path, root)).replace(/\s+/g, " ");
}

/** A JSON record of the repository. */
function record(path: string): unknown {
  return JSON.parse(Deno.readTextFileSync(new URL(path, root)));
}

/** Asserts that `text` (the file `file`) holds `phrase`. */
function says(text: string, file: string, phrase: string): void {
  assert.ok(text.includes(phrase), `${file} no longer says "${phrase}": update it to the record`);
}

Deno.test("README's CloudSim 3.0.3 match on 20110303 counts the record's experiments and runs", () => {
  const readme = prose("README.md");
  const printed = record("data/cloudsim/results-20110303.json") as {
    results: Record<string, { energyKwh: number; migrations: number }>;
  };
  const repeated = record("data/cloudsim/random-selection-runs.json") as {
    runs: Record<string, Record<string, unknown[]>>;
  };
  const deterministic = Object.keys(printed.results).filter((key) => key !== "mad-rs");
  // the ten-day record's CloudSim-mode rows (tests/datacenter/beloglazov2012_ten_days_record_test.ts
  // recomputes some; tests/datacenter/cloudsim_days_test.ts holds every one to CloudSim exactly)
  const rows = Deno.readTextFileSync(
    new URL("data/datacenter/beloglazov2012_ten_days.csv", root),
  ).trim().split("\n");
  const header = rows[0]!.split(",");
  const at = (name: string) => header.indexOf(name);
  for (const key of deterministic) {
    const row = rows.map((line) => line.split(",")).find((cells) =>
      cells[at("day")] === "20110303" && cells[at("experiment")] === key &&
      cells[at("mode")] === "cloudsim"
    );
    assert.ok(row, `no CloudSim-mode row of ${key} on 20110303`);
    const expected = printed.results[key]!;
    assert.equal(Number(row[at("migrations")]), expected.migrations, `${key} migrations`);
    assert.equal(
      Math.round(Number(row[at("energyKwh")]) * 100) / 100,
      expected.energyKwh,
      `${key} energy`,
    );
  }
  const madRsRuns = 1 + repeated.runs["mad-rs"]!["20110303"]!.length;
  says(
    readme,
    "README.md",
    `(20110303: CloudSim's exact migrations and energy in all ${deterministic.length} ` +
      `deterministic experiments; MAD-RS, which CloudSim does not seed, held as a 5-seed mean ` +
      `to CloudSim's range over ${madRsRuns} runs)`,
  );
});
