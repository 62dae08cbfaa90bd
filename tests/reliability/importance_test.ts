import assert from "node:assert/strict";
import type { Block } from "../../lib/reliability/block_diagram.ts";
import { blockUnreliability } from "../../lib/reliability/block_diagram.ts";
import type { FaultTree } from "../../lib/reliability/fault_tree.ts";
import { faultTreeImportance, importanceMeasures } from "../../lib/reliability/importance.ts";
import {
  faultTreeCutSets,
  faultTreePathSets,
  minimalCutSets,
  minimalPathSets,
} from "../../lib/reliability/minimal_sets.ts";
import { topEventProbability } from "../../lib/reliability/fault_tree.ts";
import { createPrng, type Prng } from "../../lib/random/prng.ts";

// ---- Independent brute force: enumerate all 2^n component states. ----

/** A fault tree over named events with a failure probability per event. */
interface Model {
  names: string[];
  q: number[];
  /** Whether the system has failed given the set of failed events. */
  fails: (failed: ReadonlySet<string>) => boolean;
}

function treeFails(tree: FaultTree, failed: ReadonlySet<string>): boolean {
  switch (tree.kind) {
    case "event":
      return failed.has(tree.name);
    case "and":
      return tree.inputs.every((t) => treeFails(t, failed));
    case "or":
      return tree.inputs.some((t) => treeFails(t, failed));
    case "vote":
      return tree.inputs.filter((t) => treeFails(t, failed)).length >= tree.k;
  }
}

function treeModel(tree: FaultTree): Model {
  const q = new Map<string, number>();
  const walk = (t: FaultTree): void => {
    if (t.kind === "event") q.set(t.name, (t as { probability: number }).probability);
    else t.inputs.forEach(walk);
  };
  walk(tree);
  return { names: [...q.keys()], q: [...q.values()], fails: (f) => treeFails(tree, f) };
}

/** Brute-force block structure function: works iff ... (independent of the library). */
function blockWorks(block: Block, failed: ReadonlySet<string>): boolean {
  switch (block.kind) {
    case "component":
      return !failed.has(block.name!);
    case "series":
      return block.blocks.every((b) => blockWorks(b, failed));
    case "parallel":
      return block.blocks.some((b) => blockWorks(b, failed));
    case "k-out-of-n":
      return block.blocks.filter((b) => blockWorks(b, failed)).length >= block.k;
    default:
      throw new Error("not used");
  }
}

function blockModel(block: Block): Model {
  const q = new Map<string, number>();
  const walk = (b: Block): void => {
    if (b.kind === "component") q.set(b.name!, 1 - (b as { reliability: number }).reliability);
    else if ("blocks" in b) b.blocks.forEach(walk);
  };
  walk(block);
  return { names: [...q.keys()], q: [...q.values()], fails: (f) => !blockWorks(block, f) };
}

/** Every state: its failed set and probability. */
function* states(m: Model, fixed?: { i: number; failed: boolean }) {
  const n = m.names.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let prob = 1;
    const failed = new Set<string>();
    for (let i = 0; i < n; i++) {
      const f = (mask >> i) & 1;
      if (fixed && fixed.i === i) {
        if (Boolean(f) !== fixed.failed) {
          prob = 0;
          break;
        }
      } else prob *= f ? m.q[i]! : 1 - m.q[i]!;
      if (f) failed.add(m.names[i]!);
    }
    if (prob > 0) yield { failed, prob, mask };
  }
}

function bruteQ(m: Model, fixed?: { i: number; failed: boolean }): number {
  let q = 0;
  for (const s of states(m, fixed)) if (m.fails(s.failed)) q += s.prob;
  return q;
}

