import assert from "node:assert/strict";
import {
  checkStopRules,
  MAX_PUSH_ROUNDS,
  QEMU_STOP_RULES,
  type RoundState,
  type StopRule,
  validateStopRules,
  XEN_STOP_RULES,
} from "../../mod.ts";

/**
 * A round state far from every boundary: round 3, nothing sent, 1 MB of memory,
 * 100 dirty pages of 1000 wire bytes after a 1000-page round, at 1 MB/s (1 ms a page).
 */
const BASE: RoundState = Object.freeze({
  round: 3,
  bytesSent: 0,
  memoryBytes: 1e6,
  dirtyPages: 100,
  pagesSentLastRound: 1000,
  wirePageBytes: 1000,
  bytesPerSecond: 1e6,
});

/** The state `BASE` with some fields replaced. */
function state(patch: Partial<RoundState>): RoundState {
  return { ...BASE, ...patch };
}

Deno.test("checkStopRules() applies each rule exactly at its boundary", async (t) => {
  await t.step("dirty-pages-below stops strictly below the threshold", () => {
    const rules: StopRule[] = [{ kind: "dirty-pages-below", pages: 50 }];
    assert.deepEqual(checkStopRules(rules, state({ dirtyPages: 49 })), {
      reason: "dirty-pages-below",
      converged: true,
    });
    assert.equal(checkStopRules(rules, state({ dirtyPages: 50 })), undefined);
    assert.equal(checkStopRules(rules, state({ dirtyPages: 51 })), undefined);
  });

  await t.step(
    "max-downtime stops when the rest takes at most the target",
    () => {
      // 1 ms a page: 10 pages take exactly the 10 ms target.
      const rules: StopRule[] = [{ kind: "max-downtime", seconds: 0.01 }];
      const stop = { reason: "max-downtime", converged: true };
      assert.deepEqual(checkStopRules(rules, state({ dirtyPages: 9 })), stop);
      assert.deepEqual(checkStopRules(rules, state({ dirtyPages: 10 })), stop);
      assert.equal(checkStopRules(rules, state({ dirtyPages: 11 })), undefined);
    },
  );

  await t.step(
    "max-downtime counts wire bytes against the migration bandwidth",
    () => {
      const rules: StopRule[] = [{ kind: "max-downtime", seconds: 0.01 }];
      // Twice the wire bytes per page: 10 pages now take 20 ms.
      assert.equal(
        checkStopRules(rules, state({ dirtyPages: 10, wirePageBytes: 2000 })),
        undefined,
      );
      // Twice the bandwidth: 20 pages take 10 ms.
      assert.deepEqual(
        checkStopRules(rules, state({ dirtyPages: 20, bytesPerSecond: 2e6 })),
        { reason: "max-downtime", converged: true },
      );
    },
  );

  await t.step(
    "max-rounds stops from the given round on, without converging",
    () => {
      const rules: StopRule[] = [{ kind: "max-rounds", rounds: 5 }];
      const stop = { reason: "max-rounds", converged: false };
      assert.equal(checkStopRules(rules, state({ round: 4 })), undefined);
      assert.deepEqual(checkStopRules(rules, state({ round: 5 })), stop);
      assert.deepEqual(checkStopRules(rules, state({ round: 6 })), stop);
    },
  );

  await t.step(
    "max-bytes stops only once the bytes sent exceed factor x memory",
    () => {
      const rules: StopRule[] = [{ kind: "max-bytes", memoryFactor: 3 }];
      const stop = { reason: "max-bytes", converged: false };
      assert.equal(
        checkStopRules(rules, state({ bytesSent: 2999999 })),
        undefined,
      );
      assert.equal(
        checkStopRules(rules, state({ bytesSent: 3000000 })),
        undefined,
      );
      assert.deepEqual(
        checkStopRules(rules, state({ bytesSent: 3000001 })),
        stop,
      );
    },
  );

  await t.step(
    "dirty-rate-exceeds-link stops once a round dirtied as many pages as it sent",
    () => {
      const rules: StopRule[] = [{ kind: "dirty-rate-exceeds-link" }];
      const stop = { reason: "dirty-rate-exceeds-link", converged: false };
      const sent = { pagesSentLastRound: 100 };
      assert.equal(
        checkStopRules(rules, state({ ...sent, dirtyPages: 99 })),
        undefined,
      );
      assert.deepEqual(
        checkStopRules(rules, state({ ...sent, dirtyPages: 100 })),
        stop,
      );
      assert.deepEqual(
        checkStopRules(rules, state({ ...sent, dirtyPages: 101 })),
        stop,
      );
    },
  );

  await t.step(
    "dirty-rate-exceeds-link compares the pages the round dirtied, not pages held back",
    () => {
      const rules: StopRule[] = [{ kind: "dirty-rate-exceeds-link" }];
      const stop = { reason: "dirty-rate-exceeds-link", converged: false };
      // 900 pages remain, but only 60 were dirtied by a round that sent 100.
      const s = { pagesSentLastRound: 100, dirtyPages: 900 };
      assert.equal(
        checkStopRules(rules, state({ ...s, pagesDirtiedLastRound: 60 })),
        undefined,
      );
      assert.deepEqual(
        checkStopRules(rules, state({ ...s, pagesDirtiedLastRound: 100 })),
        stop,
      );
    },
  );
});

