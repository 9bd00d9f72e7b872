#!/usr/bin/env python3
"""SynVerify engine for NEST (pinned in engines/requirements.txt: nest-simulator 3.10.0).

Usage: nest_engine.py PROBLEM.json TRACE.csv --method {grid,ps} --dt DT_MS
       nest_engine.py PROBLEM.json --jobs JOBS.json   (a batch: engines/engine_contract.py)

Exit status 3: NEST has no built-in model for the problem, or none for the method (the reason
is the last line on stderr).

NEST runs its own neuron models, not equations, so the model is chosen from the problem's
content: its right-hand side (evaluated from the problem's equations) must be linear with one of
these Jacobians, and its inputs and threshold must fit:

- one conductance g (siemens), dg/dt = -g/tau, spikes add w to g: `iaf_cond_exp` (g_ex, weight w);
- conductances (g, x), dg/dt = (k x - g)/tau_1, dx/dt = -x/tau_2, spikes add w to x:
  `iaf_cond_alpha` when tau_1 = tau_2 (NEST's alpha peaks at its weight W at t = tau: W = k w/e),
  else `iaf_cond_beta` (NEST normalises the peak to W: W is the peak of the problem's g);
- (v volt, I amp), dv/dt = -v/tau_m + I/C, dI/dt = -I/tau_s, spikes add w to I: `iaf_psc_exp`;
- (v, I, z), dI/dt = (z - I)/tau_s, dz/dt = -z/tau_s, spikes add dz to z: `iaf_psc_alpha`
  (its PSC peaks at W = dz/e at t = tau_s);
- one voltage v (volt) with dv/dt = a v + b, a threshold `v > V_th`, a constant reset and, when
  refractory, v held (`unless refractory`): `iaf_psc_exp` with tau_m = -1/a, E_L = v(0),
  C_m = the problem's one capacitance (else 250 pF), I_e = C_m (a E_L + b).
- the AdEx neuron (v volt, w amp; Brette & Gerstner 2005), its threshold `v > V_peak` and reset
  `v = V_reset; w += b`: `aeif_cond_exp` without synapses, its parameters fitted from the right-hand
  side (adex_mapping), the input current I_e set between `nest.Simulate` calls at the switch times.

Methods: `grid` is the model above (exact propagation on the grid; conductance models by GSL's
adaptive rkf45; spikes at the end of the step in which V crosses); `ps` its precise-spiking
version (`iaf_psc_exp_ps`, `iaf_psc_alpha_ps`: crossings located inside the step; NEST has none
for the conductance models: exit 3).

Time: NEST's earliest delivery is one step after a spike generator's time, which must be > 0, and
its multimeter records after each step. A synapse problem (state 0 until the first spike) is
therefore shifted by T0 = 2 dt: a presynaptic spike at s ms is emitted at s + dt with delay dt,
acts at s + T0 and is in the row recorded there (the right limit, as SynVerify's closed forms);
the rows at NEST times T0 + k dt are written as t = k dt. A neuron problem has no inputs and is
not shifted: its row at t = 0 is its initial state, the others NEST's records at k dt.
Variables NEST cannot record (the helpers x and z; I for iaf_psc_exp_ps) are left out of the
trace and named on stderr.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_contract  # noqa: E402
from engine_contract import Refusal  # noqa: E402
from problem_equations import Model  # noqa: E402


# SI unit → (its factor from NEST's unit, NEST's unit): NEST works in mV, pA, nS, pF and ms.
NEST_UNITS = {"volt": (1e-3, "mV"), "amp": (1e-12, "pA"), "siemens": (1e-9, "nS")}


def linear_system(eq, factors):
    """(A, c) with dz/dt = A z + c in the states' units per ms (z = y_si / factor), checked to be
    affine and autonomous (to 1e-9 relative), or a Refusal."""
    n = len(eq.states)

    def f(z, t_ms=0.0):
        y = [zi * fi for zi, fi in zip(z, factors)]
        return [d * 1e-3 / fi for d, fi in zip(eq.derivative(t_ms * 1e-3, y), factors)]

    c = f([0.0] * n)
    columns = []
    for j in range(n):
        e = [0.0] * n
        e[j] = 1.0
        columns.append([a - b for a, b in zip(f(e), c)])
    A = [[columns[j][i] for j in range(n)] for i in range(n)]
    probe = [0.37 * (k + 1) for k in range(n)]
    predicted = [sum(A[i][j] * probe[j] for j in range(n)) + c[i] for i in range(n)]
    for t_ms in (0.0, 7.3):
        actual = f(probe, t_ms)
        scale = max(1.0, max(abs(x) for x in actual))
        if any(abs(p - a) > 1e-9 * scale for p, a in zip(predicted, actual)):
            raise Refusal("its equations are not linear and autonomous, so no NEST model has them")
    return A, c


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)


def on_pre_increments(apply, n):
    """The jump each of n states gets from one presynaptic spike (`apply(z)`: the state after it),
    checked to be independent of the state: the synapses of NEST, NEURON and BrainPy add an amount."""
    at_zero = apply([0.0] * n)
    at_probe = [a - 1.0 for a in apply([1.0] * n)]
    if any(not close(a, b) and abs(a - b) > 1e-12 for a, b in zip(at_zero, at_probe)):
        raise Refusal("a presynaptic spike's effect depends on the state; the simulator's synapses add an amount")
    return at_zero


def synapse_mapping(model, A, c, problem):
    """(NEST model base name, parameters, recordables by state, weight) for a synapse problem."""
    b2 = model.b2
    if b2["threshold"]:
        raise Refusal("a threshold on a synapse problem: no NEST model")
    if any(abs(x) > 0 for x in c) or any(abs(z) > 0 for z in model.z0):
        raise Refusal("NEST's synapse models start at rest: the problem's states must start at 0 with no drive")
    if len(b2["pathways"]) != 1:
        raise Refusal("one presynaptic pathway is needed (NEST's excitatory port)")
    on_pre = model.eq.statements(b2["pathways"][0]["on_pre"])
    jump = on_pre_increments(lambda z: model.apply(on_pre, 0.0, z), len(model.eq.states))
    units, n = model.si_units, len(A)
    if units == ["siemens"] and A[0][0] < 0:
        return "iaf_cond_exp", {"tau_syn_ex": -1 / A[0][0]}, {0: "g_ex"}, jump[0]
    if units == ["siemens", "siemens"] and A[1][0] == 0 and A[0][1] > 0 and jump[0] == 0:
        tau1, tau2, k = -1 / A[0][0], -1 / A[1][1], A[0][1] * (-1 / A[0][0])
        if close(tau1, tau2):
            return "iaf_cond_alpha", {"tau_syn_ex": tau1}, {0: "g_ex"}, k * jump[1] / math.e
        # g(t) = k w/tau1 (e^(-t/tau2) - e^(-t/tau1))/(1/tau1 - 1/tau2), peak at t*.
        peak_t = math.log(tau1 / tau2) * tau1 * tau2 / (tau1 - tau2)
        peak = k * jump[1] / tau1 * (math.exp(-peak_t / tau2) - math.exp(-peak_t / tau1)) / (1 / tau1 - 1 / tau2)
        return ("iaf_cond_beta", {"tau_rise_ex": min(tau1, tau2), "tau_decay_ex": max(tau1, tau2)},
                {0: "g_ex"}, peak)
    if units[:2] == ["volt", "amp"] and n == 2 and A[1][0] == 0 and A[0][1] > 0 and jump[0] == 0:
        membrane = {"tau_m": -1 / A[0][0], "C_m": 1 / A[0][1], "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0,
                    "V_th": 1e9, "tau_syn_ex": -1 / A[1][1]}
        return "iaf_psc_exp", membrane, {0: "V_m", 1: "I_syn_ex"}, jump[1]
    if units == ["volt", "amp", "amp"] and A[0][2] == 0 and A[2][0] == 0 and A[2][1] == 0 and jump[:2] == [0, 0]:
        tau_s = -1 / A[2][2]
        if not (close(-1 / A[1][1], tau_s) and close(A[1][2], 1 / tau_s)):
            raise Refusal("(v, I, z) is not NEST's alpha-shaped current (dI/dt = (z - I)/tau_s)")
        membrane = {"tau_m": -1 / A[0][0], "C_m": 1 / A[0][1], "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0,
                    "V_th": 1e9, "tau_syn_ex": tau_s}
        return "iaf_psc_alpha", membrane, {0: "V_m", 1: "I_syn_ex"}, jump[2] / math.e
    raise Refusal(f"no NEST model has states {model.eq.states} in {units} with this Jacobian")


def capacitance_pf(model):
    """The problem's one capacitance (pF), else 250 pF (NEST's default)."""
    values = [v["value"] for k, v in model.b2["namespace"].items() if v["unit"] == "farad"]
    return values[0] * 1e12 if len(values) == 1 else 250.0


def neuron_mapping(model, A, c):
    """(model, parameters, recordables, None) for a one-voltage LIF problem."""
    b2 = model.b2
    if model.si_units != ["volt"] or b2["pathways"]:
        raise Refusal("NEST's LIF maps one voltage without synaptic inputs")
    v_th = threshold_voltage(model)
    reset = model.eq.statements(b2["reset"]) if b2["reset"] else None
    if reset is None:
        raise Refusal("NEST's LIF resets: the problem has no reset")
    resets = {round(model.apply(reset, 0.0, [v])[0], 12) for v in (v_th, v_th + 1.0)}
    if len(resets) != 1:
        raise Refusal("the reset is not a constant (NEST's V_reset)")
    t_ref = (b2["refractory_s"] or 0.0) * 1e3
    if t_ref > 0 and "unless refractory" not in model.eq.flags[model.eq.states[0]]:
        raise Refusal("NEST clamps V while refractory; the problem's v is not '(unless refractory)'")
    e_l = model.z0[0]
    capacitance = capacitance_pf(model)
    parameters = {"tau_m": -1 / A[0][0], "C_m": capacitance, "E_L": e_l, "V_m": e_l, "V_th": v_th,
                  "V_reset": resets.pop(), "t_ref": t_ref, "I_e": capacitance * (A[0][0] * e_l + c[0])}
    return "iaf_psc_exp", parameters, {0: "V_m"}, None


def rates(model, t_ms, z):
    """dz/dt in the states' NEST units per ms at t (ms) and z (NEST units)."""
    y = [zi * fi for zi, fi in zip(z, model.factors)]
    return [d * 1e-3 / fi for d, fi in zip(model.eq.derivative(t_ms * 1e-3, y), model.factors)]


