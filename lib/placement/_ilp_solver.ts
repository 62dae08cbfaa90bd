import type { Highs, HighsInitOptions } from "../_deps/highs.ts";
import { boolean, integer, nonNegative, positive } from "../_validate.ts";

/** How a {@link solveLp} call ended. */
export type LpStatus =
  | "optimal"
  | "time-limit"
  | "node-limit"
  | "infeasible"
  | "unbounded"
  | "error";

/** Options of {@link solveLp}. */
export interface SolveLpOptions {
  /**
   * Wall-clock limit of the solve, in seconds.
   * @default {60}
   */
  timeLimitSeconds?: number;
  /**
   * Relative MIP gap at which HiGHS may stop and report optimality (0 asks for a proof).
   * @default {0}
   */
  relativeGap?: number;
  /**
   * A starting solution for a MIP (column name to value; columns not named are 0),
   * which HiGHS checks and, when feasible, uses as its first incumbent.
   * @default {undefined}
   */
  start?: Readonly<Record<string, number>>;
  /**
   * Cap on branch-and-bound nodes of a MIP (HiGHS's `mip_max_nodes`). Unlike the
   * time limit it does not depend on the machine, so a run stopped by it is
   * reproducible.
   * @default {Infinity}
   */
  maxNodes?: number;
  /**
   * Whether HiGHS presolves the model (its `presolve` option). HiGHS 1.15.1's presolve (the
   * release `npm:highs@1.15.3` compiles) can cut the optimum off a small MIP and report a worse
   * solution as optimal: `solveMip` solves a small MIP without presolve first (see there).
   * @default {true}
   */
  presolve?: boolean;
}

/** The outcome of {@link solveLp}: plain data copied out of HiGHS. */
export interface LpSolution {
  /** How the solve ended. */
  status: LpStatus;
  /** HiGHS's own status text, e.g. `"Optimal"` or `"Time limit reached"`. */
  solverStatus: string;
  /** Objective of the best solution found (NaN when there is none). */
  objective: number;
  /**
   * Proven bound on the objective (a lower bound when minimising): HiGHS's MIP dual
   * bound for integer models, the objective itself for a solved LP (NaN when unknown).
   */
  bound: number;
  /** Value of every column, by column name (empty when there is no solution). */
  values: Record<string, number>;
  /** Solver run time in seconds. */
  solveSeconds: number;
  /** Branch-and-bound nodes HiGHS explored (`mip_node_count`; 0 for an LP). */
  nodes: number;
}

type HighsLoader = (options?: HighsInitOptions) => Promise<Highs>;

let cachedHighs: Promise<Highs> | undefined;

/**
 * Loads the HiGHS WebAssembly module once (about 40-60 ms) and caches the promise. The
 * npm package itself is imported here, on the first solve, not when this module loads.
 * Exported for the tests only (this file is internal).
 */
export function loadHighs(): Promise<Highs> {
  const promise = cachedHighs ??
    import("../_deps/highs.ts").then(({ highsLoader }) =>
      (highsLoader as unknown as HighsLoader)()
    );
  cachedHighs = promise;
  return promise;
}

/**
 * Solves a linear or mixed-integer program written in CPLEX LP format with HiGHS
 * (compiled to WebAssembly, `npm:highs`).
 *
 * The solver is loaded lazily on the first call and reused; each call builds a fresh
 * model, so calls never share state. The solve itself is synchronous and blocks the
 * thread for up to `timeLimitSeconds`. It needs read permission for the solver's
 * `.wasm` file.
 *
 * @param lp The model in CPLEX LP format (`Minimize`, `Subject To`, `Bounds`,
 * `Binary`/`General`, `End`).
 * @param options Time limit and relative gap.
 * @returns The status, objective, proven bound and column values.
 *
 * @example Pick the better of two items
 * ```ts
 * import { solveLp } from "./_ilp_solver.ts";
 * import assert from "node:assert/strict";
 *
 * const lp = "Maximize\n obj: x + 2 y\nSubject To\n c: x + y <= 1\nBinary\n x y\nEnd";
 * const solution = await solveLp(lp);
 * assert.equal(solution.status, "optimal");
 * assert.equal(solution.objective, 2);
 * assert.equal(solution.values.y, 1);
 * ```
 */
