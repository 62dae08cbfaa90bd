import {
  boolean,
  integer,
  knownKeys,
  nonNegative,
  object,
  oneOf,
  optionNames,
  positive,
  show,
  within,
} from "../_validate.ts";
import type { SwitchPower } from "../placement/obfdf.ts";
import type { DailyUsageProfile } from "./daily_usage_patterns.ts";
import { TECHNIQUE_NAMES } from "../migration/migrate.ts";
import { CLOSED_FORM_TECHNIQUES } from "../migration/closed_form.ts";
import {
  ADMISSION_LIMITS,
  type AdmissionPresetName,
  resolveAdmissionLimits,
} from "../fleet/admission_limits.ts";
import { DOUBLE_THRESHOLD_SELECTIONS } from "./double_threshold.ts";
import { datacenterStrategies, type DatacenterStrategyValues } from "./_datacenter_strategies.ts";
import { type PlacerName, PLACERS } from "./placers.ts";
import { QEMU_DIRTY_LOGGING_SLOWDOWN } from "./migration_cost_models.ts";
import {
  CLOUDSIM_3_0_3_QUIRKS,
  type CloudSimQuirks,
  CONSOLIDATION_ALLOCATIONS,
  DEFAULT_ALLOCATION_PARAMETERS,
  type SimulateDatacenterOptions,
} from "./simulate_options.ts";

const ACTION = "simulate datacenter";

/** Techniques the shared network runs (see `simulateMigrations`). */
const SHARED_TECHNIQUES = ["offline", "pre-copy", "post-copy"] as const;

/** `simulateDatacenter`'s options with every default filled in, and what follows from them. */
export type DatacenterSettings =
  & Required<CloudSimQuirks>
  & Required<
    Omit<
      SimulateDatacenterOptions,
      | "cloudsim"
      | "intervals"
      | "switchPower"
      | "parameter"
      | "strategies"
      | "pbaPatterns"
      | "contractNetRamThreshold"
    >
  >
  & {
    /** The contract-net agents' RAM threshold, when given. */
    contractNetRamThreshold: number | undefined;
    /** The policy parameter (the allocation's default when not given). */
    parameter: number;
    /** Switch power, when given. */
    switchPower: SwitchPower | undefined;
    /** The strategies the names chose, or that `options.strategies` plugged in. */
    strategies: DatacenterStrategyValues;
    /** PBA's daily patterns, when given (checked against the VMs by `vmPatternRows`). */
    pbaPatterns: DailyUsageProfile | undefined;
    /** Whether the migration degradation comes from the engine. */
    engineDegradation: boolean;
  };

const QUIRK_NAMES = Object.keys(CLOUDSIM_3_0_3_QUIRKS) as (keyof CloudSimQuirks)[];

/**
 * Every option `simulateDatacenter` takes (`optionNames` holds the list to
 * {@link SimulateDatacenterOptions}): a misspelt name is refused instead of running on the
 * default it meant to change.
 */
const OPTION_NAMES = optionNames<SimulateDatacenterOptions>({
  seed: 0,
  allocation: 0,
  selection: 0,
  lowerThreshold: 0,
  parameter: 0,
  fallbackThreshold: 0,
  minHistory: 0,
  historyLength: 0,
  regressionWindow: 0,
  intervalSeconds: 0,
  intervals: 0,
  migrationModel: 0,
  migrationTechnique: 0,
  migrationFidelity: 0,
  migrationBandwidthShare: 0,
  migrationNetwork: 0,
  migrationAdmission: 0,
  writesPerSecondAtFullLoad: 0,
  migrationDegradation: 0,
  dirtyLoggingSlowdown: 0,
  initialDemand: 0,
  capacityChecks: 0,
  energyIntegration: 0,
  countFirstInterval: 0,
  placement: 0,
  pbaPatterns: 0,
  decisions: 0,
  contractNetAward: 0,
  contractNetRamThreshold: 0,
  switchPower: 0,
  rackByRack: 0,
  migrationEnergy: 0,
  cloudsim: 0,
  strategies: 0,
});

/** The fields of `options.switchPower`. */
const SWITCH_POWER_NAMES = optionNames<SwitchPower>({
  topOfRackWatts: 0,
  aggregationWatts: 0,
  racksPerAggregation: 0,
});

/**
 * `options.cloudsim` checked (an object of quirk names only), after checking that no quirk's
 * name is given as a top-level option: each quirk has one place, `options.cloudsim`.
 */
