/**
 * Input checks and the correlation of the desktop-pattern placement (PBA) and its
 * evaluation. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { knownKeys, nonNegative, object, show } from "../_validate.ts";
import { DESKTOP_FIELDS, HOST_FIELDS } from "./_record_fields.ts";
import type { Host } from "./model.ts";
import type { DesktopUsage } from "./pba.ts";

/**
 * Checks records of usage over time (desktops, or the contract net's timed VMs, named by
 * `field`) and returns the common series length.
 */
export function checkDesktops(
  action: string,
  desktops: readonly DesktopUsage[],
  field = "desktops",
): number {
  if (!Array.isArray(desktops)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an array: current value is ${show(desktops)}`,
    );
  }
  let length = -1;
  desktops.forEach((desktop, i) => {
    const at = `${field}[${i}]`;
    if (typeof desktop !== "object" || desktop === null || !Array.isArray(desktop.cpuMipsSeries)) {
      throw new TypeError(
        `Cannot ${action} as ${at} must have a cpuMipsSeries array: current value is ${
          show(desktop)
        }`,
      );
    }
    knownKeys(action, at, desktop as unknown as Record<string, unknown>, DESKTOP_FIELDS);
    if (length < 0) length = desktop.cpuMipsSeries.length;
    if (desktop.cpuMipsSeries.length === 0) {
      throw new RangeError(
        `Cannot ${action} as ${at}.cpuMipsSeries must not be empty: current value is []`,
      );
    }
    if (desktop.cpuMipsSeries.length !== length) {
      throw new RangeError(
        `Cannot ${action} as ${at}.cpuMipsSeries must have ${length} samples like ${field}[0]: current value has ${desktop.cpuMipsSeries.length}`,
      );
    }
    desktop.cpuMipsSeries.forEach((x: number, t: number) =>
      nonNegative(action, `${at}.cpuMipsSeries[${t}]`, x)
    );
    nonNegative(action, `${at}.ramBytes`, desktop.ramBytes);
  });
  return Math.max(length, 0);
}

/** Checks hosts' CPU and RAM capacities (>= 0) and that they have no unknown field. */
export function checkHosts(action: string, hosts: readonly Host[]): void {
  if (!Array.isArray(hosts)) {
    throw new TypeError(
      `Cannot ${action} as hosts must be an array: current value is ${show(hosts)}`,
    );
  }
  hosts.forEach((host, h) => {
    const record = object(action, `hosts[${h}]`, host);
    knownKeys(action, `hosts[${h}]`, record, HOST_FIELDS);
    nonNegative(action, `hosts[${h}].cpuMips`, record.cpuMips);
    nonNegative(action, `hosts[${h}].ramBytes`, record.ramBytes);
  });
}

/**
 * Pearson's correlation coefficient of two series of equal length; 0 when either is
 * constant (it has no pattern to correlate).
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let t = 0; t < n; t++) {
    ma += a[t]!;
    mb += b[t]!;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let t = 0; t < n; t++) {
    const da = a[t]! - ma;
    const db = b[t]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}
