import assert from "node:assert/strict";
import { runContractNetAgents } from "../../lib/placement/contract_net_agents.ts";
import type { TimedVm } from "../../lib/placement/contract_net_agents.ts";
import { evaluateDesktopPlacement } from "../../lib/placement/evaluate_desktop_placement.ts";
import { firstFit } from "../../lib/placement/first_fit.ts";
import { desktopDays, servers } from "./_desktops_fixture.ts";

const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
const hosts = [0, 1, 2].map((j) => ({ ...host, name: `h${j}` }));
const vm = (name: string, series: number[]): TimedVm => ({
  name,
  cpuMipsSeries: series,
  ramBytes: 1e9,
});
/** A VM of the hand traces with its own RAM. */
const timed = (name: string, series: number[], ramBytes: number): TimedVm => ({
  name,
  cpuMipsSeries: series,
  ramBytes,
});

Deno.test("runContractNetAgents() runs a call for proposals per VM and counts every message (hand trace)", () => {
  // Interval 0: h0 (90 %) pushes b (300, the smallest VM covering the 100 MIPS excess):
  // cfp to h1 and h2, both propose (80 %, 60 %), best fit accepts h1, rejects h2; h1
  // informs done: 7 messages. Interval 1: a drops to 100, b's new host h1 holds c 500 +
  // b 300; h0 (10 %) is underloaded and offers a: h1 would reach 90 % (refuse), h2 40 %
  // (propose) -> accept, inform-done: 6 messages, h0 switches off.
  const vms = [
    vm("a", [600, 100]),
    vm("b", [300, 300]),
    vm("c", [500, 500]),
    vm("d", [
      300,
      300,
    ]),
  ];
  const result = runContractNetAgents(hosts, vms, [0, 0, 1, 2]);
  assert.deepEqual(result.migrations, [
    { interval: 0, vm: 1, fromHost: 0, toHost: 1, reason: "overload" },
    { interval: 1, vm: 0, fromHost: 0, toHost: 2, reason: "underload" },
  ]);
  assert.deepEqual(result.assignment, [2, 1, 1, 2]);
  assert.deepEqual(result.messages, {
    "cfp": 4,
    "propose": 3,
    "refuse": 1,
    "accept-proposal": 2,
    "reject-proposal": 1,
    "inform-done": 2,
    "cancel": 0,
  });
  assert.equal(result.totalMessages, 13);
  assert.deepEqual(result.rows.map((r) => [r.migrations, r.messages, r.activeHosts]), [
    [1, 7, 3],
    [1, 6, 2],
  ]);
});

Deno.test("runContractNetAgents() cancels an underloaded host's agreed moves when one VM finds no taker", () => {
  // h0 at 15 % offers a (100): h1 (70 %) proposes 80 %, accepted and reserved; then b (50):
  // h1 would reach 85 % and h2 is off (an underloaded host wakes no one): refuse -> cancel.
  const vms = [vm("a", [100]), vm("b", [50]), vm("c", [700])];
  const result = runContractNetAgents(hosts, vms, [0, 0, 1]);
  assert.deepEqual(result.migrations, []);
  assert.deepEqual(result.assignment, [0, 0, 1]);
  assert.deepEqual(result.messages, {
    "cfp": 2,
    "propose": 1,
    "refuse": 1,
    "accept-proposal": 1,
    "reject-proposal": 0,
    "inform-done": 0,
    "cancel": 1,
  });
});

Deno.test("runContractNetAgents() frees the capacity a cancelled move reserved, for the calls after it", () => {
  // Interval 0: h0 at 19 % offers a (100): h1 (65 %) wins at 75 % and reserves it; b (90)
  // would take h1 to 84 %: refuse -> cancel. Interval 1: h0 (a 500 + b 400: 90 %) pushes b
  // (the smallest VM covering the 100 MIPS excess); h1 (c 350) proposes 75 % and takes it.
  // Had the cancel kept a's 100 MIPS reserved on h1, h1 would refuse (85 %) and switched-off
  // h2 would be woken for b.
  const vms = [vm("a", [100, 500]), vm("b", [90, 400]), vm("c", [650, 350])];
  const result = runContractNetAgents(hosts, vms, [0, 0, 1]);
  assert.deepEqual(result.migrations, [
    { interval: 1, vm: 1, fromHost: 0, toHost: 1, reason: "overload" },
  ]);
  assert.deepEqual(result.assignment, [0, 1, 1]);
  assert.deepEqual(result.rows.map((r) => [r.migrations, r.messages, r.activeHosts]), [
    [0, 6, 2],
    [1, 4, 2],
  ]);
});

