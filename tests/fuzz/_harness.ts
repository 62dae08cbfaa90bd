/**
 * The fuzz harness: calls every exported function and class of a library area with
 * arbitrary values in every argument position and checks that each call either
 * returns a result passing the area's invariants or throws the project's named error.
 *
 * - Entry points are enumerated from the modules' exports (every non-underscore file
 *   of `lib/<area>/`), so new exports are covered automatically. Non-function exports
 *   (constants) must be listed in {@link CONSTANT_EXPORTS}; types have no runtime value.
 * - Values: every JSON type, numbers at the edges (NaN, ±Infinity, 5e-324, 1e308, -0,
 *   1e9, 1e20), null, undefined, empty, small and huge (100,000-element) arrays, objects
 *   whose keys are the area's own field names (harvested from its sources) plus unknown
 *   names, the area's own string literals (kinds, names), generators (seeded, constant,
 *   NaN-returning, out of range), and, for entry points with seeds in `_seeds.ts`,
 *   valid-looking arguments with one field broken, added or removed.
 * - The named error: an `Error` whose message follows the grammar of `lib/_validate.ts`
 *   (any error of the entry points in {@link UNCHECKED_ARGUMENTS}, documented unchecked),
 *   `Cannot <action> as <field> must <condition>: current value is <value>`
 *   ({@link isNamedError}). Errors of Deno's file system (`Deno.errors.*`, which name the
 *   path) and the sandbox's permission denials are accepted too.
 * - Invariants of every result: no NaN anywhere but the documented sentinel fields of
 *   {@link MAY_BE_NAN}, no ±Infinity unless the entry point is listed in
 *   {@link MAY_BE_INFINITE} (with the reason), SVG without NaN/Infinity, and a
 *   bounded work budget: every generator handed to the library counts its calls and
 *   throws {@link WorkBudgetExceeded} past {@link GENERATOR_CALL_BUDGET} calls.
 * - Runs are bounded by case counts (configuration caps), never by wall-clock time;
 *   the seed is fixed, so every run is reproducible. `FUZZ_RUNS` scales the case count;
 *   `FUZZ_REPORT=1` prints every failure class; `FUZZ_TRACE=1` prints each call before
 *   making it (to find a hang).
 *
 * Adding an area is one line in `fuzz_test.ts`: `fuzzArea("migration")`.
 *
 * @module
 */
import fc from "npm:fast-check@4.10.2";
import { nonFiniteGeometry } from "../../lib/plot/_render.ts";

/** Calls a generator handed to the library may take before the call counts as a hang. */
export const GENERATOR_CALL_BUDGET = 2_000_000;
/** Length of the huge array among the arbitrary values. */
export const HUGE_ARRAY_LENGTH = 100_000;
/** Most nodes of a result the invariant check walks. */
const MAX_SCAN_NODES = 200_000;

/** Thrown by a generator past its call budget: the call did unbounded work. */
export class WorkBudgetExceeded extends Error {
  override name = "WorkBudgetExceeded";
}

/**
 * Constants exported on purpose (not entry points): name -> why it is not called.
 * Every non-function export must be listed here, so a new one is a conscious choice.
 */
