#!/usr/bin/env python3
"""SynVerify engine for scipy's ODE integrators (pinned in engines/requirements.txt: scipy 1.17.1).

Usage: scipy_engine.py PROBLEM.json TRACE.csv --method METHOD --dt RECORD_MS [--rtol R --atol A]
       scipy_engine.py PROBLEM.json --jobs JOBS.json   (a batch: engines/engine_contract.py)

Methods: `odeint` (ODEPACK's LSODA, what the seed notebook calls) and `solve_ivp` with `RK45`,
`RK23`, `DOP853`, `Radau`, `BDF`, `LSODA`. All are adaptive: `--dt` is the interval (ms) of the
rows written, `--rtol`/`--atol` the tolerances; without them scipy's own defaults apply
(odeint: rtol = atol = 1.49012e-8; solve_ivp: rtol 1e-3, atol 1e-6), which is what a user gets.

Units, as a user of odeint writes a model: time in ms and each state in the problem's unit for it
(`variables[].unit`: nS, mV, 1), so atol is in those units (as SynVerify's eps_abs is).

Schedule: the integration restarts at every presynaptic spike (its `on_pre` applied at its time,
before the rows of that time are written: the right limit, as SynVerify's closed forms), at every
input switch (`switch_times_ms`), at every threshold crossing (located by solve_ivp's event
finder, or for odeint by Brent's method on re-integrations from the last row, to 1e-12 ms) where
the reset is applied, and at the end of refractoriness; while refractory, states flagged
`(unless refractory)` are held and no spike is detected. Spike times (ms) go to TRACE.csv.spikes.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_contract  # noqa: E402
from problem_equations import Model, ProblemError  # noqa: E402  (Model: the problem in its own units)

METHODS = ["odeint", "RK45", "RK23", "DOP853", "Radau", "BDF", "LSODA"]
MAX_SPIKES = 100_000  # bounds the event loop: a reset that leaves the threshold holding stops
ODEINT_CHUNK = 200  # rows per odeint call while a threshold is watched


def boundaries(model, t_end):
    """Times (ms) where integration restarts, besides spikes of the neuron: presynaptic spikes and
    input switches, in (0, t_end)."""
    times = {t for spikes, _ in model.pathways for t in spikes} | set(model.switches)
    return sorted(t for t in times if 0 < t < t_end)


def segment(model, method, a, b, z, grid, tolerances, frozen, watch):
    """Integrates from a to b (ms) and returns (rows at the grid times in [a, b), state at the stop,
    stop time, spiked). Stops early at a threshold crossing when `watch`."""
    from scipy.integrate import odeint, solve_ivp
    f = model.rhs(frozen)
    times = [t for t in grid if a <= t < b]
    if method != "odeint":
        events = None
        if watch:
            def event(t, y):
                return model.distance(t, y)
            event.terminal, event.direction = True, 1.0
            events = [event]
        # b is evaluated too (the state to restart from) but is not a row of this segment.
        solution = solve_ivp(f, (a, b), z, method=method, t_eval=times + [b], events=events, **tolerances)
        if solution.status < 0:
            raise ProblemError(f"{method} failed after t = {solution.t[-1] if len(solution.t) else a} ms: "
                               f"{solution.message}")
        rows = [(t, y) for t, y in zip(solution.t, solution.y.T) if t < b]
        if watch and len(solution.t_events[0]):
            return rows, list(solution.y_events[0][0]), float(solution.t_events[0][0]), True
        return rows, list(solution.y[:, -1]), b, False
    # odeint has no event finder: rows are integrated in chunks, each checked for a crossing,
    # so that a spike does not cost an integration to the end of the segment.
    rows, start, z_start = [], a, z
    inner = [t for t in times if t > a] + [b]
    recorded = set(times)
    chunk = ODEINT_CHUNK if watch else len(inner)
    for k in range(0, len(inner), chunk):
        points = [start] + inner[k:k + chunk]
        values = odeint(f, z_start, points, tfirst=True, **tolerances)
        if watch:
            for j in range(1, len(points)):
                if model.distance(points[j], values[j]) > 0:
                    tc, zc = _locate(model, f, points[j - 1], values[j - 1], points[j], tolerances)
                    rows += [(t, v) for t, v in zip(points[:j], values[:j]) if t in recorded]
                    return rows, zc, tc, True
        rows += [(t, v) for t, v in zip(points[:-1], values[:-1]) if t in recorded]
        start, z_start = points[-1], list(values[-1])
    return rows, z_start, b, False


def _locate(model, f, t0, z0, t1, tolerances):
    """The threshold crossing in (t0, t1] (ms) for odeint: Brent's method on the distance at the
    end of re-integrations from (t0, z0)."""
    from scipy.integrate import odeint
    from scipy.optimize import brentq

    def state(t):
        return odeint(f, z0, [t0, t], tfirst=True, **tolerances)[-1] if t > t0 else z0

    tc = brentq(lambda t: model.distance(t, state(t)), t0, t1, xtol=1e-12, maxiter=200)
    return tc, list(state(tc))


def run(model, method, t_end, dt, tolerances):
    """The rows (t, z) at every dt from 0 to t_end and the neuron's spike times (ms)."""
    steps = int(round(t_end / dt))
    grid = [k * dt for k in range(steps + 1)]
    z = list(model.z0)
    z = _events_at(model, 0.0, z)
    stops = boundaries(model, t_end) + [t_end]
    rows, spikes, t, refractory_until = [], [], 0.0, None
    while t < t_end:
        next_stop = min(s for s in stops if s > t) if any(s > t for s in stops) else t_end
        if refractory_until is not None and refractory_until < next_stop and refractory_until > t:
            next_stop = refractory_until
        refractory = refractory_until is not None and t < refractory_until
        frozen = model.clamped if refractory else set()
        watch = model.threshold is not None and not refractory
        if watch and model.distance(t, z) > 0:
            raise ProblemError(f"the threshold holds at t = {t} ms after the reset or an input: no crossing to find")
        part, z, t_stop, spiked = segment(model, method, t, next_stop, z, grid, tolerances, frozen, watch)
        rows += part
        t = t_stop
        if spiked:
            spikes.append(t)
            if len(spikes) > MAX_SPIKES:
                raise ProblemError(f"more than {MAX_SPIKES} spikes")
            z = model.apply(model.reset, t, z) if model.reset else z
            if model.refractory_ms > 0:
                refractory_until = t + model.refractory_ms
        else:
            z = _events_at(model, t, z)
    if not rows or rows[-1][0] < t_end:
        rows.append((t_end, z))
    return rows, spikes


