/**
 * Property tests of the migration engine over random configurations of every
 * technique (npm:fast-check, fixed seeds so every run is reproducible):
 *
 * - valid configurations always give a consistent, finite, JSON-safe, deterministic
 *   result within 2 s;
 * - invalid configurations (one field broken at a time) always throw a TypeError or
 *   RangeError whose message follows the house grammar and names the field and value.
 *
 * Sizes are bounded so that one run is cheap: at most 4096 pages, and access rates
 * of at most 10x the link's page rate and at most `EVENT_BUDGET` accesses per
 * full-memory round.
 */
import assert from "node:assert/strict";
import fc from "npm:fast-check@4.10.2";
import {
  type LinkSpec,
  MAX_PAGE_COUNT,
  migrate,
  type MigrateOptions,
  type MigrationResult,
  type PagePlacement,
  QEMU_STOP_RULES,
  type StopRule,
  type TechniqueName,
  type VmSpec,
  type WorkloadPhase,
  type WorkloadSpec,
  XEN_STOP_RULES,
} from "../../mod.ts";

/** Most accesses a workload may make during one full-memory round (or pull). */
const EVENT_BUDGET = 20_000;
/** Longest a single migration may take, in milliseconds. */
const MAX_RUN_MILLISECONDS = 2000;
/** Valid configurations per technique and fidelity. */
const PAGE_RUNS = 2000;
const CLOSED_FORM_RUNS = 1000;
/** Invalid configurations per technique and fidelity. */
const INVALID_RUNS = 1500;

type Fidelity = "page" | "closed-form";

/** One call of `migrate()`. */
interface Config {
  vm: VmSpec;
  link: LinkSpec;
  options: MigrateOptions;
}

// ---------------------------------------------------------------- arbitraries

/** A double in [min, max], never NaN and never -0. */
function real(min: number, max: number): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true }).map((x) => x + 0);
}

/** 10^e for e uniform in [lo, hi]. */
function logUniform(lo: number, hi: number): fc.Arbitrary<number> {
  return real(lo, hi).map((e) => 10 ** e);
}

const seedArb: fc.Arbitrary<string | number> = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 8 }),
  real(-1e6, 1e6),
);

const linkArb: fc.Arbitrary<LinkSpec> = fc.record(
  {
    bandwidthBytesPerSecond: logUniform(3, 10),
    latencySeconds: fc.oneof(fc.constant(0), real(0, 0.1)),
    pageOverheadBytes: fc.oneof(fc.integer({ min: 0, max: 64 }), real(0, 64)),
    maxBandwidthBytesPerSecond: fc.oneof(logUniform(3, 10), fc.constant(Infinity)),
  },
  { requiredKeys: ["bandwidthBytesPerSecond"] },
);

/** The sizes of a VM, before its workload. */
interface Sizes {
  pageCount: number;
  pageSizeBytes: number;
  stateBytes: number;
  link: LinkSpec;
}

const sizesArb: fc.Arbitrary<Sizes> = fc.record({
  pageCount: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 4096 })),
  pageSizeBytes: fc.oneof(
    fc.constantFrom(1, 4096, 65536),
    fc.integer({ min: 1, max: 65536 }),
  ),
  stateBytes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1e6 }), real(0, 1e6)),
  link: linkArb,
});

/** Time of one full-memory round and the largest access rate allowed. */
function scale(s: Sizes): { memorySeconds: number; maxRate: number } {
  const { link } = s;
  const rate = Math.min(
    link.bandwidthBytesPerSecond,
    link.maxBandwidthBytesPerSecond ?? Infinity,
  );
  const wire = s.pageSizeBytes + (link.pageOverheadBytes ?? 0);
  const memorySeconds = (s.pageCount * wire) / rate;
  const spanSeconds = memorySeconds + s.stateBytes / rate + 2 * (link.latencySeconds ?? 0);
  return {
    memorySeconds,
    maxRate: Math.min((10 * rate) / wire, EVENT_BUDGET / spanSeconds),
  };
}

/** An access rate: zero, or 1% to 100% of `maxRate`. */
function rateArb(maxRate: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constant(0), real(0.01, 1).map((f) => f * maxRate));
}

type SimpleWorkload = WorkloadPhase["workload"];

