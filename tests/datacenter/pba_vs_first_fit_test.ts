/**
 * Holds `data/placement/pba_vs_first_fit.json` (CloudSim mode) and
 * `pba_vs_first_fit_engine.json` (engine mode), made by `validation/placement/pba_vs_first_fit.ts`,
 * to the code: each record is consistent (nine days, each learned from all the days before it,
 * means that are the means of the rows, recurrence counts that match the folders' file names), and
 * `comparePbaWithFirstFit` recomputes its second day (20110306, patterns from 20110303) exactly.
 * Needs `../shared/data/planetlab/`; the recomputations are skipped, saying so, where it is absent.
 */
import assert from "node:assert/strict";
import {
  comparePbaWithFirstFit,
  PLANETLAB_DAYS,
  readPlanetLabFolder,
} from "../../lib/datacenter/mod.ts";
import { type PbaDayRecord, recordFile } from "../../validation/placement/pba_vs_first_fit.ts";

const ROOT = new URL("../../../shared/data/planetlab", import.meta.url).pathname;

interface PbaRecord {
  command: string;
  mode: "cloudsim" | "engine";
  days: PbaDayRecord[];
  means: {
    over: string[];
    rows: Record<string, number | string>[];
    batch: Record<string, number | string>[];
  };
}

function present(): boolean {
  try {
    return PLANETLAB_DAYS.every((day) => Deno.statSync(`${ROOT}/${day}`).isDirectory);
  } catch {
    return false;
  }
}
const HAVE_DAYS = present();
if (!HAVE_DAYS) console.warn(`skipping PBA record recomputation: ${ROOT} is absent`);

/** Whether `value` is the mean of `values` (to rounding). */
function isMean(value: number, values: number[]): boolean {
  const expected = values.reduce((s, x) => s + x, 0) / values.length;
  return Math.abs(value - expected) <= 1e-9 * Math.abs(expected);
}

for (const mode of ["cloudsim", "engine"] as const) {
  const record = JSON.parse(
    Deno.readTextFileSync(new URL(`../../data/placement/${recordFile(mode)}`, import.meta.url)),
  ) as PbaRecord;

  Deno.test(`the PBA vs First Fit record (${mode}) covers the nine days after the first, each learned from all earlier days`, () => {
    assert.equal(record.mode, mode);
    assert.match(record.command, /validation\/placement\/pba_vs_first_fit\.ts/);
    assert.equal(/--mode engine/.test(record.command), mode === "engine");
    assert.deepEqual(record.days.map((d) => d.day), PLANETLAB_DAYS.slice(1));
    record.days.forEach((d, i) => {
      assert.deepEqual(d.earlierDays, PLANETLAB_DAYS.slice(0, i + 1));
      assert.deepEqual(d.rows.map((r) => r.placer), ["first-fit", "pba-daily", "pba-history"]);
      assert.ok(d.vmsWithPattern <= d.vms && d.vmsOnPreviousDay <= d.vmsWithPattern);
    });
    assert.deepEqual(record.means.over, PLANETLAB_DAYS.slice(1));
    for (const mean of record.means.rows) {
      for (const [key, value] of Object.entries(mean)) {
        if (key === "placer") continue;
        const rows = record.days.map((d) => d.rows.find((r) => r.placer === mean.placer)!);
        assert.ok(isMean(value as number, rows.map((r) => r[key as keyof typeof r] as number)));
      }
    }
    for (const mean of record.means.batch) {
      const rows = record.days.map((d) => d.batch.find((r) => r.algorithm === mean.algorithm)!);
      assert.ok(isMean(mean.hostsUsed as number, rows.map((r) => r.hostsUsed)));
      assert.ok(isMean(mean.overloadIntervals as number, rows.map((r) => r.overloadIntervals)));
    }
  });

  Deno.test({
    name: `the PBA record's (${mode}) recurrence counts match the day folders' file names`,
    ignore: !HAVE_DAYS,
    fn() {
      const names = PLANETLAB_DAYS.map((day) =>
        new Set([...Deno.readDirSync(`${ROOT}/${day}`)].map((e) => e.name))
      );
      record.days.forEach((d, i) => {
        const today = names[i + 1]!;
        const earlier = new Set(names.slice(0, i + 1).flatMap((s) => [...s]));
        assert.equal(d.vms, today.size, d.day);
        assert.equal(d.vmsWithPattern, [...today].filter((n) => earlier.has(n)).length, d.day);
        assert.equal(
          d.vmsOnPreviousDay,
          [...today].filter((n) => names[i]!.has(n)).length,
          d.day,
        );
      });
    },
  });

  Deno.test({
    name: `comparePbaWithFirstFit() recomputes the ${mode} record's 20110306 rows exactly`,
    ignore: !HAVE_DAYS,
    fn() {
      const r = comparePbaWithFirstFit(
        readPlanetLabFolder(`${ROOT}/20110306`),
        [readPlanetLabFolder(`${ROOT}/20110303`)],
        { mode },
      );
      const recorded = record.days.find((d) => d.day === "20110306")!;
      assert.equal(r.vms, recorded.vms);
      assert.equal(r.vmsWithPattern, recorded.vmsWithPattern);
      assert.deepEqual(r.rows, recorded.rows);
      assert.deepEqual(r.batch, recorded.batch);
      assert.deepEqual(r.batch.map((b) => b.algorithm), [
        "pba",
        "first-fit-series",
        "first-fit-peak",
        "first-fit-mean",
      ]);
      // The daily patterns change the placement: PBA over them differs from both other runs.
      const [ff, daily, history] = r.rows;
      assert.notEqual(daily!.migrations, ff!.migrations);
      assert.notEqual(daily!.migrations, history!.migrations);
    },
  });
}