export const CONSTANT_EXPORTS: Record<string, string> = {
  CONSOLIDATION_DECISIONS: "data-centre decision strategies by name (strategy objects)",
  ENERGY_INTEGRATORS: "data-centre energy integrators by name (strategy objects)",
  LIU2011_MIGRATION_ENERGY: "Liu et al. 2011 migration-energy coefficients (plain data)",
  QEMU_DIRTY_LOGGING_SLOWDOWN: "the measured QEMU guest slowdown under dirty logging (a number)",
  MIGRATION_ENERGY_MODELS: "migration-energy models by name (strategy objects)",
  VM_SELECTORS: "data-centre VM selectors by name (strategy objects)",
  ZIPF_EXACT_PAGES: "page count up to which the Zipf model keeps one run per page (number)",
  ZIPF_TAIL_SHARE: "write share below which the Zipf tail is lumped into one run (number)",
  PLACEMENT_WORK_LIMITS:
    "largest instances of the placement algorithms without an index (plain data)",
  DEFAULT_MAX_EVENTS: "default cap of the event queue (number)",
  RESTORATION_TECHNIQUES: "list of restoration technique names",
  DEFAULT_HYPERVISOR_COST: "default hypervisor cost model (plain data)",
  PARTITION_HEURISTICS: "list of partitioning heuristic names",
  PARTITION_TESTS: "list of partitioning test names",
  TARGET_POLICIES: "list of migration target policy names",
  DEFAULT_SCHEDULE_MAX_EVENTS: "default cap of the schedule simulator (number)",
  MONTE_CARLO_CHUNK_MISSIONS: "missions per Monte Carlo chunk (number)",
  DEFAULT_STUDY_CONFIG: "the default study configuration (plain data)",
  STUDY_METRICS: "list of study metric names",
  CONSOLIDATION_METRICS: "list of consolidation metric names",
  DATACENTER_TIMELINE_METRICS: "list of timeline metric names",
  JUPYTER_DISPLAY: "the Jupyter display symbol",
  COMPARISON_METRICS: "list of comparison metric names",
  CONSOLIDATION_RUNS: "registry of consolidation run kinds",
  MIGRATION_RUNS: "registry of migration run kinds",
  RELIABILITY_RUNS: "registry of reliability run kinds",
  RT_FEASIBILITY_RUNS: "registry of real-time feasibility run kinds",
  BELOGLAZOV2012_RUNS: "registry of Beloglazov 2012 evaluation run kinds",
  SWEEP_RUN_KINDS: "registry of all sweep run kinds",
  LIBRARY_VERSION: "the library's version (plain data)",
  TRACE_MAGIC: "the trace format's magic bytes",
  TRACE_VERSION: "the trace format's version",
  MAX_PAGE_COUNT: "largest page count a VM may have",
  COMPARED_ALGORITHMS: "list of placement algorithm names comparePlacements runs",
  DIMENSIONS: "list of the placement model's resource dimensions",
  START_PLACEMENT: "the default page placement (plain data)",
  WORKLOAD_KINDS: "list of workload kind names",
  WORKLOAD_MODELS: "registry of workload models by kind",
  ZIPF_RUN_SPREAD: "relative spread of one run of the Zipf model (number)",
  hotColdModel: "the hot-cold workload model (registry entry)",
  idleModel: "the idle workload model (registry entry)",
  phasedModel: "the phased workload model (registry entry)",
  sequentialModel: "the sequential workload model (registry entry)",
  traceModel: "the trace workload model (registry entry)",
  uniformModel: "the uniform workload model (registry entry)",
  zipfModel: "the Zipf workload model (registry entry)",
  CLOSED_FORM_TECHNIQUES: "list of techniques with a closed form",
  DEFAULT_PAGE_SIZE_BYTES: "default page size (number)",
  DEFAULT_STATE_BYTES: "default device state size (number)",
  DEFAULT_PRESET: "the default migration preset (plain data)",
  DEFAULT_SAMPLER: "the default page-level sampler name",
  SAMPLER_OPTIONS: "list of page-level sampler names",
  DEFAULT_TECHNIQUE_VARIANTS: "the default technique variants (plain data)",
  KUBEVIRT_CONTROLLER: "KubeVirt's migration controller settings (plain data)",
  NOVA_CONTROLLER: "Nova's migration controller settings (plain data)",
  MAX_PUSH_ROUNDS: "cap on push rounds (number)",
  MECHANISM_DEFAULTS: "default settings of every mechanism (plain data)",
  MECHANISM_NAMES: "list of mechanism names",
  POSTCOPY_AFTER_PRECOPY: "post-copy switch after one pass (plain data)",
  POST_COPY_FETCHES: "list of post-copy fetch modes",
  POST_COPY_MAX_EVENTS: "cap on post-copy events (number)",
  POST_COPY_MAX_SECONDS: "cap on post-copy simulated time (number)",
  PRESETS: "registry of migration presets (plain data)",
  PRESET_NAMES: "list of preset names",
  QEMU_PRESET: "the qemu preset (plain data)",
  XEN_PRESET: "the xen preset (plain data)",
  XEN_LEGACY_PRESET: "the xen-legacy preset (plain data)",
  SIMGRID_PRESET: "the simgrid preset (plain data)",
  QEMU_STOP_RULES: "QEMU's stop rules (plain data)",
  XEN_STOP_RULES: "Xen's stop rules (plain data)",
  TECHNIQUES: "registry of technique functions (each fuzzed under its own name)",
  TECHNIQUE_NAMES: "list of technique names",
  BELOGLAZOV2012_VM_TYPES: "CloudSim 3.0.3's VM types (plain data)",
  BELOGLAZOV2012_EXPERIMENTS: "list of Beloglazov 2012 experiments (plain data)",
  PLANETLAB_DAYS: "list of the ten PlanetLab day names",
  DEFAULT_PLANETLAB_DAY: "the PlanetLab day read by default",
  PLANETLAB_FOLDER_ENV: "name of the environment variable of the PlanetLab folder",
  DOUBLE_THRESHOLD_SELECTIONS: "list of double-threshold selection names",
  MIGRATION_COST_MODELS: "registry of migration cost models (strategies of simulateDatacenter)",
  OVERLOAD_DETECTORS: "registry of overload detectors (strategies of simulateDatacenter)",
  PLACEMENT_RULES: "registry of placement rules (strategies of simulateDatacenter)",
  PLACERS: "registry of target-host searches (strategies of simulateDatacenter)",
  CLOUDSIM_3_0_3_QUIRKS: "CloudSim 3.0.3's quirks (plain data)",
  CONSOLIDATION_ALLOCATIONS: "list of allocation policy names",
  DEFAULT_ALLOCATION_PARAMETERS: "the paper's parameter per allocation policy (plain data)",
  SPECPOWER_HP_ML110_G4: "SPECpower table of the HP ML110 G4 (plain data)",
  SPECPOWER_HP_ML110_G5: "SPECpower table of the HP ML110 G5 (plain data)",
  ADMISSION_LIMITS: "admission limits of real systems by name (plain data)",
  ADVICE_COSTS: "list of advice cost names",
  ADVICE_DOWNTIME_KNOBS_SECONDS: "downtime targets the advisor tries (numbers)",
  ADVICE_HYBRID_ROUNDS: "push rounds the advisor tries for hybrid migration (numbers)",
  ADVICE_MULTIFD_CHANNELS: "multifd channel counts the advisor tries (numbers)",
  QEMU_ACCEPTANCE_TOLERANCE: "tolerance of the QEMU acceptance rules (number)",
  QEMU_FINAL_COPY_MIN_BYTES: "smallest final copy counted for the final-copy rate (number)",
  QEMU_FIRST_TOUCH_RECORD_FORMAT: "format tag of the first-touch record (string)",
  QEMU_FIXED_COST_MAX_BYTES: "largest final copy counted as nothing sent (number)",
  QEMU_GRID_WALK_START_SECONDS: "guest seconds of writing before migrate on the grid (number)",
  QEMU_GUEST_CHANGED_BYTES_PER_WRITE: "bytes of a page the validation guest changes per write",
  QEMU_GUEST_HIDDEN_PAGES: "pages the validation guest sees short of its RAM (number)",
  QEMU_PAGE_HEADER_BYTES: "bytes QEMU puts before every page (number)",
  QEMU_RECORD_FORMAT: "format tag of the QEMU record (string)",
  QEMU_TIME_RESOLUTION_SECONDS: "QEMU's time resolution in query-migrate (number)",
  QEMU_X86_PAGE_SIZE_BYTES: "QEMU's target page size on x86 (number)",
};

