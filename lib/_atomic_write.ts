/**
 * Atomic file writes: write a temporary sibling file, then rename it over the target,
 * so a reader never sees a half-written file and a failed write leaves no partial file.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/**
 * Writes `text` to `path` atomically: first to `path + ".tmp-<pid>"`, then renamed.
 *
 * @param path The file to write.
 * @param text The file's contents (UTF-8).
 * @returns A promise that resolves once the file is in place.
 */
export async function atomicWriteTextFile(
  path: string,
  text: string,
): Promise<void> {
  const temporary = `${path}.tmp-${Deno.pid}`;
  try {
    await Deno.writeTextFile(temporary, text);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/**
 * Writes `bytes` to `path` atomically, as {@link atomicWriteTextFile} does for text.
 *
 * @param path The file to write.
 * @param bytes The file's contents.
 * @returns A promise that resolves once the file is in place.
 */
export async function atomicWriteFile(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${Deno.pid}`;
  try {
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}
