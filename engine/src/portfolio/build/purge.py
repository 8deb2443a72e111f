"""Remove the stylesheet rules no page uses (PurgeCSS, run by the post-render step).

Quarto sends every page its whole Bootstrap build (about 500 KB, 67 KB gzipped, light and
dark each) before the first paint, though the site uses a fraction of it. PurgeCSS (npm
``purgecss``, through the engine's ``scripts/purgecss.cjs``) keeps the rules whose selectors name
something the site's pages or its scripts hold (Quarto's, Bootstrap's, the search's and the
chart script's class names are in their JavaScript), plus ``SAFELIST``: the classes that
scripts build from parts or toggle, which no file spells out whole; and the custom
properties (``--bs-...``) that a kept rule or one of the site's other stylesheets reads.

Each run starts from Quarto's own stylesheets (saved under ``.quarto/portfolio-postrender``
the first time), so running it again or after a partial render gives the same result.
Without Node.js or PurgeCSS the stylesheets stay whole and the step says so: PurgeCSS is
optional, found in the site's ``node_modules`` (``npm install purgecss``) or, for the
engine's own source tree, in ``engine/node_modules``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from portfolio.exceptions import PortfolioError
from portfolio.project.engine import RESOURCES

STYLESHEETS = (
    "site_libs/bootstrap/bootstrap-*.min.css",
    "site_libs/quarto-html/quarto-syntax-highlighting*.css",
)
#: What PurgeCSS reads for the names in use: every page and the scripts that build them.
#: Bootstrap's own script is left out: it names every component (carousel, modal, toast...)
#: though the site uses few; the states it adds are in ``SAFELIST``.
CONTENT = (
    "**/*.html",
    "site_libs/quarto-*/*.js",
    "site_libs/quarto-html/*/*.js",
    "assets/plotly/charts.js",
)
#: Stylesheets left whole: the custom properties (``--bs-...``) they use are kept.
USES = ("theme/*.css", "site_libs/quarto-html/tippy.css", "site_libs/bootstrap/bootstrap-icons.css")
SCRIPT = RESOURCES / "scripts" / "purgecss.cjs"
MARK = "/* Purged by portfolio.build.purge: only the rules the site uses. */\n"
#: Regular expressions of class names (and, for ``deep``, whole subtrees) kept whatever the
#: pages hold: the states Bootstrap's script adds (menu, scroll spy of the table of
#: contents, tabs), the search's widget (``aa-``), the tooltips (``tippy-``), headroom's
#: navbar classes and the page's colour scheme.
SAFELIST = {
    "standard": [
        r"^(show|showing|hiding|collapse|collapsing|collapsed|active|disabled|fade)$",
        r"^(dropdown-menu-end|dropdown-menu-start|navbar-expand.*)$",
        r"^(aa-|tippy-|headroom|quarto-(dark|light|color-scheme))",
    ],
    "deep": [r"^quarto-(dark|light)$", r"^aa-", r"^tippy-"],
    "greedy": [r"data-bs-theme", r"aria-(expanded|current|selected|hidden)"],
}
_TIMEOUT = 300  # seconds


class PurgeError(PortfolioError):
    """PurgeCSS failed, or a purged stylesheet's original is not saved."""


class PurgeUnavailable(PurgeError):
    """Node.js or PurgeCSS is not installed: the stylesheets stay whole."""


def stylesheets(site: Path) -> list[Path]:
    """Quarto's stylesheets in ``site`` that are purged."""
    return sorted(path for pattern in STYLESHEETS for path in site.glob(pattern))


def _original(path: Path, cache: Path) -> Path:
    """Quarto's own copy of ``path``: itself when fresh (then saved), else the saved one."""
    saved = cache / path.name
    if not path.read_text(encoding="utf-8").startswith(MARK):
        cache.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, saved)
    if not saved.is_file():
        raise PurgeError(f"{path} is purged and no original is saved in {cache}")
    return saved


def purge_css(site: Path, cache: Path, project: Path) -> list[tuple[Path, int, int]]:
    """Purge the site's stylesheets in place; return each file with its bytes before and
    after. Raises ``PurgeUnavailable`` without Node.js or the script."""
    node = shutil.which("node")
    if node is None:
        raise PurgeUnavailable("Node.js not found")
    files = [(str(_original(path, cache)), str(path)) for path in stylesheets(site)]
    if not files:
        return []
    job = {
        "files": files,
        "content": [str(site / pattern) for pattern in CONTENT],
        "uses": [str(path) for pattern in USES for path in sorted(site.glob(pattern))],
        "safelist": SAFELIST,
        "mark": MARK,
    }
    result = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "NODE_PATH": str(project / "node_modules")},
        timeout=_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"
        if "Cannot find module" in result.stderr:
            raise PurgeUnavailable(f"PurgeCSS is not installed (npm install purgecss): {message}")
        raise PurgeError(f"PurgeCSS: {message}")
    return [(Path(target), before, after) for target, before, after in json.loads(result.stdout)]
