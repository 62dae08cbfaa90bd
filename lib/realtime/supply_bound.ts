import { nonNegative } from "../_validate.ts";
import { sbf, validateServer } from "./_analysis.ts";
import type { PeriodicServer } from "./model.ts";

/**
 * Computes the supply bound function sbf_Γ(t) of a periodic resource Γ = (Π, Θ)
 * (Shin and Lee 2003): the least processor time the server is guaranteed to supply
 * in any window of length t.
 *
 * The worst case starts with a blackout of 2(Π − Θ) (the budget was served at the
 * very start of one period and at the very end of the next), then alternates Θ of
 * supply with Π − Θ without. With y = t − (Π − Θ) and k = ⌊y / Π⌋:
 * sbf(t) = k·Θ + max(0, y − k·Π − (Π − Θ)) for y > 0, and 0 otherwise. For Θ = Π
 * (a dedicated processor) sbf(t) = t.
 *
 * @param server The periodic server (Π > 0, 0 < Θ <= Π).
 * @param tSeconds The window length in seconds, a finite number >= 0.
 * @returns The guaranteed supply in seconds of processor time.
 * @throws {RangeError} If `tSeconds` or the server is out of range.
 *
 * @example A server of 2 s every 5 s
 * ```ts
 * import { supplyBound } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const server = { periodSeconds: 5, budgetSeconds: 2 };
 * assert.equal(supplyBound(server, 6), 0); // blackout 2 (5 - 2)
 * assert.equal(supplyBound(server, 8), 2);
 * assert.equal(supplyBound(server, 11), 2);
 * assert.equal(supplyBound(server, 13), 4);
 * ```
 */
export function supplyBound(server: PeriodicServer, tSeconds: number): number {
  const action = "compute the supply bound";
  validateServer(action, "server", server);
  nonNegative(action, "tSeconds", tSeconds);
  return sbf(server, tSeconds);
}
