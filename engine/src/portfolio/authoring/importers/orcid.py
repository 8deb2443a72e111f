"""Read works from ORCID's public API (JSON, v3.0 or v2) into paper candidates.

``GET https://pub.orcid.org/v3.0/<iD>/works`` lists a summary of each work (title, type,
publication date, journal title, external ids such as the DOI, URL) but not its authors;
``GET .../works/<put-code>,<put-code>,...`` (at most 100 a request) gives the full works
with their contributors. With an iD both are fetched; a saved file may hold either answer,
in v3.0's spelling or v2's (``"JOURNAL_ARTICLE"``, ``"AUTHOR"``, ``"SELF"``). A credit name
written "Beck, Rainer" is put in reading order; markup in a title (``<SUP>40</SUP>Ar``,
``<i>E. coli</i>``) becomes Unicode super- and subscripts where they exist, else plain text.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path

from bibtexparser.middlewares.names import parse_single_name_into_parts

from portfolio.authoring.importers.latex import SUBSCRIPTS, SUPERSCRIPTS
from portfolio.authoring.importers.records import Candidate, normal_doi
from portfolio.authoring.importers.yamlfile import ImportRefused

API = "https://pub.orcid.org/v3.0"
BULK_LIMIT = 100
TIMEOUT = 30
ORCID_ID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$")
#: ORCID work types that are papers; others (data sets, patents, talks...) are left out.
PAPER_TYPES = frozenset(
    {
        "journal-article",
        "conference-paper",
        "conference-abstract",
        "conference-poster",
        "book-chapter",
        "book",
        "preprint",
        "working-paper",
        "report",
        "dissertation-thesis",
        "dissertation",
    }
)
AUTHOR_ROLES = (None, "author", "http://credit.niso.org/contributor-roles/author/")

SUMMARY_NOTE = (
    "{source} is ORCID's /works summary, which lists no authors; `portfolio import orcid <iD>` "
    "fetches each work in full (or save /v3.0/<iD>/works/<put-codes> and import that)"
)


def read_orcid(source: str) -> tuple[list[Candidate], list[str]]:
    """Candidates from an ORCID iD (fetched) or a saved JSON file, and notes on the works
    left out (not a paper, or missing what a record needs)."""
    match = ORCID_ID.match(source.strip())
    payload = fetch_works(match.group(1)) if match else _read_file(Path(source))
    candidates, notes = [], []
    if isinstance(payload, Mapping) and "group" in payload:
        notes.append(SUMMARY_NOTE.format(source=source))
    for work in works_in(payload):
        candidate, why = _candidate(work)
        if candidate:
            candidates.append(candidate)
        else:
            notes.append(why)
    return candidates, notes


def _read_file(path: Path) -> object:
    if not path.is_file():
        raise ImportRefused(
            f"{path}: no such file, and not an ORCID iD (0000-0000-0000-0000 or its orcid.org URL)"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(f"{path}: not ORCID's JSON ({exc})") from None


def fetch_works(orcid: str) -> dict[str, object]:
    """Every work of the record, in full, as ORCID's bulk answer (``{"bulk": [...]}``)."""
    summary = _get(f"{API}/{orcid}/works")
    codes = [str(work["put-code"]) for work in works_in(summary) if work.get("put-code")]
    bulk: list[object] = []
    for start in range(0, len(codes), BULK_LIMIT):
        chunk = ",".join(codes[start : start + BULK_LIMIT])
        bulk += _get(f"{API}/{orcid}/works/{chunk}").get("bulk", [])
    return {"bulk": bulk}