/** Idle, uniform, hot-cold or Zipf workloads. */
function simpleArb(maxRate: number): fc.Arbitrary<SimpleWorkload> {
  const rates = fc.record(
    { writesPerSecond: rateArb(maxRate), readsPerSecond: rateArb(maxRate) },
    { requiredKeys: ["writesPerSecond"] },
  );
  return fc.oneof(
    fc.constant({ kind: "idle" as const }),
    rates.map((r) => ({ kind: "uniform" as const, ...r })),
    fc.tuple(rates, real(1e-6, 1), real(0, 1), placementArb).map((
      [r, hotFraction, hotShare, placement],
    ) => ({
      kind: "hot-cold" as const,
      ...r,
      hotFraction,
      hotShare,
      ...placement,
    })),
    fc.tuple(rates, real(0.1, 3), placementArb).map(([r, exponent, placement]) => ({
      kind: "zipf" as const,
      ...r,
      exponent,
      ...placement,
    })),
  );
}

/** No placement (the start), an offset or a scattered layout of the hot ranks. */
const placementArb: fc.Arbitrary<{ placement?: PagePlacement }> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: real(0, 0.999).map((offsetFraction) => ({
      placement: { kind: "offset" as const, offsetFraction },
    })),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 1000 }).map((seed) => ({
      placement: { kind: "scattered" as const, seed },
    })),
  },
);

/** A sequential writer over a random region and stride. */
function sequentialArb(maxRate: number): fc.Arbitrary<WorkloadSpec> {
  return fc.tuple(rateArb(maxRate), real(0, 0.999), real(1e-6, 1), fc.integer({ min: 1, max: 64 }))
    .map(([writesPerSecond, regionStartFraction, regionFraction, stridePages]) => ({
      kind: "sequential" as const,
      writesPerSecond,
      regionStartFraction,
      regionFraction,
      stridePages,
    }));
}

/** Optionally, zero pages on a workload (any layout, any zeroing share). */
function withZeroPages(workload: fc.Arbitrary<WorkloadSpec>): fc.Arbitrary<WorkloadSpec> {
  const zero = fc.record({
    initialShare: real(0, 1),
    zeroingWriteShare: real(0, 1),
    placement: fc.oneof(
      fc.constant({ kind: "top" as const }),
      placementArb.map((p) => p.placement ?? { kind: "start" as const }),
    ),
  }, { requiredKeys: ["initialShare"] });
  return fc.tuple(workload, fc.option(zero, { freq: 3 })).map(([w, z]) =>
    z === null ? w : { ...w, zeroPages: z }
  );
}

/** One to three phases, each 0.1x to 10x a full-memory round long. */
function phasedArb(maxRate: number, memorySeconds: number): fc.Arbitrary<WorkloadSpec> {
  const phase = fc.record({
    durationSeconds: real(-1, 1).map((e) => memorySeconds * 10 ** e),
    workload: simpleArb(maxRate),
  });
  return fc.array(phase, { minLength: 1, maxLength: 3 }).map((phases) => ({
    kind: "phased" as const,
    phases,
  }));
}

/** Up to 40 recorded accesses, sorted, at most `maxRate` of them a second. */
function traceArb(
  pageCount: number,
  maxRate: number,
  memorySeconds: number,
): fc.Arbitrary<WorkloadSpec> {
  const access = fc.record({
    at: real(0, 1),
    page: fc.integer({ min: 0, max: pageCount - 1 }),
    write: fc.boolean(),
  });
  return fc.tuple(fc.array(access, { maxLength: 40 }), real(-1, 1)).map(([list, e]) => {
    const durationSeconds = Math.max(list.length / maxRate, memorySeconds * 10 ** e);
    const accesses = list
      .map((a) => ({ timeSeconds: a.at * durationSeconds, page: a.page, write: a.write }))
      .sort((a, b) => a.timeSeconds - b.timeSeconds);
    return { kind: "trace" as const, durationSeconds, accesses };
  });
}

/** A VM and its link; `simpleOnly` limits the workload to the closed forms' kinds. */
function vmLinkArb(simpleOnly: boolean): fc.Arbitrary<{ vm: VmSpec; link: LinkSpec }> {
  return sizesArb.chain((s) => {
    const { memorySeconds, maxRate } = scale(s);
    const workload: fc.Arbitrary<WorkloadSpec> = simpleOnly ? simpleArb(maxRate) : withZeroPages(
      fc.oneof(
        { weight: 4, arbitrary: simpleArb(maxRate) },
        { weight: 1, arbitrary: sequentialArb(maxRate) },
        { weight: 1, arbitrary: phasedArb(maxRate, memorySeconds) },
        { weight: 1, arbitrary: traceArb(s.pageCount, maxRate, memorySeconds) },
      ),
    );
    return workload.map((w) => ({
      vm: {
        pageCount: s.pageCount,
        pageSizeBytes: s.pageSizeBytes,
        stateBytes: s.stateBytes,
        workload: w,
      },
      link: s.link,
    }));
  });
}

