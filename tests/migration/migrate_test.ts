import assert from "node:assert/strict";
import {
  closedForm,
  closedFormOffline,
  closedFormPostCopy,
  closedFormPreCopy,
  createPrng,
  DEFAULT_TECHNIQUE_VARIANTS,
  estimatePreCopy,
  type LinkSpec,
  migrate,
  type MigrateOptions,
  type MigrationResult,
  simulateHybrid,
  simulateOffline,
  simulatePostCopy,
  simulatePreCopy,
  simulateTimeSeriesPreCopy,
  TECHNIQUE_NAMES,
  type TechniqueFunction,
  type TechniqueName,
  TECHNIQUES,
  type VmSpec,
} from "../../mod.ts";

/** 256 pages of 4 KiB that write and read uniformly, on a 100 MB/s link with 1 ms latency. */
const VM: VmSpec = {
  pageCount: 256,
  pageSizeBytes: 4096,
  stateBytes: 8192,
  workload: { kind: "uniform", writesPerSecond: 2000, readsPerSecond: 2000 },
};
const LINK: LinkSpec = {
  bandwidthBytesPerSecond: 1e8,
  latencySeconds: 1e-3,
  pageOverheadBytes: 8,
};

/** The exported function of each technique, as a user would call it directly. */
const DIRECT: Record<TechniqueName, TechniqueFunction> = {
  "offline": simulateOffline,
  "pre-copy": simulatePreCopy,
  "time-series-pre-copy": simulateTimeSeriesPreCopy,
  "post-copy": simulatePostCopy,
  "hybrid": simulateHybrid,
};

/** Checks the invariants every result must satisfy. */
function assertConsistent(r: MigrationResult): void {
  assert.equal(r.bytesSent, r.roundRows.reduce((s, x) => s + x.bytesSent, 0));
  assert.equal(r.pagesSent, r.roundRows.reduce((s, x) => s + x.pagesSent, 0));
  assert.equal(r.rounds, r.roundRows.length);
  assert.ok(r.totalSeconds >= r.downtimeSeconds && r.downtimeSeconds > 0);
}

Deno.test("TECHNIQUES registers the five techniques in documentation order", () => {
  assert.deepEqual(TECHNIQUE_NAMES, [
    "offline",
    "pre-copy",
    "time-series-pre-copy",
    "post-copy",
    "hybrid",
  ]);
  assert.deepEqual(Object.keys(TECHNIQUES), TECHNIQUE_NAMES);
  for (const name of TECHNIQUE_NAMES) {
    assert.equal(TECHNIQUES[name], DIRECT[name], name);
  }
  assert.ok(Object.isFrozen(TECHNIQUES) && Object.isFrozen(TECHNIQUE_NAMES));
});

Deno.test("migrate() dispatches to every technique by name", async (t) => {
  for (const technique of TECHNIQUE_NAMES) {
    await t.step(
      `${technique} gives the same result as calling it directly`,
      () => {
        const viaMigrate = migrate(
          VM,
          LINK,
          { technique, seed: 7 } as MigrateOptions,
        );
        const direct = DIRECT[technique](VM, LINK, { seed: 7 });
        assert.deepEqual(viaMigrate, direct);
        assert.equal(viaMigrate.technique, technique);
        assert.equal(viaMigrate.fidelity, "page");
        assert.equal(viaMigrate.seed, 7);
        assertConsistent(viaMigrate);
      },
    );
  }

  await t.step('fidelity "page" is the default', () => {
    assert.deepEqual(
      migrate(VM, LINK, { technique: "pre-copy", seed: 3, fidelity: "page" }),
      migrate(VM, LINK, { technique: "pre-copy", seed: 3 }),
    );
  });

  await t.step("technique options reach the technique", () => {
    const options = {
      seed: 3,
      sampler: "per-write" as const,
      stopRules: [{ kind: "max-rounds" as const, rounds: 2 }],
    };
    const r = migrate(VM, LINK, { technique: "pre-copy", ...options });
    assert.deepEqual(r, simulatePreCopy(VM, LINK, options));
    assert.equal(r.stopReason, "max-rounds");
    assert.equal(r.rounds, 3);
    const post = migrate(VM, LINK, {
      technique: "post-copy",
      seed: 3,
      fetch: "demand",
    });
    assert.deepEqual(
      post,
      simulatePostCopy(VM, LINK, { seed: 3, fetch: "demand" }),
    );
  });
});

