"""Values the package writes into Quarto metadata (front matter, ``_portfolio.yml``) as text.

Pandoc reads metadata strings as markdown, so ``<script>`` in a title or a name would be a
live script in the header of every page. ``metadata_yaml`` escapes every string as page
text is escaped (``markdown.esc``), except under the keys Quarto does not read as markdown:
``citation`` (CSL fields, which citeproc prints as text), ``date``, ``categories``. A
``Verbatim`` value is written as it is: markdown the package built from escaped parts (the
page footer), or text Quarto writes as an attribute without reading it (``image-alt``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from portfolio.pages.markdown import esc

#: Top-level keys whose values Quarto reads as they are, not as markdown.
VERBATIM = frozenset({"citation", "date", "categories"})


@dataclass(frozen=True)
class Verbatim:
    """A value written into metadata as it is (see the module's docstring for when)."""

    text: str


def as_text(value: Any) -> Any:
    """``value`` with every string markdown-escaped, in lists and mappings too."""
    if isinstance(value, Verbatim):
        return value.text
    if isinstance(value, str):
        return esc(value)
    if isinstance(value, list):
        return [as_text(item) for item in value]
    if isinstance(value, dict):
        return {key: as_text(item) for key, item in value.items()}
    return value


def metadata_yaml(meta: dict[str, Any]) -> str:
    """``meta`` as YAML for Quarto, every markdown-read string escaped so it stays text."""
    safe = {key: value if key in VERBATIM else as_text(value) for key, value in meta.items()}
    return yaml.safe_dump(safe, sort_keys=False, allow_unicode=True, width=1000)
