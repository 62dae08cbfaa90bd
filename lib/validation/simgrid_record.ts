/**
 * Reader of the recorded SimGrid live-migration grid (`data/validation/simgrid/grid.jsonl`),
 * written by `validation/simgrid/run.ts` from SimGrid 3.32's own plugin
 * (`src/plugins/vm/VmLiveMigration.cpp`). One JSON object a line, one migration each.
 *
 * @module
 */
import {
  integer,
  nonNegative,
  object,
  oneOf,
  positive,
  show,
  string,
  within,
} from "../_validate.ts";
import { readRecordText } from "./_record_text.ts";

/** The inputs of one recorded SimGrid migration. */
export interface SimgridRunParams {
  /** VM memory (`VirtualMachine::get_ramsize`), bytes. */
  ramBytes: number;
  /** `sg_vm_set_dirty_page_intensity`: bytes dirtied per second of full-speed computation, as a share of the migration speed, in [0, 1]. */
  intensity: number;
  /** `sg_vm_set_working_set_memory`: the cap on the bytes re-sent per round, bytes. */
  workingSetBytes: number;
  /** Bandwidth of the one link between the hosts, bytes per second. */
  bandwidthBytesPerSecond: number;
  /** Latency of that link, seconds. */
  latencySeconds: number;
  /** `sg_vm_set_migration_speed`: rate cap of every migration message, bytes per second. */
  migrationSpeedBytesPerSecond: number;
  /** Speed of both hosts (the guest computes at full speed), flops per second. */
  hostFlops: number;
}

/** Which message of the plugin: stage 1, 2 or 3 of `MigrationTx`, or the receiver's final acknowledgement. */
export type SimgridStage = "1" | "2" | "3" | "ack";

/** One message the plugin sent, timed from the migration's start. */
export interface SimgridMessage {
  /** The stage that sent it. */
  stage: SimgridStage;
  /** Simulated size, bytes. */
  bytes: number;
  /** When it was put, seconds from the migration start. */
  startSeconds: number;
  /** When it completed, seconds from the migration start (null if the run was cut first). */
  endSeconds: number | null;
}

/** One recorded SimGrid migration. */
export interface SimgridRun {
  /** Unique name of the grid point. */
  id: string;
  /** The harness command line that produced it. */
  argv: string[];
  /** The inputs. */
  params: SimgridRunParams;
  /** False when the harness stopped the run after `maxRounds` stage-2 rounds. */
  converged: boolean;
  /** From `sg_vm_migrate` to its return (acknowledgement included), seconds; null if not converged. */
  totalSeconds: number | null;
  /** From the VM's suspension to its resumption at the destination, seconds; null if not converged. */
  downtimeSeconds: number | null;
  /** Duration of the final acknowledgement message, seconds; null if not converged. */
  ackSeconds: number | null;
  /** Stage-2 rounds sent (for a run that did not converge: those begun before it was cut). */
  stage2Rounds: number;
  /** Bytes of all migration messages (stages 1-3); null if not converged. */
  bytesSent: number | null;
  /** Bytes of the stage-3 message, sent while the VM is suspended; null if not converged. */
  stage3Bytes: number | null;
  /** Messages the run sent in all (the record keeps the first 20 of a run that did not converge). */
  messageCount: number;
  /** The messages, in order. */
  messages: SimgridMessage[];
  /** The plugin's threshold after stage 1 and after each stage-2 round, from its debug log, bytes. */
  thresholdsBytes: number[];
}

const ACTION = "read the SimGrid record";
const STAGES: readonly SimgridStage[] = ["1", "2", "3", "ack"];

function nullable<T>(value: unknown, check: (v: unknown) => T): T | null {
  return value === null ? null : check(value);
}

