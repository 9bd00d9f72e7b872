#!/usr/bin/env python3
"""SynVerify engine for NEURON (pinned in engines/requirements.txt: neuron 9.0.2).

Usage: neuron_engine.py PROBLEM.json TRACE.csv --method {fixed0,fixed2,cvode} --dt DT_MS
       neuron_engine.py PROBLEM.json --jobs JOBS.json   (a batch: engines/engine_contract.py)

Exit status 3: NEURON has no built-in point process for the problem (the reason on stderr).

Runs a problem of `synverify problem` with NEURON's built-in point process for it on a passive
section and writes the conductance as a CSV trace (`t [ms],g [uS]`, SynVerify converts the
unit), one row every DT from 0 to t_end. The point process is chosen from the problem's content,
not its name: its equations must be linear (engines/nest_engine.py's test, shared), with

- one conductance g (siemens), dg/dt = -g/tau, each spike adding w to g: ExpSyn with tau, each
  spike an event of a NetCon of weight w;
- conductances (g, x), dg/dt = (k x - g)/tau_1, dx/dt = -x/tau_2, a spike adding w to x:
  with tau_1 = tau_2 AlphaSynapse (one onset; gmax = k w/e, as NEURON's alpha peaks at gmax
  and the problem's at k w/e), else Exp2Syn (tau1 the rise, tau2 the decay; NEURON normalises
  its peak to the NetCon weight, so the weight is the peak of the problem's g).

Methods: `fixed0` and `fixed2` are fixed steps of DT with `secondorder` 0 (backward Euler for
the membrane; ExpSyn's and Exp2Syn's own states by cnexp, exact for a linear decay) and 2
(Crank-Nicolson); `cvode` is NEURON's variable-step CVODE with atol 1e-8 (uS), recorded every DT.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_contract  # noqa: E402
from engine_contract import Refusal  # noqa: E402
from nest_engine import NEST_UNITS, close, linear_system, on_pre_increments  # noqa: E402
from problem_equations import Model  # noqa: E402

METHODS = ["fixed0", "fixed2", "cvode"]


def mechanism(problem):
    """(point process name, its parameters, NetCon weight in uS or None, spike times in ms)."""
    model = Model(problem, NEST_UNITS)
    b2 = model.b2
    if b2["threshold"] or problem.get("switch_times_ms") or len(b2["pathways"]) != 1:
        raise Refusal("NEURON's synapse point processes take one spike train and no threshold or input switch")
    if any(abs(z) > 0 for z in model.z0):
        raise Refusal("NEURON's synapses start at rest: the problem's states must start at 0")
    A, c = linear_system(model.eq, model.factors)
    if any(abs(x) > 0 for x in c):
        raise Refusal("a constant drive: no NEURON synapse has one")
    on_pre = model.eq.statements(b2["pathways"][0]["on_pre"])
    jump = on_pre_increments(lambda z: model.apply(on_pre, 0.0, z), len(model.eq.states))
    spikes = sorted(s * 1e3 for s in b2["pathways"][0]["spikes_s"])
    units = model.si_units
    if units == ["siemens"] and A[0][0] < 0:
        return "ExpSyn", {"tau": -1 / A[0][0]}, jump[0] * 1e-3, spikes
    if units == ["siemens", "siemens"] and A[1][0] == 0 and A[0][1] > 0 and jump[0] == 0:
        tau1, tau2, k = -1 / A[0][0], -1 / A[1][1], A[0][1] * (-1 / A[0][0])
        if close(tau1, tau2):
            if len(spikes) != 1:
                raise Refusal(f"AlphaSynapse has one onset; the problem has {len(spikes)} spikes")
            gmax = k * jump[1] / math.e * 1e-3
            return "AlphaSynapse", {"onset": spikes[0], "tau": tau1, "gmax": gmax, "e": 0}, None, []
        peak_t = math.log(tau1 / tau2) * tau1 * tau2 / (tau1 - tau2)
        peak = k * jump[1] / tau1 * (math.exp(-peak_t / tau2) - math.exp(-peak_t / tau1)) / (1 / tau1 - 1 / tau2)
        return "Exp2Syn", {"tau1": min(tau1, tau2), "tau2": max(tau1, tau2)}, peak * 1e-3, spikes
    raise Refusal(f"no NEURON point process has states {model.eq.states} in {units} with this Jacobian")


def run_job(problem, job):
    """One job of the engine contract: NEURON's conductance trace with `job.method` at `job.dt`."""
    name, parameters, weight, spikes = mechanism(problem)
    from neuron import h
    h.load_file("stdrun.hoc")
    section = h.Section(name="soma")
    section.insert("pas")
    synapse = getattr(h, name)(section(0.5))
    for key, value in parameters.items():
        setattr(synapse, key, value)
    keep = []
    if weight is not None:
        connection = h.NetCon(None, synapse)
        connection.weight[0] = weight
        connection.delay = 0
        keep += [connection, h.FInitializeHandler(lambda: [connection.event(t) for t in spikes])]
    h.dt = job.dt
    h.secondorder = 2 if job.method == "fixed2" else 0
    h.cvode.active(1 if job.method == "cvode" else 0)
    if job.method == "cvode":
        h.cvode.atol(1e-8)
    # ExpSyn's and Exp2Syn's g are states; AlphaSynapse exposes only its current i = g (v - e).
    if name == "AlphaSynapse":
        current = h.Vector().record(synapse._ref_i, job.dt)
        voltage = h.Vector().record(section(0.5)._ref_v, job.dt)
    else:
        g = h.Vector().record(synapse._ref_g, job.dt)
    t = h.Vector().record(h._ref_t, job.dt)
    h.finitialize(-65)
    steps = int(round(problem["t_end_ms"] / job.dt))
    # One step past t_end: the record of the step that reaches t_end is then kept.
    h.continuerun((steps + 1) * job.dt)
    if name == "AlphaSynapse":
        g = [i / (v - synapse.e) for i, v in zip(current, voltage)]
    with open(job.trace, "w") as out:
        out.write("t [ms],g [uS]\n")
        for k in range(min(len(t), steps + 1)):
            out.write("%r,%r\n" % (t[k], g[k]))
    del keep


if __name__ == "__main__":
    engine_contract.main(__doc__, "neuron_engine", METHODS, run_job)
