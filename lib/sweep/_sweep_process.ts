/**
 * Child-process entry of `runSweep` (`runner: "process"`): reads `{ spec, ids }` as
 * JSON on standard input and writes one JSON row per line on standard output, then
 * exits; on a failed run it writes the message to standard error and exits 1.
 * Imports the engine and run kinds only, never `mod.ts`.
 *
 * @module
 */
import { expandSweep, type SweepSpec } from "./expand_sweep.ts";
import { executeRun, type WorkerRequest } from "./_execute.ts";

if (import.meta.main) {
  const request = JSON.parse(await new Response(Deno.stdin.readable).text()) as WorkerRequest;
  const sweep = expandSweep(request.spec as SweepSpec);
  const encoder = new TextEncoder();
  try {
    for (const id of request.ids ?? []) {
      const line = JSON.stringify(executeRun(sweep, sweep.runs[id]!)) + "\n";
      const bytes = encoder.encode(line);
      let written = 0;
      while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
