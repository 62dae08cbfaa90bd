import { checkedView } from "./_checked_view.ts";
import { obfdfRackByRack } from "./_rack_by_rack_placer.ts";
import { boolean, func, knownKeys, object, show } from "../_validate.ts";
import { CONSOLIDATION_DECISIONS, type ConsolidationDecision } from "./consolidation_decisions.ts";
import { ENERGY_INTEGRATORS, type EnergyIntegrator } from "./energy_integrators.ts";
import { MIGRATION_COST_MODELS, type MigrationCostModel } from "./migration_cost_models.ts";
import { MIGRATION_ENERGY_MODELS, type MigrationEnergyModel } from "./migration_energy_models.ts";
import { OVERLOAD_DETECTORS, type OverloadDetector } from "./overload_detectors.ts";
import type { PlacementRule } from "./placement_rules.ts";
import { UNCHECKED_INTEGRATORS, UNCHECKED_RULES } from "./_unchecked_strategies.ts";
import { type Placer, type PlacerName, PLACERS } from "./placers.ts";
import type { ConsolidationAllocation, DatacenterStrategies } from "./simulate_options.ts";
import type { DoubleThresholdSelection } from "./double_threshold.ts";
import type { VmSelectionPolicy } from "./vm_selection.ts";
import { VM_SELECTORS, type VmSelector } from "./vm_selectors.ts";

const ACTION = "simulate datacenter";

/** The names that choose the strategies (`simulateDatacenter`'s options, defaults filled in). */
export interface StrategyNames {
  allocation: ConsolidationAllocation;
  selection: VmSelectionPolicy | DoubleThresholdSelection;
  placement: PlacerName;
  /** OBFDF rack by rack (`placement: "obfdf"` only). */
  rackByRack?: boolean;
  decisions: "central" | "contract-net";
  migrationModel: "engine" | "cloudsim";
  energyIntegration: "trapezoid" | "hold";
  migrationEnergy: "host-power" | "liu2011";
}

/** The strategies a run calls, each a plain value: chosen by name, or plugged in. */
export interface DatacenterStrategyValues {
  /** Overload detector (undefined under NPA and DVFS, which detect nothing). */
  overloadDetector: OverloadDetector | undefined;
  /** VM selector. */
  vmSelector: VmSelector;
  /** Target-host search. */
  placer: Placer;
  /**
   * The cost best fit minimises (First Fit and PBA see PABFD's through `increase`); chosen by
   * `placement` only: the host index that answers best fit (`_host_order.ts`) relies on the
   * shape of PABFD's and OBFDF's costs, so a rule of one's own plugs in as a placer instead.
   */
  placementRule: PlacementRule;
  /** Who decides an update's migrations. */
  decision: ConsolidationDecision;
  /** Migration cost model (fixed-share network). */
  migrationCostModel: MigrationCostModel;
  /** Energy between two updates. */
  energyIntegrator: EnergyIntegrator;
  /** Transfer energy per migration; undefined: host power only (CloudSim's). */
  migrationEnergyModel: MigrationEnergyModel | undefined;
  /** Which strategies were plugged in as values, in {@link PLUGGABLE} order. */
  plugged: (keyof DatacenterStrategies)[];
}

/** Every strategy that can be given as a value, in the order `pluggedStrategies` lists them. */
const PLUGGABLE: readonly (keyof DatacenterStrategies)[] = [
  "overloadDetector",
  "vmSelector",
  "placer",
  "decision",
  "migrationCostModel",
  "energyIntegrator",
  "migrationEnergyModel",
];

/**
 * The strategies the names choose from the registries (`OVERLOAD_DETECTORS`, `VM_SELECTORS`,
 * `PLACERS`, `PLACEMENT_RULES`, `CONSOLIDATION_DECISIONS`, `MIGRATION_COST_MODELS`,
 * `ENERGY_INTEGRATORS`, `MIGRATION_ENERGY_MODELS`), each replaced by the value `given` has for it
 * (checked: a function, or an integrator object); the names are validated before this.
 */