def _events_at(model, t, z):
    """The state after the presynaptic spikes at exactly t (ms), in pathway order."""
    for spikes, on_pre in model.pathways:
        for _ in range(sum(1 for s in spikes if s == t)):
            z = model.apply(on_pre, t, z)
    return z


def run_job(problem, job):
    """One job of the engine contract: the trace (and spikes) of `job.method`."""
    model = Model(problem)
    rows, spikes = run(model, job.method, problem["t_end_ms"], job.dt, job.tolerances)
    write_trace(job.trace, problem, model.eq, rows, spikes if model.threshold is not None else None)


def write_trace(path, problem, eq, rows, spikes):
    """The CSV SynVerify reads (`t [ms]` and each state in the problem's unit for it) and, for a
    model with a threshold, PATH.spikes."""
    units = {v["name"]: v["unit"] for v in problem["variables"]}
    with open(path, "w") as out:
        out.write(",".join(["t [ms]"] + [f"{n} [{units.get(n, eq.units[n])}]" for n in eq.states]) + "\n")
        for t, z in rows:
            out.write(",".join(repr(float(x)) for x in [t, *z]) + "\n")
    if spikes is not None:
        with open(path + ".spikes", "w") as out:
            out.write("t [ms]\n" + "".join(repr(float(t)) + "\n" for t in spikes))


if __name__ == "__main__":
    engine_contract.main(__doc__, "scipy_engine", METHODS, run_job, adaptive=True)
