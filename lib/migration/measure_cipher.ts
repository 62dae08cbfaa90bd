import { integer, options as checkOptions } from "../_validate.ts";

/** What {@link measureCipher} measured on this machine. */
export interface CipherMeasurement {
  /** The cipher. */
  cipher: "AES-256-GCM";
  /** Bytes encrypted per second on one core (WebCrypto, one message at a time). */
  bytesPerSecondPerCore: number;
  /** Seconds of one key agreement (ECDH P-256) and key derivation: the handshake's CPU. */
  handshakeCpuSeconds: number;
  /** Size of each encrypted message, bytes. */
  messageBytes: number;
}

/**
 * Measures AES-256-GCM with WebCrypto (`crypto.subtle`) on this machine: the
 * throughput of encrypting `messages` messages of `messageBytes` (a TLS record is
 * at most 16 KiB), and the CPU time of an ECDH P-256 key agreement (the handshake's
 * main cost; add round trips of the link for the full handshake). Wall-clock: it
 * varies from run to run.
 *
 * @param options Message size and count.
 * @returns Cipher throughput and handshake CPU time.
 *
 * @example A tiny case
 * ```ts
 * import { measureCipher } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const m = await measureCipher({ messages: 2 });
 * assert.ok(m.bytesPerSecondPerCore > 0 && m.handshakeCpuSeconds > 0);
 * ```
 */
export async function measureCipher(
  options: { messageBytes?: number; messages?: number } = {},
): Promise<CipherMeasurement> {
  checkOptions("measure the cipher", "options", options, ["messageBytes", "messages"]);
  const { messageBytes = 16384, messages = 256 } = options;
  integer("measure the cipher", "options.messageBytes", messageBytes, 1, 2 ** 26);
  integer("measure the cipher", "options.messages", messages, 1, 100_000);
  const subtle = crypto.subtle;
  const key = await subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt"]);
  const data = new Uint8Array(messageBytes);
  const iv = new Uint8Array(12);
  const start = performance.now();
  for (let i = 0; i < messages; i++) {
    new DataView(iv.buffer).setUint32(8, i);
    await subtle.encrypt({ name: "AES-GCM", iv }, key, data);
  }
  const seconds = Math.max((performance.now() - start) / 1000, 1e-6);
  const h0 = performance.now();
  const a = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, [
    "deriveBits",
  ]);
  const b = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, false, [
    "deriveBits",
  ]);
  await subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 256);
  const handshake = Math.max((performance.now() - h0) / 1000, 1e-9);
  return {
    cipher: "AES-256-GCM",
    bytesPerSecondPerCore: (messages * messageBytes) / seconds,
    handshakeCpuSeconds: handshake,
    messageBytes,
  };
}