Deno.test("runContractNetAgents() over a day of desktops: no overloaded host left, far fewer overloads than the placement left alone, messages consistent", () => {
  const [day] = desktopDays(1, 60);
  const pool = servers(40);
  // Hourly samples; the initial placement is First Fit on the first sample.
  const vms = day.map((d) => ({
    ...d,
    cpuMipsSeries: d.cpuMipsSeries.filter((_, t) => t % 12 === 0),
  }));
  const initial = firstFit(
    pool,
    vms.map((d) => ({
      name: d.name,
      cpuMips: d.cpuMipsSeries[0]!,
      ramBytes: d.ramBytes,
      bandwidthBytesPerSecond: 0,
    })),
    { dimensions: ["cpuMips", "ramBytes"] },
  ).assignment;
  const alone = evaluateDesktopPlacement(pool, vms, initial);
  assert.ok(alone.overloadIntervals > 20, `${alone.overloadIntervals}`);
  const results = (["best-fit", "least-loaded"] as const).map((award) =>
    runContractNetAgents(pool, vms, initial, { award })
  );
  for (const r of results) {
    assert.equal(r.rows.reduce((s, row) => s + row.saturatedHosts, 0), 0);
    assert.equal(r.rows.reduce((s, row) => s + row.overloadedHosts, 0), 0);
    // Every call is answered, every proposal accepted or rejected, every acceptance done
    // or cancelled.
    const m = r.messages;
    assert.equal(m.cfp, m.propose + m.refuse);
    assert.equal(m.propose, m["accept-proposal"] + m["reject-proposal"]);
    assert.equal(m["accept-proposal"], m["inform-done"] + m.cancel);
    assert.equal(m["inform-done"], r.migrations.length);
    assert.equal(r.rows.reduce((s, row) => s + row.messages, 0), r.totalMessages);
  }
  // Consolidating awards keep fewer hosts on than balancing ones.
  const active = (r: (typeof results)[number]) => r.rows.reduce((s, row) => s + row.activeHosts, 0);
  assert.ok(active(results[0]!) < active(results[1]!));
});

Deno.test("runContractNetAgents() sends one cancel to every winner of an aborted evacuation", () => {
  // h0 (19 %) offers a (100): h1 (72 %) would reach 82 % (refuse), h2 (69 %) 79 % -> h2;
  // b (50): h1 -> 77 % wins, h2 (reserved 79 %) would reach 84 % (refuse); c (40): h1 81 %,
  // h2 83 %: both refuse -> two cancels, one to h2 and one to h1.
  const vms = [
    vm("a", [100]),
    vm("b", [50]),
    vm("c", [40]),
    vm("d", [720]),
    vm("e", [690]),
  ];
  const result = runContractNetAgents(hosts, vms, [0, 0, 0, 1, 2]);
  assert.deepEqual(result.migrations, []);
  assert.deepEqual(result.messages, {
    "cfp": 6,
    "propose": 2,
    "refuse": 4,
    "accept-proposal": 2,
    "reject-proposal": 0,
    "inform-done": 0,
    "cancel": 2,
  });
});

Deno.test("runContractNetAgents() frees the RAM a cancelled move reserved, for later calls", () => {
  // Interval 0: h0 (19 %) offers a (100 MIPS, 4 GB): h1 (650 MIPS, 3 GB) wins and reserves it;
  // b (90) would take h1 to 84 %: refuse -> cancel. Interval 1: h0 at 90 % pushes b (400 MIPS,
  // 2 GB): h1 (350 MIPS, 3 GB) has 75 % and 5 GB with it and takes it. Had the cancel kept
  // a's 4 GB reserved, h1 would refuse (9 GB > 8 GB) and switched-off h2 would be woken.
  const vms = [
    timed("a", [100, 500], 4e9),
    timed("b", [90, 400], 2e9),
    timed("c", [650, 350], 3e9),
  ];
  const result = runContractNetAgents(hosts, vms, [0, 0, 1]);
  assert.deepEqual(result.migrations, [
    { interval: 1, vm: 1, fromHost: 0, toHost: 1, reason: "overload" },
  ]);
  assert.deepEqual(result.assignment, [0, 1, 1]);
});

