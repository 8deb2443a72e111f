"""The charts as pages show them: a portfolio in, a displayable ``Chart`` out.

Each function builds the DataFrames, the figure and its display object with a stable
name (the div id) and a caption, so a page cell is one call::

    page_charts.career_timeline(portfolio, as_of)
"""

from __future__ import annotations

from datetime import date

from . import figures, tables
from .charts import Chart, show
from .dates import resolve_as_of
from .models import Portfolio


def career_timeline(portfolio: Portfolio, as_of: date | str | None = None) -> Chart:
    """Roles over time, one row per organisation."""
    as_of = resolve_as_of(as_of)
    fig = figures.career_timeline(tables.roles_frame(portfolio, as_of), as_of)
    return show(fig, name="career-timeline", caption="Roles over time")


def patents_timeline(portfolio: Portfolio, as_of: date | str | None = None) -> Chart:
    """Patent grants and pending applications over time."""
    fig = figures.patents_timeline(tables.patents_frame(portfolio), resolve_as_of(as_of))
    return show(fig, name="patents-timeline", caption="Patents: grants and pending applications")


def publications_chart(portfolio: Portfolio) -> Chart:
    """Papers by year and venue, and the venues with papers under review."""
    fig = figures.publications_chart(
        tables.papers_frame(portfolio), tables.under_review_frame(portfolio)
    )
    return show(fig, name="publications", caption="Papers by year and venue")


def press_chart(portfolio: Portfolio) -> Chart:
    """Press features by year and outlet."""
    fig = figures.press_chart(tables.press_frame(portfolio))
    return show(fig, name="press", caption="Press features by year and outlet")


def career_at_a_glance(portfolio: Portfolio, as_of: date | str | None = None) -> Chart:
    """Roles, patents, papers and press on one time axis."""
    as_of = resolve_as_of(as_of)
    roles = tables.roles_frame(portfolio, as_of)
    fig = figures.career_at_a_glance(roles, tables.events_frame(portfolio), as_of)
    return show(fig, name="career-at-a-glance", caption="Career at a glance")


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
