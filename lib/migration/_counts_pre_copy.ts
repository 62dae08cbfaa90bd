/**
 * Plain pre-copy from counts: the `"counts"` sampler of `simulatePreCopy`.
 * Internal: not re-exported from `mod.ts`.
 *
 * Why it is exact (round-based push, `switchover: "end-of-round"`, no skip): a
 * workload of Poisson writes picks each page of run `j` (a run of pages of equal
 * probability, `PageRun`) at rate `λⱼ = writesPerSecond · writeShareⱼ / pagesⱼ`,
 * independently of every other page and of what the engine sends. Round `i + 1`
 * sends exactly the pages written during round `i`, so its count is
 * `Σⱼ Binomial(pagesⱼ, 1 - exp(-λⱼ·sᵢ))` with `sᵢ` the length of round `i`; the
 * round's length, bytes and every count-based stop rule depend on that count only
 * (without zero pages every page costs the same wire bytes). Which pages they are
 * never matters, so one binomial draw per run and round reproduces the per-write
 * engine's law of rounds, times, bytes, downtime and convergence. The sequential
 * writer is deterministic: the pages written in `[t₀, t₁)` are `min(n, m)` with
 * `n = ⌈t₁·r⌉ - ⌈t₀·r⌉` writes and `m` pages per pass, and no draw is made.
 *
 * Each round's `writes` (every write of the round, as the per-write engine counts
 * them) is drawn given the pages dirtied, so that the rows are exact jointly, not
 * only one by one: each of the `kⱼ` pages of run `j` written in the round received a
 * zero-truncated Poisson(λⱼ·sᵢ) count of writes, and their sum is one draw per run
 * (`_zero_truncated_poisson.ts`). The write cap reads them only through the
 * expectation (a cap that can bind is ruled out by `chooseSampler` before this runs).
 *
 * @module
 */
import type { Context } from "./_context.ts";
import type { StopReason } from "./result.ts";
import { compileStopRules, decideStop } from "./_compiled_stop_rules.ts";
import type { RoundRow, TimelineEvent } from "./result.ts";
import { MAX_PUSH_ROUNDS, type RoundState } from "./stop_rules.ts";
import { binomialUnchecked } from "../random/_binomial.ts";
import type { Prng } from "../random/prng.ts";
import { zeroTruncatedPoissonSum } from "../random/_zero_truncated_poisson.ts";
import { workloadModel } from "../workload/models.ts";
import type { WorkloadSpec } from "../workload/spec.ts";

/** How a round's dirtied count is drawn from its length. */
export interface DirtyCounter {
  /** Average page writes per second. */
  writesPerSecond: number;
  /** Pages written in execution time `[from, to)`, and the writes, drawn from `prng`. */
  dirtied(prng: Prng, fromSeconds: number, toSeconds: number): { pages: number; writes: number };
}

/** The counter of a workload: binomial per run, or the sequential writer's walk. */
export function dirtyCounter(spec: WorkloadSpec, pageCount: number): DirtyCounter {
  const model = workloadModel(spec);
  const rate = model.rates(spec).writesPerSecond;
  const walk = model.walk?.(spec, pageCount);
  if (walk !== undefined) {
    const r = walk.visitsPerSecond;
    const m = walk.visits;
    return {
      writesPerSecond: rate,
      dirtied(_prng, from, to) {
        if (r === 0 || to <= from) return { pages: 0, writes: 0 };
        const n = Math.max(0, Math.ceil(to * r) - Math.ceil(from * r));
        return { pages: Math.min(n, m), writes: n };
      },
    };
  }
  const runs = model.distribution(spec, pageCount).runs.filter((run) => run.writeShare > 0);
  const sizes = runs.map((run) => run.pages);
  const perPage = runs.map((run) => (rate * run.writeShare) / run.pages);
  return {
    writesPerSecond: rate,
    dirtied(prng, from, to) {
      const s = to - from;
      if (rate === 0 || !(s > 0)) return { pages: 0, writes: 0 };
      let pages = 0;
      let writes = 0;
      for (let j = 0; j < sizes.length; j++) {
        const mean = perPage[j]! * s;
        const k = binomialUnchecked(prng, sizes[j]!, -Math.expm1(-mean));
        pages += k;
        writes += zeroTruncatedPoissonSum(prng, k, mean);
      }
      return { pages, writes };
    },
  };
}

/** What the counted push phase leaves behind. */
export interface CountsOutcome {
  /** Pages still dirty, for the stop-and-copy. */
  remainingPages: number;
  /** Time at the end of the last push round. */
  endSeconds: number;
  /** Why it stopped. */
  stopReason: StopReason;
  /** Whether it met a target. */
  converged: boolean;
}

/** The round-based push phase from counts; mirrors `pushRounds` without a withholder. */
export function countsPushRounds(
  ctx: Context,
  counter: DirtyCounter,
  prng: Prng,
  rows: RoundRow[],
  timeline: TimelineEvent[],
  maxWrites: number,
): CountsOutcome {
  const { pageCount, wirePageBytes, bytesPerSecond, link } = ctx;
  const compiled = compileStopRules(ctx.preset.stopRules);
  const rate = counter.writesPerSecond;
  let pages = pageCount;
  let t = 0;
  let writesSoFar = 0;
  let bytesSoFar = 0;
  for (let round = 1;; round++) {
    const upperSeconds = (pages * wirePageBytes) / bytesPerSecond;
    if (writesSoFar + rate * upperSeconds > maxWrites) {
      return {
        remainingPages: pages,
        endSeconds: t,
        stopReason: "event-cap",
        converged: false,
      };
    }
    timeline.push({ timeSeconds: t, kind: "round-start", round: rows.length + 1, host: "source" });
    const batch = link.sendCounted("live", pages, 0, t);
    const seconds = batch.seconds;
    const d = counter.dirtied(prng, t, t + seconds);
    writesSoFar += d.writes;
    rows.push({
      round: rows.length + 1,
      phase: "push",
      startSeconds: t,
      endSeconds: t + seconds,
      pagesSent: pages,
      bytesSent: batch.bytes,
      pagesDirtied: d.pages,
      writes: d.writes,
      zeroPagesSent: 0,
    });
    t += seconds;
    bytesSoFar += batch.bytes;
    const sent = pages;
    pages = d.pages;
    const state: RoundState = {
      round,
      bytesSent: bytesSoFar,
      memoryBytes: ctx.memoryBytes,
      dirtyPages: pages,
      pagesSentLastRound: sent,
      pagesDirtiedLastRound: pages,
      wirePageBytes,
      bytesPerSecond,
    };
    const stop = decideStop(compiled, state, MAX_PUSH_ROUNDS);
    if (stop) {
      return {
        remainingPages: pages,
        endSeconds: t,
        stopReason: stop.reason,
        converged: stop.converged,
      };
    }
  }
}
