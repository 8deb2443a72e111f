"""Read a BibTeX file (bibtexparser 2) into paper candidates, as BibTeX itself reads it.

Field names count in any case (``Author``, ``TITLE``); ``@string`` macros are expanded, with
BibTeX's month names built in, and ``#`` joins parts; an undefined macro is reported, never
copied as text. ``crossref`` is followed: a child entry gets its parent's venue and year (a
parent's ``title`` is the child's ``booktitle``), and the volumes cited that way are not
papers. Text fields are decoded from LaTeX (``latex.Decoder``: every command becomes Unicode
or is reported); ``url`` and ``doi`` are verbatim (a ``%`` in a URL is not a comment) but for
BibTeX's escapes such as DBLP's ``\\_``.

The venue is the first of ``journal``, ``journaltitle``, ``booktitle``, ``howpublished``,
``school``, ``institution``, ``publisher``, an e-print (``eprint`` with ``archivePrefix``,
e.g. "arXiv:2401.01234"), or an @unpublished entry's ``note``. al-folio's fields are kept:
``abbr``, ``selected``, ``abstract``, ``award`` (its ``award_name`` first) and the links
``pdf``, ``code``, ``html``, ``slides``, ``poster``, ``video`` and ``arxiv`` (or an arXiv
``eprint``); a link that is a file of the old site rather than a web address is left out
and said so. (al-folio's ``bibtex_show`` needs no field: it asks for what every paper has.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from portfolio.authoring.importers.latex import Decoder
from portfolio.authoring.importers.records import Candidate
from portfolio.authoring.importers.yamlfile import ImportRefused

#: Entry fields that name where a paper appeared, in order of preference.
VENUE_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "howpublished",
    "school",
    "institution",
    "publisher",
)
#: What a child entry takes from the entry its ``crossref`` names.
INHERITED = (*VENUE_FIELDS, "year", "date")
#: Entry types that are not papers: volumes, data, software, patents.
NOT_PAPERS = frozenset(
    [
        "proceedings",
        "mvproceedings",
        "collection",
        "mvcollection",
        "periodical",
        "dataset",
        "software",
        "patent",
    ]
)
#: al-folio's link fields, by the record's field of the same name.
LINKS = ("pdf", "code", "html", "slides", "poster", "video")
#: BibTeX's predefined macros: the months.
MONTHS = {
    name: str(number)
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
UNDEFINED = "portfolio_undefined_macros"
ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf)?%\s*Encoding:\s*([\w.-]+)", re.IGNORECASE)
_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_ESCAPED = re.compile(r"\\([_%&#$~{}])")
_ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
_DECODER = Decoder()


class ExpandStrings(LibraryMiddleware):
    """Each field's value as BibTeX makes it: braces or quotes removed, ``@string`` macros
    (and the month names) expanded, ``#`` parts joined. bibtexparser resolves only a value
    that is a macro alone; an undefined macro is listed in the entry's parser metadata."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform(self, library: Library) -> Library:
        macros = dict(MONTHS)
        for string in library.strings:
            macros[string.key.lower()] = self._value(string.value, macros, [])
        for entry in library.entries:
            undefined: list[tuple[str, str]] = []
            for field in entry.fields:
                missing: list[str] = []
                field.value = self._value(field.value, macros, missing)
                undefined += [(field.key.lower(), name) for name in missing]
            entry.parser_metadata[UNDEFINED] = undefined
        return library

    @staticmethod
    def _value(raw: object, macros: Mapping[str, str], undefined: list[str]) -> str:
        parts = []
        for part in _concatenated(str(raw)):
            if part[:1] in ('"', "{"):
                parts.append(part[1:-1])
            elif part.isdigit() or part.lower() in macros:
                parts.append(macros.get(part.lower(), part))
            elif part:
                undefined.append(part)
        return "".join(parts)


def _concatenated(value: str) -> list[str]:
    """The parts of a BibTeX value joined by ``#`` (outside braces and quotes)."""
    parts, start, depth, quoted = [], 0, 0, False
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index].strip())
            start = index + 1
    return [*parts, value[start:].strip()]


