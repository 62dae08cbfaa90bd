import assert from "node:assert/strict";
import type { PlacementResult } from "../../lib/placement/model.ts";
import { assertValidPlacement, validatePlacement } from "../../lib/placement/validate_placement.ts";
import { host, vm } from "./_fit_fixtures.ts";

// Four hosts in two racks: h0, h1 in rack 0; h2, h3 in rack 1. CPU 10, RAM 10, bandwidth 10.
const hosts = [0, 1, 2, 3].map((h) => host(`h${h}`, 10, 10, 10, h < 2 ? 0 : 1));
const vms = [vm("a", 6, 2, 1), vm("b", 4, 2, 1), vm("c", 5, 9, 1), vm("d", 1, 1, 1)];

function result(assignment: number[], extra: Partial<PlacementResult> = {}): PlacementResult {
  const unplaced = assignment.flatMap((h, i) => (h === -1 ? [i] : []));
  const hostsUsed = new Set(assignment.filter((h) => h >= 0)).size;
  return { algorithm: "test", assignment, unplaced, hostsUsed, details: {}, ...extra };
}

Deno.test("validatePlacement() accepts a valid placement with an unplaced VM", () => {
  assert.deepEqual(validatePlacement(hosts, vms, result([0, 0, 2, -1])), []);
  assertValidPlacement(hosts, vms, result([0, 0, 2, -1]));
});

Deno.test("validatePlacement() reports each capacity dimension that overflows, with the numbers", () => {
  // c + d on h2: CPU 6, RAM 10 (fits exactly); a + c on h1: CPU 11 > 10, RAM 11 > 10.
  assert.deepEqual(validatePlacement(hosts, vms, result([1, 0, 1, 2])), [
    {
      kind: "capacity",
      message: "host 1 (h1) holds 11 cpuMips of VMs but has 10",
      vms: [0, 2],
      host: 1,
    },
    {
      kind: "capacity",
      message: "host 1 (h1) holds 11 ramBytes of VMs but has 10",
      vms: [0, 2],
      host: 1,
    },
  ]);
  // Checking CPU only reports CPU only.
  assert.deepEqual(
    validatePlacement(hosts, vms, result([1, 0, 1, 2]), {
      dimensions: ["bandwidthBytesPerSecond"],
    }),
    [],
  );
});

Deno.test("validatePlacement() tolerates 1e-9 relative rounding but not more", () => {
  const tiny = [vm("x", 0.1), vm("y", 0.2)];
  const one = [host("h", 0.3)]; // 0.1 + 0.2 = 0.30000000000000004
  assert.deepEqual(validatePlacement(one, tiny, result([0, 0]), { dimensions: ["cpuMips"] }), []);
  const over = [host("h", 0.2999999)];
  assert.equal(
    validatePlacement(over, tiny, result([0, 0]), { dimensions: ["cpuMips"] }).length,
    1,
  );
});

Deno.test("validatePlacement() checks the assignment, unplaced and hostsUsed", async (t) => {
  await t.step("wrong length", () => {
    const v = validatePlacement(hosts, vms, result([0, 0, 2]));
    assert.deepEqual(v.map((x) => x.kind), ["assignment-length"]);
    assert.equal(v[0]!.message, "assignment has 3 entries for 4 VMs");
  });
  await t.step("host index out of range or not an integer", () => {
    const v = validatePlacement(hosts, vms, result([4, 0.5, 0, 0]));
    assert.deepEqual(v.map((x) => x.kind), ["host-index", "host-index", "hosts-used"]);
    assert.equal(v[0]!.message, "VM 0 is assigned to 4, not -1 or a host index in [0, 3]");
  });
  await t.step("unplaced missing, duplicated or wrong", () => {
    for (const unplaced of [[], [3, 3], [2], [3, 2]]) {
      const v = validatePlacement(hosts, vms, result([0, 0, 2, -1], { unplaced }));
      assert.deepEqual(v.map((x) => x.kind), ["unplaced"], JSON.stringify(unplaced));
    }
  });
  await t.step("hostsUsed wrong", () => {
    const v = validatePlacement(hosts, vms, result([0, 0, 2, -1], { hostsUsed: 3 }));
    assert.deepEqual(v, [{
      kind: "hosts-used",
      message: "hostsUsed is 3 but 2 hosts hold VMs",
      vms: [],
      host: -1,
    }]);
  });
});

Deno.test("validatePlacement() checks affinity and anti-affinity by host and by rack", () => {
  const placed = result([0, 1, 2, 2]); // a on h0, b on h1 (rack 0); c, d on h2 (rack 1)
  const ok = {
    sameRack: [[0, 1]] as [number, number][],
    sameHost: [[2, 3]] as [number, number][],
    differentHosts: [[0, 1]] as [number, number][],
    differentRacks: [[0, 2]] as [number, number][],
  };
  assert.deepEqual(validatePlacement(hosts, vms, placed, ok), []);
  const bad = {
    sameHost: [[0, 1]] as [number, number][],
    sameRack: [[1, 2]] as [number, number][],
    differentHosts: [[2, 3]] as [number, number][],
    differentRacks: [[0, 1]] as [number, number][],
  };
  assert.deepEqual(validatePlacement(hosts, vms, placed, bad).map((v) => v.message), [
    "VMs 0 and 1 must be on the same host but are on hosts 0 and 1",
    "VMs 1 and 2 must be on the same rack but are on racks 0 and 1",
    "VMs 2 and 3 must be on different hosts but are on hosts 2 and 2",
    "VMs 0 and 1 must be on different racks but are on racks 0 and 0",
  ]);
  // A pair with an unplaced VM is not checked.
  assert.deepEqual(
    validatePlacement(hosts, vms, result([0, 1, 2, -1]), { sameHost: [[2, 3]] }),
    [],
  );
});

