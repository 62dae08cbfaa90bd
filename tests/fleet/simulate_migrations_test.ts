import assert from "node:assert/strict";
import { closedForm, createPrng, type LinkSpec, migrate, type VmSpec } from "../../mod.ts";
import {
  evacuateHost,
  type MigrationRequest,
  resolveAdmissionLimits,
  simulateMigrations,
} from "../../lib/fleet/mod.ts";

const idle: VmSpec = {
  pageCount: 1000,
  pageSizeBytes: 1000,
  stateBytes: 0,
  workload: { kind: "idle" },
};
const busy: VmSpec = {
  pageCount: 65536,
  pageSizeBytes: 4096,
  stateBytes: 262144,
  workload: { kind: "uniform", writesPerSecond: 20000 },
};
const one = { links: [{ id: "l", bandwidthBytesPerSecond: 1e6 }] };

function move(id: string, vm: VmSpec, extra: Partial<MigrationRequest> = {}): MigrationRequest {
  return { id, vm, sourceHost: "a", destinationHost: "b", route: ["l"], ...extra };
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} != ${expected}`,
  );
}

Deno.test("simulateMigrations() alone on a link gives the closed form's numbers", () => {
  const link = { bandwidthBytesPerSecond: 1.25e8, latencySeconds: 0.002, pageOverheadBytes: 8 };
  const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1.25e8, latencySeconds: 0.002 }] };
  // Also with zero pages (a header each in the closed forms and here alike).
  const zero: VmSpec = {
    ...busy,
    workload: {
      kind: "uniform",
      writesPerSecond: 20000,
      zeroPages: { initialShare: 0.4, zeroingWriteShare: 0.25 },
    },
  };
  // And with the sender's zero-page scan (link.zeroPageSeconds, the request's field here).
  for (const zeroPageSeconds of [0, 2e-6]) {
    const scanning = { ...link, zeroPageSeconds };
    for (const vm of [busy, zero]) {
      for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
        const what = `${technique} (zeroPageSeconds ${zeroPageSeconds})`;
        const cf = closedForm(vm, scanning, { technique });
        const [m] = simulateMigrations(network, [
          move("x", vm, { technique, pageOverheadBytes: 8, zeroPageSeconds }),
        ]).migrations;
        close(m!.totalSeconds, cf.totalSeconds, `${what} total`);
        close(m!.downtimeSeconds, cf.downtimeSeconds, `${what} downtime`);
        close(m!.bytesSent, cf.bytesSent, `${what} bytes`);
        assert.equal(m!.rounds, cf.rounds, what);
        assert.equal(m!.stopReason, cf.stopReason, what);
        assert.equal(m!.converged, cf.converged, what);
      }
    }
  }
  // the scan is there: round(0.4 x 65536) = 26214 zero pages of time 0 at 2 us each, at least
  for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
    const scanned = closedForm(zero, { ...link, zeroPageSeconds: 2e-6 }, { technique });
    assert.ok(
      scanned.totalSeconds >= closedForm(zero, link, { technique }).totalSeconds + 26214 * 2e-6,
      technique,
    );
  }
  assert.ok(
    closedForm(zero, link, { technique: "post-copy" }).bytesSent <
      closedForm(busy, link, { technique: "post-copy" }).bytesSent,
  );
});

Deno.test("simulateMigrations() shares links max-min fairly between migrations", async (t) => {
  await t.step("two equal migrations on one link each get half", () => {
    const r = simulateMigrations(one, [
      move("x", idle, { technique: "offline" }),
      move("y", idle, { technique: "offline" }),
    ]);
    assert.deepEqual(r.migrations.map((m) => [m.totalSeconds, m.meanBytesPerSecond]), [
      [2, 5e5],
      [2, 5e5],
    ]);
    assert.equal(r.makespanSeconds, 2);
    assert.equal(r.totalDowntimeSeconds, 4);
    assert.equal(r.peakConcurrent, 2);
    assert.equal(r.links[0]!.bytes, 2e6);
    assert.equal(r.peakLinkUtilization, 1);
  });
  await t.step("a migration that ends frees its share", () => {
    const small = { ...idle, pageCount: 500 };
    const r = simulateMigrations(one, [
      move("small", small, { technique: "offline" }),
      move("big", idle, { technique: "offline" }),
    ]);
    // 0-1 s: 0.5 MB each, small done; 1-1.5 s: big's last 0.5 MB at the full 1 MB/s.
    assert.deepEqual(r.migrations.map((m) => m.endSeconds), [1, 1.5]);
  });
  await t.step("a bottleneck elsewhere: max-min across links", () => {
    const network = {
      links: [
        { id: "a", bandwidthBytesPerSecond: 10e6 },
        { id: "b", bandwidthBytesPerSecond: 4e6 },
      ],
    };
    const vm = (mb: number): VmSpec => ({ ...idle, pageCount: mb * 1000 });
    const r = simulateMigrations(network, [
      move("x", vm(80), { technique: "offline", route: ["a"] }),
      move("y", vm(20), { technique: "offline", route: ["a", "b"], destinationHost: "c" }),
      move("z", vm(20), { technique: "offline", route: ["b"], sourceHost: "d" }),
    ]);
    // Rates 8, 2, 2 MB/s: all end at 10 s.
    assert.deepEqual(r.migrations.map((m) => m.endSeconds), [10, 10, 10]);
    assert.deepEqual(r.migrations.map((m) => m.meanBytesPerSecond), [8e6, 2e6, 2e6]);
  });
  await t.step("sharing lengthens pre-copy rounds, so more is resent", () => {
    const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1.25e8 }] };
    const alone = simulateMigrations(network, [move("x", busy)]).migrations[0]!;
    const shared = simulateMigrations(network, [move("x", busy), move("y", busy)]).migrations;
    for (const m of shared) {
      assert.ok(m.bytesSent > alone.bytesSent);
      assert.ok(m.totalSeconds > 2 * alone.totalSeconds * 0.99);
    }
  });
  await t.step("a later release waits, then takes its share", () => {
    const r = simulateMigrations(one, [
      move("x", idle, { technique: "offline" }),
      move("y", idle, { technique: "offline", releaseSeconds: 0.5 }),
    ]);
    // 0-0.5: x alone (0.5 MB); 0.5-1.5: half each, x done; 1.5-2: y's last 0.5 MB.
    assert.deepEqual(r.migrations.map((m) => [m.startSeconds, m.endSeconds]), [[0, 1.5], [
      0.5,
      2,
    ]]);
  });
  await t.step("same inputs, same result", () => {
    const reqs = [move("x", busy), move("y", busy, { releaseSeconds: 0.1 })];
    assert.deepEqual(simulateMigrations(one, reqs), simulateMigrations(one, reqs));
  });
  await t.step("linkUsage: false gives the same rows and accounts no link", () => {
    const two = {
      links: [
        { id: "a", bandwidthBytesPerSecond: 1e6 },
        { id: "b", bandwidthBytesPerSecond: 4e5 },
      ],
    };
    const reqs = [
      move("x", busy, { route: ["a"] }),
      move("y", busy, { route: ["a", "b"], releaseSeconds: 0.1 }),
      move("z", idle, { route: ["b"], technique: "offline" }),
    ];
    const full = simulateMigrations(two, reqs, { admission: { maxPerLink: 2 } });
    const lean = simulateMigrations(two, reqs, { admission: { maxPerLink: 2 }, linkUsage: false });
    assert.deepEqual(lean.migrations, full.migrations);
    assert.equal(lean.makespanSeconds, full.makespanSeconds);
    assert.deepEqual(lean.links, []);
    assert.ok(Number.isNaN(lean.peakLinkUtilization));
    assert.equal(full.links.length, 2);
    assert.ok(full.peakLinkUtilization > 0);
    assert.throws(
      () => simulateMigrations(two, reqs, { linkUsage: 0 as unknown as boolean }),
      /options.linkUsage must be a boolean: current value is 0/,
    );
  });
});

Deno.test("simulateMigrations() holds migrations back under admission limits", async (t) => {
  const six = ["1", "2", "3", "4", "5", "6"].map((id) =>
    move(id, idle, { technique: "offline" as const })
  );
  await t.step("KubeVirt: 2 outbound per node", () => {
    const r = simulateMigrations(one, six, { admission: "kubevirt" });
    assert.equal(r.peakConcurrent, 2);
    assert.deepEqual(r.migrations.map((m) => m.endSeconds), [2, 2, 4, 4, 6, 6]);
    assert.deepEqual(r.migrations.map((m) => m.waitSeconds), [0, 0, 2, 2, 4, 4]);
  });
  await t.step("KubeVirt: 5 per cluster across hosts", () => {
    const many = six.map((m, i) => ({ ...m, sourceHost: `h${i}` }));
    const r = simulateMigrations(one, many, { admission: "kubevirt" });
    assert.equal(r.peakConcurrent, 5);
  });
  await t.step("vSphere 1 GbE: 4 per link", () => {
    const eight = [
      ...six,
      move("7", idle, { technique: "offline" }),
      move("8", idle, {
        technique: "offline",
      }),
    ];
    const r = simulateMigrations(one, eight, { admission: "vsphere-1gbe" });
    assert.equal(r.peakConcurrent, 4);
    assert.equal(r.makespanSeconds, 8);
  });
  await t.step("one at a time: the makespan is the sum of the closed forms", () => {
    const link = { bandwidthBytesPerSecond: 1.25e8 };
    const network = { links: [{ id: "l", ...link }] };
    const r = simulateMigrations(network, [move("x", busy), move("y", busy)], {
      admission: { maxConcurrent: 1 },
    });
    close(
      r.makespanSeconds,
      2 * closedForm(busy, link, { technique: "pre-copy" }).totalSeconds,
      "makespan",
    );
  });
  await t.step("order: smallest first", () => {
    const small = { ...idle, pageCount: 100 };
    const r = simulateMigrations(one, [
      move("big", idle, { technique: "offline" }),
      move("small", small, { technique: "offline" }),
    ], {
      admission: { maxConcurrent: 1 },
      order: "smallest-first",
    });
    assert.deepEqual(r.migrations.map((m) => [m.id, m.startSeconds]), [["big", 0.1], ["small", 0]]);
  });
  await t.step(
    "after a migration ends, scanning the queue's neighbours admits as a whole scan",
    () => {
      // A finite cluster limit (never reached) makes every admission scan the whole queue;
      // without one, only the queued migrations sharing a host or link with the one that ended
      // are scanned. Random plans with releases, sizes and limits that bind; in plans 20 to 49
      // some limits are lifted (their counters never block); from plan 40 on each host has a
      // NIC that all its migrations cross, as in the data centre's shared network (a host's
      // queue is then passed over once its NIC is full).
      let waited = 0;
      for (let plan = 0; plan < 60; plan++) {
        const draw = createPrng(7, "admission-plan", plan);
        const hosts = 3 + Math.floor(draw() * 6);
        const nics = plan >= 40;
        const links = nics ? hosts : 2 + Math.floor(draw() * 4);
        const network = {
          links: Array.from({ length: links }, (_, l) => ({
            id: `link-${l}`,
            bandwidthBytesPerSecond: 1e6 * (1 + Math.floor(draw() * 3)),
          })),
        };
        const requests = Array.from({ length: 10 + Math.floor(draw() * 30) }, (_, i) => {
          const source = Math.floor(draw() * hosts);
          const destination = (source + 1 + Math.floor(draw() * (hosts - 1))) % hosts;
          // routes independent of the hosts: one or two links
          const first = Math.floor(draw() * links), second = Math.floor(draw() * links);
          return move(`m${i}`, { ...idle, pageCount: 500 * (1 + Math.floor(draw() * 4)) }, {
            technique: draw() < 0.5 ? "offline" as const : "pre-copy" as const,
            sourceHost: `h${source}`,
            destinationHost: `h${destination}`,
            route: nics
              ? [`link-${source}`, `link-${destination}`]
              : first === second || draw() < 0.5
              ? [`link-${first}`]
              : [`link-${first}`, `link-${second}`],
            releaseSeconds: draw() < 0.6 ? 0 : Math.floor(draw() * 8) * 0.5,
          });
        });
        const limits = {
          maxPerLink: 1 + Math.floor(draw() * 3),
          maxPerHost: 1 + Math.floor(draw() * 4),
          maxOutboundPerHost: 1 + Math.floor(draw() * 3),
          maxInboundPerHost: 1 + Math.floor(draw() * 3),
        };
        if (plan >= 20 && plan < 50) {
          // one limit kept, each other lifted at random
          const names = Object.keys(limits) as (keyof typeof limits)[];
          const kept = names[plan % names.length]!;
          for (const name of names) if (name !== kept && draw() < 0.5) limits[name] = Infinity;
        }
        const order = draw() < 0.5 ? "as-given" as const : "largest-first" as const;
        const neighbours = simulateMigrations(network, requests, { admission: limits, order });
        const whole = simulateMigrations(network, requests, {
          admission: { ...limits, maxConcurrent: 1e9 },
          order,
        });
        assert.deepEqual(neighbours.migrations, whole.migrations, `plan ${plan}`);
        if (neighbours.migrations.some((m) => m.waitSeconds > 0)) waited++;
      }
      // the limits bind: migrations wait in (almost) every plan
      assert.ok(waited >= 54, `${waited} of 60 plans wait`);
    },
  );
  await t.step("bad input names the field and value", () => {
    assert.throws(
      () => simulateMigrations(one, six, { admission: "nova" as "kubevirt" }),
      /options.admission/,
    );
    assert.throws(
      () => simulateMigrations(one, [move("x", idle, { route: ["z"] })]),
      /route\[0\].*"z"/,
    );
    assert.throws(
      () => simulateMigrations(one, [move("x", idle), move("x", idle)]),
      /requests\[1\].id/,
    );
    assert.throws(
      () => simulateMigrations(one, [move("x", idle, { technique: "time-series" as "offline" })]),
      /requests\[0\].technique/,
    );
    assert.throws(
      () => simulateMigrations(one, [move("x", idle, { releaseSeconds: -1 })]),
      /requests\[0\].releaseSeconds must be a finite number >= 0: current value is -1/,
    );
    assert.throws(() => resolveAdmissionLimits({ maxConcurrent: 1.5 }), /maxConcurrent/);
    assert.throws(
      () => simulateMigrations(one, [move("x", idle, { preset: "qemu" })], { fidelity: "page" }),
      /requests\[0\].preset must switch over at the end of a round .*: current value is "qemu"/,
    );
  });
});

Deno.test("evacuateHost() empties a host under admission limits", async (t) => {
  const vms = Array.from({ length: 10 }, (_, i) => ({ id: `vm${i}`, vm: busy }));
  const network = {
    links: [{ id: "uplink", bandwidthBytesPerSecond: 1.25e9, latencySeconds: 1e-4 }],
  };
  await t.step("every VM leaves; the makespan is at least the bytes over the link", () => {
    const plan = evacuateHost(vms, network, {
      destinationHosts: ["d1", "d2"],
      admission: "vsphere-10gbe",
    });
    assert.equal(plan.migrations.length, 10);
    assert.deepEqual(plan.migrations.map((m) => m.destinationHost).slice(0, 3), ["d1", "d2", "d1"]);
    // vSphere 10 GbE: 8 per link, so 8 run at once and the last 2 wait.
    assert.equal(plan.peakConcurrent, 8);
    assert.equal(plan.migrations.filter((m) => m.waitSeconds > 0).length, 2);
    assert.ok(plan.makespanSeconds >= plan.bytesSent / 1.25e9);
    assert.ok(plan.migrations.every((m) => m.converged));
  });
  await t.step(
    "busy VMs one at a time: less traffic and a shorter makespan than all at once",
    () => {
      // Ten at once each get a tenth of the link: rounds last ten times as long, so
      // each VM re-sends more (5.41 GB against 2.86 GB), and the makespan grows too
      // (4.33 s against 2.29 s).
      const seq = evacuateHost(vms, network, { admission: { maxConcurrent: 1 } });
      const par = evacuateHost(vms, network, { admission: "unlimited" });
      assert.equal(par.peakConcurrent, 10);
      assert.equal(seq.peakConcurrent, 1);
      assert.ok(seq.bytesSent < par.bytesSent);
      assert.ok(seq.makespanSeconds < par.makespanSeconds);
      assert.ok(seq.migrations.every((m, i) => i === 0 || m.waitSeconds > 0));
    },
  );
  await t.step("a destination without a route is an error", () => {
    assert.throws(
      () => evacuateHost(vms, network, { destinationHosts: ["d1"], routes: {} }),
      /options.routes must hold a route to "d1"/,
    );
  });
  // found by the fleet fuzz test (FUZZ_RUNS=400): routes null threw "Cannot read properties
  // of null (reading 'destination')"
  await t.step(
    "routes that are no object, a route inherited from Object.prototype, a destination that is no string",
    () => {
      assert.throws(() => evacuateHost(vms, network, { routes: null as never }), {
        name: "TypeError",
        message:
          "Cannot evacuate a host as options.routes must be an object: current value is null",
      });
      assert.throws(
        () => evacuateHost(vms, network, { destinationHosts: ["toString"], routes: {} }),
        {
          name: "RangeError",
          message:
            /^Cannot evacuate a host as options.routes must hold a route to "toString": current value is \{\}$/,
        },
      );
      const host = Object.assign(Object.create(null), { name: "d1" });
      assert.throws(() => evacuateHost(vms, network, { destinationHosts: [host], routes: {} }), {
        name: "TypeError",
        message:
          'Cannot evacuate a host as options.destinationHosts[0] must be a string: current value is {"name":"d1"}',
      });
    },
  );
});

Deno.test("simulateMigrations() at page fidelity", async (t) => {
  const vm: VmSpec = {
    pageCount: 65536,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "hot-cold", writesPerSecond: 20000, hotFraction: 0.05, hotShare: 0.9 },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e8,
    latencySeconds: 0.001,
    pageOverheadBytes: 8,
  };
  const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1.25e8, latencySeconds: 0.001 }] };
  // Zero pages, some of them written zero, and the sender's scan of each (2 us a page).
  const zeroVm: VmSpec = {
    ...vm,
    workload: { ...vm.workload, zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.5 } },
  } as VmSpec;
  const scanLink: LinkSpec = { ...link, zeroPageSeconds: 2e-6 };
  /** VM v migrated alone on the network's link at page fidelity, and by `migrate` on link l. */
  const alone = (
    v: VmSpec,
    l: LinkSpec,
    technique: "offline" | "pre-copy" | "post-copy" | "hybrid",
    seed: number,
  ) => {
    const e = migrate(v, l, { technique, seed, sampler: "per-write" });
    const [m] = simulateMigrations(network, [
      move("x", v, {
        technique,
        pageOverheadBytes: 8,
        seed,
        zeroPageSeconds: l.zeroPageSeconds ?? 0,
      }),
    ], { fidelity: "page" }).migrations;
    return { m: m!, e };
  };
  await t.step("alone on a link, it is the per-write page-level engine, seed for seed", () => {
    const cases = [[vm, link], [zeroVm, link], [zeroVm, scanLink]] as const;
    for (const [v, l] of cases) {
      for (const technique of ["offline", "pre-copy"] as const) {
        for (const seed of [1, 7]) {
          const what = `${technique} (zeroPageSeconds ${l.zeroPageSeconds ?? 0})`;
          const { m, e } = alone(v, l, technique, seed);
          close(m!.totalSeconds, e.totalSeconds, `${what} total`);
          close(m!.downtimeSeconds, e.downtimeSeconds, `${what} downtime`);
          assert.equal(m!.bytesSent, e.bytesSent, what);
          assert.equal(m!.rounds, e.rounds, what);
          assert.equal(m!.stopReason, e.stopReason, what);
        }
      }
    }
    // the scan is there: 32768 zero pages of time 0 at 2 us each, at least
    const e = migrate(zeroVm, scanLink, { technique: "offline", seed: 1 });
    const plain = migrate(zeroVm, link, { technique: "offline", seed: 1 });
    assert.ok(e.totalSeconds >= plain.totalSeconds + 32768 * 2e-6);
  });
  await t.step("two equal idle VMs on one link each get half", () => {
    const idleVm = { ...vm, stateBytes: 0, workload: { kind: "idle" as const } };
    const r = simulateMigrations(network, [move("x", idleVm), move("y", idleVm)], {
      fidelity: "page",
    });
    const alone = 65536 * 4096 / 1.25e8;
    for (const m of r.migrations) close(m.meanBytesPerSecond, 6.25e7, "share");
    close(r.makespanSeconds, 2 * alone + 0.001, "makespan");
  });
  await t.step("seeds: same seed, same bytes; the run seed names each VM's stream", () => {
    const reqs = [move("x", vm), move("y", vm)];
    const a = simulateMigrations(network, reqs, { fidelity: "page", seed: 3 });
    const b = simulateMigrations(network, reqs, { fidelity: "page", seed: 3 });
    const c = simulateMigrations(network, reqs, { fidelity: "page", seed: 4 });
    assert.deepEqual(a, b);
    assert.notEqual(a.bytesSent, c.bytesSent);
    assert.equal(a.seed, 3);
  });
  await t.step("closed form and page level agree on a shared evacuation (uniform writes)", () => {
    const uniform: VmSpec = { ...vm, workload: { kind: "uniform", writesPerSecond: 5000 } };
    const reqs = ["a", "b", "c", "d"].map((id) => move(id, uniform));
    const cf = simulateMigrations(network, reqs, { admission: { maxConcurrent: 2 } });
    const page = simulateMigrations(network, reqs, {
      admission: { maxConcurrent: 2 },
      fidelity: "page",
      seed: 1,
    });
    const rel = (a: number, b: number) => Math.abs(a - b) / b;
    assert.ok(rel(page.makespanSeconds, cf.makespanSeconds) < 0.02);
    assert.ok(rel(page.bytesSent, cf.bytesSent) < 0.02);
    assert.deepEqual(
      page.migrations.map((m) => m.rounds),
      cf.migrations.map((m) => m.rounds),
    );
  });
  await t.step("the counts sampler: alone, the engine's counts sampler seed for seed", () => {
    for (const seed of [1, 7]) {
      const e = migrate(vm, link, { technique: "pre-copy", seed, sampler: "counts" });
      assert.equal(e.sampler, "counts");
      for (const sampler of ["counts", "auto"] as const) {
        const [m] = simulateMigrations(network, [
          move("x", vm, { pageOverheadBytes: 8, seed }),
        ], { fidelity: "page", sampler }).migrations;
        close(m!.totalSeconds, e.totalSeconds, `${sampler} total`);
        close(m!.downtimeSeconds, e.downtimeSeconds, `${sampler} downtime`);
        assert.equal(m!.bytesSent, e.bytesSent);
        assert.equal(m!.rounds, e.rounds);
      }
    }
  });
  await t.step("the counts sampler agrees with per-write draws on a shared evacuation", () => {
    const uniform: VmSpec = { ...vm, workload: { kind: "uniform", writesPerSecond: 5000 } };
    const reqs = ["a", "b", "c", "d"].map((id) => move(id, uniform));
    const run = (sampler: "per-write" | "counts", seed: number) =>
      simulateMigrations(network, reqs, {
        admission: { maxConcurrent: 2 },
        fidelity: "page",
        seed,
        sampler,
      });
    const rel = (a: number, b: number) => Math.abs(a - b) / b;
    const w = run("per-write", 1);
    const c = run("counts", 1);
    assert.ok(rel(c.makespanSeconds, w.makespanSeconds) < 0.01);
    assert.ok(rel(c.bytesSent, w.bytesSent) < 0.01);
    assert.deepEqual(c.migrations.map((m) => m.rounds), w.migrations.map((m) => m.rounds));
    assert.deepEqual(run("counts", 1), c);
    assert.notEqual(run("counts", 2).bytesSent, c.bytesSent);
  });
  await t.step("the counts sampler is refused where it is not exact; auto falls back", () => {
    const zero: VmSpec = {
      ...vm,
      workload: { kind: "uniform", writesPerSecond: 5000, zeroPages: { initialShare: 0.5 } },
    };
    assert.throws(
      () => simulateMigrations(network, [move("x", zero)], { fidelity: "page", sampler: "counts" }),
      /options\.sampler "counts" is not exact for requests\[0\]: vm\.workload\.zeroPages/,
    );
    const auto = simulateMigrations(network, [move("x", zero, { seed: 1 })], {
      fidelity: "page",
      sampler: "auto",
    });
    const perWrite = simulateMigrations(network, [move("x", zero, { seed: 1 })], {
      fidelity: "page",
    });
    assert.deepEqual(auto, perWrite);
    assert.throws(
      () => simulateMigrations(network, [move("x", vm)], { sampler: "fast" as "auto" }),
      /options\.sampler/,
    );
  });
  await t.step("post-copy and hybrid alone on a link are the page-level engine's", () => {
    const rw: VmSpec = {
      ...vm,
      workload: { ...vm.workload, readsPerSecond: 20000 } as VmSpec["workload"],
    };
    // With zero pages too: the pull sends them as a header each, pushed or faulted.
    const zero: VmSpec = {
      ...vm,
      workload: {
        ...vm.workload,
        readsPerSecond: 20000,
        zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.5 },
      } as VmSpec["workload"],
    };
    // And with the sender's scan of each zero page: in the pull's slots as in its end.
    const cases = [
      ["post-copy", rw, link],
      ["hybrid", rw, link],
      ["post-copy", zero, link],
      ["hybrid", zero, link],
      ["post-copy", zero, scanLink],
      ["hybrid", zero, scanLink],
    ] as const;
    for (const [technique, v, l] of cases) {
      for (const seed of [1, 7]) {
        const { m, e } = alone(v, l, technique, seed);
        close(m!.totalSeconds, e.totalSeconds, `${technique} total`);
        close(m!.downtimeSeconds, e.downtimeSeconds, `${technique} downtime`);
        assert.equal(m!.bytesSent, e.bytesSent, `${technique} bytes`);
        assert.equal(m!.remoteFaults, e.remoteFaults, `${technique} faults`);
        close(m!.stallSeconds, e.stallSeconds, `${technique} stall`);
        assert.ok(e.remoteFaults > 0);
        assert.equal(m!.rounds, e.rounds, `${technique} rounds`);
      }
    }
  });
  await t.step("two equal post-copy pulls share the link: each at half the rate", () => {
    const idleVm = { ...vm, workload: { kind: "idle" as const } };
    const one = simulateMigrations(network, [move("x", idleVm, { technique: "post-copy" })], {
      fidelity: "page",
    });
    const two = simulateMigrations(network, [
      move("x", idleVm, { technique: "post-copy" }),
      move("y", idleVm, { technique: "post-copy" }),
    ], { fidelity: "page" });
    // The two states go first at half the rate each, then the two pulls at half the rate.
    const state = 262144 / 1.25e8;
    const pull = (65536 * 4096) / 1.25e8; // no page overhead in these requests
    close(one.migrations[0]!.totalSeconds, state + 0.001 + pull + 0.001, "alone");
    for (const m of two.migrations) {
      close(m.downtimeSeconds, 2 * state + 0.001, "shared downtime");
      close(m.totalSeconds, 2 * state + 0.001 + 2 * pull + 0.001, "shared total");
      assert.equal(m.remoteFaults, 0);
    }
  });
  await t.step("a hybrid whose VM is idle: one round, the state, nothing to pull", () => {
    const idleVm = { ...vm, workload: { kind: "idle" as const } };
    for (const fidelity of ["closed-form", "page"] as const) {
      const [m] = simulateMigrations(network, [
        move("x", idleVm, { technique: "hybrid", pageOverheadBytes: 8 }),
      ], { fidelity }).migrations;
      assert.equal(m!.bytesSent, 65536 * 4104 + 262144, fidelity);
      close(m!.downtimeSeconds, 262144 / 1.25e8 + 0.001, `${fidelity} downtime`);
      close(m!.totalSeconds, (65536 * 4104 + 262144) / 1.25e8 + 0.001, `${fidelity} total`);
      assert.equal(m!.rounds, 3); // the round, the state, the (empty) pull
    }
    assert.throws(
      () => simulateMigrations(network, [move("x", vm, { technique: "hybrid", preCopyRounds: 0 })]),
      /requests\[0\]\.preCopyRounds must be an integer .*current value is 0/,
    );
  });
  await t.step(
    "a hybrid's push ends as the engine's: early when nothing is dirty, at the cap",
    () => {
      // simulateHybrid: "after preCopyRounds rounds (fewer if no page is left dirty)", and no
      // push runs more than MAX_PUSH_ROUNDS (1000) rounds whatever it is asked
      const small: VmSpec = {
        pageCount: 16,
        pageSizeBytes: 1024,
        stateBytes: 1000,
        workload: {
          kind: "idle",
        },
      };
      const busyVm: VmSpec = { ...small, workload: { kind: "uniform", writesPerSecond: 3000 } };
      const net = { links: [{ id: "l", bandwidthBytesPerSecond: 2e5 }] };
      const cases = [[small, 3], [busyVm, 1200]] as const;
      for (const [v, preCopyRounds] of cases) {
        const e = migrate(v, { bandwidthBytesPerSecond: 2e5 }, {
          technique: "hybrid",
          seed: 3,
          preCopyRounds,
          sampler: "per-write",
        });
        const what = `${v.workload.kind}, preCopyRounds ${preCopyRounds}`;
        assert.equal(e.rounds, v === small ? 3 : 1002, what); // pushes, the state, the pull
        for (const fidelity of ["closed-form", "page"] as const) {
          const [m] = simulateMigrations(net, [
            move("x", v, { technique: "hybrid", preCopyRounds, seed: 3 }),
          ], { fidelity }).migrations;
          assert.equal(m!.rounds, e.rounds, `${what} (${fidelity})`);
          if (fidelity === "page") {
            assert.equal(m!.bytesSent, e.bytesSent, what);
            close(m!.totalSeconds, e.totalSeconds, `${what} total`);
          }
        }
      }
    },
  );
  await t.step("closed form and page level agree on shared hybrids (uniform writes)", () => {
    const uniform: VmSpec = { ...vm, workload: { kind: "uniform", writesPerSecond: 5000 } };
    const reqs = ["a", "b", "c"].map((id) => move(id, uniform, { technique: "hybrid" }));
    const cf = simulateMigrations(network, reqs);
    const page = simulateMigrations(network, reqs, { fidelity: "page", seed: 1 });
    const rel = (a: number, b: number) => Math.abs(a - b) / b;
    assert.ok(rel(page.makespanSeconds, cf.makespanSeconds) < 0.02);
    assert.ok(rel(page.bytesSent, cf.bytesSent) < 0.02);
    assert.ok(page.migrations.every((m) => m.remoteFaults > 0 && m.stallSeconds > 0));
    assert.ok(cf.migrations.every((m) => m.remoteFaults === 0));
  });
});

Deno.test("simulateMigrations() charges each migration's zero-page scan with its flow off the link", async (t) => {
  // x: 1000 pages of 1000 bytes, 500 of them zero pages (0 wire bytes without a page
  // overhead) that its sender scans at 1 ms each (0.5 s); y: no zero page. One link of 1e6
  // bytes/s, no latency. The scan comes first and x's flow is off the link meanwhile, so y
  // sends alone at 1e6 bytes/s for 0.5 s (5e5 of its 1e6 bytes); then both flows have 5e5
  // bytes left at 5e5 bytes/s each and end together at 1.5 s. The link is never idle: y ends
  // when it would have without the scan (1.5e6 bytes at 1e6 bytes/s), x 0.5 s later than
  // without it (its flow alone: 1 s sharing, then y alone).
  const x: VmSpec = { ...idle, workload: { kind: "idle", zeroPages: { initialShare: 0.5 } } };
  const both =
    (technique: "offline" | "pre-copy", zeroPageSeconds: number) =>
    (fidelity: "closed-form" | "page") =>
      simulateMigrations(one, [
        move("x", x, { technique, zeroPageSeconds }),
        move("y", idle, { technique, zeroPageSeconds }),
      ], { fidelity }).migrations;
  for (const fidelity of ["closed-form", "page"] as const) {
    await t.step(`${fidelity}: offline, the scan is downtime`, () => {
      const [mx, my] = both("offline", 1e-3)(fidelity);
      close(mx!.totalSeconds, 1.5, "x total");
      close(mx!.downtimeSeconds, 1.5, "x downtime");
      close(my!.totalSeconds, 1.5, "y total");
      assert.equal(mx!.bytesSent, 5e5);
      assert.equal(my!.bytesSent, 1e6);
      // the flows' rates: x sent 5e5 bytes in 1 s of flow, y 1e6 in 1.5 s
      close(mx!.meanBytesPerSecond, 5e5, "x rate");
      close(my!.meanBytesPerSecond, 1e6 / 1.5, "y rate");
      // without the scan x ends at 1 s, y still at 1.5 s
      const [nx, ny] = both("offline", 0)(fidelity);
      close(nx!.totalSeconds, 1, "x total without scan");
      close(ny!.totalSeconds, 1.5, "y total without scan");
    });
    await t.step(`${fidelity}: pre-copy of idle VMs, the scan in the first round`, () => {
      // one push round each as above, then a stop-and-copy of nothing (no page written)
      const [mx, my] = both("pre-copy", 1e-3)(fidelity);
      for (const m of [mx!, my!]) {
        close(m.totalSeconds, 1.5, `${m.id} total`);
        assert.equal(m.downtimeSeconds, 0);
        assert.equal(m.rounds, 2);
      }
    });
  }
  await t.step("alone, each is the engine's on the same link, scan included", () => {
    const link = { bandwidthBytesPerSecond: 1e6, zeroPageSeconds: 1e-3 };
    const [mx] = simulateMigrations(one, [
      move("x", x, { technique: "offline", zeroPageSeconds: 1e-3 }),
    ]).migrations;
    close(mx!.totalSeconds, migrate(x, link, { technique: "offline", seed: 0 }).totalSeconds, "x");
    close(mx!.totalSeconds, 1, "x alone: 0.5 s of scan, 0.5 s of flow");
  });
  await t.step("pages left to pull that are all zero pages of no byte: latency and scan", () => {
    // Post-copy of a VM whose every page is a zero page, with no page overhead: the pull
    // carries 0 bytes, yet, as in the engine, it ends one latency after its scan.
    const zeroes: VmSpec = { ...idle, workload: { kind: "idle", zeroPages: { initialShare: 1 } } };
    const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1e6, latencySeconds: 0.01 }] };
    for (const zeroPageSeconds of [0, 1e-4]) {
      const link = { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.01, zeroPageSeconds };
      for (const fidelity of ["closed-form", "page"] as const) {
        const e = migrate(zeroes, link, { technique: "post-copy", seed: 1, fidelity });
        const [m] = simulateMigrations(network, [
          move("x", zeroes, { technique: "post-copy", zeroPageSeconds, seed: 1 }),
        ], { fidelity }).migrations;
        const what = `${fidelity} (zeroPageSeconds ${zeroPageSeconds})`;
        close(m!.totalSeconds, e.totalSeconds, `${what} total`);
        close(m!.totalSeconds, 0.01 + 1000 * zeroPageSeconds + 0.01, `${what} by hand`);
        close(m!.downtimeSeconds, e.downtimeSeconds, `${what} downtime`);
        assert.equal(m!.bytesSent, 0);
        assert.equal(m!.meanBytesPerSecond, 0, `${what} rate`); // not 0 / 0
      }
    }
  });
  await t.step("a request's zeroPageSeconds must be a finite number >= 0", () => {
    for (const value of [-1, NaN, Infinity]) {
      assert.throws(() => simulateMigrations(one, [move("x", x, { zeroPageSeconds: value })]), {
        name: "RangeError",
        message: "Cannot simulate migrations as requests[0].zeroPageSeconds must be a finite " +
          `number >= 0: current value is ${value}`,
      });
    }
    assert.throws(
      () => simulateMigrations(one, [move("x", x, { zeroPageSeconds: "1" as unknown as number })]),
      { name: "TypeError", message: /requests\[0\]\.zeroPageSeconds must be a number/ },
    );
  });
});

Deno.test("simulateMigrations() keeps every admission limit at every instant and conserves bytes (seeded random plans)", () => {
  // By the definitions: a migration is in flight over [startSeconds, endSeconds); "a migration
  // waits until starting it keeps every limit that applies to it"; a link carries the bytes of
  // the migrations whose route crosses it; peakConcurrent is the most in flight at once.
  const limitSets = [
    "kubevirt",
    "vsphere-1gbe",
    { maxConcurrent: 2 },
    { maxPerHost: 2 },
    { maxInboundPerHost: 1, maxOutboundPerHost: 2 },
    { maxPerLink: 1 },
  ] as const;
  const techniques = ["offline", "pre-copy", "post-copy", "hybrid"] as const;
  const hosts = ["h0", "h1", "h2", "h3"];
  for (let seed = 0; seed < 60; seed++) {
    const r = createPrng(seed, "fleet-admission-property");
    const links = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, i) => ({
      id: `l${i}`,
      bandwidthBytesPerSecond: 1e4 + r() * 1e6,
      latencySeconds: r() < 0.5 ? 0 : r() * 0.01,
    }));
    const requests: MigrationRequest[] = Array.from({ length: 2 + Math.floor(r() * 6) }, (_, i) => {
      const s = Math.floor(r() * 4), d = (s + 1 + Math.floor(r() * 3)) % 4;
      let route = links.filter(() => r() < 0.5).map((l) => l.id);
      if (route.length === 0) route = [links[Math.floor(r() * links.length)]!.id];
      const writesPerSecond = r() * 2000;
      return {
        id: `m${i}`,
        vm: {
          pageCount: 8 + Math.floor(r() * 100),
          pageSizeBytes: 1024,
          stateBytes: Math.floor(r() * 10000),
          workload: r() < 0.3 ? { kind: "idle" } : { kind: "uniform", writesPerSecond },
        },
        sourceHost: hosts[s]!,
        destinationHost: hosts[d]!,
        route,
        technique: techniques[Math.floor(r() * 4)]!,
        releaseSeconds: r() < 0.5 ? 0 : r() * 2,
      };
    });
    const admission = limitSets[seed % limitSets.length]!;
    const limits = resolveAdmissionLimits(admission);
    for (const fidelity of ["closed-form", "page"] as const) {
      const what = `seed ${seed} (${fidelity})`;
      const out = simulateMigrations({ links }, requests, { admission, fidelity, seed });
      const rows = out.migrations;
      let peak = 0;
      for (const t of rows.map((m) => m.startSeconds)) {
        const on = requests.filter((_, i) => rows[i]!.startSeconds <= t && t < rows[i]!.endSeconds);
        peak = Math.max(peak, on.length);
        const count = (p: (q: MigrationRequest) => boolean) => on.filter(p).length;
        assert.ok(on.length <= limits.maxConcurrent, `${what}: ${on.length} at ${t}`);
        for (const h of hosts) {
          const out = count((q) => q.sourceHost === h), inn = count((q) => q.destinationHost === h);
          assert.ok(out <= limits.maxOutboundPerHost, `${what}: ${out} leave ${h} at ${t}`);
          assert.ok(inn <= limits.maxInboundPerHost, `${what}: ${inn} reach ${h} at ${t}`);
          assert.ok(out + inn <= limits.maxPerHost, `${what}: ${out + inn} on ${h} at ${t}`);
        }
        for (const l of links) {
          const n = count((q) => q.route.includes(l.id));
          assert.ok(n <= limits.maxPerLink, `${what}: ${n} cross ${l.id} at ${t}`);
        }
      }
      assert.equal(out.peakConcurrent, peak, what);
      for (const [i, m] of rows.entries()) {
        assert.ok(m.startSeconds >= m.releaseSeconds, what);
        // (an offline row's total, end less start, may be one ulp under its downtime)
        assert.ok(m.totalSeconds >= m.downtimeSeconds * (1 - 1e-12), `${what}: ${m.id}`);
        assert.ok(m.downtimeSeconds >= 0, what);
        const v = requests[i]!.vm;
        assert.ok(m.bytesSent >= v.pageCount * v.pageSizeBytes + v.stateBytes, what);
      }
      for (const u of out.links) {
        const carried = rows.filter((_, i) => requests[i]!.route.includes(u.id))
          .reduce((s, m) => s + m.bytesSent, 0);
        close(u.bytes, carried, `${what}: bytes over ${u.id}`);
        assert.ok(out.makespanSeconds >= carried / u.bandwidthBytesPerSecond * (1 - 1e-9), what);
      }
    }
  }
});