def adex_mapping(model):
    """(`aeif_cond_exp`'s parameters, I_e(t) in pA) when the problem is the AdEx neuron of Brette &
    Gerstner (2005), C dv/dt = g_L (E_L - v) + g_L Delta_T e^((v - V_T)/Delta_T) + I(t) - w,
    tau_w dw/dt = a (v - E_L) - w, spiking at v > V_peak with v = V_reset, w += b (no synapses).
    Its parameters are fitted from the right-hand side (mV, pA, ms): -1/C and -1/tau_w from the
    w-derivatives, Delta_T from the ratio of second differences of C dv/dt at four voltages below
    V_peak (1 mV apart), g_L and the exponential's size from there; then checked at other states
    and times to 1e-9 relative, or a Refusal."""
    b2 = model.b2
    if model.si_units != ["volt", "amp"] or b2["pathways"] or not b2["threshold"] or not b2["reset"]:
        raise Refusal("its equations are nonlinear and not the AdEx neuron's (v, w) with a threshold and reset")
    v_peak = threshold_voltage(model)

    def f(t, v, w):
        return rates(model, t, [v, w])
    base = v_peak - 20  # below the exponential's rise (at 0 mV it dwarfs the rest: e^25 for AdEx's)
    tau_w = -1 / (f(0, base, 1)[1] - f(0, base, 0)[1])
    a = (f(0, base + 1, 0)[1] - f(0, base, 0)[1]) * tau_w
    c_m = -1 / (f(0, base, 1)[0] - f(0, base, 0)[0])
    h = [c_m * f(0, v_peak - 3 + k, 0)[0] for k in range(4)]
    second = [h[0] - 2 * h[1] + h[2], h[1] - 2 * h[2] + h[3]]
    if not (second[0] > 0 and second[1] > second[0]):
        raise Refusal("dv/dt has no exponential term below the threshold: not the AdEx neuron")
    delta_t = 1 / math.log(second[1] / second[0])
    # G e^((v - V_peak)/Delta_T) is the exponential term, G = g_L Delta_T e^((V_peak - V_T)/Delta_T).
    size = second[0] / (math.exp(-3 / delta_t) * math.expm1(1 / delta_t) ** 2)

    def linear(v):
        return c_m * f(0, v, 0)[0] - size * math.exp((v - v_peak) / delta_t)
    g_l = -(linear(v_peak - 10) - linear(v_peak - 20)) / 10
    v_t = v_peak - delta_t * math.log(size / (g_l * delta_t))
    e_l = base - f(0, base, 0)[1] * tau_w / a if a != 0 else model.z0[0]

    def current(t):
        return c_m * f(t, e_l, 0)[0] - g_l * delta_t * math.exp((e_l - v_t) / delta_t)
    for t, v, w in ((3.7, v_peak - 13.1, 41.0), (7.9, v_peak - 0.6, -17.0), (150.3, v_peak - 33.0, 5.0)):
        expected = [(g_l * (e_l - v) + g_l * delta_t * math.exp((v - v_t) / delta_t) + current(t) - w) / c_m,
                    (a * (v - e_l) - w) / tau_w]
        if not all(close(x, y) or abs(x - y) < 1e-9 for x, y in zip(expected, f(t, v, w))):
            raise Refusal("its equations are not the AdEx neuron's (checked at other states)")
    reset = model.eq.statements(b2["reset"])
    after = [model.apply(reset, 0.0, z) for z in ([v_peak, 0.0], [v_peak + 1.0, 50.0])]
    if not (close(after[0][0], after[1][0]) and close(after[0][1], after[1][1] - 50.0)):
        raise Refusal("the reset is not 'v = V_reset; w += b' with constants (NEST's aeif)")
    t_ref = (b2["refractory_s"] or 0.0) * 1e3
    if t_ref > 0 and "unless refractory" not in model.eq.flags[model.eq.states[0]]:
        raise Refusal("NEST clamps V while refractory; the problem's v is not '(unless refractory)'")
    parameters = {"C_m": c_m, "g_L": g_l, "E_L": e_l, "V_th": v_t, "Delta_T": delta_t, "tau_w": tau_w, "a": a,
                  "b": after[0][1], "V_reset": after[0][0], "V_peak": v_peak, "t_ref": t_ref,
                  "V_m": model.z0[0], "w": model.z0[1]}
    return parameters, current


