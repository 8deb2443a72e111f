"""Binder, download and source links for a notebook, and the site's URL, all derived from
where the project lives on GitHub.

The repository is, first found: ``website.repo-url`` in ``_quarto.yml``; the repository a
GitHub Actions run works in (``GITHUB_REPOSITORY``); the ``origin`` remote of the project's
git checkout when it is on GitHub. ``website.repo-branch`` (default ``main``) names the
branch. The site URL is ``website.site-url``, else the repository's GitHub Pages address.
When neither is known the links that need them are left out, never written with a
placeholder (``portfolio check`` says what to set).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import yaml

from portfolio.exceptions import PortfolioError
from portfolio.yamlload import load_yaml

QUARTO_FILE = "_quarto.yml"
BINDER = "https://mybinder.org/v2/gh"
_GITHUB_URL = re.compile(
    r"^https://github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)"
    r"/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)
#: ``origin`` as git prints it: https, scp-like ssh or ssh URL forms.
_GITHUB_REMOTE = re.compile(
    r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<repo>[A-Za-z0-9._-]+?)"
    r"(?:\.git)?/?$"
)
_GITHUB_REPOSITORY = re.compile(r"^(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+)$")
UNSET_HINT = (
    "no repository or site URL known: set website.repo-url and website.site-url in "
    "_quarto.yml, or add a GitHub remote (git remote add origin https://github.com/OWNER/REPO)"
    "; until then the pages leave out 'Launch on Binder', 'View source', the feed, the "
    "sitemap and absolute social-card links"
)


class LinkError(PortfolioError):
    """The project's repository setting is missing or unusable, or a path is outside it."""


@dataclass(frozen=True)
class RepoSettings:
    """Where the project lives on GitHub."""

    owner: str
    repo: str
    branch: str
    url: str
    #: Where it was found: the setting, the environment variable, or the git remote.
    source: str = "website.repo-url"

    @property
    def pages_url(self) -> str:
        """The repository's GitHub Pages address (a ``<owner>.github.io`` repository is the
        owner's site at the root)."""
        host = f"{self.owner.lower()}.github.io"
        return f"https://{host}/" if self.repo.lower() == host else f"https://{host}/{self.repo}/"


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


def quarto_config(root: Path) -> dict:
    """The project's settings (``_quarto.yml``); ``LinkError`` when they cannot be read."""
    path = root / QUARTO_FILE
    try:
        config = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LinkError(f"cannot read {path}: {exc}") from None
    return config if isinstance(config, dict) else {}


def _website(root: Path | str | None) -> tuple[Path, dict]:
    """``_quarto.yml``'s path and its ``website`` section."""
    root = Path(root or project_root())
    website = quarto_config(root).get("website")
    return root / QUARTO_FILE, website if isinstance(website, dict) else {}


def site_url(root: Path | str | None = None) -> str | None:
    """``website.site-url`` with a trailing slash, else the repository's GitHub Pages
    address; None when neither is known."""
    url = str(_website(root)[1].get("site-url") or "").strip()
    if url:
        return url.rstrip("/") + "/"
    settings = repo_settings(root)
    return settings.pages_url if settings else None


def page_url(page: Path | str, root: Path | str | None = None) -> str | None:
    """The published URL of a page (``research/x/index.ipynb`` -> ``<site-url>research/x/``)."""
    base = site_url(root)
    if base is None:
        return None
    path = PurePosixPath(Path(page).as_posix())
    html = "" if path.stem == "index" else path.with_suffix(".html").name
    folder = path.parent.as_posix()
    return base + ("" if folder == "." else folder + "/") + html


def root_prefix(folder: Path, root: Path) -> str:
    """The relative link from ``folder`` up to ``root`` (a folder at or above it): ``"../"``
    per level, ``""`` at the root. A page in ``folder`` puts it before a site-root path."""
    return "../" * len(folder.relative_to(root).parts)


def repo_settings(root: Path | str | None = None) -> RepoSettings | None:
    """Owner, repository and branch (see the module's docstring for where they come
    from); None when no GitHub repository is known."""
    path, website = _website(root)
    branch = str(website.get("repo-branch") or "main").strip()
    url = str(website.get("repo-url") or "").strip()
    if url:
        match = _GITHUB_URL.match(url)
        if not match:
            raise LinkError(
                f"{path}: website.repo-url must look like https://github.com/OWNER/REPO, "
                f"not {url!r}"
            )
        source = "website.repo-url"
    elif match := _GITHUB_REPOSITORY.match(_actions_repository()):
        source = "GITHUB_REPOSITORY"
    elif match := _GITHUB_REMOTE.match(_origin(path.parent)):
        source = "git remote origin"
    else:
        return None
    owner, repo = match["owner"], match["repo"]
    return RepoSettings(owner, repo, branch, f"https://github.com/{owner}/{repo}", source)


def _actions_repository() -> str:
    """``owner/repo`` in a GitHub Actions run on github.com, else ""."""
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    return os.environ.get("GITHUB_REPOSITORY", "") if server == "https://github.com" else ""


def _origin(folder: Path) -> str:
    """The URL of the ``origin`` remote of the git checkout ``folder`` is in, else ""."""
    try:
        result = subprocess.run(
            ["git", "remote", "get-url", "origin"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def page_links(notebook_path: Path | str, root: Path | str | None = None) -> PageLinks | None:
    """Links for the notebook at ``notebook_path`` (relative to the project root, or
    absolute); None when no repository is known."""
    root = Path(root).resolve() if root else project_root()
    path = _relative_path(Path(notebook_path), root)
    settings = repo_settings(root)
    if settings is None:
        return None
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
