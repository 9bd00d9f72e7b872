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

Methods ending in `_runner` (`exp_auto_runner`, float64) run BrainPy's own synapse class for the
problem instead, chosen from its equations as the NEST engine chooses (`bp.dyn.Expon`, `Alpha`,
`DualExponV2` for two time constants, `NMDA`, and `AMPA` for transmitter pulses of one duration;
GABAa is AMPA's equations; `_runner_dualexpon` runs `DualExpon`, whose states are (g, h), where
`_runner` runs DualExponV2; two passive cells of one kind coupled by a conductance run as two
`bp.neurons.LIF` cells joined by `bp.synapses.GapJunction`, the problem's input current added to
each cell's input after the junction's), driven by `bp.DSRunner` as BrainPy's users run it: each step calls
`update(x)` with the spikes of t_k, which integrates from t_k to t_(k+1) (AMPA's pulse starts at
t_k) and returns the new state, which the runner labels t_k. Nothing is shifted here: where the
labels put values a step early, the rows show it.

Schedule of the other methods (stated because BrainPy's runner labels differ): the loop is driven here. Row 0 is the
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
from engine_contract import Refusal  # noqa: E402
from nest_engine import close, linear_system, on_pre_increments  # noqa: E402
from problem_equations import ProblemError, jax_expression  # noqa: E402
from problem_equations import Model  # noqa: E402  (the problem in ms and the states' units)
from scipy_engine import write_trace  # noqa: E402

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
    runner = runner_method(job.method)
    if runner:
        integrator, variant = runner
        gap = gap_junction(model, problem)
        if gap is not None and not variant:
            rows, name, recorded = run_gap(model, gap, integrator, job.dt, problem["t_end_ms"])
        else:
            rows, name, recorded = run_runner(model, problem, integrator, variant, job.dt)
        states = [model.eq.states[i] for i in recorded]
        units = {v["name"]: v["unit"] for v in problem["variables"]}
        sys.stderr.write(f"brainpy_engine: {name} run by bp.DSRunner; {', '.join(states)} recorded\n")
        with open(job.trace, "w") as out:
            out.write(",".join(["t [ms]"] + [f"{s} [{units.get(s, model.eq.units[s])}]" for s in states]) + "\n")
            out.write("".join(",".join([repr(t)] + [repr(v[i]) for i in recorded]) + "\n" for t, v in rows))
        return
    rows, spikes = run(model, job.method, job.dt, problem["t_end_ms"])
    write_trace(job.trace, problem, model.eq, rows, spikes if model.threshold is not None else None)


# --- BrainPy's own synapse classes, run by BrainPy's runner (the `_runner` methods) ---

RUNNER_SUFFIX = "_runner"
DUALEXPON = "_dualexpon"  # `exp_auto_runner_dualexpon`: BrainPy's DualExpon instead of DualExponV2


def runner_method(method):
    """(integrator, variant) of a `_runner` method ("rk4_runner_dualexpon" → ("rk4", DUALEXPON)),
    or None for the engine's own loop."""
    for variant in (DUALEXPON, ""):
        suffix = RUNNER_SUFFIX + variant
        if method.endswith(suffix) and method[: -len(suffix)] in METHODS:
            return method[: -len(suffix)], variant
    return None


def synapse_class(model, problem, variant=""):
    """BrainPy's class for the problem, chosen from its equations (probed numerically, as the NEST
    engine does): (class name, keyword arguments, amount each presynaptic spike passes to
    `update(x)` per spike time in ms, recorded state index). A Refusal when none fits. A dual
    exponential runs as DualExponV2, or as DualExpon when `variant` is DUALEXPON."""
    eq, b2 = model.eq, problem["brian2"]
    if b2["threshold"]:
        raise Refusal("BrainPy's synapse classes have no threshold")
    if any(abs(z) > 0 for z in model.z0):
        raise Refusal("BrainPy's synapse classes start at 0: the problem's states must too")
    pulses = _pulses(model, problem)
    if pulses is not None:
        return pulses
    if len(b2["pathways"]) != 1 or problem.get("switch_times_ms"):
        raise Refusal("BrainPy's synapse classes take one presynaptic spike train")
    spikes = sorted(s * 1e3 for s in b2["pathways"][0]["spikes_s"])
    on_pre = eq.statements(b2["pathways"][0]["on_pre"])
    jump = on_pre_increments(lambda z: model.apply(on_pre, 0.0, z), len(eq.states))
    if len(eq.states) == 2 and eq.units[eq.states[0]] == "1" and _is_nmda(model):
        a, tau_decay, tau_rise = _is_nmda(model)
        return "NMDA", {"a": a, "tau_decay": tau_decay, "tau_rise": tau_rise}, {t: jump[1] for t in spikes}, 0
    A, c = linear_system(eq, model.factors)
    if len(A) == 1 and A[0][0] < 0:
        return "Expon", {"tau": -1 / A[0][0]}, {t: jump[0] for t in spikes}, 0
    if len(A) == 2 and A[1][0] == 0 and A[0][1] > 0 and jump[0] == 0:
        tau1, tau2, k = -1 / A[0][0], -1 / A[1][1], A[0][1] * (-1 / A[0][0])
        if close(tau1, tau2):
            if variant == DUALEXPON:
                raise Refusal("DualExpon needs two time constants; this problem has one (BrainPy's Alpha)")
            return "Alpha", {"tau_decay": tau1}, {t: k * jump[1] for t in spikes}, 0
        if variant == DUALEXPON:
            # BrainPy's DualExpon: dg/dt = -g/tau_decay + h, dh/dt = -h/tau_rise, a spike adds a to
            # h: h = k x/tau1, so a = k w/tau1, passed as A = a tau_rise tau_decay/(tau_decay - tau_rise).
            a = k * jump[1] / tau1
            return ("DualExpon", {"tau_decay": tau1, "tau_rise": tau2, "A": a * tau1 * tau2 / (tau1 - tau2)},
                    {t: 1.0 for t in spikes}, 0)
        # g = C (e^(-t/tau2) - e^(-t/tau1)), C = (k w/tau1)/(1/tau1 - 1/tau2): BrainPy's
        # DualExponV2 with A = C (sign by which of the two is the decay) and one unit per spike.
        amplitude = (k * jump[1] / tau1) / (1 / tau1 - 1 / tau2) * (1 if tau2 > tau1 else -1)
        return ("DualExponV2", {"tau_rise": min(tau1, tau2), "tau_decay": max(tau1, tau2), "A": amplitude},
                {t: 1.0 for t in spikes}, 0)
    raise Refusal(f"no BrainPy synapse class has states {eq.states} with this Jacobian")


def _is_nmda(model):
    """(a, tau_decay, tau_rise) when ds/dt = -s/tau_decay + a x (1 - s), dx/dt = -x/tau_rise."""
    def f(s, x):
        return model.rhs(set())(0.0, [s, x])
    s_only, x_only, both = f(0.5, 0.0), f(0.0, 0.5), f(0.3, 0.6)
    if not (s_only[1] == 0 and x_only[1] < 0 and s_only[0] < 0):
        return None
    tau_decay, tau_rise, a = -0.5 / s_only[0], -0.5 / x_only[1], x_only[0] / 0.5
    expected = [-0.3 / tau_decay + a * 0.6 * 0.7, -0.6 / tau_rise]
    return (a, tau_decay, tau_rise) if all(close(e, v) for e, v in zip(expected, both)) else None


def _pulses(model, problem):
    """BrainPy's AMPA (and GABAa, the same equations) for ds/dt = alpha T (1 - s) - beta s with T
    rectangular pulses of one duration, started at the switch times; None for other problems."""
    eq, switches = model.eq, problem.get("switch_times_ms") or []
    if len(eq.states) != 1 or eq.units[eq.states[0]] != "1" or not switches or problem["brian2"]["pathways"]:
        return None
    if len(switches) % 2:
        raise Refusal("BrainPy's AMPA needs pulses: an even number of switch times")
    starts, ends = switches[0::2], switches[1::2]
    durations = {round(b - a, 9) for a, b in zip(starts, ends)}
    if len(durations) != 1:
        raise Refusal(f"BrainPy's AMPA has one T_dur; the problem's pulses last {sorted(durations)} ms")
    f = model.rhs(set())
    inside, outside = (starts[0] + ends[0]) / 2, ends[0] + 1e-3 * (ends[0] - starts[0])
    beta = -f(outside, [0.5])[0] / 0.5
    alpha_t = f(inside, [0.0])[0]
    if not (beta > 0 and alpha_t > 0 and close(f(inside, [0.5])[0], alpha_t * 0.5 - beta * 0.5)):
        raise Refusal("the equation is not BrainPy's AMPA form alpha T (1 - s) - beta s")
    # T = 1 during a pulse and alpha = alpha·T_max: the same product, as BrainPy's AMPA integrates it.
    return "AMPA", {"alpha": alpha_t, "beta": beta, "T": 1.0, "T_dur": durations.pop()}, {t: 1.0 for t in starts}, 0


def run_runner(model, problem, integrator, variant, dt):
    """BrainPy's class for the problem run by `bp.DSRunner`, rows labelled as the runner labels them
    (the value `update` returns at step k, which has integrated from t_k to t_(k+1), at t_k)."""
    import brainpy as bp
    import brainpy.math as bm
    bm.enable_x64()
    name, parameters, amounts, recorded = synapse_class(model, problem, variant)
    if variant == DUALEXPON and name != "DualExpon":
        raise Refusal(f"DualExpon is BrainPy's dual exponential; this problem is its {name}")
    steps = int(round(problem["t_end_ms"] / dt))
    table = [0.0] * (steps + 2)
    for t, amount in amounts.items():
        k = int(round(t / dt))
        if abs(t - k * dt) > 1e-9 * max(1.0, t):
            raise ProblemError(f"a presynaptic spike at {t} ms is not on the {dt} ms grid")
        table[k] += amount

    class Driven(bp.DynamicalSystem):
        def __init__(self):
            super().__init__()
            self.syn = getattr(bp.dyn, name)(1, method=integrator, **parameters)
            self.table = bm.asarray(table)

        def update(self):
            return self.syn.update(self.table[bp.share.load("i")])

    net = Driven()
    output = (lambda: net.syn.a * (net.syn.g_decay.value - net.syn.g_rise.value)) if name == "DualExponV2" \
        else (lambda: net.syn.g.value)
    runner = bp.DSRunner(net, monitors={"g": output}, dt=dt, progress_bar=False)
    runner.run((steps + 1.5) * dt)  # BrainPy truncates duration/dt: half a step more makes it steps + 1
    values = [float(v) for v in bm.as_numpy(runner.mon["g"]).reshape(-1)]
    times = [float(t) for t in bm.as_numpy(runner.mon.ts)]
    return [(t, {recorded: v}) for t, v in zip(times, values)][: steps + 1], f"bp.dyn.{name}", [recorded]


def gap_junction(model, problem):
    """(tau, g_max, V_rest, drive) when the problem is two passive cells of one kind (mV) coupled by
    a gap junction, dV_i/dt = (V_rest - V_i + R (I_i(t) + g (V_j - V_i)))/tau, as BrainPy's
    `bp.synapses.GapJunction` between two `bp.neurons.LIF` cells computes it; R = 1 (so g is in
    1/R's unit and I in mV), `drive(t)` = [R I_0(t), R I_1(t)] in mV. None for other problems."""
    eq, b2 = model.eq, problem["brian2"]
    if len(eq.states) != 2 or any(eq.units[s] != "volt" for s in eq.states) or b2["pathways"] or b2["threshold"]:
        return None
    try:
        A, _ = linear_system(eq, model.factors)
    except Refusal:
        return None
    if not (A[0][1] > 0 and close(A[0][1], A[1][0]) and close(A[0][0], A[1][1]) and close(*model.z0)):
        return None
    tau = -1 / (A[0][0] + A[0][1])
    f = model.rhs(set())
    v_rest = model.z0[0]
    # At rest (V = V_rest in both cells) dV_i/dt = R I_i(t)/tau.
    return tau, A[0][1] * tau, v_rest, lambda t: [d * tau for d in f(t, [v_rest, v_rest])]


def run_gap(model, gap, integrator, dt, t_end):
    """Two `bp.neurons.LIF` cells (threshold out of reach) coupled by `bp.synapses.GapJunction`
    (cell 0 → cell 1, which adds g (V_0 - V_1) to cell 1's input and its negative to cell 0's),
    the external current of step k (the problem's at t_k) added after the junction's, the group
    integrated by `integrator` and run by `bp.DSRunner`, rows labelled as the runner labels them."""
    import brainpy as bp
    import brainpy.math as bm
    import numpy as np
    bm.enable_x64()
    tau, g_max, v_rest, drive = gap
    steps = int(round(t_end / dt))
    table = bm.asarray([drive(k * dt) for k in range(steps + 2)])

    class Coupled(bp.DynSysGroup):
        def __init__(self):
            super().__init__()
            self.cells = bp.neurons.LIF(2, V_rest=v_rest, V_reset=v_rest, V_th=1e300, tau=tau, R=1.0, tau_ref=0.0,
                                        V_initializer=bp.init.Constant(v_rest), method=integrator)
            self.gap = bp.synapses.GapJunction(self.cells, self.cells, bp.conn.IJConn(i=np.array([0]), j=np.array([1])),
                                               g_max=g_max)

        def update(self):
            self.gap.update()
            self.cells.update(table[bp.share.load("i")])
            return self.cells.V.value

    net = Coupled()
    runner = bp.DSRunner(net, monitors={"V": lambda: net.cells.V.value}, dt=dt, progress_bar=False)
    runner.run((steps + 1.5) * dt)  # BrainPy truncates duration/dt: half a step more makes it steps + 1
    values = bm.as_numpy(runner.mon["V"])
    times = [float(t) for t in bm.as_numpy(runner.mon.ts)]
    rows = [(t, {0: float(v[0]), 1: float(v[1])}) for t, v in zip(times, values)][: steps + 1]
    return rows, "bp.synapses.GapJunction between two bp.neurons.LIF", [0, 1]


if __name__ == "__main__":
    engine_contract.main(
        __doc__, "brainpy_engine",
        METHODS + [m + "_f32" for m in METHODS] + [m + RUNNER_SUFFIX + v for m in METHODS for v in ("", DUALEXPON)],
        run_job)
