"""The charts as pages show them: a portfolio in, a displayable ``Chart`` out.

Each function builds the DataFrames, the figure and its display object with a stable
name and a caption, and links each point to its record's place on the site (relative to
the page that runs it), so a page cell is one call::

    page_charts.career_timeline(portfolio, as_of)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from portfolio.charts import figures
from portfolio.charts.chart import Chart, show
from portfolio.data import tables
from portfolio.data.dates import resolve_as_of
from portfolio.data.models import Portfolio
from portfolio.project.links import LinkError, project_root
from portfolio.project.targets import record_targets, relative_to, year_targets


def record_links(portfolio: Portfolio) -> dict[str, str]:
    """Every record's place on the site, and where each year's records of a kind are
    listed (``year_targets``), relative to the working folder (the page's).

    Empty outside a Quarto project (nothing to link to).
    """
    try:
        root = project_root()
    except LinkError:
        return {}
    targets = record_targets(portfolio, root) | year_targets(portfolio)
    return relative_to(Path.cwd(), root, targets)


def career_timeline(portfolio: Portfolio, as_of: date | str | None = None) -> Chart:
    """Roles over time, one row per organisation."""
    as_of = resolve_as_of(as_of)
    fig = figures.career_timeline(tables.roles_frame(portfolio, as_of), as_of)
    caption = "Each role over time, one row per team and one colour per employer"
    return show(fig, name="career-timeline", caption=caption, links=record_links(portfolio))


def patents_timeline(portfolio: Portfolio, as_of: date | str | None = None) -> Chart:
    """Patent grants and pending applications over time."""
    fig = figures.patents_timeline(tables.patents_frame(portfolio), resolve_as_of(as_of))
    caption = "Granted patents by grant month, pending applications by filing month"
    return show(fig, name="patents-timeline", caption=caption, links=record_links(portfolio))


def publications_chart(portfolio: Portfolio) -> Chart:
    """Papers per year, one segment per paper, and the papers under review."""
    fig = figures.publications_chart(
        tables.papers_frame(portfolio), tables.under_review_frame(portfolio)
    )
    caption = "Papers per year and under review: one segment per paper, with its title and venue"
    return show(fig, name="publications", caption=caption, links=record_links(portfolio))


def press_chart(portfolio: Portfolio) -> Chart:
    """Press features by year and outlet."""
    fig = figures.press_chart(tables.press_frame(portfolio))
    caption = "Each feature by year and outlet; the marker's shape gives the medium"
    return show(fig, name="press", caption=caption, links=record_links(portfolio))


def career_at_a_glance(portfolio: Portfolio, as_of: date | str | None = None) -> Chart:
    """Roles, patents, papers and press on one time axis."""
    as_of = resolve_as_of(as_of)
    roles = tables.roles_frame(portfolio, as_of)
    fig = figures.career_at_a_glance(roles, tables.events_frame(portfolio), as_of)
    links = record_links(portfolio)
    caption = "Roles as bars; patents, papers and press features as points"
    if figures.groups_years(fig):
        caption += " (a kind with many in a year: one point per year, sized by its count)"
    caption += "; select one to open it"
    return show(fig, name="career-at-a-glance", caption=caption, links=links)


def all_charts(portfolio: Portfolio, as_of: date | str | None = None) -> list[Chart]:
    """Every chart of the site, in the order above."""
    as_of = resolve_as_of(as_of)
    return [
        career_timeline(portfolio, as_of),
        patents_timeline(portfolio, as_of),
        publications_chart(portfolio),
        press_chart(portfolio),
        career_at_a_glance(portfolio, as_of),
    ]
