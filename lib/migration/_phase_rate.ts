/**
 * A link's rate in one phase without checks, for callers that checked the link and the cap
 * semantics once (a link's construction, the closed forms): `phaseBytesPerSecond` is this
 * behind its checks. Internal.
 *
 * @module
 */
import type { CapSemantics, LinkPhase } from "./link.ts";
import type { LinkSpec } from "./link_spec.ts";

/** Bytes per second in `phase`: the cap binds every phase, or the live phase only. */
export function phaseRate(link: LinkSpec, phase: LinkPhase, capSemantics: CapSemantics): number {
  const cap = link.maxBandwidthBytesPerSecond ?? Infinity;
  if (phase !== "live" && capSemantics === "live-only") return link.bandwidthBytesPerSecond;
  return Math.min(link.bandwidthBytesPerSecond, cap);
}