def read_bibtex(path: Path) -> list[Candidate]:
    """The file's entries as candidates, in the file's order: a block that is not valid
    BibTeX is one whose problem says so, a volume or data set one that is not a paper."""
    with _quiet("bibtexparser"):  # its warnings repeat the failed blocks reported below
        library = bibtexparser.parse_string(
            _text_of(path),
            parse_stack=[
                ExpandStrings(),
                middlewares.NormalizeFieldKeys(),
                middlewares.SeparateCoAuthors(),
                middlewares.SplitNameParts(),
            ],
        )
    entries = {entry.key.lower(): entry for entry in library.entries}
    parents = {_field(entry, "crossref").lower() for entry in library.entries} - {""}
    candidates = [(_line(block), _failed(path, block)) for block in library.failed_blocks]
    for entry in library.entries:
        where = f"{path}:{_line(entry)}: entry {entry.key}"
        if entry.key.lower() in parents or entry.entry_type.lower() in NOT_PAPERS:
            cited = " (the volume its papers cite with crossref)" * (entry.key.lower() in parents)
            why = f"@{entry.entry_type} is not a paper{cited}"
            candidates.append((_line(entry), Candidate(where, entry.key, {}, not_paper=why)))
        else:
            candidates.append((_line(entry), _candidate(where, entry, entries)))
    return [candidate for _, candidate in sorted(candidates, key=lambda pair: pair[0])]


def _text_of(path: Path) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), or the encoding a
    ``% Encoding:`` first line names (as JabRef writes it)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot read it ({exc.strerror})") from None
    named = ENCODING.match(data)
    encoding = named.group(1).decode("ascii") if named else "utf-8-sig"
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except LookupError:
        raise ImportRefused(f"{path}:1: unknown encoding {encoding}; save it as UTF-8") from None
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"{path}: not {encoding.removesuffix('-sig').upper()} text ({exc.reason} at byte "
            f"{exc.start}); save it as UTF-8 or name its encoding on the first line "
            "(% Encoding: windows-1252)"
        ) from None


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


def _failed(path: Path, block: ParsingFailedBlock) -> Candidate:
    """A block bibtexparser could not read, as a candidate whose problem says why."""
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
    return Candidate(f"{path}:{_line(block)}: entry {key}", key, {}, (why,))


def _line(block: object) -> int:
    """The 1-based line a block starts on (bibtexparser counts from 0)."""
    return (getattr(block, "start_line", None) or 0) + 1


def _field(entry: Entry, name: str) -> str:
    """A field's value as one line of raw text ("" when the entry has none)."""
    value = entry.fields_dict[name].value if name in entry.fields_dict else ""
    return " ".join(value.split()) if isinstance(value, str) else ""


class _Reader:
    """One entry's fields as the record's, collecting what cannot be read."""

    def __init__(self, entry: Entry, parent: Entry | None) -> None:
        self.entry, self.parent = entry, parent
        self.problems: list[str] = [
            f"field {field}: @string {name} is not defined in the file; define it or write the text"
            for field, name in entry.parser_metadata.get(UNDEFINED, [])
        ]
        self.notes: list[str] = []

    def raw(self, name: str) -> str:
        """The entry's field, else what its crossref parent gives for it."""
        value = _field(self.entry, name)
        if value or self.parent is None or name not in INHERITED:
            return value
        if name == "booktitle" and not _field(self.parent, "booktitle"):
            return _field(self.parent, "title")
        return _field(self.parent, name)

    def text(self, name: str, optional: bool = False) -> str | None:
        """A text field decoded from LaTeX. What has no text form is a problem, or for an
        ``optional`` field a note that the field is left out."""
        raw = self.raw(name)
        if not raw:
            return None
        text, problems = _DECODER.decode(raw)
        if problems and optional:
            self.notes += [f"field {name}: {problem}; left out" for problem in problems]
            return None
        self.problems += [f"field {name}: {problem}; write it as text" for problem in problems]
        return " ".join(text.split()) or None

    def verbatim(self, name: str) -> str | None:
        """A URL-like field as written, but for BibTeX's escapes (``\\_`` is ``_``)."""
        return _ESCAPED.sub(r"\1", self.raw(name)).strip("{}") or None

    def link(self, name: str) -> str | None:
        """An al-folio link; a file of the old site (not a web address) is left out."""
        value = self.verbatim(name)
        if value and not value.lower().startswith(("http://", "https://")):
            self.notes.append(
                f"field {name}: {value} is a file of the old site, not a web address; left "
                f"out (put it online and add `{name}:` with its URL)"
            )
            return None
        return value


