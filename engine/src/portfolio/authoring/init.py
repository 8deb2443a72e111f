"""``portfolio init DIR``: a new site, made from the engine's starter.

The site gets its settings (``_quarto.yml``), the section pages, ``data/`` with a fictional
researcher (labelled as such), one example post as a draft, ``binder/`` and the GitHub
workflows pinned to this engine's version, its own README and ``.gitignore``. Nothing of the
engine is copied into it: the theme, scripts and assets come from the installed engine at
each render (``portfolio.build.assets``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from portfolio.authoring.gitfilter import install_filter
from portfolio.authoring.new_page import new_post
from portfolio.build.assets import copy_engine_files
from portfolio.exceptions import PortfolioError
from portfolio.project.engine import RESOURCES, engine_version

STARTER = RESOURCES / "starter"
#: Starter names that stand for dot-files (kept plain in the package, renamed in the site).
DOT_PREFIX = "dot-"
#: The files in which ``@ENGINE_VERSION@`` becomes the installed engine's version.
VERSIONED = ("binder/requirements.txt", "README.md")
VERSION_MARK = "@ENGINE_VERSION@"
WELCOME = "Welcome to your new site"


class InitError(PortfolioError):
    """The target folder cannot take a new site (nothing was written)."""


def _site_name(relative: Path) -> Path:
    """The starter file's path in the site (``dot-github/...`` -> ``.github/...``)."""
    parts = [
        f".{part[len(DOT_PREFIX) :]}" if part.startswith(DOT_PREFIX) else part
        for part in relative.parts
    ]
    return Path(*parts)


def _copy_starter(target: Path) -> list[Path]:
    written = []
    for source in sorted(STARTER.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = _site_name(source.relative_to(STARTER))
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if relative.as_posix() in VERSIONED:
            text = source.read_text(encoding="utf-8")
            destination.write_text(text.replace(VERSION_MARK, engine_version()), "utf-8")
        else:
            shutil.copyfile(source, destination)
        written.append(destination)
    return written


def _git_repository(target: Path) -> None:
    """Make the site a git repository whose notebooks are stored without outputs (when
    git is installed and the folder is not inside a repository already)."""
    if shutil.which("git") is None:
        return
    inside = subprocess.run(
        ["git", "rev-parse", "--git-dir"], cwd=target, capture_output=True, check=False
    )
    if inside.returncode != 0:
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
        install_filter(target)


def init_site(target: Path, today: date | None = None) -> list[Path]:
    """Make a new site in ``target`` (absent or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} is not an empty folder: nothing was written")
    target.mkdir(parents=True, exist_ok=True)
    written = _copy_starter(target)
    post = new_post(
        WELCOME,
        ["news"],
        today or date.today(),
        "An example post: a notebook that loads the site's data. Edit it or delete it.",
        root=target,
    )
    local = target / "_environment.local"  # Quarto runs the pages with this Python
    local.write_text(f"QUARTO_PYTHON={sys.executable}\n", encoding="utf-8")
    _git_repository(target)
    return [*written, post, local, *copy_engine_files(target)]
