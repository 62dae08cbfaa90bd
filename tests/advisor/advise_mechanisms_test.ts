import assert from "node:assert/strict";
import {
  type CompressionOptions,
  type LinkSpec,
  migrate,
  type MigrationResult,
  type VmSpec,
} from "../../mod.ts";
import {
  type AdviceCandidate,
  adviceCandidates,
  type AdviceGoal,
  advise,
  type AdviseOptions,
} from "../../lib/advisor/mod.ts";

const link: LinkSpec = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 };

/** 256 MiB, hot/cold: pre-copy converges on its own. */
const calm: VmSpec = {
  pageCount: 65536,
  pageSizeBytes: 4096,
  stateBytes: 262144,
  workload: { kind: "hot-cold", writesPerSecond: 5000, hotFraction: 0.05, hotShare: 0.9 },
};

/** 1 GiB dirtied uniformly at 250 MB/s over a 125 MB/s link: pre-copy alone never converges. */
const hot: VmSpec = {
  pageCount: 262144,
  pageSizeBytes: 4096,
  stateBytes: 262144,
  workload: { kind: "uniform", writesPerSecond: 61035, readsPerSecond: 10000 },
};

const zstd: CompressionOptions = { algorithm: "zstd", ratio: 0.3, bytesPerSecondPerCore: 1e9 };

/** The guest's lost share of running time, computed here from the result. */
function slowdown(r: MigrationResult): number {
  const lost = r.mechanisms?.guestSlowdownSeconds ?? r.stallSeconds;
  const running = r.totalSeconds - r.downtimeSeconds;
  return running > 0 ? lost / running : 0;
}

/** Re-simulates the advice's top pick with another seed and checks every limit. */
function topPickHolds(vm: VmSpec, goal: AdviceGoal, options: AdviseOptions = {}): string {
  const advice = advise(vm, link, goal, options);
  assert.ok(advice.meetsGoal, advice.explanation.join("\n"));
  const top = advice.ranking[0]!;
  const pool: readonly AdviceCandidate[] = options.candidates ??
    adviceCandidates(goal.maxDowntimeSeconds, options.compression ? options : {});
  const c = pool.find((x) => x.label === top.label)!;
  assert.ok(c !== undefined, top.label);
  const r = migrate(vm, link, { ...c.options, seed: 4242 } as never);
  const at = `${top.label} with seed 4242`;
  assert.equal(r.pagesMissing, 0, at);
  assert.ok(!(r.downtimeSeconds > (goal.maxDowntimeSeconds ?? Infinity)), at);
  assert.ok(!(r.totalSeconds > (goal.maxTotalSeconds ?? Infinity)), at);
  assert.ok(!(r.bytesSent > (goal.maxBytes ?? Infinity)), at);
  assert.ok(!(slowdown(r) > (goal.maxSlowdown ?? 1)), `${at}: slowdown ${slowdown(r)}`);
  return top.label;
}

const preCopyOnly = (target: number) =>
  adviceCandidates(target).filter((c) => c.options.technique === "pre-copy");

