"""Where each record is shown on the site: its page and anchor, from the site root.

Charts link their points here (see ``page_charts``): a role to its entry on the experience
page, a patent to its entry on the research page, a paper to its own page when it has one
(else its entry in the research page's list), a press item to its entry on the press page.
The anchors are the ids that ``fragments`` gives those entries. A point that stands for a
year's records of one kind (``year_key``) links to where that year's records are listed.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from portfolio.data import tables
from portfolio.data.models import Portfolio
from portfolio.project.links import root_prefix

EXPERIENCE = "experience.html"
RESEARCH = "research/index.html"
PRESS = "press.html"
#: The downloads folder and what the pre-render step writes there (``portfolio.build``).
EXPORTS = "exports"
EXPORT_FILENAMES = ("publications.bib", "publications.csl.json", "resume.json")
CV_FILENAME = "cv.pdf"


PAPER_SOURCES = ("index.ipynb", "index.qmd")


def paper_source(paper_id: str, research: Path) -> str | None:
    """The source of the paper's own page, ``<id>/index.ipynb`` (or ``.qmd``), relative to
    the research folder ``research``; None when the paper has no page."""
    for name in PAPER_SOURCES:
        if (research / paper_id / name).is_file():
            return f"{paper_id}/{name}"
    return None


def paper_page(paper_id: str, root: Path) -> str | None:
    """The paper's own page (``research/<id>/``) when the project has one."""
    return f"research/{paper_id}/index.html" if paper_source(paper_id, root / "research") else None


def year_key(kind: str, year: int) -> str:
    """The id of a chart point that stands for all of a year's records of one kind."""
    return f"{kind}-year:{year}"


def is_year_key(key: str) -> bool:
    """Whether ``key`` is a ``year_key`` (record ids hold no colon, kinds no hyphen)."""
    kind, _, year = key.partition("-year:")
    return bool(year) and ":" not in kind and year.isdigit()


def year_targets(portfolio: Portfolio) -> dict[str, str]:
    """``year_key`` -> where that year's records are listed: the research page's heading of
    the year for papers, else the year's first entry in its list."""
    targets = {
        year_key("paper", paper.year): f"{RESEARCH}#papers-{paper.year}"
        for paper in portfolio.publications.papers
    }
    for patent in tables.patents_frame(portfolio).itertuples():
        targets.setdefault(year_key("patent", patent.date.year), f"{RESEARCH}#patent-{patent.id}")
    for item in tables.press_frame(portfolio).itertuples():
        targets.setdefault(year_key("press", item.year), f"{PRESS}#press-{item.id}")
    return targets


def record_targets(portfolio: Portfolio, root: Path) -> dict[str, str]:
    """``"<kind>:<record id>"`` -> the record's URL, relative to the site root."""
    targets = {f"role:{role.id}": f"{EXPERIENCE}#role-{role.id}" for role in portfolio.roles}
    targets |= {f"patent:{p.id}": f"{RESEARCH}#patent-{p.id}" for p in portfolio.patents}
    for paper in portfolio.publications.papers:
        page = paper_page(paper.id, root)
        targets[f"paper:{paper.id}"] = page or f"{RESEARCH}#paper-{paper.id}"
    targets |= {f"press:{item.id}": f"{PRESS}#press-{item.id}" for item in portfolio.press}
    return targets


def relative_to(page_folder: Path, root: Path, targets: dict[str, str]) -> dict[str, str]:
    """The targets as links from a page in ``page_folder`` (``../`` per level below root)."""
    prefix = root_prefix(page_folder.resolve(), root.resolve())
    return {key: prefix + url for key, url in targets.items()}


#: The data file every page shows: the site's title and footer, the page's own title.
PROFILE_FILE = "profile.yml"
#: The data files each section page shows besides the profile; None: every file.
SECTION_DATA: dict[str, tuple[str, ...] | None] = {
    "index.qmd": None,  # the stats, the career chart, the latest papers
    "experience.qmd": ("roles.yml",),
    "research/index.qmd": ("publications.yml", "patents.yml", "reviewing.yml"),
    "press.qmd": ("press.yml",),
    "about.qmd": (),
    "blog/index.qmd": (),
    "notebooks/index.qmd": (),
}


def is_paper_source(page: str) -> bool:
    """Whether ``page`` (relative to the project) is a paper's own page."""
    parts = PurePosixPath(page).parts
    return len(parts) == 3 and parts[0] == "research" and parts[2] in PAPER_SOURCES


def shows_data(page: str, data_file: str) -> bool:
    """Whether ``page`` (a source, relative to the project) shows the data file named
    ``data_file``: a section page what ``SECTION_DATA`` says, a paper's page its paper, any
    other page (a post, a notebook: the author's own code) every file."""
    if data_file == PROFILE_FILE:
        return True
    if is_paper_source(page):
        return data_file == "publications.yml"
    if page not in SECTION_DATA:
        return True
    shown = SECTION_DATA[page]
    return shown is None or data_file in shown
