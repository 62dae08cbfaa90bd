import { object } from "../_validate.ts";
import type { LinkSpec } from "./link_spec.ts";
import { migrate, type MigrateOptions } from "./migrate.ts";
import type { SecureTransportOptions } from "./mechanisms.ts";
import type { MigrationResult } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";

/** What encrypting the stream costs, against the same run unencrypted. */
export interface SecureTransportCost {
  /** The run without encryption (other mechanisms as given). */
  plain: MigrationResult;
  /** The run with `secureTransport` on. */
  secure: MigrationResult;
  /** `secure.totalSeconds / plain.totalSeconds`. */
  slowdownFactor: number;
  /** `secure.downtimeSeconds / plain.downtimeSeconds` (1 when both are 0). */
  downtimeFactor: number;
  /** Cores the cipher kept busy on average: cipher CPU seconds / total seconds. */
  cipherCpuShare: number;
}

/**
 * Runs a migration with and without an encrypted transport (review ref [1]: TLS
 * or IPsec costs CPU and time) and reports the slowdown factor and the cipher's
 * CPU share. Give the cipher throughput measured here with `measureCipher`.
 *
 * @param vm The VM.
 * @param link The link.
 * @param options The migration options (page fidelity); their `mechanisms` are kept.
 *   The run without encryption uses the sampler the encrypted run used.
 * @param transport Cipher throughput per core and handshake seconds.
 * @returns Both runs, the slowdown factor and the CPU share.
 *
 * @example A cipher at a quarter of the link's rate makes an idle VM's run 4x slower
 * ```ts
 * import { secureTransportCost } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 1000, pageSizeBytes: 4096, stateBytes: 0,
 *   workload: { kind: "idle" as const } };
 * const c = secureTransportCost(vm, { bandwidthBytesPerSecond: 4096e3 },
 *   { technique: "pre-copy", seed: 1 },
 *   { cipherBytesPerSecondPerCore: 1024e3, handshakeSeconds: 0 });
 * assert.ok(Math.abs(c.slowdownFactor - 4) < 1e-9);
 * assert.ok(Math.abs(c.cipherCpuShare - 1) < 1e-9);
 * ```
 */
export function secureTransportCost(
  vm: VmSpec,
  link: LinkSpec,
  options: MigrateOptions,
  transport: SecureTransportOptions,
): SecureTransportCost {
  object("compare secure transport", "options", options);
  const { secureTransport: _drop, ...others } = options.mechanisms ?? {};
  const secure = migrate(
    vm,
    link,
    { ...options, mechanisms: { ...others, secureTransport: transport } } as MigrateOptions,
  );
  // The same sampler for both runs: mechanisms need the per-write engine, and under
  // `"auto"` the run without them could take another sampler, whose draws for the
  // same seed differ, so the factor would compare two samples, not two transports.
  const sampler = secure.sampler ?? "per-write";
  const plain = migrate(vm, link, { ...options, sampler, mechanisms: others } as MigrateOptions);
  const cipher = secure.mechanisms?.cipherCpuSeconds ?? 0;
  return {
    plain,
    secure,
    slowdownFactor: secure.totalSeconds / plain.totalSeconds,
    downtimeFactor: plain.downtimeSeconds === 0
      ? (secure.downtimeSeconds === 0 ? 1 : Infinity)
      : secure.downtimeSeconds / plain.downtimeSeconds,
    cipherCpuShare: cipher / secure.totalSeconds,
  };
}
