"""The site's charts, one call each: career data in, a captioned ``Chart`` out.

Pages call these (``page_charts.career_timeline(portfolio, as_of)``); to change how a
chart looks, edit its builder in ``figures``; to change its caption, edit it here.
"""

from __future__ import annotations

from datetime import date

from . import figures, tables
from .charts import Chart, show
from .models import Portfolio


def career_timeline(portfolio: Portfolio, as_of: date) -> Chart:
    """Every role as a bar on a time axis."""
    roles = tables.roles_frame(portfolio, as_of)
    return show(
        figures.career_timeline(roles, as_of),
        name="career-timeline",
        caption="Roles over time, by organisation",
        table=roles[["title", "organisation", "start", "end", "tenure_months"]],
    )


def patents_timeline(portfolio: Portfolio, as_of: date) -> Chart:
    """Patent grants and pending applications on a time axis."""
    patents = tables.patents_frame(portfolio)
    return show(
        figures.patents_timeline(patents, as_of),
        name="patents-timeline",
        caption="Patents: grants and pending applications over time",
        table=patents[["number", "title", "status", "granted", "filed"]],
    )


def publications_chart(portfolio: Portfolio) -> Chart:
    """Papers by year and venue, with the venues where papers are under review."""
    papers = tables.papers_frame(portfolio)
    return show(
        figures.publications_chart(papers, tables.under_review_frame(portfolio)),
        name="publications-chart",
        caption="Papers by year and venue, and venues with papers under review",
        table=papers[["year", "title", "venue_full"]],
    )


def press_chart(portfolio: Portfolio) -> Chart:
    """Press features by year and outlet."""
    press = tables.press_frame(portfolio)
    return show(
        figures.press_chart(press),
        name="press-chart",
        caption="Press features by year and outlet",
        table=press[["year", "outlet", "headline"]],
    )


def career_at_a_glance(portfolio: Portfolio, as_of: date) -> Chart:
    """Roles as bars with patents, papers and press as events on the same time axis."""
    events = tables.events_frame(portfolio)
    return show(
        figures.career_at_a_glance(tables.roles_frame(portfolio, as_of), events, as_of),
        name="career-at-a-glance",
        caption="Career at a glance: roles, patents, papers and press on one time line",
        table=events[["date", "kind", "label", "detail"]],
    )