/** Why the `xxxMarks` helpers of lib/plot may return Infinity: inside Plot's own mark objects. */
const PLOT_MARKS_INFINITY =
  "returns Observable Plot mark objects, whose text marks default lineWidth to Infinity (no wrapping)";

/**
 * Entry points whose results may hold ±Infinity by definition, with the reason.
 * NaN is never allowed.
 */
export const MAY_BE_INFINITE: Record<string, string> = {
  mttf: "a system that never fails has an infinite mean time to failure",
  meanLifetime: "a lifetime that never ends has an infinite mean",
  coldStandbyMttf: "infinite when the spare never fails",
  warmStandbyMttf: "infinite when no unit fails",
  meanTimeToAbsorption: "infinite when absorption is unreachable",
  hazardAt: "the hazard of some distributions is unbounded at t = 0",
  densityAt: "the density of a Weibull with shape < 1 is unbounded at t = 0",
  minimumProcessors: "Infinity marks a task set no processor count can schedule",
  responseTimeAnalysis: "Infinity marks an unschedulable task",
  analyzeFixedPriority: "Infinity marks an unschedulable task",
  analyzeEdf: "Infinity marks an unbounded busy period",
  affordableDowntime: "Infinity when no deadline constrains the downtime",
  supplyBound: "infinite time for an infinite demand",
  minimumBudget: "Infinity marks an impossible budget",
  utilizationBounds: "bounds may be unbounded",
  "EventQueue#peekTime": "Infinity is the documented time of an empty queue",
  importanceMeasures: "risk reduction worth is infinite for a single point of failure",
  faultTreeImportance: "risk reduction worth is infinite for a single point of failure",
  kOutOfNIdentical: "log-probabilities are -Infinity for probabilities of 0",
  planRealTimeMigrations: "an outage that is never restored ends at Infinity",
  resolveAdmissionLimits: "Infinity is the documented value of an unset limit (it never binds)",
  advise: "the returned goal holds Infinity for an unset limit (its documented default)",
  consolidationMetricsMarks: PLOT_MARKS_INFINITY,
  datacenterTimelineMarks: PLOT_MARKS_INFINITY,
  faultOutageMarks: PLOT_MARKS_INFINITY,
  feasibilityMapMarks: PLOT_MARKS_INFINITY,
  placementComparisonMarks: PLOT_MARKS_INFINITY,
  reliabilityCurvesMarks: PLOT_MARKS_INFINITY,
  roundsMarks: PLOT_MARKS_INFINITY,
  sweepMetricMarks: PLOT_MARKS_INFINITY,
  sweepPlaneMarks: PLOT_MARKS_INFINITY,
  techniqueComparisonMarks: PLOT_MARKS_INFINITY,
  timelineMarks: PLOT_MARKS_INFINITY,
  validationScatterMarks: PLOT_MARKS_INFINITY,
  validationErrorsMarks: PLOT_MARKS_INFINITY,
};

