#!/usr/bin/env python3
"""The seed's f–I experiment (Exercise 6d) run by Brian2 (pinned: brian2 2.9.0), for SynVerify's
f–I page.

Usage: brian2_fi.py POPULATION.json SPIKES.json

POPULATION.json (written by SynVerify, Sources/SynFiles/PopulationRun.swift) is
`{"schema": "synverify-population", "schema_version": 1, "equations": Brian2 text,
"threshold": ..., "reset": ..., "method": ..., "dt_s": ..., "duration_s": ...,
"namespace": {name: {"value": SI, "unit": SI unit name}}, "initial": {state: {"value", "unit"}},
"per_neuron": {name: {"unit": SI unit name, "values": [SI, ...]}}}`: a NeuronGroup of as many
neurons as the per-neuron arrays are long, its model string, threshold, reset and method as the
seed's cell writes them, each per-neuron variable set from its array, run for duration_s at
dt_s on the numpy target. SPIKES.json gets `{"spikes_ms": [[t, ...] per neuron]}`, the spike
times as Brian2's SpikeMonitor records them (the start of the step in which the threshold held).
Exit status 2 with one line for a file it cannot read.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brian2_engine import unit_named  # noqa: E402  (units looked up by name, never evaluated)

SCHEMA, VERSION = "synverify-population", 1
MAX_NEURONS = 100_000


def read(path):
    try:
        with open(path) as f:
            population = json.load(f)
    except (OSError, ValueError) as error:
        sys.exit(f"brian2_fi: {path}: cannot read: {' '.join(str(error).split())}")
    if not isinstance(population, dict) or population.get("schema") != SCHEMA:
        sys.exit(f"brian2_fi: {path}: not a SynVerify population file (schema '{SCHEMA}')")
    if population.get("schema_version") != VERSION:
        sys.exit(f"brian2_fi: {path}: population schema version {population.get('schema_version')!r} is not one "
                 f"this script reads ({VERSION})")
    sizes = {len(v["values"]) for v in population["per_neuron"].values()}
    if len(sizes) != 1 or not 0 < sizes.pop() <= MAX_NEURONS:
        sys.exit(f"brian2_fi: {path}: per-neuron arrays must have one length, 1 … {MAX_NEURONS}")
    return population


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: brian2_fi.py POPULATION.json SPIKES.json")
    population = read(sys.argv[1])
    import brian2
    from brian2 import NeuronGroup, SpikeMonitor, Network, defaultclock, prefs, second
    prefs.codegen.target = "numpy"
    brian2.seed(0)

    def quantity(entry):
        return entry["value"] * unit_named(entry["unit"])

    namespace = {name: quantity(entry) for name, entry in population["namespace"].items()}
    defaultclock.dt = population["dt_s"] * second
    count = len(next(iter(population["per_neuron"].values()))["values"])
    neurons = NeuronGroup(count, population["equations"], threshold=population["threshold"],
                          reset=population["reset"], method=population["method"], namespace=namespace)
    for name, entry in population["initial"].items():
        setattr(neurons, name, quantity(entry))
    for name, entry in population["per_neuron"].items():
        import numpy as np
        setattr(neurons, name, np.asarray(entry["values"]) * unit_named(entry["unit"]))
    spikes = SpikeMonitor(neurons)
    network = Network(neurons, spikes)
    network.run(population["duration_s"] * second, namespace=namespace)
    trains = spikes.spike_trains()
    with open(sys.argv[2], "w") as out:
        json.dump({"spikes_ms": [[float(t / second) * 1e3 for t in trains[i]] for i in range(count)]}, out)


if __name__ == "__main__":
    main()
