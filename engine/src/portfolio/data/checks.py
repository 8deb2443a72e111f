"""Checks across records: duplicate ids, dates out of order, headline stats and the text
that repeats them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from portfolio.data.dates import parse_partial_date
from portfolio.data.facts import derive, format_stat, granted_patents, papers, stat_mismatch
from portfolio.data.models import HOME_PAPERS, Paper, Portfolio, Stat

#: Ways a text states a count the data gives, besides ``<N> <stat label>``: "4 US Patents",
#: "4 granted US patents", "5 papers", "published 3 peer-reviewed papers". A count of
#: patents means the granted ones; pending ones, applications, papers under review and
#: papers reviewed are other counts, so those phrasings are left alone.
_NOT_AFTER = r"(?<!reviewed )(?<!reviewing )"
_NOT_BEFORE = r"(?!\s+(?:(?:under|in)\s+review|reviewed|pending|filed|applications?)\b)"
COUNT_PHRASES = {
    "granted_patents": re.compile(
        rf"\b(\d+\+?)\s+(?:granted\s+)?(?:U\.?S\.?\s+)?(?:granted\s+)?patents?\b{_NOT_BEFORE}",
        re.IGNORECASE,
    ),
    "papers": re.compile(
        rf"{_NOT_AFTER}\b(\d+\+?)\s+"
        r"(?:(?:peer[- ]reviewed|published|research|conference|journal)\s+)*"
        rf"(?:papers?|publications?)\b{_NOT_BEFORE}",
        re.IGNORECASE,
    ),
}
_COUNTS = {"granted_patents": granted_patents, "papers": papers}


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
        yield from _in_order(name, ("education",), value.education, "start", "end")
        for index, stat in enumerate(value.stats):
            yield from _stat_parameters(index, stat)
    elif name == "publications":
        yield from _duplicate_ids(name, ("papers",), value.papers)
        yield from _too_many_selected(value.papers)
    else:
        yield from _duplicate_ids(name, (), value)
    if name == "roles":
        yield from _in_order(name, (), value, "start", "end")
    if name == "patents":
        yield from _in_order(name, (), value, "filed", "granted")


def check_stats(portfolio: Portfolio, as_of: date) -> Iterator[Finding]:
    """Headline stats that the data can derive must agree with it, and so must every text of
    the profile that states them ("7+ years at ..." for a stat labelled "Years at ...")."""
    profile = portfolio.profile
    for index, stat in enumerate(profile.stats):
        if not stat.derive:
            continue
        derived = derive(stat, portfolio, as_of)
        why = stat_mismatch(stat.value, derived)
        if why:
            hint = f"; write {format_stat(stat.value, derived)!r}" if "gives" in why else ""
            message = f"{why} ({stat.derive}, as of {as_of}){hint}"
            yield Finding("profile", ("stats", index, "value"), stat.id, "value", message)
        yield from _texts_agree(portfolio, stat, format_stat(stat.value, derived), as_of)
    yield from _counts_agree(portfolio)


def _profile_texts(portfolio: Portfolio) -> Iterator[tuple[tuple, str, str, str]]:
    """Every free text of the profile that could repeat a stat: (loc, record, field, text)."""
    profile = portfolio.profile
    for field in ("headline", "tagline", "summary"):
        yield (field,), "profile", field, getattr(profile, field)
    for key, section in profile.sections.items():
        if section.intro:
            yield ("sections", key, "intro"), f"sections.{key}", "intro", section.intro


def _texts_agree(portfolio: Portfolio, stat: Stat, shown: str, as_of: date) -> Iterator[Finding]:
    """Texts that state ``<number>[+] <stat label>`` must state what the stat shows."""
    pattern = _label_pattern(stat)
    for loc, record, field, text in _profile_texts(portfolio):
        for match in pattern.finditer(" ".join(text.split())):
            if match.group(1) != shown:
                message = (
                    f"says {match.group(0)!r} but stat {stat.id} gives {shown} "
                    f"({stat.derive}, as of {as_of}); update the text to {shown}"
                )
                yield Finding("profile", loc, record, field, message)


def _label_pattern(stat: Stat) -> re.Pattern:
    """``<N>[+] <label>``, except where the words around it make it another count."""
    label = re.escape(stat.label)
    return re.compile(rf"{_NOT_AFTER}\b(\d+\+?)\s+{label}\b{_NOT_BEFORE}", re.IGNORECASE)


def _counts_agree(portfolio: Portfolio) -> Iterator[Finding]:
    """Texts that state a count in a common phrasing (``COUNT_PHRASES``) must state the
    count the data gives; a phrase that is a derived stat's ``<N> <label>`` is checked
    against that stat instead."""
    labels = [_label_pattern(stat) for stat in portfolio.profile.stats if stat.derive]
    for loc, record, field, text in _profile_texts(portfolio):
        text = " ".join(text.split())
        for kind, pattern in COUNT_PHRASES.items():
            count = _COUNTS[kind](portfolio)
            for match in pattern.finditer(text):
                if any(label.match(text, match.start()) for label in labels):
                    continue
                if stat_mismatch(match.group(1), count):
                    message = (
                        f"says {match.group(0)!r} but the data gives {count} ({kind}); "
                        f"update the text to {count}"
                    )
                    yield Finding("profile", loc, record, field, message)


def _stat_parameters(index: int, stat: Stat) -> Iterator[Finding]:
    """``employer`` goes with ``derive: years_at_employer``, and only with it."""
    needs = stat.derive == "years_at_employer"
    if needs and not stat.employer:
        message = "derive: years_at_employer needs `employer` (the employer's name or its start)"
        yield Finding("profile", ("stats", index, "derive"), stat.id, "employer", message)
    elif stat.employer and not needs:
        message = "`employer` is only read with derive: years_at_employer; remove it"
        yield Finding("profile", ("stats", index, "employer"), stat.id, "employer", message)


def _too_many_selected(papers: list[Paper]) -> Iterator[Finding]:
    """The home page lists at most ``HOME_PAPERS`` selected papers: name each one beyond."""
    selected = [index for index, paper in enumerate(papers) if paper.selected]
    for index in selected[HOME_PAPERS:]:
        message = (
            f"{len(selected)} papers are selected; the home page shows at most {HOME_PAPERS}: "
            "remove `selected: true` from the papers it should leave out"
        )
        yield Finding(
            "publications", ("papers", index, "selected"), papers[index].id, "selected", message
        )


def _duplicate_ids(file: str, loc: tuple, records: list) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record.id in seen:
            message = "id is used twice; ids must be unique"
            yield Finding(file, (*loc, index, "id"), record.id, "id", message)
        seen.add(record.id)


def _in_order(file: str, loc: tuple, records: list, first: str, then: str) -> Iterator[Finding]:
    """Each record's ``then`` date, where it has both, is not before its ``first`` date."""
    for index, record in enumerate(records):
        early, late = getattr(record, first, None), getattr(record, then, None)
        if early and late and parse_partial_date(late) < parse_partial_date(early):
            message = f"{then} ({late}) is before {first} ({early}); one of them is wrong"
            if (first, then) == ("start", "end"):
                message = f"ends ({late}) before it starts ({early})"
            yield Finding(file, (*loc, index, then), record.id, then, message)
