import assert from "node:assert/strict";
import {
  type Block,
  blockReliability,
  blockUnreliability,
} from "../../lib/reliability/block_diagram.ts";
import { kOutOfN } from "../../lib/reliability/k_out_of_n.ts";

const c = (reliability: number): Block => ({ kind: "component", reliability });

Deno.test("blockReliability() gives series Π R_i and parallel 1 - Π(1 - R_i)", () => {
  const parts = [c(0.9), c(0.8), c(0.7)];
  assert.ok(Math.abs(blockReliability({ kind: "series", blocks: parts }, 0) - 0.504) < 1e-15);
  assert.ok(
    Math.abs(blockReliability({ kind: "parallel", blocks: parts }, 0) - (1 - 0.006)) < 1e-15,
  );
});

Deno.test("blockReliability() of a nested diagram matches the hand-derived product", () => {
  // series( parallel(0.9, 0.9), 2-out-of-3 identical(0.95), k-out-of-n(2; 0.9, 0.8, 0.7) )
  const block: Block = {
    kind: "series",
    blocks: [
      { kind: "parallel", blocks: [c(0.9), c(0.9)] },
      { kind: "k-out-of-n-identical", k: 2, n: 3, block: c(0.95) },
      { kind: "k-out-of-n", k: 2, blocks: [c(0.9), c(0.8), c(0.7)] },
    ],
  };
  const want = 0.99 * (3 * 0.95 ** 2 - 2 * 0.95 ** 3) * 0.902;
  assert.ok(Math.abs(blockReliability(block, 0) - want) < 1e-15);
  assert.ok(Math.abs(blockUnreliability(block, 0) - (1 - want)) < 1e-15);
  assert.ok(Math.abs(kOutOfN(2, [0.9, 0.8, 0.7]) - 0.902) < 1e-15);
});

Deno.test("blockReliability() evaluates lifetime components at the mission time", () => {
  const unit: Block = {
    kind: "component",
    lifetime: { kind: "exponential", ratePerSecond: 1e-3 },
  };
  const tmr: Block = { kind: "k-out-of-n-identical", k: 2, n: 3, block: unit };
  for (const t of [0, 100, 1000, 5000]) {
    const r = Math.exp(-1e-3 * t);
    assert.ok(Math.abs(blockReliability(tmr, t) - (3 * r * r - 2 * r ** 3)) < 1e-15);
  }
});

Deno.test("blockUnreliability() keeps precision where 1 - R would round to 0", () => {
  const unit: Block = { kind: "component", reliability: 1 - 1e-9 };
  const par: Block = { kind: "parallel", blocks: [unit, unit] };
  assert.ok(Math.abs(blockUnreliability(par, 0) / 1e-18 - 1) < 1e-6);
  const id: Block = { kind: "k-out-of-n-identical", k: 1, n: 2, block: unit };
  assert.ok(Math.abs(blockUnreliability(id, 0) / 1e-18 - 1) < 1e-6);
  const ser: Block = { kind: "series", blocks: [par, par] };
  assert.ok(Math.abs(blockUnreliability(ser, 0) / 2e-18 - 1) < 1e-6);
});

Deno.test("blockReliability() rejects malformed blocks with the path in the message", async (t) => {
  await t.step("unknown kind", () =>
    assert.throws(
      () =>
        blockReliability({ kind: "series", blocks: [{ kind: "bridge" } as unknown as Block] }, 0),
      {
        name: "TypeError",
        message:
          'Cannot compute block reliability as block.blocks[0].kind must be one of "component", "series", "parallel", "k-out-of-n", "k-out-of-n-identical": current value is "bridge"',
      },
    ));
  await t.step(
    "empty parallel",
    () =>
      assert.throws(() => blockReliability({ kind: "parallel", blocks: [] }, 0), {
        name: "TypeError",
        message:
          "Cannot compute block reliability as block.blocks must be a non-empty array: current value is []",
      }),
  );
  await t.step(
    "k too large",
    () =>
      assert.throws(() => blockReliability({ kind: "k-out-of-n", k: 3, blocks: [c(1), c(1)] }, 0), {
        name: "RangeError",
        message:
          "Cannot compute block reliability as block.k must be an integer in [0, 2]: current value is 3",
      }),
  );
});

Deno.test("blockReliability() and blockUnreliability() reject a named component that appears twice", () => {
  const cpu = { kind: "component", name: "cpu", reliability: 0.9 } as const;
  const mem = { kind: "component", name: "mem", reliability: 0.9 } as const;
  // As independent blocks this would be 0.9 · (1 − 0.1²) = 0.891; one cpu at both places gives 0.9.
  const twice = {
    kind: "series",
    blocks: [cpu, { kind: "parallel", blocks: [cpu, mem] }],
  } as const;
  for (
    const [name, f] of [
      ["reliability", blockReliability],
      ["unreliability", blockUnreliability],
    ] as const
  ) {
    assert.throws(() => f(twice, 0), {
      name: "RangeError",
      message:
        `Cannot compute block ${name} as block.blocks[1].blocks[0].name must be unique in the diagram (also at block.blocks[0]): current value is "cpu"`,
    });
  }
  // Unnamed copies are independent blocks, as before.
  const anon = { kind: "component", reliability: 0.9 } as const;
  assert.ok(
    Math.abs(blockReliability({ kind: "parallel", blocks: [anon, anon] }, 0) - 0.99) < 1e-15,
  );
});

Deno.test("blockReliability() names block.n when a k-out-of-n-identical block is too large", () => {
  const block = {
    kind: "k-out-of-n-identical",
    k: 1,
    n: 2 ** 33,
    block: { kind: "component", reliability: 0.5 },
  } as const;
  assert.throws(() => blockReliability(block, 0), {
    name: "RangeError",
    message:
      "Cannot compute block reliability as block.n must be an integer in [1, 10000000]: current value is 8589934592",
  });
});

Deno.test("blockUnreliability() of a k-out-of-n block of many components sums its failure tail", () => {
  // 1-out-of-5000 with reliabilities 0.01 fails with probability 0.99^5000 = 1.5e-22, as the
  // same components in parallel (was 2.7e-15, a complement).
  const blocks = Array.from(
    { length: 5000 },
    () => ({ kind: "component", reliability: 0.01 }) as const,
  );
  const want = Math.exp(5000 * Math.log1p(-0.01));
  const got = blockUnreliability({ kind: "k-out-of-n", k: 1, blocks }, 0);
  assert.ok(Math.abs(got / want - 1) < 1e-11, `${got} vs ${want}`);
});
