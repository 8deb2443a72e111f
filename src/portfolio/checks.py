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


def check_file(name: str, value: object) -> Iterator[Finding]:
    """Relations within one validated file: unique ids, periods in order."""
    if name == "profile":
        for part in ("stats", "skills", "education", "certifications", "memberships"):
            yield from _duplicate_ids(name, (part,), getattr(value, part))
        yield from _ends_before_start(name, ("education",), value.education)
    elif name == "publications":
        yield from _duplicate_ids(name, ("papers",), value.papers)
    else:
        yield from _duplicate_ids(name, (), value)
    if name == "roles":
        yield from _ends_before_start(name, (), value)


def check_stats(portfolio: Portfolio, as_of: date) -> Iterator[Finding]:
    """Headline stats that the data can derive must agree with it."""
    for index, stat in enumerate(portfolio.profile.stats):
        if stat.derive:
            derived = DERIVATIONS[stat.derive](portfolio, as_of)
            why = stat_mismatch(stat.value, derived)
            if why:
                hint = f"; write {format_stat(stat.value, derived)!r}" if "gives" in why else ""
                message = f"{why} ({stat.derive}, as of {as_of}){hint}"
                yield Finding("profile", ("stats", index, "value"), stat.id, "value", message)


def _duplicate_ids(file: str, loc: tuple, records: list) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record.id in seen:
            message = "id is used twice; ids must be unique"
            yield Finding(file, (*loc, index, "id"), record.id, "id", message)
        seen.add(record.id)


def _ends_before_start(file: str, loc: tuple, records: list) -> Iterator[Finding]:
    for index, record in enumerate(records):
        if record.end and parse_partial_date(record.end) < parse_partial_date(record.start):
            message = f"ends ({record.end}) before it starts ({record.start})"
            yield Finding(file, (*loc, index, "end"), record.id, "end", message)
