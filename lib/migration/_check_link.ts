import { knownKeys, nonNegative, object, optionNames, positive } from "../_validate.ts";
import type { LinkSpec } from "./link_spec.ts";

const LINK_FIELDS = optionNames<LinkSpec>({
  bandwidthBytesPerSecond: 0,
  latencySeconds: 0,
  pageOverheadBytes: 0,
  maxBandwidthBytesPerSecond: 0,
  zeroPageSeconds: 0,
});

/**
 * `validateLink` with the link's name in errors and the action they say could not be
 * done (a platform's `platform.processors[0].link`, "inject a fault"). Internal: not
 * re-exported from `mod.ts`.
 */
export function checkLink(link: LinkSpec, field: string, action: string): LinkSpec {
  object(action, field, link);
  for (const key in link) {
    if (!LINK_FIELDS.includes(key)) knownKeys(action, field, link as never, LINK_FIELDS);
  }
  positive(action, `${field}.bandwidthBytesPerSecond`, link.bandwidthBytesPerSecond);
  if (link.latencySeconds !== undefined) {
    nonNegative(action, `${field}.latencySeconds`, link.latencySeconds);
  }
  if (link.pageOverheadBytes !== undefined) {
    nonNegative(action, `${field}.pageOverheadBytes`, link.pageOverheadBytes);
  }
  if (link.zeroPageSeconds !== undefined) {
    nonNegative(action, `${field}.zeroPageSeconds`, link.zeroPageSeconds);
  }
  if (link.maxBandwidthBytesPerSecond !== undefined) {
    const cap = link.maxBandwidthBytesPerSecond;
    if (cap !== Infinity) {
      positive(action, `${field}.maxBandwidthBytesPerSecond`, cap);
    }
  }
  return link;
}
