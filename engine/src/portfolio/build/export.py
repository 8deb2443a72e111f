"""Machine-readable exports of the career data: BibTeX, CSL-JSON and a JSON Resume.

JSON Resume (schema v1.0.0) has no section for patents or memberships. Patents go under
``publications`` (a granted patent is a published document; its number is the summary, a
pending application has no release date); memberships and the reviewing and press records
are left out rather than forced into sections that mean something else.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from portfolio.build.files import write_if_changed
from portfolio.data.dates import resolve_as_of
from portfolio.data.facts import contact_links, venue_title
from portfolio.data.models import (
    Certification,
    Education,
    GrantedPatent,
    Paper,
    Patent,
    Portfolio,
    Profile,
    Role,
)
from portfolio.pages.citation import bibtex_entry, compact, csl_item
from portfolio.project.targets import EXPORT_FILENAMES as FILENAMES

JSON_RESUME_SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"


def bibtex(portfolio: Portfolio) -> str:
    """Every paper as a BibTeX entry, in data order."""
    return "\n".join(bibtex_entry(paper) for paper in portfolio.publications.papers)


def csl_json(portfolio: Portfolio) -> list[dict[str, Any]]:
    """Every paper as a CSL-JSON item, in data order."""
    return [csl_item(paper) for paper in portfolio.publications.papers]


def json_resume(portfolio: Portfolio, as_of: date | str | None = None) -> dict[str, Any]:
    """The data as a JSON Resume; ``meta.lastModified`` is ``as_of``."""
    profile = portfolio.profile
    resume = {
        "$schema": JSON_RESUME_SCHEMA,
        "basics": _basics(profile),
        "work": [_work(role) for role in portfolio.roles],
        "education": [_education(entry) for entry in profile.education],
        "certificates": [_certificate(entry) for entry in profile.certifications],
        "publications": [
            *(_paper(paper) for paper in portfolio.publications.papers),
            *(_patent(patent) for patent in portfolio.patents),
        ],
        "skills": [{"name": group.name, "keywords": list(group.items)} for group in profile.skills],
        "meta": {
            "version": "v1.0.0",
            "lastModified": f"{resolve_as_of(as_of).isoformat()}T00:00:00",
        },
    }
    return {section: value for section, value in resume.items() if value}


def write_exports(
    portfolio: Portfolio, out_dir: Path | str, as_of: date | str | None = None
) -> list[Path]:
    """Write ``publications.bib``, ``publications.csl.json`` and ``resume.json``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = (
        bibtex(portfolio),
        _json_text(csl_json(portfolio)),
        _json_text(json_resume(portfolio, as_of)),
    )
    paths = zip((out_dir / name for name in FILENAMES), texts, strict=True)
    return [write_if_changed(path, text) for path, text in paths]


def _json_text(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _basics(profile: Profile) -> dict[str, Any]:
    """Name, headline, summary, e-mail, homepage and the profiles elsewhere."""
    profiles = [
        {"network": link.label, "url": link.url}
        | ({"username": link.text} if link.key == "orcid" else {})
        for link in contact_links(profile)
        if link.profile and link.key != "homepage"
    ]
    basics = {"name": profile.name, "label": profile.headline, "summary": profile.summary}
    contact = {"email": profile.contact.email, "url": profile.contact.homepage}
    return compact(basics | contact | {"profiles": profiles})


def _work(role: Role) -> dict[str, Any]:
    """A role; ``endDate`` is left out for the current one."""
    work = {
        "name": role.employer,
        "position": role.title,
        "description": role.team,
        "startDate": role.start,
        "endDate": role.end,
        "highlights": list(role.bullets),
    }
    return compact(work)


def _education(entry: Education) -> dict[str, Any]:
    education = {
        "institution": entry.institution,
        "area": entry.field,
        "studyType": entry.degree,
        "startDate": entry.start,
        "endDate": entry.end,
    }
    return compact(education)


def _certificate(entry: Certification) -> dict[str, Any]:
    name = f"{entry.name}, {entry.detail}" if entry.detail else entry.name
    return compact({"name": name, "date": entry.since})


def _paper(paper: Paper) -> dict[str, Any]:
    publication = {
        "name": paper.title,
        "publisher": venue_title(paper),
        "releaseDate": str(paper.year),
        "url": paper.url,
        "summary": ", ".join(paper.notes),
    }
    return compact(publication)


def _patent(patent: Patent) -> dict[str, Any]:
    if isinstance(patent, GrantedPatent):
        publication = {
            "name": patent.title,
            "releaseDate": patent.granted,
            "summary": f"Patent {patent.number}",
        }
    else:
        office = f" ({patent.office})" if patent.office else ""
        publication = {
            "name": patent.title,
            "summary": f"Patent application{office}, pending; filed {patent.filed}",
        }
    return compact(publication | {"url": patent.url})
