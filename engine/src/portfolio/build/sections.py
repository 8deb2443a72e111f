"""What the section pages show, written by the pre-render step: no kernel for them.

The home, experience, research, press and about pages only print what the package makes
from the data (markdown fragments, charts, JSON-LD). A Jupyter kernel per page costs about
two seconds of each render; the pre-render step, one Python process that has loaded the data
anyway, writes each page's text to ``_generated/pages/<page>.md``, and the engine's Lua filter
(``theme/sections.lua``, named in ``_quarto.yml``) puts it where the page asks for it::

    ::: {.portfolio-section}
    :::

(An include shortcode would not do: Quarto resolves includes before the pre-render step
runs, and a fresh clone has no ``_generated/``.) The text is what the page printed when it
ran its own code, made in the page's folder, so its links are relative to the page. A page
without the div (a site made with an older engine, whose pages still run code) gets none.
Papers, posts and notebooks stay executable notebooks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePosixPath

from portfolio.build.context import SECTION_TEXT
from portfolio.build.files import write_if_changed
from portfolio.charts import page_charts
from portfolio.charts.chart import Chart
from portfolio.data import tables
from portfolio.data.dates import resolve_as_of
from portfolio.data.load import load_portfolio
from portfolio.data.models import Portfolio
from portfolio.exceptions import PortfolioError
from portfolio.pages import fragments, jsonld, posts
from portfolio.project.links import QUARTO_FILE, quarto_config, site_url

#: The classes of a code cell and of its markdown output (``displayed``).
CELL, OUTPUT = ".cell", ".cell-output .cell-output-display .cell-output-markdown"
#: Where a section page asks for its text (a div the filter fills).
MARKER = "::: {.portfolio-section}"
#: The filter that fills it, as ``_quarto.yml`` names it (``filters``, ``at: pre-ast``).
FILTER = "theme/sections.lua"


def printed(*parts: str) -> str:
    """What a cell printing each part (``print(part)``) puts in the page."""
    return "".join(f"{part}\n" for part in parts)


def displayed(chart: Chart) -> str:
    """A chart as a cell that displays it puts it in the page: inside the cell's divs,
    whose class Quarto styles (its data table is a computational table, striped and small)."""
    return f":::: {{{CELL}}}\n::: {{{OUTPUT}}}\n{chart.to_markdown()}:::\n::::\n"


def home(portfolio: Portfolio, as_of: date, root: Path) -> list[str]:
    """The home page: JSON-LD, hero, stats, the career chart, latest posts and papers."""
    profile = portfolio.profile
    papers = tables.papers_frame(portfolio)
    links = ["[Research, patents and reviewing](research/index.qmd)", fragments.orcid(profile)]
    return [
        printed(
            jsonld.script_tag(jsonld.person(portfolio, site_url(root))) + "\n",
            fragments.hero(profile),
            fragments.stats(portfolio, as_of),
            "## Career at a glance\n",
        ),
        displayed(page_charts.career_at_a_glance(portfolio, as_of)),
        printed(
            fragments.section_heading(profile, "blog"),
            fragments.latest_posts(posts.posts_frame(root)),
            fragments.section_heading(profile, "publications"),
            fragments.home_papers(papers, fragments.paper_pages(papers, "research/")),
            " · ".join(filter(None, links)),
        ),
    ]


def experience(portfolio: Portfolio, as_of: date, root: Path) -> list[str]:
    """The experience page: the career timeline and every role."""
    return [
        displayed(page_charts.career_timeline(portfolio, as_of)),
        printed(fragments.roles(tables.roles_frame(portfolio, as_of))),
    ]


def research(portfolio: Portfolio, as_of: date, root: Path) -> list[str]:
    """The research page: papers, their chart, patents and reviewing (each when any)."""
    profile = portfolio.profile
    papers = tables.papers_frame(portfolio)
    reviewed = tables.under_review_frame(portfolio)
    cells = [
        printed(
            fragments.orcid(profile),
            fragments.paper_groups(papers, reviewed, fragments.paper_pages(papers, "")),
        ),
        displayed(page_charts.publications_chart(portfolio)),
    ]
    if portfolio.patents:  # a site without patents shows no empty section
        patents = fragments.patents(tables.patents_frame(portfolio))
        cells.append(printed(fragments.section(profile, "patents", patents)))
        cells.append(displayed(page_charts.patents_timeline(portfolio, as_of)))
    if portfolio.reviewing:
        reviewing = fragments.reviewing(tables.reviewing_frame(portfolio))
        cells.append(printed(fragments.section(profile, "reviewing", reviewing)))
    return cells


def press(portfolio: Portfolio, as_of: date, root: Path) -> list[str]:
    """The press page: the press chart and every item."""
    return [
        displayed(page_charts.press_chart(portfolio)),
        printed(fragments.press(tables.press_frame(portfolio))),
    ]


def about(portfolio: Portfolio, as_of: date, root: Path) -> list[str]:
    """The about page: summary, skills, education, certifications, downloads."""
    profile = portfolio.profile
    skills = fragments.skills(tables.skills_frame(portfolio))
    return [
        printed(
            fragments.esc(profile.summary) + "\n",
            fragments.section(profile, "skills", skills),
            fragments.section(profile, "education", fragments.education(profile)),
            fragments.section(profile, "certifications", fragments.certifications(profile)),
            fragments.section(profile, "memberships", fragments.memberships(profile), level=3),
            fragments.orcid(profile),
            fragments.downloads("exports/"),
            fragments.data_tour("notebooks/index.qmd"),
        )
    ]


#: The section pages (project-relative) and what each shows, cell by cell.
SECTIONS: dict[str, Callable[[Portfolio, date, Path], list[str]]] = {
    "index.qmd": home,
    "experience.qmd": experience,
    "research/index.qmd": research,
    "press.qmd": press,
    "about.qmd": about,
}


def content_file(page: str) -> Path:
    """A section page's generated text: ``research/index.qmd`` ->
    ``_generated/pages/research/index.md``."""
    return SECTION_TEXT / PurePosixPath(page).with_suffix(".md")


def shows_section(root: Path, page: str) -> bool:
    """Whether the page's source asks for its generated text (``MARKER``)."""
    source = root / page
    return source.is_file() and MARKER in source.read_text(encoding="utf-8")


