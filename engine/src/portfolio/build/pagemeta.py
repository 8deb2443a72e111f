"""Each page's title, introduction and description (``<meta name="description">`` and
social cards), from the data.

Pages cannot compute their front matter, so the pre-render step writes it as Quarto
metadata files:

- a section page names its file in its front matter
  (``metadata-files: [_generated/meta/experience.yml]``, relative to the page);
- a paper page (``research/<paper-id>/``) and a post (``blog/posts/<name>/``) get
  ``_metadata.yml`` in their folder, which Quarto merges into every page there, so new
  pages need no extra line (a ``_metadata.yml`` the author wrote there is left alone);
- any other page names its file in its front matter, as section pages do.

Besides the title and description, each file carries the page's social card
(``portfolio.build.cards``: ``open-graph`` and ``twitter-card`` images).

A section page's ``title`` is its section's title in ``data/profile.yml`` (the navbar keeps
its short name) and its ``subtitle`` the section's introduction, so the page's heading is
written once, in the data; the page's front matter sets no title (it would win). The
description goes to ``description-meta`` (the meta tag; ``description`` would also print it
under the title), ``open-graph.description`` and ``twitter-card.description``, written by
``metadata.metadata_yaml`` so every value stays text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from portfolio.build.drafts import NOT_EXECUTED
from portfolio.build.sections import shows_section
from portfolio.data.facts import venue_title
from portfolio.data.models import Paper, Portfolio, Profile
from portfolio.pages.fragments import section_title
from portfolio.pages.metadata import metadata_yaml
from portfolio.project.links import site_url
from portfolio.project.targets import paper_source

GENERATED = Path("_generated", "meta")
PAPER_FOLDER = Path("research")
POSTS = Path("blog", "posts")
FOLDER_METADATA = "_metadata.yml"
#: A preview's section pages that run code of their own (a site made with an older engine;
#: the engine's pages show the text ``portfolio.build.sections`` writes and run none) keep
#: their kernel up (Quarto's daemon) for 10 minutes after each render: the next render skips
#: starting Python and importing the package (Quarto restarts the kernel when a module it
#: imported changes). Only pages that load no IPython extension: a kernel kept up would
#: print that the extension is already loaded.
PREVIEW_KERNEL = {"execute": {"daemon": 600}}
HEADER = "# Generated from data/ by `python -m portfolio.build.prerender`; do not edit.\n"
#: The blog's feed, merged into its listing only where the site's URL is known: Quarto
#: makes no feed without ``site-url`` and warns at each render.
FEED = {"blog/index.qmd": {"listing": {"feed": True}}}


def _intro(profile: Profile, key: str) -> str | None:
    section = profile.sections.get(key)
    return section.intro if section else None


@dataclass(frozen=True)
class SectionPage:
    """A section page: the profile section that titles it (None: its front matter does),
    and where its description comes from."""

    section: str | None
    describe: Callable[[Profile], str | None]

    def metadata(self, profile: Profile) -> dict[str, Any]:
        """Title and subtitle (from the section) and description tags."""
        heading = {}
        if self.section:
            heading = {"title": section_title(profile, self.section)}
            intro = _intro(profile, self.section)
            heading |= {"subtitle": intro} if intro else {}
        return heading | description_tags(self.describe(profile))


def _section(key: str) -> SectionPage:
    return SectionPage(key, lambda profile: _intro(profile, key))


#: Section pages (project-relative), the section that titles them and their description.
SECTION_PAGES: dict[str, SectionPage] = {
    "index.qmd": SectionPage(None, lambda profile: profile.summary),
    "experience.qmd": _section("experience"),
    "research/index.qmd": _section("publications"),
    "press.qmd": _section("press"),
    "blog/index.qmd": _section("blog"),
    "about.qmd": SectionPage(None, lambda profile: f"{profile.headline}. {profile.tagline}"),
}


def description_tags(description: str | None) -> dict[str, Any]:
    """The metadata setting the page's description tags (none when empty)."""
    if not description:
        return {}
    return {
        "description-meta": description,
        "open-graph": {"description": description},
        "twitter-card": {"description": description},
    }


def metadata_text(meta: dict[str, Any]) -> str:
    """A generated metadata file's text: its header, then the YAML (``{}`` when empty)."""
    return HEADER + (metadata_yaml(meta) if meta else "{}\n")


def description_metadata(description: str | None) -> str:
    """A metadata file's YAML text setting the page's description tags (none when empty)."""
    return metadata_text(description_tags(description))


def paper_description(paper: Paper) -> str:
    """A paper page's description: its venue (with workshop or track) and year."""
    return f"{venue_title(paper)}, {paper.year}."


def section_file(page: str) -> Path:
    """A section page's generated file: ``about.qmd`` -> ``_generated/meta/about.yml``."""
    return GENERATED / Path(page).with_suffix(".yml")


def metadata_files_entry(page: str) -> str:
    """What the page's ``metadata-files`` lists: its generated file, relative to the page."""
    depth = len(Path(page).parts) - 1
    return (Path(*[".."] * depth) / section_file(page)).as_posix()


def metadata_file(page: str) -> Path:
    """Where a page's generated metadata goes: its folder's ``_metadata.yml`` for a paper
    page or a post, else ``_generated/meta/<page>.yml`` (named in its front matter)."""
    parts = PurePosixPath(page).parts
    if (parts[0] == PAPER_FOLDER.name and len(parts) == 3) or parts[:2] == POSTS.parts:
        return Path(*parts[:-1], FOLDER_METADATA)
    return section_file(page)


def _merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """``first`` updated with ``second``, mappings merged key by key."""
    merged = dict(first)
    for key, value in second.items():
        both = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merged(merged[key], value) if both else value
    return merged


def write_page_metadata(
    portfolio: Portfolio,
    root: Path,
    cards: dict[str, dict[str, Any]] | None = None,
    drafts: Iterable[str] = (),
    run_drafts: bool = True,
    preview: bool = False,
) -> list[Path]:
    """Write the metadata of every section page and every paper page (title, description),
    of every page in ``cards`` (its social card metadata, by project-relative page), and of
    the ``drafts``, with execution off unless ``run_drafts``. In a ``preview`` the section
    pages that run code keep their kernel between renders (``PREVIEW_KERNEL``)."""
    pages = {
        page: entry.metadata(portfolio.profile)
        | (PREVIEW_KERNEL if preview and not shows_section(root, page) else {})
        for page, entry in SECTION_PAGES.items()
    }
    for paper in portfolio.publications.papers:
        if source := paper_source(paper.id, root / PAPER_FOLDER):
            pages[f"{PAPER_FOLDER.name}/{source}"] = description_tags(paper_description(paper))
    for page, extra in [*(cards or {}).items(), *(FEED.items() if site_url(root) else [])]:
        pages[page] = _merged(pages.get(page, {}), extra)
    for page in drafts:
        pages[page] = _merged(pages.get(page, {}), {} if run_drafts else NOT_EXECUTED)
    return [
        path for page, meta in pages.items() if (path := _write(root / metadata_file(page), meta))
    ]


def _write(path: Path, meta: dict[str, Any]) -> Path | None:
    """Write ``meta`` to ``path`` unless it holds the same; None (nothing written) when the
    file there is not one this step wrote."""
    text = metadata_text(meta)
    if path.is_file():
        current = path.read_text(encoding="utf-8")
        if not current.startswith(HEADER):
            return None
        if current == text:
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
