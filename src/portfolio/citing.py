"""How to cite a paper, built from its record: Quarto ``citation:`` metadata and BibTeX.

Only fields the data has are written: no URL or DOI unless the record carries one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .load import load_portfolio
from .models import Paper, Portfolio

_TEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_TEX_REPLACEMENT = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


class UnknownPaperError(ValueError):
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


def container_title(paper: Paper) -> str:
    """The venue, with the workshop or track when there is one."""
    return f"{paper.venue} {paper.event}" if paper.event else paper.venue


def citation_metadata(paper: Paper) -> dict[str, Any]:
    """The page's ``citation:`` front matter (CSL fields as Quarto reads them)."""
    citation = {
        "type": "paper-conference",
        "title": paper.title,
        "author": list(paper.authors),
        "issued": str(paper.year),
        "container-title": container_title(paper),
    }
    return citation | {
        key: value for key, value in (("url", paper.url), ("doi", paper.doi)) if value
    }


def bibtex_entry(paper: Paper) -> str:
    """An ``@inproceedings`` entry keyed by the paper's id, with TeX specials escaped."""
    fields = {
        "title": paper.title,
        "author": " and ".join(paper.authors),
        "booktitle": container_title(paper),
        "year": str(paper.year),
        "url": paper.url,
        "doi": paper.doi,
    }
    lines = [f"  {name} = {{{_tex(value)}}}," for name, value in fields.items() if value]
    return "\n".join([f"@inproceedings{{{paper.id},", *lines, "}"]) + "\n"


@dataclass(frozen=True)
class PaperCitation:
    """A paper's citation metadata and BibTeX; displays as markdown code blocks."""

    paper: Paper

    def markdown(self) -> str:
        """The ``citation:`` YAML and the BibTeX entry, each in a fenced code block."""
        block = yaml.safe_dump(
            {"citation": citation_metadata(self.paper)}, sort_keys=False, allow_unicode=True
        )
        return f"{_fenced(block, 'yaml')}\n{_fenced(bibtex_entry(self.paper), 'bibtex')}"

    __str__ = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown()


def paper_citation(paper_id: str, data_dir: Path | None = None) -> PaperCitation:
    """The citation of the paper with ``paper_id`` from the career data."""
    return PaperCitation(find_paper(load_portfolio(data_dir), paper_id))


def _tex(text: str) -> str:
    return _TEX_SPECIAL.sub(lambda match: _TEX_REPLACEMENT.get(match[1], "\\" + match[1]), text)


def _fenced(text: str, language: str) -> str:
    """A code block whose fence is longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}{fence}\n"
