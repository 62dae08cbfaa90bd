/**
 * Executes every `notebooks/*.ipynb` headless through the real Deno Jupyter kernel.
 *
 * Each notebook runs, one at a time, through
 * `jupyter nbconvert --to notebook --execute` with `NO_COLOR=1`, so a cell error,
 * a kernel crash or a timeout fails it. The script prints `ok <name> (<s> s)` or
 * `FAILED <name>` (with the tail of Jupyter's output) per notebook, then one line
 * `notebooks: N passed, N failed`, and exits 1 if any notebook failed.
 *
 * Usage:
 *
 * ```sh
 * deno task notebooks                      # execute into a temp dir; committed files untouched
 * deno task notebooks --inplace            # rewrite the committed notebooks with fresh outputs
 * deno task notebooks --timeout=120 notebooks/01_techniques.ipynb
 * ```
 *
 * Notebooks are executed into a temp dir. With `--inplace` the executed copy replaces the
 * original, unless a code cell that had outputs came back without any (the Deno kernel
 * now and then drops a cell's result under nbconvert); the notebook is then re-executed,
 * up to 5 times in all. Run `--inplace` twice on a new notebook to get this check.
 *
 * Timeouts: `--timeout=S` (default 300) bounds every cell (nbclient interrupts the cell and
 * shuts the kernel down) and, with 30 s of grace, the whole notebook (the script then sends
 * SIGINT, which makes nbconvert shut its kernel down, and SIGKILL 10 s later).
 *
 * Needs `jupyter nbconvert` with nbclient (Debian:
 * `apt-get install -y jupyter-nbconvert python3-nbclient`) and the kernel registered with
 * `deno jupyter --install`. Without them it fails with instructions; it never skips.
 *
 * @module
 */

const USAGE =
  "Usage: deno run --allow-run --allow-read --allow-write --allow-env tests/run_notebooks.ts [--inplace] [--timeout=SECONDS] [NOTEBOOK.ipynb ...]";
const INSTALL_HINT = [
  "Cannot run notebooks as `jupyter nbconvert` (with nbclient) is not installed",
  "Install it, then register the Deno kernel:",
  "  Debian/Ubuntu: apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient",
  "  elsewhere:     pip install nbconvert nbclient",
  "  then:          deno jupyter --install",
].join("\n");
const GRACE_SECONDS = 30;
const KILL_AFTER_SECONDS = 10;
const STDERR_TAIL_LINES = 25;
const INPLACE_ATTEMPTS = 5;

/** Parsed command line of the runner. */
interface RunnerArgs {
  inplace: boolean;
  timeoutSeconds: number;
  notebooks: string[];
}

/** Outcome of executing one notebook. */
interface NotebookOutcome {
  ok: boolean;
  seconds: number;
  detail: string;
}

function parseRunnerArgs(args: string[]): RunnerArgs {
  let inplace = false;
  let timeoutSeconds = 300;
  const notebooks: string[] = [];
  for (const arg of args) {
    if (arg === "--inplace") {
      inplace = true;
    } else if (arg.startsWith("--timeout=")) {
      const text = arg.slice("--timeout=".length);
      timeoutSeconds = Number(text);
      if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
        throw new RangeError(
          `Cannot run notebooks as --timeout must be a number of seconds > 0: current value is ${text}`,
        );
      }
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      Deno.exit(0);
    } else if (arg.startsWith("-")) {
      throw new TypeError(
        `Cannot run notebooks as option must be --inplace or --timeout=S: current value is ${arg}\n${USAGE}`,
      );
    } else {
      notebooks.push(arg);
    }
  }
  return { inplace, timeoutSeconds, notebooks };
}

