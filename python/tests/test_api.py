"""synverify's Python API on real simulator runs. Expected values are written by hand here."""
import math
import re
import subprocess
import sys

import numpy as np
import pytest

import synverify
from conftest import MODELS, ROOT


def test_one_version_everywhere():
    # The version is written once, in Sources/synverify/Version.swift.
    written = re.search(r'let synverifyVersion = "([^"]+)"', (ROOT / "Sources/synverify/Version.swift").read_text())
    program = subprocess.run(["synverify", "--version"], capture_output=True, text=True, check=True)
    assert synverify.__version__ == written.group(1) == program.stdout.strip()


def test_problem_and_verify():
    problem = synverify.problem(MODELS / "exp.yaml")
    assert problem["schema_version"] == 2 and [v["name"] for v in problem["variables"]] == ["g"]
    results = synverify.verify(MODELS / "exp.yaml", methods=["rk4@0.1ms", "euler@0.1ms"])
    assert [r.method for r in results] == ["rk4", "euler"] and all(results)


def exp_closed_form(t_ms):
    # exp.yaml by hand: g = 5 nS · e^(−t/2 ms).
    return 5 * np.exp(-t_ms / 2)


def test_arrays_with_and_without_units():
    t = np.arange(0, 50.0001, 0.1)
    assert synverify.compare(MODELS / "exp.yaml", {"t": t, "g": exp_closed_form(t)}).passed
    si = np.column_stack([t * 1e-3, exp_closed_form(t) * 1e-9])
    assert synverify.compare(MODELS / "exp.yaml", si, units={"t": "second", "g": "siemens"}).passed
    wrong = synverify.compare(MODELS / "exp.yaml", {"t": t, "g": 1.02 * exp_closed_form(t)})
    assert not wrong.passed and wrong.reasons[0].startswith("wrong trajectory")
    assert "FAIL" in wrong._repr_markdown_() and "<table>" in wrong._repr_html_()


def test_brian2_state_monitor():
    brian2 = pytest.importorskip("brian2")
    brian2.prefs.codegen.target = "numpy"
    brian2.start_scope()
    brian2.defaultclock.dt = 0.1 * brian2.ms
    tau = 2 * brian2.ms  # noqa: F841 (Brian2 reads it from this namespace)
    group = brian2.NeuronGroup(1, "dg/dt = -g/tau : siemens", method="exact")
    group.g = 5 * brian2.nS
    monitor = brian2.StateMonitor(group, "g", record=0)
    brian2.run(50.05 * brian2.ms)
    result = synverify.compare(MODELS / "exp.yaml", monitor, label="brian2")
    assert result.passed and result.method == "brian2" and result.max_error < 1e-12
    tau = 2.2 * brian2.ms  # noqa: F841 — a wrong time constant fails
    brian2.start_scope()
    group = brian2.NeuronGroup(1, "dg/dt = -g/tau : siemens", method="exact")
    group.g = 5 * brian2.nS
    monitor = brian2.StateMonitor(group, "g", record=0)
    brian2.run(50.05 * brian2.ms)
    assert not synverify.compare(MODELS / "exp.yaml", monitor).passed


def test_nest_dc_neuron():
    # NEST's DC test (nest-dc.yaml): iaf_psc_exp_ps, rest 0 mV, C 250 pF, tau 10 ms, I_e 1000 pA,
    # V_th 15 mV, t_ref 2 ms; first spike 10·ln(1.6) ms by hand.
    nest = pytest.importorskip("nest")
    nest.ResetKernel()
    nest.resolution = 0.1
    neuron = nest.Create("iaf_psc_exp_ps", params={
        "C_m": 250.0, "tau_m": 10.0, "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0, "V_th": 15.0, "t_ref": 2.0,
        "I_e": 1000.0})
    meter = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.1})
    spikes = nest.Create("spike_recorder")
    nest.Connect(meter, neuron)
    nest.Connect(neuron, spikes)
    nest.Simulate(22.0)
    events = meter.events
    keep = events["times"] <= 20.0 + 1e-9
    # NEST records from the end of the first step: the row at 0 ms is the initial state.
    trace = {"times": np.concatenate([[0.0], events["times"][keep]]),
             "V_m": np.concatenate([[0.0], events["V_m"][keep]])}
    times = spikes.events["times"]
    result = synverify.compare(MODELS / "nest-dc.yaml", trace, names={"V": "V_m"}, spikes=times[times <= 20])
    assert abs(times[0] - 10 * math.log(1.6)) < 1e-9
    assert result.passed, result.reasons


def test_neuron_expsyn():
    # NEURON's ExpSyn with tau 2 ms and a 5 nS (0.005 uS) event at 0 ms: exp.yaml.
    neuron = pytest.importorskip("neuron")
    h = neuron.h
    h.load_file("stdrun.hoc")
    section = h.Section(name="soma")
    synapse = h.ExpSyn(section(0.5))
    synapse.tau = 2
    connection = h.NetCon(None, synapse)
    connection.weight[0] = 0.005
    handler = h.FInitializeHandler(lambda: connection.event(0))  # noqa: F841 (kept alive)
    h.dt = 0.025
    g = h.Vector().record(synapse._ref_g, 0.1)
    t = h.Vector().record(h._ref_t, 0.1)
    h.finitialize(-65)
    h.continuerun(50.1)
    n = 501
    result = synverify.compare(MODELS / "exp.yaml", {"t": np.asarray(t)[:n], "g": np.asarray(g)[:n]},
                               units={"g": "uS"}, label="neuron")
    assert result.passed, result.reasons


