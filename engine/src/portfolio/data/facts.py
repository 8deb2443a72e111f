"""Facts derived from the data (never typed by hand): tenure, years in roles, counts."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from portfolio.data.dates import months_between, parse_partial_date
from portfolio.data.models import (
    GrantedPatent,
    Paper,
    PendingPatent,
    Portfolio,
    Profile,
    Role,
    Stat,
)


def role_period(role: Role, as_of: date) -> tuple[date, date]:
    """Start and end of a role; an ongoing role ends at ``as_of``."""
    start = parse_partial_date(role.start)
    return start, parse_partial_date(role.end) if role.end else max(start, as_of)


def tenure_months(role: Role, as_of: date) -> int:
    """Whole months in a role."""
    return months_between(*role_period(role, as_of))


def _years_covered(roles: list[Role], as_of: date) -> float:
    """Years covered by ``roles`` (overlaps counted once, gaps left out)."""
    months, reach = 0, None
    for start, end in sorted(role_period(role, as_of) for role in roles):
        start = max(start, reach) if reach else start
        if end > start:
            months += months_between(start, end)
            reach = end
    return months / 12


def years_since_first_role(portfolio: Portfolio, as_of: date, stat: Stat | None = None) -> float:
    """Years from the start of the earliest role to ``as_of`` (0 without roles)."""
    starts = [role_period(role, as_of)[0] for role in portfolio.roles]
    return max(months_between(min(starts), as_of), 0) / 12 if starts else 0.0


def years_in_roles(portfolio: Portfolio, as_of: date, stat: Stat | None = None) -> float:
    """Years covered by any role (overlaps counted once, gaps between roles left out)."""
    return _years_covered(portfolio.roles, as_of)


def years_at_employer(portfolio: Portfolio, as_of: date, stat: Stat | None = None) -> float:
    """Years covered by roles whose employer starts with the stat's ``employer`` text."""
    prefix = stat.employer if stat and stat.employer else None
    if prefix is None:
        raise ValueError("years_at_employer needs the stat's `employer`")
    roles = [role for role in portfolio.roles if role.employer.startswith(prefix)]
    return _years_covered(roles, as_of)


def granted_patents(
    portfolio: Portfolio, as_of: date | None = None, stat: Stat | None = None
) -> int:
    """Number of granted patents."""
    return sum(isinstance(patent, GrantedPatent) for patent in portfolio.patents)


def papers(portfolio: Portfolio, as_of: date | None = None, stat: Stat | None = None) -> int:
    """Number of published papers."""
    return len(portfolio.publications.papers)


DERIVATIONS: dict[str, Callable[[Portfolio, date, Stat | None], float]] = {
    "years_since_first_role": years_since_first_role,
    "years_in_roles": years_in_roles,
    "years_at_employer": years_at_employer,
    "granted_patents": granted_patents,
    "papers": papers,
}


def derive(stat: Stat, portfolio: Portfolio, as_of: date) -> float:
    """The value the data gives for a stat that declares ``derive``."""
    return DERIVATIONS[stat.derive](portfolio, as_of, stat)


def shown_value(stat: Stat, portfolio: Portfolio, as_of: date) -> str:
    """A stat as the pages show it: derived from the data when the stat says how."""
    return format_stat(stat.value, derive(stat, portfolio, as_of)) if stat.derive else stat.value


_STAT = re.compile(r"^(\d+)(\+?)$")


def stat_mismatch(stated: str, derived: float) -> str | None:
    """Why ``stated`` ("7+", "3") disagrees with ``derived``, or None when it agrees."""
    match = _STAT.match(stated)
    if not match:
        return f'a derived stat is written as a whole number, optionally with "+", not {stated!r}'
    number, at_least = int(match.group(1)), bool(match.group(2))
    if (math.floor(derived) if at_least else derived) != number:
        return f"states {stated} but the data gives {round(derived, 1):g}"
    return None


