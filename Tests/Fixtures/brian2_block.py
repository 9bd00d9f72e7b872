#!/usr/bin/env python3
"""Runs a Brian2 model block as written in a spec file, with Brian2 itself (a test fixture).

Usage: brian2_block.py BLOCK.json OUT.json

BLOCK.json holds the spec's text fields verbatim (the test reads them with a YAML reader, not with
SynVerify's spec parser): equations, parameters and initial values as [name, expression] in
order, threshold, reset, refractory, spikes and on_spike, step inputs, t_end, the step (ms) and
the state updater. Brian2 evaluates every expression in its own namespace, so a block SynVerify
misreads is run here as Brian2 reads it. Equations flagged (event-driven) go into a Synapses
model, the others into the NeuronGroup; on_spike assignments to the group's variables act on
them as `name_post`. Spikes act at their time before the step that starts there (as in
engines/brian2_engine.py). OUT.json: {"t_s": [...], "columns": {name: {"si": [...],
"unit": "volt"}}, "spikes_s": [...]}, the group's variables at every step.
"""
import json
import re
import sys


def main():
    block_path, out_path = sys.argv[1], sys.argv[2]
    with open(block_path) as f:
        block = json.load(f)
    import numpy as np
    import brian2
    from brian2 import (NeuronGroup, SpikeGeneratorGroup, Synapses, StateMonitor, SpikeMonitor, Network, second,
                        prefs, defaultclock, get_unit)

    prefs.codegen.target = "numpy"
    units = {k: v for k, v in vars(brian2).items() if not k.startswith("_")}
    namespace = {}

    def value(text):
        return eval(str(text), units, namespace)  # a committed test block, evaluated as Brian2 would

    for name, text in block["parameters"]:
        namespace[name] = value(text)
    equations = block["equations"]
    for name, step in block.get("inputs", []):
        amplitude, start, end = value(step["step"]), value(step["from"]), value(step["to"])
        namespace.update({name + "_amp": amplitude, name + "_on": start, name + "_off": end})
        unit = repr(get_unit(amplitude.dim)) if hasattr(amplitude, "dim") else "1"
        equations += f"\n{name} = {name}_amp*int(t >= {name}_on)*int(t < {name}_off) : {unit}\n"
    lines = equations.split("\n")
    synaptic = "\n".join(line for line in lines if "(event-driven)" in line)
    neuronal = "\n".join(line for line in lines if "(event-driven)" not in line)
    dt = block["dt_ms"] * 1e-3 * second
    defaultclock.dt = dt
    threshold = block.get("threshold")
    refractory = value(block["refractory"]) if block.get("refractory") else False
    group = NeuronGroup(1, neuronal, method=block["method"], namespace=namespace, dt=dt, threshold=threshold,
                        reset=block.get("reset"), refractory=refractory if threshold else False)
    names = [n for n in re.findall(r"d(\w+)/dt", neuronal)]
    for name, text in block.get("initial", []):
        if name in names:
            setattr(group, name, value(text))
    objects = [group]
    if block.get("spikes"):
        times = np.array([float(value(s) / second) for s in block["spikes"]]) * second
        generator = SpikeGeneratorGroup(1, np.zeros(len(times), dtype=int), times, dt=dt, when="before_groups",
                                        order=0)
        on_pre = block["on_spike"]
        for name in names:
            on_pre = re.sub(r"\b%s\b" % name, name + "_post", on_pre)
        synapses = Synapses(generator, group, model=synaptic, on_pre=on_pre, method=block["method"],
                            namespace=namespace, dt=dt)
        synapses.pre.when = "before_groups"
        synapses.pre.order = 1
        synapses.connect()
        for name, text in block.get("initial", []):
            if name not in names:
                setattr(synapses, name, value(text))
        objects += [generator, synapses]
    monitor = StateMonitor(group, names, record=0, dt=dt, when="before_groups", order=2)
    spikes = SpikeMonitor(group) if threshold else None
    objects += [monitor] + ([spikes] if spikes is not None else [])
    steps = int(round(float(value(block["t_end"]) / dt)))
    Network(*objects).run((steps + 1) * dt, namespace=namespace)
    columns = {}
    for name in names:
        unit = get_unit(getattr(group, name).dim)
        columns[name] = {"si": [float(x) for x in np.asarray(getattr(monitor, name + "_")[0])], "unit": str(unit)}
    result = {"t_s": [float(x) for x in np.asarray(monitor.t_)], "columns": columns,
              "spikes_s": [float(x) for x in np.asarray(spikes.t_)] if spikes is not None else []}
    with open(out_path, "w") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()
