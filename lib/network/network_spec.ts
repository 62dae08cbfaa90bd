import { label, nonNegative, positive, requiredOptions, show } from "../_validate.ts";

/** One link of a {@link NetworkSpec}: a named, shared capacity with a latency. */
export interface NetworkLinkSpec {
  /** Unique name of the link (used in routes and results). */
  id: string;
  /** Capacity in bytes per second (> 0), shared max-min fairly by the flows crossing it. */
  bandwidthBytesPerSecond: number;
  /**
   * One-way latency in seconds (>= 0); a flow's latency is the sum over its route.
   * @default {0}
   */
  latencySeconds?: number;
}

/** A network: the links flows may cross. Routes name links by `id`. */
export interface NetworkSpec {
  /** The links, each with a unique `id`. */
  links: readonly NetworkLinkSpec[];
}

/**
 * Checks a network spec, throwing an error that names the field and its value.
 *
 * @param network The network.
 * @param action What the caller was doing, for the message.
 * @returns A map from link id to its index in `network.links`.
 *
 * @example A duplicate link id is rejected
 * ```ts
 * import { validateNetwork } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = { id: "a", bandwidthBytesPerSecond: 1e9 };
 * assert.equal(validateNetwork({ links: [a] }).get("a"), 0);
 * assert.throws(() => validateNetwork({ links: [a, a] }), /network.links\[1\].id/);
 * ```
 */
export function validateNetwork(
  network: NetworkSpec,
  action = "build a network",
): Map<string, number> {
  label("validate a network", "action", action);
  requiredOptions(action, "network", network, ["links"]);
  if (!Array.isArray(network.links) || network.links.length === 0) {
    throw new TypeError(
      `Cannot ${action} as network.links must be a non-empty array: current value is ${
        show(network.links)
      }`,
    );
  }
  const index = new Map<string, number>();
  network.links.forEach((link, i) => {
    if (wellFormed(link, index)) {
      // checked without naming it (a network of many links builds no message per link)
      index.set(link.id, i);
      return;
    }
    const at = `network.links[${i}]`;
    requiredOptions(action, at, link, [
      "id",
      "bandwidthBytesPerSecond",
      "latencySeconds",
    ]);
    if (typeof link.id !== "string" || link.id === "" || index.has(link.id)) {
      throw new TypeError(
        `Cannot ${action} as ${at}.id must be a unique non-empty string: current value is ${
          show(link.id)
        }`,
      );
    }
    positive(action, `${at}.bandwidthBytesPerSecond`, link.bandwidthBytesPerSecond);
    nonNegative(action, `${at}.latencySeconds`, link.latencySeconds ?? 0);
    index.set(link.id, i);
  });
  return index;
}

/** Whether a link passes every check below with an id not yet in `index` (no message built). */
function wellFormed(link: NetworkLinkSpec, index: Map<string, number>): boolean {
  if (typeof link !== "object" || link === null || Array.isArray(link)) return false;
  // its fields and no other (a misspelt one is left to the named checks)
  let keys = 0;
  for (const _ in link) keys++;
  if (keys !== ("latencySeconds" in link ? 3 : 2)) return false;
  const { id, bandwidthBytesPerSecond: bw, latencySeconds: latency } = link;
  return typeof id === "string" && id !== "" && !index.has(id) &&
    typeof bw === "number" && bw > 0 && Number.isFinite(bw) &&
    (latency === undefined ||
      (typeof latency === "number" && latency >= 0 && Number.isFinite(latency)));
}
