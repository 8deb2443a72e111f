"""What Quarto runs before a render (``project.pre-render``): everything generated from
the data or installed by npm that the site serves, written into the project.

- ``_portfolio.yml``: site title and author, from ``data/profile.yml``;
- ``assets/plotly/``: the plotly.js bundle from ``node_modules`` and the chart templates;
- ``exports/``: BibTeX, CSL-JSON and JSON Resume downloads, and the CV as a PDF;
- ``robots.txt``: allows everything and names the sitemap (from ``website.site-url``).

    python -m portfolio.prerender   (Quarto runs it through scripts/prerender.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

from .assets import AssetError, copy_plotly, write_templates
from .cv import write_cv
from .export import write_exports
from .links import project_root, site_url
from .load import load_portfolio
from .problems import DataError
from .sitemeta import FILENAME, site_metadata_text


def robots_txt(root: Path) -> str:
    """A robots.txt that allows every page and names the sitemap when the site URL is set."""
    base = site_url(root)
    sitemap = f"Sitemap: {base}sitemap.xml\n" if base else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"


def prerender(root: Path) -> list[Path]:
    """Write every generated file; return their paths."""
    portfolio = load_portfolio(root / "data")
    metadata = root / FILENAME
    metadata.write_text(site_metadata_text(portfolio.profile), encoding="utf-8")
    robots = root / "robots.txt"
    robots.write_text(robots_txt(root), encoding="utf-8")
    exports = write_exports(portfolio, root / "exports")
    cv = write_cv(portfolio, root / "exports")
    return [metadata, robots, copy_plotly(root), write_templates(root), *exports, cv]


def main() -> int:
    """Run before ``quarto render``; problems are reported without a traceback."""
    try:
        written = prerender(project_root())
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (AssetError, OSError, ValueError) as exc:
        print(f"prerender: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"prerender: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
