"""Read a BibTeX file (bibtexparser 2) into paper candidates.

LaTeX (``{\\"u}``, ``\\'e``, ``{\\o}``, protective braces) in text fields is decoded to
Unicode with pylatexenc; ``url`` and ``doi`` are verbatim fields (a ``%`` in a URL is not a
LaTeX comment) and are kept as written. Each entry's fields map onto the record's, and only
the fields the entry has are filled in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)
from pylatexenc.latex2text import LatexNodes2Text

from portfolio.authoring.importers.records import Candidate
from portfolio.authoring.importers.yamlfile import ImportRefused

#: Entry fields that name where a paper appeared, in order of preference.
VENUE_FIELDS = ("journal", "booktitle", "howpublished", "school", "institution")
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_LATEX = LatexNodes2Text(math_mode="verbatim")  # as bibtexparser's LatexDecodingMiddleware


def read_bibtex(path: Path) -> tuple[list[Candidate], list[str]]:
    """The file's entries as candidates, and the problems of the entries that are malformed
    (``FILE:LINE: entry KEY: ...``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    with _quiet("bibtexparser"):  # its warnings repeat the failed blocks reported below
        library = bibtexparser.parse_string(
            text,
            append_middleware=[middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
        )
    problems = [_failed(path, block) for block in library.failed_blocks]
    return [_candidate(path, entry) for entry in library.entries], problems


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Hold back a library's log messages below ERROR while the block runs."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _failed(path: Path, block: ParsingFailedBlock) -> str:
    """One line for a block bibtexparser could not read: where, which entry, why."""
    match = _KEY.match(block.raw.lstrip())
    key = match.group(1) if match else "?"
    if isinstance(block, DuplicateBlockKeyBlock):
        why = "the key is used by an earlier entry too; keys must be unique"
    elif isinstance(block, DuplicateFieldKeyBlock):
        why = "a field is written twice; keep one"
    else:
        error = block.error
        reason = " ".join(str(getattr(error, "abort_reason", None) or error).split())
        why = f"not valid BibTeX ({reason or 'unreadable'}); fix the entry"
    return f"{path}:{_line(block)}: entry {key}: {why}"


def _line(block: object) -> int:
    """The 1-based line a block starts on (bibtexparser counts from 0)."""
    return (getattr(block, "start_line", None) or 0) + 1


def _candidate(path: Path, entry: Entry) -> Candidate:
    fields = {field.key.lower(): field.value for field in entry.fields}
    record: dict[str, object] = {
        "title": _decoded(fields.get("title")),
        "venue": next((_decoded(fields[name]) for name in VENUE_FIELDS if fields.get(name)), None),
        "year": _year(fields),
        "authors": _authors(fields.get("author")),
        "notes": [_decoded(fields["note"])] if _decoded(fields.get("note")) else None,
        "url": _text(fields.get("url")),
        "doi": _text(fields.get("doi")),
    }
    where = f"{path}:{_line(entry)}: entry {entry.key}"
    return Candidate(where, entry.key, {k: v for k, v in record.items() if v is not None})


def _text(value: object) -> str | None:
    """A decoded field value on one line, or None when empty."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _decoded(value: object) -> str | None:
    """A text field's LaTeX as Unicode on one line, or None when empty."""
    return _text(_LATEX.latex_to_text(value)) if isinstance(value, str) else None


def _year(fields: dict[str, object]) -> int | str | None:
    """The year as a number when it is one (the model says what else is wrong)."""
    raw = _text(fields.get("year")) or (_text(fields.get("date")) or "")[:4] or None
    return int(raw) if raw and raw.isdigit() else raw


def _authors(value: object) -> list[str] | None:
    """ "Last, First and ..." as ["First Last", ...]; "and others" as "et al."."""
    if not isinstance(value, list):
        return [_decoded(value)] if _decoded(value) else None
    names = []
    for person in value:
        if isinstance(person, str):
            names.append(_decode(person))
            continue
        parts = [*person.first, *person.von, *person.last]
        name = _decode(" ".join(parts))
        if person.jr:
            name += ", " + _decode(" ".join(person.jr))
        names.append("et al." if name == "others" else name)
    return [name for name in names if name] or None


def _decode(latex: str) -> str:
    return " ".join(_LATEX.latex_to_text(latex).split())
