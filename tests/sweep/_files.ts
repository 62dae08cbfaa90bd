/**
 * Files for the sweep tests: a temporary folder removed after the body, and whether a path
 * exists.
 *
 * @module
 */

/** Runs `body` in a fresh temporary folder (named with `prefix`), removed afterwards. */
export async function withDir(
  prefix: string,
  body: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Whether something (a file, a folder, a link) is at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
