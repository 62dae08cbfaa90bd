/**
 * Valid arguments per entry point, from which the fuzz harness breaks one field at a
 * time (replaced by an arbitrary value, removed, or an unknown option added). Each
 * seed is a list of argument lists, built fresh per use; generators come from `prng()`.
 * Taken from the entry points' own JSDoc examples, kept small so a valid call is cheap.
 *
 * @module
 */
import { prng, type Seeds } from "./_harness.ts";

const link = () => ({ bandwidthBytesPerSecond: 125e6 });
const image = () => ({
  pageCount: 64,
  pageSizeBytes: 4096,
  stateBytes: 0,
  workload: { kind: "idle" },
});
const task = (name = "t") => ({
  name,
  periodSeconds: 0.02,
  wcetSeconds: 0.002,
  deadlineSeconds: 0.02,
});
const tasks = () => [
  { name: "a", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 3 },
  { name: "b", periodSeconds: 6, wcetSeconds: 2, deadlineSeconds: 6 },
];
const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link: link() });
const vm = (name: string) => ({
  name,
  scheduler: "edf",
  server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
  tasks: [task()],
  image: image(),
});
const platform = () => ({
  processors: [processor("p0"), processor("p1")],
  vms: [vm("a")],
  placement: [0],
});
const servedVm = () => ({ tasks: tasks(), server: { periodSeconds: 1, budgetSeconds: 1 } });
const exp = () => ({ kind: "exponential", ratePerSecond: 1e-3 });
const weib = () => ({ kind: "weibull", shape: 2, scaleSeconds: 10 });
const block = () => ({
  kind: "series",
  blocks: [
    { kind: "component", reliability: 0.99, name: "a" },
    {
      kind: "parallel",
      blocks: [
        { kind: "component", lifetime: exp(), name: "b" },
        { kind: "component", reliability: 0.9, name: "c" },
      ],
    },
  ],
});
const tree = () => ({
  kind: "and",
  inputs: [
    {
      kind: "or",
      inputs: [{ kind: "event", name: "a", probability: 0.1 }, {
        kind: "event",
        name: "power",
        probability: 0.01,
      }],
    },
    {
      kind: "or",
      inputs: [{ kind: "event", name: "b", lifetime: exp() }, {
        kind: "event",
        name: "power",
        probability: 0.01,
      }],
    },
  ],
});
const chain = () => ({ states: 2, rates: [[0, 1, 0.001], [1, 0, 0.1]] });
const observations = () => [3, 5, 6, 8, 11].map((t, i) => ({ timeSeconds: t, censored: i === 2 }));
const round = (round: number, phase: string) => ({
  round,
  phase,
  startSeconds: round - 1,
  endSeconds: round,
  pagesSent: 100,
  bytesSent: 409600,
  pagesDirtied: 10,
  writes: 10,
});
const studyRow = (seed: number, totalSeconds: number) => ({
  workload: "idle",
  label: "offline",
  technique: "offline",
  fidelity: "page",
  converged: true,
  stopReason: "offline",
  bytesSent: 10,
  pagesSent: 1,
  rounds: 1,
  remoteFaults: 0,
  stallSeconds: 0,
  downtimeSeconds: 1,
  seed,
  totalSeconds,
});
const sweepSpec = () => ({
  kind: "migration",
  seed: 1,
  grid: { bandwidthBytesPerSecond: [125e6, 1.25e9] },
  variants: [{ label: "offline", parameters: { technique: "offline" } }],
  replicates: 1,
});

const smallVm = () => ({
  pageCount: 100,
  pageSizeBytes: 1000,
  stateBytes: 0,
  workload: { kind: "idle" },
});
const network = () => ({ links: [{ id: "l", bandwidthBytesPerSecond: 1e6 }] });
const move = (id: string) => ({
  id,
  vm: smallVm(),
  sourceHost: "a",
  destinationHost: "b",
  route: ["l"],
  technique: "offline",
});

