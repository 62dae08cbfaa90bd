/**
 * The update samplers make to the zero-page state on every write. Internal: not re-exported
 * from `mod.ts`; the rules are documented on `ZeroPagesSpec`.
 *
 * @module
 */
import type { ZeroWrites } from "./zero_pages.ts";

/** Applies one write of `page` to the zero-page state (one draw if zeroing is on). */
export function zeroWrite(zero: ZeroWrites, page: number): void {
  if (zero.zeroingShare > 0 && zero.prng() < zero.zeroingShare) zero.bits.set(page);
  else zero.bits.unset(page);
}