Deno.test("runContractNetAgents() bids the utilisation a host would reach with the VM, on hosts of different sizes (hand example)", () => {
  // h0 (1000 MIPS) at 90 % pushes b (300). h1 (1000 MIPS) at 400 would reach 70 %; h2 (2000
  // MIPS) at 1000 would reach 65 %. Best fit takes h1 (70 > 65) and least loaded h2; bids of
  // the load before the VM (40 % and 50 %) would choose the other way round.
  const sized = [
    { ...host, name: "h0" },
    { ...host, name: "h1" },
    { ...host, name: "h2", cpuMips: 2000 },
  ];
  const vms = [vm("a", [600]), vm("b", [300]), vm("c", [400]), vm("d", [1000])];
  const to = (award: "best-fit" | "least-loaded") =>
    runContractNetAgents(sized, vms, [0, 0, 1, 2], { award }).migrations.map((m) => m.toHost);
  assert.deepEqual(to("best-fit"), [1]);
  assert.deepEqual(to("least-loaded"), [2]);
});

Deno.test("runContractNetAgents() counts a host exactly full as neither overloaded at threshold 1 nor saturated", () => {
  // 700 + 300 MIPS on a 1000-MIPS host: at its capacity, not over it
  const full = runContractNetAgents(hosts, [vm("a", [700]), vm("b", [300])], [0, 0], {
    upperThreshold: 1,
    lowerThreshold: 0,
  });
  assert.deepEqual(full.migrations, []);
  assert.deepEqual(
    full.rows.map((r) => [r.overloadedHosts, r.saturatedHosts]),
    [[0, 0]],
  );
  // one MIPS more is over it: pushed out where it fits
  const over = runContractNetAgents(hosts, [vm("a", [700]), vm("b", [301])], [0, 0], {
    upperThreshold: 1,
    lowerThreshold: 0,
  });
  assert.equal(over.migrations.length, 1);
});

Deno.test("runContractNetAgents() with ramUpperThreshold balances memory workload: a host over it pushes the VM that covers the RAM excess (hand trace)", async (t) => {
  // Hosts of 1000 MIPS and 8 GB; RAM threshold 0.75 (6 GB). h0 holds a (150 MIPS, 4 GB), b
  // (100 MIPS, 3 GB) and e (50 MIPS, 0.5 GB): 7.5 GB, over by 1.5 GB, CPU 30 % (not over
  // 0.8). By RAM the smallest VM covering 1.5 GB is b (by CPU it would be a, the largest).
  // h1 (c: 5 GB) would reach 8 GB > 6: refuse; h2 (d: 1 GB) 4 GB: propose; b goes to h2:
  // cfp 2, propose 1, refuse 1, accept 1, inform-done 1; h0 is left at 4.5 GB.
  const vms = [
    timed("a", [150], 4e9),
    timed("b", [100], 3e9),
    timed("c", [200], 5e9),
    timed("d", [300], 1e9),
    timed("e", [50], 0.5e9),
  ];
  const start = [0, 0, 1, 2, 0];
  const options = { lowerThreshold: 0, ramUpperThreshold: 0.75 };
  await t.step("the memory push", () => {
    const result = runContractNetAgents(hosts, vms, start, options);
    assert.deepEqual(result.migrations, [
      { interval: 0, vm: 1, fromHost: 0, toHost: 2, reason: "memory-overload" },
    ]);
    assert.deepEqual(result.messages, {
      "cfp": 2,
      "propose": 1,
      "refuse": 1,
      "accept-proposal": 1,
      "reject-proposal": 0,
      "inform-done": 1,
      "cancel": 0,
    });
    assert.equal(result.rows[0]!.overloadedHosts, 0);
  });
  await t.step("without the option RAM is a capacity only: 7.5 of 8 GB stays", () => {
    const result = runContractNetAgents(hosts, vms, start, { lowerThreshold: 0 });
    assert.deepEqual(result.migrations, []);
    assert.equal(result.totalMessages, 0);
  });
  await t.step("at exactly the threshold (7.5 of 8 GB) nothing moves", () => {
    const result = runContractNetAgents(hosts, vms, start, {
      lowerThreshold: 0,
      ramUpperThreshold: 7.5 / 8,
    });
    assert.deepEqual(result.migrations, []);
  });
  await t.step("a host nobody relieves enough stays counted as overloaded", () => {
    // d grows to 5 GB: b (3 GB) and then a (4 GB, the one covering the excess once b is
    // refused) would take h1 and h2 to 8 and 9 GB: refused. e (0.5 GB, the last) fits both
    // (5.5 GB); best fit by CPU awards h2 (35 % against 25 %). h0 is left at 7 GB, over.
    const big = vms.map((v) => v.name === "d" ? { ...v, ramBytes: 5e9 } : v);
    const result = runContractNetAgents(hosts, big, start, options);
    assert.deepEqual(result.migrations, [
      { interval: 0, vm: 4, fromHost: 0, toHost: 2, reason: "memory-overload" },
    ]);
    const m = result.messages;
    assert.deepEqual([m.cfp, m.refuse, m.propose, m["reject-proposal"]], [6, 4, 2, 1]);
    assert.equal(result.rows[0]!.overloadedHosts, 1);
  });
});