const ruleArb: fc.Arbitrary<StopRule> = fc.oneof(
  fc.integer({ min: 1, max: 50 }).map((rounds) => ({ kind: "max-rounds" as const, rounds })),
  real(0.1, 10).map((memoryFactor) => ({ kind: "max-bytes" as const, memoryFactor })),
  fc.oneof(fc.integer({ min: 0, max: 100 }), real(0, 100)).map((pages) => ({
    kind: "dirty-pages-below" as const,
    pages,
  })),
  fc.constant({ kind: "dirty-rate-exceeds-link" as const }),
  logUniform(-6, 0).map((seconds) => ({ kind: "max-downtime" as const, seconds })),
);

/**
 * Stop rules and write cap. A preset stops within 30 rounds and may keep the default
 * cap; a random list may need up to MAX_PUSH_ROUNDS rounds, so it gets a small cap.
 */
const pushOptionsArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      stopRules: fc.constantFrom(XEN_STOP_RULES, QEMU_STOP_RULES),
      maxWrites: fc.integer({ min: 0, max: 200_000 }),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    stopRules: fc.array(ruleArb, { maxLength: 4 }),
    maxWrites: fc.integer({ min: 0, max: 200_000 }),
  }),
);

/** A preset that brings its own stop rules (none given), with a write cap. */
function presetOptionsArb(names: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    preset: fc.constantFrom(...names),
    maxWrites: fc.integer({ min: 0, max: 200_000 }),
  });
}

/** N and K of time-series pre-copy, given or defaulted (N = 4, K = 2). */
const historyArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 2, max: 8 }).map((historyRounds) => ({ historyRounds })),
  fc.integer({ min: 1, max: 4 }).map((threshold) => ({ threshold })),
  fc.integer({ min: 1, max: 8 }).chain((historyRounds) =>
    fc.integer({ min: 1, max: historyRounds }).map((threshold) => ({ historyRounds, threshold }))
  ),
);

/** Fetch and caps of the pull; pure demand paging always gets a small event cap. */
const pullOptionsArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      fetch: fc.constantFrom("active-push", "prepaging"),
      maxSeconds: logUniform(-3, 2),
      maxEvents: fc.integer({ min: 0, max: 100_000 }),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      fetch: fc.constant("demand"),
      maxSeconds: logUniform(-3, 2),
      maxEvents: fc.integer({ min: 0, max: 50_000 }),
    },
    { requiredKeys: ["fetch", "maxEvents"] },
  ),
);

/** The options of `technique` at page fidelity, without seed and label. */
function pageOptionsArb(technique: TechniqueName): fc.Arbitrary<Record<string, unknown>> {
  switch (technique) {
    case "offline":
      return fc.constant({});
    case "pre-copy":
      return fc.oneof(pushOptionsArb, presetOptionsArb(["qemu", "xen", "xen-legacy"]));
    case "time-series-pre-copy":
      return fc.tuple(fc.oneof(pushOptionsArb, presetOptionsArb(["xen", "xen-legacy"])), historyArb)
        .map(([a, b]) => ({ ...a, ...b }));
    case "post-copy":
      return pullOptionsArb;
    case "hybrid":
      return fc
        .tuple(pullOptionsArb, fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }))
        .map(([a, preCopyRounds]) => (preCopyRounds === undefined ? a : { ...a, preCopyRounds }));
  }
}

/** The options of `technique` in closed form, without seed and label. */
function closedFormOptionsArb(technique: TechniqueName): fc.Arbitrary<Record<string, unknown>> {
  switch (technique) {
    case "pre-copy":
      return fc.record(
        {
          stopRules: fc.oneof(
            fc.constantFrom(XEN_STOP_RULES, QEMU_STOP_RULES),
            fc.array(ruleArb, { maxLength: 4 }),
          ),
          model: fc.constantFrom("rate", "pages"),
        },
        { requiredKeys: [] },
      );
    case "post-copy":
      return fc.record(
        { fetch: fc.constantFrom("active-push", "prepaging") },
        { requiredKeys: [] },
      );
    default:
      return fc.constant({});
  }
}

