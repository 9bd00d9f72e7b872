#!/usr/bin/env bash
# make wheel-test: the wheel (dist/) installed into .venv-engines, which holds the pinned simulators,
# with pytest (python/requirements-build.txt's pin); python/tests run there with no Swift toolchain
# on the PATH and no C compiler (SYNVERIFY_CC names none, so spec right-hand sides run on the tape).
# Then the installed program must find GSL inside the wheel, not the system's.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-engines
wheel=$(ls dist/synverify-*.whl)
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
"$venv/bin/pip" install -q --disable-pip-version-check "$(grep '^pytest==' python/requirements-build.txt)"
program=$("$venv/bin/python" -c "import synverify, pathlib; print(pathlib.Path(synverify.__file__).with_name('_bin') / 'synverify')")
echo "installed: $program"
if ldd "$program" | grep -q "libgsl.*=> /usr"; then
  echo "the installed program links the system's GSL, not the wheel's:" >&2
  ldd "$program" | grep gsl >&2
  exit 1
fi
ldd "$program" | grep gsl
env -i HOME="${HOME:-/root}" PATH="$PWD/$venv/bin:/usr/bin:/bin" SYNVERIFY_CC=/nonexistent/cc LANG=C.UTF-8 \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider python/tests
