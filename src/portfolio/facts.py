"""Facts derived from the data (never typed by hand): tenure, years at Amazon, counts."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date

from .dates import months_between, parse_partial_date
from .models import GrantedPatent, Portfolio, Role


def role_period(role: Role, as_of: date) -> tuple[date, date]:
    """Start and end of a role; an ongoing role ends at ``as_of``."""
    start = parse_partial_date(role.start)
    return start, parse_partial_date(role.end) if role.end else max(start, as_of)


def tenure_months(role: Role, as_of: date) -> int:
    """Whole months in a role."""
    return months_between(*role_period(role, as_of))


def years_at_amazon(portfolio: Portfolio, as_of: date) -> float:
    """Years covered by roles at an Amazon employer (overlaps counted once)."""
    periods = sorted(
        role_period(role, as_of) for role in portfolio.roles if role.employer.startswith("Amazon")
    )
    months, reach = 0, None
    for start, end in periods:
        start = max(start, reach) if reach else start
        if end > start:
            months += months_between(start, end)
            reach = end
    return months / 12


def granted_patents(portfolio: Portfolio, as_of: date | None = None) -> int:
    """Number of granted patents."""
    return sum(isinstance(patent, GrantedPatent) for patent in portfolio.patents)


def papers(portfolio: Portfolio, as_of: date | None = None) -> int:
    """Number of published papers."""
    return len(portfolio.publications.papers)


DERIVATIONS: dict[str, Callable[[Portfolio, date], float]] = {
    "years_at_amazon": years_at_amazon,
    "granted_patents": granted_patents,
    "papers": papers,
}

_STAT = re.compile(r"^(\d+)(\+?)$")


def stat_mismatch(stated: str, derived: float) -> str | None:
    """Why ``stated`` ("12+", "4") disagrees with ``derived``, or None when it agrees."""
    match = _STAT.match(stated)
    if not match:
        return f'a derived stat is written as a whole number, optionally with "+", not {stated!r}'
    number, at_least = int(match.group(1)), bool(match.group(2))
    if at_least and derived < number:
        return f"states {stated} but the data gives {round(derived, 1):g}"
    if not at_least and derived != number:
        return f"states {stated} but the data gives {round(derived, 1):g}"
    return None


def format_stat(stated: str, derived: float) -> str:
    """Show a derived value the way the profile writes it: ``("12+", 12.7)`` -> ``"12+"``."""
    return f"{math.floor(derived)}+" if stated.endswith("+") else f"{derived:g}"
