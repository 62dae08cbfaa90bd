import type { SamplerOption } from "../migration/sampler.ts";
import { object, optionNames, requiredOptions, show, string } from "../_validate.ts";
import type { PresetName } from "../migration/presets.ts";
import type { StopRule } from "../migration/stop_rules.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import type { NetworkSpec } from "../network/network_spec.ts";
import type { Seed } from "../random/prng.ts";
import type { AdmissionLimits, AdmissionPresetName } from "./admission_limits.ts";
import {
  type AdmissionOrder,
  type MigrationRequest,
  type SharedMigrationsResult,
  type SharedTechnique,
  simulateMigrations,
} from "./simulate_migrations.ts";

/** A VM on the host to evacuate. */
export interface HostedVm {
  /** Unique name of the VM. */
  id: string;
  /** The VM. */
  vm: VmSpec;
}

/** Options of {@link evacuateHost}. */
export interface EvacuateHostOptions {
  /**
   * Name of the host being emptied.
   * @default {"source"}
   */
  sourceHost?: string;
  /**
   * Hosts that take the VMs, assigned round-robin in VM order.
   * @default {["destination"]}
   */
  destinationHosts?: readonly string[];
  /**
   * Route to each destination host (link ids).
   * @default {every link of the network, in order, for every destination}
   */
  routes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Admission limits (a name of `ADMISSION_LIMITS` or an object).
   * @default {"unlimited"}
   */
  admission?: AdmissionPresetName | AdmissionLimits;
  /**
   * Order in which waiting VMs are admitted.
   * @default {"as-given"}
   */
  order?: AdmissionOrder;
  /**
   * Technique of every migration.
   * @default {"pre-copy"}
   */
  technique?: SharedTechnique;
  /**
   * Pre-copy stop rules of every migration.
   * @default {the preset's}
   */
  stopRules?: readonly StopRule[];
  /**
   * Preset of every migration: one that switches over at the end of a round without
   * skipping pages (the others, "qemu", "xen-legacy" and "simgrid", are refused).
   * @default {"default"}
   */
  preset?: Extract<PresetName, "default" | "xen">;
  /**
   * Each migration's own rate limit, bytes per second.
   * @default {Infinity}
   */
  maxBandwidthBytesPerSecond?: number;
  /**
   * Header bytes of every page sent (`MigrationRequest.pageOverheadBytes`, the engine's
   * `LinkSpec.pageOverheadBytes`): the wire cost of the source host's migration stream.
   * @default {0}
   */
  pageOverheadBytes?: number;
  /**
   * The source's seconds per zero page it scans (`MigrationRequest.zeroPageSeconds`, the
   * engine's `LinkSpec.zeroPageSeconds`): each batch's zero pages cost that migration this
   * much sender time before its bytes go.
   * @default {0}
   */
  zeroPageSeconds?: number;
  /**
   * Fidelity of every migration (see `SimulateMigrationsOptions.fidelity`).
   * @default {"closed-form"}
   */
  fidelity?: "closed-form" | "page";
  /**
   * Seed of the run (page fidelity).
   * @default {0}
   */
  seed?: Seed;
  /**
   * How page-level pre-copy draws the dirtied pages (see
   * `SimulateMigrationsOptions.sampler`).
   * @default {"per-write"}
   */
  sampler?: SamplerOption;
}

const OPTION_NAMES = optionNames<EvacuateHostOptions>({
  sourceHost: 0,
  destinationHosts: 0,
  routes: 0,
  admission: 0,
  order: 0,
  technique: 0,
  stopRules: 0,
  preset: 0,
  maxBandwidthBytesPerSecond: 0,
  pageOverheadBytes: 0,
  zeroPageSeconds: 0,
  fidelity: 0,
  seed: 0,
  sampler: 0,
});

