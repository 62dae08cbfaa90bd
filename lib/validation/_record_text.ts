/**
 * The text of a record file, for the record readers: the path is checked first (an empty
 * one reached Deno as "Empty path is not allowed"), and an error of the operating system
 * that Deno does not map to one of `Deno.errors` (such as "File name too long (os error
 * 36)") is given the project's grammar with the path. `Deno.errors` (NotFound,
 * PermissionDenied, ...) pass through as they are. Internal.
 *
 * @module
 */
import { show, string } from "../_validate.ts";

/** Reads a record file's text; `action` is the reader's ("read a QEMU record"). */
export async function readRecordText(action: string, path: string | URL): Promise<string> {
  if (!(path instanceof URL)) string(action, "path", path, true);
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (Object.values(Deno.errors).some((kind) => error instanceof kind)) throw error;
    throw new TypeError(
      `Cannot ${action} as path must name a readable file (${
        (error as Error).message
      }): current value is ${show(String(path))}`,
      { cause: error },
    );
  }
}
