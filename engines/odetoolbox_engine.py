#!/usr/bin/env python3
"""SynVerify engine for NEST's ODE-toolbox (pinned in engines/requirements.txt: odetoolbox 3.0.0),
the analysis NESTML runs to generate a neuron model's exact propagators.

Usage: odetoolbox_engine.py PROBLEM.json TRACE.csv --method propagator --dt DT_MS
       odetoolbox_engine.py PROBLEM.json --jobs JOBS.json   (a batch: engines/engine_contract.py)

Exit status 3: ODE-toolbox finds no analytic propagator for the problem (nonlinear or
time-dependent equations), or the problem has what this engine does not pass on (subexpressions,
a threshold, spikes off the step grid).

The problem's equations go to `odetoolbox.analysis` as written (`X' = rhs`, parameters in SI, the
SI unit names as parameters equal to 1); of the solvers it returns, the one whose condition holds
for the parameters (e.g. `(tau1 == tau2)`, else `default`) gives the propagators P(h). They are
evaluated in double precision, as the C++ code NESTML generates from them evaluates them, for
h = dt, and the state is advanced y ← P·y step by step; a presynaptic spike's `on_pre` is applied
at its time (on the grid), before the row of that time is written (the right limit).
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_contract  # noqa: E402
from engine_contract import Refusal  # noqa: E402
from problem_equations import SI_UNITS, ProblemError, compile_expression  # noqa: E402
from problem_equations import Model  # noqa: E402  (the problem in ms and the states' units)
from scipy_engine import write_trace  # noqa: E402


def solver(model, problem):
    """ODE-toolbox's analytic solver for the problem: (state variables, update expressions as
    functions of (state values, propagator values), propagators as functions of h in s)."""
    import odetoolbox
    import sympy
    eq = model.eq
    if eq.subexpression_texts:
        raise Refusal("subexpressions (input pulses) are time-dependent: ODE-toolbox has no propagator for them")
    if problem["brian2"]["threshold"]:
        raise Refusal("a threshold: this engine passes ODE-toolbox the subthreshold dynamics only")
    namespace = {**SI_UNITS, **{k: v["value"] for k, v in problem["brian2"]["namespace"].items()}}
    indict = {
        "dynamics": [{"expression": f"{s}' = {text}", "initial_value": "0"}
                     for s, text in zip(eq.states, eq.derivative_texts)],
        "parameters": {k: repr(float(v)) for k, v in namespace.items()},
    }
    result = odetoolbox.analysis(indict, disable_stiffness_check=True, log_level="ERROR")
    if len(result) != 1 or result[0]["solver"] != "analytical" or set(result[0]["state_variables"]) != set(eq.states):
        raise Refusal("ODE-toolbox finds no analytic propagator for these equations: "
                      + ", ".join(f"{r['solver']} for {', '.join(r['state_variables'])}" for r in result))
    # Solvers with singularity conditions (`(tau1 == tau2)`) list them beside `default`.
    conditions = result[0].get("conditions", {"default": result[0]})
    chosen = conditions["default"]
    # Every name as a plain symbol: sympy would read I, E, N, S, beta, ... as its own constants.
    symbols = {k: sympy.Symbol(k) for k in list(namespace) + eq.states}
    for condition, candidate in conditions.items():
        text = condition.replace("&", " and ").replace("|", " or ")
        if condition != "default" and eval(compile_expression(text, set(namespace)), {"__builtins__": {}}, namespace):
            chosen = candidate
    h = sympy.Symbol("__h")
    propagators = {name: sympy.lambdify(h, sympy.sympify(text, locals=symbols).subs(namespace), modules="math")
                   for name, text in chosen["propagators"].items()}
    state_symbols = [symbols[s] for s in eq.states]
    update = [sympy.lambdify(state_symbols + [sympy.Symbol(p) for p in propagators],
                             sympy.sympify(chosen["update_expressions"][s], locals=symbols).subs(namespace),
                             modules="math")
              for s in eq.states]
    return propagators, update


def run_job(problem, job):
    """One job of the engine contract: exact propagation by ODE-toolbox's propagators at `job.dt`."""
    model = Model(problem)
    propagators, update = solver(model, problem)
    values = [float(f(job.dt * 1e-3)) for f in propagators.values()]
    if not all(math.isfinite(v) for v in values):
        raise ProblemError(f"ODE-toolbox's propagators are not finite at h = {job.dt} ms: {values}")
    steps = int(round(problem["t_end_ms"] / job.dt))
    events = {}
    for times, on_pre in model.pathways:
        for t in times:
            k = int(round(t / job.dt))
            if abs(t - k * job.dt) > 1e-9 * max(1.0, t):
                raise Refusal(f"a presynaptic spike at {t} ms is not on the {job.dt} ms grid")
            events.setdefault(k, []).append(on_pre)
    z = list(model.z0)
    for on_pre in events.get(0, []):
        z = model.apply(on_pre, 0.0, z)
    rows = [(0.0, z)]
    for k in range(1, steps + 1):  # the state in SI, advanced by P(h), back in the states' units
        y = model.si(z)
        z = model.z([f(*y, *values) for f in update])
        for on_pre in events.get(k, []):
            z = model.apply(on_pre, k * job.dt, z)
        rows.append((k * job.dt, z))
    write_trace(job.trace, problem, model.eq, rows, None)


if __name__ == "__main__":
    engine_contract.main(__doc__, "odetoolbox_engine", ["propagator"], run_job)
