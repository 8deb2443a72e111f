"""After a render: ``git status`` stays clean for the notebooks Quarto executed in place.

Quarto writes outputs into every notebook it executes. The nbstripout filter
(``portfolio setup-git``) keeps them out of git, but git reports a file whose size
changed as modified until its index entry is refreshed. This re-adds exactly the notebooks
whose filtered content is what git already stores: nothing is staged, and a notebook with
real changes is left alone. Outside a git repository it does nothing.

    python -m portfolio.build.gitindex      (a post-render step in ``_quarto.yml``)
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from portfolio.build.context import build_context
from portfolio.exceptions import PortfolioError


class GitIndexError(PortfolioError):
    """git cannot be run, or refused: the index is left as it was."""


def _git(root: Path, *args: str, stdin: str | None = None) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, input=stdin, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        reason = (getattr(exc, "stderr", "") or str(exc)).strip().splitlines()
        raise GitIndexError(f"git index not refreshed: {reason[0] if reason else exc}") from None
    return result.stdout


def touched_notebooks(root: Path) -> set[str]:
    """Tracked notebooks whose file differs from its index entry by its stat data (size,
    time): those a render executed, or edited. git reads no content for this, and runs no
    filter, so a render that executed nothing costs no filter run."""
    return set(
        filter(None, _git(root, "diff-files", "--name-only", "-z", "--", "*.ipynb").split("\0"))
    )


def unchanged_notebooks(root: Path) -> list[str]:
    """Touched notebooks whose content, through git's filters, equals the index."""
    touched = sorted(touched_notebooks(root))
    if not touched:
        return []
    indexed = {}
    listed = _git(root, "--literal-pathspecs", "ls-files", "-s", "-z", "--", *touched)
    for line in filter(None, listed.split("\0")):
        meta, path = line.split("\t", 1)
        _mode, blob, stage = meta.split()
        if stage == "0" and (root / path).is_file():
            indexed[path] = blob
    if not indexed:
        return []
    paths = list(indexed)
    hashes = _git(root, "hash-object", "--stdin-paths", stdin="\n".join(paths) + "\n").split()
    return [path for path, blob in zip(paths, hashes, strict=True) if indexed[path] == blob]


def refresh(root: Path) -> list[str]:
    """Refresh git's index entries of the unchanged notebooks; return their paths."""
    if not (root / ".git").exists():
        return []
    unchanged = unchanged_notebooks(root)
    if unchanged:
        _git(root, "add", "--", *unchanged)  # same content: only the stat data is updated
    return unchanged


def main(environ: Mapping[str, str] | None = None) -> int:
    """Run after ``quarto render`` in the project of the render ``environ`` describes
    (default: this process's environment). An expected failure (``PortfolioError``: git
    missing or refusing) is reported in one line and does not fail the render: the site is
    written, only ``git status`` lists the executed notebooks. Anything else is a bug and
    shows its traceback."""
    try:
        refresh(build_context(environ).project)
    except PortfolioError as exc:
        print(exc.report("gitindex"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
