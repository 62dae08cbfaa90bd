import { show } from "../_validate.ts";
import type { ConsolidationView } from "./consolidation_decisions.ts";

const ACTION = "simulate datacenter";
const WHO = "options.strategies.decision";

/**
 * A plugged decision's view of the data centre with every argument checked where it is read
 * (`simulateDatacenter` hands it to a decision of one's own, never to the registry's, whose
 * calls are the library's): host and VM indices in range, `detach` and `migrate` of a VM booked
 * on the host named, no VM booked twice on one host, no migration to the host the VM is on or
 * of a VM still migrating from an earlier update (one moved at this update may move again, as
 * CloudSim's central loop moves a VM placed on a host it then empties). Before, a
 * detach from the wrong host took that host's last VM off instead, and an index out of range
 * answered `undefined` (or `fits` true) or crashed deep inside the run. `finish` then checks
 * that the decision left every VM booked on its host alone (a VM detached and never attached
 * back, or a reservation left in place, would make the accounting's host lists disagree with
 * the VMs' hosts). Internal.
 */
export function checkedView(
  view: ConsolidationView,
  vmCount: number,
): { view: ConsolidationView; finish(): void } {
  const H = view.hostCount;
  /** A check that an argument of `method` is an index below `count` (`noun` in the message). */
  const index = (noun: string, count: number) => (method: string, i: unknown): number => {
    if (!(typeof i === "number" && Number.isInteger(i) && i >= 0 && i < count)) {
      throw new RangeError(
        `Cannot ${ACTION} as ${WHO}'s view.${method} must take ${noun} index in [0, ${
          count - 1
        }]: current value is ${show(i)}`,
      );
    }
    return i;
  };
  const host = index("a host", H);
  const vm = index("a VM", vmCount);
  /** Throws unless VM v is booked on host h (`method` named in the message). */
  const booked = (method: string, v: number, h: number): void => {
    if (view.vms(h).includes(v)) return;
    throw new RangeError(
      `Cannot ${ACTION} as ${WHO}'s view.${method} must take a VM booked on the host (host ${h} holds ${
        view.vms(h).join(", ") || "none"
      }): current value is VM ${v}`,
    );
  };
  const checked: ConsolidationView = {
    hostCount: H,
    vmCount,
    vms: (h) => view.vms(host("vms(host)", h)),
    demandMips: (v) => view.demandMips(vm("demandMips(vm)", v)),
    requestedMips: (h) => view.requestedMips(host("requestedMips(host)", h)),
    cpuMips: (h) => view.cpuMips(host("cpuMips(host)", h)),
    ramBytes: (v) => view.ramBytes(vm("ramBytes(vm)", v)),
    hostRamBytes: (h) => view.hostRamBytes(host("hostRamBytes(host)", h)),
    startUtilization: (h) => view.startUtilization(host("startUtilization(host)", h)),
    hostOf: (v) => view.hostOf(vm("hostOf(vm)", v)),
    inMigration: (v) => view.inMigration?.(vm("inMigration(vm)", v)) ?? false,
    overloaded: (h, v) =>
      v === undefined
        ? view.overloaded(host("overloaded(host, vm)", h))
        : view.overloaded(host("overloaded(host, vm)", h), vm("overloaded(host, vm)", v)),
    fits: (v, h) => view.fits(vm("fits(vm, host)", v), host("fits(vm, host)", h)),
    selectVms: (h, out) => {
      host("selectVms(host, out)", h);
      if (!Array.isArray(out)) {
        throw new TypeError(
          `Cannot ${ACTION} as ${WHO}'s view.selectVms(host, out) must take an array as out: current value is ${
            show(out)
          }`,
        );
      }
      view.selectVms(h, out);
    },
    place: (v) => view.place(vm("place(vm)", v)),
    excludeTarget: (h) => view.excludeTarget(host("excludeTarget(host)", h)),
    resetTargets: () => view.resetTargets(),
    attach: (v, h) => {
      vm("attach(vm, host)", v);
      host("attach(vm, host)", h);
      // a VM may be booked on a second host for a while (a reservation), never twice on one
      if (view.vms(h).includes(v)) {
        throw new RangeError(
          `Cannot ${ACTION} as ${WHO}'s view.attach(vm, host) must take a VM not yet booked on the host: current value is VM ${v} on host ${h}`,
        );
      }
      view.attach(v, h);
    },
    detach: (v, h) => {
      booked("detach(vm, host)", vm("detach(vm, host)", v), host("detach(vm, host)", h));
      view.detach(v, h);
    },
    migrate: (v, h) => {
      booked("migrate(vm, host)", vm("migrate(vm, host)", v), host("migrate(vm, host)", h));
      const from = view.hostOf(v);
      const why = from === h
        ? `it is on host ${h} already`
        : from < 0
        ? "it is not placed"
        : view.inMigration?.(v) === true
        ? "its migration from an earlier update still runs"
        : "";
      if (why !== "") {
        throw new RangeError(
          `Cannot ${ACTION} as ${WHO}'s view.migrate(vm, host) must take a VM it may move (${why}): current value is VM ${v} to host ${h}`,
        );
      }
      view.migrate(v, h);
    },
    messages: view.messages,
  };
  return {
    view: checked,
    finish() {
      // each VM booked on its host once, and on no other
      const seen = new Uint8Array(vmCount);
      for (let h = 0; h < H; h++) {
        for (const v of view.vms(h)) {
          const at = view.hostOf(v);
          if (at === h && seen[v] === 0) {
            seen[v] = 1;
            continue;
          }
          throw new RangeError(
            `Cannot ${ACTION} as ${WHO} must leave each VM booked once, on its own host: current value is VM ${v} booked on host ${h}${
              at === h ? " twice" : ` while its host is ${at}`
            }`,
          );
        }
      }
      for (let v = 0; v < vmCount; v++) {
        const at = view.hostOf(v);
        if (at >= 0 && seen[v] === 0) {
          throw new RangeError(
            `Cannot ${ACTION} as ${WHO} must leave each VM booked once, on its own host: current value is VM ${v} not booked on its host ${at}`,
          );
        }
      }
    },
  };
}