/**
 * Result fields of an entry point documented as Infinity (a default meaning "no limit"), with
 * the reason; Infinity elsewhere in its results still fails, unless the entry point is in
 * {@link MAY_BE_INFINITE}.
 */
export const INFINITE_FIELDS: Record<string, { fields: readonly string[]; reason: string }> = {
  resolveMechanisms: {
    fields: ["multifd.packBytesPerSecondPerChannel"],
    reason: "documented default Infinity: the channels pack as fast as the link sends",
  },
};

/**
 * Result fields documented as NaN when there is nothing to report (a sentinel), per entry
 * point, with the reason. NaN anywhere else is never allowed.
 */
export const MAY_BE_NAN: Record<string, { fields: readonly string[]; reason: string }> = {
  advise: {
    fields: [
      "neededBandwidthBytesPerSecond",
      "neededWriteShare",
      "neededSlowdown",
      "estimatedTotalSeconds",
      "estimatedDowntimeSeconds",
    ],
    reason: "documented NaN when the goal is met or no change would meet it, or no estimate",
  },
  finiteMedian: { fields: ["median"], reason: "documented NaN when no value is finite" },
  summarizeQemuComparisons: {
    fields: ["medianAbs", "maxAbs"],
    reason: "documented NaN spreads when no point has errors",
  },
};

/**
 * Entry points documented as not checking their arguments (for speed), with the reason:
 * any error they throw is accepted, but a result they return is still checked.
 */