Deno.test('migrate() with fidelity "closed-form" dispatches to closedForm()', async (t) => {
  for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
    await t.step(technique, () => {
      const r = migrate(VM, LINK, {
        technique,
        seed: 5,
        fidelity: "closed-form",
      });
      assert.deepEqual(r, closedForm(VM, LINK, { technique, seed: 5 }));
      assert.equal(r.fidelity, "closed-form");
      assert.equal(r.technique, technique);
      assert.equal(r.seed, 5);
      assertConsistent(r);
    });
  }

  await t.step("closed-form options reach closedForm()", () => {
    const options = {
      seed: 5,
      model: "rate" as const,
      stopRules: [{ kind: "max-rounds" as const, rounds: 4 }],
    };
    const r = migrate(VM, LINK, {
      technique: "pre-copy",
      fidelity: "closed-form",
      ...options,
    });
    assert.deepEqual(
      r,
      closedForm(VM, LINK, { technique: "pre-copy", ...options }),
    );
    assert.equal(r.rounds, 5);
  });

  for (const technique of ["time-series-pre-copy", "hybrid"] as const) {
    await t.step(
      `${technique} has no closed form and throws a TypeError`,
      () => {
        assert.throws(
          () => migrate(VM, LINK, { technique, seed: 5, fidelity: "closed-form" }),
          {
            name: "TypeError",
            message:
              `Cannot compute a closed form as options.technique must be one of "offline", "pre-copy", "post-copy": current value is "${technique}"`,
          },
        );
      },
    );
  }
});

Deno.test("migrate() rejects an unknown technique or fidelity with a TypeError", async (t) => {
  await t.step("unknown technique", () => {
    assert.throws(
      () =>
        migrate(
          VM,
          LINK,
          { technique: "live", seed: 1 } as unknown as MigrateOptions,
        ),
      {
        name: "TypeError",
        message:
          'Cannot migrate as options.technique must be one of "offline", "pre-copy", "time-series-pre-copy", "post-copy", "hybrid": current value is "live"',
      },
    );
  });
  await t.step("missing technique", () => {
    assert.throws(
      () => migrate(VM, LINK, { seed: 1 } as unknown as MigrateOptions),
      {
        name: "TypeError",
        message:
          'Cannot migrate as options.technique must be one of "offline", "pre-copy", "time-series-pre-copy", "post-copy", "hybrid": current value is undefined',
      },
    );
  });
  await t.step("unknown fidelity", () => {
    assert.throws(
      () =>
        migrate(VM, LINK, {
          technique: "offline",
          seed: 1,
          fidelity: "exact",
        } as unknown as MigrateOptions),
      {
        name: "TypeError",
        message:
          'Cannot migrate as options.fidelity must be one of "page", "closed-form": current value is "exact"',
      },
    );
  });
  await t.step("options that are not an object", () => {
    for (const options of [null, undefined, "offline", []]) {
      assert.throws(
        () => migrate(VM, LINK, options as unknown as MigrateOptions),
        {
          name: "TypeError",
          message: `Cannot migrate as options must be an object: current value is ${
            options === undefined ? "undefined" : JSON.stringify(options)
          }`,
        },
      );
    }
  });
});

