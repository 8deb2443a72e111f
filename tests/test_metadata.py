"""Values written into Quarto metadata stay text: escaped for pandoc, read back unchanged."""

from __future__ import annotations

import pytest
import yaml

from portfolio.build.sitemeta import site_metadata_text
from portfolio.pages.markdown import WORD_JOINER, plain
from portfolio.pages.metadata import as_text, metadata_yaml

TEXTS = [
    "Old <b>news</b>",
    "<script>alert(1)</script>",
    "C++ & Rust_x [a](javascript:alert(1)) \\ back",
    "Dr. Mira Kovač-Ortiz",
    "Café Acoustique GmbH · Technische Universität München",
    "{{< include x.qmd >}} {{{< meta title >}}} a >}} b",
    "`code`{=html} $x$ \\(y\\) @cite #h",
]


@pytest.mark.parametrize("text", TEXTS)
def test_escaped_text_reads_back_as_written(text):
    assert plain(as_text(text)) == text


def test_markdown_read_keys_are_escaped_and_csl_dates_categories_kept():
    meta = {
        "title": "<script>x</script>",
        "author": ["A & <b>B</b>"],
        "date": "2026-01-02",
        "categories": ["R&D"],
        "citation": {"title": "<i>t</i>"},
        "draft": True,
    }
    assert yaml.safe_load(metadata_yaml(meta)) == {
        "title": r"\<script\>x\</script\>",
        "author": [r"A \& \<b\>B\</b\>"],
        "date": "2026-01-02",
        "categories": ["R&D"],
        "citation": {"title": "<i>t</i>"},
        "draft": True,
    }


def test_site_title_and_description_are_text(other):
    profile = other.profile.model_copy(
        update={"name": "<script>alert(1)</script> Kovač", "headline": "A <b>bold</b> claim"}
    )
    meta = yaml.safe_load(site_metadata_text(profile))
    assert meta["website"]["title"] == r"\<script\>alert(1)\</script\> Kovač"
    assert meta["website"]["description"] == r"A \<b\>bold\</b\> claim"


def test_no_shortcode_delimiter_reaches_quarto_in_any_key():
    """Quarto reads ``{{<`` and ``>}}`` in every metadata string, escaped or not."""
    text = "{{< include secret.qmd >}} and {{{< meta title >}}} >}}"
    meta = {
        "title": text,
        "open-graph": {"description": text, "image-alt": text},
        "citation": {"title": text, "author": [text]},
    }
    written = metadata_yaml(meta)
    assert "{{" not in written.replace("\\", "") and "}}" not in written.replace("\\", "")
    read = yaml.safe_load(written)
    assert read["open-graph"]["image-alt"] == read["citation"]["title"] != text
    assert WORD_JOINER in read["citation"]["author"][0]
    for value in (read["title"], read["open-graph"]["description"], read["citation"]["title"]):
        assert plain(value) == text


def test_image_alt_is_not_markdown_escaped():
    alt = metadata_yaml({"open-graph": {"image-alt": "A <b>card</b> & *more*"}})
    assert yaml.safe_load(alt) == {"open-graph": {"image-alt": "A <b>card</b> & *more*"}}
