"""Pydantic models: one per kind of record in ``data/*.yml``.

Models check the shape and type of each record; relations between records
(duplicate ids, end before start, headline stats) are checked in ``checks``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from portfolio.data.dates import parse_partial_date

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    Field(description="Stable id: lower-case words joined by hyphens."),
]


def _reject_unquoted_date(value: object) -> object:
    """YAML turns an unquoted 2024-07-01 into a date; ask for quotes instead of guessing."""
    if isinstance(value, date):
        raise ValueError(f'write the date in quotes, e.g. "{value.isoformat()}"')
    return value


def _real_date(value: str) -> str:
    parse_partial_date(value)
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_reject_unquoted_date),
    StringConstraints(pattern=r"^\d{4}(-\d{2}){0,2}$"),
    AfterValidator(_real_date),
    Field(description='A quoted date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".'),
]
Year = Annotated[int, Field(ge=1900, le=2100)]
#: How many papers the home page lists: the selected ones, else the newest.
HOME_PAPERS = 5
Orcid = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")]
#: Characters no link may hold: whitespace, quotes, angle brackets, backslash, backtick,
#: braces, pipe and caret (RFC 3986 allows none of them unencoded).
_NOT_IN_LINKS = re.compile(r"[\s\"'<>\\`{}|^\x00-\x1f\x7f]")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _link_text(value: str, what: str) -> str:
    """Refuse what could end a link target or start markup where the value is written."""
    bad = _NOT_IN_LINKS.search(value)
    if bad:
        raise ValueError(f"{what} holds {bad.group()!r}; percent-encode it or remove it")
    if not _balanced(value):
        raise ValueError(f"{what} has unbalanced parentheses; percent-encode them (%28, %29)")
    return value


def _web_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("expected a web address starting with https:// and a host name")
    return _link_text(value, "the URL")


def _doi(value: str) -> str:
    if not re.fullmatch(r"10\.\d{4,9}/\S+", value):
        raise ValueError('expected a DOI such as "10.1234/abc" (without https://doi.org/)')
    return _link_text(value, "the DOI")


Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_web_url),
    Field(
        description="A web address: http(s)://host/..., no spaces, quotes or angle brackets.",
        json_schema_extra={"pattern": r"^https?://[^\s\"'<>\\`{}|^]+$"},
    ),
]
#: An e-mail address as it is written (it stays text; pages link it with ``mailto:``).
_EMAIL = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=_EMAIL),
    Field(description="An e-mail address, e.g. name@example.org."),
]


def _on_host(*hosts: str) -> AfterValidator:
    """A validator: the URL's host is one of ``hosts`` or a subdomain of one."""

    def check(value: str) -> str:
        host = (urlsplit(value).hostname or "").lower()
        if not any(host == name or host.endswith("." + name) for name in hosts):
            raise ValueError(f"expected an address on {' or '.join(hosts)}, not on {host}")
        return value

    return AfterValidator(check)


def _profile_url(description: str, *hosts: str) -> object:
    return Annotated[Url, _on_host(*hosts), Field(description=description)]


LinkedInUrl = _profile_url("A LinkedIn profile, https://www.linkedin.com/in/...", "linkedin.com")
GitHubUrl = _profile_url("A GitHub profile, https://github.com/...", "github.com")
ScholarUrl = _profile_url(
    "A Google Scholar profile, https://scholar.google.com/citations?user=...",
    "scholar.google.com",
)
Doi = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_doi),
    Field(
        description='A DOI as "10.NNNN/suffix", without the https://doi.org/ prefix.',
        json_schema_extra={"pattern": r"^10\.\d{4,9}/[^\s\"'<>\\`{}|^]+$"},
    ),
]

ArxivId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        pattern=r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$",
    ),
    Field(description='An arXiv identifier, e.g. "2401.01234" (without "arXiv:").'),
]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Stat(Record):
    id: Slug
    value: Text = Field(description='As shown, e.g. "7+" or "3".')
    label: Text
    detail: Text | None = None
    derive: (
        Literal[
            "years_since_first_role",
            "years_in_roles",
            "years_at_employer",
            "granted_patents",
            "papers",
        ]
        | None
    ) = Field(None, description="A fact the data can compute; the check compares it with `value`.")
    employer: Text | None = Field(
        None,
        description="For `years_at_employer`: roles whose employer starts with this text count.",
    )


