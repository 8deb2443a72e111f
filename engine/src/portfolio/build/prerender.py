"""What Quarto runs before a render (``project.pre-render``): everything generated from
the data or installed by npm that the site serves, written into the project.

- ``_portfolio.yml``: site title and author, from ``data/profile.yml``;
- ``theme/``, ``assets/``, ``schemas/``: the engine's files (or the site's overrides of
  them), so the installed engine is the one the site renders with;
- ``assets/plotly/``: the plotly.js bundle the engine carries and the chart templates;
- ``exports/``: BibTeX, CSL-JSON and JSON Resume downloads, and the CV as a PDF (a preview
  writes them only when there are none: Quarto's preview reloads the browser when one
  changes, and the page then asked for, still being rendered, would be rendered twice);
- ``robots.txt``: allows everything and names the sitemap (from ``website.site-url``);
- ``assets/fonts/``: the site's typeface (Inter, carried by the engine);
- ``assets/cards/``: every page's social card (``portfolio.build.cards``);
- each page's title, description and card metadata (``portfolio.build.pagemeta``), and no
  execution for drafts in a render of the whole site (``portfolio.build.drafts``);
- ``_generated/pages/``: what the section pages show, which they include, so they need no
  Jupyter kernel (``portfolio.build.sections``);
- ``_freeze/``: a page's frozen results are removed when the data it shows, the package or
  the project's settings changed (``portfolio.build.freeze``).

    python -m portfolio.build.prerender   (``project.pre-render`` in ``_quarto.yml``)
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from portfolio.build.context import CACHE, BuildContext, build_context
from portfolio.build.freeze import inputs_hash, package_hash
from portfolio.exceptions import run_step
from portfolio.project.links import site_url
from portfolio.project.sources import FrontMatterError, front_matter, site_pages

#: The inputs of the last pre-render (in Quarto's own folder, not committed).
STAMP = CACHE / "portfolio-prerender.sha256"


def robots_txt(root: Path) -> str:
    """A robots.txt that allows every page and names the sitemap when the site URL is set."""
    base = site_url(root)
    sitemap = f"Sitemap: {base}sitemap.xml\n" if base else ""
    return f"User-agent: *\nAllow: /\n{sitemap}"


def prerender(context: BuildContext) -> list[Path]:
    """Write every generated file into the project; return their paths."""
    # Imported here: a preview's render with nothing changed does without them (see main).
    from portfolio.build.assets import (
        copy_engine_files,
        copy_fonts,
        copy_plotly,
        write_templates,
    )
    from portfolio.build.cards import write_cards
    from portfolio.build.cv import write_cv
    from portfolio.build.drafts import draft_sources
    from portfolio.build.export import write_exports
    from portfolio.build.files import write_if_changed
    from portfolio.build.pagemeta import write_page_metadata
    from portfolio.build.sections import write_sections
    from portfolio.build.sitemeta import FILENAME, site_metadata_text
    from portfolio.data.dates import resolve_as_of
    from portfolio.data.load import load_portfolio
    from portfolio.project.targets import CV_FILENAME, EXPORTS

    root, preview = context.project, context.preview
    as_of = resolve_as_of()
    portfolio = load_portfolio(root / "data", as_of)
    site = site_metadata_text(portfolio.profile, root, preview)
    metadata = write_if_changed(root / FILENAME, site)
    robots = write_if_changed(root / "robots.txt", robots_txt(root))
    downloads = []
    if not (preview and (root / EXPORTS / CV_FILENAME).is_file()):
        exports = write_exports(portfolio, root / EXPORTS)
        downloads = [*exports, write_cv(portfolio, root / EXPORTS, root=root)]
    fonts = copy_fonts(root)
    cards, drafts = write_cards(portfolio, root), draft_sources(root)
    pages = write_page_metadata(
        portfolio, root, cards, drafts, run_drafts=not context.full_render, preview=preview
    )
    sections = write_sections(portfolio, as_of, root)
    assets = [*copy_engine_files(root), copy_plotly(root), write_templates(root), *fonts]
    return [metadata, robots, *assets, *downloads, *pages, *sections]


def inputs_stamp(context: BuildContext) -> str:
    """A hash of what the step reads: ``data/``, the package, ``_quarto.yml``, the pages'
    names and front matter, and the kind of render."""
    root, kind = context.project, f"{context.preview}{context.full_render}"
    digest = hashlib.sha256(f"{inputs_hash(root)}\0{package_hash()}\0{kind}".encode())
    for page in site_pages(root):
        digest.update(f"{page.relative_to(root).as_posix()}\0{_front_matter(page)}\0".encode())
    return digest.hexdigest()


def _front_matter(page: Path) -> str:
    try:
        return json.dumps(front_matter(page), sort_keys=True, default=str)
    except (FrontMatterError, OSError):
        return ""


def main(environ: Mapping[str, str] | None = None) -> int:
    """Run before ``quarto render`` (in the render ``environ`` describes, default: this
    process's environment); an expected failure (``PortfolioError``) is reported without a
    traceback. In a preview it does not fail the step: a failed script stops Quarto's preview
    server ("Uncaught (in promise) Error" in its runScripts), so the problem is reported, the
    pages keep what the last run wrote, and the next render tries again (no stamp is
    written)."""
    return run_step("prerender", lambda: _step(build_context(environ)))


def _step(context: BuildContext) -> int:
    status = refresh(context)
    if status and context.preview:
        print("prerender: the preview goes on with the last files; fix the problem above")
        return 0
    return status


def refresh(context: BuildContext) -> int:
    """Run the step: 0 when done, 1 on an expected failure (reported). Quarto runs it before
    each page a preview renders: there it skips when its inputs are those of its last run."""
    stamp, current = context.cache / STAMP.name, inputs_stamp(context)
    if context.preview and stamp.is_file() and stamp.read_text(encoding="utf-8") == current:
        return 0
    status = run_step("prerender", lambda: _run(context))
    if status == 0:
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(current, encoding="utf-8")
    return status


def _run(context: BuildContext) -> int:
    from portfolio.build import drawahead
    from portfolio.build.freeze import refresh_freeze

    written = prerender(context)
    if stale := refresh_freeze(context.project):
        print(f"prerender: their inputs changed: frozen results removed: {', '.join(stale)}")
    drawahead.start(context, os.getppid())
    for path in written:
        print(f"prerender: wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
