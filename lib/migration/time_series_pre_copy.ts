import type { Withholder } from "./_push.ts";
import type { Bitset } from "../bitset/bitset.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { PreCopyOptions } from "./pre_copy.ts";
import { runPreCopy } from "./_pre_copy.ts";
import type { MigrationResult } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";
import { integer, object } from "../_validate.ts";
import { validateVm } from "./validate.ts";

/** Options of {@link simulateTimeSeriesPreCopy}. */
export interface TimeSeriesPreCopyOptions extends PreCopyOptions {
  /**
   * N: how many past rounds' dirty bitmaps are kept (1 to 255).
   * @default {4}
   */
  historyRounds?: number;
  /**
   * K: a page dirtied in at least K of the kept bitmaps is predicted high-dirty
   * (1 to N).
   * @default {min(2, historyRounds)}
   */
  threshold?: number;
  /**
   * Whether the stop rules' page-count tests (`dirty-pages-below`,
   * `dirty-rate-exceeds-link`) count the withheld pages as pages left to send. By
   * default they count, as Xen's `xc_domain_save` does (`sent_this_iter +
   * skip_this_iter < 50`; `sent_this_iter > sent_last_iter`), only the pages the next
   * push round would send, so withheld pages do not keep the push phase going; the
   * `max-downtime` rule always sees every page left, withheld ones included. `true`
   * restores the earlier accounting, for comparison (notebook 03).
   * @default {false}
   */
  countWithheldInStopRules?: boolean;
}

/**
 * Simulates time-series-based pre-copy (Hu et al. 2011): like pre-copy, but the
 * dirty bitmaps of the last N push rounds are kept, and a due page that was dirtied
 * in at least K of them is predicted to be dirtied again, so it is withheld from push
 * rounds and sent only in the final stop-and-copy. Fewer pages are sent twice.
 * Hu et al. modify Xen's pre-copy, whose stop tests count the pages an iteration
 * sends: so `dirty-pages-below` and `dirty-rate-exceeds-link` see the pages the next
 * round would send, withheld pages excluded, while `max-downtime` sees every page left
 * (see `countWithheldInStopRules`). When every page due is withheld, the push phase
 * ends with stop reason `"withheld"`, converged only if what is left meets a target
 * rule. Notebook 03 compares it with pre-copy as the paper does.
 *
 * Memory: N bitsets plus one byte per page for the per-page counts.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options Pre-copy options plus N and K.
 * @returns The migration result.
 *
 * @example On an idle VM it behaves exactly like pre-copy
 * ```ts
 * import { simulatePreCopy, simulateTimeSeriesPreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 512, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } };
 * const link = { bandwidthBytesPerSecond: 1e8 };
 * const a = simulatePreCopy(vm, link, { seed: 1 });
 * const b = simulateTimeSeriesPreCopy(vm, link, { seed: 1 });
 * assert.equal(a.bytesSent, b.bytesSent);
 * ```
 */
export function simulateTimeSeriesPreCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: TimeSeriesPreCopyOptions,
): MigrationResult {
  validateVm(vm);
  object("simulate time-series pre-copy", "options", options);
  const {
    historyRounds = 4,
    threshold = Math.min(2, historyRounds),
    countWithheldInStopRules = false,
  } = options;
  integer(
    "simulate time-series pre-copy",
    "historyRounds",
    historyRounds,
    1,
    255,
  );
  integer(
    "simulate time-series pre-copy",
    "threshold",
    threshold,
    1,
    historyRounds,
  );
  return runPreCopy(
    "time-series-pre-copy",
    vm,
    link,
    options,
    timeSeriesWithholder(vm.pageCount, historyRounds, threshold, !countWithheldInStopRules),
  );
}

/** Keeps the last N dirty bitmaps and per-page counts over them. */
function timeSeriesWithholder(
  pageCount: number,
  n: number,
  k: number,
  xenAccounting: boolean,
): Withholder {
  const counts = new Uint8Array(pageCount);
  const history: Uint32Array[] = [];
  const withholder: Withholder = {
    withhold(_round: number, toSend: Bitset): number {
      if (history.length === 0) return 0;
      let held = 0;
      const words = toSend.words;
      for (let i = 0; i < words.length; i++) {
        let word = words[i]!;
        while (word !== 0) {
          const low = word & -word;
          const page = (i << 5) + 31 - Math.clz32(low);
          if (counts[page]! >= k) {
            words[i]! &= ~low;
            held++;
          }
          word ^= low;
        }
      }
      return held;
    },
    record(dirtied: Bitset): void {
      const copy = dirtied.words.slice();
      history.push(copy);
      addWords(counts, copy, 1);
      if (history.length > n) addWords(counts, history.shift()!, -1);
    },
  };
  if (xenAccounting) {
    // The pages of `due` the next round sends: those not predicted high-dirty.
    withholder.sendable = (due: Bitset): number => {
      if (history.length === 0) return due.count();
      let sendable = 0;
      const words = due.words;
      for (let i = 0; i < words.length; i++) {
        let word = words[i]!;
        while (word !== 0) {
          const low = word & -word;
          if (counts[(i << 5) + 31 - Math.clz32(low)]! < k) sendable++;
          word ^= low;
        }
      }
      return sendable;
    };
  }
  return withholder;
}

/** Adds `delta` to the count of every page whose bit is set in `words`. */
function addWords(counts: Uint8Array, words: Uint32Array, delta: number): void {
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    while (word !== 0) {
      const low = word & -word;
      counts[(i << 5) + 31 - Math.clz32(low)]! += delta;
      word ^= low;
    }
  }
}
