import type { Host } from "../placement/model.ts";
import type { SwitchPower } from "../placement/obfdf.ts";

/**
 * Racks and aggregation switches of a data centre: racks in increasing rack number,
 * `racksPerAggregation` consecutive racks per aggregation switch, and which are on.
 */
export interface SwitchLayout {
  /** Each host's rack (index among the rack numbers, increasing). */
  rackOf: Int32Array;
  /** Each host's aggregation switch. */
  aggregationOf: Int32Array;
  /** 1 where a rack's top-of-rack switch is on (scratch, filled by the caller). */
  rackOn: Uint8Array;
  /** 1 where an aggregation switch is on (scratch, filled by the caller). */
  aggregationOn: Uint8Array;
}

/** The racks and aggregation groups of the hosts (one group per rack without switch power). */
export function switchLayout(
  hosts: readonly Host[],
  switchPower: SwitchPower | undefined,
): SwitchLayout {
  const rackNumbers = [...new Set(hosts.map((host) => host.rack))].sort((a, b) => a - b);
  const rackIndex = new Map(rackNumbers.map((rack, r) => [rack, r]));
  const rackOf = Int32Array.from(hosts, (host) => rackIndex.get(host.rack) ?? 0);
  const perAggregation = switchPower?.racksPerAggregation ?? 1;
  const aggregationOf = rackOf.map((r) => Math.floor(r / perAggregation));
  const rackOn = new Uint8Array(rackNumbers.length);
  const aggregationOn = new Uint8Array(Math.ceil(rackNumbers.length / perAggregation) + 1);
  return { rackOf, aggregationOf, rackOn, aggregationOn };
}

/**
 * Watts of the switches the active hosts (`on[h] === 1`) hold on: the top-of-rack switch of
 * each rack with an active host, and the aggregation switch over each such rack.
 */
export function activeSwitchWatts(
  layout: SwitchLayout,
  on: Uint8Array,
  switchPower: SwitchPower,
): number {
  const { rackOf, aggregationOf, rackOn, aggregationOn } = layout;
  rackOn.fill(0);
  aggregationOn.fill(0);
  for (let h = 0; h < on.length; h++) {
    if (on[h] !== 1) continue;
    rackOn[rackOf[h]!] = 1;
    aggregationOn[aggregationOf[h]!] = 1;
  }
  let watts = 0;
  for (const on of rackOn) watts += on * switchPower.topOfRackWatts;
  for (const on of aggregationOn) watts += on * switchPower.aggregationWatts;
  return watts;
}