export const UNCHECKED_ARGUMENTS: Record<string, string> = {
  "Bitset#set": "documented unchecked for speed (pages must be integers in [0, size))",
  "Bitset#unset": "documented unchecked for speed (pages must be integers in [0, size))",
  "Bitset#has": "documented unchecked for speed (pages must be integers in [0, size))",
  "Bitset#setRange": "documented unchecked, as set (0 <= from <= to <= size)",
  "Bitset#unsetRange": "documented unchecked, as set (0 <= from <= to <= size)",
  // Not stated as unchecked in their JSDoc, but the engine's per-page loops run through
  // them like set/has (the class checks only its size): left to the class's contract.
  "Bitset#copyFrom": "a Bitset of the same size, per the JSDoc; engine hot path, unchecked",
  "Bitset#countAnd": "a Bitset of the same size, per the JSDoc; engine hot path, unchecked",
  "Bitset#forEach": "a visitor function; engine hot path, unchecked",
  "Bitset#nextSet": "a page number; engine hot path, unchecked like has",
  "Bitset#nextClear": "a page number; engine hot path, unchecked like has",
  "Bitset#prevClear": "a page number; engine hot path, unchecked like has",
};

/** The project's error grammar (lib/_validate.ts). */
const GRAMMAR = /^Cannot \S.* as \S.* must \S.*: current value is [\s\S]+$/;

/** True for the project's named error: an Error whose message follows the grammar. */
export function isNamedError(error: unknown): boolean {
  return error instanceof Error && GRAMMAR.test(error.message);
}

/** True for errors of the file system or the sandbox (they name the path). */
function isEnvironmentError(error: unknown): boolean {
  return Object.values(Deno.errors).some((kind) => error instanceof kind);
}

/** One generator counting its calls against the budget. */
function budgeted(name: string, next: () => number): () => number {
  let calls = 0;
  const generator = () => {
    if (++calls > GENERATOR_CALL_BUDGET) {
      throw new WorkBudgetExceeded(`generator ${name} called more than ${GENERATOR_CALL_BUDGET}`);
    }
    return next();
  };
  Object.defineProperty(generator, "toJSON", { value: () => `<generator ${name}>` });
  return generator;
}

/** A small seeded generator (mulberry32) for the arbitrary generators. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE_ARRAY: readonly number[] = Object.freeze(
  Array.from({ length: HUGE_ARRAY_LENGTH }, (_, i) => (i % 7) / 7),
);

const EDGE_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  5e-324,
  -5e-324,
  1e308,
  -1e308,
  -0,
  0,
  1,
  -1,
  2,
  3,
  0.5,
  0.999,
  10,
  100,
  1e9,
  1e20,
  2 ** 53,
  1e-9,
];

/** The field names and string literals of an area, harvested from its sources. */
export interface Vocabulary {
  keys: string[];
  strings: string[];
}

/** Harvests field names and string literals from the sources under `lib/<area>/`. */
export function harvestVocabulary(dirs: string[]): Vocabulary {
  const keys = new Set<string>();
  const strings = new Set<string>();
  for (const dir of dirs) {
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith(".ts")) continue;
      const text = Deno.readTextFileSync(`${dir}/${entry.name}`);
      for (const m of text.matchAll(/^\s+(?:readonly\s+)?([a-z][A-Za-z0-9]{1,40})\??:/gm)) {
        keys.add(m[1]!);
      }
      for (const m of text.matchAll(/"([A-Za-z][A-Za-z0-9 _.:/-]{0,30})"/g)) strings.add(m[1]!);
    }
  }
  return { keys: [...keys].sort(), strings: [...strings].sort() };
}

/** The arbitrary value of every JSON type (and a few non-JSON ones), for one area. */
export function arbitraryValue(vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  const number = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
    { weight: 2, arbitrary: fc.integer({ min: -3, max: 12 }) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  );
  const string = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...vocabulary.strings) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("", " ", "\uFEFF", "1GiB", "10s", "1Gbps", "x".repeat(10_000)),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  const generator = fc.oneof(
    fc.integer({ min: 0, max: 1000 }).map((seed) => budgeted(`seeded(${seed})`, mulberry32(seed))),
    fc.constantFrom(NaN, 0, 0.5, 0.9999999, 1, -1, Infinity).map((c) =>
      budgeted(`constant(${c})`, () => c)
    ),
  );
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...vocabulary.keys) },
    { weight: 1, arbitrary: fc.constantFrom("bogusOption", "__proto__", "constructor", "") },
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { weight: 4, arbitrary: number },
      { weight: 3, arbitrary: string },
      { weight: 1, arbitrary: fc.boolean() },
      { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
      { weight: 1, arbitrary: generator },
      { weight: 1, arbitrary: fc.constant(HUGE_ARRAY) },
      { weight: 3, arbitrary: fc.array(tie("value"), { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.array(number, { minLength: 1, maxLength: 30 }) },
      { weight: 4, arbitrary: fc.dictionary(key, tie("value"), { maxKeys: 6 }) },
    ),
  }));
  return value;
}