def format_stat(stated: str, derived: float) -> str:
    """Show a derived value the way the profile writes it: ``("7+", 7.4)`` -> ``"7+"``."""
    return f"{math.floor(derived)}+" if stated.endswith("+") else f"{derived:g}"


def papers_reviewed_text(count: int) -> str:
    """How a reviewing entry states its count: "1 paper reviewed", "7 papers reviewed"."""
    return f"{count} paper reviewed" if count == 1 else f"{count} papers reviewed"


def venue_title(paper: Paper) -> str:
    """The venue with its workshop or track, as one name."""
    return f"{paper.venue} {paper.event}" if paper.event else paper.venue


#: Words before a name that are not part of it.
_HONORIFICS = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"})


def _name_words(name: str) -> list[str]:
    """A name's words without accents, case, punctuation or honorific."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    words = re.findall(r"\w+", "".join(c for c in plain if not unicodedata.combining(c)))
    return [word for word in words if word not in _HONORIFICS] or words


def is_person(author: str, name: str) -> bool:
    """Whether ``author``, as a paper lists it, is the person called ``name``: the same
    surname and first initial ("A. Upadhyay" is Alok Upadhyay, "M. Kovač-Ortiz" is
    Dr. Mira Kovač-Ortiz). The rule the pages use to emphasise the site owner's name."""
    author_words, person_words = _name_words(author), _name_words(name)
    surname = _name_words(name.split()[-1]) if name.split() else []  # "Kovač-Ortiz": 2 words
    if not surname or len(author_words) <= len(surname):
        return False
    return author_words[-len(surname) :] == surname and author_words[0][0] == person_words[0][0]


#: A granted US patent's number as written ("US 12,573,408", "US12573408B2").
_US_PATENT = re.compile(r"^US\s*([\d,]+)(?:\s*B[12])?$", re.IGNORECASE)


def patent_url(patent: GrantedPatent | PendingPatent) -> str | None:
    """The patent's public record: its ``url``, else for a granted US patent the page
    Google Patents keeps at https://patents.google.com/patent/US<number> (the number's
    digits; the form identifiers.org registers for its ``google.patent`` prefix, e.g.
    US4145692). A pending application gets no link."""
    if patent.url or not isinstance(patent, GrantedPatent):
        return patent.url
    match = _US_PATENT.match(patent.number.strip())
    return (
        f"https://patents.google.com/patent/US{match.group(1).replace(',', '')}" if match else None
    )


def orcid_url(profile: Profile) -> str | None:
    """The ORCID record's URL, derived from the iD by ORCID's documented rule."""
    return f"https://orcid.org/{profile.orcid}" if profile.orcid else None


#: The profile's contact fields, in the order pages show them, and their labels.
CONTACT_LABELS = {
    "email": "Email",
    "homepage": "Homepage",
    "linkedin": "LinkedIn",
    "github": "GitHub",
    "google_scholar": "Google Scholar",
    "orcid": "ORCID",
}


@dataclass(frozen=True)
class ContactLink:
    """One way to reach the person: ``url`` is ``mailto:`` for e-mail, else a web page.

    ``text`` is what a CV shows (the address, the iD, the URL without its scheme);
    ``profile`` says the page is the person's own elsewhere (schema.org ``sameAs``,
    ``rel="me"``), which an e-mail address is not.
    """

    key: str
    label: str
    url: str
    text: str
    profile: bool


def contact_links(profile: Profile) -> list[ContactLink]:
    """The contact links the profile gives (e-mail, profiles elsewhere, ORCID), in order."""
    values = profile.contact.model_dump() | {"orcid": profile.orcid}
    links = []
    for key, label in CONTACT_LABELS.items():
        value = values.get(key)
        if not value:
            continue
        if key == "email":
            links.append(ContactLink(key, label, f"mailto:{value}", value, False))
        elif key == "orcid":
            links.append(ContactLink(key, label, orcid_url(profile) or "", value, True))
        else:
            text = re.sub(r"^https?://(www\.)?", "", value).rstrip("/")
            links.append(ContactLink(key, label, value, text, True))
    return links
