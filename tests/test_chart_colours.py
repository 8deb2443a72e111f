"""One meaning per colour, site-wide, and margins fitted to the content, on the real render.

Every chart of the rendered site (``<figure data-chart>`` holding its figure as JSON, the
notebooks' charts included) is read back and checked with ``theme.kind_colour_clashes``:
roles, patents, papers and press keep their colours; nothing else wears them.
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from helpers import read_page

from portfolio.build.assets import TEMPLATES
from portfolio.charts import page_charts, theme
from portfolio.verify.sitecheck import html_pages

#: At most this much room above the plot when a chart has no title or legend on top.
TOP_MARGIN = 40


def site_charts(site: Path) -> dict[str, dict]:
    """``"<page> <chart>"`` -> figure JSON, for every chart of the rendered site."""
    charts = {}
    for page in html_pages(site):
        parsed = read_page(site / page)
        for figure in parsed.find_all("figure"):
            spec = parsed.find("script", within=figure, type="application/json")
            if figure.get("data-chart") and spec is not None:
                charts[f"{page} {figure.get('data-chart')}"] = json.loads(parsed.inner(spec))
    return charts


@pytest.fixture(scope="module")
def rendered_charts(rendered_site: Path) -> dict[str, dict]:
    return site_charts(rendered_site)


def test_every_chart_keeps_one_meaning_per_colour(rendered_site, rendered_charts):
    templates = json.loads((rendered_site / TEMPLATES).read_text(encoding="utf-8"))
    pages = {key.split()[0] for key in rendered_charts}
    assert any(page.startswith("blog/posts/") for page in pages)  # notebooks' charts too
    assert any(page.startswith("research/") and page != "research/index.html" for page in pages)
    clashes = {}
    for mode, template in templates.items():
        colorway = template["layout"]["colorway"]
        for key, spec in rendered_charts.items():
            if found := theme.kind_colour_clashes(spec, colorway):
                clashes[f"{mode} {key}"] = found
    assert clashes == {}


def test_the_check_finds_a_kind_in_another_colour():
    default = go.Figure([go.Bar(x=[2020], y=[1], name=name) for name in ("paper", "patent")])
    spec = json.loads(default.to_json())
    assert len(theme.kind_colour_clashes(spec, list(theme.PALETTE))) == 6  # colorway, 2 traces
    mine = go.Figure(go.Scatter(x=[1], y=[1], name="symmetry", marker_color="#009E73"))
    assert theme.kind_colour_clashes(json.loads(mine.to_json())) == [
        "'symmetry' (no kind) drawn in the colour of paper"
    ]
    roles = go.Figure(go.Bar(x=[1], ids=["role:a"], name="Amazon", marker_color="#E69F00"))
    assert theme.kind_colour_clashes(json.loads(roles.to_json())) == []  # roles by employer


def test_the_group_palette_is_far_from_every_kind_colour():
    def rgb(colour: str) -> tuple[int, ...]:
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    for group in theme.GROUP_PALETTE:
        for kind in theme.KIND_COLOURS.values():
            distance = sum((a - b) ** 2 for a, b in zip(rgb(group), rgb(kind), strict=True))
            assert distance**0.5 > 80, (group, kind)


def test_charts_leave_no_blank_band_above_the_plot(rendered_site, rendered_charts):
    templates = json.loads((rendered_site / TEMPLATES).read_text(encoding="utf-8"))
    assert {mode: t["layout"]["margin"]["t"] for mode, t in templates.items()} == {
        "light": theme.MARGIN["t"],
        "dark": theme.MARGIN["t"],
    }
    tall = {
        key: top
        for key, spec in rendered_charts.items()
        if (top := spec["layout"].get("margin", {}).get("t", theme.MARGIN["t"])) > TOP_MARGIN
    }
    assert tall == {}


def test_site_charts_of_both_researchers_keep_the_colours(portfolio, other):
    for data in (portfolio, other):
        for chart in page_charts.all_charts(data):
            assert theme.kind_colour_clashes(json.loads(chart.site_json())) == [], chart.name
