"""Text in pandoc markdown: escape it so it stays text, and read escaped text back.

Quarto reads ``{{<`` ... ``>}}`` as a shortcode in page text and in metadata, whether the
braces are escaped or not, and fails on a stray ``>}}`` in metadata (Quarto 1.7.34 and
1.10.18, tried). Its own escape, ``{{{<`` ... ``>}}}``, works in markdown but shows as written
in the metadata it writes without reading (``image-alt``, ``citation``). So no two braces
from the data stay side by side: ``text_only`` puts a word joiner (U+2060, invisible, no
break) between them, which no Quarto parser takes for a delimiter, wherever the text goes.
"""

from __future__ import annotations

import re

#: An invisible character that keeps two braces from being read as a shortcode's delimiter.
WORD_JOINER = "\u2060"
_BRACE_PAIR = re.compile(r"(?<=\{)(?=\{)|(?<=\})(?=\})")
_JOINED_BRACE = re.compile(rf"(?<=[{{}}]){WORD_JOINER}(?=[{{}}])")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~^$@<>&])")
_ESCAPED = re.compile(r"\\([!-/:-@[-`{-~])")  # any ASCII punctuation, as pandoc reads it


def text_only(text: object) -> str:
    """Text from the data as Quarto shows it without reading it as markdown: whitespace
    folded, no two braces side by side (a word joiner between them)."""
    return _BRACE_PAIR.sub(WORD_JOINER, " ".join(str(text).split()))


def esc(text: object) -> str:
    """Text from the data, safe inside markdown: HTML escaped, markdown syntax neutralised,
    no shortcode (``text_only``)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text_only(text))


def plain(value: object) -> str | None:
    """Markdown text (a front-matter string, say) as the text it shows: escapes undone,
    word joiners between braces removed."""
    return None if value is None else _JOINED_BRACE.sub("", _ESCAPED.sub(r"\1", str(value)))
