"""The engine's own files that a site uses, and the site's overrides of them.

The installed package carries them under ``portfolio/resources/``:

- ``theme/``: the SCSS themes, the site's stylesheet and the HTML partials Quarto includes;
- ``assets/``: the scripts the pages load (charts, paper search, handlers) and the favicon;
- ``schemas/``: the JSON Schemas of ``data/*.yml`` (editors check the YAML with them);
- ``templates/``: the Typst templates of the CV and the social cards;
- ``scripts/``: the PurgeCSS job of the post-render step (Node.js, optional);
- ``vendor/``: the browser files the site serves itself (plotly.js, the Inter font), put
  in by the wheel's build hook from npm;
- ``starter/``: what ``portfolio init`` writes into a new site;
- ``docs/``: the engine's documentation (``portfolio docs``), put in by the wheel's build from
  the repository's ``docs/``.

A site overrides any one of them by putting its own file at the same path under
``overrides/`` (``overrides/theme/site.css``, ``overrides/templates/cv.typ``): the engine
uses it instead of its own copy and keeps using its own for the rest.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from portfolio.exceptions import PortfolioError

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
#: The site's folder of files that replace the engine's, at the same relative paths.
OVERRIDES = "overrides"
#: ``overrides/engine.lock``: for each override made by ``portfolio override``, the hash
#: and version of the engine's copy it started from (``portfolio doctor`` compares them).
LOCK = "engine.lock"
#: The engine folders copied into every site at each render (to the same path in the site;
#: generated files, ignored by git).
SITE_FOLDERS = ("theme", "assets", "schemas")
#: The folders a site may override files of.
OVERRIDABLE = (*SITE_FOLDERS, "templates")
#: The name the engine is published under (``pip install quartofolio``).
DISTRIBUTION = "quartofolio"


class EngineFileError(PortfolioError):
    """A file the engine should carry is missing (an incomplete install)."""


def docs_folder() -> Path:
    """The engine's documentation: in the wheel, else the source repository's ``docs/``."""
    shipped = RESOURCES / "docs"
    return shipped if shipped.is_dir() else RESOURCES.parents[3] / "docs"


def engine_version() -> str:
    """The installed engine's version (``0+unknown`` when run from a bare source tree)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"


def resource(relative: str) -> Path:
    """The engine's own copy of ``relative`` (``theme/site.css``)."""
    path = RESOURCES / relative
    if not path.is_file():
        raise EngineFileError(
            f"the engine has no {relative} (looked in {RESOURCES}): reinstall it "
            f"(pip install --force-reinstall {DISTRIBUTION})"
        )
    return path


def site_file(relative: str, root: Path) -> Path:
    """``relative`` as the site at ``root`` uses it: its override, else the engine's copy."""
    override = root / OVERRIDES / relative
    return override if override.is_file() else resource(relative)


def engine_files(folders: tuple[str, ...] = OVERRIDABLE) -> list[str]:
    """The engine's files under ``folders``, as relative POSIX paths."""
    return sorted(
        path.relative_to(RESOURCES).as_posix()
        for folder in folders
        for path in (RESOURCES / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def overrides(root: Path) -> list[str]:
    """The site's override files, as paths relative to ``overrides/``."""
    folder = root / OVERRIDES
    if not folder.is_dir():
        return []
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.name != LOCK
    )


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
