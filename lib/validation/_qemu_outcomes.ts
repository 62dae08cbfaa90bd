/** How a recorded QEMU migration ended: `query-migrate`'s final status, or cancelled at a timeout. */
export const QEMU_OUTCOMES = ["completed", "timeout-cancelled", "failed"] as const;
