/**
 * The check of the advisor's `options.compression`, shared by `advise` and
 * `adviceCandidates` (which copies it into the candidates and their labels). Internal.
 *
 * @module
 */
import { oneOf, positive, requiredOptions, within } from "../_validate.ts";
import type { CompressionOptions } from "../migration/mechanisms.ts";
import { COMPRESSION_OPTION_NAMES } from "../migration/_option_names.ts";

/**
 * Requires `compression` (named `options.compression`) to hold exactly the compression
 * options: a known algorithm, a ratio in (0, 1] and a rate per core that is a finite
 * number > 0.
 */
export function checkCompression(action: string, compression: CompressionOptions): void {
  const at = "options.compression";
  requiredOptions(action, at, compression, COMPRESSION_OPTION_NAMES);
  oneOf(action, `${at}.algorithm`, compression.algorithm, ["zlib", "zstd"]);
  within(action, `${at}.ratio`, positive(action, `${at}.ratio`, compression.ratio), 0, 1);
  positive(action, `${at}.bytesPerSecondPerCore`, compression.bytesPerSecondPerCore);
}
