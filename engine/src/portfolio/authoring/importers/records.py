"""Imported papers as records of ``data/publications.yml``: ids, duplicates, validation.

Both importers turn what they read into ``Candidate`` s holding only the fields their source
gives; ``plan_import`` decides which become new records, under which id, and why the others
are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from portfolio.authoring.new_page import slugify
from portfolio.data.models import Paper

#: The record's fields in the order ``data/publications.yml`` writes them.
FIELD_ORDER = tuple(Paper.model_fields)
ID_MAX = 48
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """One paper read from a source.

    ``where`` names it in messages ("refs.bib:12: entry smith20"), ``key`` is what its id is
    made from (a citation key, a title), ``fields`` what the source gives, by model field.
    """

    where: str
    key: str
    fields: Mapping[str, object]


@dataclass
class Plan:
    """What an import would do: records to add (with their ids), notes, and refusals."""

    added: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def normal_doi(doi: str) -> str:
    """A DOI without its resolver prefix (``https://doi.org/``, ``doi:``)."""
    return _DOI_PREFIX.sub("", doi.strip())


def normal_title(title: str) -> str:
    """A title reduced for comparison: case, accents, punctuation and spacing dropped."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"\w+", plain))


def make_id(key: str) -> str:
    """An id the model accepts (lower-case words joined by hyphens) made from ``key``."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])", " ", key)
    return slugify(spaced, ID_MAX) or "paper"


def plan_import(
    existing: Iterable[Mapping[str, object]], candidates: Iterable[Candidate], strict: bool = True
) -> Plan:
    """New records for the candidates that are not already in ``existing`` (by DOI or by
    title), each under a free id. A candidate that is not a valid paper is a problem (the
    import is refused) when ``strict``, else it is skipped with a note."""
    plan = Plan()
    dois, titles, ids = _index(existing)
    for candidate in candidates:
        duplicate = _duplicate_of(candidate, dois, titles)
        if duplicate:
            plan.notes.append(f"{candidate.where}: skipped, {duplicate}")
            continue
        record = _record(candidate, _free_id(make_id(candidate.key), ids, candidate, plan))
        errors = _validation_errors(candidate, record)
        if errors:
            if strict:
                plan.problems += errors
            else:
                plan.notes += [f"{error}; skipped" for error in errors]
            continue
        plan.added.append(record)
        _remember(record, str(record["id"]), dois, titles, ids)
    return plan


def _index(existing: Iterable[Mapping[str, object]]) -> tuple[dict, dict, set]:
    dois: dict[str, str] = {}
    titles: dict[str, str] = {}
    ids: set[str] = set()
    for paper in existing:
        _remember(paper, str(paper.get("id", "")), dois, titles, ids)
    return dois, titles, ids


def _remember(paper: Mapping[str, object], paper_id: str, dois: dict, titles: dict, ids: set):
    ids.add(paper_id)
    if isinstance(paper.get("doi"), str):
        dois.setdefault(normal_doi(paper["doi"]).casefold(), paper_id)
    if isinstance(paper.get("title"), str):
        titles.setdefault(normal_title(paper["title"]), paper_id)


def _duplicate_of(candidate: Candidate, dois: dict, titles: dict) -> str | None:
    doi = candidate.fields.get("doi")
    if isinstance(doi, str) and normal_doi(doi).casefold() in dois:
        return f"same DOI as paper {dois[normal_doi(doi).casefold()]}"
    title = candidate.fields.get("title")
    if isinstance(title, str) and normal_title(title) in titles:
        return f"same title as paper {titles[normal_title(title)]}"
    return None


def _free_id(wanted: str, ids: set[str], candidate: Candidate, plan: Plan) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... when a paper already has it (noted)."""
    if wanted not in ids:
        return wanted
    number = 2
    while f"{wanted}-{number}" in ids:
        number += 1
    plan.notes.append(f"{candidate.where}: id {wanted} is taken; imported as {wanted}-{number}")
    return f"{wanted}-{number}"


def _record(candidate: Candidate, paper_id: str) -> dict[str, object]:
    """The record as the file writes it: model field order, only the fields given."""
    given = dict(candidate.fields, id=paper_id)
    if isinstance(given.get("doi"), str):
        given["doi"] = normal_doi(given["doi"])
    return {name: given[name] for name in FIELD_ORDER if given.get(name) not in (None, "", [])}


def _validation_errors(candidate: Candidate, record: dict[str, object]) -> list[str]:
    """The record's problems as the model states them, one line each."""
    try:
        Paper.model_validate(record)
    except ValidationError as exc:
        return [_error_line(candidate, error) for error in exc.errors()]
    return []


def _error_line(candidate: Candidate, error: Mapping) -> str:
    name = ".".join(str(part) for part in error["loc"]) or "record"
    if error["type"] == "missing":
        message = "required field is missing; the entry gives none"
    else:
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] != "value_error" and isinstance(error["input"], str | int):
            message += f" (got {error['input']!r})"
    return f"{candidate.where}: field {name}: {message}"
