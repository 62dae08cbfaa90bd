import assert from "node:assert/strict";
import { WORKLOAD_MODELS } from "../../lib/workload/models.ts";
import { WORKLOAD_KINDS } from "../../lib/workload/spec.ts";

Deno.test("WORKLOAD_MODELS has one model per kind, each under its own kind", () => {
  assert.deepEqual(Object.keys(WORKLOAD_MODELS).sort(), [...WORKLOAD_KINDS].sort());
  for (const [kind, model] of Object.entries(WORKLOAD_MODELS)) assert.equal(model.kind, kind);
});

Deno.test("lib/workload/ and lib/bitset/ import nothing from lib/migration/ (no import cycle)", async () => {
  const offenders: string[] = [];
  async function scan(dir: URL): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await scan(url);
      else if (entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(url);
        for (const m of text.matchAll(/from "([^"]+)"/g)) {
          if (m[1]!.includes("/migration/")) offenders.push(`${url.pathname}: ${m[1]}`);
        }
      }
    }
  }
  await scan(new URL("../../lib/workload/", import.meta.url));
  await scan(new URL("../../lib/bitset/", import.meta.url));
  assert.deepEqual(offenders, []);
});