Deno.test("checkStopRules() lets target rules win over cap rules whatever their order", async (t) => {
  const caps: StopRule[] = [
    { kind: "max-rounds", rounds: 1 },
    { kind: "max-bytes", memoryFactor: 1 },
    { kind: "dirty-rate-exceeds-link" },
  ];
  // Every cap holds: round 3 >= 1, 2 MB > 1 MB, 100 dirty >= 10 sent.
  const s = state({ bytesSent: 2e6, pagesSentLastRound: 10 });

  await t.step("caps alone stop with the first cap in list order", () => {
    assert.deepEqual(checkStopRules(caps, s), {
      reason: "max-rounds",
      converged: false,
    });
    assert.deepEqual(checkStopRules([...caps].reverse(), s), {
      reason: "dirty-rate-exceeds-link",
      converged: false,
    });
  });

  await t.step("dirty-pages-below wins listed last", () => {
    const rules: StopRule[] = [...caps, {
      kind: "dirty-pages-below",
      pages: 101,
    }];
    assert.deepEqual(checkStopRules(rules, s), {
      reason: "dirty-pages-below",
      converged: true,
    });
  });

  await t.step("max-downtime wins listed last", () => {
    const rules: StopRule[] = [...caps, { kind: "max-downtime", seconds: 0.1 }];
    assert.deepEqual(checkStopRules(rules, s), {
      reason: "max-downtime",
      converged: true,
    });
  });

  await t.step(
    "XEN_STOP_RULES and QEMU_STOP_RULES converge when the target holds",
    () => {
      assert.deepEqual(
        checkStopRules(XEN_STOP_RULES, state({ round: 40, dirtyPages: 49 })),
        {
          reason: "dirty-pages-below",
          converged: true,
        },
      );
      assert.deepEqual(
        checkStopRules(QEMU_STOP_RULES, state({ round: 40, dirtyPages: 300 })),
        { reason: "max-downtime", converged: true },
      );
      assert.deepEqual(
        checkStopRules(QEMU_STOP_RULES, state({ round: 30, dirtyPages: 301 })),
        { reason: "max-rounds", converged: false },
      );
    },
  );
});

Deno.test("checkStopRules() stops converged whenever no page is dirty", async (t) => {
  const converged = { reason: "dirty-pages-below", converged: true };
  await t.step("with no rules", () => {
    assert.deepEqual(checkStopRules([], state({ dirtyPages: 0 })), converged);
  });
  await t.step("when every cap would also hold", () => {
    const rules: StopRule[] = [
      { kind: "max-rounds", rounds: 1 },
      { kind: "dirty-rate-exceeds-link" },
      { kind: "max-bytes", memoryFactor: 1 },
    ];
    assert.deepEqual(
      checkStopRules(
        rules,
        state({ dirtyPages: 0, pagesSentLastRound: 0, bytesSent: 5e6 }),
      ),
      converged,
    );
  });
  await t.step("when a zero threshold cannot hold", () => {
    const rules: StopRule[] = [{ kind: "dirty-pages-below", pages: 0 }];
    assert.deepEqual(
      checkStopRules(rules, state({ dirtyPages: 0 })),
      converged,
    );
  });
  await t.step("but not when one page is dirty", () => {
    assert.equal(checkStopRules([], state({ dirtyPages: 1 })), undefined);
  });
});

Deno.test("checkStopRules() caps the push phase at MAX_PUSH_ROUNDS whatever the rules", async (t) => {
  const capped = { reason: "max-rounds", converged: false };
  assert.equal(MAX_PUSH_ROUNDS, 1000);
  await t.step("with no rules", () => {
    assert.equal(
      checkStopRules([], state({ round: MAX_PUSH_ROUNDS - 1 })),
      undefined,
    );
    assert.deepEqual(
      checkStopRules([], state({ round: MAX_PUSH_ROUNDS })),
      capped,
    );
    assert.deepEqual(
      checkStopRules([], state({ round: MAX_PUSH_ROUNDS + 1 })),
      capped,
    );
  });
  await t.step("with a larger max-rounds rule", () => {
    const rules: StopRule[] = [{ kind: "max-rounds", rounds: 5000 }];
    assert.deepEqual(
      checkStopRules(rules, state({ round: MAX_PUSH_ROUNDS })),
      capped,
    );
  });
  await t.step("but a target that holds still wins", () => {
    const rules: StopRule[] = [{ kind: "dirty-pages-below", pages: 101 }];
    assert.deepEqual(checkStopRules(rules, state({ round: MAX_PUSH_ROUNDS })), {
      reason: "dirty-pages-below",
      converged: true,
    });
  });
});

