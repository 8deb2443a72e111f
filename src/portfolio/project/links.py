"""Binder, download and source links for a notebook, all derived from one setting.

The setting is ``website.repo-url`` (``https://github.com/OWNER/REPO``) with
``website.repo-branch`` (default ``main``) in the project's ``_quarto.yml``, so a fork
that changes those two lines gets working links on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import yaml

QUARTO_FILE = "_quarto.yml"
BINDER = "https://mybinder.org/v2/gh"
_GITHUB_URL = re.compile(
    r"^https://github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)"
    r"/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


class LinkError(ValueError):
    """The project's repository setting is missing or unusable, or a path is outside it."""

    def _render_traceback_(self) -> list[str]:
        """IPython and Jupyter show this instead of a traceback."""
        return [f"LinkError: {self}"]


@dataclass(frozen=True)
class RepoSettings:
    """Where the project lives on GitHub."""

    owner: str
    repo: str
    branch: str
    url: str


@dataclass(frozen=True)
class PageLinks:
    """Links for one notebook: run it on Binder, download it, view its source."""

    binder: str
    download: str
    source: str


def project_root(start: Path | str | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) that holds ``_quarto.yml``."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / QUARTO_FILE).is_file():
            return folder
    raise LinkError(f"no {QUARTO_FILE} in {here} or any folder above it; run inside the project")


def _website(root: Path | str | None) -> tuple[Path, dict]:
    """``_quarto.yml``'s path and its ``website`` section."""
    path = Path(root or project_root()) / QUARTO_FILE
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LinkError(f"cannot read {path}: {exc}") from None
    website = config.get("website") if isinstance(config, dict) else None
    return path, website if isinstance(website, dict) else {}


def site_url(root: Path | str | None = None) -> str | None:
    """``website.site-url`` with a trailing slash, or None when it is not set."""
    url = str(_website(root)[1].get("site-url") or "").strip()
    return url.rstrip("/") + "/" if url else None


def page_url(page: Path | str, root: Path | str | None = None) -> str | None:
    """The published URL of a page (``research/x/index.ipynb`` -> ``<site-url>research/x/``)."""
    base = site_url(root)
    if base is None:
        return None
    path = PurePosixPath(Path(page).as_posix())
    html = "" if path.stem == "index" else path.with_suffix(".html").name
    folder = path.parent.as_posix()
    return base + ("" if folder == "." else folder + "/") + html


def repo_settings(root: Path | str | None = None) -> RepoSettings:
    """Owner, repository and branch from ``website.repo-url`` / ``website.repo-branch``."""
    path, website = _website(root)
    url = str(website.get("repo-url") or "").strip()
    if not url:
        raise LinkError(f"{path}: set website.repo-url to https://github.com/OWNER/REPO")
    match = _GITHUB_URL.match(url)
    if not match:
        raise LinkError(
            f"{path}: website.repo-url must look like https://github.com/OWNER/REPO, not {url!r}"
        )
    branch = str(website.get("repo-branch") or "main").strip()
    owner, repo = match["owner"], match["repo"]
    return RepoSettings(owner, repo, branch, f"https://github.com/{owner}/{repo}")


def page_links(notebook_path: Path | str, root: Path | str | None = None) -> PageLinks:
    """Links for the notebook at ``notebook_path`` (relative to the project root, or absolute)."""
    root = Path(root).resolve() if root else project_root()
    path = _relative_path(Path(notebook_path), root)
    settings = repo_settings(root)
    quoted_path = quote(path.as_posix(), safe="/")
    quoted_branch = quote(settings.branch, safe="/")
    binder_ref = f"{settings.owner}/{settings.repo}/{quote(settings.branch, safe='')}"
    return PageLinks(
        binder=f"{BINDER}/{binder_ref}?urlpath=lab/tree/{quoted_path}",
        download=f"{settings.url}/raw/{quoted_branch}/{quoted_path}",
        source=f"{settings.url}/blob/{quoted_branch}/{quoted_path}",
    )


def _relative_path(notebook: Path, root: Path) -> PurePosixPath:
    """The notebook's path inside ``root``; it must exist there."""
    absolute = (notebook if notebook.is_absolute() else root / notebook).resolve()
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        raise LinkError(f"{notebook} is not inside the project at {root}") from None
    if not absolute.is_file():
        raise LinkError(f"no notebook at {relative.as_posix()} in the project at {root}")
    return PurePosixPath(relative.as_posix())
