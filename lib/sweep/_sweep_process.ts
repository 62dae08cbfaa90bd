/**
 * Child-process entry of `runSweep` (`runner: "process"`). Reads standard input as lines of
 * JSON: first `{ kind, parameterColumns }` (it then loads only that run kind,
 * `_run_kind_loaders.ts`), then batches of runs (`{ runs }`, expanded by the calling
 * process), as the calling process hands them out. For each run it writes one JSON row per
 * line on standard output, and after each batch an empty line (the calling process then
 * sends the next batch, or closes standard input, and the child exits). On a failed run it
 * writes the message to standard error and exits 1. Never imports `mod.ts`.
 *
 * @module
 */
import { executeRun, type WorkerRequest } from "./_execute.ts";
import { loadRunKind } from "./_run_kind_loaders.ts";
import type { RunKind } from "./run_kind.ts";

if (import.meta.main) {
  const encoder = new TextEncoder();
  const write = (text: string) => {
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
  };
  try {
    let kind: RunKind | undefined;
    let parameterColumns: string[] = [];
    let rest = "";
    for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        if (line === "") continue;
        const request = JSON.parse(line) as WorkerRequest;
        if (kind === undefined) {
          kind = await loadRunKind(request.kind!);
          parameterColumns = request.parameterColumns ?? [];
          continue;
        }
        for (const run of request.runs ?? []) {
          write(JSON.stringify(executeRun(kind, parameterColumns, run)) + "\n");
        }
        write("\n");
      }
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
