import assert from "node:assert/strict";
import { createFlowNetwork, type FlowNetwork } from "../../lib/network/flow_network.ts";
import { createPrng } from "../../lib/random/prng.ts";

// A flow that replaces one ending at the same instant (the next round of a pre-copy migration)
// keeps the max-min rates of the last filling instead of a new progressive filling. The oracle
// is the same workload with every replacement started by a zero-delay call instead, so that the
// network refills once without the ended flow and once with its successor: the completion
// times must be the same doubles.

interface Chain {
  route: string[];
  cap: number | undefined;
  rounds: number[];
  /** Rounds after which the chain moves to another route (replacement not possible). */
  detour: string[] | undefined;
}

function workload(
  seed: number,
): { links: { id: string; bandwidthBytesPerSecond: number }[]; chains: Chain[] } {
  const next = createPrng(seed, "flow-replacement");
  const L = 2 + Math.floor(next() * 6);
  const links = Array.from({ length: L }, (_, l) => ({
    id: `l${l}`,
    bandwidthBytesPerSecond: 1e8 * (1 + Math.floor(next() * 10)),
  }));
  const route = () => {
    const n = 1 + Math.floor(next() * Math.min(3, L));
    const ids = links.map((l) => l.id);
    const out: string[] = [];
    while (out.length < n) {
      const id = ids[Math.floor(next() * L)]!;
      if (!out.includes(id)) out.push(id);
    }
    return out;
  };
  const chains = Array.from({ length: 2 + Math.floor(next() * 12) }, () => ({
    route: route(),
    cap: next() < 0.3 ? 5e7 * (1 + Math.floor(next() * 10)) : undefined,
    rounds: Array.from({ length: 1 + Math.floor(next() * 6) }, () => 1e6 + next() * 1e9),
    detour: next() < 0.2 ? route() : undefined,
  }));
  return { links, chains };
}

function run(seed: number, deferred: boolean): Map<string, number> {
  const { links, chains } = workload(seed);
  const net = createFlowNetwork({ links });
  const start = (c: number, round: number, n: FlowNetwork) => {
    const chain = chains[c]!;
    const route = chain.detour !== undefined && round % 2 === 1 ? chain.detour : chain.route;
    n.startFlow({
      route,
      bytes: chain.rounds[round]!,
      ...(chain.cap === undefined ? {} : { maxBytesPerSecond: chain.cap }),
      label: `${c}/${round}`,
      onDone: (_, m) => {
        if (round + 1 >= chain.rounds.length) return;
        if (deferred) m.at(0, (later) => start(c, round + 1, later));
        else start(c, round + 1, m);
      },
    });
  };
  chains.forEach((_, c) => start(c, 0, net));
  net.run();
  return new Map(net.flows().map((f) => [f.label, f.endSeconds]));
}

Deno.test("replacement flows keep the max-min rates: the same completions as refilling", () => {
  let flows = 0;
  for (let seed = 0; seed < 300; seed++) {
    const fast = run(seed, false), refilled = run(seed, true);
    assert.equal(fast.size, refilled.size);
    for (const [label, end] of refilled) {
      assert.ok(
        Object.is(fast.get(label), end),
        `seed ${seed}, flow ${label}: ${fast.get(label)} vs ${end}`,
      );
    }
    flows += fast.size;
  }
  assert.ok(flows > 3000, `${flows} flows compared`);
});

Deno.test("a replacement with another cap or route is shared afresh", () => {
  // one 100 B/s link; a capped flow (30 B/s) and an uncapped one (70 B/s); when the capped
  // one ends, an uncapped successor must not inherit its 30 B/s: both get 50 B/s
  const net = createFlowNetwork({ links: [{ id: "l", bandwidthBytesPerSecond: 100 }] });
  net.startFlow({
    route: ["l"],
    bytes: 30,
    maxBytesPerSecond: 30,
    label: "capped",
    onDone: (_, n) => n.startFlow({ route: ["l"], bytes: 50, label: "successor" }),
  });
  net.startFlow({ route: ["l"], bytes: 1000, label: "big" });
  net.run();
  const end = new Map(net.flows().map((f) => [f.label, f.endSeconds]));
  assert.equal(end.get("capped"), 1);
  // after 1 s, big has 930 B left; both at 50 B/s: successor done at 2 s, big then at 100 B/s
  assert.equal(end.get("successor"), 2);
  assert.equal(end.get("big"), 2 + 880 / 100);
});