/** Minimal failing (or, with `paths`, minimal working) sets by enumeration. */
function bruteMinimalSets(m: Model, paths = false): string[][] {
  const n = m.names.length;
  const good: number[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const set = new Set(m.names.filter((_, i) => (mask >> i) & 1));
    const failed = paths ? new Set(m.names.filter((x) => !set.has(x))) : set;
    if (m.fails(failed) !== paths) good.push(mask);
  }
  const minimal = good.filter((a) => !good.some((b) => b !== a && (b & a) === b));
  return minimal.map((mask) => m.names.filter((_, i) => (mask >> i) & 1)).map((s) => s.sort())
    .sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

function normalize(sets: string[][]): string[][] {
  return sets.map((s) => [...s].sort()).sort((a, b) =>
    a.length - b.length || a.join().localeCompare(b.join())
  );
}

function bruteImportance(m: Model) {
  const q = bruteQ(m);
  const cuts = bruteMinimalSets(m);
  return m.names.map((name, i) => {
    const q1 = bruteQ(m, { i, failed: true });
    const q0 = bruteQ(m, { i, failed: false });
    const mine = cuts.filter((c) => c.includes(name));
    let d = 0;
    for (const s of states(m)) if (mine.some((c) => c.every((x) => s.failed.has(x)))) d += s.prob;
    return {
      name,
      birnbaum: q1 - q0,
      criticality: ((q1 - q0) * m.q[i]!) / q,
      riskAchievementWorth: q1 / q,
      riskReductionWorth: q / q0,
      fussellVesely: d / q,
    };
  });
}

// ---- Random diagrams and trees. ----

function randomBlock(prng: Prng, counter: { n: number }, depth: number): Block {
  const leaf = depth === 0 || prng() < 0.3 || counter.n >= 9;
  if (leaf) {
    return {
      kind: "component",
      name: `c${counter.n++}`,
      reliability: Math.round((0.5 + 0.49 * prng()) * 1000) / 1000,
    };
  }
  const m = 2 + Math.floor(prng() * 2);
  const blocks = Array.from({ length: m }, () => randomBlock(prng, counter, depth - 1));
  const r = prng();
  if (r < 0.35) return { kind: "series", blocks };
  if (r < 0.7) return { kind: "parallel", blocks };
  return { kind: "k-out-of-n", k: 1 + Math.floor(prng() * m), blocks };
}

function randomTree(prng: Prng, names: string[], depth: number): FaultTree {
  if (depth === 0 || prng() < 0.25) {
    const i = Math.floor(prng() * names.length);
    return { kind: "event", name: names[i]!, probability: 0.05 + 0.01 * i };
  }
  const m = 2 + Math.floor(prng() * 2);
  const inputs = Array.from({ length: m }, () => randomTree(prng, names, depth - 1));
  const r = prng();
  if (r < 0.4) return { kind: "or", inputs };
  if (r < 0.8) return { kind: "and", inputs };
  return { kind: "vote", k: 1 + Math.floor(prng() * m), inputs };
}

const close = (a: number, b: number, rel = 1e-9) =>
  a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

function checkAgainstBrute(
  label: string,
  got: ReturnType<typeof importanceMeasures>,
  m: Model,
): void {
  const q = bruteQ(m);
  assert.ok(close(got.unreliability, q), `${label}: Q ${got.unreliability} vs ${q}`);
  assert.ok(close(got.reliability, 1 - q, 1e-9), `${label}: R`);
  const want = bruteImportance(m);
  assert.deepEqual(got.components.map((c) => c.name).sort(), want.map((w) => w.name).sort());
  for (const w of want) {
    const c = got.components.find((x) => x.name === w.name)!;
    for (
      const key of [
        "birnbaum",
        "criticality",
        "riskAchievementWorth",
        "riskReductionWorth",
        "fussellVesely",
      ] as const
    ) {
      const a = c[key];
      const b = w[key];
      // Absolute 1e-12 for measures near 0 (sums of many products), relative otherwise.
      const ok = (a === Infinity && b === Infinity) || Math.abs(a - b) <= 1e-12 ||
        close(a, b, 1e-8);
      assert.ok(ok, `${label}: ${w.name}.${key} ${a} vs brute force ${b}`);
    }
  }
}

Deno.test("importanceMeasures() matches brute-force enumeration on random nested diagrams", () => {
  const prng = createPrng(12, "importance", "blocks");
  for (let trial = 0; trial < 60; trial++) {
    const block = randomBlock(prng, { n: 0 }, 3);
    if (block.kind === "component") continue;
    const m = blockModel(block);
    if (bruteQ(m) === 0) continue;
    checkAgainstBrute(`trial ${trial}`, importanceMeasures(block, 0), m);
    assert.ok(
      close(importanceMeasures(block, 0).unreliability, blockUnreliability(block, 0), 1e-12),
    );
  }
});

Deno.test("minimalCutSets() and minimalPathSets() match enumeration on random diagrams", () => {
  const prng = createPrng(12, "importance", "sets");
  for (let trial = 0; trial < 60; trial++) {
    const block = randomBlock(prng, { n: 0 }, 3);
    const m = blockModel(block);
    assert.deepEqual(normalize(minimalCutSets(block)), bruteMinimalSets(m), `cut ${trial}`);
    assert.deepEqual(normalize(minimalPathSets(block)), bruteMinimalSets(m, true), `path ${trial}`);
  }
});

Deno.test("faultTreeImportance() and cut sets are exact with repeated events (brute force)", () => {
  const prng = createPrng(12, "importance", "trees");
  const names = ["a", "b", "c", "d", "e", "f", "g"];
  let tested = 0;
  for (let trial = 0; trial < 80; trial++) {
    const tree = randomTree(prng, names, 4);
    const m = treeModel(tree);
    const q = bruteQ(m);
    assert.ok(close(topEventProbability(tree), q, 1e-12) || Math.abs(q) < 1e-300, `Q ${trial}`);
    assert.deepEqual(normalize(faultTreeCutSets(tree)), bruteMinimalSets(m), `cuts ${trial}`);
    assert.deepEqual(
      normalize(faultTreePathSets(tree)),
      bruteMinimalSets(m, true),
      `paths ${trial}`,
    );
    if (q === 0 || q === 1) continue;
    checkAgainstBrute(`tree ${trial}`, faultTreeImportance(tree, 0), m);
    tested++;
  }
  assert.ok(tested > 40);
});

Deno.test("importanceMeasures() of a series-parallel system matches hand-derived closed forms", () => {
  // a in series with (b ∥ c): Q = 1 - p_a (1 - q_b q_c).
  const [pa, qb, qc] = [0.95, 0.2, 0.1];
  const block: Block = {
    kind: "series",
    blocks: [
      { kind: "component", name: "a", reliability: pa },
      {
        kind: "parallel",
        blocks: [
          { kind: "component", name: "b", reliability: 1 - qb },
          { kind: "component", name: "c", reliability: 1 - qc },
        ],
      },
    ],
  };
  const q = 1 - pa * (1 - qb * qc);
  const { components, unreliability } = importanceMeasures(block, 0);
  assert.ok(close(unreliability, q, 1e-14));
  const [a, b] = components;
  assert.ok(close(a!.birnbaum, 1 - qb * qc, 1e-14));
  assert.ok(close(b!.birnbaum, pa * qc, 1e-14));
  // FV of a: its only cut set is {a}: q_a / Q; FV of b: P({b, c} failed) / Q.
  assert.ok(close(a!.fussellVesely, (1 - pa) / q, 1e-14));
  assert.ok(close(b!.fussellVesely, (qb * qc) / q, 1e-14));
  assert.ok(close(a!.riskAchievementWorth, 1 / q, 1e-14));
  assert.ok(close(b!.riskReductionWorth, q / (1 - pa), 1e-14));
});

Deno.test("importanceMeasures() evaluates lifetime components at the mission time", () => {
  const unit = (name: string): Block => ({
    kind: "component",
    name,
    lifetime: { kind: "exponential", ratePerSecond: 1e-3 },
  });
  const tmr: Block = { kind: "k-out-of-n", k: 2, blocks: [unit("a"), unit("b"), unit("c")] };
  const t = 300;
  const r = Math.exp(-1e-3 * t);
  const { components, unreliability } = importanceMeasures(tmr, t);
  assert.ok(close(unreliability, 1 - (3 * r * r - 2 * r ** 3), 1e-13));
  // Birnbaum of one TMR unit: P(exactly one of the other two works) = 2 r (1 - r).
  for (const c of components) assert.ok(close(c.birnbaum, 2 * r * (1 - r), 1e-13));
});

Deno.test("importanceMeasures() names copies of identical blocks and rejects repeats", async (t) => {
  await t.step("copies get #i", () => {
    const block: Block = {
      kind: "k-out-of-n-identical",
      k: 1,
      n: 2,
      block: { kind: "component", name: "cpu", reliability: 0.9 },
    };
    assert.deepEqual(importanceMeasures(block, 0).components.map((c) => c.name), [
      "cpu#1",
      "cpu#2",
    ]);
    assert.deepEqual(minimalCutSets(block), [["cpu#1", "cpu#2"]]);
  });
  await t.step("a name twice", () =>
    assert.throws(
      () =>
        importanceMeasures({
          kind: "series",
          blocks: [
            { kind: "component", name: "cpu", reliability: 0.9 },
            { kind: "component", name: "cpu", reliability: 0.9 },
          ],
        }, 0),
      {
        name: "RangeError",
        message:
          'Cannot build a fault tree from a block diagram as block.blocks[1].name must be unique in the diagram (also at block.blocks[0]): current value is "cpu"',
      },
    ));
  await t.step("k > n", () =>
    assert.throws(
      () =>
        minimalCutSets({
          kind: "k-out-of-n",
          k: 3,
          blocks: [
            { kind: "component", reliability: 0.9 },
            { kind: "component", reliability: 0.9 },
          ],
        }),
      {
        name: "RangeError",
        message:
          "Cannot build a fault tree from a block diagram as block.k must be an integer in [1, 2]: current value is 3",
      },
    ));
  await t.step("reliability NaN and outside [0, 1]", () => {
    for (const reliability of [NaN, 1.5, -0.1]) {
      assert.throws(
        () => importanceMeasures({ kind: "component", reliability }, 0),
        {
          name: "RangeError",
          message:
            `Cannot build a fault tree from a block diagram as block.reliability must be in [0, 1]: current value is ${reliability}`,
        },
      );
    }
  });
  await t.step(
    "a system that cannot fail",
    () =>
      assert.throws(() => importanceMeasures({ kind: "component", reliability: 1 }, 0), {
        name: "RangeError",
        message:
          "Cannot compute importance measures as the system unreliability must be > 0: current value is 0",
      }),
  );
  await t.step("too many cut sets", () => {
    const string = (s: number): Block => ({
      kind: "series",
      blocks: Array.from({ length: 10 }, (_, i) => ({
        kind: "component",
        name: `s${s}c${i}`,
        reliability: 0.9,
      })),
    });
    assert.throws(
      () =>
        minimalCutSets({ kind: "parallel", blocks: [string(0), string(1), string(2)] }, {
          maxSets: 500,
        }),
      { name: "RangeError", message: /number of sets must be <= options.maxSets \(500\)/ },
    );
  });
  await t.step("fault tree: an event with two probabilities, vote k out of range", () => {
    assert.throws(
      () =>
        topEventProbability({
          kind: "or",
          inputs: [
            { kind: "event", name: "x", probability: 0.1 },
            { kind: "event", name: "x", probability: 0.2 },
          ],
        }),
      { name: "RangeError", message: /tree.inputs\[1\] must match the earlier event named "x"/ },
    );
    assert.throws(
      () =>
        topEventProbability({
          kind: "vote",
          k: 0,
          inputs: [{ kind: "event", name: "x", probability: 0.1 }],
        }),
      {
        name: "RangeError",
        message:
          "Cannot compute top event probability as tree.k must be an integer in [1, 1]: current value is 0",
      },
    );
    assert.throws(
      () => topEventProbability({ kind: "nand", inputs: [] } as unknown as FaultTree),
      { name: "TypeError", message: /tree.kind must be one of "event", "and", "or", "vote"/ },
    );
  });
});

Deno.test("importanceMeasures() of a block diagram needs no cut-set list: FV of strings in parallel", () => {
  // Three strings of 10 in parallel have 1000 minimal cut sets; Fussell–Vesely of a
  // component i of string s is q_i Π_{other strings} Q_string / Q (closed form).
  const q = (s: number, i: number) => 0.001 * (1 + s) * (1 + (i % 3));
  const strings: Block[] = [0, 1, 2].map((s) => ({
    kind: "series",
    blocks: Array.from({ length: 10 }, (_, i) => ({
      kind: "component",
      name: `s${s}c${i}`,
      reliability: 1 - q(s, i),
    })),
  }));
  const stringQ = [0, 1, 2].map((s) => {
    let r = 1;
    for (let i = 0; i < 10; i++) r *= 1 - q(s, i);
    return 1 - r;
  });
  const system = stringQ.reduce((a, b) => a * b, 1);
  const result = importanceMeasures({ kind: "parallel", blocks: strings }, 0, { maxCutSets: 10 });
  assert.ok(close(result.unreliability, system, 1e-12));
  for (const c of result.components) {
    const [s, i] = c.name.slice(1).split("c").map(Number) as [number, number];
    const others = stringQ.reduce((a, b, j) => (j === s ? a : a * b), 1);
    assert.ok(close(c.fussellVesely, (q(s, i) * others) / system, 1e-12), c.name);
    // Birnbaum: P(the string works without i) · Π other strings' Q.
    assert.ok(close(c.birnbaum, ((1 - stringQ[s]!) / (1 - q(s, i))) * others, 1e-12), c.name);
  }
});

Deno.test("importanceMeasures() keeps relative precision for tiny failure probabilities", () => {
  // Three components in parallel, each failing with 1e-9: Q = 1e-27, I_B = 1e-18,
  // RAW = Q(1_i)/Q = 1e-18/1e-27 = 1e9, and Q(0_i) = 0, so RRW = Infinity.
  const c = (name: string): Block => ({ kind: "component", name, reliability: 1 - 1e-9 });
  const { unreliability, reliability, components } = importanceMeasures(
    { kind: "parallel", blocks: [c("a"), c("b"), c("c")] },
    0,
  );
  assert.ok(close(unreliability, 1e-27, 1e-6));
  assert.ok(close(reliability, 1, 1e-15));
  for (const x of components) {
    assert.ok(close(x.birnbaum, 1e-18, 1e-6));
    assert.ok(close(x.riskAchievementWorth, 1e9, 1e-6));
    assert.equal(x.riskReductionWorth, Infinity);
    assert.ok(close(x.fussellVesely, 1, 1e-12));
    assert.ok(close(x.criticality, 1, 1e-6));
  }
  // 2-out-of-3 of the same: Q ≈ 3e-18, I_B = 2q(1 - q) ≈ 2e-9.
  const tmr = importanceMeasures({ kind: "k-out-of-n", k: 2, blocks: [c("a"), c("b"), c("c")] }, 0);
  assert.ok(close(tmr.unreliability, 3e-18 - 2e-27, 1e-6));
  for (const x of tmr.components) assert.ok(close(x.birnbaum, 2e-9 * (1 - 1e-9), 1e-6));
});
