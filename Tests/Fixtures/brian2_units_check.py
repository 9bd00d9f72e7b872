#!/usr/bin/env python3
"""Holds every quantity a problem file exports against Brian2's own reading of the spec's text (a
test fixture): each parameter's `as_written` (SynVerify's "number unit" written as number*(unit)),
evaluated by Brian2 with the parameters before it, must equal si_value in si_unit, dimension and
value (1e-12 relative); so must the brian2 namespace entries. Prints one line per mismatch and
exits 1 if there is any.

Usage: brian2_units_check.py PROBLEM.json [PROBLEM.json ...]
"""
import json
import re
import sys


def main():
    import brian2
    from brian2.units.fundamentalunits import have_same_dimensions, Quantity
    names = {k: v for k, v in vars(brian2).items() if not k.startswith("_")}
    import os
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engines"))
    from brian2_engine import unit_named
    bad = []
    for path in sys.argv[1:]:
        with open(path) as f:
            problem = json.load(f)
        namespace = {}
        for p in problem["parameters"]:
            text = p["as_written"].strip()
            # SynVerify writes "0.98 1/(mM*ms)"; Brian2 writes 0.98*(1/(mM*ms)).
            match = re.fullmatch(r"([-+0-9.eE]+)\s+([A-Za-z1(].*)", text)
            expression = f"{match.group(1)}*({match.group(2)})" if match else text
            written = eval(expression, names, namespace)  # committed spec text, read as Brian2 reads it
            namespace[p["name"]] = written
            exported = p["si_value"] * unit_named(p["si_unit"])
            entry = problem["brian2"]["namespace"][p["name"]]
            in_namespace = entry["value"] * unit_named(entry["unit"])
            for what, value in [("si_value/si_unit", exported), ("brian2 namespace", in_namespace)]:
                same = have_same_dimensions(written, value)
                ratio = float(Quantity(written) / Quantity(value)) if same and float(Quantity(value)) != 0 else None
                zero = float(Quantity(value)) == 0 and float(Quantity(written)) == 0
                if not same or not (zero or (ratio is not None and abs(ratio - 1) <= 1e-12)):
                    bad.append(f"{path}: {p['name']} = {text}: Brian2 reads {written!r}, {what} is {value!r}")
    for line in bad:
        print(line)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
