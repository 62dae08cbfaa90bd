"""Solves one LP file with native HiGHS (the `highspy` wheel from PyPI) and prints one JSON line.

Called by `validation/milp/record_highs.ts` once per bench instance and formulation:

    python3 validation/milp/highs_solve.py FILE.lp TIME_LIMIT_SECONDS LOG_FILE

HiGHS runs with its default options except `time_limit`; its log goes to LOG_FILE (and not to
the console). The JSON line holds HiGHS's version and git hash, the model status, the objective
of the best solution, the MIP dual bound, the gap, the branch-and-bound nodes, the simplex
iterations and HiGHS's own run time.
"""

import importlib.metadata
import json
import math
import sys

import highspy


def number(value):
    """A finite float, or None (JSON has no infinity)."""
    value = float(value)
    return value if math.isfinite(value) else None


def main():
    lp_file, seconds, log_file = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    h = highspy.Highs()
    h.setOptionValue("output_flag", True)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("log_file", log_file)
    h.setOptionValue("time_limit", seconds)
    h.readModel(lp_file)
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    has_solution = info.primal_solution_status == 2
    print(json.dumps({
        "version": h.version(),
        "githash": h.githash(),
        "highspy": importlib.metadata.version("highspy"),
        "status": status,
        "optimal": status == "Optimal",
        "objective": number(info.objective_function_value) if has_solution else None,
        "dualBound": number(info.mip_dual_bound),
        "gap": number(info.mip_gap),
        "nodes": int(info.mip_node_count),
        "lpIterations": int(info.simplex_iteration_count),
        "solverSeconds": round(h.getRunTime(), 3),
    }))


if __name__ == "__main__":
    main()
