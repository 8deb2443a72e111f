#!/usr/bin/env bash
# Install everything this repository needs, from nothing: Debian's chromium (browser tests),
# a virtual environment (.venv at the repository's root) with the engine from its source, its
# test tools and the author's (JupyterLab), the engine's npm files (plotly.js, Inter,
# PurgeCSS and the checkers), the Quarto CLI (when none is on PATH), and the git filter that
# keeps notebook outputs out of git.
set -euo pipefail
engine="$(cd "$(dirname "$0")" && pwd)"
cd "$engine/.."

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# npm first: the engine's build hook copies plotly.js and Inter from engine/node_modules.
(cd "$engine" && npm ci --no-audit --no-fund --loglevel=error)
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e "engine[test,dev]"   # dev: JupyterLab, the author's tools

# Quarto: the one on PATH, else PyPI's quarto-cli into .venv (it downloads the release).
if command -v quarto >/dev/null 2>&1; then
  quarto_note="quarto $(quarto --version) from PATH"
elif .venv/bin/python -m pip install -q quarto-cli >/dev/null 2>&1; then
  quarto_note="quarto $(.venv/bin/quarto --version) in .venv/bin"
else
  quarto_note="no Quarto: pip could not install quarto-cli (no access to its download); get it from quarto.org"
fi

# Quarto runs the pages and the render steps with this Python (read from this file).
echo "QUARTO_PYTHON=$PWD/.venv/bin/python" > _environment.local

# Quarto writes outputs and the kernel's details back into executed notebooks; git stores
# them stripped (and the post-render step refreshes git's view), so `git status` stays clean.
if [ -e .git ]; then
  .venv/bin/portfolio setup-git
fi

echo "Installed: .venv (Python $(.venv/bin/python -c 'import sys; print(sys.version.split()[0])')), engine/node_modules, $(chromium --version 2>/dev/null), $quarto_note"
