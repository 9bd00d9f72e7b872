#!/usr/bin/env python3
"""SynVerify engine for NEURON (pinned in engines/requirements.txt: neuron 9.0.2).

Usage: neuron_engine.py PROBLEM.json TRACE.csv --method {fixed0,fixed2,cvode} --dt DT_MS

Runs a problem of `synverify problem` with NEURON's built-in point process for it on a passive
section and writes the conductance as a CSV trace (`t [ms],g [uS]`, SynVerify converts the
unit), one row every DT from 0 to t_end:

- `exp-spec` (dg/dt = -g/tau, g += w at each spike): ExpSyn with tau, driven by a NetCon of
  weight w; every spike of the problem is an event.
- `alpha-spec` (g = w (t/tau) e^(-t/tau)): AlphaSynapse with onset at the one spike, tau and
  gmax = w/e (NEURON's alpha peaks at gmax, the problem's at w/e).

Methods: `fixed0` and `fixed2` are fixed steps of DT with `secondorder` 0 (backward Euler for
the membrane; ExpSyn's own state by cnexp, exact for a linear decay) and 2 (Crank-Nicolson);
`cvode` is NEURON's variable-step CVODE with atol 1e-8 (uS), recorded every DT.
"""
import argparse
import json
import math
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("problem")
    parser.add_argument("trace")
    parser.add_argument("--method", required=True, choices=["fixed0", "fixed2", "cvode"])
    parser.add_argument("--dt", type=float, required=True, help="step or recording interval (ms)")
    args = parser.parse_args()
    if not args.dt > 0:
        sys.exit("neuron_engine: --dt must be > 0 ms")
    with open(args.problem) as f:
        problem = json.load(f)
    namespace = problem["brian2"]["namespace"]
    pathways = problem["brian2"]["pathways"]
    spikes_ms = [s * 1e3 for p in pathways for s in p["spikes_s"]]
    name = problem["name"]
    if name not in ("exp-spec", "alpha-spec"):
        sys.exit("neuron_engine: no NEURON mechanism for problem '%s' (ExpSyn: exp-spec, AlphaSynapse: alpha-spec)"
                 % name)
    tau_ms = namespace["tau"]["value"] * 1e3
    weight_us = namespace["w"]["value"] * 1e6

    from neuron import h
    h.load_file("stdrun.hoc")
    section = h.Section(name="soma")
    section.insert("pas")
    keep = []
    if name == "exp-spec":
        synapse = h.ExpSyn(section(0.5))
        synapse.tau = tau_ms
        connection = h.NetCon(None, synapse)
        connection.weight[0] = weight_us
        connection.delay = 0
        keep.append(h.FInitializeHandler(lambda: [connection.event(t) for t in spikes_ms]))
        keep.append(connection)
    else:
        if len(spikes_ms) != 1:
            sys.exit("neuron_engine: AlphaSynapse has one onset; the problem has %d spikes" % len(spikes_ms))
        synapse = h.AlphaSynapse(section(0.5))
        synapse.onset = spikes_ms[0]
        synapse.tau = tau_ms
        synapse.gmax = weight_us / math.e
        synapse.e = 0
    h.dt = args.dt
    h.secondorder = 2 if args.method == "fixed2" else 0
    h.cvode.active(1 if args.method == "cvode" else 0)
    if args.method == "cvode":
        h.cvode.atol(1e-8)
    # ExpSyn's g is a state; AlphaSynapse exposes only its current i = g (v - e), so g = i/(v - e).
    if name == "exp-spec":
        g = h.Vector().record(synapse._ref_g, args.dt)
    else:
        current = h.Vector().record(synapse._ref_i, args.dt)
        voltage = h.Vector().record(section(0.5)._ref_v, args.dt)
    t = h.Vector().record(h._ref_t, args.dt)
    h.finitialize(-65)
    steps = int(round(problem["t_end_ms"] / args.dt))
    # One step past t_end: the record of the step that reaches t_end is then kept.
    h.continuerun((steps + 1) * args.dt)
    if name != "exp-spec":
        g = [i / (v - synapse.e) for i, v in zip(current, voltage)]
    with open(args.trace, "w") as out:
        out.write("t [ms],g [uS]\n")
        for k in range(min(len(t), steps + 1)):
            out.write("%r,%r\n" % (t[k], g[k]))


if __name__ == "__main__":
    main()
