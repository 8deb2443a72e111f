#!/usr/bin/env bash
# Keep notebook outputs out of git: nbstripout as the clean filter (and diff view) of *.ipynb,
# with the options in nbstripout.args beside this script (stable cell ids, no kernel details).
#   bash engine/scripts/git-filters.sh [PYTHON]      (default: .venv/bin/python)
# Run in the repository whose notebooks it filters (default: this one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${1:-$PWD/.venv/bin/python}"
"$python" -m nbstripout --install
strip="\"$python\" -m nbstripout"
git config filter.nbstripout.clean "$strip $(cat "$here/nbstripout.args")"
git config diff.ipynb.textconv "$strip -t $(cat "$here/nbstripout.args")"
