/**
 * A minimal QMP (QEMU Machine Protocol) client over a unix socket: JSON objects, one per
 * line; the server greets, `qmp_capabilities` leaves negotiation mode, then every
 * command gets a `return` or `error` reply carrying the command's `id`. Asynchronous
 * `event` messages are kept in `events`. Protocol: QEMU's `docs/interop/qmp-spec.txt`.
 *
 * @module
 */

/** A QMP error reply turned into an exception. */
export class QmpError extends Error {
  /** Creates the error for `command` from QMP's `{ class, desc }`. */
  constructor(command: string, klass: string, desc: string) {
    super(`QMP ${command} failed: ${klass}: ${desc}`);
    this.name = "QmpError";
  }
}

type Pending = {
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
};

/** One QMP connection. Every call is bounded by `timeoutMs`. */
export class QmpClient {
  /** Asynchronous events received so far, with their receive time (ms, performance.now). */
  readonly events: { atMs: number; event: string; data: unknown }[] = [];
  #conn: Deno.UnixConn;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;
  #greeting: Promise<void>;
  #reader: Promise<void>;

  private constructor(conn: Deno.UnixConn) {
    this.#conn = conn;
    let greeted!: () => void;
    this.#greeting = new Promise((resolve) => (greeted = resolve));
    this.#reader = this.#read(greeted);
  }

  /**
   * Connects to the QMP socket at `path`, retrying until it exists (at most `timeoutMs`),
   * and negotiates capabilities.
   */
  static async connect(path: string, timeoutMs = 15000): Promise<QmpClient> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        const conn = await Deno.connect({ transport: "unix", path });
        const client = new QmpClient(conn);
        await withTimeout(client.#greeting, Math.max(1, deadline - performance.now()), "greeting");
        await client.execute("qmp_capabilities", undefined, timeoutMs);
        return client;
      } catch (error) {
        if (performance.now() > deadline) {
          throw new Error(`QMP connect to ${path} timed out: ${String(error)}`);
        }
        await sleep(50);
      }
    }
  }

  /** Sends `command` with `args` and resolves with its `return` value. */
  execute(command: string, args?: Record<string, unknown>, timeoutMs = 10000): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error(`QMP ${command}: connection closed`));
    const id = this.#nextId++;
    const message = JSON.stringify(
      args ? { execute: command, arguments: args, id } : {
        execute: command,
        id,
      },
    );
    const reply = new Promise<unknown>((resolve, reject) => {
      this.#pending.set(id, { command, resolve, reject });
    });
    this.#conn.write(new TextEncoder().encode(message + "\n")).catch((error) => {
      this.#pending.get(id)?.reject(error);
      this.#pending.delete(id);
    });
    return withTimeout(reply, timeoutMs, command).finally(() => this.#pending.delete(id));
  }

  /** Closes the connection (idempotent). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch { /* already closed */ }
    await this.#reader.catch(() => {});
  }

  async #read(greeted: () => void): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    const chunk = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await this.#conn.read(chunk);
        if (n === null) break;
        buffer += decoder.decode(chunk.subarray(0, n), { stream: true });
        let newline;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (line !== "") this.#dispatch(JSON.parse(line), greeted);
        }
      }
    } catch (error) {
      if (!this.#closed) this.#failAll(error instanceof Error ? error : new Error(String(error)));
    }
    this.#closed = true;
    this.#failAll(new Error("QMP connection closed"));
  }

  #dispatch(message: Record<string, unknown>, greeted: () => void): void {
    if ("QMP" in message) return greeted();
    if ("event" in message) {
      this.events.push({
        atMs: performance.now(),
        event: String(message.event),
        data: message.data,
      });
      return;
    }
    const pending = this.#pending.get(Number(message.id));
    if (!pending) return;
    if ("error" in message) {
      const error = message.error as { class?: string; desc?: string };
      pending.reject(new QmpError(pending.command, error.class ?? "?", error.desc ?? "?"));
    } else {
      pending.resolve(message.return);
    }
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
