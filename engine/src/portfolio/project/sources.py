"""The project's page sources: which pages the site has and what their front matter says.

Read with the standard library and PyYAML only: a notebook is JSON, and its front matter is
the leading ``---`` block of its first raw cell (a ``.qmd`` page's leading block).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from portfolio.exceptions import PortfolioError
from portfolio.project.links import quarto_config
from portfolio.yamlload import load_yaml

_FRONT_MATTER = re.compile(r"^---\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)


class FrontMatterError(PortfolioError):
    """A page has no front matter, or it (or the notebook holding it) cannot be read."""


def site_pages(root: Path) -> list[Path]:
    """The pages ``project.render`` in ``_quarto.yml`` names, globs expanded, in order (a
    leading "/" anchors a pattern at the project, as in Quarto; ``Path.glob`` always does)."""
    config = quarto_config(root)
    pages: list[Path] = []
    for pattern in config["project"]["render"]:
        pages += sorted(path for path in root.glob(pattern.lstrip("/")) if path not in pages)
    return pages


def _first_raw_cell(notebook: Path) -> str:
    """The source of a notebook's first cell when it is a raw cell, else ""."""
    try:
        cells = json.loads(_text(notebook)).get("cells") or [{}]
    except json.JSONDecodeError as exc:
        raise FrontMatterError(f"{notebook}:{exc.lineno}: not a notebook ({exc.msg})") from None
    source = cells[0].get("source", "") if cells[0].get("cell_type") == "raw" else ""
    return "".join(source) if isinstance(source, list) else source


def _text(page: Path) -> str:
    try:
        return page.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FrontMatterError(f"{page}: not UTF-8 text; save it as UTF-8") from None


def front_matter(page: Path) -> dict:
    """A page's YAML front matter: the leading ``---`` block of a ``.qmd`` or of a notebook's
    first raw cell. ``FrontMatterError`` when there is none or it cannot be read."""
    notebook = page.suffix == ".ipynb"
    source = _first_raw_cell(page) if notebook else _text(page)
    match = _FRONT_MATTER.match(source)
    if not match:
        raise FrontMatterError(f"{page} has no front matter (a leading --- YAML block)")
    try:
        return load_yaml(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark else ""
        raise FrontMatterError(
            f"{page}: the front matter is not valid YAML{where}: {getattr(exc, 'problem', exc)}"
        ) from None


def draft_pages(root: Path) -> list[Path]:
    """The site's pages whose front matter says ``draft: true``."""
    return [page for page in site_pages(root) if _is_draft(page)]


def _is_draft(page: Path) -> bool:
    try:
        return front_matter(page).get("draft") is True
    except (FrontMatterError, OSError):
        return False