/** A valid call of `migrate()` with `technique` at `fidelity`. */
function configArb(technique: TechniqueName, fidelity: Fidelity): fc.Arbitrary<Config> {
  const closed = fidelity === "closed-form";
  return fc
    .tuple(
      vmLinkArb(closed && technique === "pre-copy"),
      closed ? closedFormOptionsArb(technique) : pageOptionsArb(technique),
      fc.record(
        { seed: seedArb, label: fc.string({ maxLength: 12 }) },
        { requiredKeys: ["seed"] },
      ),
      fc.boolean(),
    )
    .map(([{ vm, link }, options, common, explicitFidelity]) => ({
      vm,
      link,
      options: {
        technique,
        ...(closed || explicitFidelity ? { fidelity } : {}),
        ...options,
        ...common,
        // Every page-level run is checked: the destination must end up current.
        ...(closed ? {} : { checked: true }),
      } as MigrateOptions,
    }));
}

// ---------------------------------------------------------------- valid runs

const NUMERIC_FIELDS = [
  "totalSeconds",
  "downtimeSeconds",
  "bytesSent",
  "pagesSent",
  "rounds",
  "remoteFaults",
  "stallSeconds",
  "pagesMissing",
] as const;

const ROW_FIELDS = [
  "round",
  "startSeconds",
  "endSeconds",
  "pagesSent",
  "bytesSent",
  "pagesDirtied",
  "writes",
] as const;

/** Asserts that x is a finite number >= 0. */
function assertFiniteNonNegative(x: number, what: string): void {
  assert.ok(Number.isFinite(x) && x >= 0, `${what} must be finite and >= 0: ${x}`);
}

/** Checks every invariant of one result. */
function assertValidResult(r: MigrationResult, c: Config): void {
  const { vm, options } = c;
  assert.equal(r.technique, options.technique);
  assert.equal(r.fidelity, options.fidelity ?? "page");
  if (options.seed !== undefined) assert.equal(r.seed, options.seed);
  if (options.label !== undefined) assert.equal(r.label, options.label);
  for (const field of NUMERIC_FIELDS) assertFiniteNonNegative(r[field], field);
  r.roundRows.forEach((row, i) => {
    for (const field of ROW_FIELDS) assertFiniteNonNegative(row[field], `roundRows[${i}].${field}`);
    assert.equal(row.round, i + 1);
    assert.ok(row.endSeconds >= row.startSeconds, `roundRows[${i}] ends before it starts`);
  });
  // Sums in row order, as the engine adds them.
  let bytes = 0;
  let pages = 0;
  for (const row of r.roundRows) {
    bytes += row.bytesSent;
    pages += row.pagesSent;
  }
  assert.equal(r.bytesSent, bytes, "bytesSent is the sum of the rows");
  const phases = r.liveBytesSent + r.stopAndCopyBytesSent + r.pullBytesSent;
  assert.ok(Math.abs(phases - bytes) <= 1e-9 * bytes, "bytes per phase add up to bytesSent");
  assert.ok(r.zeroPagesSent <= r.pagesSent);
  assert.equal(r.pagesSent, pages, "pagesSent is the sum of the rows");
  assert.equal(r.rounds, r.roundRows.length);
  assert.ok(r.totalSeconds >= r.downtimeSeconds, "totalSeconds >= downtimeSeconds");
  if (r.pagesMissing === 0) {
    assert.ok(r.pagesSent >= vm.pageCount, `pagesSent ${r.pagesSent} < pageCount`);
  }
  assert.ok(r.pagesMissing <= vm.pageCount);
  assert.ok(r.timeline.length >= 2);
  let last = 0;
  for (const event of r.timeline) {
    assertFiniteNonNegative(event.timeSeconds, `timeline ${event.kind}`);
    assert.ok(event.timeSeconds >= last, "timeline times are non-decreasing");
    last = event.timeSeconds;
  }
  assert.equal(r.timeline[0]!.kind, "start");
  assert.equal(r.timeline.at(-1)!.kind, "end");
}

