#!/usr/bin/env python3
"""SynVerify engine for BrainPy (pinned in engines/requirements.txt: brainpy 2.8.2, jax 0.10.2).

Usage: brainpy_engine.py PROBLEM.json TRACE.csv --method METHOD --dt DT_MS
       brainpy_engine.py PROBLEM.json --jobs JOBS.json   (a batch: engines/engine_contract.py)

Methods: BrainPy's fixed-step ODE integrators `euler`, `rk2`, `rk4`, `heun2`, `exp_auto` in
float64 (`bm.enable_x64()`), and the same with `_f32` (`rk4_f32`) in float32, BrainPy's default
and so what its users get.

The problem's equations become a JAX right-hand side in ms and the states' units (as the BrainPy
handbook writes its models: tau in ms, g unitless or nS), integrated by `bp.odeint(f, method=M)`,
the integrator BrainPy's synapse classes (`bp.dyn.Expon`, `Alpha`, `NMDA`, ...) build from their
own derivatives; exp_auto linearises each variable's equation in that variable alone (BrainPy's
exponential Euler), so it is exact for a decoupled linear decay and first order for a coupled one.

Schedule (stated because BrainPy's runner labels differ): the loop is driven here. Row 0 is the
initial state with the spikes at t = 0 applied; step k integrates from t_k to t_(k+1) with the
`t` BrainPy's synapses see (`share['t']` = t_k), then applies the presynaptic spikes at t_(k+1)
(their `on_pre`, as BrainPy's `update(x)` adds x after integrating), tests the threshold at
t_(k+1) and resets (Brian2's grid semantics; the spike time is t_(k+1)), and writes the row of
t_(k+1). While refractory, states flagged `(unless refractory)` keep their value.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_contract  # noqa: E402
from problem_equations import ProblemError, jax_expression  # noqa: E402
from scipy_engine import Model, write_trace  # noqa: E402  (the problem in ms and the states' units)

METHODS = ["euler", "rk2", "rk4", "heun2", "exp_auto"]


def derivative_sources(model):
    """Python source of one function per state, `f{i}(z{i}, t, z{j}...)` returning dz_i/dt in ms
    and the states' units over jax.numpy, the form BrainPy's JointEq and exp_auto take (one
    variable per function, the others as arguments)."""
    eq = model.eq
    n = len(eq.states)
    body = ["    t = t * 1e-3  # the problem's expressions are in SI: s"]
    body += [f"    {name} = {value!r}" for name, value in eq.namespace.items()]
    body += [f"    {state} = z{i} * {factor!r}" for i, (state, factor) in enumerate(zip(eq.states, model.factors))]
    body += [f"    {name} = {jax_expression(text, eq.known)}" for name, text in eq.subexpression_texts]
    sources = []
    for i, (text, factor) in enumerate(zip(eq.derivative_texts, model.factors)):
        arguments = [f"z{i}", "t"] + [f"z{j}" for j in range(n) if j != i]
        sources.append("\n".join([f"def f{i}({', '.join(arguments)}):"] + body
                                 + [f"    return ({jax_expression(text, eq.known)}) * {1e-3 / factor!r}"]))
    return sources


CHUNK = 512  # steps per compiled scan between events


def build(model, method, x64, dt):
    """A jitted function taking (state tuple, t0) to the states after each of CHUNK steps."""
    import brainpy as bp
    import brainpy.math as bm
    import jax
    import jax.numpy as jnp
    if x64:
        bm.enable_x64()
    else:
        bm.disable_x64()
    dtype = jnp.float64 if x64 else jnp.float32
    scope = {"jnp": jnp, "_int": lambda c: jnp.where(c, 1.0, 0.0),
             "_exprel": lambda x: jnp.where(x == 0, 1.0, jnp.expm1(x) / jnp.where(x == 0, 1.0, x))}
    functions = []
    for source in derivative_sources(model):
        exec(source, scope)  # built from checked expressions only
        functions.append(scope[source[4:source.index("(")]])
    n = len(functions)
    integral = bp.odeint(bp.JointEq(*functions) if n > 1 else functions[0], method=method)

    def one(z, t):
        out = integral(*z, t, dt=dt)
        return tuple(out) if n > 1 else (out,)

    @jax.jit
    def chunk(z, t0):
        def body(state, k):
            state = one(state, t0 + k * jnp.asarray(dt, dtype=dtype))
            return state, jnp.stack(state)
        return jax.lax.scan(body, z, jnp.arange(CHUNK, dtype=dtype))[1]

    return chunk, jnp, dtype


def run(model, method, dt, t_end):
    """Rows (t, state) at every step and the spike times (ms): see the schedule above."""
    import numpy as np
    base, x64 = (method[:-4], False) if method.endswith("_f32") else (method, True)
    if base not in METHODS:
        raise ProblemError(f"unknown method '{method}'")
    chunk, jnp, dtype = build(model, base, x64, dt)
    steps = int(round(t_end / dt))
    spike_steps = {}
    for times, on_pre in model.pathways:
        for s in times:
            k = int(round(s / dt))
            if abs(s - k * dt) > 1e-9 * max(1.0, s):
                raise ProblemError(f"a presynaptic spike at {s} ms is not on the {dt} ms grid")
            spike_steps.setdefault(k, []).append(on_pre)
    z = [float(v) for v in model.z0]
    for on_pre in spike_steps.get(0, []):
        z = model.apply(on_pre, 0.0, z)
    rows, spikes, refractory_until, k = [(0.0, z)], [], -1.0, 0
    while k < steps:  # bounded: each pass advances k by at least one step
        refractory = k * dt < refractory_until - 1e-9 * dt
        upcoming = [e for e in spike_steps if e > k]
        limit = min([steps] + upcoming)
        count = 1 if refractory else min(limit - k, CHUNK)
        states = np.asarray(chunk(tuple(jnp.asarray(v, dtype=dtype) for v in z), jnp.asarray(k * dt, dtype=dtype)))
        before = z
        for j in range(count):
            z = [float(v) for v in states[j]]
            if refractory:
                z = [b if s in model.clamped else v for s, b, v in zip(model.eq.states, before, z)]
            k += 1
            t = k * dt
            for on_pre in spike_steps.get(k, []):
                z = model.apply(on_pre, t, z)
            fired = model.threshold is not None and t >= refractory_until - 1e-9 * dt and model.distance(t, z) > 0
            if fired:
                spikes.append(t)
                z = model.apply(model.reset, t, z) if model.reset else z
                refractory_until = t + model.refractory_ms
            rows.append((t, z))
            if fired:
                break
    return rows, spikes


def run_job(problem, job):
    """One job of the engine contract: BrainPy's trace (and spikes) with `job.method` at `job.dt`."""
    model = Model(problem)
    rows, spikes = run(model, job.method, job.dt, problem["t_end_ms"])
    write_trace(job.trace, problem, model.eq, rows, spikes if model.threshold is not None else None)


if __name__ == "__main__":
    engine_contract.main(__doc__, "brainpy_engine", METHODS + [m + "_f32" for m in METHODS], run_job)