export function datacenterStrategies(
  names: StrategyNames,
  given: DatacenterStrategies | undefined,
): DatacenterStrategyValues {
  const custom: DatacenterStrategies = given === undefined
    ? {}
    : object(ACTION, "options.strategies", given) as DatacenterStrategies;
  knownKeys(ACTION, "options.strategies", custom as Record<string, unknown>, PLUGGABLE);
  const plugged = PLUGGABLE.filter((key) => custom[key] !== undefined);
  for (const key of plugged) {
    if (key !== "energyIntegrator") func(ACTION, `options.strategies.${key}`, custom[key]);
  }
  if (custom.energyIntegrator !== undefined) {
    const integrator = object(
      ACTION,
      "options.strategies.energyIntegrator",
      custom.energyIntegrator,
    );
    boolean(ACTION, "options.strategies.energyIntegrator.readsEnd", integrator.readsEnd);
    func(ACTION, "options.strategies.energyIntegrator.joules", integrator.joules);
  }
  const { allocation, placement, migrationEnergy } = names;
  return {
    overloadDetector: checkedDetector(custom.overloadDetector) ??
      OVERLOAD_DETECTORS[allocation as keyof typeof OVERLOAD_DETECTORS],
    vmSelector: custom.vmSelector ?? VM_SELECTORS[names.selection],
    placer: custom.placer ?? (names.rackByRack ? obfdfRackByRack : PLACERS[placement]),
    // First Fit and PBA do not minimise a cost; `increase` shows them PABFD's
    placementRule: UNCHECKED_RULES[placement === "obfdf" ? "obfdf" : "pabfd"],
    decision: checkedDecision(custom.decision) ?? CONSOLIDATION_DECISIONS[names.decisions],
    migrationCostModel: custom.migrationCostModel ?? MIGRATION_COST_MODELS[names.migrationModel],
    energyIntegrator: checkedIntegrator(custom.energyIntegrator) ??
      UNCHECKED_INTEGRATORS[names.energyIntegration],
    // host power is no per-migration model: the source's draw is integrated (plugged as
    // its registry value, it must mean the same as by name)
    migrationEnergyModel: custom.migrationEnergyModel === MIGRATION_ENERGY_MODELS["host-power"]
      ? undefined
      : custom.migrationEnergyModel ??
        (migrationEnergy === "host-power" ? undefined : MIGRATION_ENERGY_MODELS[migrationEnergy]),
    plugged,
  };
}

/**
 * The answers of a strategy of one's own are checked where the run reads them (the placer's,
 * the cost and energy models' are checked at their call sites): a plugged overload detector,
 * decision or energy integrator is wrapped in a check of its answer, unless it is a registry's
 * own value (whose answers are the library's, and which the run recognises by identity).
 */
function checkedDetector(d: OverloadDetector | undefined): OverloadDetector | undefined {
  if (d === undefined || Object.values(OVERLOAD_DETECTORS).includes(d)) return d;
  return (host, settings) => {
    const overloaded: unknown = d(host, settings);
    if (typeof overloaded !== "boolean") {
      throw new TypeError(
        `Cannot ${ACTION} as options.strategies.overloadDetector must return a boolean: current value is ${
          show(overloaded)
        }`,
      );
    }
    return overloaded;
  };
}

/**
 * A plugged decision checked: it sees the view through {@link checkedView} (its arguments, and
 * the bookings it leaves), and the hosts it found overloaded are an integer in [0, hosts].
 */
function checkedDecision(
  d: ConsolidationDecision | undefined,
): ConsolidationDecision | undefined {
  if (d === undefined || Object.values(CONSOLIDATION_DECISIONS).includes(d)) return d;
  return (view, settings) => {
    // the simulation's own view says how many VMs the run has
    const checked = checkedView(view, view.vmCount!);
    const overloaded: unknown = d(checked.view, settings);
    checked.finish();
    if (
      !(typeof overloaded === "number" && Number.isInteger(overloaded) && overloaded >= 0 &&
        overloaded <= view.hostCount)
    ) {
      throw new RangeError(
        `Cannot ${ACTION} as options.strategies.decision must return the number of hosts it found overloaded, an integer in [0, ${view.hostCount}]: current value is ${
          show(overloaded)
        }`,
      );
    }
    return overloaded;
  };
}

/**
 * A plugged integrator checked: its joules a finite number >= 0; a registry's own value is
 * run as its formula (`UNCHECKED_INTEGRATORS`), the arguments being the run's own.
 */
function checkedIntegrator(i: EnergyIntegrator | undefined): EnergyIntegrator | undefined {
  if (i === undefined) return i;
  for (const name of ["trapezoid", "hold"] as const) {
    if (i === ENERGY_INTEGRATORS[name]) return UNCHECKED_INTEGRATORS[name];
  }
  const joules = i.joules;
  return {
    readsEnd: i.readsEnd,
    joules(startWatts, endWatts, seconds) {
      const j: unknown = joules.call(i, startWatts, endWatts, seconds);
      if (!(typeof j === "number" && j >= 0 && j < Infinity)) {
        throw new RangeError(
          `Cannot ${ACTION} as options.strategies.energyIntegrator.joules must return a finite number >= 0 (for ${startWatts} W to ${endWatts} W over ${seconds} s): current value is ${
            show(j)
          }`,
        );
      }
      return j;
    },
  };
}
