"""SynVerify's pytest plugin (entry point `pytest11`: synverify).

`pytest --synverify data/models` collects every spec file (`*.yaml` with `equations:`) under the
paths given as one test item per spec × method, named `exp.yaml::rk8pd`; a failing item shows the
verdict's reasons. The fixture `synverify_assert` checks a user's own simulation:

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
    text = file_path.read_text(encoding="utf-8", errors="replace")
    if not any(line.startswith("equations:") for line in text.splitlines()):
        return None  # not a spec (a suite, a CI file)
    return SpecFile.from_parent(parent, path=file_path)


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


class SynVerifyFailure(Exception):
    """A verdict of FAIL, with its reasons."""


class SpecItem(pytest.Item):
    def __init__(self, *, result: Result | None, error: str | None, **kwargs):
        super().__init__(**kwargs)
        self.result, self.error = result, error

    def runtest(self):
        if self.error is not None:
            raise SynVerifyFailure(self.error)
        if not self.result.passed:
            raise SynVerifyFailure("; ".join(self.result.reasons) or "FAIL")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, SynVerifyFailure):
            return f"{self.path.name} with {self.name}: {excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


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
