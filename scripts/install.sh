#!/usr/bin/env bash
# Install everything the project needs, from nothing: Debian's chromium (browser tests),
# a virtual environment with the package and its test tools, and the npm assets.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
npm ci --no-audit --no-fund --loglevel=error
echo "Installed: .venv (Python $(.venv/bin/python -c 'import sys; print(sys.version.split()[0])')), node_modules, $(chromium --version)"