/** Replaces, removes or adds one field somewhere inside a valid-looking value. */
function breakOneField(
  seed: unknown,
  value: fc.Arbitrary<unknown>,
  vocabulary: Vocabulary,
): fc.Arbitrary<unknown> {
  // Paths to every node of the seed.
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    // The root is the argument list itself: break its items, not the list.
    if (path.length > 0) paths.push(path);
    if (typeof node === "function") return;
    if (Array.isArray(node)) node.slice(0, 50).forEach((v, i) => walk(v, [...path, i]));
    else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(seed, []);
  return fc.tuple(
    fc.constantFrom(...paths),
    fc.constantFrom("replace", "replace", "replace", "remove", "add"),
    value,
    fc.constantFrom("bogusOption", ...vocabulary.keys),
  ).map(([path, action, replacement, extraKey]) => {
    const root = { v: clone(seed) };
    let parent: Record<string | number, unknown> = root;
    let key: string | number = "v";
    for (const step of path) {
      parent = parent[key] as Record<string | number, unknown>;
      key = step;
    }
    const target = parent[key];
    if (action === "replace") parent[key] = replacement;
    else if (action === "remove") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (target !== null && typeof target === "object" && !Array.isArray(target)) {
      (target as Record<string, unknown>)[extraKey] = replacement;
    } else parent[key] = replacement;
    return root.v;
  });
}

/** Deep copy keeping functions (generators) as they are. */
function clone(value: unknown): unknown {
  if (typeof value === "function" || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(clone);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
}

/** Seeds: for an entry point, argument lists known to be valid. Generators via `prng()`. */
export type Seeds = Record<string, () => unknown[][]>;

/** A fresh seeded generator for seeds. */
export function prng(seed = 1): () => number {
  return budgeted(`seed-prng(${seed})`, mulberry32(seed));
}

/** What went wrong in one call. */
export interface Failure {
  entry: string;
  kind: string;
  detail: string;
  args: string;
}

/** Result fields that carry the caller's own data back unchanged (not checked). */
const PASS_THROUGH_KEYS = new Set(["payload"]);

/** Checks a result's invariants; returns the problem or undefined. */
function checkResult(entry: string, result: unknown, args: unknown[]): string | undefined {
  const infiniteOk = Object.hasOwn(MAY_BE_INFINITE, entry);
  const nanFields = Object.hasOwn(MAY_BE_NAN, entry) ? MAY_BE_NAN[entry]!.fields : [];
  const infiniteFields = Object.hasOwn(INFINITE_FIELDS, entry)
    ? INFINITE_FIELDS[entry]!.fields
    : [];
  const seen = new Set<unknown>();
  const stack: [unknown, string][] = [[result, "result"]];
  let nodes = 0;
  while (stack.length > 0 && nodes++ < MAX_SCAN_NODES) {
    const [node, path] = stack.pop()!;
    if (typeof node === "number") {
      if (Number.isNaN(node)) {
        if (nanFields.some((field) => path.endsWith(`.${field}`))) continue;
        return `NaN at ${path}`;
      }
      if (!Number.isFinite(node) && !infiniteOk) {
        if (node === Infinity && infiniteFields.some((field) => path.endsWith(`.${field}`))) {
          continue;
        }
        return `${node} at ${path}`;
      }
      continue;
    }
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    if (node instanceof Map) {
      for (const [k, v] of node) stack.push([v, `${path}.get(${String(k)})`]);
      continue;
    }
    if (ArrayBuffer.isView(node)) {
      // At most MAX_SCAN_NODES items (a bitset of 2^32 pages holds 2^27 words).
      const view = node as unknown as ArrayLike<number>;
      for (let i = 0; i < Math.min(view.length, MAX_SCAN_NODES); i++) {
        stack.push([view[i], `${path}[${i}]`]);
      }
      continue;
    }
    const toSvg = (node as { toSvg?: unknown }).toSvg;
    if (typeof toSvg === "function") {
      const svg = String(toSvg.call(node));
      // coordinates and sizes never; text only where the caller's own strings (a series
      // named "NaN") put the word there
      const geometry = nonFiniteGeometry(svg);
      if (geometry !== null) return `SVG with ${geometry} at ${path}`;
      for (const word of ["NaN", "Infinity"]) {
        if (svg.includes(word) && !inputStrings(args).some((x) => x.includes(word))) {
          return `SVG with ${word} at ${path}`;
        }
      }
    }
    for (const [k, v] of Object.entries(node)) {
      if (!PASS_THROUGH_KEYS.has(k)) stack.push([v, `${path}.${k}`]);
    }
  }
  return undefined;
}

/** The strings anywhere in the arguments (at most MAX_SCAN_NODES values visited). */
function inputStrings(args: unknown[]): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [args];
  let nodes = 0;
  while (stack.length > 0 && nodes++ < MAX_SCAN_NODES) {
    const node = stack.pop();
    if (typeof node === "string") out.push(node);
    else if (node !== null && typeof node === "object" && !seen.has(node)) {
      seen.add(node);
      if (ArrayBuffer.isView(node)) continue;
      for (const [k, v] of Object.entries(node)) stack.push(k, v);
    }
  }
  return out;
}

