"""Pydantic models: one per kind of record in ``data/*.yml``.

Models check the shape and type of each record; relations between records
(duplicate ids, end before start, headline stats) are checked in ``checks``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from .dates import parse_partial_date

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
Orcid = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Stat(Record):
    id: Slug
    value: Text = Field(description='As shown, e.g. "12+" or "4".')
    label: Text
    detail: Text | None = None
    derive: Literal["years_at_amazon", "granted_patents", "papers"] | None = Field(
        None, description="A fact the data can compute; the check compares it with `value`."
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


class Profile(Record):
    name: Text
    headline: Text
    tagline: Text
    summary: Text
    orcid: Orcid | None = None
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


class Paper(Record):
    id: Slug
    title: Text
    venue: Text
    event: Text | None = Field(None, description="Workshop or track within the venue.")
    year: Year
    authors: list[Text] = Field(min_length=1)
    notes: list[Text] = []
    url: Url | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None


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