def section_markdown(portfolio: Portfolio, as_of: date, root: Path, page: str) -> str:
    """What ``page`` shows, made in its folder as the page's own code ran there."""
    root = root.resolve()
    with contextlib.chdir((root / page).parent):
        return "\n".join(SECTIONS[page](portfolio, as_of, root))


def section_text(root: Path, page: str) -> str:
    """What the pre-render step writes for ``page`` from ``root/data``; "" when the page
    asks for none."""
    if page not in SECTIONS or not shows_section(root, page):
        return ""
    as_of = resolve_as_of()
    return section_markdown(load_portfolio(root / "data", as_of), as_of, root, page)


def filter_named(root: Path) -> bool:
    """Whether ``_quarto.yml``'s ``filters`` name ``FILTER``."""
    config = quarto_config(root)
    entries = config.get("filters") or []
    return any((e.get("path") if isinstance(e, dict) else e) == FILTER for e in entries)


class SectionsError(PortfolioError):
    """Section pages ask for their text and ``_quarto.yml`` names no filter to put it there."""


def write_sections(portfolio: Portfolio, as_of: date, root: Path) -> list[Path]:
    """Write the text of every section page that asks for it; return the files.
    ``SectionsError`` when pages ask for it and ``_quarto.yml`` does not name the filter
    (they would be empty)."""
    pages = [page for page in SECTIONS if shows_section(root, page)]
    if pages and not filter_named(root):
        raise SectionsError(
            f"{', '.join(pages)} show their text from data/ ({MARKER}), but {QUARTO_FILE} "
            f"does not name the filter that puts it there: add `filters: [{{path: {FILTER}, "
            "at: pre-ast}]` as the engine's starter has it"
        )
    return [
        write_if_changed(root / content_file(page), section_markdown(portfolio, as_of, root, page))
        for page in pages
    ]