function describe(args: unknown[]): string {
  try {
    const text = JSON.stringify(
      args,
      (_k, v) =>
        typeof v === "number" && !Number.isFinite(v)
          ? String(v)
          : v === undefined
          ? "<undefined>"
          : Array.isArray(v) && v.length > 20
          ? `<array ${v.length}>`
          : typeof v === "string" && v.length > 40
          ? `<string ${v.length}>`
          : v,
    );
    return text.length > 300 ? text.slice(0, 297) + "..." : text;
  } catch {
    return String(args);
  }
}

function isClass(value: unknown): value is new (...args: unknown[]) => unknown {
  return typeof value === "function" &&
    /^class\b/.test(Function.prototype.toString.call(value));
}

/** Arguments for a function returned by an entry point. */
const RESULT_FUNCTION_ARGS = (): unknown[][] => [
  [],
  [budgeted("seeded(5)", mulberry32(5))],
  [budgeted("constant(NaN)", () => NaN)],
  [budgeted("constant(1)", () => 1)],
  [null],
  ["x"],
];

/** Calls `fn` and classifies the outcome; returns the failure or undefined. */
async function probe(
  entry: string,
  args: unknown[],
  call: () => unknown,
): Promise<Failure | undefined> {
  if (Deno.env.get("FUZZ_TRACE")) console.error(`call ${entry} ${describe(args)}`);
  try {
    let result = call();
    if (result instanceof Promise) result = await result;
    const problem = checkResult(entry, result, args);
    if (problem !== undefined) {
      return { entry, kind: "invariant", detail: problem, args: describe(args) };
    }
    // A returned function (a generator, a sampler) is an entry point too: call it
    // with a valid generator, a NaN-returning one, an arbitrary value and nothing.
    if (typeof result === "function" && !isClass(result) && !entry.endsWith("()")) {
      for (const inner of RESULT_FUNCTION_ARGS()) {
        const failure = await probe(`${entry}()`, inner, () => result(...inner));
        if (failure) return { ...failure, args: `${describe(args)} then ${failure.args}` };
      }
    }
    return undefined;
  } catch (error) {
    if (isNamedError(error) || isEnvironmentError(error)) return undefined;
    if (Object.hasOwn(UNCHECKED_ARGUMENTS, entry) && !(error instanceof WorkBudgetExceeded)) {
      return undefined;
    }
    const kind = error instanceof WorkBudgetExceeded ? "hang" : "raw-error";
    const detail = error instanceof Error
      ? `${error.constructor.name}: ${error.message.split("\n")[0]!.slice(0, 160)}`
      : `non-Error thrown: ${String(error)}`;
    return { entry, kind, detail, args: describe(args) };
  }
}

