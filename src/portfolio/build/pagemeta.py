"""Each page's description (``<meta name="description">`` and social cards), from the data.

Pages cannot compute their front matter, so the pre-render step writes it as Quarto
metadata files:

- a section page names its file in its front matter
  (``metadata-files: [_generated/meta/experience.yml]``, relative to the page);
- a paper page (``research/<paper-id>/``) gets ``_metadata.yml`` in its folder, which
  Quarto merges into every page there, so new paper pages need no extra line.

The text goes to ``description-meta`` (the meta tag; ``description`` would also print it
under the title), ``open-graph.description`` and ``twitter-card.description``, written by
``metadata.metadata_yaml`` so every value stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from portfolio.data.facts import venue_title
from portfolio.data.models import Paper, Portfolio, Profile
from portfolio.pages.metadata import metadata_yaml
from portfolio.project.targets import paper_source

GENERATED = Path("_generated", "meta")
PAPER_FOLDER = Path("research")
FOLDER_METADATA = "_metadata.yml"
HEADER = "# Generated from data/ by `python -m portfolio.build.prerender`; do not edit.\n"


def _section_intro(key: str) -> Callable[[Profile], str | None]:
    def intro(profile: Profile) -> str | None:
        section = profile.sections.get(key)
        return section.intro if section else None

    return intro


#: Section pages (project-relative) and where their description comes from in the profile.
SECTION_PAGES: dict[str, Callable[[Profile], str | None]] = {
    "index.qmd": lambda profile: profile.summary,
    "experience.qmd": _section_intro("experience"),
    "research/index.qmd": _section_intro("publications"),
    "press.qmd": _section_intro("press"),
    "blog/index.qmd": _section_intro("blog"),
    "about.qmd": lambda profile: f"{profile.headline}. {profile.tagline}",
}


def description_metadata(description: str | None) -> str:
    """A metadata file's YAML text setting the page's description tags (none when empty)."""
    if not description:
        return HEADER + "{}\n"
    body = {
        "description-meta": description,
        "open-graph": {"description": description},
        "twitter-card": {"description": description},
    }
    return HEADER + metadata_yaml(body)


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


def write_page_metadata(portfolio: Portfolio, root: Path) -> list[Path]:
    """Write the description metadata of every section page and every paper page."""
    written = []
    for page, describe in SECTION_PAGES.items():
        written.append(_write(root / section_file(page), describe(portfolio.profile)))
    for paper in portfolio.publications.papers:
        if paper_source(paper.id, root / PAPER_FOLDER):
            folder = root / PAPER_FOLDER / paper.id
            written.append(_write(folder / FOLDER_METADATA, paper_description(paper)))
    return written


def _write(path: Path, description: str | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = description_metadata(description)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
