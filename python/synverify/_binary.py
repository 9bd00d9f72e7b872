"""Where the `synverify` program is, and running it: the package's one process boundary.

The wheel carries the program at `synverify/_bin/synverify` (built by `make wheel`: the release
binary with the Swift runtime linked statically and GSL bundled by auditwheel). `SYNVERIFY_BINARY`
names another one (a development build: `.build/debug/synverify`).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

TIMEOUT_S = 3600  # one call's limit: a verification that runs longer is stopped, never left hanging


class SynVerifyError(Exception):
    """Base class: bad input, with the command line's one-line message (`file:line:column: ...`)."""


class SpecError(SynVerifyError):
    """A spec (file, text or mapping) SynVerify cannot read or run."""


class TraceError(SynVerifyError):
    """Simulator output SynVerify cannot read: wrong shape, units, too few rows, gaps."""


def binary() -> str:
    """The program's path: $SYNVERIFY_BINARY, else the one inside the package."""
    named = os.environ.get("SYNVERIFY_BINARY")
    path = Path(named) if named else Path(__file__).with_name("_bin") / "synverify"
    if not path.is_file() or not os.access(path, os.X_OK):
        raise RuntimeError(
            f"synverify: the program {path} is missing or not executable "
            "(install the wheel, or set SYNVERIFY_BINARY to a build: .build/debug/synverify)")
    return str(path)


def run(arguments: list[str], error: type[SynVerifyError] = SpecError, verdicts: bool = False) -> str:
    """The program's standard output for `arguments`; its exit status 2 (bad input) raises `error`
    with its one-line message, any other failure a RuntimeError naming the status. With `verdicts`,
    status 1 is a verdict of FAIL (`synverify verify`), whose output is read like a pass's."""
    try:
        done = subprocess.run([binary(), *arguments], capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"synverify {' '.join(arguments[:2])}: no answer within {TIMEOUT_S} s") from None
    if done.returncode == 2:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "bad input"
        raise error(message.removeprefix("synverify: error: ").removeprefix("Error: "))
    if done.returncode != 0 and not (verdicts and done.returncode == 1 and done.stdout.strip()):
        raise RuntimeError(f"synverify exited with status {done.returncode}: {done.stderr.strip()[-500:]}")
    return done.stdout