Deno.test("migrate() runs every DEFAULT_TECHNIQUE_VARIANTS entry on a small VM", async (t) => {
  assert.deepEqual(DEFAULT_TECHNIQUE_VARIANTS.map((v) => v.label), [
    "offline",
    "pre-copy/qemu",
    "pre-copy/xen",
    "time-series-pre-copy",
    "post-copy/active-push",
    "post-copy/prepaging",
    "hybrid",
  ]);
  for (const variant of DEFAULT_TECHNIQUE_VARIANTS) {
    await t.step(variant.label, () => {
      const options = {
        ...variant.options,
        seed: 11,
        label: variant.label,
      } as MigrateOptions;
      const r = migrate(VM, LINK, options);
      assert.equal(r.label, variant.label);
      assert.equal(r.technique, variant.options.technique);
      assert.equal(r.pagesMissing, 0);
      assert.ok(r.pagesSent >= VM.pageCount);
      assertConsistent(r);
      assert.deepEqual(migrate(VM, LINK, options), r, "same seed, same result");
    });
  }
});

Deno.test("migrate() passes the label through at both fidelities", async (t) => {
  for (const technique of TECHNIQUE_NAMES) {
    await t.step(`${technique}, page`, () => {
      const options = { technique, seed: 2, label: "mine" } as MigrateOptions;
      assert.equal(migrate(VM, LINK, options).label, "mine");
    });
  }
  for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
    await t.step(`${technique}, closed form`, () => {
      const r = migrate(VM, LINK, {
        technique,
        seed: 2,
        fidelity: "closed-form",
        label: "mine",
      });
      assert.equal(r.label, "mine");
    });
  }
  await t.step("the default label names the technique", () => {
    assert.equal(
      migrate(VM, LINK, { technique: "offline", seed: 2 }).label,
      "offline",
    );
    assert.equal(
      migrate(VM, LINK, { technique: "pre-copy", seed: 2 }).label,
      "pre-copy",
    );
    assert.equal(
      migrate(VM, LINK, { technique: "post-copy", seed: 2 }).label,
      "post-copy/active-push",
    );
  });
});

Deno.test("migrate() does not mutate its inputs", () => {
  const vm = structuredClone(VM);
  const link = structuredClone(LINK);
  for (const technique of TECHNIQUE_NAMES) {
    const options = { technique, seed: 4 } as MigrateOptions;
    const before = structuredClone(options);
    migrate(vm, link, options);
    assert.deepEqual(options, before, technique);
  }
  assert.deepEqual(vm, VM);
  assert.deepEqual(link, LINK);
});

Deno.test("every technique and closed form called directly rejects missing options with a TypeError naming options", async (t) => {
  const actions: Record<TechniqueName, string> = {
    "offline": "migrate",
    "pre-copy": "migrate",
    "time-series-pre-copy": "simulate time-series pre-copy",
    "post-copy": "simulate post-copy",
    "hybrid": "simulate hybrid migration",
  };
  for (const technique of TECHNIQUE_NAMES) {
    await t.step(technique, () => {
      assert.throws(() => DIRECT[technique](VM, LINK, undefined as never), {
        name: "TypeError",
        message: `Cannot ${
          actions[technique]
        } as options must be an object: current value is undefined`,
      });
    });
  }
  await t.step("closed forms", () => {
    const cases: [() => unknown, string][] = [
      [() => closedForm(VM, LINK, undefined as never), "compute a closed form"],
      [() => closedFormOffline(VM, LINK, null as never), "compute the offline closed form"],
      [() => closedFormPreCopy(VM, LINK, null as never), "compute the pre-copy closed form"],
      [() => estimatePreCopy(VM, LINK, null as never), "compute the pre-copy closed form"],
      [() => closedFormPostCopy(VM, LINK, null as never), "compute the post-copy closed form"],
    ];
    for (const [call, action] of cases) {
      const value = action === "compute a closed form" ? "undefined" : "null";
      assert.throws(call, {
        name: "TypeError",
        message: `Cannot ${action} as options must be an object: current value is ${value}`,
      });
    }
  });
});

