/**
 * Zero pages through the techniques: a workload that exposes `zeroPages` (the
 * contract of `Workload.zeroPages`) has those pages sent as a header only. No
 * built-in workload models zero pages yet, so the tests wrap an idle workload.
 */
import assert from "node:assert/strict";
import { type Context, createContext, stopAndCopy } from "../../lib/migration/_context.ts";
import { pushRounds } from "../../lib/migration/_push.ts";
import { qemuPush } from "../../lib/migration/_qemu_push.ts";
import { createBitset, createLink, type RoundRow, type TimelineEvent } from "../../mod.ts";

/** 100 pages of 1000 bytes, 8-byte headers; pages 0..39 hold zeros. */
function zeroContext(preset: "default" | "qemu"): Context {
  const linkSpec = { bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8 };
  const ctx = createContext(
    "pre-copy",
    { pageCount: 100, pageSizeBytes: 1000, stateBytes: 0, workload: { kind: "idle" } },
    linkSpec,
    { seed: 1, preset, checked: true },
  );
  const zeroPages = createBitset(100);
  for (let p = 0; p < 40; p++) zeroPages.set(p);
  const workload = Object.assign(Object.create(ctx.workload), { zeroPages });
  const link = createLink(linkSpec, 1000, {
    capSemantics: ctx.preset.capSemantics,
    zeroPages,
  });
  return { ...ctx, workload, link };
}

Deno.test("zero pages cost the header only in the push rounds (default preset)", () => {
  const ctx = zeroContext("default");
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [];
  const push = pushRounds(ctx, ctx.preset.stopRules, rows, timeline, 1e9);
  stopAndCopy(ctx, push.remaining, push.remaining.count(), push.endSeconds, rows, timeline);
  assert.equal(rows[0]!.zeroPagesSent, 40);
  assert.equal(rows[0]!.bytesSent, 60 * 1008 + 40 * 8);
  assert.equal(rows[0]!.endSeconds, (60 * 1008 + 40 * 8) / 1e6);
  assert.equal(ctx.link.totals.zeroPagesSent, 40);
  ctx.checker!.verify("pre-copy", 0);
});

Deno.test("zero pages cost the header only under QEMU's mid-pass switch-over", () => {
  const ctx = zeroContext("qemu");
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [];
  const push = qemuPush(ctx, rows, timeline, 1e9);
  stopAndCopy(ctx, push.remaining, push.remaining.count(), push.endSeconds, rows, timeline);
  const zeros = rows.reduce((n, r) => n + (r.zeroPagesSent ?? 0), 0);
  const pages = rows.reduce((n, r) => n + r.pagesSent, 0);
  const bytes = rows.reduce((n, r) => n + r.bytesSent, 0);
  assert.equal(pages, 100);
  assert.equal(zeros, 40);
  assert.equal(bytes, 60 * 1008 + 40 * 8);
  ctx.checker!.verify("pre-copy", 0);
});
