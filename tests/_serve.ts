/**
 * A tiny static file server for tests: serves a directory on 127.0.0.1 with MIME
 * types Deno accepts for remote modules (Python's `http.server` sends `.ts` as
 * `video/mp2t`, which Deno rejects as an unknown module).
 *
 * @module
 */

/** A running static server. */
export interface StaticServer {
  /** Origin of the server, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Port the server listens on (chosen by the OS). */
  port: number;
  /** Paths requested so far, in order (e.g. `/mod.ts`). */
  requests: string[];
  /** Stops the server and waits until it has finished. */
  shutdown(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".ts": "application/typescript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

/**
 * Serves the files under `root` on 127.0.0.1 at a free port.
 *
 * Only files inside `root` are served (`..` segments are refused); anything else
 * answers 404.
 *
 * @param root Absolute path of the directory to serve.
 * @returns The running server.
 */
export function serveDirectory(root: string): StaticServer {
  const requests: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (request) => {
      const path = decodeURIComponent(new URL(request.url).pathname);
      requests.push(path);
      if (path.split("/").includes("..")) {
        return new Response("forbidden", { status: 403 });
      }
      try {
        const body = await Deno.readFile(`${root}${path}`);
        const extension = path.slice(path.lastIndexOf("."));
        const contentType = CONTENT_TYPES[extension] ??
          "text/plain; charset=utf-8";
        return new Response(body, { headers: { "content-type": contentType } });
      } catch (error) {
        if (
          error instanceof Deno.errors.NotFound ||
          error instanceof Deno.errors.IsADirectory
        ) {
          return new Response("not found", { status: 404 });
        }
        throw error;
      }
    },
  );
  const { port } = server.addr;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    async shutdown() {
      await server.shutdown();
    },
  };
}
