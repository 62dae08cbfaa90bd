/**
 * Reliability block diagrams as plain data, nested to any depth, and their exact
 * reliability at a mission time (Rausand & Høyland 2004, ch. 4; Trivedi 2002, §3.7).
 *
 * @module
 */
import { checkLifetime } from "./_lifetime_check.ts";
import { integer, knownKeys, object, optionNames, show, within } from "../_validate.ts";
import { identicalTails, MAX_COMPONENTS, nonIdenticalTails } from "./_tails.ts";
import { type LifetimeDistribution, reliabilityAt, unreliabilityAt } from "./lifetime.ts";

/** A component with a fixed reliability (independent of the mission time). */
export interface FixedComponentBlock {
  /** Discriminant. */
  kind: "component";
  /** Probability that the component works, in [0, 1]. */
  reliability: number;
  /** Optional label, e.g. a processor name. */
  name?: string;
}

/** A component whose reliability at time t is R(t) of a lifetime distribution. */
export interface LifetimeComponentBlock {
  /** Discriminant. */
  kind: "component";
  /** The component's lifetime distribution. */
  lifetime: LifetimeDistribution;
  /** Optional label, e.g. a processor name. */
  name?: string;
}

/** Works iff every block works: R = Π R_i. */
export interface SeriesBlock {
  /** Discriminant. */
  kind: "series";
  /** The blocks in series (at least one). */
  blocks: readonly Block[];
}

/** Works iff at least one block works: R = 1 - Π (1 - R_i). */
export interface ParallelBlock {
  /** Discriminant. */
  kind: "parallel";
  /** The redundant blocks (at least one). */
  blocks: readonly Block[];
}

/** Works iff at least `k` of its (possibly different) blocks work. */
export interface KOutOfNBlock {
  /** Discriminant. */
  kind: "k-out-of-n";
  /** The least number of working blocks, 0..blocks.length. */
  k: number;
  /** The blocks (at least one). */
  blocks: readonly Block[];
}

/** Works iff at least `k` of `n` independent copies of `block` work. */
export interface KOutOfNIdenticalBlock {
  /** Discriminant. */
  kind: "k-out-of-n-identical";
  /** The least number of working copies, 0..n. */
  k: number;
  /** The number of copies (integer in [1, 1e7]). */
  n: number;
  /** The block that is copied. */
  block: Block;
}

/**
 * A reliability block diagram: components, and series, parallel and k-out-of-n
 * structures of blocks. Blocks are assumed statistically independent (a block object
 * used twice stands for two independent copies).
 */
export type Block =
  | FixedComponentBlock
  | LifetimeComponentBlock
  | SeriesBlock
  | ParallelBlock
  | KOutOfNBlock
  | KOutOfNIdenticalBlock;

/** Each block kind's fields. */
const BLOCK_FIELDS: Readonly<Record<Block["kind"], readonly string[]>> = {
  "component": ["kind", "reliability", "lifetime", "name"],
  "series": optionNames<SeriesBlock>({ kind: 0, blocks: 0 }),
  "parallel": optionNames<ParallelBlock>({ kind: 0, blocks: 0 }),
  "k-out-of-n": optionNames<KOutOfNBlock>({ kind: 0, k: 0, blocks: 0 }),
  "k-out-of-n-identical": optionNames<KOutOfNIdenticalBlock>({ kind: 0, k: 0, n: 0, block: 0 }),
};

/** Reliability and unreliability of a block, each accurate on its own. */
interface Pair {
  r: number;
  u: number;
}

function children(action: string, path: string, blocks: unknown): readonly Block[] {
  if (!Array.isArray(blocks) || blocks.length === 0) {
    throw new TypeError(
      `Cannot ${action} as ${path}.blocks must be a non-empty array: current value is ${
        show(blocks)
      }`,
    );
  }
  return blocks as readonly Block[];
}

/**
 * Evaluates both R and 1 - R without cancellation: series keeps 1 - Π R_i as
 * -expm1(Σ log1p(-U_i)), parallel keeps Π U_i and R as -expm1(Σ log1p(-R_i)).
 */