Deno.test("validatePlacement() checks anti-affinity by pod, given the racks' pods", () => {
  const placed = result([0, 1, 2, 2]); // a, b in rack 0; c, d in rack 1
  const apart = { differentPods: [[0, 2]] as [number, number][] };
  // racks 0 and 1 in different pods, then in one pod (racks not listed are in pod 0)
  assert.deepEqual(validatePlacement(hosts, vms, placed, { ...apart, pods: [0, 1] }), []);
  assert.deepEqual(
    validatePlacement(hosts, vms, placed, apart).map((v) => [v.kind, v.message]),
    [["different-pods", "VMs 0 and 2 must be on different pods but are on pods 0 and 0"]],
  );
  assert.throws(
    () => validatePlacement(hosts, vms, placed, { ...apart, pods: [0, -1] }),
    new RangeError(
      "Cannot validate placement as pods[1] must be an integer >= 0: current value is -1",
    ),
  );
});

Deno.test("validatePlacement() rejects a rack that is not a finite number when a rule compares racks", () => {
  // with rack NaN, two VMs on one host would count as in different racks
  const nanRack = [{ ...hosts[0]!, rack: NaN }];
  const both: PlacementResult = {
    algorithm: "manual",
    assignment: [0, 0],
    unplaced: [],
    hostsUsed: 1,
    details: {},
  };
  const pair = vms.slice(0, 2);
  for (const rule of ["differentRacks", "sameRack", "differentPods"] as const) {
    assert.throws(() => validatePlacement(nanRack, pair, both, { [rule]: [[0, 1]] }), {
      name: "RangeError",
      message:
        "Cannot validate placement as hosts[0].rack must be a finite number: current value is NaN",
    });
  }
  // host-level rules do not read racks
  assert.deepEqual(validatePlacement(nanRack, pair, both, { sameHost: [[0, 1]] }), []);
});

Deno.test("validatePlacement() checks per-core MIPS on request", () => {
  // Hosts have 2 cores of 5 MIPS: VM a (6 MIPS) does not fit a core.
  const placed = result([0, 1, 2, 2]);
  assert.deepEqual(validatePlacement(hosts, vms, placed), []);
  const v = validatePlacement(hosts, vms, placed, { perCoreMips: true });
  assert.deepEqual(v.map((x) => x.message), ["VM 0 needs 6 MIPS but a core of host 0 has 5"]);
});

Deno.test("validatePlacement() rejects malformed constraints and results", () => {
  assert.throws(
    () => validatePlacement(hosts, vms, result([0, 0, 2, -1]), { sameHost: [[0, 4]] }),
    {
      name: "RangeError",
      message:
        "Cannot validate placement as sameHost must name VM indices in [0, 3]: current value is [0,4]",
    },
  );
  assert.throws(
    () =>
      validatePlacement(hosts, vms, result([0, 0, 2, -1]), {
        differentRacks: [[0]] as unknown as [number, number][],
      }),
    {
      name: "TypeError",
      message:
        "Cannot validate placement as differentRacks must hold pairs of integer VM indices: current value is [0]",
    },
  );
  assert.throws(() => validatePlacement(hosts, vms, {} as PlacementResult), {
    name: "TypeError",
    message:
      "Cannot validate placement as result.assignment must be an array: current value is undefined",
  });
});

Deno.test("assertValidPlacement() throws a RangeError listing the violations", () => {
  assert.throws(() => assertValidPlacement(hosts, vms, result([1, 0, 1, 2], { hostsUsed: 9 })), {
    name: "RangeError",
    message:
      "Cannot accept placement as it must satisfy every capacity and constraint: current value is test with 3 violations: host 1 (h1) holds 11 cpuMips of VMs but has 10; host 1 (h1) holds 11 ramBytes of VMs but has 10; hostsUsed is 9 but 3 hosts hold VMs",
  });
});

Deno.test("validatePlacement() rejects malformed instances instead of hiding overloads", async (t) => {
  await t.step("a negative demand cannot offset an overload", () => {
    // 20 + (-15) = 5 <= 10 would pass a plain sum; the instance itself is invalid
    const bad = [vm("big", 20, 1, 1), vm("negative", -15, 1, 1)];
    assert.throws(() => validatePlacement(hosts, bad, result([0, 0])), {
      name: "RangeError",
      message:
        "Cannot validate placement as vms[1].cpuMips must be a finite number >= 0: current value is -15",
    });
  });
  await t.step("NaN capacity, missing VM and non-array VMs", () => {
    assert.throws(
      () => validatePlacement([{ ...hosts[0]!, ramBytes: NaN }], vms, result([0, 0, -1, -1])),
      {
        name: "RangeError",
        message:
          "Cannot validate placement as hosts[0].ramBytes must be a finite number >= 0: current value is NaN",
      },
    );
    assert.throws(
      () => validatePlacement(hosts, [undefined as unknown as typeof vms[0]], result([0])),
      {
        name: "TypeError",
        message:
          "Cannot validate placement as vms[0] must be an object: current value is undefined",
      },
    );
    assert.throws(
      () => validatePlacement(hosts, null as unknown as typeof vms, result([])),
      {
        name: "TypeError",
        message: "Cannot validate placement as vms must be an array: current value is null",
      },
    );
  });
  await t.step("perCoreMips needs whole cores (0 cores would make a core infinite)", () => {
    assert.throws(
      () =>
        validatePlacement([{ ...hosts[0]!, cores: 0 }], vms.slice(0, 1), result([0]), {
          perCoreMips: true,
        }),
      {
        name: "RangeError",
        message:
          "Cannot validate placement as hosts[0].cores must be an integer >= 1: current value is 0",
      },
    );
  });
});
