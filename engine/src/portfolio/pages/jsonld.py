"""schema.org JSON-LD for the pages, built only from the data (and URLs the caller passes).

Pages print ``script_tag(...)`` from an ``#| output: asis`` cell.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path, PurePosixPath
from typing import Any

from portfolio.data.dates import parse_partial_date
from portfolio.data.facts import contact_links, venue_title
from portfolio.data.load import load_portfolio
from portfolio.data.models import Education, Membership, Portfolio, Profile
from portfolio.pages.citation import compact, find_paper
from portfolio.pages.markdown import plain
from portfolio.project.links import page_url
from portfolio.project.sources import front_matter

CONTEXT = "https://schema.org"
#: Characters that could end the script element or start markup, as JSON escapes.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _organization(name: str, kind: str = "Organization") -> dict[str, str]:
    return {"@type": kind, "name": name}


def _membership(membership: Membership) -> dict[str, Any]:
    """Membership with its grade, as a schema.org Role around the organisation."""
    return {
        "@type": "OrganizationRole",
        "roleName": membership.grade,
        "memberOf": _organization(membership.organisation),
    }


def _degree(education: Education) -> dict[str, Any]:
    name = f"{education.degree}, {education.field}" if education.field else education.degree
    return {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": "degree",
        "name": name,
        "recognizedBy": _organization(education.institution, "EducationalOrganization"),
    }


def _credentials(profile: Profile) -> list[dict[str, Any]]:
    """Degrees and certifications."""
    certifications = [
        compact(
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "certification",
                "name": entry.name,
                "description": entry.detail,
            }
        )
        for entry in profile.certifications
    ]
    return [*(_degree(entry) for entry in profile.education), *certifications]


def person(portfolio: Portfolio, site_url: str | None = None) -> dict[str, Any]:
    """The person: current role's title and employer, summary, education, memberships, skills."""
    profile = portfolio.profile
    current = [role for role in portfolio.roles if role.end is None]
    employers = dict.fromkeys(role.employer for role in current)
    latest = max(current, key=lambda role: parse_partial_date(role.start), default=None)
    data = {
        "@context": CONTEXT,
        "@type": "Person",
        "name": profile.name,
        "url": site_url,
        "jobTitle": latest.title if latest else None,
        "description": profile.summary,
        "worksFor": [_organization(name) for name in employers],
        "alumniOf": [
            _organization(entry.institution, "EducationalOrganization")
            for entry in profile.education
        ],
        "memberOf": [_membership(entry) for entry in profile.memberships],
        "hasCredential": _credentials(profile),
        "knowsAbout": [skill for group in profile.skills for skill in group.items],
        "email": profile.contact.email,
        "sameAs": [link.url for link in contact_links(profile) if link.profile],
    }
    return compact(data)


def scholarly_article(
    portfolio: Portfolio, paper_id: str, page_url: str | None = None
) -> dict[str, Any]:
    """One paper as a ScholarlyArticle; the venue is its PublicationEvent.

    Raises ``UnknownPaperError`` naming the id when no paper has it.
    """
    paper = find_paper(portfolio, paper_id)
    same_as = [paper.url, f"https://doi.org/{paper.doi}" if paper.doi else None]
    data = {
        "@context": CONTEXT,
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "name": paper.title,
        "author": [{"@type": "Person", "name": name} for name in paper.authors],
        "datePublished": str(paper.year),
        "publication": {"@type": "PublicationEvent", "name": venue_title(paper)},
        "url": page_url,
        "sameAs": [url for url in same_as if url],
    }
    return compact(data)


def blog_posting(
    title: str,
    date: dt.date | str,
    description: str | None,
    url: str | None,
    author_name: str,
) -> dict[str, Any]:
    """A blog post; ``date`` is a date or an ISO date string."""
    published = date.isoformat() if isinstance(date, dt.date) else date
    data = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": title,
        "datePublished": published,
        "description": description,
        "url": url,
        "author": {"@type": "Person", "name": author_name},
    }
    return compact(data)


def script_tag(data: dict[str, Any]) -> str:
    """``data`` in a ``<script type="application/ld+json">`` element that nothing can close.

    ``<``, ``>`` and ``&`` only ever occur inside JSON strings, where their ``\\uXXXX``
    escapes mean the same, so ``</script>`` or ``<!--`` in the data stay inert.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">{text}</script>'


def for_page(page: PurePosixPath, root: Path) -> dict[str, Any] | None:
    """The structured data of a notebook page: ``research/<paper-id>/``'s ScholarlyArticle,
    a blog post's BlogPosting (from its front matter), or None for other pages."""
    portfolio = load_portfolio(root / "data")
    url = page_url(page, root)
    parts = page.parts
    paper_ids = {paper.id for paper in portfolio.publications.papers}
    if parts[0] == "research" and len(parts) == 3 and parts[1] in paper_ids:
        return scholarly_article(portfolio, parts[1], url)
    if parts[0] == "blog":
        meta = front_matter(root / page)
        date = meta.get("date")
        return blog_posting(
            plain(meta["title"]),
            str(date) if date else None,
            plain(meta.get("description")),
            url,
            portfolio.profile.name,
        )
    return None
