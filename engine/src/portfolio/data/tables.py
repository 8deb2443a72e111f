"""The career data as pandas DataFrames with real dtypes, one function per collection.

Dates are timestamps; "present" is resolved against ``as_of`` so outputs are reproducible.
Papers and press items are dated by year only: their ``date`` column places them at
mid-year for drawing, and ``year`` is what pages show.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from portfolio.data.dates import parse_partial_date, resolve_as_of
from portfolio.data.facts import (
    is_person,
    patent_url,
    role_period,
    tenure_months,
    venue_title,
)
from portfolio.data.models import GrantedPatent, Portfolio, PressItem, Review

#: Columns of each frame, so a collection with no records still gives a typed, empty frame.
ROLE_COLUMNS = [
    "id", "title", "employer", "team", "organisation", "start", "end", "ongoing",
    "tenure_months", "tenure_years", "bullets", "first_bullet",
]  # fmt: skip
PATENT_COLUMNS = ["id", "number", "title", "status", "granted", "filed", "date", "office", "url"]
#: A paper's fields that the frame keeps as the record gives them.
PAPER_EXTRAS = [
    "abbr", "award", "abstract", "arxiv", "pdf", "code", "html", "slides", "poster", "video",
]  # fmt: skip
PAPER_COLUMNS = [
    "id", "title", "venue", "event", "venue_full", "year", "date", "authors", "authors_text",
    "notes", "url", "doi", "selected", *PAPER_EXTRAS, "owner",
]  # fmt: skip


def _ts(text: str | None) -> pd.Timestamp:
    return pd.Timestamp(parse_partial_date(text)) if text else pd.NaT


def _mid_year(year: int) -> pd.Timestamp:
    return pd.Timestamp(year=year, month=7, day=1)


def roles_frame(portfolio: Portfolio, as_of: date | str | None = None) -> pd.DataFrame:
    """One row per role, newest first, with start, end (``as_of`` if ongoing) and tenure."""
    as_of = resolve_as_of(as_of)
    rows = []
    for role in portfolio.roles:
        start, end = role_period(role, as_of)
        months = tenure_months(role, as_of)
        rows.append(
            {
                "id": role.id,
                "title": role.title,
                "employer": role.employer,
                "team": role.team,
                "organisation": f"{role.employer} -- {role.team}" if role.team else role.employer,
                "start": pd.Timestamp(start),
                "end": pd.Timestamp(end),
                "ongoing": role.end is None,
                "tenure_months": months,
                "tenure_years": months / 12,
                "bullets": list(role.bullets),
                "first_bullet": role.bullets[0],
            }
        )
    frame = pd.DataFrame(rows, columns=ROLE_COLUMNS).astype(
        {
            "start": "datetime64[ns]",
            "end": "datetime64[ns]",
            "tenure_months": "int64",
            "ongoing": "bool",
        }
    )
    return frame.sort_values("start", ascending=False, kind="stable", ignore_index=True)


def patents_frame(portfolio: Portfolio) -> pd.DataFrame:
    """One row per patent: granted ones dated by grant, pending ones by filing; ``url`` is
    its public record (``facts.patent_url``)."""
    rows = []
    for patent in portfolio.patents:
        granted = isinstance(patent, GrantedPatent)
        rows.append(
            {
                "id": patent.id,
                "number": patent.number if granted else None,
                "title": patent.title,
                "status": patent.status,
                "granted": _ts(patent.granted) if granted else pd.NaT,
                "filed": _ts(patent.filed),
                "date": _ts(patent.granted if granted else patent.filed),
                "office": None if granted else patent.office,
                "url": patent_url(patent),
            }
        )
    frame = pd.DataFrame(rows, columns=PATENT_COLUMNS).astype(
        {"granted": "datetime64[ns]", "filed": "datetime64[ns]", "date": "datetime64[ns]"}
    )
    return frame.sort_values("date", ascending=False, kind="stable", ignore_index=True)


def papers_frame(portfolio: Portfolio) -> pd.DataFrame:
    """One row per paper, newest year first (data order within a year); ``owner`` says of
    each author whether it is the site's owner (``facts.is_person``)."""
    rows = [
        {
            "id": paper.id,
            "title": paper.title,
            "venue": paper.venue,
            "event": paper.event,
            "venue_full": venue_title(paper),
            "year": paper.year,
            "date": _mid_year(paper.year),
            "authors": list(paper.authors),
            "authors_text": ", ".join(paper.authors),
            "notes": list(paper.notes),
            "url": paper.url,
            "doi": paper.doi,
            "selected": paper.selected,
            **{name: getattr(paper, name) for name in PAPER_EXTRAS},
            "owner": [is_person(name, portfolio.profile.name) for name in paper.authors],
        }
        for paper in portfolio.publications.papers
    ]
    frame = pd.DataFrame(rows, columns=PAPER_COLUMNS).astype(
        {"year": "int64", "date": "datetime64[ns]", "selected": "bool"}
    )
    return frame.sort_values("year", ascending=False, kind="stable", ignore_index=True)


def under_review_frame(portfolio: Portfolio) -> pd.DataFrame:
    """The venues where papers are under review."""
    return pd.DataFrame({"venue": pd.Series(portfolio.publications.under_review, dtype="object")})


def press_frame(portfolio: Portfolio) -> pd.DataFrame:
    """One row per press feature, newest year first (data order within a year)."""
    rows = [item.model_dump() | {"date": _mid_year(item.year)} for item in portfolio.press]
    columns = [*PressItem.model_fields, "date"]
    frame = pd.DataFrame(rows, columns=columns).astype({"year": "int64", "date": "datetime64[ns]"})
    return frame.sort_values("year", ascending=False, kind="stable", ignore_index=True)


def reviewing_frame(portfolio: Portfolio) -> pd.DataFrame:
    """One row per programme committee / reviewing entry; papers reviewed may be unknown."""
    rows = [review.model_dump() for review in portfolio.reviewing]
    frame = pd.DataFrame(rows, columns=list(Review.model_fields))
    return frame.astype({"year": "int64", "papers_reviewed": "Int64"})


def skills_frame(portfolio: Portfolio) -> pd.DataFrame:
    """One row per skill with its group."""
    rows = [
        {"group_id": group.id, "group": group.name, "skill": skill}
        for group in portfolio.profile.skills
        for skill in group.items
    ]
    return pd.DataFrame(rows, columns=["group_id", "group", "skill"])


def events_frame(portfolio: Portfolio) -> pd.DataFrame:
    """Patents, papers and press as dated events for one shared time axis."""
    patents = patents_frame(portfolio)
    papers = papers_frame(portfolio)
    press = press_frame(portfolio)
    parts = [
        pd.DataFrame(
            {
                "kind": "patent",
                "id": patents["id"],
                "date": patents["date"],
                "label": patents["title"],
                "detail": patents["number"].fillna("Pending"),
                "precision": "month",
            }
        ),
        pd.DataFrame(
            {
                "kind": "paper",
                "id": papers["id"],
                "date": papers["date"],
                "label": papers["title"],
                "detail": papers["venue_full"],
                "precision": "year",
            }
        ),
        pd.DataFrame(
            {
                "kind": "press",
                "id": press["id"],
                "date": press["date"],
                "label": press["headline"],
                "detail": press["outlet"],
                "precision": "year",
            }
        ),
    ]
    return pd.concat(parts, ignore_index=True).sort_values("date", kind="stable", ignore_index=True)
