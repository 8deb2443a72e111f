"""Drafts (``draft: true`` in a page's front matter) stay out of a render of the whole site.

Quarto leaves a draft out of listings, search and the sitemap (``draft-mode: gone``), but it
still executes the draft and writes it as an empty page. In a render of the whole project
(``QUARTO_PROJECT_RENDER_ALL=1``: ``quarto render``, the publish workflow) the pre-render
step turns execution off for each draft (its folder's generated ``_metadata.yml``) and the
post-render step removes its empty page. A render of one page runs the draft as usual.

In ``portfolio preview`` (``portfolio.build.context``), drafts are run and shown
(``draft-mode: visible`` in the generated site metadata). Quarto means drafts to be
visible in a preview, but 1.7 renders a draft empty when the preview re-renders it alone.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from portfolio.project.sources import draft_pages

#: What a draft's generated metadata says in a render of the whole site.
NOT_EXECUTED = {"execute": {"enabled": False}}


def draft_sources(root: Path) -> list[str]:
    """The drafts' sources, relative to the project root (``blog/posts/<post>/index.ipynb``)."""
    return [page.relative_to(root).as_posix() for page in draft_pages(root)]


def output_page(source: str) -> str:
    """Where Quarto writes a page: ``a/index.ipynb`` -> ``a/index.html``."""
    return PurePosixPath(source).with_suffix(".html").as_posix()


def remove_draft_pages(site: Path, root: Path) -> list[Path]:
    """Delete the empty pages Quarto wrote for the drafts (and folders left empty); return
    the pages."""
    removed = []
    for source in draft_sources(root):
        page = site / output_page(source)
        if page.is_file():
            page.unlink()
            removed.append(page)
            if not any(page.parent.iterdir()):
                page.parent.rmdir()
    return removed
