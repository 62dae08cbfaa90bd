/** Seeded synthetic virtual-desktop workloads with daily patterns, for the PBA tests. */
import type { Host } from "../../lib/placement/model.ts";
import type { DesktopUsage } from "../../lib/placement/pba.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** Working-hour windows (interval indices of a 288 × 5-minute day) of the desktop groups. */
const GROUPS: readonly [number, number][] = [
  [108, 204], // office, 09:00-17:00
  [216, 276], // evening, 18:00-23:00
  [0, 72], // night batch, 00:00-06:00
  [60, 132], // early shift, 05:00-11:00
];

/**
 * `count` desktops over two workdays: each belongs to a group (by index), idles at
 * 50-150 MIPS and works at 600-1000 MIPS in its group's window; `day` 0 and 1 share the
 * pattern (same group, level and window, each shifted by up to ±30 minutes per desktop)
 * but redraw the noise (±20 % per interval), so the pattern repeats as Man and Kayashima
 * observed.
 */
export function desktopDays(seed: number, count: number): [DesktopUsage[], DesktopUsage[]] {
  const prng = createPrng(seed, "desktops");
  const profiles = Array.from({ length: count }, (_, i) => ({
    window: GROUPS[i % GROUPS.length]!,
    shift: Math.round((prng() - 0.5) * 12),
    idle: 50 + 100 * prng(),
    work: 600 + 400 * prng(),
    ramBytes: Math.round((1 + prng()) * 2 ** 30),
  }));
  const day = (d: number): DesktopUsage[] => {
    const noise = createPrng(seed, "desktops-noise", d);
    return profiles.map((p, i) => ({
      name: `desktop${i}`,
      ramBytes: p.ramBytes,
      cpuMipsSeries: Array.from({ length: 288 }, (_, t) => {
        const [start, end] = p.window;
        const on = t >= start + p.shift && t < end + p.shift;
        return Math.round((on ? p.work : p.idle) * (0.8 + 0.4 * noise()));
      }),
    }));
  };
  return [day(0), day(1)];
}

/** `count` identical servers of 2,400 MIPS and 32 GiB. */
export function servers(count: number): Host[] {
  return Array.from({ length: count }, (_, j) => ({
    name: `s${j}`,
    cpuMips: 2400,
    cores: 4,
    ramBytes: 32 * 2 ** 30,
    bandwidthBytesPerSecond: 1.25e8,
    rack: 0,
  }));
}
