import assert from "node:assert/strict";
import { firstFit } from "../../lib/placement/first_fit.ts";
import { placePba } from "../../lib/placement/pba.ts";
import { runContractNetAgents } from "../../lib/placement/contract_net_agents.ts";

const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
const vm = { name: "v0", cpuMips: 300, ramBytes: 1e9, bandwidthBytesPerSecond: 0 };
const HOST_KEYS =
  '"name", "cpuMips", "cores", "ramBytes", "bandwidthBytesPerSecond", "rack", "powerModel"';

Deno.test("firstFit() refuses a misspelt optional field of a host or a VM, naming it", async (t) => {
  await t.step("host", () => {
    assert.throws(() => firstFit([{ ...host, name: "h0", powerModle: "hp" } as never], [vm]), {
      name: "TypeError",
      message:
        `Cannot place VMs by first fit as "powerModle" must be a known key of hosts[0] (${HOST_KEYS}): current value is "hp"`,
    });
  });
  await t.step("VM", () => {
    assert.throws(() => firstFit([{ ...host, name: "h0" }], [{ ...vm, typ: "web" } as never]), {
      name: "TypeError",
      message:
        'Cannot place VMs by first fit as "typ" must be a known key of vms[0] ("name", "cpuMips", "ramBytes", "bandwidthBytesPerSecond", "type"): current value is "web"',
    });
  });
  await t.step("with the optional fields spelt right, the VM is placed", () => {
    const result = firstFit([{ ...host, name: "h0", powerModel: "hp" }], [{ ...vm, type: "web" }]);
    assert.deepEqual(result.assignment, [0]);
  });
});

Deno.test("placePba() names an unknown field of a desktop or a server", async (t) => {
  const desktop = { name: "d0", cpuMipsSeries: [100, 200], ramBytes: 1e9 };
  await t.step("desktop", () => {
    assert.throws(
      () => placePba([{ ...host, name: "h0" }], [{ ...desktop, ramByte: 1 } as never]),
      {
        name: "TypeError",
        message:
          'Cannot place desktops by PBA as "ramByte" must be a known key of desktops[0] ("name", "cpuMipsSeries", "ramBytes"): current value is 1',
      },
    );
  });
  await t.step("server", () => {
    assert.throws(() => placePba([{ ...host, name: "h0", pod: 1 } as never], [desktop]), {
      name: "TypeError",
      message:
        `Cannot place desktops by PBA as "pod" must be a known key of hosts[0] (${HOST_KEYS}): current value is 1`,
    });
  });
});

Deno.test("runContractNetAgents() checks its hosts and timed VMs like PBA's, and needs CPU to divide by", async (t) => {
  const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
  const timed = { name: "a", cpuMipsSeries: [600], ramBytes: 1e9 };
  await t.step("a host of 0 MIPS has no utilisation", () => {
    assert.throws(
      () => runContractNetAgents([hosts[0]!, { ...host, name: "h1", cpuMips: 0 }], [timed], [0]),
      {
        name: "RangeError",
        message:
          "Cannot run contract-net agents as hosts[1].cpuMips must be a finite number > 0: current value is 0",
      },
    );
  });
  await t.step("a host's RAM must be a number >= 0", () => {
    assert.throws(
      () => runContractNetAgents([{ ...host, name: "h0", ramBytes: -1 }], [timed], [0]),
      {
        name: "RangeError",
        message:
          "Cannot run contract-net agents as hosts[0].ramBytes must be a finite number >= 0: current value is -1",
      },
    );
  });
  await t.step("a VM's misspelt field", () => {
    assert.throws(() => runContractNetAgents(hosts, [{ ...timed, ram: 1 } as never], [0]), {
      name: "TypeError",
      message:
        'Cannot run contract-net agents as "ram" must be a known key of vms[0] ("name", "cpuMipsSeries", "ramBytes"): current value is 1',
    });
  });
  await t.step("a VM's series of another length than the first's", () => {
    const vms = [timed, { ...timed, name: "b", cpuMipsSeries: [1, 2] }];
    assert.throws(() => runContractNetAgents(hosts, vms, [0, 1]), {
      name: "RangeError",
      message:
        "Cannot run contract-net agents as vms[1].cpuMipsSeries must have 1 samples like vms[0]: current value has 2",
    });
  });
});