Deno.test("runContractNetAgents() with ramUpperThreshold: a CPU push goes only to bidders left under both thresholds (hand trace)", () => {
  // h0 at 90 % CPU pushes b (300 MIPS, 2 GB, the smallest covering the 100 MIPS excess). h1
  // (c: 500 MIPS, 5 GB) would stay at 80 % CPU but reach 7 GB > 6: refuse; h2 (d: 300 MIPS,
  // 1 GB) proposes. Without the RAM threshold best fit takes h1 (80 % against 60 %).
  const vms = [
    timed("a", [600], 1e9),
    timed("b", [300], 2e9),
    timed("c", [500], 5e9),
    timed("d", [300], 1e9),
  ];
  const run = (ramUpperThreshold?: number) =>
    runContractNetAgents(hosts, vms, [0, 0, 1, 2], {
      lowerThreshold: 0,
      ...(ramUpperThreshold === undefined ? {} : { ramUpperThreshold }),
    }).migrations;
  assert.deepEqual(run(0.75), [{ interval: 0, vm: 1, fromHost: 0, toHost: 2, reason: "overload" }]);
  assert.deepEqual(run(), [{ interval: 0, vm: 1, fromHost: 0, toHost: 1, reason: "overload" }]);
});

Deno.test("runContractNetAgents() checks ramUpperThreshold", () => {
  const vms = [timed("a", [100], 1e9)];
  for (const bad of [1.5, -0.1, Number.NaN]) {
    assert.throws(() => runContractNetAgents(hosts, vms, [0], { ramUpperThreshold: bad }), {
      message:
        `Cannot run contract-net agents as ramUpperThreshold must be in [0, 1]: current value is ${
          String(bad)
        }`,
    });
  }
  assert.throws(
    () => runContractNetAgents(hosts, vms, [0], { ramThreshold: 0.5 } as never),
    /ramThreshold/,
  );
});

Deno.test("runContractNetAgents() with ramUpperThreshold: a host over both thresholds sheds by CPU first (hand trace)", () => {
  // h0 holds a (600 MIPS, 1 GB), b (300 MIPS, 4 GB), e (50 MIPS, 2 GB): 95 % CPU (over 0.8
  // by 150 MIPS) and 7 GB (over 6 by 1 GB). By CPU the smallest VM covering 150 MIPS is b
  // (by RAM it would be a). b leaves h0 at 65 % and 3 GB, under both. h1 (c: 200 MIPS) would
  // reach 50 %, h2 (d: 300 MIPS) 60 %, both 5 GB: best fit awards h2.
  const vms = [
    timed("a", [600], 1e9),
    timed("b", [300], 4e9),
    timed("c", [200], 1e9),
    timed("d", [300], 1e9),
    timed("e", [50], 2e9),
  ];
  const result = runContractNetAgents(hosts, vms, [0, 0, 1, 2, 0], {
    lowerThreshold: 0,
    ramUpperThreshold: 0.75,
  });
  assert.deepEqual(result.migrations, [
    { interval: 0, vm: 1, fromHost: 0, toHost: 2, reason: "overload" },
  ]);
});

Deno.test("runContractNetAgents() does not let a host that received a VM this interval offer its VMs as underloaded (hand trace)", () => {
  // h0 holds a (700) and b (150): 85 %, 50 MIPS over 0.8; b is the smallest VM covering
  // it. cfp to h1 (c: 10 MIPS) and h2 (d: 500): h1 would reach 16 %, h2 65 %, both
  // propose; least-loaded awards h1, rejects h2; h1 informs done: 2 + 2 + 1 + 1 + 1 = 7
  // messages. h1 is now at 16 %, under the lower threshold 0.2, but it received a VM this
  // interval, so it offers nothing (else it would push b on to h2 at once).
  const vms = [vm("a", [700]), vm("b", [150]), vm("c", [10]), vm("d", [500])];
  const result = runContractNetAgents(hosts, vms, [0, 0, 1, 2], { award: "least-loaded" });
  assert.deepEqual(result.migrations, [
    { interval: 0, vm: 1, fromHost: 0, toHost: 1, reason: "overload" },
  ]);
  assert.deepEqual(result.assignment, [0, 1, 1, 2]);
  assert.deepEqual(result.messages, {
    "cfp": 2,
    "propose": 2,
    "refuse": 0,
    "accept-proposal": 1,
    "reject-proposal": 1,
    "inform-done": 1,
    "cancel": 0,
  });
  assert.equal(result.totalMessages, 7);
});
