"""Append records to ``data/publications.yml`` as a person would: every comment, record and
line already there stays as it is written, new records follow the file's layout, and the
file is only replaced (atomically) by content that ``portfolio check`` accepts."""

from __future__ import annotations

import io
import shutil
import tempfile
import textwrap
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString
from ruamel.yaml.tokens import CommentToken

from portfolio.data.load import FILES, read_portfolio
from portfolio.data.problems import Problem
from portfolio.exceptions import PortfolioError

PUBLICATIONS = FILES["publications"]
WIDTH = 92
#: Indentations tried, in order, for the one that writes the file back unchanged:
#: (mapping, sequence, dash offset).
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0))


class ImportRefused(PortfolioError):
    """The import cannot go ahead; the message says why in one line."""


class PublicationsFile:
    """``publications.yml`` loaded for a round trip: its text, document and layout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ImportRefused(f"{path}: file is missing; the import adds to it") from None
        except UnicodeDecodeError:
            raise ImportRefused(f"{path}: not UTF-8 text; save it as UTF-8") from None
        self.yaml, self.doc = _load(self.text, path)
        papers = self.doc.get("papers") if isinstance(self.doc, Mapping) else None
        if not isinstance(papers, CommentedSeq):
            raise ImportRefused(f"{path}: has no `papers:` list to add to; run `portfolio check`")
        self.papers = papers

    def existing(self) -> list[Mapping[str, object]]:
        """The records already in the file (as written, not validated)."""
        return [paper for paper in self.papers if isinstance(paper, Mapping)]

    def with_records(self, records: list[dict[str, object]]) -> str:
        """The file's text with ``records`` appended to ``papers``."""
        blank_between = any(_has_blank_before(self.papers, i) for i in range(1, len(self.papers)))
        if not self.papers:
            self.papers.fa.set_block_style()
        for record in records:
            self.papers.append(_node(record))
            if blank_between and len(self.papers) > 1:
                _blank_line_before(self.papers, len(self.papers) - 1)
        out = io.StringIO()
        self.yaml.dump(self.doc, out)
        return out.getvalue()


def _load(text: str, path: Path) -> tuple[YAML, object]:
    """Parse ``text`` with the layout that writes it back byte for byte, if one does."""
    first = None
    for mapping, sequence, offset in _LAYOUTS:
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = WIDTH
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            doc = yaml.load(text)
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"{mark.line + 1}:" if mark else ""
            raise ImportRefused(f"{path}:{line} not valid YAML; run `portfolio check`") from None
        first = first or (yaml, doc)
        out = io.StringIO()
        yaml.dump(doc, out)
        if out.getvalue() == text:
            return yaml, doc
    return first


def _has_blank_before(papers: CommentedSeq, index: int) -> bool:
    comments = papers.ca.items.get(index)
    before = comments[1] if comments and len(comments) > 1 else None
    return bool(before) and any(token.value.startswith("\n") for token in before)


def _blank_line_before(papers: CommentedSeq, index: int) -> None:
    papers.ca.items[index] = [None, [CommentToken("\n", CommentMark(0), None)], None, None]


def _node(record: Mapping[str, object]) -> CommentedMap:
    """A record in the file's style: short lists in brackets, long titles and abstracts
    folded (``>-``)."""
    node = CommentedMap()
    for key, value in record.items():
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        elif key in ("title", "abstract") and isinstance(value, str) and len(value) > WIDTH - 16:
            value = _folded(value)
        node[key] = value
    return node


def _folded(text: str) -> FoldedScalarString:
    """``text`` as a folded block, broken at spaces to fit the file's width."""
    lines = textwrap.wrap(text, WIDTH - 8, break_long_words=False, break_on_hyphens=False)
    folded = FoldedScalarString(" ".join(lines))
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
        at += 1
    folded.fold_pos = positions
    return folded


def validate(data_dir: Path, text: str) -> list[Problem]:
    """The problems ``portfolio check`` would report if publications.yml held ``text``."""
    with tempfile.TemporaryDirectory(prefix="portfolio-import-") as tmp:
        folder = Path(tmp)
        for name in FILES.values():
            if (data_dir / name).is_file():
                shutil.copyfile(data_dir / name, folder / name)
        (folder / PUBLICATIONS).write_text(text, encoding="utf-8")
        _, problems = read_portfolio(folder)
        return [_relabel(problem, folder, data_dir) for problem in problems]


def _relabel(problem: Problem, folder: Path, data_dir: Path) -> Problem:
    """Name the user's file, not the temporary copy."""
    path = Path(problem.file)
    if path.parent.resolve() == folder.resolve():
        return replace(problem, file=_shown(data_dir / path.name))
    return problem


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
