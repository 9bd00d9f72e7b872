"""Turning what a user has into files the `synverify` program reads: a spec (a path, YAML text or a
mapping) and a trace (a Brian2 StateMonitor, a NEST multimeter's events, NEURON Vectors, numpy
arrays or a mapping of name → array)."""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from ._binary import TraceError

SPEC_NAME = "<spec>"


@contextlib.contextmanager
def spec_path(spec) -> Iterator[tuple[str, str]]:
    """(path, name in messages) of `spec`: an existing file, YAML text, or a mapping (written as JSON,
    which is YAML)."""
    if isinstance(spec, os.PathLike) or (isinstance(spec, str) and "\n" not in spec and spec.endswith((".yaml", ".yml"))):
        yield str(spec), str(spec)
        return
    if isinstance(spec, Mapping):
        text = json.dumps(spec)
    elif isinstance(spec, str):
        text = spec
    else:
        raise TypeError(f"spec: expected a path, YAML text or a mapping, got {type(spec).__name__}")
    with tempfile.TemporaryDirectory(prefix="synverify-") as directory:
        path = Path(directory) / "spec.yaml"
        path.write_text(text, encoding="utf-8")
        yield str(path), SPEC_NAME


def _array(values, what: str):
    import numpy as np
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TraceError(f"trace: {what} is not numeric") from None
    return array


def _quantity(values, what: str) -> tuple[object, str | None]:
    """(SI values, SI unit name) of a Brian2 quantity, or (values, None) for plain numbers."""
    dim = getattr(values, "dim", None)
    if dim is None:
        return _array(values, what), None
    from brian2.units.fundamentalunits import DIMENSIONLESS, get_unit
    unit = "1" if dim is DIMENSIONLESS else repr(get_unit(dim))
    return _array(values, what), unit


def columns(trace, variables: list[str], units: Mapping[str, str] | None, index: int,
            names: Mapping[str, str] | None) -> tuple[list[str], list[object]]:
    """The trace as CSV header names (with units) and columns: time first, then `variables`.

    - a Brian2 StateMonitor (`t` and recorded variables as quantities: units from them; `index`
      picks the recorded neuron or synapse);
    - a mapping name → array (NEST's `multimeter.events`: time under `times`; NEURON's Vectors):
      time under `t`, `times` or `time`; `names` maps spec variable → the mapping's key (V_m);
    - a 2-D array: time in column 0, then the variables in the spec's order.
    Plain numbers are in the spec's internal units (ms, mV, nS, pA) unless `units` states one per
    column name (`{"t": "s", "g": "nS"}`)."""
    units = dict(units or {})
    names = dict(names or {})
    if hasattr(trace, "record_variables") and hasattr(trace, "t"):  # a Brian2 StateMonitor
        data = {"t": trace.t}
        for v in variables:
            key = names.get(v, v)
            if key not in trace.record_variables:
                raise TraceError(f"trace: the StateMonitor does not record '{key}' (it records "
                                 f"{', '.join(trace.record_variables)})")
            values = getattr(trace, key)
            data[v] = values[index] if getattr(values, "ndim", 1) == 2 else values
        return _named(data, ["t", *variables], units)
    if isinstance(trace, Mapping):
        time = next((k for k in ("t", "times", "time") if k in trace), None)
        if time is None:
            raise TraceError("trace: the mapping has no time ('t', 'times' or 'time')")
        if "senders" in trace and len(set(_array(trace["senders"], "senders").tolist())) > 1:
            raise TraceError("trace: the events come from several neurons; pass one neuron's (senders)")
        data = {"t": trace[time]}
        for v in variables:
            key = names.get(v, v)
            if key not in trace:
                raise TraceError(f"trace: no column '{key}' for the spec's variable '{v}' "
                                 f"(has {', '.join(map(str, trace))}; map names with names={{'{v}': ...}})")
            data[v] = trace[key]
        if time in units and "t" not in units:
            units["t"] = units.pop(time)
        return _named(data, ["t", *variables], units)
    array = _array(trace, "the array")
    if array.ndim != 2 or array.shape[1] < 2:
        raise TraceError(f"trace: expected a 2-D array with time then the variables as columns, got shape {array.shape}")
    data = {"t": array[:, 0], **{v: array[:, k + 1] for k, v in enumerate(variables[: array.shape[1] - 1])}}
    return _named(data, list(data), units)


def _named(data, order, units):
    header, columns_ = [], []
    for name in order:
        values, unit = _quantity(data[name], name)
        if values.ndim != 1:
            raise TraceError(f"trace: '{name}' has shape {values.shape}; expected one value per time")
        stated = units.get(name)
        if unit is not None and stated is not None:
            raise TraceError(f"trace: '{name}' carries its unit ({unit}); do not state one")
        unit = unit or stated
        header.append(f"{name} [{unit}]" if unit else name)
        columns_.append(values)
    lengths = {len(c) for c in columns_}
    if len(lengths) != 1:
        raise TraceError(f"trace: columns of different lengths {sorted(lengths)}")
    return header, columns_


@contextlib.contextmanager
def trace_file(header: list[str], columns_: list[object], spikes=None) -> Iterator[str]:
    """A CSV of the columns (full precision) and, with `spikes` (ms or a quantity), TRACE.spikes."""
    import numpy as np
    with tempfile.TemporaryDirectory(prefix="synverify-") as directory:
        path = Path(directory) / "trace.csv"
        table = np.column_stack(columns_)
        with open(path, "w", encoding="utf-8") as out:
            out.write(",".join(header) + "\n")
            np.savetxt(out, table, delimiter=",", fmt="%.17g")
        if spikes is not None:
            values, unit = _quantity(spikes, "spikes")
            scale = 1e3 if unit == "second" else 1.0
            if unit not in (None, "second"):
                raise TraceError(f"trace: spikes in {unit}; expected times")
            with open(str(path) + ".spikes", "w", encoding="utf-8") as out:
                out.write("t [ms]\n" + "".join(f"{t * scale!r}\n" for t in values.tolist()))
        yield str(path)
