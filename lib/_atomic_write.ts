/**
 * Atomic file writes: write a temporary sibling file, then rename it over the target,
 * so a reader never sees a half-written file and a failed write leaves no partial file.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { show } from "./_validate.ts";
import { holdWriterLock, samePlace } from "./_writer_lock.ts";

/**
 * Writes `text` to `path` atomically: first to `path + ".tmp-<pid>"`, then renamed.
 * Concurrent writes to the same path from this process run one after the other, in call
 * order, so the last call's text is the one left (see {@link serialized}).
 *
 * @param path The file to write.
 * @param text The file's contents (UTF-8).
 * @returns A promise that resolves once the file is in place.
 */
export function atomicWriteTextFile(path: string, text: string): Promise<void> {
  return serialized(path, (temporary) => Deno.writeTextFile(temporary, text));
}

/**
 * Writes `bytes` to `path` atomically, as {@link atomicWriteTextFile} does for text.
 *
 * @param path The file to write.
 * @param bytes The file's contents.
 * @returns A promise that resolves once the file is in place.
 */
export function atomicWriteFile(path: string, bytes: Uint8Array): Promise<void> {
  return serialized(path, (temporary) => Deno.writeFile(temporary, bytes));
}

/**
 * The last write queued on each path (settled, never rejected), removed when it is still
 * the last once it ends. Every write to a path uses the same temporary `<path>.tmp-<pid>`
 * (the name recoverOutputFolder in _output_set.ts knows), so two at once shared it: one
 * renamed it away under the other, which failed, or both wrote into it.
 */
const queued = new Map<string, Promise<void>>();

/**
 * Runs the atomic write of `path` (`write` fills the temporary, which is then renamed over
 * `path`) once the writes queued before it on `path` have ended, whether they succeeded or
 * not. Paths are queued by `samePlace` (lib/_writer_lock.ts), so `a.csv`, `./a.csv` and
 * `out/../a.csv` (all with the same temporary file) wait for one another.
 */
function serialized(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const key = samePlace(path);
  const run = (queued.get(key) ?? Promise.resolve()).then(async () => {
    const temporary = `${path}.tmp-${Deno.pid}`;
    // the temporary is this process's while it holds its writer lock in the folder
    const release = lockFolderOf(path);
    try {
      await write(temporary);
      await Deno.rename(temporary, path);
    } catch (error) {
      await Deno.remove(temporary).catch(() => {});
      throw error;
    } finally {
      release();
    }
  });
  const ended = run.then(() => {}, () => {}); // a failed write does not stop the next
  queued.set(key, ended);
  ended.then(() => {
    if (queued.get(key) === ended) queued.delete(key);
  });
  return run;
}

/**
 * Takes this process's writer lock in `path`'s folder. A missing folder (or a file on the
 * way) is told by `path`: the bare error named the lock file `.writer-lock-<pid>`, a file
 * the caller never asked for.
 */
function lockFolderOf(path: string): () => void {
  const folder = folderOf(path);
  try {
    return holdWriterLock(folder);
  } catch (error) {
    const missing = error instanceof Deno.errors.NotFound;
    if (!missing && !(error instanceof Deno.errors.NotADirectory)) throw error;
    const message = `Cannot write ${show(path)} as its folder must be an existing folder: ` +
      `current value is ${show(folder)}${missing ? "" : " (a part of it is a file)"}`;
    throw missing
      ? new Deno.errors.NotFound(message, { cause: error })
      : new Deno.errors.NotADirectory(message, { cause: error });
  }
}

/** The folder of a file path (`.` for a bare name, `/` for a file at the root). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
}
