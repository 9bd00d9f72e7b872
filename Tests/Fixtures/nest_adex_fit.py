"""Prints, as JSON, the aeif_cond_exp parameters engines/nest_engine.py fits to a problem file
(argv[1]), and its input current I_e (pA) at the times (ms) in argv[2:]. Used by the NEST engine
test that holds them against the published AdEx values the spec writes by hand."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engines"))
from nest_engine import Model, adex_mapping  # noqa: E402

with open(sys.argv[1]) as source:
    parameters, current = adex_mapping(Model(json.load(source)))
parameters["I_e"] = [current(float(t)) for t in sys.argv[2:]]
print(json.dumps(parameters))
