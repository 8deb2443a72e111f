#!/usr/bin/env bash
# Keep notebook outputs out of git: nbstripout as the clean filter (and diff view) of *.ipynb,
# with the options in scripts/nbstripout.args (stable cell ids, no kernel details).
#   bash scripts/git-filters.sh [PYTHON]      (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${1:-$PWD/.venv/bin/python}"
"$python" -m nbstripout --install
strip="\"$python\" -m nbstripout"
git config filter.nbstripout.clean "$strip $(cat scripts/nbstripout.args)"
git config diff.ipynb.textconv "$strip -t $(cat scripts/nbstripout.args)"