def _candidate(where: str, entry: Entry, entries: Mapping[str, Entry]) -> Candidate:
    crossref = _field(entry, "crossref")
    parent = entries.get(crossref.lower()) if crossref else None
    reader = _Reader(entry, parent)
    if crossref and parent is None:
        reader.problems.append(f"field crossref: no entry {crossref} in the file")
    fields = _fields(entry, reader)
    found = {name: value for name, value in fields.items() if value not in (None, [], "")}
    return Candidate(where, entry.key, found, tuple(reader.problems), tuple(reader.notes))


def _fields(entry: Entry, reader: _Reader) -> dict[str, object]:
    unpublished = entry.entry_type.lower() == "unpublished"
    venue = _venue(reader) or (reader.text("note") if unpublished else None)
    note = None if unpublished else reader.text("note", optional=True)
    return {
        "title": reader.text("title"),
        "venue": venue,
        "abbr": reader.text("abbr", optional=True),
        "year": _year(reader.raw("year") or reader.raw("date")[:4]),
        "authors": _authors(entry.fields_dict.get("author"), reader),
        "award": reader.text("award_name", True) or reader.text("award", True),
        "notes": [note] if note else None,
        "url": reader.verbatim("url") or _bibdesk_url(reader),
        "doi": reader.verbatim("doi"),
        "arxiv": _arxiv(reader),
        **{name: reader.link(name) for name in LINKS},
        "abstract": reader.text("abstract", optional=True),
        "selected": reader.raw("selected").lower() in ("true", "yes", "1") or None,
    }


def _venue(reader: _Reader) -> str | None:
    """The first field that names a venue; an e-print ("arXiv:2401.01234") before the
    publisher, which for a preprint is only the server's name."""
    for name in VENUE_FIELDS[:-1]:
        venue = reader.text(name)
        if venue:
            return venue
    eprint = _ARXIV_PREFIX.sub("", reader.raw("eprint"))
    archive = reader.raw("archiveprefix") or reader.raw("eprinttype")
    if eprint and archive:
        return f"{'arXiv' if archive.lower() == 'arxiv' else archive}:{eprint}"
    return reader.text("publisher")


def _bibdesk_url(reader: _Reader) -> str | None:
    """BibDesk's first link (``Bdsk-Url-1``), for an entry with no ``url`` or ``doi``."""
    return None if reader.raw("doi") else reader.verbatim("bdsk-url-1")


def _arxiv(reader: _Reader) -> str | None:
    """al-folio's ``arxiv``, else an ``eprint`` whose archive is arXiv."""
    archive = (reader.raw("archiveprefix") or reader.raw("eprinttype")).lower()
    value = reader.raw("arxiv") or (reader.raw("eprint") if archive == "arxiv" else "")
    return _ARXIV_PREFIX.sub("", value) or None


def _year(raw: str) -> int | str | None:
    """The year as a number when it is one (the model says what else is wrong)."""
    return int(raw) if raw.isdigit() else raw or None


def _authors(field: object, reader: _Reader) -> list[str] | None:
    """ "Last, First and ..." as ["First Last", ...]; "and others" as "et al."."""
    value = getattr(field, "value", None)
    if not isinstance(value, list):
        return [reader.text("author")] if reader.text("author") else None
    names = []
    for person in value:
        if isinstance(person, str):
            names.append(_name(person, reader))
            continue
        name = _name(" ".join([*person.first, *person.von, *person.last]), reader)
        if person.jr:
            name += ", " + _name(" ".join(person.jr), reader)
        names.append("et al." if name == "others" else name)
    return [name for name in names if name] or None


def _name(latex: str, reader: _Reader) -> str:
    text, problems = _DECODER.decode(latex)
    reader.problems += [f"field author: {problem}; write it as text" for problem in problems]
    return " ".join(text.split())
