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
from portfolio.data.models import HOME_PAPERS, Paper

#: The record's fields in the order ``data/publications.yml`` writes them.
FIELD_ORDER = tuple(Paper.model_fields)
ID_MAX = 48
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
#: Venues of preprints: a paper published elsewhere under the same title is kept instead.
_PREPRINT = re.compile(
    r"\b(?:arxiv|corr|biorxiv|medrxiv|chemrxiv|techrxiv|psyarxiv|ssrn|research square|preprints?|"
    r"e-?prints?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    """One paper read from a source.

    ``where`` names it in messages ("refs.bib:12: entry smith20"), ``key`` is what its id is
    made from (a citation key, a title), ``fields`` what the source gives, by model field;
    ``problems`` say why it cannot be a paper as it is, ``notes`` what was left out of it,
    and ``not_paper`` why it is left out although nothing is wrong with it.
    """

    where: str
    key: str
    fields: Mapping[str, object]
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    not_paper: str = ""


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


def is_preprint(paper: Mapping[str, object]) -> bool:
    """Whether the paper's venue is a preprint server (arXiv, bioRxiv, SSRN...)."""
    return bool(_PREPRINT.search(str(paper.get("venue") or "")))


def plan_import(
    existing: Iterable[Mapping[str, object]], candidates: Iterable[Candidate], strict: bool = True
) -> Plan:
    """New records for the candidates that are not already in ``existing`` (by DOI, or by
    title and venue), each under a free id. A candidate that cannot be a valid paper is a
    problem (the import is refused) when ``strict``, else it is skipped with a note. A
    preprint whose published version is in the file or the import is skipped with a note;
    a paper of a known title in another venue is added with one."""
    plan = Plan()
    candidates = list(candidates)
    known = _Known()
    for paper in existing:
        known.remember(paper)
    published = {
        normal_title(str(c.fields["title"])): c.where.rsplit(": ", 1)[-1]
        for c in candidates
        if c.fields.get("title") and not is_preprint(c.fields)
    }
    for candidate in candidates:
        errors = [f"{candidate.where}: {problem}" for problem in candidate.problems]
        if errors:
            _reject(plan, errors, strict)
            continue
        skip = (
            candidate.not_paper
            or known.duplicate_of(candidate)
            or _preprint_of(candidate, published)
        )
        if skip:
            plan.notes.append(f"{candidate.where}: skipped, {skip}")
            continue
        record = _record(candidate, _free_id(make_id(candidate.key), known.ids, candidate, plan))
        errors = _validation_errors(candidate, record)
        if errors:
            _reject(plan, errors, strict)
            continue
        notes = [*candidate.notes, *known.namesakes(candidate)]
        plan.notes += [f"{candidate.where}: {note}" for note in notes]
        if record.get("selected") and known.selected >= HOME_PAPERS:
            del record["selected"]
            plan.notes.append(
                f"{candidate.where}: field selected: the home page shows at most {HOME_PAPERS} "
                "selected papers, and as many are; left out"
            )
        plan.added.append(record)
        known.remember(record)
    return plan


def _reject(plan: Plan, errors: list[str], strict: bool) -> None:
    if strict:
        plan.problems += errors
    else:
        plan.notes += [f"{error}; skipped" for error in errors]


def _preprint_of(candidate: Candidate, published: Mapping[str, str]) -> str | None:
    """Why a preprint is left out for its published version in the same import."""
    title = normal_title(str(candidate.fields.get("title") or ""))
    if is_preprint(candidate.fields) and title in published:
        return f"a preprint: {published[title]}, of the same title, is imported instead"
    return None


def _normal_arxiv(arxiv: str) -> str:
    """An arXiv id without its version: ``2401.05678v2`` and ``2401.05678`` are one work."""
    return re.sub(r"v\d+$", "", arxiv.strip())


#: The identifiers that make two records one work, their names in messages and normal forms.
IDENTIFIERS = {"doi": ("DOI", normal_doi), "arxiv": ("arXiv id", _normal_arxiv)}


class _Known:
    """The papers so far (the file's, then those added): their ids, identifiers (DOI,
    arXiv) and titles, and how many are selected."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.identifiers: dict[tuple[str, str], str] = {}
        self.titles: dict[str, list[Mapping[str, object]]] = {}
        self.selected = 0

    def remember(self, paper: Mapping[str, object]) -> None:
        self.ids.add(str(paper.get("id", "")))
        self.selected += paper.get("selected") is True
        for key in self._identifiers(paper):
            self.identifiers.setdefault(key, str(paper.get("id")))
        if isinstance(paper.get("title"), str):
            self.titles.setdefault(normal_title(paper["title"]), []).append(paper)

    @staticmethod
    def _identifiers(paper: Mapping[str, object]) -> list[tuple[str, str]]:
        """``(field, normal value)`` of each identifier the paper gives."""
        return [
            (name, normal(value).casefold())
            for name, (_label, normal) in IDENTIFIERS.items()
            if isinstance(value := paper.get(name), str)
        ]

    def duplicate_of(self, candidate: Candidate) -> str | None:
        """Why ``candidate`` is a paper already known (same DOI or arXiv id; same title and
        venue; or the preprint of a published paper of the same title), or None."""
        for key in self._identifiers(candidate.fields):
            if key in self.identifiers:
                return f"same {IDENTIFIERS[key[0]][0]} as paper {self.identifiers[key]}"
        venue = normal_title(str(candidate.fields.get("venue") or ""))
        for paper in self._same_title(candidate):
            if normal_title(str(paper.get("venue") or "")) == venue:
                return f"same title as paper {paper.get('id')}"
            if is_preprint(candidate.fields) and not is_preprint(paper):
                return f"a preprint of paper {paper.get('id')} (same title, in {paper['venue']})"
        return None

    def namesakes(self, candidate: Candidate) -> list[str]:
        """Notes on the known papers of the candidate's title in another venue: both kept."""
        return [
            f"same title as paper {paper.get('id')} (in {paper.get('venue')}) but another "
            "venue; both kept: delete one if they are the same work"
            for paper in self._same_title(candidate)
        ]

    def _same_title(self, candidate: Candidate) -> list[Mapping[str, object]]:
        title = candidate.fields.get("title")
        return self.titles.get(normal_title(title), []) if isinstance(title, str) else []


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
