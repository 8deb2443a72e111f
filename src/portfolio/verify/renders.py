"""Fresh copies of the project and real Quarto renders of them (tests and benchmarks)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
#: What a fresh copy of the project leaves out (installed or generated files).
COPY_IGNORE = shutil.ignore_patterns(
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
    """A fresh copy of the project (sources only) at ``target``, sharing ``node_modules``."""
    shutil.copytree(source, target, ignore=COPY_IGNORE, symlinks=True)
    (target / "node_modules").symlink_to(source / "node_modules")
    return target


def quarto_render(
    project: Path, python: str = sys.executable, args: Sequence[str] = ()
) -> subprocess.CompletedProcess:
    """Run ``quarto render [args]`` (from PATH) in ``project`` with ``python`` for the pages."""
    env = {**os.environ, "QUARTO_PYTHON": python}
    return subprocess.run(
        ["quarto", "render", *args], cwd=project, env=env, capture_output=True, text=True
    )