Deno.test("migrate() on a link twice as fast with a VM twice as busy takes half the time, seed for seed (seeded random VMs)", () => {
  // Every time of the model is a size over a rate or a given duration: pages go at the
  // bandwidth (and cap), writes and reads come at their rates per second, the latency,
  // zero-page scan, setup, resume and downtime limit are seconds. Doubling every rate and
  // halving every duration halves every time and leaves the bytes, pages, rounds and faults:
  // the page-level draws too (a Poisson stream at twice the rate is the same stream in
  // half the time), in every technique and fidelity.
  const fields = ["totalSeconds", "downtimeSeconds", "stallSeconds"] as const;
  const counts = ["bytesSent", "pagesSent", "rounds", "remoteFaults", "zeroPagesSent"] as const;
  for (let seed = 0; seed < 30; seed++) {
    const r = createPrng(seed, "time-scaling-property");
    const zero = r() < 0.4
      ? { zeroPages: { initialShare: r() * 0.5, zeroingWriteShare: r() * 0.5 } }
      : {};
    const rates = { writesPerSecond: r() * 2000, readsPerSecond: r() * 1000 };
    const kind = Math.floor(r() * 3);
    const workload: VmSpec["workload"] = kind === 0
      ? { kind: "uniform", ...rates, ...zero }
      : kind === 1
      ? { kind: "hot-cold", ...rates, hotFraction: 0.1, hotShare: 0.9, ...zero }
      : { kind: "zipf", ...rates, exponent: 1, ...zero };
    const vm: VmSpec = {
      pageCount: 8 + Math.floor(r() * 200),
      pageSizeBytes: 1024,
      stateBytes: Math.floor(r() * 5000),
      workload,
    };
    const link: LinkSpec = {
      bandwidthBytesPerSecond: 1e5 + r() * 1e6,
      latencySeconds: r() * 0.01,
      pageOverheadBytes: 8,
      zeroPageSeconds: r() * 1e-5,
      ...(r() < 0.3 ? { maxBandwidthBytesPerSecond: 1e5 + r() * 1e6 } : {}),
    };
    const limit = 0.01 + r() * 0.3, setup = r() * 0.01, resume = r() * 0.01;
    const busier: VmSpec = {
      ...vm,
      workload: {
        ...workload,
        writesPerSecond: 2 * rates.writesPerSecond,
        readsPerSecond: 2 * rates.readsPerSecond,
      } as VmSpec["workload"],
    };
    const faster: LinkSpec = {
      ...link,
      bandwidthBytesPerSecond: 2 * link.bandwidthBytesPerSecond,
      latencySeconds: link.latencySeconds! / 2,
      zeroPageSeconds: link.zeroPageSeconds! / 2,
      ...(link.maxBandwidthBytesPerSecond === undefined
        ? {}
        : { maxBandwidthBytesPerSecond: 2 * link.maxBandwidthBytesPerSecond }),
    };
    const runs = [
      ["page", "offline"],
      ["page", "pre-copy"],
      ["page", "time-series-pre-copy"],
      ["page", "post-copy"],
      ["page", "hybrid"],
      ["closed-form", "offline"],
      ["closed-form", "pre-copy"],
      ["closed-form", "post-copy"],
    ] as const;
    for (const [fidelity, technique] of runs) {
      const options = (scale: number) =>
        ({
          technique,
          fidelity,
          seed,
          setupSeconds: scale * setup,
          resumeSeconds: scale * resume,
          ...(technique === "pre-copy" || technique === "time-series-pre-copy"
            ? {
              stopRules: [
                { kind: "max-downtime", seconds: scale * limit },
                { kind: "max-rounds", rounds: 30 },
              ],
            }
            : {}),
          ...(technique === "hybrid" ? { preCopyRounds: 3 } : {}),
        }) as MigrateOptions;
      const a = migrate(vm, link, options(1));
      const b = migrate(busier, faster, options(0.5));
      const what = `seed ${seed}, ${technique} (${fidelity})`;
      for (const f of fields) {
        assert.ok(Math.abs(a[f] - 2 * b[f]) <= 1e-9 * a[f], `${what}: ${f} ${a[f]} != 2 x ${b[f]}`);
      }
      for (const f of counts) {
        assert.ok(
          Math.abs(a[f] - b[f]) <= 1e-9 * Math.max(1, a[f]),
          `${what}: ${f} ${a[f]} != ${b[f]}`,
        );
      }
    }
  }
});