/**
 * Evacuates a host for maintenance: every VM on it migrates away over the shared
 * network, under the admission limits, and the plan's makespan (until the host is
 * empty), total and worst downtime and peak link use come back with per-VM and
 * per-link rows (see {@link simulateMigrations}, which runs the plan).
 *
 * @param vms The VMs on the host.
 * @param network The links the migrations share.
 * @param options Destinations, routes, admission limits, order and technique.
 * @returns The plan's result.
 *
 * @example Four idle VMs, two at a time (KubeVirt's per-node limit)
 * ```ts
 * import { evacuateHost } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 250, pageSizeBytes: 4000, stateBytes: 0,
 *   workload: { kind: "idle" as const } };
 * const vms = ["a", "b", "c", "d"].map((id) => ({ id, vm }));
 * const plan = evacuateHost(vms, { links: [{ id: "uplink", bandwidthBytesPerSecond: 1e6 }] },
 *   { admission: "kubevirt", technique: "offline" });
 * assert.equal(plan.peakConcurrent, 2);
 * assert.equal(plan.makespanSeconds, 4);
 * ```
 */
export function evacuateHost(
  vms: readonly HostedVm[],
  network: NetworkSpec,
  options: EvacuateHostOptions = {},
): SharedMigrationsResult {
  const action = "evacuate a host";
  requiredOptions(action, "options", options, OPTION_NAMES);
  const {
    sourceHost = "source",
    destinationHosts = ["destination"],
    routes,
    admission = "unlimited",
    order = "as-given",
    technique = "pre-copy",
    stopRules,
    preset,
    maxBandwidthBytesPerSecond,
    pageOverheadBytes,
    zeroPageSeconds,
    fidelity = "closed-form",
    seed = 0,
    sampler = "per-write",
  } = options;
  if (!Array.isArray(vms)) {
    throw new TypeError(`Cannot ${action} as vms must be an array: current value is ${show(vms)}`);
  }
  if (!Array.isArray(destinationHosts) || destinationHosts.length === 0) {
    throw new TypeError(
      `Cannot ${action} as options.destinationHosts must be a non-empty array: current value is ${
        show(destinationHosts)
      }`,
    );
  }
  if (routes !== undefined) object(action, "options.routes", routes);
  object(action, "network", network);
  // a link that is no object is named by the network's own checks, which come later
  const allLinks = Array.isArray(network.links) ? network.links.map((l) => l?.id) : [];
  const requests: MigrationRequest[] = vms.map((v, i) => {
    object(action, `vms[${i}]`, v);
    const d = i % destinationHosts.length;
    const destinationHost = string(action, `options.destinationHosts[${d}]`, destinationHosts[d]);
    // a route of the caller's own (not one inherited from Object.prototype, "toString")
    const route = routes === undefined
      ? allLinks
      : Object.hasOwn(routes, destinationHost)
      ? routes[destinationHost]
      : undefined;
    if (route === undefined) {
      throw new RangeError(
        `Cannot ${action} as options.routes must hold a route to ${
          show(destinationHost)
        }: current value is ${show(routes)}`,
      );
    }
    return {
      id: v.id,
      vm: v.vm,
      sourceHost,
      destinationHost,
      route,
      technique,
      ...(stopRules === undefined ? {} : { stopRules }),
      ...(preset === undefined ? {} : { preset }),
      ...(maxBandwidthBytesPerSecond === undefined ? {} : { maxBandwidthBytesPerSecond }),
      ...(pageOverheadBytes === undefined ? {} : { pageOverheadBytes }),
      ...(zeroPageSeconds === undefined ? {} : { zeroPageSeconds }),
    };
  });
  try {
    return simulateMigrations(network, requests, { admission, order, fidelity, seed, sampler });
  } catch (error) {
    // the requests are built here: name what the caller wrote instead
    if (error instanceof Error) {
      error.message = error.message.replace(
        /requests\[(\d+)\]\.(\w+)/g,
        (_, k: string, f: string) => callerField(Number(k), f),
      );
    }
    throw error;
  }

  /** The field of the caller's arguments that request k's field `f` came from. */
  function callerField(k: number, f: string): string {
    if (f === "vm" || f === "id") return `vms[${k}].${f}`;
    if (f === "sourceHost") return "options.sourceHost";
    const d = k % destinationHosts.length;
    if (f === "destinationHost") return `options.destinationHosts[${d}]`;
    if (f === "route") {
      return routes === undefined
        ? "network.links (the route to every destination by default)"
        : `options.routes[${JSON.stringify(destinationHosts[d])}]`;
    }
    return `options.${f}`;
  }
}