def threshold_voltage(model):
    """V_th of a threshold `v > V_th` (its distance must be v - V_th, whatever the other states)."""
    threshold = model.eq.threshold(model.b2["threshold"])
    factor = model.factors[0]
    rest = [0.0] * (len(model.eq.states) - 1)
    d0 = threshold(0.0, [0.0] + rest) / factor
    d1 = threshold(0.0, [factor] + [0.37 * f for f in model.factors[1:]]) / factor
    if not close(d1 - d0, 1.0):
        raise Refusal(f"threshold '{model.b2['threshold']}' is not 'v > V_th'")
    return -d0


def run(problem, method, dt):
    """Rows (t, values by state index) and spike times (ms), and the states left out."""
    import nest
    nest.verbosity = nest.VerbosityLevel.ERROR
    model = Model(problem, NEST_UNITS)
    synapse, current, nonlinear = not model.b2["threshold"], None, None
    try:
        A, c = linear_system(model.eq, model.factors)
    except Refusal as why:
        nonlinear = why
    if nonlinear and model.si_units == ["volt", "amp"] and not synapse:
        params, current = adex_mapping(model)
        base, recordables, weight = "aeif_cond_exp", {0: "V_m", 1: "w"}, None
    elif problem.get("switch_times_ms"):
        raise Refusal("input switches: NEST's models take spikes and constant currents only (the AdEx neuron's "
                      "current excepted)")
    elif nonlinear:
        raise nonlinear
    else:
        base, params, recordables, weight = (synapse_mapping(model, A, c, problem) if synapse
                                             else neuron_mapping(model, A, c))
    name = base if method == "grid" else base + "_ps"
    if name not in nest.node_models:
        raise Refusal(f"NEST {nest.__version__} has no precise-spiking '{name}'")
    nest.ResetKernel()
    nest.resolution = dt
    if method == "ps" and "I_syn_ex" not in nest.GetDefaults(name)["recordables"]:
        recordables = {k: v for k, v in recordables.items() if v != "I_syn_ex"}
    try:
        neuron = nest.Create(name, params=params)
    except nest.NESTError as error:
        # NEST refuses the parameters for this model (e.g. t_ref = 0 for the _ps models).
        raise Refusal(f"NEST refuses {name}'s parameters: {' '.join(str(error).split())}") from None
    shift = 2 * dt if synapse else 0.0
    if synapse:
        spikes = sorted(s * 1e3 for s in model.b2["pathways"][0]["spikes_s"])
        emit = [s + dt for s in spikes]
        if method == "grid" and any(abs(t / dt - round(t / dt)) > 1e-9 for t in emit):
            raise Refusal(f"a presynaptic spike is not on the {dt} ms grid")
        generator = nest.Create("spike_generator", params={
            "spike_times": [round(t / dt) * dt for t in emit] if method == "grid" else emit,
            "precise_times": method == "ps"})
        nest.Connect(generator, neuron, syn_spec={"weight": weight, "delay": dt})
    recorder = nest.Create("spike_recorder")
    nest.Connect(neuron, recorder)
    meter = nest.Create("multimeter", params={"record_from": sorted(set(recordables.values())), "interval": dt})
    nest.Connect(meter, neuron)
    steps = int(round(problem["t_end_ms"] / dt))
    # NEST hands recorders their data a minimum delay (1 ms without connections) late: run on
    # past t_end so the rows up to it arrive; later rows and spikes are dropped.
    simulate(neuron, current, problem.get("switch_times_ms") or [], dt, shift + (steps + 1) * dt + 2.0)
    events = meter.events
    rows = [] if synapse else [(0.0, {i: model.z0[i] for i in recordables})]
    for k, t in enumerate(events["times"]):
        step = int(round((t - shift) / dt))
        if 0 <= step <= steps and (synapse or step > 0):
            rows.append((step * dt, {i: float(events[r][k]) for i, r in recordables.items()}))
    rows.sort(key=lambda row: row[0])
    spikes_out = [float(t) - shift for t in recorder.events["times"] if float(t) - shift <= problem["t_end_ms"]]
    left_out = [s for i, s in enumerate(model.eq.states) if i not in recordables]
    return model, rows, spikes_out, recordables, left_out


