import assert from "node:assert/strict";
import { createPrng } from "../mod.ts";
import { serveDirectory } from "./_serve.ts";

const ROOT = decodeURIComponent(new URL("..", import.meta.url).pathname)
  .replace(/\/$/, "");
const CHILD_TIMEOUT_MS = 60_000;

/** A tiny VM on a slow link: 256 pages of 4 KiB plus 8 KiB of state over 1 MB/s. */
const VM = { pageCount: 256, pageSizeBytes: 4096, stateBytes: 8192 };
const LINK = { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.01 };

function childScript(origin: string): string {
  return `import { createPrng, migrate } from "${origin}/mod.ts";
const result = migrate(
  { ...${JSON.stringify(VM)}, workload: { kind: "idle" } },
  ${JSON.stringify(LINK)},
  { technique: "offline", seed: 7 },
);
console.log(JSON.stringify({
  draw: createPrng(42, "http")(),
  downtimeSeconds: result.downtimeSeconds,
  totalSeconds: result.totalSeconds,
  bytesSent: result.bytesSent,
  pagesSent: result.pagesSent,
}));
`;
}

Deno.test("mod.ts imported over HTTP with --no-config runs an offline migration with only --allow-import", async () => {
  const server = serveDirectory(ROOT);
  const directory = await Deno.makeTempDir({ prefix: "http_import_" });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CHILD_TIMEOUT_MS);
  try {
    const script = `${directory}/child.ts`;
    await Deno.writeTextFile(script, childScript(server.origin));
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-config",
        `--allow-import=127.0.0.1:${server.port}`,
        `--reload=${server.origin}`,
        script,
      ],
      cwd: directory,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: controller.signal,
    }).output();
    const errors = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `child failed:\n${errors}`);
    const printed = JSON.parse(new TextDecoder().decode(stdout));

    const payloadBytes = VM.pageCount * VM.pageSizeBytes + VM.stateBytes;
    const expectedSeconds = payloadBytes / LINK.bandwidthBytesPerSecond +
      LINK.latencySeconds;
    assert.ok(Math.abs(printed.downtimeSeconds - expectedSeconds) < 1e-12);
    assert.equal(printed.totalSeconds, printed.downtimeSeconds);
    assert.equal(printed.bytesSent, payloadBytes);
    assert.equal(printed.pagesSent, VM.pageCount);
    // The npm: import in lib/_deps/seedrandom.ts resolved in the child: same draw as here.
    assert.equal(printed.draw, createPrng(42, "http")());
    // And the modules really came over HTTP.
    assert.ok(server.requests.includes("/mod.ts"));
    assert.ok(server.requests.includes("/lib/_deps/seedrandom.ts"));
    // The engine alone: neither the figures' nor the ILP solver's dependencies are fetched.
    for (const heavy of ["/lib/_deps.ts", "/lib/_deps/plot.ts", "/lib/_deps/highs.ts"]) {
      assert.ok(!server.requests.includes(heavy), `${heavy} was fetched`);
    }
    assert.ok(!server.requests.some((path) => path.startsWith("/lib/plot/")));
  } finally {
    clearTimeout(timer);
    await server.shutdown();
    await Deno.remove(directory, { recursive: true });
  }
});