async function hasNbconvert(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("jupyter", {
      args: ["nbconvert", "--version"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function listNotebooks(directory: string): Promise<string[]> {
  const paths: string[] = [];
  try {
    for await (const entry of Deno.readDir(directory)) {
      if (entry.isFile && entry.name.endsWith(".ipynb")) {
        paths.push(`${directory}/${entry.name}`);
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return paths.sort();
}

/** The cell error or timeout nbclient reports if any, else the last lines of the output. */
function excerpt(text: string, lines: number): string {
  const cellError = text.search(
    /An error occurred while executing the following cell|A cell timed out/,
  );
  const relevant = cellError >= 0 ? text.slice(cellError) : text;
  return relevant.trimEnd().split("\n").slice(-lines).map((line) => `    ${line}`).join("\n");
}

async function executeNotebook(
  path: string,
  outputDir: string,
  timeoutSeconds: number,
): Promise<NotebookOutcome> {
  const args = [
    "nbconvert",
    "--to",
    "notebook",
    "--execute",
    `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
    // No per-cell timestamps, so that re-executed notebooks diff only where outputs change.
    "--ExecutePreprocessor.record_timing=False",
    "--output-dir",
    outputDir,
    path,
  ];
  const started = performance.now();
  const child = new Deno.Command("jupyter", {
    args,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timedOut = false;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  // kill() throws if the process has just exited; then there is nothing left to stop.
  const signal = (name: Deno.Signal) => {
    try {
      child.kill(name);
    } catch { /* already exited */ }
  };
  const interruptTimer = setTimeout(() => {
    timedOut = true;
    signal("SIGINT");
    killTimer = setTimeout(() => signal("SIGKILL"), KILL_AFTER_SECONDS * 1000);
  }, (timeoutSeconds + GRACE_SECONDS) * 1000);
  try {
    const { success, stdout, stderr } = await child.output();
    const seconds = (performance.now() - started) / 1000;
    const output = new TextDecoder().decode(stderr) +
      new TextDecoder().decode(stdout);
    if (success && !timedOut) return { ok: true, seconds, detail: "" };
    const hints: string[] = [];
    if (timedOut) {
      hints.push(`    timed out after ${timeoutSeconds + GRACE_SECONDS} s`);
    }
    if (/No such kernel/i.test(output)) {
      hints.push(
        "    the Deno kernel is not registered: run `deno jupyter --install`",
      );
    }
    return {
      ok: false,
      seconds,
      detail: [...hints, excerpt(output, STDERR_TAIL_LINES)].join("\n"),
    };
  } finally {
    clearTimeout(interruptTimer);
    clearTimeout(killTimer);
  }
}

/** Ids (or indices) of code cells that had outputs in `before` and have none in `after`. */
function lostOutputs(before: string, after: string): string[] {
  type Cell = { cell_type: string; id?: string; outputs?: unknown[] };
  const beforeCells: Cell[] = JSON.parse(before).cells;
  const afterCells: Cell[] = JSON.parse(after).cells;
  return beforeCells.flatMap((cell, index) =>
    cell.cell_type === "code" && (cell.outputs?.length ?? 0) > 0 &&
      (afterCells[index]?.outputs?.length ?? 0) === 0
      ? [cell.id ?? String(index)]
      : []
  );
}

/**
 * Executes one notebook into `outputDir`. With `inplace`, copies the executed notebook
 * over the original, after retrying (up to `INPLACE_ATTEMPTS` runs) when a code cell that
 * had outputs comes back without any: the Deno kernel occasionally reports a cell idle
 * before its `execute_result` reaches nbclient, which then drops that output.
 */
async function runNotebook(
  path: string,
  outputDir: string,
  timeoutSeconds: number,
  inplace: boolean,
): Promise<NotebookOutcome> {
  const name = path.split("/").at(-1) ?? path;
  const before = inplace ? await Deno.readTextFile(path) : "";
  let outcome = await executeNotebook(path, outputDir, timeoutSeconds);
  for (let attempt = 1; inplace && outcome.ok; attempt += 1) {
    const after = await Deno.readTextFile(`${outputDir}/${name}`);
    const lost = lostOutputs(before, after);
    if (lost.length === 0) {
      await Deno.writeTextFile(path, after);
      break;
    }
    const message = `cells ${lost.join(", ")} lost their outputs`;
    if (attempt === INPLACE_ATTEMPTS) {
      return { ok: false, seconds: outcome.seconds, detail: `    ${message}; not written` };
    }
    console.log(`retry ${name}: ${message}`);
    outcome = await executeNotebook(path, outputDir, timeoutSeconds);
  }
  return outcome;
}

async function main(): Promise<number> {
  const { inplace, timeoutSeconds, notebooks } = parseRunnerArgs(Deno.args);
  if (!(await hasNbconvert())) {
    console.error(INSTALL_HINT);
    return 1;
  }
  const root = decodeURIComponent(new URL("..", import.meta.url).pathname)
    .replace(/\/$/, "");
  const paths = notebooks.length > 0 ? notebooks : await listNotebooks(`${root}/notebooks`);
  if (paths.length === 0) console.log("no notebooks found in notebooks/");
  const outputDir = await Deno.makeTempDir({ prefix: "notebooks-" });
  let passed = 0;
  let failed = 0;
  try {
    for (const path of paths) {
      const name = path.split("/").at(-1) ?? path;
      const outcome = await runNotebook(path, outputDir, timeoutSeconds, inplace);
      if (outcome.ok) {
        passed += 1;
        console.log(`ok ${name} (${outcome.seconds.toFixed(1)} s)`);
      } else {
        failed += 1;
        console.log(`FAILED ${name}\n${outcome.detail}`);
      }
    }
  } finally {
    await Deno.remove(outputDir, { recursive: true });
  }
  console.log(`notebooks: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main());
}