export const SEEDS: Seeds = {
  // random
  exponential: () => [[prng(), 2]],
  integer: () => [[prng(), 0, 10]],
  normal: () => [[prng(), 0, 1]],
  poisson: () => [[prng(), 3], [prng(), 1e6]],
  createPrng: () => [[1, "a", 2]],
  uniform: () => [[prng(), 0, 1]],
  weibull: () => [[prng(), 2, 10]],
  createZipfSampler: () => [[100, 1.1]],
  // units
  parseBytes: () => [["1GiB"], [4096]],
  formatBytes: () => [[4096]],
  parseDuration: () => [["10s"], [1.5]],
  formatDuration: () => [[1.5]],
  parseRate: () => [["1Gbps"], [125e6]],
  formatRate: () => [[125e6]],
  // events
  createEventQueue: () => [[{}], [{ maxEvents: 100 }]],
  EventQueue: () => [[{}]],
  // realtime
  affordableDowntime: () => [[servedVm(), {}]],
  checkPlacement: () => [[platform()]],
  demandBound: () => [[tasks(), 6]],
  analyzeEdf: () => [[tasks(), {}]],
  drawFaults: () => [[platform(), { lifetimes: exp(), pDegraded: 0.8, seed: 1 }]],
  analyzeFixedPriority: () => [[tasks(), {}]],
  migrationFeasibility: () => [[{
    pageCounts: [64],
    writesPerSecond: [0],
    periodsSeconds: [0.001, 1],
    link: link(),
    seed: 1,
    techniques: ["offline"],
  }]],
  minimumBudget: () => [[tasks(), "edf", 5]],
  minimumProcessors: () => [[platform(), {}]],
  simulateMission: () => [[platform(), { missionSeconds: 1, seed: 1, lifetimes: exp() }]],
  createMissionPlatform: () => [[{
    processorCount: 2,
    vms: [{ name: "v", taskCount: 2, utilization: 0.3, pageCount: 64 }],
    link: link(),
    seed: 1,
  }]],
  partitionTasks: () => [[tasks(), 2, {}]],
  planRealTimeMigrations: () => [[platform(), [0], { seed: 1 }]],
  randomTaskSet: () => [[prng(), { taskCount: 4, utilization: 0.6 }]],
  responseTimeAnalysis: () => [[tasks(), {}]],
  schedulableInServer: () => [[servedVm(), {}]],
  selectMigrationTargets: () => [[platform(), [0], {}]],
  simulateOutagePhases: () => [[platform(), {
    vm: 0,
    fromSeconds: 0,
    spanSeconds: 0.04,
    steps: 4,
    afterSeconds: 0.08,
  }]],
  simulateSchedule: () => [[platform(), { horizonSeconds: 0.1 }]],
  supplyBound: () => [[{ periodSeconds: 5, budgetSeconds: 2 }, 7]],
  utilization: () => [[tasks()]],
  utilizationBounds: () => [[tasks(), {}]],
  uunifast: () => [[prng(), 5, 0.8]],
  // reliability
  blockReliability: () => [[block(), 10]],
  blockUnreliability: () => [[block(), 10]],
  coldStandbyChain: () => [[{ failureRatePerSecond: 2, coverage: 0.9, repairRatePerSecond: 5 }]],
  coldStandbyReliability: () => [[{ failureRatePerSecond: 0.01 }, 100]],
  coldStandbyMttf: () => [[{ failureRatePerSecond: 0.5 }]],
  applyBetaFactor: () => [[tree(), { events: ["a", "b"], beta: 0.1 }]],
  steadyState: () => [[chain()]],
  transientProbabilities: () => [[chain(), 10, {}]],
  intervalProbabilities: () => [[chain(), 10, {}]],
  topEventProbability: () => [[tree(), 10]],
  faultTreeFromBlock: () => [[block()]],
  fitExponential: () => [[observations(), {}]],
  kaplanMeier: () => [[observations()]],
  summarizeObservations: () => [[observations()]],
  fitReliabilityCurve: () => [[
    [1, 2, 4, 8].map((t) => ({ timeSeconds: t, reliability: Math.exp(-((t / 5) ** 1.5)) })),
    "weibull",
  ]],
  fitWeibull: () => [[observations(), {}]],
  importanceMeasures: () => [[block(), 10, {}]],
  faultTreeImportance: () => [[tree(), 10, {}]],
  kOutOfN: () => [[2, [0.9, 0.8, 0.7]]],
  kOutOfNIdentical: () => [[2, 3, 0.9]],
  kOutOfNWithCoverage: () => [[3, 4, 0.9, 0.95]],
  kolmogorovDistribution: () => [[10, 0.3, {}]],
  ksBootstrap: () => [[observations(), "exponential", { seed: 1, replicates: 19 }]],
  ksStatistic: () => [[observations(), exp()]],
  reliabilityAt: () => [[exp(), 100], [weib(), 5]],
  unreliabilityAt: () => [[exp(), 100], [weib(), 5]],
  densityAt: () => [[exp(), 100], [weib(), 5]],
  hazardAt: () => [[exp(), 100], [weib(), 5]],
  meanLifetime: () => [[exp()], [weib()]],
  drawLifetime: () => [[prng(), exp()], [prng(), weib()]],
  accumulatedReward: () => [[{ chain: chain(), rewardRatesPerSecond: [1, 0] }, 0.5, {}]],
  steadyStateRewardRate:
    () => [[{ chain: chain(), rewardRatesPerSecond: [1, 0], impulseRewards: [[1, 0, 200]] }]],
  rewardUntilAbsorption:
    () => [[{ chain: { states: 2, rates: [[0, 1, 1e-3]] }, rewardRatesPerSecond: [1, 0] }, {}]],
  meanTimeToAbsorption: () => [[{ states: 2, rates: [[0, 1, 1e-3]] }, {}]],
  migrationSystemReliability:
    () => [[{ processors: 4, requiredProcessors: 3, componentReliability: 0.9 }]],
  reliabilityIncrease: () => [[{
    processors: 4,
    requiredProcessors: 3,
    hostingProcessors: 1,
    componentReliability: 0.9,
    coverage: 0.99,
  }]],
  minimalCutSets: () => [[block(), {}]],
  minimalPathSets: () => [[block(), {}]],
  faultTreeCutSets: () => [[tree(), {}]],
  faultTreePathSets: () => [[tree(), {}]],
  monteCarloReliability: () => [[{ processorCount: 3, requiredProcessors: 2, lifetime: exp() }, {
    missions: 200,
    missionSeconds: 500,
    seed: 1,
  }]],
  wilsonInterval: () => [[90, 100, {}]],
  monteCarloMissions:
    () => [[{ processors: [processor("p0"), processor("p1")], vms: [], placement: [] }, {
      missions: 5,
      missionSeconds: 1,
      lifetimes: exp(),
      pDegraded: 1,
      technique: "offline",
      seed: 1,
    }]],
  mttf: () => [[block(), {}]],
  repairableUnitChain: () => [[{ failureRatePerSecond: 1e-4, repairRatePerSecond: 1e-2 }]],
  repairableUnitAvailability:
    () => [[{ failureRatePerSecond: 1e-4, repairRatePerSecond: 1e-2 }, 100]],
  warmStandbyChain: () => [[{ failureRatePerSecond: 2, standbyFailureRatePerSecond: 0.5 }]],
  warmStandbyReliability:
    () => [[{ failureRatePerSecond: 1e-3, standbyFailureRatePerSecond: 1e-3 }, 500]],
  warmStandbyMttf: () => [[{ failureRatePerSecond: 1e-3, standbyFailureRatePerSecond: 2.5e-4 }]],
  // study
  toCsv: () => [[[{ label: "a,b", seconds: 1.5 }, { label: 'say "hi"', seconds: 2 }], {}]],
  summarizeStudy: () => [[[studyRow(1, 1), studyRow(2, 3)]]],
  formatTable: () => [[[{ name: "offline", seconds: 34.36 }, { name: "hybrid", seconds: 2 }], {}]],
  // plot
  plotConsolidationMetrics: () => [[[{ policy: "THR-MMT", energyKwh: 150.7, migrations: 91 }, {
    policy: "MAD-MMT",
    energyKwh: 122.9,
    migrations: 118,
  }], { metrics: ["energyKwh", "migrations"] }]],
  plotDatacenterTimeline: () => [[
    [0, 1].flatMap((k) => [{ policy: "DVFS", startSeconds: 300 * k, activeHosts: 10 }]),
    {},
  ]],
  figure: () => [['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', {
    title: "Empty",
  }]],
  plotPlacementComparison: () => [[[{ algorithm: "first-fit", kind: "heuristic", hostsUsed: 12 }, {
    algorithm: "ilp",
    kind: "exact",
    hostsUsed: 10,
    status: "optimal",
  }], {}]],
  plotReliabilityCurves: () => [[[{ series: "exact", x: 0, reliability: 1 }, {
    series: "exact",
    x: 1,
    reliability: 0.9,
  }], { xLabel: "t" }]],
  plotRounds: () => [[[round(1, "push"), round(2, "stop-and-copy")], {}]],
  plotSweepMetric:
    () => [[[1, 2, 3].map((x) => ({ x, y: x + 1, v: "a" })), { x: "x", y: "y", series: "v" }]],
  plotSweepPlane: () => [[[1, 10].flatMap((w) => [1, 10].map((b) => ({ w, b, ok: w < b }))), {
    x: "w",
    y: "b",
    value: "ok",
  }]],
  plotTechniqueComparison: () => [[[{ label: "offline", workload: "idle", downtimeSeconds: 34.4 }, {
    label: "pre-copy",
    workload: "idle",
    downtimeSeconds: 0.002,
  }], { metric: "downtimeSeconds", log: true }]],
  plotTimeline: () => [[[{
    label: "offline",
    totalSeconds: 2,
    downtimeSeconds: 2,
    roundRows: [round(1, "stop-and-copy")],
  }], {}]],
  // fleet
  resolveAdmissionLimits: () => [["kubevirt"], [{ maxConcurrent: 1 }, "plan", "options.admission"]],
  simulateMigrations:
    () => [[network(), [move("x"), move("y")], { admission: { maxConcurrent: 1 } }]],
  evacuateHost: () => [[
    ["a", "b"].map((id) => ({ id, vm: smallVm() })),
    network(),
    { admission: "kubevirt", technique: "offline" },
  ]],
  // network
  validateNetwork: () => [[network()]],
  createFlowNetwork: () => [[network()]],
  FlowNetwork: () => [[network()]],
  maxMinShare: () => [[[10, 4], [{ links: [0] }, { links: [0, 1] }, { links: [1] }]]],
  // advisor
  advise: () => [[
    {
      pageCount: 256,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: { kind: "uniform", writesPerSecond: 200 },
    },
    { bandwidthBytesPerSecond: 125e6 },
    { maxDowntimeSeconds: 0.1, minimise: "traffic" },
  ]],
  adviceCandidates: () => [[0.05], [undefined, {
    compression: { algorithm: "zstd", ratio: 0.5, bytesPerSecondPerCore: 300e6 },
  }]],
  // measure
  pageOfEntropy: () => [[4096, 0.5, 1]],
  measureCompression: () => [[{ algorithm: "zlib", entropyBitsPerByte: 0, pages: 2 }]],
  measureXbzrle: () => [[{ pages: 4, changedBytesPerPage: 4 }]],
  // bitset
  createBitset: () => [[40]],
  Bitset: () => [[40]],
  // validation
  finiteMedian: () => [[[0.3, NaN, 0.1, null, 0.2]]],
  repeatStats: () => [[[1, 2, 3]]],
  // sweep
  expandSweep: () => [[sweepSpec()]],
  summarizeSweep: () => [[
    [{ bandwidth: 1, replicate: 0, seconds: 2, converged: true }, {
      bandwidth: 2,
      replicate: 0,
      seconds: 1,
      converged: false,
    }],
    ["bandwidth"],
    ["seconds", "converged"],
  ]],
  formatSweepProgress: () => [[{
    completed: 50,
    total: 100,
    resumed: 0,
    elapsedSeconds: 2.5,
    runsPerSecond: 20,
    remainingSeconds: 2.5,
    done: false,
  }, { width: 10 }]],
  parseShard: () => [["0/4"]],
  shardFromSlurm:
    () => [[{ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "4", SLURM_ARRAY_TASK_MIN: "0" }]],
};
