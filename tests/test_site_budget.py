"""Deterministic page-weight and head checks of the real render (bytes, not timings).

Every page is loaded in Chromium (``portfolio.verify.pageweight``): gzipped bytes of all it
requests against the budgets, where plotly.js is loaded, how chart scripts are loaded,
and the description every page must carry. Speed scores live in ``benchmarks/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from helpers import read_page

from portfolio.build.assets import TARGET as PLOTLY_BUNDLE
from portfolio.build.postrender import ICON_RULE, ICONS_CSS, ICONS_DIR, ORIGINALS, used_icons
from portfolio.verify.pageweight import PageWeight, weigh_pages
from portfolio.verify.sitecheck import html_pages

HOME = "index.html"
HOME_BUDGET = 600_000
PLAIN_PAGE_BUDGET = 150_000  # a page without charts


@dataclass
class _Head:
    """The page's ``<script src>`` tags (attributes) and its meta description."""

    scripts: list[dict[str, str | None]]
    description: str | None


def _head(site: Path, page: str) -> _Head:
    parsed = read_page(site / page)
    description = parsed.find("meta", name="description")
    return _Head(
        [dict(script.attrs) for script in parsed.find_all("script") if script.get("src")],
        None if description is None else description.get("content"),
    )


@pytest.fixture(scope="module")
def weights(rendered_site) -> dict[str, PageWeight]:
    pages = html_pages(rendered_site)
    return {weight.path: weight for weight in weigh_pages(rendered_site, pages)}


def _kb(weight: PageWeight) -> str:
    return f"{weight.path}: {weight.gzip_bytes / 1000:.0f} KB gzipped"


def test_home_page_weight_is_within_budget(weights):
    assert weights[HOME].gzip_bytes <= HOME_BUDGET, _kb(weights[HOME])


def test_pages_without_charts_are_within_budget(weights):
    plain = [weight for weight in weights.values() if not weight.charts]
    assert plain, "no page without charts"
    heavy = [_kb(weight) for weight in plain if weight.gzip_bytes > PLAIN_PAGE_BUDGET]
    assert not heavy, f"over {PLAIN_PAGE_BUDGET / 1000:.0f} KB: {heavy}"


def test_plotly_loads_only_on_chart_pages_and_once(weights, rendered_site):
    name = PLOTLY_BUNDLE.name
    assert any(weight.charts for weight in weights.values()), "no page with charts"
    for weight in weights.values():
        loads = weight.requests_to(name)
        tags = [s for s in _head(rendered_site, weight.path).scripts if name in (s["src"] or "")]
        assert loads <= 1 and len(tags) <= 1, f"{weight.path}: plotly.js loaded {loads} times"
        if not weight.charts:
            assert loads == 0 and not tags, f"{weight.path} has no chart but loads plotly.js"


def test_no_script_blocks_the_parser(rendered_site):
    """Quarto's scripts are deferred by the post-render step; charts.js is inserted (async)."""
    blocking = [
        f"{page}: {script['src']}"
        for page in html_pages(rendered_site)
        for script in _head(rendered_site, page).scripts
        if "defer" not in script and "async" not in script and script.get("type") != "module"
    ]
    assert not blocking, f"parser-blocking scripts: {blocking}"


def test_every_page_has_a_meta_description(rendered_site):
    missing = [
        page
        for page in html_pages(rendered_site)
        if not (_head(rendered_site, page).description or "").strip()
    ]
    assert not missing, f"no <meta name=description>: {missing}"


def test_dark_theme_loads_only_when_chosen(weights):
    loaded = [w.path for w in weights.values() if any("-dark" in r.path for r in w.requests)]
    assert not loaded, f"dark stylesheets loaded in light mode: {loaded}"


def test_icon_font_holds_exactly_the_icons_the_site_uses(rendered_site):
    original = (rendered_site.parent / ORIGINALS / ICONS_CSS).read_text(encoding="utf-8")
    trimmed = (rendered_site / ICONS_DIR / ICONS_CSS).read_text(encoding="utf-8")
    names = used_icons(rendered_site)
    assert {"rss", "search"} <= names
    kept = {rule[1]: int(rule[2], 16) for rule in ICON_RULE.finditer(trimmed)}
    available = {rule[1] for rule in ICON_RULE.finditer(original)}
    assert set(kept) == names & available
    font = TTFont(rendered_site / ICONS_DIR / "bootstrap-icons.woff")
    assert set(font.getBestCmap()) == set(kept.values())
