#!/usr/bin/env bash
# Installs the outside simulators the engines run (engines/requirements.txt: brian2 2.9.0,
# numpy < 2.4, neuron 9.0.2) into the project-local virtual environment .venv-engines when they
# are missing. Never fails the build: when pip cannot install them, pip's last error line goes
# into .venv-engines/INSTALL-FAILED, which the engine rows and tests report (a failed or skipped
# row naming it, never a silent pass).
set -uo pipefail
cd "$(dirname "$0")/.."
venv=.venv-engines
stamp="$venv/INSTALLED"
requirements=engines/requirements.txt

if [ -f "$stamp" ] && cmp -s "$stamp" "$requirements" && "$venv/bin/python" -c "import brian2, neuron" 2>/dev/null; then
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
echo "installing the engines' simulators into $venv (brian2 2.9.0, numpy<2.4, neuron 9.0.2)" >&2
if [ -x "$venv/bin/pip" ] && "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements" >>"$log" 2>&1 \
   && "$venv/bin/python" -c "import brian2, neuron" >>"$log" 2>&1; then
  cp "$requirements" "$stamp"
else
  mkdir -p "$venv"
  reason=$(grep -v '^\s*$' "$log" | tail -1)
  echo "${reason:-pip failed without a message}" > "$venv/INSTALL-FAILED"
  echo "warning: the engines' simulators could not be installed: $(cat "$venv/INSTALL-FAILED")" >&2
fi
rm -f "$log"
exit 0
