"""What Quarto runs before a render (``project.pre-render``): everything generated from
the data or installed by npm that the site serves, written into the project.

- ``_portfolio.yml``: site title and author, from ``data/profile.yml``;
- ``theme/``, ``assets/``, ``schemas/``: the engine's files (or the site's overrides of
  them), so the installed engine is the one the site renders with;
- ``assets/plotly/``: the plotly.js bundle the engine carries and the chart templates;
- ``exports/``: BibTeX, CSL-JSON and JSON Resume downloads, and the CV as a PDF;
- ``robots.txt``: allows everything and names the sitemap (from ``website.site-url``);
- ``assets/fonts/``: the site's typeface (Inter, carried by the engine);
- ``assets/cards/``: every page's social card (``portfolio.build.cards``);
- each page's title, description and card metadata (``portfolio.build.pagemeta``), and no
  execution for drafts in a render of the whole site (``portfolio.build.drafts``);
- ``_freeze/``: frozen page results are removed when ``data/`` or the package changed
  (``portfolio.build.freeze``).

    python -m portfolio.build.prerender   (``project.pre-render`` in ``_quarto.yml``)
"""

from __future__ import annotations

import sys
from pathlib import Path

from portfolio.build.assets import (
    copy_engine_files,
    copy_fonts,
    copy_plotly,
    write_bytes_if_changed,
    write_templates,
)
from portfolio.build.cards import CardError, write_cards
from portfolio.build.cv import write_cv
from portfolio.build.drafts import draft_sources
from portfolio.build.export import write_exports
from portfolio.build.freeze import refresh_freeze
from portfolio.build.pagemeta import write_page_metadata
from portfolio.build.rendermode import full_render, in_preview
from portfolio.build.sitemeta import FILENAME, site_metadata_text
from portfolio.data.load import load_portfolio
from portfolio.data.problems import DataError
from portfolio.project.links import project_root, site_url
from portfolio.project.targets import EXPORTS


def robots_txt(root: Path) -> str:
    """A robots.txt that allows every page and names the sitemap when the site URL is set."""
    base = site_url(root)
    sitemap = f"Sitemap: {base}sitemap.xml\n" if base else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"


def prerender(root: Path) -> list[Path]:
    """Write every generated file; return their paths."""
    portfolio = load_portfolio(root / "data")
    site = site_metadata_text(portfolio.profile, root, in_preview())
    metadata = write_bytes_if_changed(root / FILENAME, site.encode())
    robots = write_bytes_if_changed(root / "robots.txt", robots_txt(root).encode())
    exports = write_exports(portfolio, root / EXPORTS)
    engine = copy_engine_files(root)
    cv = write_cv(portfolio, root / EXPORTS, root=root)
    fonts = copy_fonts(root)
    cards, drafts = write_cards(portfolio, root), draft_sources(root)
    pages = write_page_metadata(portfolio, root, cards, drafts, run_drafts=not full_render())
    assets = [*engine, copy_plotly(root), write_templates(root), *fonts]
    return [metadata, robots, *assets, *exports, cv, *pages]


def main() -> int:
    """Run before ``quarto render``; problems are reported without a traceback."""
    try:
        root = project_root()
        written = prerender(root)
        if refresh_freeze(root):
            print("prerender: data/ or the package changed: frozen page results removed")
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (CardError, OSError, ValueError) as exc:
        print(f"prerender: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"prerender: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