export async function solveLp(lp: string, options: SolveLpOptions = {}): Promise<LpSolution> {
  const { timeLimitSeconds = 60, relativeGap = 0, start, maxNodes = Infinity, presolve = true } =
    options;
  const action = "solve a linear program";
  if (typeof lp !== "string") {
    throw new TypeError(`Cannot ${action} as lp must be a string: current value is ${typeof lp}`);
  }
  positive(action, "timeLimitSeconds", timeLimitSeconds);
  nonNegative(action, "relativeGap", relativeGap);
  if (maxNodes !== Infinity) integer(action, "maxNodes", maxNodes, 1, 2 ** 31 - 1);
  boolean(action, "presolve", presolve);
  const highs = await loadHighs();
  const startedMs = performance.now();
  try {
    return solveWith(highs, lp, timeLimitSeconds, relativeGap, start, maxNodes, presolve);
  } catch (error) {
    // HiGHS compiled by Emscripten aborts with a WebAssembly.RuntimeError ("Aborted()") on
    // rare internal failures (seen at a time limit on a 5,150-column bin-packing model); the
    // module is unusable afterwards, so drop it (the next solve loads a fresh one) and report
    // an error status: callers fall back to their starting solution.
    if (!(error instanceof WebAssembly.RuntimeError)) throw error;
    if (cachedHighs !== undefined && (await cachedHighs) === highs) cachedHighs = undefined;
    return {
      status: "error",
      solverStatus: `HiGHS aborted: ${error.message}`,
      objective: Number.NaN,
      bound: Number.NaN,
      values: {},
      solveSeconds: (performance.now() - startedMs) / 1000,
      nodes: 0,
    };
  }
}

/** One solve on a loaded HiGHS module (see {@link solveLp}). */
function solveWith(
  highs: Highs,
  lp: string,
  timeLimitSeconds: number,
  relativeGap: number,
  start: Readonly<Record<string, number>> | undefined,
  maxNodes: number,
  presolve: boolean,
): LpSolution {
  const model = highs.createModel({ format: "lp", data: lp });
  try {
    model.options.set({
      time_limit: timeLimitSeconds,
      mip_rel_gap: relativeGap,
      output_flag: false,
      ...(maxNodes === Infinity ? {} : { mip_max_nodes: maxNodes }),
      ...(presolve ? {} : { presolve: "off" }),
    });
    if (start !== undefined) {
      const colValue = new Float64Array(model.getDimensions().numCols);
      for (const [name, value] of Object.entries(start)) {
        colValue[model.getColByName(name)] = value;
      }
      model.setSolution({ colValue });
    }
    const { modelStatus } = model.run();
    const codes = highs.constants.modelStatus;
    const status: LpStatus = modelStatus === codes.optimal
      ? "optimal"
      : modelStatus === codes.timeLimit
      ? "time-limit"
      : modelStatus === codes.solutionLimit
      ? "node-limit"
      : modelStatus === codes.infeasible
      ? "infeasible"
      : modelStatus === codes.unbounded || modelStatus === codes.unboundedOrInfeasible
      ? "unbounded"
      : "error";
    const hasSolution = Number(model.info.get("primal_solution_status")) === 2;
    const values: Record<string, number> = {};
    let objective = Number.NaN;
    if (hasSolution) {
      const colValue = model.getSolution().colValue;
      const count = model.getDimensions().numCols;
      for (let j = 0; j < count; j++) values[model.getColName(j)] = colValue[j]! + 0;
      objective = model.getObjectiveValue();
    }
    let bound = Number.NaN;
    const integral = Array.from({ length: model.getDimensions().numCols }, (_, j) => j)
      .some((j) => model.getColIntegrality(j) !== 0);
    let nodes = 0;
    if (integral) {
      const dual = Number(model.info.get("mip_dual_bound"));
      if (Number.isFinite(dual)) bound = dual;
      nodes = Math.max(0, Number(model.info.get("mip_node_count")) || 0);
    } else if (status === "optimal") {
      bound = objective;
    }
    return {
      status,
      solverStatus: statusText(modelStatus, codes),
      objective,
      bound,
      values,
      solveSeconds: model.getRunTime(),
      nodes,
    };
  } finally {
    try {
      model.dispose();
    } catch {
      // An aborted module cannot free the model; it is dropped whole.
    }
  }
}

/** Names a HiGHS model status code by the key of its constant. */
function statusText(code: number, codes: Readonly<Record<string, number>>): string {
  for (const [name, value] of Object.entries(codes)) if (value === code) return name;
  return String(code);
}

