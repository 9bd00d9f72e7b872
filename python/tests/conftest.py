"""The package's tests run against the installed wheel (make wheel-test), in a virtual environment
with the pinned simulators, with no C compiler (SYNVERIFY_CC names none) and no Swift toolchain."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "data" / "models"


@pytest.fixture
def models():
    return MODELS
