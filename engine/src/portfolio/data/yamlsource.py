"""Read one YAML file into Python data plus the line of every key and item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portfolio.data.problems import Problem
from portfolio.yamlload import Loader as _Loader

Path_ = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed YAML file: its data, and the line (1-based) of each path in it."""

    path: Path
    label: str
    data: object = None
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, loc: Path_) -> int:
        """The line of the longest prefix of ``loc`` that the file has."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


def read_yaml(path: Path, label: str) -> tuple[Source, list[Problem]]:
    """Parse ``path``; return it with its problems (missing, not UTF-8, bad YAML, empty...)."""
    source = Source(path, label)
    if not path.is_file():
        return source, [Problem(label, 0, "file is missing; the site needs it")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return source, [
            Problem(label, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8")
        ]
    if problem := _alias_problem(text, label):
        return source, [problem]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return source, [Problem(label, 1, "file is empty; expected records")]
        source.data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        return source, [syntax_problem(exc, text, label)]
    finally:
        loader.dispose()
    return source, _index_lines(node, (), source.lines, label)


# Constructs PyYAML reports only where it gives up (often the end of the file) when they are
# never closed: the problem is where they opened.
_OPENERS = {
    "while scanning a quoted scalar": "this quote is never closed",
    "while parsing a flow sequence": "this [ is never closed",
    "while parsing a flow mapping": "this { is never closed",
}


def _at(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _runaway_quote(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The last value before a syntax error at ``mark`` when it is quoted and spans lines:
    a quote left open that the next quote (lines later) closed."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    quoted = isinstance(last, yaml.ScalarToken) and last.style in ("'", '"')
    return last if quoted and last.start_mark.line != last.end_mark.line else None


def syntax_problem(exc: yaml.YAMLError, text: str, label: str) -> Problem:
    """A YAML syntax error located by line and column; an unclosed quote or bracket at the
    line where it opened, with the place PyYAML stopped."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark: yaml.Mark | None = getattr(exc, "problem_mark", None)
    context: str | None = getattr(exc, "context", None)
    opened: yaml.Mark | None = getattr(exc, "context_mark", None)
    detail = f" ({problem} at {_at(mark)})" if mark is not None else ""
    if opened is not None and context in _OPENERS:
        message = f"not valid YAML: {_OPENERS[context]}{detail}"
        return Problem(label, opened.line + 1, message, column=opened.column + 1)
    if mark is not None and (quote := _runaway_quote(text, mark)):
        start, end = quote.start_mark, quote.end_mark
        message = (
            f"not valid YAML: the quote opened here is closed only on {_at(end)}; "
            f"is a closing quote missing?{detail}"
        )
        return Problem(label, start.line + 1, message, column=start.column + 1)
    if opened is not None and context:
        problem += f" ({context.removeprefix('while ')} that began on {_at(opened)})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, None)
    return Problem(label, line, f"not valid YAML: {problem}", column=column)


def _alias_problem(text: str, label: str) -> Problem | None:
    """The first alias (``*name``) in ``text``, refused before anything expands it.

    A data file needs no aliases, and expanding nested ones ("billion laughs") exhausts
    memory. Malformed YAML is left for the full parse to report.
    """
    if "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                message = f"aliases (*{event.anchor}) are not allowed; write the value out"
                return Problem(label, line, message)
    except yaml.YAMLError:
        return None
    return None


def _index_lines(node: yaml.Node, loc: Path_, lines: dict[Path_, int], label: str) -> list[Problem]:
    """Record the line of every node under ``node``; report keys written twice."""
    lines[loc] = node.start_mark.line + 1
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                line = key_node.start_mark.line + 1
                problems.append(Problem(label, line, f"key {key!r} is written twice; keep one"))
            seen.add(key)
            problems += _index_lines(value_node, (*loc, key), lines, label)
            lines[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _index_lines(item, (*loc, index), lines, label)
    return problems