/** Nodes of {@link solveMip}'s first solve, without HiGHS's presolve. */
const UNPRESOLVED_NODES = 200;
/**
 * Most columns of a MIP that {@link solveMip} solves without presolve first: the models where
 * presolve cut the optimum off had 42 to about 100; on the ILP bench's triplets (318 and 577
 * columns) 20 nodes without presolve took about 2 s, more than the whole presolved proof.
 */
const UNPRESOLVED_COLUMNS = 300;

/** Options of {@link solveMip}. */
export interface SolveMipOptions {
  /** A starting incumbent (column values), as {@link SolveLpOptions.start}. */
  start?: Readonly<Record<string, number>>;
  /** Cap on the branch-and-bound nodes over both solves (default: none). */
  maxNodes?: number;
}

/**
 * A MIP solved so that `"optimal"` means its optimum, proven. On a model of at most 300
 * columns, first without HiGHS's presolve, capped at 200 nodes (and `maxNodes`); only when
 * that does not prove the optimum, again with presolve (faster on large models), from the
 * better incumbent of the start and the first solve, the node cap shared and both solves'
 * time and nodes counted. A larger model is solved with presolve alone: the first stage costs
 * more there than the proof, and the fault below was not seen on such models (not excluded
 * either).
 *
 * HiGHS 1.15.1's presolve (the release `npm:highs@1.15.3` compiles) cuts the optimum off some
 * small MIPs and reports the worse solution as optimal. The evidence points to its inequality
 * strengthening (`strengthenInequalities` in `HPresolve.cpp`, which no `presolve_rule_off` bit
 * reaches): on the smallest model its log line "Strengthened 1 coefficients" comes before the
 * model goes wrong, and a MIP feasibility tolerance of 1e-7 instead of 1e-6 takes both away.
 * That routine counts a set of columns as a cover of a row's violation when it falls short by
 * up to `max(100 · tol, tol · violation)` (1e-4 at the default), so a row with near covers
 * (coefficients about 0.1, or a capacity with a billionth of slack that demands summing
 * exactly to it fall short of) can be strengthened beyond what is valid.
 * `tests/placement/ilp_solver_test.ts` holds the smallest model found (16 columns: presolved
 * 267, optimum 167). `placeIlp`'s capacity rows no longer have such near covers (see
 * `CAPACITY_UNITS` in `_ilp_model.ts`): with the rows before, 29 of 600 seeded presolved solves
 * of demands summing exactly to a host, and 10 of 1,224 random ones, were wrong; with the rows
 * now, none. The first stage stays, for models this analysis does not cover.
 *
 * @param lp The MIP in CPLEX LP format.
 * @param columns Its number of columns.
 * @param left Seconds left for the solves (read before each).
 * @param options Start and node cap.
 * @returns The outcome, as {@link solveLp}'s.
 */
export async function solveMip(
  lp: string,
  columns: number,
  left: () => number,
  options: SolveMipOptions = {},
): Promise<LpSolution> {
  const { start, maxNodes = Infinity } = options;
  const withStart = start === undefined ? {} : { start };
  // the time left read once per solve, and never 0 (a limit that ran out between the
  // caller's check and the call stops the solve at once)
  const seconds = () => Math.max(left(), Number.MIN_VALUE);
  if (columns > UNPRESOLVED_COLUMNS) {
    return await solveLp(lp, { timeLimitSeconds: seconds(), ...withStart, maxNodes });
  }
  const first = await solveLp(lp, {
    timeLimitSeconds: seconds(),
    ...withStart,
    maxNodes: Math.min(maxNodes, UNPRESOLVED_NODES),
    presolve: false,
  });
  const remaining = left();
  if (first.status === "optimal" || maxNodes <= UNPRESOLVED_NODES || !(remaining > 0)) {
    return first;
  }
  const found = Object.keys(first.values).length > 0;
  const second = await solveLp(lp, {
    timeLimitSeconds: remaining,
    // the first solve's incumbent is at least as good as the start it was given
    ...(found ? { start: first.values } : withStart),
    // the cap holds over both solves
    maxNodes: Math.max(1, maxNodes - first.nodes),
  });
  // both solves' time and nodes; a second solve that found nothing (an error) leaves the
  // first's incumbent
  const solveSeconds = first.solveSeconds + second.solveSeconds;
  const nodes = first.nodes + second.nodes;
  return Object.keys(second.values).length > 0 || !found
    ? { ...second, solveSeconds, nodes }
    : { ...first, solveSeconds, nodes };
}