class Section(Record):
    title: Text
    intro: Text | None = None


class SkillGroup(Record):
    id: Slug
    name: Text
    items: list[Text] = Field(min_length=1)


class Education(Record):
    id: Slug
    institution: Text
    degree: Text
    field: Text | None = None
    start: PartialDate
    end: PartialDate | None = None


class Certification(Record):
    id: Slug
    name: Text
    detail: Text | None = None
    since: PartialDate | None = None


class Membership(Record):
    id: Slug
    grade: Text
    organisation: Text


class Contact(Record):
    """How to reach the person, and their profiles elsewhere: each one optional, shown
    (hero, footer, CV, schema.org ``sameAs``) only when given."""

    email: Email | None = None
    homepage: Url | None = None
    linkedin: LinkedInUrl | None = None
    github: GitHubUrl | None = None
    google_scholar: ScholarUrl | None = None


class Profile(Record):
    name: Text
    headline: Text
    tagline: Text
    summary: Text
    orcid: Orcid | None = None
    contact: Contact = Contact()
    stats: list[Stat] = []
    sections: dict[str, Section] = {}
    skills: list[SkillGroup] = []
    education: list[Education] = []
    certifications: list[Certification] = []
    memberships: list[Membership] = []


class Role(Record):
    id: Slug
    title: Text
    employer: Text
    team: Text | None = None
    start: PartialDate
    end: PartialDate | None = Field(None, description="Leave out for the current role.")
    bullets: list[Text] = Field(min_length=1)


class GrantedPatent(Record):
    id: Slug
    status: Literal["granted"]
    number: Text
    title: Text
    granted: PartialDate
    filed: PartialDate | None = None
    url: Url | None = None


class PendingPatent(Record):
    id: Slug
    status: Literal["pending"]
    office: Text | None = None
    title: Text
    filed: PartialDate
    url: Url | None = None


Patent = Annotated[GrantedPatent | PendingPatent, Field(discriminator="status")]


def _link(what: str) -> object:
    return Field(None, description=f"Link to the paper's {what}.")


class Paper(Record):
    id: Slug
    title: Text
    venue: Text
    abbr: Text | None = Field(
        None, description='The venue\'s short name, shown as a badge: "ICLR".'
    )
    event: Text | None = Field(None, description="Workshop or track within the venue.")
    year: Year
    authors: list[Text] = Field(min_length=1)
    award: Text | None = Field(None, description='A distinction: "Best Paper", "Oral".')
    notes: list[Text] = []
    url: Url | None = None
    doi: Doi | None = None
    arxiv: ArxivId | None = None
    pdf: Url | None = _link("PDF")
    code: Url | None = _link("code")
    html: Url | None = _link("project or HTML page")
    slides: Url | None = _link("slides")
    poster: Url | None = _link("poster")
    video: Url | None = _link("video")
    abstract: Text | None = None
    selected: bool = Field(
        False,
        description=f"Show on the home page (at most {HOME_PAPERS} papers; "
        "when none is selected, the newest are shown).",
    )


class Publications(Record):
    papers: list[Paper]
    under_review: list[Text] = Field([], description="Venues where papers are under review.")


class Review(Record):
    id: Slug
    venue: Text
    track: Text | None = None
    year: Year
    papers_reviewed: Annotated[int, Field(ge=0)] | None = None
    role: Text | None = None


class PressItem(Record):
    id: Slug
    outlet: Text
    year: Year
    headline: Text
    description: Text | None = None
    media: Literal["watch", "read", "listen"]
    url: Url | None = None


class Portfolio(Record):
    """All the career data, one attribute per file of ``data/``."""

    profile: Profile
    roles: list[Role]
    patents: list[Patent]
    publications: Publications
    reviewing: list[Review]
    press: list[PressItem]
