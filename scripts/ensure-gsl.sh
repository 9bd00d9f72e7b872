#!/usr/bin/env bash
# Installs GSL and pkg-config when `pkg-config --exists gsl` fails: apt-get on Debian/Ubuntu
# (through sudo when not root), Homebrew on macOS. Does nothing when GSL is already there.
set -euo pipefail

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsl; then
  exit 0
fi

echo "GSL or pkg-config not found: installing them" >&2
case "$(uname -s)" in
  Linux)
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "error: no apt-get; install GSL (>= 2.7) and pkg-config with your package manager" >&2
      exit 1
    fi
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libgsl-dev pkg-config >/dev/null
    ;;
  Darwin)
    if ! command -v brew >/dev/null 2>&1; then
      echo "error: Homebrew not found; install it, or GSL and pkg-config by hand" >&2
      exit 1
    fi
    brew install gsl pkg-config
    ;;
  *)
    echo "error: unsupported system $(uname -s); install GSL and pkg-config by hand" >&2
    exit 1
    ;;
esac

pkg-config --exists gsl || { echo "error: GSL still not visible to pkg-config" >&2; exit 1; }
