/**
 * Speed of many migrations at once: evacuating a host of 100 VMs (4 GiB each,
 * uniform writes at 20,000 pages per second) over one shared 10 Gbit/s link under
 * vSphere's 10 GbE admission limits (8 per link), closed-form fidelity per
 * migration. Target: under 10 ms. Page level: under 2 s, with the per-write draws
 * (the engine's default sampler, seed for seed with it) and with the counts sampler
 * (`sampler: "auto"`: exact in distribution, one binomial draw per round).
 *
 * Run with `deno bench bench/multi_bench.ts`.
 */
import { evacuateHost, type HostedVm } from "../lib/fleet/evacuate_host.ts";

const vms: HostedVm[] = Array.from({ length: 100 }, (_, i) => ({
  id: `vm${i}`,
  vm: {
    pageCount: 1_048_576,
    pageSizeBytes: 4096,
    stateBytes: 262_144,
    workload: { kind: "uniform", writesPerSecond: 20_000 },
  },
}));
const network = {
  links: [{ id: "uplink", bandwidthBytesPerSecond: 1.25e9, latencySeconds: 1e-4 }],
};

Deno.bench("evacuateHost: 100 VMs, 10 Gbit/s shared, vsphere-10gbe, closed form", () => {
  const plan = evacuateHost(vms, network, {
    destinationHosts: ["d1", "d2", "d3", "d4"],
    admission: "vsphere-10gbe",
  });
  if (plan.migrations.length !== 100) throw new Error("not every VM moved");
});

Deno.bench("evacuateHost: the same, KubeVirt limits (5 per cluster, 2 per node)", () => {
  evacuateHost(vms, network, { destinationHosts: ["d1", "d2"], admission: "kubevirt" });
});

Deno.bench("evacuateHost: 100 VMs, 10 Gbit/s shared, vsphere-10gbe, page level", () => {
  const plan = evacuateHost(vms, network, {
    destinationHosts: ["d1", "d2", "d3", "d4"],
    admission: "vsphere-10gbe",
    fidelity: "page",
  });
  if (plan.migrations.length !== 100) throw new Error("not every VM moved");
});

Deno.bench("evacuateHost: 100 VMs, 10 Gbit/s shared, vsphere-10gbe, page level, counts", () => {
  const plan = evacuateHost(vms, network, {
    destinationHosts: ["d1", "d2", "d3", "d4"],
    admission: "vsphere-10gbe",
    fidelity: "page",
    sampler: "auto",
  });
  if (plan.migrations.length !== 100) throw new Error("not every VM moved");
});
