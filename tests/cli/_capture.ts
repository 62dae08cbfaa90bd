/**
 * The streams of a CLI `main` captured in arrays: what it wrote to stdout and stderr, with
 * stderr not a terminal (no progress bar) and the given environment.
 */
export function captureIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      stderrIsTerminal: false,
      env,
    },
  };
}
