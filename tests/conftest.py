"""Shared fixtures: the real data, writable copies of it, and the real render of the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from portfolio.load import load_portfolio
from portfolio.models import Portfolio
from portfolio.project import project_copy
from portfolio.project import quarto_render as render_project

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="session")
def portfolio() -> Portfolio:
    """The real career data, with "present" fixed to ``AS_OF``."""
    return load_portfolio(DATA, as_of=AS_OF)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/``."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Edit a data file in place; return the 1-based line where ``old`` was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def quarto_render(project: Path) -> Path:
    """Render ``project`` with the quarto on PATH and this Python; return its ``_site``.

    Without quarto the calling test is skipped on a developer's machine and fails in CI.
    """
    if shutil.which("quarto") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must render the site: put Quarto on PATH (see .ci/run)")
        pytest.skip("needs the quarto binary on PATH (../shared/tools/quarto on this team)")
    result = render_project(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "_site"


def git_snapshot(project: Path) -> Path:
    """Make ``project`` a git repository with the notebook filter, everything committed."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    subprocess.run(
        ["bash", "scripts/git-filters.sh", sys.executable],
        cwd=project,
        check=True,
        capture_output=True,
    )
    git("add", "-A")
    git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "copy")
    return project


@pytest.fixture(scope="session")
def rendered_project(tmp_path_factory) -> Path:
    """A fresh copy of the project, committed to its own git repository, then rendered."""
    project = git_snapshot(project_copy(tmp_path_factory.mktemp("render") / "project"))
    quarto_render(project)
    return project


@pytest.fixture(scope="session")
def rendered_site(rendered_project) -> Path:
    """The rendered site of that copy (the working tree is left as it is)."""
    return rendered_project / "_site"
