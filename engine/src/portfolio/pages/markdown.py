"""Text in pandoc markdown: escape it so it stays text, and read escaped text back."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~^$@<>&])")
_ESCAPED = re.compile(r"\\([!-/:-@[-`{-~])")  # any ASCII punctuation, as pandoc reads it


def esc(text: object) -> str:
    """Text from the data, safe inside markdown: HTML escaped, markdown syntax neutralised."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def plain(value: object) -> str | None:
    """Markdown text (a front-matter string, say) as the text it shows: escapes undone."""
    return None if value is None else _ESCAPED.sub(r"\1", str(value))