/** Runs `migrate()` on one valid configuration and checks the result. */
function checkValid(c: Config): void {
  const before = structuredClone(c);
  const started = performance.now();
  const r = migrate(c.vm, c.link, c.options);
  const milliseconds = performance.now() - started;
  assert.ok(milliseconds < MAX_RUN_MILLISECONDS, `run took ${milliseconds} ms`);
  assertValidResult(r, c);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, "JSON round-trip");
  assert.deepEqual(migrate(c.vm, c.link, c.options), r, "same seed, same result");
  // fast-check builds some records without a prototype: compare clones of both.
  assert.deepEqual(structuredClone(c), before, "inputs are not mutated");
}

const TECHNIQUES_WITH_SEEDS: readonly [TechniqueName, number][] = [
  ["offline", 101],
  ["pre-copy", 102],
  ["time-series-pre-copy", 103],
  ["post-copy", 104],
  ["hybrid", 105],
];
const CLOSED_FORM: readonly TechniqueName[] = ["offline", "pre-copy", "post-copy"];

for (const [technique, seed] of TECHNIQUES_WITH_SEEDS) {
  Deno.test(
    `migrate() gives consistent, finite, deterministic results for ${PAGE_RUNS} random valid ${technique} configurations`,
    () => {
      fc.assert(fc.property(configArb(technique, "page"), checkValid), {
        numRuns: PAGE_RUNS,
        seed,
      });
    },
  );
}

for (const technique of CLOSED_FORM) {
  Deno.test(
    `migrate() gives consistent, finite results for ${CLOSED_FORM_RUNS} random valid closed-form ${technique} configurations`,
    () => {
      fc.assert(fc.property(configArb(technique, "closed-form"), checkValid), {
        numRuns: CLOSED_FORM_RUNS,
        seed: 200 + CLOSED_FORM.indexOf(technique),
      });
    },
  );
}

// ---------------------------------------------------------------- invalid runs

/** Formats a value as `lib/_validate.ts` does in error messages. */
function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (value === undefined) return "undefined";
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 80 ? json.slice(0, 77) + "..." : json;
}

/** Escapes a string for a regular expression. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** How a field is checked, which decides the error class of a bad value. */
type Check = "number" | "choice" | "object";

/** One field to break: where it is, what the message calls it, and bad values. */
interface Mutation {
  /** Path from the config root (`vm`, `link` or `options`). */
  path: (string | number)[];
  /** The field as the message names it (an `options.` prefix is optional). */
  field: string;
  check: Check;
  values: unknown[];
  /** Replaces the whole message check when the field's message shows something else. */
  shows?: string;
}

const NOT_NUMBERS = ["1", null, true, {}, [2]];
const POSITIVE_BAD = [0, -1, -1e-300, NaN, Infinity, -Infinity, ...NOT_NUMBERS];
const NON_NEGATIVE_BAD = [-1, -1e-9, NaN, Infinity, -Infinity, ...NOT_NUMBERS];
const COUNT_BAD = [0, -1, 1.5, NaN, Infinity, ...NOT_NUMBERS];
const CHOICE_BAD = ["bogus", "", 42, null, {}];
const OBJECT_BAD = [null, "x", 42, [], undefined];
const SEED_BAD = [NaN, Infinity, -Infinity, null, true, {}, []];