function evaluate(action: string, path: string, block: Block, t: number): Pair {
  object(action, path, block);
  // an unknown kind is named below; a known one may carry only its fields
  const kind: unknown = block.kind;
  if (typeof kind === "string" && Object.hasOwn(BLOCK_FIELDS, kind)) {
    const fields = BLOCK_FIELDS[kind as Block["kind"]];
    knownKeys(action, path, block as unknown as Record<string, unknown>, fields);
  }
  switch (block.kind) {
    case "component": {
      if ("lifetime" in block && block.lifetime !== undefined) {
        checkLifetime(action, `${path}.lifetime`, block.lifetime);
        return { r: reliabilityAt(block.lifetime, t), u: unreliabilityAt(block.lifetime, t) };
      }
      const r = within(
        action,
        `${path}.reliability`,
        (block as FixedComponentBlock).reliability,
        0,
        1,
      );
      return { r, u: 1 - r };
    }
    case "series": {
      let logR = 0;
      children(action, path, block.blocks).forEach((b, i) => {
        const { r, u } = evaluate(action, `${path}.blocks[${i}]`, b, t);
        logR += u < 0.5 ? Math.log1p(-u) : Math.log(r);
      });
      return { r: Math.exp(logR), u: -Math.expm1(logR) };
    }
    case "parallel": {
      let logU = 0;
      children(action, path, block.blocks).forEach((b, i) => {
        const { r, u } = evaluate(action, `${path}.blocks[${i}]`, b, t);
        logU += r < 0.5 ? Math.log1p(-r) : Math.log(u);
      });
      return { r: -Math.expm1(logU), u: Math.exp(logU) };
    }
    case "k-out-of-n": {
      const blocks = children(action, path, block.blocks);
      const k = integer(action, `${path}.k`, block.k, 0, blocks.length);
      const pairs = blocks.map((b, i) => evaluate(action, `${path}.blocks[${i}]`, b, t));
      const { reliability, unreliability } = nonIdenticalTails(
        k,
        pairs.map((p) => p.r),
        pairs.map((p) => p.u),
      );
      return { r: reliability, u: unreliability };
    }
    case "k-out-of-n-identical": {
      const n = integer(action, `${path}.n`, block.n, 1, MAX_COMPONENTS);
      const k = integer(action, `${path}.k`, block.k, 0, n);
      const { r, u } = evaluate(action, `${path}.block`, block.block, t);
      const tails = identicalTails(k, n, Math.log(r), Math.log(u));
      return { r: Math.exp(tails.logReliability), u: Math.exp(tails.logUnreliability) };
    }
    default:
      throw new TypeError(
        `Cannot ${action} as ${path}.kind must be one of "component", "series", "parallel", "k-out-of-n", "k-out-of-n-identical": current value is ${
          show((block as { kind: unknown }).kind)
        }`,
      );
  }
}

/**
 * Computes the reliability of a block diagram at mission time t: the probability
 * that the structure works, with independent components. Series R = Π R_i,
 * parallel R = 1 - Π(1 - R_i), k-out-of-n by the Barlow–Heidtmann programme
 * ({@link kOutOfN}), identical k-out-of-n by the log-space binomial tail
 * ({@link kOutOfNIdentical}). Components with a lifetime use R(t); fixed ones ignore t.
 *
 * @param block The block diagram.
 * @param tSeconds The mission time in seconds (>= 0).
 * @returns The reliability in [0, 1].
 * @throws {RangeError} If a reliability, k, n or a lifetime parameter is out of range.
 * @throws {TypeError} If a block has the wrong shape or an unknown kind.
 *
 * @example Two parallel pairs in series
 * ```ts
 * import { blockReliability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pair = { kind: "parallel", blocks: [
 *   { kind: "component", reliability: 0.9 },
 *   { kind: "component", reliability: 0.9 },
 * ] } as const;
 * const r = blockReliability({ kind: "series", blocks: [pair, pair] }, 0);
 * assert.ok(Math.abs(r - 0.99 * 0.99) < 1e-15);
 * ```
 */
export function blockReliability(block: Block, tSeconds: number): number {
  const { r } = evaluate("compute block reliability", "block", block, tSeconds);
  uniqueNames("compute block reliability", block);
  return r;
}

/**
 * Computes the unreliability 1 - R of a block diagram at mission time t, without
 * the cancellation of subtracting from 1: each structure carries its failure
 * probability along (parallel: Π U_i; series: -expm1(Σ log1p(-U_i)); k-out-of-n: the
 * failure tail summed directly).
 *
 * @param block The block diagram.
 * @param tSeconds The mission time in seconds (>= 0).
 * @returns The unreliability in [0, 1].
 * @throws {RangeError} If a reliability, k, n or a lifetime parameter is out of range.
 * @throws {TypeError} If a block has the wrong shape or an unknown kind.
 *
 * @example Three parallel components that each fail with probability 1e-7
 * ```ts
 * import { blockUnreliability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = { kind: "component", lifetime: { kind: "exponential", ratePerSecond: 1e-7 } } as const;
 * const u = blockUnreliability({ kind: "parallel", blocks: [c, c, c] }, 1);
 * assert.ok(Math.abs(u / 1e-21 - 1) < 1e-6);
 * ```
 */
export function blockUnreliability(block: Block, tSeconds: number): number {
  const { u } = evaluate("compute block unreliability", "block", block, tSeconds);
  uniqueNames("compute block unreliability", block);
  return u;
}

/**
 * Rejects a named component that appears twice: the products above assume independent
 * blocks, so one physical component at two places would be counted as two (the cut-set
 * and importance analyses reject it the same way).
 */
function uniqueNames(action: string, root: Block): void {
  const seen = new Map<string, string>();
  const walk = (block: Block, path: string): void => {
    switch (block.kind) {
      case "component": {
        if (block.name === undefined) return;
        const earlier = seen.get(block.name);
        if (earlier !== undefined) {
          throw new RangeError(
            `Cannot ${action} as ${path}.name must be unique in the diagram (also at ${earlier}): current value is ${
              show(block.name)
            }`,
          );
        }
        seen.set(block.name, path);
        return;
      }
      case "k-out-of-n-identical":
        return walk(block.block, `${path}.block`);
      default:
        block.blocks.forEach((b, i) => walk(b, `${path}.blocks[${i}]`));
    }
  };
  walk(root, "block");
}
