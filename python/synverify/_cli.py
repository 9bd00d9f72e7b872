"""`synverify` on the PATH of a virtual environment: the program the wheel carries, with the
arguments and exit status unchanged."""
import os
import sys

from ._binary import binary


def main() -> None:
    path = binary()
    os.execv(path, [path, *sys.argv[1:]])