/** The fields of a valid config that can be broken, with bad values. */
function mutations(c: Config): Mutation[] {
  const list: Mutation[] = [];
  const add = (path: (string | number)[], check: Check, values: unknown[], field?: string) =>
    list.push({ path, field: field ?? path.join(".").replace(/\.(\d+)/g, "[$1]"), check, values });
  const { vm, options } = c;
  const closed = options.fidelity === "closed-form";
  const technique = options.technique;

  add(["vm"], "object", OBJECT_BAD);
  add(["vm", "pageCount"], "number", [...COUNT_BAD, MAX_PAGE_COUNT + 1]);
  add(["vm", "pageSizeBytes"], "number", COUNT_BAD);
  add(["vm", "stateBytes"], "number", NON_NEGATIVE_BAD);
  add(["vm", "workload"], "object", OBJECT_BAD);
  add(["vm", "workload", "kind"], "choice", [...CHOICE_BAD, undefined]);
  const w = vm.workload;
  if (w.kind === "uniform" || w.kind === "hot-cold" || w.kind === "zipf") {
    add(["vm", "workload", "writesPerSecond"], "number", NON_NEGATIVE_BAD);
    add(["vm", "workload", "readsPerSecond"], "number", NON_NEGATIVE_BAD);
    if (w.kind === "hot-cold") {
      add(["vm", "workload", "hotFraction"], "number", [0, -0.5, 1.5, NaN, Infinity, "0.5", null]);
      add(["vm", "workload", "hotShare"], "number", [-0.1, 1.1, NaN, -Infinity, "1", null]);
    }
    if (w.kind === "zipf") add(["vm", "workload", "exponent"], "number", POSITIVE_BAD);
  }
  if (w.kind === "phased") {
    add(["vm", "workload", "phases"], "object", [[], null, "x", {}]);
    add(["vm", "workload", "phases", 0], "object", OBJECT_BAD);
    add(["vm", "workload", "phases", 0, "durationSeconds"], "number", POSITIVE_BAD);
    add(["vm", "workload", "phases", 0, "workload", "kind"], "choice", ["phased", "trace"]);
  }
  if (w.kind === "trace") {
    add(["vm", "workload", "durationSeconds"], "number", POSITIVE_BAD);
    add(["vm", "workload", "accesses"], "object", [null, "x", {}]);
    if (w.accesses.length > 0) {
      add(["vm", "workload", "accesses", 0, "page"], "number", [
        vm.pageCount,
        -1,
        0.5,
        NaN,
        "0",
        null,
      ]);
      add(["vm", "workload", "accesses", 0, "timeSeconds"], "number", [
        -1,
        w.durationSeconds * 2,
        NaN,
        "0",
        null,
      ]);
      add(["vm", "workload", "accesses", 0, "write"], "choice", ["yes", 1, null, undefined]);
    }
  }
  add(["link"], "object", OBJECT_BAD);
  add(["link", "bandwidthBytesPerSecond"], "number", POSITIVE_BAD);
  add(["link", "latencySeconds"], "number", NON_NEGATIVE_BAD);
  add(["link", "pageOverheadBytes"], "number", NON_NEGATIVE_BAD);
  add(["link", "maxBandwidthBytesPerSecond"], "number", [0, -1, NaN, -Infinity, ...NOT_NUMBERS]);

  add(["options"], "object", OBJECT_BAD);
  add(["options", "technique"], "choice", [...CHOICE_BAD, undefined]);
  add(["options", "fidelity"], "choice", CHOICE_BAD);
  add(["options", "seed"], "choice", closed ? SEED_BAD : [...SEED_BAD, undefined], "seed");
  add(["options", "label"], "choice", [42, null, true, {}], "label");
  add(["options", "preset"], "choice", ["bogus", "", "QEMU", 42, null, true]);
  const push = !closed && (technique === "pre-copy" || technique === "time-series-pre-copy");
  const rules = (options as { stopRules?: readonly StopRule[] }).stopRules;
  const rule = rules?.[0];
  if (push || (closed && technique === "pre-copy")) {
    add(["options", "stopRules"], "object", [null, {}, "max-rounds", 3], "stopRules");
    if (rules !== undefined) {
      add(["options", "stopRules", 0], "object", [null, "x", 1, []], "stopRules[0]");
    }
    if (rule !== undefined) {
      add(
        ["options", "stopRules", 0, "kind"],
        "choice",
        ["max-time", null, 1],
        "stopRules[0].kind",
      );
    }
  }
  if (rule !== undefined && rules !== XEN_STOP_RULES && rules !== QEMU_STOP_RULES) {
    const at = ["options", "stopRules", 0];
    if (rule.kind === "max-rounds") {
      add([...at, "rounds"], "number", COUNT_BAD, "stopRules[0].rounds");
    }
    if (rule.kind === "max-bytes") {
      add([...at, "memoryFactor"], "number", POSITIVE_BAD, "stopRules[0].memoryFactor");
    }
    if (rule.kind === "dirty-pages-below") {
      add([...at, "pages"], "number", NON_NEGATIVE_BAD, "stopRules[0].pages");
    }
    if (rule.kind === "max-downtime") {
      add([...at, "seconds"], "number", POSITIVE_BAD, "stopRules[0].seconds");
    }
  }
  if (push) add(["options", "maxWrites"], "number", NON_NEGATIVE_BAD, "maxWrites");
  if (!closed && technique === "time-series-pre-copy") {
    const history = (options as { historyRounds?: number }).historyRounds ?? 4;
    add(["options", "historyRounds"], "number", [0, 256, 1.5, NaN, "4", null], "historyRounds");
    add(["options", "threshold"], "number", [0, history + 1, 0.5, NaN, "2", null], "threshold");
  }
  if (closed && technique === "pre-copy") {
    add(["options", "model"], "choice", CHOICE_BAD);
  }
  if (technique === "post-copy" || (!closed && technique === "hybrid")) {
    add(["options", "fetch"], "choice", closed ? [...CHOICE_BAD, "demand"] : CHOICE_BAD);
  }
  if (!closed && (technique === "post-copy" || technique === "hybrid")) {
    add(["options", "maxSeconds"], "number", POSITIVE_BAD);
    add(["options", "maxEvents"], "number", [-1, 1.5, NaN, Infinity, ...NOT_NUMBERS]);
  }
  if (!closed && technique === "hybrid") {
    add(["options", "preCopyRounds"], "number", [0, -1, 1.5, NaN, Infinity, ...NOT_NUMBERS]);
  }
  if (closed && technique === "pre-copy") {
    // Valid kinds that the closed form does not cover.
    for (const kind of ["phased", "trace"] as const) {
      const workload: WorkloadSpec = kind === "phased"
        ? { kind, phases: [{ durationSeconds: 1, workload: { kind: "idle" } }] }
        : { kind, durationSeconds: 1, accesses: [] };
      list.push({
        path: ["vm", "workload"],
        field: "vm.workload.kind",
        check: "choice",
        values: [workload],
        shows: show(kind),
      });
    }
  }
  return list;
}

