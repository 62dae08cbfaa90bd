import assert from "node:assert/strict";
import {
  type LinkSpec,
  migrate,
  type MigrateOptions,
  TECHNIQUE_NAMES,
  type VmSpec,
} from "../../mod.ts";
import { TEST_HOOKS } from "../../lib/migration/_test_hooks.ts";

const VM: VmSpec = {
  pageCount: 512,
  pageSizeBytes: 4096,
  stateBytes: 8192,
  workload: {
    kind: "hot-cold",
    writesPerSecond: 4000,
    readsPerSecond: 4000,
    hotFraction: 0.1,
    hotShare: 0.9,
  },
};
const LINK: LinkSpec = { bandwidthBytesPerSecond: 4e6, latencySeconds: 1e-4 };

/** Every technique, and pre-copy under every page-level preset. */
const CASES: [string, MigrateOptions][] = [
  ...TECHNIQUE_NAMES.map((t): [string, MigrateOptions] => [t, { technique: t, seed: 1 }]),
  ...(["qemu", "xen", "xen-legacy"] as const).map((p): [string, MigrateOptions] => [
    `pre-copy/${p}`,
    { technique: "pre-copy", seed: 1, preset: p },
  ]),
];

/** Runs `fn` with the test hooks set, resetting them after. */
function withHooks(hooks: Partial<typeof TEST_HOOKS>, fn: () => void): void {
  Object.assign(TEST_HOOKS, hooks);
  try {
    fn();
  } finally {
    TEST_HOOKS.dropPage = -1;
    TEST_HOOKS.forgetWithheld = false;
  }
}

Deno.test("checked mode passes when the destination ends current, for every technique", async (t) => {
  for (const [name, options] of CASES) {
    await t.step(name, () => {
      const r = migrate(VM, LINK, { ...options, checked: true });
      assert.equal(r.pagesMissing, 0);
      assert.deepEqual(migrate(VM, LINK, options), r, "checking changes no number");
    });
  }
});

Deno.test('preset "qemu" takes a step\'s pages a word at a time exactly as the checked page-by-page walk does', async (t) => {
  // Unchecked, without zero pages or mechanisms, a step is counted in pages and
  // cleared a word at a time; checked, the walk visits each page.
  const vm: VmSpec = {
    ...VM,
    pageCount: 20_000,
    workload: { kind: "hot-cold", writesPerSecond: 30_000, hotFraction: 0.1, hotShare: 0.8 },
  };
  const links: LinkSpec[] = [
    { bandwidthBytesPerSecond: 125e6 },
    { bandwidthBytesPerSecond: 125e6, maxBandwidthBytesPerSecond: 3e7, pageOverheadBytes: 8 },
  ];
  for (const link of links) {
    await t.step(JSON.stringify(link), () => {
      const options: MigrateOptions = { technique: "pre-copy", seed: 3, preset: "qemu" };
      const plain = migrate(vm, link, options);
      assert.ok(plain.rounds > 2, `several bitmap syncs (${plain.rounds})`);
      assert.deepEqual(migrate(vm, link, { ...options, checked: true }), plain);
    });
  }
});

Deno.test("checked mode fails when a technique drops a page, for every technique", async (t) => {
  for (const [name, options] of CASES) {
    await t.step(name, () => {
      withHooks({ dropPage: 7 }, () => {
        assert.throws(
          () => migrate(VM, LINK, { ...options, checked: true }),
          /^Error: Checked .* failed: .*page/,
        );
        // Unchecked, the same fault goes unnoticed: the check is what catches it.
        migrate(VM, LINK, options);
      });
    });
  }
});

Deno.test("checked mode fails when time-series pre-copy never re-sends its withheld pages", () => {
  const options: MigrateOptions = {
    technique: "time-series-pre-copy",
    seed: 1,
    historyRounds: 2,
    threshold: 1,
    stopRules: [{ kind: "max-rounds", rounds: 6 }],
    checked: true,
  };
  const ok = migrate(VM, LINK, options);
  assert.equal(
    ok.stopReason,
    "withheld",
    "every due page was withheld: only the final copy sends them",
  );
  withHooks({ forgetWithheld: true }, () => {
    assert.throws(() => migrate(VM, LINK, options), /Checked time-series-pre-copy failed/);
  });
});

Deno.test("checked mode rejects a non-boolean", () => {
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => migrate(VM, LINK, { technique: "offline", seed: 1, checked: "yes" as any }),
    /options\.checked must be a boolean/,
  );
});