Deno.test("advise() with mechanisms: the top pick meets the goal with another seed", async (t) => {
  await t.step("a calm VM, tight downtime and slowdown", () => {
    topPickHolds(calm, { maxDowntimeSeconds: 0.05, maxSlowdown: 0.02 });
  });
  await t.step("a calm VM, least traffic", () => {
    topPickHolds(calm, { maxDowntimeSeconds: 0.3, minimise: "traffic" });
  });
  await t.step("traffic below the memory size: only multifd with zstd meets it", () => {
    const label = topPickHolds(calm, { maxBytes: 2e8, maxDowntimeSeconds: 0.3 }, {
      compression: zstd,
    });
    assert.match(label, /^pre-copy\/(auto-converge\+)?multifd=\d\+zstd\//);
  });
  await t.step("dirtying above the link rate, slowdown allowed: a mechanism is ranked", () => {
    const goal = { maxDowntimeSeconds: 0.3, maxSlowdown: 0.4 };
    topPickHolds(hot, goal);
    const advice = advise(hot, link, goal);
    assert.ok(
      advice.ranking.some((r) =>
        /^pre-copy\/(auto-converge|postcopy-after-precopy|dirty-limit)/.test(r.label)
      ),
      advice.ranking.map((r) => r.label).join(", "),
    );
  });
  await t.step("... among pre-copy settings only auto-converge, dirty-limit or the switch", () => {
    const goal = { maxDowntimeSeconds: 0.3, maxSlowdown: 0.4 };
    const candidates = preCopyOnly(0.3);
    const label = topPickHolds(hot, goal, { candidates });
    const advice = advise(hot, link, goal, { candidates });
    for (const r of advice.ranking) {
      assert.match(r.label, /^pre-copy\/(auto-converge|postcopy-after-precopy|dirty-limit)/);
    }
    assert.ok(
      advice.ranking.some((r) => /auto-converge|postcopy-after-precopy/.test(r.label)),
      label,
    );
    const ac = advice.ranking.find((r) => r.label.startsWith("pre-copy/auto-converge/"));
    if (ac !== undefined) {
      assert.ok(ac.maxThrottlePercent >= 20 && ac.slowdown > 0, JSON.stringify(ac));
      assert.match(ac.settings, /^auto-converge 50\/20\+10\.\.99 %$/);
    }
    const sw = advice.ranking.find((r) => r.label === "pre-copy/postcopy-after-precopy");
    if (sw !== undefined) assert.ok(sw.splitSeconds > 0 && sw.slowdown > 0);
  });
});

Deno.test("advise() with mechanisms: slowdown not allowed, nothing meets, explained", async (t) => {
  const goal = { maxDowntimeSeconds: 0.3, maxSlowdown: 0 };
  const advice = advise(hot, link, goal);
  const text = advice.explanation.join("\n");
  await t.step("nothing meets the goal, plainly said", () => {
    assert.equal(advice.meetsGoal, false);
    assert.equal(advice.ranking.length, 0);
    assert.ok(advice.explanation.includes("No setting meets the goal."));
  });
  await t.step("the slowdown it names (plus 15 %) is enough at page level", () => {
    assert.ok(advice.neededSlowdown > 0 && advice.neededSlowdown < 1, text);
    assert.match(text, /Allowing slowdown: \S+ meets every other limit with a guest slowdown of/);
    const allowed = advise(hot, link, { ...goal, maxSlowdown: advice.neededSlowdown * 1.15 });
    assert.ok(allowed.meetsGoal, allowed.explanation.join("\n"));
  });
  await t.step("throttle and post-copy switch are given with numbers", () => {
    assert.match(text, /Throttling: .* a dirty rate of [\d.]+ \S+ instead of/);
    assert.match(
      text,
      /Post-copy after one pre-copy pass: downtime [\d.]+ m?s, total [\d.]+ s, slowdown [\d.]+ %/,
    );
    assert.match(text, /More bandwidth: .* at about [\d.]+ \S+bit\/s/);
  });
});

Deno.test("advise() does not confirm a mechanism that buys nothing", () => {
  // The link binds and packing is free: multifd equals plain pre-copy.
  const advice = advise(calm, link, { maxDowntimeSeconds: 0.3 }, { finalists: 6 });
  const confirmed = [...advice.ranking, ...advice.rejected].map((r) => r.label);
  assert.ok(confirmed.length > 0);
  assert.ok(!confirmed.some((l) => l.includes("multifd")), confirmed.join(", "));
});

Deno.test("advise() confirms no more multifd channels than fill the link", () => {
  // zstd at 200 MB/s per core and ratio 0.4: 2 channels put 160 MB/s on a 125 MB/s link.
  const compression = { algorithm: "zstd" as const, ratio: 0.4, bytesPerSecondPerCore: 2e8 };
  const advice = advise(hot, link, { maxDowntimeSeconds: 0.3, maxSlowdown: 0.3 }, {
    compression,
  });
  const confirmed = [...advice.ranking, ...advice.rejected].map((r) => r.label);
  assert.ok(confirmed.includes("pre-copy/multifd=2+zstd/downtime=300ms"), confirmed.join(", "));
  assert.ok(!confirmed.some((l) => /^pre-copy\/multifd=[48]\+zstd/.test(l)), confirmed.join(", "));
  const top = advice.ranking[0]!;
  assert.match(
    advice.explanation.at(-1)!,
    new RegExp(`^Best: ${top.label.replaceAll("+", "\\+")}`),
  );
});

Deno.test("adviceCandidates() lists the mechanisms as data", () => {
  const plain = adviceCandidates(0.3);
  const labels = plain.map((c) => c.label);
  for (
    const l of [
      "pre-copy/auto-converge/downtime=300ms",
      "pre-copy/dirty-limit/downtime=300ms",
      "pre-copy/postcopy-after-precopy",
      "pre-copy/multifd=2/downtime=300ms",
      "pre-copy/multifd=4/downtime=300ms",
      "pre-copy/multifd=8/downtime=300ms",
      "pre-copy/xbzrle/downtime=300ms",
      "pre-copy/auto-converge+multifd=4/downtime=300ms",
    ]
  ) assert.ok(labels.includes(l), l);
  assert.ok(!labels.some((l) => l.includes("zstd")));
  const withZstd = adviceCandidates(0.3, { compression: zstd });
  assert.equal(withZstd.filter((c) => c.label.includes("+zstd")).length, 4);
  const x = plain.find((c) => c.label === "pre-copy/xbzrle/downtime=300ms")!;
  assert.equal(x.alwaysConfirm, true);
  assert.equal(x.settings, "XBZRLE cache 64 MiB");
  const sw = plain.find((c) => c.label === "pre-copy/postcopy-after-precopy")!;
  assert.deepEqual(
    (sw.options as { mechanisms?: unknown }).mechanisms,
    { postCopySwitch: { afterPasses: 1 } },
  );
});

Deno.test("advise() rejects a bad compressibility by name", () => {
  assert.throws(
    () => advise(calm, link, {}, { compression: { ...zstd, ratio: 0 } }),
    /options\.compression\.ratio must be a finite number > 0: current value is 0/,
  );
  assert.throws(
    () => advise(calm, link, {}, { compression: { ...zstd, bytesPerSecondPerCore: -1 } }),
    /options\.compression\.bytesPerSecondPerCore .*current value is -1/,
  );
});
