"""Read one YAML file into Python data plus the line of every key and item."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portfolio.data.problems import Problem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader

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
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        return source, [Problem(label, mark.line + 1 if mark else 1, f"not valid YAML: {reason}")]
    finally:
        loader.dispose()
    return source, _index_lines(node, (), source.lines, label)


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
