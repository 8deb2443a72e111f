"""Values the package writes into Quarto metadata (front matter, ``_portfolio.yml``) as text.

Every value goes through ``as_text``, so a field added later cannot be forgotten. Pandoc
reads metadata strings as markdown, so ``<script>`` in a title or a name would be a live
script in the header of every page: those strings are escaped as page text is
(``markdown.esc``). Under the keys Quarto writes as they are, without reading them as
markdown (``AS_WRITTEN``: the ``citation`` block, ``image-alt``, ``date``, ``categories``),
an escape would show, so the strings there only lose what Quarto would still run
(``markdown.text_only``: shortcode braces). A ``Verbatim`` value is written as it is: markdown
the package built from escaped parts (the page footer), or a URL or path from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from portfolio.pages.markdown import esc, text_only

#: Keys whose values Quarto writes as they are, not read as markdown (at any depth).
AS_WRITTEN = frozenset({"citation", "image-alt", "date", "categories"})


@dataclass(frozen=True)
class Verbatim:
    """A value written into metadata as it is (see the module's docstring for when)."""

    text: str


def as_text(value: Any, markdown: bool = True) -> Any:
    """``value`` with every string kept text: markdown-escaped (``markdown``) or, under the
    keys in ``AS_WRITTEN``, with no shortcode; in lists and mappings too."""
    if isinstance(value, Verbatim):
        return value.text
    if isinstance(value, str):
        return esc(value) if markdown else text_only(value)
    if isinstance(value, list):
        return [as_text(item, markdown) for item in value]
    if isinstance(value, dict):
        return {
            key: as_text(item, markdown and key not in AS_WRITTEN) for key, item in value.items()
        }
    return value


def metadata_yaml(meta: dict[str, Any]) -> str:
    """``meta`` as YAML for Quarto, every string kept text (``as_text``)."""
    return yaml.safe_dump(as_text(meta), sort_keys=False, allow_unicode=True, width=1000)