Deno.test("validateStopRules() rejects malformed rules naming the rule and field", async (t) => {
  await t.step("accepts the presets and the empty list", () => {
    assert.equal(validateStopRules(XEN_STOP_RULES), XEN_STOP_RULES);
    assert.equal(validateStopRules(QEMU_STOP_RULES), QEMU_STOP_RULES);
    assert.deepEqual(validateStopRules([]), []);
  });
  await t.step("rejects a list that is not an array", () => {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => validateStopRules({ kind: "max-rounds", rounds: 3 } as any),
      {
        name: "TypeError",
        message:
          'Cannot migrate as stopRules must be an array: current value is {"kind":"max-rounds","rounds":3}',
      },
    );
  });
  await t.step("rejects an unknown kind and a non-object rule", () => {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => validateStopRules([{ kind: "max-time", seconds: 1 }] as any),
      {
        name: "TypeError",
        message:
          'Cannot migrate as stopRules[0].kind must be one of "max-rounds", "max-bytes", "dirty-pages-below", "dirty-rate-exceeds-link", "max-downtime": current value is "max-time"',
      },
    );
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => validateStopRules([QEMU_STOP_RULES[0]!, null] as any),
      {
        name: "TypeError",
        message: "Cannot migrate as stopRules[1] must be an object: current value is null",
      },
    );
  });
  await t.step("rejects out-of-range parameters", () => {
    const cases: [StopRule, string][] = [
      [
        { kind: "max-rounds", rounds: 0 },
        "Cannot migrate as stopRules[0].rounds must be an integer >= 1: current value is 0",
      ],
      [
        { kind: "max-rounds", rounds: 2.5 },
        "Cannot migrate as stopRules[0].rounds must be an integer >= 1: current value is 2.5",
      ],
      [
        { kind: "max-bytes", memoryFactor: 0 },
        "Cannot migrate as stopRules[0].memoryFactor must be a finite number > 0: current value is 0",
      ],
      [
        { kind: "dirty-pages-below", pages: -1 },
        "Cannot migrate as stopRules[0].pages must be a finite number >= 0: current value is -1",
      ],
      [
        { kind: "max-downtime", seconds: NaN },
        "Cannot migrate as stopRules[0].seconds must be a finite number > 0: current value is NaN",
      ],
      [
        { kind: "max-downtime", seconds: Infinity },
        "Cannot migrate as stopRules[0].seconds must be a finite number > 0: current value is Infinity",
      ],
    ];
    for (const [rule, message] of cases) {
      assert.throws(() => validateStopRules([rule]), {
        name: "RangeError",
        message,
      });
    }
  });
});

Deno.test("checkStopRules() reads the pages the next round sends for Xen's page-count tests", async (t) => {
  const base: RoundState = {
    round: 3,
    bytesSent: 1e6,
    memoryBytes: 1e9,
    dirtyPages: 5000,
    pagesSentLastRound: 400,
    pagesDirtiedLastRound: 450,
    wirePageBytes: 4096,
    bytesPerSecond: 125e6,
  };
  await t.step("dirty-pages-below counts the 40 pages to send, not the 5000 left", () => {
    assert.deepEqual(
      checkStopRules([{ kind: "dirty-pages-below", pages: 50 }], {
        ...base,
        pagesToSendNextRound: 40,
      }),
      { reason: "dirty-pages-below", converged: true },
    );
    assert.equal(checkStopRules([{ kind: "dirty-pages-below", pages: 50 }], base), undefined);
  });
  await t.step("dirty-rate-exceeds-link compares the pages to send with those sent", () => {
    const rule = [{ kind: "dirty-rate-exceeds-link" }] as const;
    assert.equal(checkStopRules([...rule], { ...base, pagesToSendNextRound: 399 }), undefined);
    assert.deepEqual(checkStopRules([...rule], base), {
      reason: "dirty-rate-exceeds-link",
      converged: false,
    });
  });
  await t.step("max-downtime still sees every page left", () => {
    // 5000 pages x 4096 B / 125e6 B/s = 164 ms.
    const rule = [{ kind: "max-downtime", seconds: 0.1 }] as const;
    assert.equal(checkStopRules([...rule], { ...base, pagesToSendNextRound: 1 }), undefined);
  });
});
