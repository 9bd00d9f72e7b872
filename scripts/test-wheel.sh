#!/usr/bin/env bash
# make wheel-test: a fresh virtual environment (.venv-wheel-test, made anew each run) holding the
# wheel (dist/), pytest and the pinned simulators the tests use (Brian2, NEST, NEURON and numpy at
# engines/requirements.txt's versions; pip takes them from its cache after make engines); then
# python/tests run there with no Swift toolchain on the PATH and no C compiler (SYNVERIFY_CC names
# none, so spec right-hand sides run on the tape). The installed program must find GSL inside the
# wheel, not the system's.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-wheel-test
wheel=$(ls dist/synverify-*.whl)
rm -rf "$venv"
"${PYTHON:-python3}" -m venv "$venv"
pins=$(grep -E '^(brian2|numpy|neuron|nest-simulator)==' engines/requirements.txt | tr '\n' ' ')
# shellcheck disable=SC2086
"$venv/bin/pip" install -q --disable-pip-version-check "$wheel" $pins "$(grep '^pytest==' python/requirements-build.txt)"
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
