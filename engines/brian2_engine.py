#!/usr/bin/env python3
"""SynVerify engine for Brian2 (pinned in engines/requirements.txt: brian2 2.9.0, numpy < 2.4).

Usage: brian2_engine.py PROBLEM.json TRACE.csv --method METHOD --dt DT_MS

Exit status 3: Brian2 refuses METHOD for these equations; the reason is the last line on stderr.

Runs the problem that `synverify problem` wrote on Brian2's numpy target with a fixed step and
writes the trace SynVerify reads: a CSV with the header `t [ms],<var> [<unit>],...` in
SynVerify's internal units (the problem's `si_factor`), one row per step from 0 to t_end, and,
for a model with a threshold, the spike times (ms, one per line) in TRACE.csv.spikes.

Schedule: Brian2 delivers a SpikeGeneratorGroup's spike after the state update of its step, so
a spike at t_k would act at t_(k+1). SynVerify's problems apply a spike at its time, before the
step that starts there (the closed form's right limit), so the generator and the synaptic
pathway run in the `before_groups` slot, and the monitor records after them: each row holds the
state at t_k with the spikes of t_k applied, then Brian2 integrates from t_k.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_contract  # noqa: E402,F401  (pins numpy's instruction sets before numpy is imported)


def unit_named(text):
    """The Brian2 unit a problem file names: "1", or a product of SI base units with integer
    powers, e.g. "second**-1*mmolar**-1". Looked up by name among Brian2's units, never
    evaluated: a problem file is data, and may come from anyone."""
    import re
    from brian2.units import allunits
    from brian2.units.fundamentalunits import Unit
    if text == "1":
        return 1
    result = 1
    for factor in re.split(r"(?<!\*)\*(?!\*)", text):
        match = re.fullmatch(r"([A-Za-z]+)(?:\*\*(-?\d+))?", factor)
        unit = getattr(allunits, match.group(1), None) if match else None
        if not isinstance(unit, Unit):
            sys.exit(f"brian2_engine: unit '{text}': '{factor}' is not a Brian2 unit name")
        result = result * unit ** int(match.group(2) or 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("problem")
    parser.add_argument("trace")
    parser.add_argument("--method", required=True, help="Brian2 state updater: euler, rk2, rk4, heun, "
                        "exponential_euler, exact")
    parser.add_argument("--dt", type=float, required=True, help="fixed step (ms)")
    args = parser.parse_args()
    if not args.dt > 0:
        sys.exit("brian2_engine: --dt must be > 0 ms")

    import numpy as np
    import brian2
    from brian2 import (NeuronGroup, SpikeGeneratorGroup, Synapses, StateMonitor, SpikeMonitor, Network,
                        Unit, second, prefs, defaultclock)
    from brian2.units.fundamentalunits import get_unit  # noqa: F401  (kept for the unit table)

    prefs.codegen.target = "numpy"
    brian2.seed(0)
    problem = engine_contract.read_problem(args.problem, "brian2_engine")
    b2 = problem["brian2"]

    def quantity(entry):
        return entry["value"] * unit_named(entry["unit"])

    namespace = {name: quantity(entry) for name, entry in b2["namespace"].items()}
    dt = args.dt * 1e-3 * second
    defaultclock.dt = dt
    threshold = b2["threshold"]
    def refuse_if_unsupported(error):
        """Brian2 refuses the method for these equations (exact for a non-linear system): exit
        status 3 with its reason on one line, which SynVerify reports as such; anything else is
        raised on."""
        from brian2.stateupdaters.base import UnsupportedEquationsException
        cause = error
        while cause.__cause__ is not None:
            cause = cause.__cause__
        if not isinstance(cause, UnsupportedEquationsException):
            raise error
        reason = " ".join(str(cause).split())
        sys.stderr.write(f"Brian2 {brian2.__version__} cannot integrate these equations with "
                         f"'{args.method}': {reason}\n")
        sys.stderr.flush()
        os._exit(3)  # no interpreter teardown: Brian2 would print warnings after the reason

    try:
        group = NeuronGroup(1, b2["equations"], method=args.method, namespace=namespace, dt=dt,
                            threshold=threshold, reset=b2["reset"],
                            refractory=(b2["refractory_s"] or 0) * second if threshold else False)
    except Exception as error:
        refuse_if_unsupported(error)
    for name, entry in b2["initial"].items():
        setattr(group, name, quantity(entry))
    objects = [group]
    for k, pathway in enumerate(b2["pathways"]):
        times = np.array(pathway["spikes_s"]) * second
        generator = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times, dt=dt,
                                        when="before_groups", order=0)
        synapses = Synapses(generator, group, on_pre=pathway["on_pre"], namespace=namespace, dt=dt)
        synapses.pre.when = "before_groups"
        synapses.pre.order = 1
        synapses.connect()
        objects += [generator, synapses]
    names = [v["name"] for v in problem["variables"]]
    monitor = StateMonitor(group, names, record=0, dt=dt, when="before_groups", order=2)
    spikes = SpikeMonitor(group) if threshold else None
    objects += [monitor] + ([spikes] if spikes is not None else [])
    steps = int(round(problem["t_end_ms"] / args.dt))
    network = Network(*objects)
    try:
        network.run((steps + 1) * dt, namespace=namespace)
    except Exception as error:
        refuse_if_unsupported(error)

    factors = {v["name"]: v["si_factor"] for v in problem["variables"]}
    units = {v["name"]: v["unit"] for v in problem["variables"]}
    times_ms = np.asarray(monitor.t_) * 1e3
    columns = [np.asarray(getattr(monitor, name + "_")[0]) / factors[name] for name in names]
    with open(args.trace, "w") as out:
        out.write(",".join(["t [ms]"] + ["%s [%s]" % (n, units[n]) for n in names]) + "\n")
        for k in range(min(len(times_ms), steps + 1)):
            out.write(",".join(repr(float(x)) for x in [times_ms[k]] + [c[k] for c in columns]) + "\n")
    if spikes is not None:
        with open(args.trace + ".spikes", "w") as out:
            out.write("t [ms]\n")
            for t in np.asarray(spikes.t_) * 1e3:
                out.write(repr(float(t)) + "\n")


if __name__ == "__main__":
    main()