def _get(url: str) -> dict:
    """GET ``url`` as JSON; every failure is one readable line."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise ImportRefused(f"ORCID answered {exc.code} {exc.reason} for {url}") from None
    except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ImportRefused(
            f"cannot reach ORCID at {url} ({reason}); where there is a network, save the "
            "JSON of /v3.0/<iD>/works/<put-codes> (the works in full) and import the file"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportRefused(f"ORCID's answer for {url} is not JSON") from None


def works_in(payload: object) -> Iterator[Mapping]:
    """The works of a ``/works`` answer (each group's preferred summary), of a bulk answer,
    or a single work."""
    if not isinstance(payload, Mapping):
        raise ImportRefused("not ORCID's JSON: expected an object with `group` or `bulk`")
    if "group" in payload:
        for group in payload.get("group") or []:
            summaries = group.get("work-summary") or []
            if summaries:
                yield max(summaries, key=lambda work: int(work.get("display-index") or 0))
    elif "bulk" in payload:
        for item in payload.get("bulk") or []:
            if isinstance(item, Mapping) and isinstance(item.get("work"), Mapping):
                yield item["work"]
    elif "put-code" in payload:
        yield payload
    else:
        raise ImportRefused("not ORCID's JSON: expected an object with `group` or `bulk`")


def _candidate(work: Mapping) -> tuple[Candidate | None, str]:
    """The work as a candidate, or why it is left out."""
    where = f"ORCID work {work.get('put-code', '?')}"
    title = _plain(_value(work.get("title"), "title"))
    work_type = str(work.get("type") or "").lower().replace("_", "-")
    if work_type not in PAPER_TYPES:
        return None, f"{where} ({title or 'untitled'}): skipped, type {work_type} is not a paper"
    fields = {
        "title": title,
        "venue": _plain(_value(work.get("journal-title"))),
        "year": _year(work.get("publication-date")),
        "authors": _authors(work.get("contributors")),
        "url": _value(work.get("url")),
        "doi": _doi(work.get("external-ids")),
        "arxiv": _arxiv(work.get("external-ids")),
        "abstract": _plain(work.get("short-description")),
    }
    missing = [name for name in ("title", "venue", "year", "authors") if not fields[name]]
    if missing:
        names = ", ".join(_ORCID_NAMES[name] for name in missing)
        return None, f"{where} ({title or 'untitled'}): skipped, ORCID gives no {names}"
    found = {name: value for name, value in fields.items() if value}
    return Candidate(f"{where} ({title})", title, found), ""


_ORCID_NAMES = {
    "title": "title",
    "venue": "journal-title (the venue)",
    "year": "publication-date year",
    "authors": "contributors (authors)",
}


def _value(node: object, *path: str) -> str | None:
    """``node[path...]["value"]`` as clean text, or None."""
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    value = node.get("value") if isinstance(node, Mapping) else None
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _year(date: object) -> int | None:
    year = _value(date, "year")
    return int(year) if year and year.isdigit() else None


def _authors(contributors: object) -> list[str]:
    """Credit names of the contributors whose role is author (or not given)."""
    people = contributors.get("contributor") if isinstance(contributors, Mapping) else None
    names = []
    for person in people or []:
        role = (person.get("contributor-attributes") or {}).get("contributor-role")
        name = _value(person.get("credit-name"))
        if name and (role.lower() if isinstance(role, str) else role) in AUTHOR_ROLES:
            names.append(_reading_order(name))
    return names


def _reading_order(name: str) -> str:
    """ "Beck, Rainer" as "Rainer Beck"; a name without a comma as it is written."""
    if "," not in name:
        return name
    parts = parse_single_name_into_parts(name, strict=False)
    ordered = " ".join([*parts.first, *parts.von, *parts.last])
    return f"{ordered}, {' '.join(parts.jr)}" if parts.jr else ordered


class _Markup(HTMLParser):
    """HTML as text: ``<sup>``/``<sub>`` as Unicode scripts where each character has one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("sup", "sub"):
            self.script = [tag]

    def handle_endtag(self, tag: str) -> None:
        if self.script and tag == self.script[0]:
            text = "".join(self.script[1:])
            table = SUPERSCRIPTS if tag == "sup" else SUBSCRIPTS
            scripted = all(char in table for char in text)
            self.parts.append("".join(table[c] for c in text) if scripted else text)
            self.script = None

    def handle_data(self, data: str) -> None:
        (self.script if self.script else self.parts).append(data)


def _plain(text: object) -> str | None:
    """A value of ORCID's as plain text: tags converted or dropped, entities decoded."""
    if not isinstance(text, str):
        return None
    markup = _Markup()
    markup.feed(text)
    markup.close()
    return " ".join("".join(markup.parts).split()) or None


def _external_id(external_ids: object, kind: str) -> str | None:
    """The work's own id of ``kind`` (relationship ``self`` preferred) from its external ids."""
    ids = external_ids.get("external-id") if isinstance(external_ids, Mapping) else None
    found = [
        item
        for item in ids or []
        if str(item.get("external-id-type", "")).lower() == kind and item.get("external-id-value")
    ]
    found.sort(key=lambda item: str(item.get("external-id-relationship")).lower() != "self")
    return str(found[0]["external-id-value"]).strip() if found else None


def _doi(external_ids: object) -> str | None:
    doi = _external_id(external_ids, "doi")
    return normal_doi(doi) if doi else None


def _arxiv(external_ids: object) -> str | None:
    """The arXiv id without its ``arXiv:`` prefix."""
    arxiv = _external_id(external_ids, "arxiv")
    return re.sub(r"^arxiv:\s*", "", arxiv, flags=re.IGNORECASE) if arxiv else None
