"""Values written into Quarto metadata stay text: escaped for pandoc, read back unchanged."""

from __future__ import annotations

import pytest
import yaml

from portfolio.build.sitemeta import site_metadata_text
from portfolio.pages.markdown import plain
from portfolio.pages.metadata import as_text, metadata_yaml

TEXTS = [
    "Old <b>news</b>",
    "<script>alert(1)</script>",
    "C++ & Rust_x [a](javascript:alert(1)) \\ back",
    "Dr. Mira Kovač-Ortiz",
    "Café Acoustique GmbH · Technische Universität München",
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
