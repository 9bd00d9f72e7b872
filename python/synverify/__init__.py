"""SynVerify for Python: hold simulations of synaptic and neuron models against their closed forms.

    import synverify
    result = synverify.compare("data/models/exp.yaml", state_monitor)   # a Brian2 StateMonitor
    assert result.passed, result.reasons

Every function runs the `synverify` program the wheel carries (no Swift toolchain or C compiler
is needed: without a compiler, spec right-hand sides run on SynVerify's expression tape). Bad input
raises `SpecError` or `TraceError` with the program's one-line message.
"""
from __future__ import annotations

import json
from importlib import metadata

from ._binary import SpecError, SynVerifyError, TraceError, run
from ._inputs import SPEC_NAME, columns, spec_path, trace_file
from ._result import Result

try:
    __version__ = metadata.version("synverify")  # the wheel's, from Sources/synverify/Version.swift
except metadata.PackageNotFoundError:  # a source checkout: ask the program
    __version__ = "unknown"

__all__ = ["Result", "SpecError", "SynVerifyError", "TraceError", "compare", "convergence", "problem", "verify",
           "__version__"]


def _json(arguments: list[str], name: str, path: str, error=SpecError):
    try:
        return json.loads(run(arguments, error, verdicts=arguments[0] == "verify"))
    except SynVerifyError as failure:
        raise type(failure)(str(failure).replace(path, name)) from None


def problem(spec) -> dict:
    """The spec as a problem another simulator can run (`synverify problem`): equations in Brian2's
    syntax with SI units, inputs, spikes, threshold, sample times (ms) and expected values."""
    with spec_path(spec) as (path, name):
        return _json(["problem", path], name, path)


def verify(spec, methods: list[str] | None = None, eps: float | None = None) -> list[Result]:
    """One Result per method: the spec's own `methods` by default, or `methods` given as GSL
    steppers (`rk8pd`, `rkf45`, ...; run at `eps`, default 1e-10) and simulator methods at a step
    (`rk4@0.1ms`, `euler@0.05ms`, `exact@0.1ms`)."""
    with spec_path(spec) as (path, name):
        if methods is None:
            arguments = ["verify", path, "--json"] + (["--eps", repr(eps)] if eps is not None else [])
            return [Result(r) for r in _json(arguments, name, path)]
        results = []
        for method in methods:
            stepper, _, step = method.partition("@")
            arguments = ["compare", path, "--method", stepper, "--json"]
            arguments += ["--dt", step] if step else (["--eps-abs", repr(eps), "--eps-rel", repr(eps)] if eps else [])
            results.append(Result(_json(arguments, name, path)))
        return results


def compare(spec, trace, *, spikes=None, units=None, names=None, index: int = 0, label: str = "trace") -> Result:
    """A simulation's trace against the spec. `trace`: a Brian2 StateMonitor (units from its
    quantities; `index`: which recorded neuron), a NEST multimeter's `events` (time under
    `times`, in ms; `names={"v": "V_m"}` maps the spec's variables to NEST's), a mapping of name →
    NEURON Vector or array, or a 2-D array (time, then the variables in the spec's order). Plain
    numbers are in the spec's internal units (ms, mV, nS, pA) unless `units` states them per name
    (`{"t": "s"}`). `spikes`: the spike times (a Brian2 SpikeMonitor's `t`, NEST's spike recorder's
    `events["times"]` in ms); `label` names the source in the Result."""
    with spec_path(spec) as (path, name):
        variables = [v["name"] for v in problem(path)["variables"]]
        header, data = columns(trace, variables, units, index, names)
        with trace_file(header, data, getattr(spikes, "t", spikes)) as file:
            arguments = ["compare", path, "--trace", file, "--json"]
            try:
                result = Result(json.loads(run(arguments, TraceError)))
                result.method = label  # the program names the temporary file
                return result
            except SynVerifyError as failure:
                text = str(failure).replace(file, "<trace>").replace(path, name)
                kind = TraceError if "<trace>" in text else SpecError
                raise kind(text) from None


def convergence(spec, traces: dict) -> list[Result]:
    """`compare` for each step (ms) → trace, in increasing step order, each Result's `order` the
    slope of log error on log step between it and the next finer step."""
    import math
    steps = sorted(traces)
    results = [compare(spec, traces[dt]) for dt in steps]
    for k in range(1, len(steps)):
        fine, coarse = results[k - 1].max_error, results[k].max_error
        if fine and coarse and fine > 0 and coarse > 0:
            results[k].order = math.log(coarse / fine) / math.log(steps[k] / steps[k - 1])
    return results
