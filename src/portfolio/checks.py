"""Checks across records: duplicate ids, periods that end before they start, headline stats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from .dates import parse_partial_date
from .facts import DERIVATIONS, format_stat, stat_mismatch
from .models import Portfolio


class Finding(NamedTuple):
    """A problem found in ``file`` at the data path ``loc``."""

    file: str
    loc: tuple[str | int, ...]
    record: str
    field: str
    message: str


def check_portfolio(portfolio: Portfolio, as_of: date) -> Iterator[Finding]:
    """Every relation the models alone cannot check."""
    profile = portfolio.profile
    yield from _duplicate_ids("roles", (), portfolio.roles)
    yield from _duplicate_ids("patents", (), portfolio.patents)
    yield from _duplicate_ids("publications", ("papers",), portfolio.publications.papers)
    yield from _duplicate_ids("reviewing", (), portfolio.reviewing)
    yield from _duplicate_ids("press", (), portfolio.press)
    for name in ("stats", "skills", "education", "certifications", "memberships"):
        yield from _duplicate_ids("profile", (name,), getattr(profile, name))
    yield from _ends_before_start("roles", (), portfolio.roles)
    yield from _ends_before_start("profile", ("education",), profile.education)
    yield from _stats(portfolio, as_of)


def _duplicate_ids(file: str, loc: tuple, records: list) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record.id in seen:
            yield Finding(file, (*loc, index, "id"), record.id, "id", "id is used twice; ids must be unique")
        seen.add(record.id)


def _ends_before_start(file: str, loc: tuple, records: list) -> Iterator[Finding]:
    for index, record in enumerate(records):
        if record.end and parse_partial_date(record.end) < parse_partial_date(record.start):
            message = f"ends ({record.end}) before it starts ({record.start})"
            yield Finding(file, (*loc, index, "end"), record.id, "end", message)


def _stats(portfolio: Portfolio, as_of: date) -> Iterator[Finding]:
    for index, stat in enumerate(portfolio.profile.stats):
        if stat.derive:
            derived = DERIVATIONS[stat.derive](portfolio, as_of)
            why = stat_mismatch(stat.value, derived)
            if why:
                hint = f"; write {format_stat(stat.value, derived)!r}" if "gives" in why else ""
                message = f"{why} ({stat.derive}, as of {as_of}){hint}"
                yield Finding("profile", ("stats", index, "value"), stat.id, "value", message)