def test_errors_are_one_line():
    with pytest.raises(synverify.SpecError, match=r"^<spec>:3:14: unknown identifier 'tau'"):
        synverify.problem("name: x\nequations: |\n  dg/dt = -g/tau : nS\nt_end: 1 ms\n")
    t = np.array([0.0, 0.1, 0.2])
    with pytest.raises(synverify.TraceError, match=r"^<trace>: the trace ends at 0.2 ms"):
        synverify.compare(MODELS / "exp.yaml", {"t": t, "g": exp_closed_form(t)})
    with pytest.raises(synverify.TraceError, match="no column 'g' for the spec's variable 'g'"):
        synverify.compare(MODELS / "exp.yaml", {"t": t, "x": t})


def test_pytest_plugin(tmp_path):
    # The plugin collects exp.yaml as one item per listed method; a spec whose closed form is
    # wrong (tau 3 ms against the equation's 2 ms) fails with the verdict's reason.
    wrong = (MODELS / "exp.yaml").read_text().replace("closed_form:\n  g: w*exp(-t/tau)", "closed_form:\n  g: w*exp(-t/(1.5*tau))")
    assert wrong != (MODELS / "exp.yaml").read_text()
    (tmp_path / "wrong.yaml").write_text(wrong)
    good = subprocess.run([sys.executable, "-m", "pytest", "-q", "--synverify", str(MODELS / "exp.yaml")],
                          capture_output=True, text=True)
    assert good.returncode == 0 and re.search(r"\b3 passed", good.stdout), good.stdout
    bad = subprocess.run([sys.executable, "-m", "pytest", "-q", "--synverify", str(tmp_path / "wrong.yaml")],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "wrong trajectory" in bad.stdout, bad.stdout


def test_the_docs_example_runs_as_shown():
    # docs/python.md's Brian2 example, run as written from the repository root: it passes and prints
    # the line its comment shows.
    pytest.importorskip("brian2")
    text = (ROOT / "docs/python.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    shown = re.search(r"print\(result\)\s+# (.*)", code).group(1).strip()
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert shown in run.stdout.splitlines(), run.stdout


def test_pytest_plugin_suites(tmp_path):
    # A suite of the exponential synapse with SynVerify's euler and Brian2's rk4 (an engine row):
    # Brian2 is importable here, so both rows run and pass. The same suite with a BrainPy row, where
    # BrainPy is not installed (this venv holds Brian2, NEST and NEURON), skips the engine row and
    # names BrainPy.
    entry = """  - spec: {spec}
    engine: {engine}
    command: [{python}, {program}]
    methods: [{method}]
    step_ladder: [0.2, 0.1]
"""
    head = f"schema_version: 1\nentries:\n  - spec: {MODELS / 'exp.yaml'}\n    methods: [euler]\n    step_ladder: [0.2, 0.1]\n"
    for name, engine, method, expected in [("brian2", "brian2", "rk4", r"\b2 passed"),
                                           ("brainpy", "brainpy", "rk4", r"\b1 passed, 1 skipped")]:
        if engine == "brainpy" and __import__("importlib").util.find_spec("brainpy") is not None:
            continue  # only where BrainPy is missing
        suite = tmp_path / f"{name}.yaml"
        suite.write_text(head + entry.format(spec=MODELS / "exp.yaml", engine=engine, python=sys.executable,
                                             program=ROOT / f"engines/{engine}_engine.py", method=method))
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "--synverify", str(suite)],
                             capture_output=True, text=True)
        assert run.returncode == 0 and re.search(expected, run.stdout), run.stdout
        if engine == "brainpy":
            assert "not run: brainpy not importable here" in run.stdout, run.stdout


def test_pytest_plugin_failing_suite_row(tmp_path):
    # The catalogue's AMPA with Euler over [0.2, 0.1] ms: its transmitter pulse of 0.8 ms switches
    # inside the steps, so the measured order is not Euler's 1 and the row fails, with that reason.
    suite = tmp_path / "ampa.yaml"
    suite.write_text("schema_version: 1\nentries:\n  - model: ampa\n    methods: [euler]\n    step_ladder: [0.2, 0.1]\n")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "--synverify", str(suite)], capture_output=True, text=True)
    assert run.returncode == 1 and "ampa::euler" in run.stdout and "convergence order" in run.stdout, run.stdout


def test_pytest_plugin_over_the_repository_specs():
    # Every spec in data/models: the correct ones pass and the seed's known-wrong variants count as
    # passing when caught (the program's `holds`); nothing fails.
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "--synverify", str(MODELS)],
                         capture_output=True, text=True)
    assert run.returncode == 0 and re.search(r"\b\d{2,} passed", run.stdout), run.stdout[-3000:]
    wrong = synverify.verify(MODELS / "exp-seed-sign.yaml")[0]
    assert wrong.passed and wrong.known_wrong and wrong.data["verdict"] == "fail"
