"""Fresh copies of the project and real Quarto renders of them (tests and benchmarks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from portfolio.project.quarto import quarto_env

#: This repository: this person's site, with the engine's source in ``engine/``.
ROOT = Path(__file__).resolve().parents[4]
#: The engine's source tree (``node_modules`` of its checkers: axe-core, Lighthouse CI).
ENGINE_SOURCE = ROOT / "engine"
#: What a fresh copy of the site leaves out: the engine's source (the copy renders with the
#: installed engine) and installed or generated files.
COPY_IGNORE = shutil.ignore_patterns(
    "engine",
    ".venv",
    ".git",
    "node_modules",
    "_site",
    ".quarto",
    "_freeze",
    "_generated",
    "__pycache__",
    "_*.local",
)


def project_copy(target: Path, source: Path = ROOT) -> Path:
    """A fresh copy of the site (its sources only) at ``target``."""
    shutil.copytree(source, target, ignore=COPY_IGNORE, symlinks=True)
    return target


def quarto_render(
    project: Path, python: str = sys.executable, args: Sequence[str] = ()
) -> subprocess.CompletedProcess:
    """Run ``quarto render [args]`` (from PATH) in ``project`` with ``python`` for the pages."""
    return subprocess.run(
        ["quarto", "render", *args],
        cwd=project,
        env=quarto_env(python),
        capture_output=True,
        text=True,
    )
