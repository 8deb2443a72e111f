"""The header every notebook page shows: Binder, download and source links, and the page's
schema.org data (a paper's ScholarlyArticle, a post's BlogPosting). Its provenance (when it
ran, with what) is for authors: it goes to a collapsed "About this page", which Quarto moves
to the appendix at the page's end, where readers do not meet it first.

A page calls it in its first code cell, with the notebook's path from the project root::

    #| output: asis
    from portfolio.pages.header import page_header
    page_header("research/<paper-id>/index.ipynb")

The result displays as markdown (an escaped HTML block, so Quarto and JupyterLab show the
same thing) and ``print(page_header(...))`` gives the same text. It loads nothing from
outside the site: the Binder link is plain text, not mybinder.org's badge image.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from portfolio.pages.jsonld import for_page, script_tag
from portfolio.pages.provenance import PACKAGES, provenance, provenance_html
from portfolio.project.links import LinkError, PageLinks, page_links, project_root


@dataclass(frozen=True, eq=False)
class PageHeader:
    """Links for one notebook and the record of its execution; displays as markdown."""

    links: PageLinks | None
    provenance: dict[str, Any]
    structured_data: dict[str, Any] | None = None

    def markdown(self) -> str:
        """The header as a block of escaped HTML, which is valid markdown."""
        data = f"{script_tag(self.structured_data)}\n" if self.structured_data else ""
        return (
            f'<div class="page-header">\n{self._links_paragraph()}{data}</div>\n'
            # Quarto moves a <section class="appendix"> to the appendix at the page's end.
            '<section class="appendix page-about" id="about-this-page">\n'
            "<h2>About this page</h2>\n"
            "<details><summary>How this page was made</summary>\n"
            f"{provenance_html(self.provenance)}\n</details>\n</section>\n"
        )

    __str__ = markdown

    def _links_paragraph(self) -> str:
        """Binder, download and source links; nothing when no repository is known."""
        if self.links is None:
            return ""
        links = " · ".join(
            _link(css, href, text)
            for css, href, text in (
                ("page-binder", self.links.binder, "Launch on Binder"),
                ("page-download", self.links.download, "Download notebook"),
                ("page-source", self.links.source, "View source"),
            )
        )
        return f'<p class="page-links">{links}</p>\n'

    def _repr_markdown_(self) -> str:
        return self.markdown()


def page_header(
    notebook_path: str | Path, root: str | Path | None = None, packages: tuple[str, ...] = PACKAGES
) -> PageHeader:
    """The header for the notebook at ``notebook_path`` (relative to the project root).

    The notebook must be in the working folder, as it is when Quarto or Jupyter runs it, so
    a header copied from another page cannot link to that page by mistake.
    """
    links = page_links(notebook_path, root)
    root = Path(root).resolve() if root else project_root()
    folder = (root / notebook_path).resolve().parent
    if folder != Path.cwd().resolve():
        raise LinkError(
            f"page_header({str(notebook_path)!r}) names a notebook in {folder}, but this one runs"
            f" in {Path.cwd()}; pass this notebook's own path from the project root"
        )
    relative = PurePosixPath((root / notebook_path).resolve().relative_to(root).as_posix())
    return PageHeader(links, provenance(packages), for_page(relative, root))


def _link(css: str, href: str, text: str) -> str:
    return f'<a class="{css}" href="{html.escape(href)}">{html.escape(text)}</a>'
