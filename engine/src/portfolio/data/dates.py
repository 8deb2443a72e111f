"""Partial dates as the data writes them (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) and ``as_of``."""

from __future__ import annotations

import os
import re
from datetime import date

from portfolio.exceptions import PortfolioError

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_partial_date(text: str) -> date:
    """The first day a partial date covers: ``"2024-07"`` -> 2024-07-01.

    Raises ValueError that says what was expected.
    """
    match = _PARTIAL.match(text)
    if not match:
        raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None


class AsOfError(PortfolioError):
    """The date given for "present" (``--as-of``, ``$PORTFOLIO_AS_OF``) is not a date."""


def resolve_as_of(as_of: date | str | None = None) -> date:
    """The date "present" means: the argument, else ``$PORTFOLIO_AS_OF``, else today."""
    if isinstance(as_of, date):
        return as_of
    text = as_of or os.environ.get("PORTFOLIO_AS_OF")
    try:
        return parse_partial_date(text) if text else date.today()
    except ValueError as exc:
        where = "the as-of date" if as_of else "$PORTFOLIO_AS_OF"
        raise AsOfError(f"{where}: {exc}") from None


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (month granularity, as the data is)."""
    return (end.year - start.year) * 12 + end.month - start.month


def month_year(moment: date) -> str:
    """A month as pages show it: ``2024-07-01`` -> ``"Jul 2024"``."""
    return moment.strftime("%b %Y")


def tenure_text(months: int) -> str:
    """Whole months as pages show them: ``28`` -> ``"2 yr 4 mo"``."""
    years, rest = divmod(int(months), 12)
    parts = [f"{years} yr"] * bool(years) + [f"{rest} mo"] * bool(rest)
    return " ".join(parts) or "under a month"


def partial_date_text(text: str) -> str:
    """A data date to the precision it is written: ``"2024-07"`` -> ``"Jul 2024"``, ``"2009"``."""
    moment = parse_partial_date(text)
    return str(moment.year) if len(text) == 4 else month_year(moment)
