/**
 * Which process still owns the temporaries named after its PID (`*.tmp-<pid>`, the output
 * sets' staging folders and journals), without `/proc` (which Deno opens only under
 * `--allow-all`): a process that writes temporaries into a folder first takes an exclusive
 * lock on `.writer-lock-<pid>` there and keeps it until they are gone. The operating system
 * drops the lock when the process dies, however it dies, so a lock that can be taken marks
 * a dead writer; a folder without the lock file has no live writer of that PID either.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";

/** A writer's lock file name: `.writer-lock-<pid>`. */
export const WRITER_LOCK = /^\.writer-lock-(\d+)$/;

/**
 * The locks this process holds, by folder ({@link samePlace}: `out`, `./out` and a symbolic
 * link to it are one folder, one lock file; a second exclusive lock on it from this process
 * would wait for the first forever).
 */
const held = new Map<string, { file: Deno.FsFile; count: number }>();

/**
 * A path's absolute form, `.` and `..` resolved as written and symbolic links followed, so
 * that two spellings of one file or folder are one key: the real path of the path, or of its
 * folder when the path does not exist yet (a file about to be written); the absolute form as
 * written when neither can be read (no read permission); the path as spelt when the working
 * folder cannot be read either.
 *
 * @param path A file or folder path.
 * @returns The key.
 */
export function samePlace(path: string): string {
  let full: string;
  try {
    full = resolve(path);
  } catch {
    return path;
  }
  try {
    return Deno.realPathSync(full);
  } catch {
    // not there yet, or not readable: its folder's real path and its name
  }
  try {
    return join(Deno.realPathSync(dirname(full)), basename(full));
  } catch {
    return full;
  }
}

/**
 * Takes this process's writer lock in folder `dir` (held once per folder however many
 * writes share it); returns the function that gives it back, which removes the lock file
 * once the last holder in the folder gives it back.
 *
 * @param dir The folder the temporaries go into (it must exist).
 * @returns A function that gives the lock back.
 */
export function holdWriterLock(dir: string): () => void {
  const key = samePlace(dir);
  const entry = held.get(key);
  if (entry !== undefined) entry.count++;
  else {
    const file = Deno.openSync(lockPath(dir, Deno.pid), { create: true, write: true });
    file.lockSync(true);
    held.set(key, { file, count: 1 });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const mine = held.get(key)!;
    if (--mine.count > 0) return;
    held.delete(key);
    try {
      Deno.removeSync(lockPath(dir, Deno.pid));
    } catch {
      // Gone already: the next recovery would have removed it anyway.
    }
    mine.file.close();
  };
}

/**
 * Whether process `pid` may still own temporaries in folder `dir`: a process does while it
 * holds its lock there, this one included (`dir` spelt in any way that
 * {@link samePlace} takes for the one given to {@link holdWriterLock}). Temporaries named after this process's PID while it holds no lock
 * there are those of a dead process that had the same PID (PIDs are reused; a container's
 * first process has the same PID every run). A dead writer's lock file is removed.
 * A Deno without `FsFile.tryLockSync` cannot tell, and counts every other writer as alive.
 *
 * @param dir The folder of the temporaries.
 * @param pid The PID in their names.
 * @returns Whether to leave them alone.
 */
export function writerAlive(dir: string, pid: number): boolean {
  if (pid === Deno.pid && held.has(samePlace(dir))) return true;
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(lockPath(dir, pid), { read: true, write: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  try {
    if (typeof file.tryLockSync !== "function" || !file.tryLockSync(true)) return true;
    file.unlockSync();
  } finally {
    file.close();
  }
  try {
    Deno.removeSync(lockPath(dir, pid));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return false;
}

/** The lock file of process `pid` in folder `dir`. */
function lockPath(dir: string, pid: number): string {
  return `${dir}/.writer-lock-${pid}`;
}
