"""The CV as a PDF: the career data as JSON, typeset by Typst with ``templates/cv.typ``.

The data reaches the template only as JSON in ``sys.inputs``, so no value from ``data/`` can
become Typst markup. Typst uses only the fonts its package embeds, so every machine gives
the same PDF; the template imports no package, so compiling needs no network. Records are
in the site's order; references are the site's (``citation.reference_runs``).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pandas as pd
import typst

from portfolio.build.files import write_if_changed
from portfolio.data import tables
from portfolio.data.dates import partial_date_text, resolve_as_of
from portfolio.data.facts import contact_links, papers_reviewed_text, patent_url
from portfolio.data.models import (
    Certification,
    Education,
    GrantedPatent,
    Patent,
    Portfolio,
    Profile,
    Review,
    Role,
)
from portfolio.exceptions import PortfolioError
from portfolio.pages.citation import paper_link, reference_runs
from portfolio.project.engine import resource, site_file
from portfolio.project.targets import CV_FILENAME

TEMPLATE = resource("templates/cv.typ")  #: the engine's; a site's override: ``write_cv(root=)``
#: ``--paper`` choices and Typst's names for them.
PAPERS = {"a4": "a4", "letter": "us-letter"}


class CvError(PortfolioError):
    """The CV could not be typeset (unknown paper size, or Typst's error in the template)."""


def cv_data(portfolio: Portfolio, as_of: date | str | None = None) -> dict[str, Any]:
    """Everything the CV shows, as JSON-able values; a collection with no records is []."""
    profile = portfolio.profile
    roles, patents = tables.roles_frame(portfolio, as_of), tables.patents_frame(portfolio)
    return {
        "name": profile.name,
        "headline": profile.headline,
        "contact": _contact(profile),
        "summary": profile.summary,
        "experience": [_role(role) for role in _in_order(portfolio.roles, roles)],
        "patents": [_patent(patent) for patent in _in_order(portfolio.patents, patents)],
        "publications": _publications(portfolio),
        "under_review": list(portfolio.publications.under_review),
        "reviewing": [_review(review) for review in portfolio.reviewing],
        "skills": [{"name": group.name, "items": list(group.items)} for group in profile.skills],
        "education": [_education(entry) for entry in profile.education],
        "certifications": [_certification(entry) for entry in profile.certifications],
        "memberships": [f"{m.grade}, {m.organisation}" for m in profile.memberships],
    }


def render_cv(
    portfolio: Portfolio,
    paper: str = "a4",
    as_of: date | str | None = None,
    template: Path = TEMPLATE,
) -> bytes:
    """The CV as PDF bytes; its date is ``as_of``, so the same data gives the same bytes."""
    if paper not in PAPERS:
        raise CvError(f"unknown paper size {paper!r}; choose one of: {', '.join(PAPERS)}")
    as_of = resolve_as_of(as_of)
    inputs = {"cv": json.dumps(cv_data(portfolio, as_of)), "paper": PAPERS[paper]}
    try:
        return typst.compile(
            template,
            root=template.parent,
            sys_inputs=inputs,
            ignore_system_fonts=True,
            timestamp=datetime.combine(as_of, time(), tzinfo=UTC),
        )
    except typst.TypstError as exc:
        raise CvError(f"{template}: Typst could not typeset the CV: {exc}") from None


def write_cv(
    portfolio: Portfolio,
    out_dir: Path | str,
    paper: str = "a4",
    as_of: date | str | None = None,
    root: Path | None = None,
) -> Path:
    """Write ``cv.pdf`` into ``out_dir``; return its path. With the site's ``root``, its
    override of the template (``overrides/templates/cv.typ``) is used when it has one."""
    template = site_file("templates/cv.typ", root) if root else TEMPLATE
    pdf = render_cv(portfolio, paper, as_of, template)
    return write_if_changed(Path(out_dir) / CV_FILENAME, pdf)


def _in_order(records: list, frame: pd.DataFrame) -> list:
    """``records`` in the order of their ``tables`` frame, which is the order the site shows."""
    by_id = {record.id: record for record in records}
    return [by_id[record_id] for record_id in frame["id"]]


def _contact(profile: Profile) -> list[dict[str, str]]:
    """Each contact link the profile gives: its label, the text shown and its URL."""
    return [
        {"label": link.label, "value": link.text, "url": link.url}
        for link in contact_links(profile)
    ]


def _period(start: str, end: str | None) -> str:
    return f"{partial_date_text(start)} – {partial_date_text(end) if end else 'Present'}"


def _role(role: Role) -> dict[str, Any]:
    return {
        "title": role.title,
        "employer": role.employer,
        "team": role.team,
        "dates": _period(role.start, role.end),
        "bullets": list(role.bullets),
    }


def _patent(patent: Patent) -> dict[str, Any]:
    if isinstance(patent, GrantedPatent):
        label, when = patent.number, f"Granted {partial_date_text(patent.granted)}"
    else:
        label = f"{patent.office} Pending" if patent.office else "Pending"
        when = f"Filed {partial_date_text(patent.filed)}"
    return {"label": label, "title": patent.title, "date": when, "url": patent_url(patent)}


def _publications(portfolio: Portfolio) -> list[dict[str, Any]]:
    """Each paper, newest first, as the site's reference runs and the paper's link."""
    papers = tables.papers_frame(portfolio)
    return [
        {
            "runs": [{"text": text, "style": style} for text, style in reference_runs(row)],
            "url": paper_link(row),
        }
        for row in papers.itertuples()
    ]


def _review(review: Review) -> dict[str, Any]:
    if review.papers_reviewed is not None:
        detail = papers_reviewed_text(review.papers_reviewed)
    else:
        detail = review.role
    return {"venue": review.venue, "track": review.track, "detail": detail}


def _education(entry: Education) -> dict[str, Any]:
    degree = f"{entry.degree}, {entry.field}" if entry.field else entry.degree
    since = f"since {partial_date_text(entry.start)}"
    dates = _period(entry.start, entry.end) if entry.end else since
    return {"institution": entry.institution, "degree": degree, "dates": dates}


def _certification(entry: Certification) -> dict[str, Any]:
    since = f"since {partial_date_text(entry.since)}" if entry.since else ""
    return {"name": entry.name, "detail": entry.detail, "dates": since}