function parseRun(value: unknown): SimgridRun {
  const row = object(ACTION, "line", value);
  if (typeof row.id !== "string" || row.id === "") {
    throw new TypeError(
      `Cannot ${ACTION} as id must be a non-empty string: current value is ${show(row.id)}`,
    );
  }
  if (!Array.isArray(row.argv) || !row.argv.every((a) => typeof a === "string")) {
    throw new TypeError(
      `Cannot ${ACTION} as argv must be an array of strings: current value is ${show(row.argv)}`,
    );
  }
  const p = object(ACTION, "params", row.params);
  const params: SimgridRunParams = {
    ramBytes: integer(ACTION, "params.ramBytes", p.ramBytes, 1),
    intensity: within(ACTION, "params.intensity", p.intensity, 0, 1),
    workingSetBytes: integer(ACTION, "params.workingSetBytes", p.workingSetBytes, 0),
    bandwidthBytesPerSecond: positive(
      ACTION,
      "params.bandwidthBytesPerSecond",
      p.bandwidthBytesPerSecond,
    ),
    latencySeconds: nonNegative(ACTION, "params.latencySeconds", p.latencySeconds),
    migrationSpeedBytesPerSecond: positive(
      ACTION,
      "params.migrationSpeedBytesPerSecond",
      p.migrationSpeedBytesPerSecond,
    ),
    hostFlops: positive(ACTION, "params.hostFlops", p.hostFlops),
  };
  if (typeof row.converged !== "boolean") {
    throw new TypeError(
      `Cannot ${ACTION} as converged must be a boolean: current value is ${show(row.converged)}`,
    );
  }
  const converged = row.converged;
  if (!Array.isArray(row.messages)) {
    throw new TypeError(
      `Cannot ${ACTION} as messages must be an array: current value is ${show(row.messages)}`,
    );
  }
  const messages = row.messages.map((m, i): SimgridMessage => {
    const o = object(ACTION, `messages[${i}]`, m);
    return {
      stage: oneOf(ACTION, `messages[${i}].stage`, o.stage, STAGES),
      bytes: integer(ACTION, `messages[${i}].bytes`, o.bytes, 0),
      startSeconds: nonNegative(ACTION, `messages[${i}].startSeconds`, o.startSeconds),
      endSeconds: nullable(
        o.endSeconds,
        (v) => nonNegative(ACTION, `messages[${i}].endSeconds`, v),
      ),
    };
  });
  if (!Array.isArray(row.thresholdsBytes)) {
    throw new TypeError(
      `Cannot ${ACTION} as thresholdsBytes must be an array: current value is ${
        show(row.thresholdsBytes)
      }`,
    );
  }
  const thresholdsBytes = row.thresholdsBytes.map((t, i) =>
    integer(ACTION, `thresholdsBytes[${i}]`, t, 0)
  );
  const need = (field: string, v: unknown, check: (v: unknown) => number): number | null => {
    if (!converged) {
      if (v !== null) {
        throw new TypeError(
          `Cannot ${ACTION} as ${field} must be null when converged is false: current value is ${
            show(v)
          }`,
        );
      }
      return null;
    }
    return check(v);
  };
  const run: SimgridRun = {
    id: row.id,
    argv: row.argv as string[],
    params,
    converged,
    totalSeconds: need(
      "totalSeconds",
      row.totalSeconds,
      (v) => nonNegative(ACTION, "totalSeconds", v),
    ),
    downtimeSeconds: need(
      "downtimeSeconds",
      row.downtimeSeconds,
      (v) => nonNegative(ACTION, "downtimeSeconds", v),
    ),
    ackSeconds: need("ackSeconds", row.ackSeconds, (v) => nonNegative(ACTION, "ackSeconds", v)),
    stage2Rounds: integer(ACTION, "stage2Rounds", row.stage2Rounds, 0),
    bytesSent: need("bytesSent", row.bytesSent, (v) => integer(ACTION, "bytesSent", v, 0)),
    stage3Bytes: need("stage3Bytes", row.stage3Bytes, (v) => integer(ACTION, "stage3Bytes", v, 0)),
    messageCount: integer(ACTION, "messageCount", row.messageCount, messages.length),
    messages,
    thresholdsBytes,
  };
  if (converged) checkConverged(run);
  return run;
}