function quirksOf(options: SimulateDatacenterOptions): CloudSimQuirks {
  const flat = options as unknown as Record<string, unknown>;
  for (const key of QUIRK_NAMES) {
    if (flat[key] !== undefined) {
      throw new TypeError(
        `Cannot ${ACTION} as options.${key} must be given as options.cloudsim.${key} (a CloudSim quirk, see CloudSimQuirks): current value is ${
          show(flat[key])
        }`,
      );
    }
  }
  const quirks = options.cloudsim;
  if (quirks === undefined) return {};
  object(ACTION, "options.cloudsim", quirks);
  knownKeys(ACTION, "options.cloudsim", quirks as Record<string, unknown>, QUIRK_NAMES);
  return quirks;
}

/**
 * `simulateDatacenter`'s options validated, with every default filled in (the defaults are
 * documented on {@link SimulateDatacenterOptions}), plus what follows from them.
 */
export function datacenterSettings(options: SimulateDatacenterOptions): DatacenterSettings {
  object(ACTION, "options", options);
  const {
    seed,
    allocation = "mad",
    selection = "mmt",
    lowerThreshold = 0.3,
    fallbackThreshold = 0.7,
    minHistory = 12,
    historyLength = 30,
    regressionWindow = 10,
    intervalSeconds = 300,
    migrationModel = "engine",
    migrationTechnique = "pre-copy",
    migrationFidelity = "closed-form",
    migrationBandwidthShare = 0.5,
    migrationNetwork: givenNetwork,
    migrationAdmission = "vsphere",
    writesPerSecondAtFullLoad = 5000,
    // CloudSim's fixed 10 % with its cost model; the engine's own degradation with the engine
    migrationDegradation = migrationModel === "engine" ? "engine" : 0.1,
    dirtyLoggingSlowdown = QEMU_DIRTY_LOGGING_SLOWDOWN,
    initialDemand = "full",
    capacityChecks = "cloudsim",
    energyIntegration = "trapezoid",
    countFirstInterval = false,
    placement = "pabfd",
    pbaPatterns,
    switchPower,
    rackByRack = false,
    decisions = "central",
    contractNetAward,
    contractNetRamThreshold,
    migrationEnergy = "host-power",
  } = options;
  const {
    regressionWeighting = "tricube",
    removeIdleVms = false,
    stopAtLastEvent = false,
    updateOffsetSeconds = 0,
    slatahCountsMigrationTargets = true,
    underloadSkipsOverloadTargets = false,
    migratesEachMove = false,
    countMigrationEnergy = true,
    migrationHostsOffWhenIdle = false,
    incomingVmOrder = "decision",
    cloudsimArithmetic = false,
    schedulerMapOrder = "list",
  } = quirksOf(options);
  knownKeys(ACTION, "options", options as unknown as Record<string, unknown>, OPTION_NAMES);
  oneOf(
    ACTION,
    "options.cloudsim.regressionWeighting",
    regressionWeighting,
    [
      "tricube",
      "cloudsim",
    ] as const,
  );
  for (
    const [key, value] of Object.entries({
      removeIdleVms,
      stopAtLastEvent,
      slatahCountsMigrationTargets,
      underloadSkipsOverloadTargets,
      migratesEachMove,
      countMigrationEnergy,
      migrationHostsOffWhenIdle,
      cloudsimArithmetic,
    })
  ) boolean(ACTION, `options.cloudsim.${key}`, value);
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as options.seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  oneOf(ACTION, "options.allocation", allocation, CONSOLIDATION_ALLOCATIONS);
  oneOf(
    ACTION,
    "options.selection",
    selection,
    [
      "mmt",
      "rs",
      "mc",
      "mu",
      ...DOUBLE_THRESHOLD_SELECTIONS,
    ] as const,
  );
  const setSelection = (DOUBLE_THRESHOLD_SELECTIONS as readonly string[]).includes(selection);
  if (setSelection && allocation !== "dt" && allocation !== "thr") {
    throw new RangeError(
      `Cannot ${ACTION} as options.allocation must be a threshold allocation ("dt" or "thr") for options.selection ${
        show(selection)
      }: current value is ${show(allocation)}`,
    );
  }
  within(ACTION, "options.lowerThreshold", lowerThreshold, 0, 1);
  oneOf(ACTION, "options.placement", placement, Object.keys(PLACERS) as PlacerName[]);
  if (pbaPatterns !== undefined && placement !== "pba") {
    throw new TypeError(
      `Cannot ${ACTION} as options.placement must be "pba" when options.pbaPatterns is given: current value is ${
        show(placement)
      }`,
    );
  }
  if (typeof rackByRack !== "boolean") {
    throw new TypeError(
      `Cannot ${ACTION} as options.rackByRack must be a boolean: current value is ${
        show(rackByRack)
      }`,
    );
  }
  if (rackByRack && placement !== "obfdf") {
    throw new TypeError(
      `Cannot ${ACTION} as options.placement must be "obfdf" when options.rackByRack is true: current value is ${
        show(placement)
      }`,
    );
  }
  oneOf(ACTION, "options.decisions", decisions, ["central", "contract-net"] as const);
  if (contractNetAward !== undefined) {
    oneOf(
      ACTION,
      "options.contractNetAward",
      contractNetAward,
      ["best-fit", "least-loaded", "first-fit"] as const,
    );
  }
  if (contractNetRamThreshold !== undefined) {
    within(ACTION, "options.contractNetRamThreshold", contractNetRamThreshold, 0, 1);
  }
  for (
    const [name, value] of [["contractNetAward", contractNetAward], [
      "contractNetRamThreshold",
      contractNetRamThreshold,
    ]] as const
  ) {
    if (value !== undefined && decisions !== "contract-net") {
      throw new TypeError(
        `Cannot ${ACTION} as options.decisions must be "contract-net" when options.${name} is given: current value is ${
          show(decisions)
        }`,
      );
    }
  }
  if (switchPower !== undefined) {
    object(ACTION, "options.switchPower", switchPower);
    knownKeys(
      ACTION,
      "options.switchPower",
      switchPower as unknown as Record<string, unknown>,
      SWITCH_POWER_NAMES,
    );
    nonNegative(ACTION, "options.switchPower.topOfRackWatts", switchPower.topOfRackWatts);
    nonNegative(ACTION, "options.switchPower.aggregationWatts", switchPower.aggregationWatts);
    integer(
      ACTION,
      "options.switchPower.racksPerAggregation",
      switchPower.racksPerAggregation,
      1,
    );
  }
  oneOf(ACTION, "options.migrationModel", migrationModel, ["engine", "cloudsim"] as const);
  oneOf(ACTION, "options.migrationTechnique", migrationTechnique, TECHNIQUE_NAMES);
  const engineDegradation = migrationDegradation === "engine";
  const pluggedCost = (options.strategies as { migrationCostModel?: unknown } | undefined)
    ?.migrationCostModel !== undefined;
  const migrationNetwork = givenNetwork ??
    (migrationModel === "engine" &&
        (SHARED_TECHNIQUES as readonly string[]).includes(migrationTechnique) &&
        !pluggedCost
      ? "shared"
      : "fixed-share");
  oneOf(ACTION, "options.migrationNetwork", migrationNetwork, ["fixed-share", "shared"] as const);
  if (migrationNetwork === "shared") {
    if (migrationModel !== "engine") {
      throw new TypeError(
        `Cannot ${ACTION} as options.migrationNetwork "shared" needs migrationModel "engine": current value is ${
          show(migrationModel)
        }`,
      );
    }
    oneOf(ACTION, "options.migrationTechnique", migrationTechnique, SHARED_TECHNIQUES);
    if (pluggedCost) {
      throw new TypeError(
        `Cannot ${ACTION} as options.strategies.migrationCostModel needs migrationNetwork "fixed-share": current value is "shared"`,
      );
    }
  }
  if (typeof migrationAdmission === "string") {
    oneOf(ACTION, "options.migrationAdmission", migrationAdmission, [
      "vsphere",
      ...Object.keys(ADMISSION_LIMITS) as AdmissionPresetName[],
    ]);
  } else resolveAdmissionLimits(migrationAdmission, ACTION, "options.migrationAdmission");
  oneOf(ACTION, "options.migrationFidelity", migrationFidelity, ["page", "closed-form"] as const);
  if (
    migrationModel === "engine" && !pluggedCost && migrationFidelity === "closed-form" &&
    !CLOSED_FORM_TECHNIQUES.includes(migrationTechnique)
  ) {
    // Said here, by the data centre's own option names, rather than by the closed form's.
    throw new TypeError(
      `Cannot ${ACTION} as options.migrationTechnique ${
        show(migrationTechnique)
      } has no closed form, so it needs migrationFidelity "page" (the default fidelity is "closed-form"): current value is ${
        show(migrationFidelity)
      }`,
    );
  }
  oneOf(ACTION, "options.initialDemand", initialDemand, ["full", "trace"] as const);
  oneOf(ACTION, "options.capacityChecks", capacityChecks, ["cloudsim", "strict"] as const);
  oneOf(ACTION, "options.energyIntegration", energyIntegration, ["trapezoid", "hold"] as const);
  oneOf(
    ACTION,
    "options.cloudsim.incomingVmOrder",
    incomingVmOrder,
    ["decision", "completion"] as const,
  );
  oneOf(
    ACTION,
    "options.cloudsim.schedulerMapOrder",
    schedulerMapOrder,
    ["list", "java-hash-map"] as const,
  );
  oneOf(ACTION, "options.migrationEnergy", migrationEnergy, ["host-power", "liu2011"] as const);
  const parameter = options.parameter ?? DEFAULT_ALLOCATION_PARAMETERS[allocation];
  nonNegative(ACTION, "options.parameter", parameter);
  within(ACTION, "options.fallbackThreshold", fallbackThreshold, 0, 1);
  // checked whichever allocation runs (the detectors that read them check them again)
  integer(ACTION, "options.minHistory", minHistory, 1);
  integer(ACTION, "options.historyLength", historyLength, 1);
  integer(ACTION, "options.regressionWindow", regressionWindow, 3);
  boolean(ACTION, "options.countFirstInterval", countFirstInterval);
  positive(ACTION, "options.intervalSeconds", intervalSeconds);
  within(ACTION, "options.migrationBandwidthShare", migrationBandwidthShare, 0, 1);
  positive(ACTION, "options.migrationBandwidthShare", migrationBandwidthShare);
  nonNegative(ACTION, "options.writesPerSecondAtFullLoad", writesPerSecondAtFullLoad);
  if (engineDegradation) {
    if (migrationModel !== "engine") {
      throw new TypeError(
        `Cannot ${ACTION} as options.migrationDegradation "engine" needs migrationModel "engine": current value is ${
          show(migrationModel)
        }`,
      );
    }
  } else within(ACTION, "options.migrationDegradation", migrationDegradation, 0, 1);
  within(ACTION, "options.dirtyLoggingSlowdown", dirtyLoggingSlowdown, 0, 0.99);
  nonNegative(ACTION, "options.cloudsim.updateOffsetSeconds", updateOffsetSeconds);
  if (!(updateOffsetSeconds < intervalSeconds)) {
    throw new RangeError(
      `Cannot ${ACTION} as options.cloudsim.updateOffsetSeconds must be under options.intervalSeconds (${intervalSeconds}): current value is ${
        show(updateOffsetSeconds)
      }`,
    );
  }
  // a detector whose history can never be long enough would fall back to its static
  // threshold for the whole run while the result names it
  if (minHistory > historyLength) {
    throw new RangeError(
      `Cannot ${ACTION} as options.minHistory must be at most options.historyLength (${historyLength}): current value is ${minHistory}`,
    );
  }
  if ((allocation === "lr" || allocation === "lrr") && regressionWindow > historyLength) {
    throw new RangeError(
      `Cannot ${ACTION} as options.regressionWindow must be at most options.historyLength (${historyLength}): current value is ${regressionWindow}`,
    );
  }
  // read only by DT, the contract-net agents and a plugged decision strategy: elsewhere a
  // given lower threshold would change nothing, silently
  if (
    options.lowerThreshold !== undefined && allocation !== "dt" && decisions !== "contract-net" &&
    options.strategies?.decision === undefined
  ) {
    throw new TypeError(
      `Cannot ${ACTION} as options.allocation must be "dt" (or options.decisions "contract-net") when options.lowerThreshold is given: current value is ${
        show(allocation)
      }`,
    );
  }
  if (allocation === "dt" && !(lowerThreshold <= parameter)) {
    throw new RangeError(
      `Cannot ${ACTION} as options.lowerThreshold must be at most the upper threshold options.parameter (${parameter}): current value is ${lowerThreshold}`,
    );
  }
  if (options.migrationBandwidthShare !== undefined && migrationModel === "cloudsim") {
    throw new TypeError(
      `Cannot ${ACTION} as options.migrationModel must be "engine" when options.migrationBandwidthShare is given (CloudSim's delay takes half the bandwidth): current value is "cloudsim"`,
    );
  }
  return {
    seed,
    allocation,
    selection,
    lowerThreshold,
    fallbackThreshold,
    minHistory,
    historyLength,
    regressionWindow,
    regressionWeighting,
    intervalSeconds,
    migrationModel,
    migrationTechnique,
    migrationFidelity,
    migrationBandwidthShare,
    migrationNetwork,
    migrationAdmission,
    writesPerSecondAtFullLoad,
    migrationDegradation,
    dirtyLoggingSlowdown,
    initialDemand,
    capacityChecks,
    energyIntegration,
    countFirstInterval,
    slatahCountsMigrationTargets,
    underloadSkipsOverloadTargets,
    migratesEachMove,
    countMigrationEnergy,
    migrationHostsOffWhenIdle,
    removeIdleVms,
    stopAtLastEvent,
    updateOffsetSeconds,
    placement,
    pbaPatterns,
    switchPower,
    rackByRack,
    decisions,
    contractNetAward: contractNetAward ?? "best-fit",
    contractNetRamThreshold,
    incomingVmOrder,
    cloudsimArithmetic,
    schedulerMapOrder,
    migrationEnergy,
    parameter,
    strategies: datacenterStrategies({
      allocation,
      selection,
      placement,
      rackByRack,
      decisions,
      migrationModel,
      energyIntegration,
      migrationEnergy,
    }, options.strategies),
    engineDegradation,
  };
}
