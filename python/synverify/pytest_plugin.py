"""SynVerify's pytest plugin (entry point `pytest11`: synverify).

`pytest --synverify data/models` collects every spec file (`*.yaml` with `equations:`) under the
paths given as one test item per spec × method, named `exp.yaml::rk8pd`, and every suite file
(`entries:`) as one item per row, `suite.yaml::model::method`; a failing item shows the verdict's
reasons, and engine rows whose simulator is not importable here are skipped, saying so. The fixture `synverify_assert` checks a user's own simulation:

    def test_my_synapse(synverify_assert):
        ...                                   # run Brian2, NEST or NEURON
        synverify_assert("models/exp.yaml", state_monitor)
"""
from __future__ import annotations

import pytest

from . import Result, SynVerifyError, compare, verify


def pytest_addoption(parser):
    group = parser.getgroup("synverify")
    group.addoption("--synverify", action="store_true", default=False,
                    help="collect SynVerify spec files (*.yaml) under the given paths: one test per spec × method")


def pytest_collect_file(file_path, parent):
    if not parent.config.getoption("synverify") or file_path.suffix not in (".yaml", ".yml"):
        return None
    lines = file_path.read_text(encoding="utf-8", errors="replace").splitlines()
    if any(line.startswith("equations:") for line in lines):
        return SpecFile.from_parent(parent, path=file_path)
    if any(line.startswith("entries:") for line in lines):
        return SuiteFile.from_parent(parent, path=file_path)
    return None  # neither a spec nor a suite (a CI file, a config)


class SpecFile(pytest.File):
    """A spec file: one item per method it lists, verified in one run of the program."""

    def collect(self):
        try:
            results = verify(str(self.path))
        except SynVerifyError as error:
            yield SpecItem.from_parent(self, name="spec", result=None, error=str(error))
            return
        for result in results:
            yield SpecItem.from_parent(self, name=str(result.method), result=result, error=None)


# The Python module each engine shipped in SynVerify's engines/ runs.
ENGINE_MODULES = {"brian2": "brian2", "nest": "nest", "neuron": "neuron", "scipy": "scipy", "brainpy": "brainpy",
                  "odetoolbox": "odetoolbox"}


class SuiteFile(pytest.File):
    """A suite file (`synverify report --suite`): one item per row, `model::method`. Its engine rows
    run only when every engine it names is importable here; otherwise the suite runs with
    `--no-engines` and those rows are skipped, naming the simulators that are missing."""

    def collect(self):
        import importlib.util
        import json
        import re
        import tempfile

        from ._binary import run
        names = sorted(set(re.findall(r"^\s*-?\s*engine:\s*(\w+)", self.path.read_text(), re.M)))
        missing = [n for n in names if n in ENGINE_MODULES and importlib.util.find_spec(ENGINE_MODULES[n]) is None]
        with tempfile.TemporaryDirectory(prefix="synverify-suite-") as directory:
            output = f"{directory}/report"  # a new directory: report writes only into its own
            arguments = ["report", "--suite", str(self.path), "--output", output, "--quiet", "--jobs", "2"]
            try:
                run(arguments + (["--no-engines"] if missing else []))
            except SynVerifyError as error:
                yield SpecItem.from_parent(self, name="suite", result=None, error=str(error))
                return
            with open(f"{output}/results.json", encoding="utf-8") as f:
                rows = json.load(f)["results"]
        for row in rows:
            engine = row["method"].split(":")[0] if ":" in row["method"] else None
            skip = f"not run: {', '.join(missing)} not importable here" if engine and missing else None
            yield SuiteItem.from_parent(self, name=f"{row['model']}::{row['method']}", row=row, skip=skip)


class VerdictItem(pytest.Item):
    """An item whose failure is a verdict: shown as `label: reasons`, located at its file."""

    @property
    def label(self) -> str:
        return f"{self.path.name}::{self.name}"

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, SynVerifyFailure):
            return f"{self.label}: {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


class SuiteItem(VerdictItem):
    def __init__(self, *, row: dict, skip: str | None, **kwargs):
        super().__init__(**kwargs)
        self.row, self.skip = row, skip

    def runtest(self):
        if self.skip:
            pytest.skip(self.skip)
        reasons = self.row.get("reasons") or []
        if reasons and reasons[0].startswith("skipped:"):
            pytest.skip(reasons[0])
        if not self.row["passed"]:
            raise SynVerifyFailure("; ".join(reasons) or "FAIL")


class SynVerifyFailure(Exception):
    """A verdict of FAIL, with its reasons."""


class SpecItem(VerdictItem):
    def __init__(self, *, result: Result | None, error: str | None, **kwargs):
        super().__init__(**kwargs)
        self.result, self.error = result, error

    def runtest(self):
        if self.error is not None:
            raise SynVerifyFailure(self.error)
        if self.result.data.get("verdict") == "not applicable":
            pytest.skip("; ".join(self.result.reasons))
        if not self.result.passed:
            raise SynVerifyFailure("; ".join(self.result.reasons) or "FAIL")

    @property
    def label(self) -> str:
        return f"{self.path.name} with {self.name}"


def assert_verified(spec, trace, **options) -> Result:
    """`compare(spec, trace, **options)`, failing the test with the verdict's reasons unless it passes."""
    result = compare(spec, trace, **options)
    if not result.passed:
        pytest.fail(f"{result.model} with {result.method}: FAIL: " + "; ".join(result.reasons), pytrace=False)
    return result


@pytest.fixture
def synverify_assert():
    """`assert_verified`: hold a simulation's trace against a spec inside a test."""
    return assert_verified