/** The invariants of a converged run: stages in order, bytes and times that add up. */
function checkConverged(run: SimgridRun): void {
  const fail = (field: string, must: string, value: unknown): never => {
    throw new RangeError(
      `Cannot ${ACTION} as ${field} must ${must}: current value is ${show(value)}`,
    );
  };
  const m = run.messages;
  if (run.messageCount !== m.length) {
    fail("messageCount", `equal the ${m.length} messages of a converged run`, run.messageCount);
  }
  const stages = m.map((x) => x.stage).join(",");
  const expected = ["1", ...Array(run.stage2Rounds).fill("2"), "3", "ack"].join(",");
  if (stages !== expected) fail("messages[].stage", `read ${expected}`, stages);
  const migration = m.filter((x) => x.stage !== "ack");
  const bytes = migration.reduce((s, x) => s + x.bytes, 0);
  if (bytes !== run.bytesSent) {
    fail("bytesSent", `equal the messages' bytes ${bytes}`, run.bytesSent);
  }
  if (migration[migration.length - 1]!.bytes !== run.stage3Bytes) {
    fail("stage3Bytes", "equal the stage-3 message's bytes", run.stage3Bytes);
  }
  if (run.params.ramBytes !== m[0]!.bytes) {
    fail("messages[0].bytes", "equal params.ramBytes", m[0]!.bytes);
  }
  if (run.thresholdsBytes.length !== run.stage2Rounds + 1) {
    fail(
      "thresholdsBytes",
      `have stage2Rounds + 1 = ${run.stage2Rounds + 1} entries`,
      run.thresholdsBytes,
    );
  }
  for (let i = 0; i < m.length; i++) {
    const x = m[i]!;
    if (x.endSeconds === null || x.endSeconds < x.startSeconds) {
      fail(`messages[${i}].endSeconds`, `be >= its startSeconds ${x.startSeconds}`, x.endSeconds);
    }
  }
  if (run.downtimeSeconds! > run.totalSeconds!) {
    fail("downtimeSeconds", `be <= totalSeconds ${run.totalSeconds}`, run.downtimeSeconds);
  }
}

/**
 * Parses the text of a recorded SimGrid grid (JSON Lines), validating every field and the
 * invariants of each converged run. Errors name the file and the line.
 *
 * @param text The file's contents.
 * @param file The file's name, used in error messages.
 * @returns One run per non-empty line, in file order.
 * @throws {TypeError} If `text` or `file` is not a string.
 *
 * @example An empty file, and a record line that is not JSON, name their file (and line)
 * ```ts
 * import { parseSimgridRecord } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => parseSimgridRecord("", "grid.jsonl"), /record grid\.jsonl as .*at least one run/);
 * assert.throws(() => parseSimgridRecord("{oops", "grid.jsonl"), /record grid\.jsonl:1 as/);
 * ```
 */
export function parseSimgridRecord(text: string, file: string): SimgridRun[] {
  // text that was not a string failed inside ("text.split is not a function")
  string(ACTION, "text", text);
  string(ACTION, "file", file);
  const runs: SimgridRun[] = [];
  const ids = new Set<string>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // "g.jsonl:1: Cannot read the SimGrid record as the line is not JSON: ..." began with
      // the file, outside the grammar: the file and line are now part of the action
      throw new SyntaxError(
        `Cannot ${ACTION} ${where} as the line must be JSON (${
          (error as Error).message
        }): current value is ${show(line)}`,
      );
    }
    let run: SimgridRun;
    try {
      run = parseRun(value);
    } catch (error) {
      const e = error as Error;
      const Ctor = e instanceof RangeError ? RangeError : TypeError;
      const prefix = `Cannot ${ACTION} as `;
      throw new Ctor(
        e.message.startsWith(prefix)
          ? `Cannot ${ACTION} ${where} as ${e.message.slice(prefix.length)}`
          : `${where}: ${e.message}`,
      );
    }
    if (ids.has(run.id)) {
      throw new RangeError(
        `Cannot ${ACTION} ${where} as id must be unique: current value is ${show(run.id)}`,
      );
    }
    ids.add(run.id);
    runs.push(run);
  }
  if (runs.length === 0) {
    throw new SyntaxError(
      `Cannot ${ACTION} ${file} as the file must hold at least one run: current value is ${
        show(`${lines.length} blank line(s)`)
      }`,
    );
  }
  return runs;
}

/**
 * Reads and validates a recorded SimGrid grid file (see {@link parseSimgridRecord}).
 *
 * @param path Path of the `.jsonl` file.
 * @returns The runs, in file order.
 *
 * @example Read the shipped record
 * ```ts
 * import { readSimgridRecord } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const runs = await readSimgridRecord("data/validation/simgrid/grid.jsonl");
 * assert.ok(runs.length > 0);
 * ```
 */
export async function readSimgridRecord(path: string | URL): Promise<SimgridRun[]> {
  // "" reached Deno ("Empty path is not allowed")
  const text = await readRecordText("read a SimGrid record", path);
  return parseSimgridRecord(text, String(path));
}
