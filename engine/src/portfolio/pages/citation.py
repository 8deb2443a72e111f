"""How to cite one paper: a BibTeX entry, a CSL-JSON item and Quarto's ``citation:`` block.

Every field comes from the paper's record; a link (``url``, ``doi``) appears only when the
data has it. The data's papers are conference or workshop papers, so all three use the
conference-paper type.
"""

from __future__ import annotations

import re
from typing import Any

from portfolio.data.facts import venue_title
from portfolio.data.models import Paper, Portfolio
from portfolio.exceptions import PortfolioError

#: BibTeX/LaTeX special characters and what stands for them in a braced field value.
#: Braces become commands rather than ``\{`` because BibTeX counts every brace.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _BIBTEX_ESCAPES))


class UnknownPaperError(PortfolioError):
    """No paper in ``data/publications.yml`` has the requested id."""


def find_paper(portfolio: Portfolio, paper_id: str) -> Paper:
    """The paper with ``paper_id``; the error lists the ids that exist."""
    papers = portfolio.publications.papers
    for paper in papers:
        if paper.id == paper_id:
            return paper
    known = ", ".join(paper.id for paper in papers) or "none"
    raise UnknownPaperError(
        f"no paper with id {paper_id!r} in publications.yml; known ids: {known}"
    )


def page_front_matter(paper: Paper) -> dict[str, Any]:
    """A paper page's front matter: its title, its authors (Quarto prefers a page's
    ``author`` over the citation's) and the ``citation:`` block."""
    return {"title": paper.title, "author": list(paper.authors), "citation": quarto_citation(paper)}


def compact(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without the keys whose value the data does not give (None, "" or [])."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _after(text: str) -> str:
    """The separator after ``text``: ". ", or a space when it ends a sentence itself
    ("Is Noise White?", "... Not White.")."""
    return " " if text.rstrip().endswith((".", "?", "!")) else ". "


def reference_runs(paper: Any) -> list[tuple[str, str]]:
    """A paper's reference as the site and the CV print it, as ``(text, style)`` runs.

    ``paper`` is a row of ``tables.papers_frame``. Styles: ``"authors"``, ``"title"``,
    ``"venue"`` and ``"note"`` hold text from the data; ``"plain"`` the punctuation and year.
    Joined, the texts are the reference as plain text.
    """
    runs = [
        (paper.authors_text, "authors"),
        (_after(paper.authors_text), "plain"),
        (paper.title, "title"),
        (_after(paper.title), "plain"),
        (paper.venue_full, "venue"),
        (f", {paper.year}", "plain"),
    ]
    for note in paper.notes:
        runs += [(" · ", "plain"), (note, "note")]
    return [*runs, (".", "plain")]


def paper_link(paper: Any) -> str | None:
    """Where a paper can be read: its URL, else its DOI's https://doi.org/ link, else None."""
    if isinstance(paper.url, str):
        return paper.url
    return f"https://doi.org/{paper.doi}" if isinstance(paper.doi, str) else None


def reference_text(paper: Any) -> str:
    """A paper's reference as plain text: ``"A. Author, B. Author. Title. Venue, 2024 · Oral."``."""
    return "".join(text for text, _ in reference_runs(paper))


def bibtex_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX value: ``"R&D"`` -> ``"R\\&D"``."""
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_ESCAPES[match.group()], text)


def _bibtex_name(name: str) -> str:
    """One author, braced whole if it contains the word "and" (BibTeX's name separator)."""
    escaped = bibtex_escape(name)
    return f"{{{escaped}}}" if re.search(r"\band\b", name, re.IGNORECASE) else escaped


def bibtex_fields(paper: Paper) -> dict[str, str]:
    """The entry's fields in the order they are written.

    Text is escaped; ``doi`` and ``url`` are verbatim fields (biblatex reads them as they are).
    """
    fields = {
        "title": f"{{{bibtex_escape(paper.title)}}}",  # inner braces keep "VLM", "CoT" as written
        "author": " and ".join(_bibtex_name(name) for name in paper.authors),
        "booktitle": bibtex_escape(venue_title(paper)),
        "year": str(paper.year),
        "note": bibtex_escape(", ".join(paper.notes)),
        "doi": paper.doi,
        "url": paper.url,
    }
    return compact(fields)


def bibtex_entry(paper: Paper) -> str:
    """One ``@inproceedings`` entry keyed by the paper id (stable across edits)."""
    lines = [f"  {name} = {{{value}}}," for name, value in bibtex_fields(paper).items()]
    return "\n".join([f"@inproceedings{{{paper.id},", *lines, "}"]) + "\n"


def csl_item(paper: Paper) -> dict[str, Any]:
    """A CSL-JSON item; authors are ``literal`` names, since the data never splits them."""
    item: dict[str, Any] = {
        "id": paper.id,
        "type": "paper-conference",
        "title": paper.title,
        "author": [{"literal": name} for name in paper.authors],
        "container-title": venue_title(paper),
        "issued": {"date-parts": [[paper.year]]},
    }
    return item | _notes_and_links(paper, url_key="URL", doi_key="DOI")


def quarto_citation(paper: Paper) -> dict[str, Any]:
    """The ``citation:`` front matter of the paper's page (Quarto writes ``citation_*`` tags).

    ``issued`` is the year as a number: Quarto reads a number as a year alone but parses a
    string such as ``"2024"`` into a full date. Quarto prefers a page-level ``author:`` over
    ``citation.author``, so the page should leave ``author:`` out or give these same names.
    """
    block: dict[str, Any] = {
        "id": paper.id,
        "type": "paper-conference",
        "title": paper.title,
        "author": list(paper.authors),
        "issued": paper.year,
        "container-title": venue_title(paper),
    }
    return block | _notes_and_links(paper, url_key="url", doi_key="doi")


def _notes_and_links(paper: Paper, url_key: str, doi_key: str) -> dict[str, str]:
    return compact({"note": ", ".join(paper.notes), url_key: paper.url, doi_key: paper.doi})