def simulate(neuron, current, switches, dt, duration):
    """nest.Simulate for `duration` ms; with a `current(t)` (pA), in pieces between the input's
    switch times, each with I_e set to the current inside it (so it changes exactly there)."""
    import nest
    if current is None:
        nest.Simulate(duration)
        return
    edges = [0.0] + [t for t in sorted(switches) if 0 < t < duration] + [duration]
    for start, end in zip(edges, edges[1:]):
        if abs(start / dt - round(start / dt)) > 1e-9:
            raise Refusal(f"an input switch at {start} ms is not on the {dt} ms grid")
        neuron.I_e = current((start + end) / 2)
        nest.Simulate(round((end - start) / dt) * dt)


def run_job(problem, job):
    """One job of the engine contract: NEST's trace (and spikes) with `job.method` at `job.dt`."""
    try:
        model, rows, spikes, recordables, left_out = run(problem, job.method, job.dt)
    except Refusal as why:
        raise Refusal(f"NEST has no model for this problem with '{job.method}': {why}") from None
    if left_out:
        sys.stderr.write(f"nest_engine: NEST cannot record {', '.join(left_out)}; left out of the trace\n")
    states = model.eq.states
    with open(job.trace, "w") as out:
        out.write(",".join(["t [ms]"] + [f"{states[i]} [{model.unit_names[i]}]"
                                         for i in sorted(recordables)]) + "\n")
        for t, values in rows:
            out.write(",".join(repr(float(x)) for x in [t] + [values[i] for i in sorted(recordables)]) + "\n")
    if model.b2["threshold"]:
        with open(job.trace + ".spikes", "w") as out:
            out.write("t [ms]\n" + "".join(repr(t) + "\n" for t in spikes))


if __name__ == "__main__":
    engine_contract.main(__doc__, "nest_engine", ["grid", "ps"], run_job)
