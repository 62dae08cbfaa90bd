/**
 * Writes a run's output files as one set: a reader of the output folder sees either
 * the whole previous set or the whole new one, never a mix, and no temporary file
 * outlives the run that made it (or the next run, when a run is killed).
 *
 * Protocol (in the output folder `out`):
 * 1. recover: for every `.output-set.commit-<pid>.json` journal of a dead process,
 *    finish its renames (roll forward: the journal is written only once the whole
 *    new set is staged); then remove staging folders `.output-set.tmp-<pid>` and
 *    `*.tmp-<pid>` files (from {@link atomicWriteTextFile}) of dead processes (a
 *    `*.tmp-<pid>` only beside its writer's lock file `.writer-lock-<pid>`: without
 *    one it is no temporary of ours);
 * 2. stage: write every file into `.output-set.tmp-<pid>/`;
 * 3. commit: write the journal atomically, rename each staged file over its final
 *    name, then remove the journal and the staging folder.
 * SIGINT and SIGTERM during staging remove the staging folder; during the commit
 * they finish it. A SIGKILL leaves work for step 1 of the next run.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { atomicWriteTextFile } from "./_atomic_write.ts";
import { show } from "./_validate.ts";
import { holdWriterLock, WRITER_LOCK, writerAlive } from "./_writer_lock.ts";

const STAGE_PREFIX = ".output-set.tmp-";
const JOURNAL = /^\.output-set\.commit-(\d+)\.json$/;
const STAGE = /^\.output-set\.tmp-(\d+)$/;
const ATOMIC_TEMP = /\.tmp-(\d+)$/;

/** Finishes the renames a journal lists (idempotent), then removes journal and stage. */
function rollForward(out: string, pid: number, names: readonly string[]): void {
  const stage = `${out}/${STAGE_PREFIX}${pid}`;
  for (const name of names) {
    try {
      Deno.renameSync(`${stage}/${name}`, `${out}/${name}`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // already renamed
    }
  }
  Deno.removeSync(`${out}/.output-set.commit-${pid}.json`);
  try {
    Deno.removeSync(stage, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/**
 * Recovers the output folder after killed runs: completes committed sets and removes
 * the temporary files of dead processes. Returns the names it removed or completed.
 */
export function recoverOutputFolder(out: string): string[] {
  const done: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(out)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return done;
    throw error;
  }
  // An atomic write's temporary `<name>.tmp-<pid>` (a file) is only made under its writer's
  // lock file, which a killed writer leaves: a name of that shape without one is not ours
  // (a user's `notes.tmp-7`, or folder `backup.tmp-2024`, was removed with its contents).
  const locked = new Set(
    entries.flatMap((entry) => {
      const lock = WRITER_LOCK.exec(entry.name);
      return lock === null ? [] : [Number(lock[1])];
    }),
  );
  for (const entry of entries) {
    const match = JOURNAL.exec(entry.name);
    if (match === null || writerAlive(out, Number(match[1]))) continue;
    const names = JSON.parse(Deno.readTextFileSync(`${out}/${entry.name}`)) as string[];
    rollForward(out, Number(match[1]), names);
    done.push(entry.name);
  }
  for (const entry of Deno.readDirSync(out)) {
    const stage = STAGE.exec(entry.name);
    const atomic = stage === null && entry.isFile ? ATOMIC_TEMP.exec(entry.name) : null;
    const temp = stage ?? (atomic !== null && locked.has(Number(atomic[1])) ? atomic : null);
    if (temp === null || writerAlive(out, Number(temp[1]))) continue;
    Deno.removeSync(`${out}/${entry.name}`, { recursive: true });
    done.push(entry.name);
  }
  // the lock files of writers that died with nothing left to clean (writerAlive removes them)
  for (const entry of Deno.readDirSync(out)) {
    const lock = WRITER_LOCK.exec(entry.name);
    if (lock !== null) writerAlive(out, Number(lock[1]));
  }
  return done;
}

/**
 * Writes `files` (name -> text) into folder `out` as one set (see the module doc). A name
 * may go into a subfolder of `out` (`logs/a.txt`), so that files of several folders are one
 * set: the subfolders are made (and recovered, as `out` is) before staging.
 *
 * @param out The output folder (created if missing).
 * @param files File names (plain names, or plain names joined by `/`, relative to `out`) and
 * their contents.
 * @returns A promise that resolves once the whole set is in place.
 */
export async function writeOutputSet(
  out: string,
  files: readonly (readonly [string, string])[],
): Promise<void> {
  const action = "write the outputs";
  for (const [name] of files) {
    if (
      typeof name !== "string" || /\\/.test(name) ||
      name.split("/").some((part) => part === "" || part.startsWith("."))
    ) {
      throw new TypeError(
        `Cannot ${action} as a file name must be plain names joined by "/": ` +
          `current value is ${show(name)}`,
      );
    }
  }
  await Deno.mkdir(out, { recursive: true });
  recoverOutputFolder(out);
  // the subfolders the names go into, made before staging: an empty folder is no half set
  const subfolders = [
    ...new Set(files.flatMap(([name]) => {
      const slash = name.lastIndexOf("/");
      return slash < 0 ? [] : [name.slice(0, slash)];
    })),
  ];
  for (const subfolder of subfolders) {
    try {
      await Deno.mkdir(`${out}/${subfolder}`, { recursive: true });
    } catch (error) {
      const file = error instanceof Deno.errors.AlreadyExists;
      if (!file && !(error instanceof Deno.errors.NotADirectory)) throw error;
      throw new TypeError(
        `Cannot ${action} as ${out}/${subfolder} must be a folder or absent: ` +
          `current value is ${file ? "a file" : "a path through a file"}`,
        { cause: error },
      );
    }
    recoverOutputFolder(`${out}/${subfolder}`);
  }
  // a folder under an output's name would stop the commit half-way: refused before staging
  for (const [name] of files) {
    let info: Deno.FileInfo | undefined;
    try {
      info = Deno.statSync(`${out}/${name}`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (info?.isDirectory) {
      throw new TypeError(
        `Cannot ${action} as ${out}/${name} must be a file or absent: current value is a folder`,
      );
    }
  }
  // the staging folder and the journal are this process's while it holds its writer lock
  const releaseLock = holdWriterLock(out);
  const stage = `${out}/${STAGE_PREFIX}${Deno.pid}`;
  const journal = `${out}/.output-set.commit-${Deno.pid}.json`;
  const names = files.map(([name]) => name);
  let committed = false;
  const onSignal = () => {
    try {
      if (committed) rollForward(out, Deno.pid, names);
      else Deno.removeSync(stage, { recursive: true });
    } catch {
      // Best effort: the next run's recovery finishes the job.
    }
    Deno.exit(130);
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? [] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  try {
    await Deno.mkdir(stage, { recursive: true });
    for (const subfolder of subfolders) {
      await Deno.mkdir(`${stage}/${subfolder}`, { recursive: true });
    }
    for (const [name, text] of files) await Deno.writeTextFile(`${stage}/${name}`, text);
    await atomicWriteTextFile(journal, JSON.stringify(names) + "\n");
    committed = true;
    rollForward(out, Deno.pid, names);
  } catch (error) {
    if (!committed) await Deno.remove(stage, { recursive: true }).catch(() => {});
    throw error;
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
    releaseLock();
  }
}