/** Options of {@link fuzzEntries}. */
export interface FuzzOptions {
  /** Cases over the whole group (split between its entry points). */
  cases: number;
  /** fast-check seed. */
  seed: number;
  /** Seeds of valid arguments per entry point. */
  seeds: Seeds;
  /** Harvested vocabulary. */
  vocabulary: Vocabulary;
}

/** Loads every export of the non-underscore modules of the given folders. */
export async function loadEntries(
  dirs: string[],
  skipFiles: string[] = [],
): Promise<{ entries: [string, unknown][]; undocumentedConstants: string[] }> {
  const entries: [string, unknown][] = [];
  const undocumentedConstants: string[] = [];
  for (const dir of dirs) {
    const files = [...Deno.readDirSync(dir)]
      .map((e) => e.name)
      .filter((n) => n.endsWith(".ts") && !n.startsWith("_") && !skipFiles.includes(n))
      .sort();
    for (const file of files) {
      const module = await import(`${dir}/${file}`);
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === "function") entries.push([name, value]);
        else if (!Object.hasOwn(CONSTANT_EXPORTS, name)) undocumentedConstants.push(name);
      }
    }
  }
  return { entries, undocumentedConstants };
}

/** Fuzzes the given entry points; returns every failure. */
export async function fuzzEntries(
  entries: [string, unknown][],
  options: FuzzOptions,
): Promise<{ failures: Failure[]; calls: number }> {
  const { cases, seed, seeds, vocabulary } = options;
  const value = arbitraryValue(vocabulary);
  const failures: Failure[] = [];
  let calls = 0;
  const perEntry = Math.ceil(cases / Math.max(entries.length, 1));
  for (const [index, [name, fn]] of entries.entries()) {
    const seedArgs = Object.hasOwn(seeds, name) ? seeds[name]!() : [];
    const argLists: fc.Arbitrary<unknown[]>[] = [fc.array(value, { maxLength: 4 })];
    for (const args of seedArgs) {
      argLists.push(
        breakOneField(args, value, vocabulary) as fc.Arbitrary<unknown[]>,
        breakOneField(args, value, vocabulary) as fc.Arbitrary<unknown[]>,
      );
    }
    const samples = fc.sample(fc.oneof(...argLists), { seed: seed + index, numRuns: perEntry });
    // The seeds themselves must pass.
    const all = [...seedArgs.map(clone), ...samples] as unknown[];
    for (const raw of all) {
      const args = Array.isArray(raw) ? raw : [raw];
      calls++;
      if (isClass(fn)) {
        let instance: unknown;
        const failure = await probe(name, args, () => {
          instance = new fn(...args);
          return undefined;
        });
        if (failure) failures.push(failure);
        if (instance !== undefined) {
          const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(instance))
            .filter((m) => m !== "constructor");
          const methodArgs = fc.sample(fc.array(value, { maxLength: 3 }), {
            seed: seed + calls,
            numRuns: methods.length,
          });
          for (const [i, method] of methods.entries()) {
            const margs = methodArgs[i]!;
            calls++;
            const f = await probe(`${name}#${method}`, margs, () => {
              const member = (instance as Record<string, unknown>)[method];
              return typeof member === "function" ? member.apply(instance, margs) : member;
            });
            if (f) failures.push(f);
          }
        }
      } else {
        const failure = await probe(
          name,
          args,
          () => (fn as (...a: unknown[]) => unknown)(...args),
        );
        if (failure) failures.push(failure);
      }
    }
  }
  if (Deno.env.get("FUZZ_TRACE")) console.error(`fuzz done: ${calls} calls`);
  return { failures, calls };
}

/** Failure counts per entry point, most first. */
export function countByEntry(failures: Failure[]): string {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.entry, (counts.get(f.entry) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([e, n]) => `${e}: ${n}`).join(", ");
}

/** Groups failures by entry point and class for a report. */
export function summarize(failures: Failure[]): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const detail = f.detail.replace(/"[^"]*"/g, '"…"').replace(/-?\d[\d.e+-]*/g, "#");
    const key = `${f.entry} | ${f.kind} | ${detail.slice(0, 100)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) =>
      `${list.length}x ${key}\n    e.g. ${list[0]!.detail}\n    args ${list[0]!.args}`
    )
    .join("\n");
}