/** Returns a deep copy of `root` with the value at `path` replaced. */
function setPath(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = Array.isArray(root) ? [...root] : { ...(root as Record<string, unknown>) };
  (copy as Record<string | number, unknown>)[head!] = setPath(
    (root as Record<string | number, unknown>)[head!],
    rest,
    value,
  );
  return copy;
}

/** A valid config with exactly one field broken. */
interface Broken {
  config: Config;
  mutation: Mutation;
  value: unknown;
}

function brokenArb(technique: TechniqueName, fidelity: Fidelity): fc.Arbitrary<Broken> {
  return configArb(technique, fidelity).chain((valid) =>
    fc.constantFrom(...mutations(valid)).chain((mutation) =>
      fc.constantFrom(...mutation.values).map((value) => ({
        config: setPath(valid, mutation.path, value) as Config,
        mutation,
        value,
      }))
    )
  );
}

/**
 * Checks the error a broken field causes (class and message grammar). Returns a
 * description of what went wrong, or undefined when the error is right.
 */
function rejection(b: Broken): string | undefined {
  const { config, mutation, value } = b;
  const expectedName = mutation.check === "number" && typeof value === "number"
    ? "RangeError"
    : "TypeError";
  const shown = mutation.shows ?? show(value);
  const field = mutation.field.replace(/^options\./, "");
  const pattern = new RegExp(
    `^Cannot [^:]+ as (options\\.)?${escape(field)} must [^]*: current value is ${escape(shown)}$`,
  );
  try {
    migrate(config.vm, config.link, config.options);
  } catch (error) {
    if (!(error instanceof Error)) return `threw a non-error ${show(error)}`;
    if (error.name !== expectedName || !pattern.test(error.message)) {
      return `threw ${error.name}: ${error.message}`;
    }
    return undefined;
  }
  return "did not throw";
}

/** A short, exact description of a broken value (JSON cannot show NaN or undefined). */
function describe(value: unknown): string {
  return typeof value === "number" || value === undefined ? String(value) : show(value);
}

for (const [technique, seed] of TECHNIQUES_WITH_SEEDS) {
  for (const fidelity of ["page", "closed-form"] as const) {
    if (fidelity === "closed-form" && !CLOSED_FORM.includes(technique)) continue;
    Deno.test(
      `migrate() rejects ${INVALID_RUNS} random invalid ${technique} configurations (${fidelity}) naming the field and value`,
      () => {
        // Every run is checked; the failures are collected (one example each) so that
        // one unvalidated field does not hide another.
        const failures = new Map<string, string>();
        fc.assert(
          fc.property(brokenArb(technique, fidelity), (b) => {
            const problem = rejection(b);
            const key = `${b.mutation.field} = ${describe(b.value)}: ${problem}`;
            if (problem !== undefined && !failures.has(key)) {
              failures.set(key, JSON.stringify(b.config));
            }
          }),
          { numRuns: INVALID_RUNS, seed: seed + (fidelity === "page" ? 1000 : 2000) },
        );
        assert.deepEqual([...failures.keys()].sort(), [], [...failures].join("\n"));
      },
    );
  }
}
