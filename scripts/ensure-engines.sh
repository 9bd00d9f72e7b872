#!/usr/bin/env bash
# Installs the outside simulators the engines run, pinned in engines/requirements.txt, into the
# project-local virtual environment .venv-engines when they are missing. When pip cannot install
# them, or one of them does not import, the reason goes into .venv-engines/INSTALL-FAILED, which
# the engine rows and tests report (a failed row naming it, never a silent pass). On a
# developer's machine that is a warning; with CI=true (CI's runs, the example workflow) it fails
# `make engines`: the pinned simulators are part of what CI tests.
set -uo pipefail
cd "$(dirname "$0")/.."
venv=.venv-engines
stamp="$venv/INSTALLED"
requirements=engines/requirements.txt

if [ -f "$stamp" ] && cmp -s "$stamp" "$requirements" && "$venv/bin/python" -c "import brian2, neuron, scipy.integrate, nest, brainpy, odetoolbox" 2>/dev/null; then
  exit 0
fi
rm -f "$venv/INSTALL-FAILED" "$stamp"
python=${PYTHON:-python3}
log=$(mktemp)
if ! "$python" -m venv "$venv" >"$log" 2>&1; then
  # Debian keeps the venv module in its own package.
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null 2>&1
  fi
  "$python" -m venv "$venv" >"$log" 2>&1
fi
echo "installing the engines' simulators into $venv: $(grep -v '^#' "$requirements" | tr '\n' ' ')" >&2
failed=""
if [ -x "$venv/bin/pip" ] && "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >>"$log" 2>&1; then
  # Each simulator on its own: one that does not import is named.
  for module in brian2 neuron scipy.integrate nest brainpy odetoolbox; do
    if ! "$venv/bin/python" -c "import $module" >>"$log" 2>&1; then
      failed="import $module failed: $(grep -v '^\s*$' "$log" | tail -1)"
      break
    fi
  done
else
  failed="pip: $(grep -v '^\s*$' "$log" | tail -1)"
fi
rm -f "$log"
if [ -z "$failed" ]; then
  cp "$requirements" "$stamp"
  exit 0
fi
mkdir -p "$venv"
echo "$failed" > "$venv/INSTALL-FAILED"
if [ "${CI:-}" = "true" ]; then
  echo "error: the engines' simulators could not be installed (CI=true): $failed" >&2
  exit 1
fi
echo "warning: the engines' simulators could not be installed: $failed" >&2
exit 0
