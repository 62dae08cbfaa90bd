/**
 * Input checks and the correlation of the desktop-pattern placement (PBA) and its
 * evaluation. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { nonNegative, show } from "../_validate.ts";
import type { Host } from "./model.ts";
import type { DesktopUsage } from "./pba.ts";

/** Checks desktops and returns the common series length. */
export function checkDesktops(action: string, desktops: readonly DesktopUsage[]): number {
  if (!Array.isArray(desktops)) {
    throw new TypeError(
      `Cannot ${action} as desktops must be an array: current value is ${show(desktops)}`,
    );
  }
  let length = -1;
  desktops.forEach((desktop, i) => {
    if (typeof desktop !== "object" || desktop === null || !Array.isArray(desktop.cpuMipsSeries)) {
      throw new TypeError(
        `Cannot ${action} as desktops[${i}] must have a cpuMipsSeries array: current value is ${
          show(desktop)
        }`,
      );
    }
    if (length < 0) length = desktop.cpuMipsSeries.length;
    if (desktop.cpuMipsSeries.length === 0) {
      throw new RangeError(
        `Cannot ${action} as desktops[${i}].cpuMipsSeries must not be empty: current value is []`,
      );
    }
    if (desktop.cpuMipsSeries.length !== length) {
      throw new RangeError(
        `Cannot ${action} as desktops[${i}].cpuMipsSeries must have ${length} samples like desktops[0]: current value has ${desktop.cpuMipsSeries.length}`,
      );
    }
    desktop.cpuMipsSeries.forEach((x: number, t: number) =>
      nonNegative(action, `desktops[${i}].cpuMipsSeries[${t}]`, x)
    );
    nonNegative(action, `desktops[${i}].ramBytes`, desktop.ramBytes);
  });
  return Math.max(length, 0);
}

/** Checks hosts' CPU and RAM capacities. */
export function checkHosts(action: string, hosts: readonly Host[]): void {
  if (!Array.isArray(hosts)) {
    throw new TypeError(
      `Cannot ${action} as hosts must be an array: current value is ${show(hosts)}`,
    );
  }
  hosts.forEach((host, h) => {
    nonNegative(action, `hosts[${h}].cpuMips`, host?.cpuMips);
    nonNegative(action, `hosts[${h}].ramBytes`, host?.ramBytes);
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
