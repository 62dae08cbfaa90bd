/**
 * Child-process entry of `runSweep` (`runner: "process"`): reads
 * `{ kind, parameterColumns, runs }` as JSON on standard input (the runs expanded by
 * the calling process), loads only that run kind (`_run_kind_loaders.ts`), and
 * writes one JSON row per line on standard output, then exits; on a failed run it
 * writes the message to standard error and exits 1. Never imports `mod.ts`.
 *
 * @module
 */
import { executeRun, type WorkerRequest } from "./_execute.ts";
import { loadRunKind } from "./_run_kind_loaders.ts";

if (import.meta.main) {
  const request = JSON.parse(await new Response(Deno.stdin.readable).text()) as WorkerRequest;
  const encoder = new TextEncoder();
  try {
    const kind = await loadRunKind(request.kind!);
    for (const run of request.runs ?? []) {
      const line = JSON.stringify(executeRun(kind, request.parameterColumns ?? [], run)) + "\n";
      const bytes = encoder.encode(line);
      let written = 0;
      while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
