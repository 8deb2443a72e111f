"""Where records are shown on the site, and the links charts carry to them."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from portfolio.charts import chart as charts
from portfolio.charts import page_charts
from portfolio.project.targets import record_targets, relative_to

from conftest import ROOT


def test_every_record_has_a_place(portfolio):
    targets = record_targets(portfolio, ROOT)
    assert {key.split(":")[0] for key in targets} == {"role", "patent", "paper", "press"}
    for role in portfolio.roles:
        assert targets[f"role:{role.id}"] == f"experience.html#role-{role.id}"
    for patent in portfolio.patents:
        assert targets[f"patent:{patent.id}"] == f"research/index.html#patent-{patent.id}"
    for item in portfolio.press:
        assert targets[f"press:{item.id}"] == f"press.html#press-{item.id}"
    for paper in portfolio.publications.papers:
        assert targets[f"paper:{paper.id}"] == f"research/{paper.id}/index.html"


def test_a_paper_without_a_page_links_to_its_entry(portfolio, tmp_path: Path):
    paper = portfolio.publications.papers[0]
    targets = record_targets(portfolio, tmp_path)
    assert targets[f"paper:{paper.id}"] == f"research/index.html#paper-{paper.id}"


def test_links_are_relative_to_the_page(tmp_path: Path):
    (tmp_path / "blog" / "posts" / "a").mkdir(parents=True)
    targets = {"role:x": "experience.html#role-x"}
    assert relative_to(tmp_path, tmp_path, targets) == targets
    below = relative_to(tmp_path / "blog" / "posts" / "a", tmp_path, targets)
    assert below == {"role:x": "../../../experience.html#role-x"}


def test_every_point_of_the_site_charts_has_a_link(portfolio, monkeypatch):
    monkeypatch.chdir(ROOT / "research")
    for chart in page_charts.all_charts(portfolio):
        ids = [point for trace in chart.figure.data for point in (trace.ids or ())]
        links = chart.point_links()
        assert ids and set(links) == set(ids), chart.name
        assert all(url.startswith("../") for url in links.values()), chart.name
        assert chart.to_html().count("<a href=") == len(ids), chart.name


def test_links_reach_the_json_and_the_table_as_text():
    fig = go.Figure(
        go.Scatter(x=[1, 2], y=[1, 1], ids=["role:a", "role:b"], customdata=[["A"], ["B"]])
    )
    evil = 'x.html#"><script>alert(1)</script>'
    chart = charts.show(fig, name="t", caption="T", links={"role:a": evil, "role:zzz": "y.html"})
    assert chart.point_links() == {"role:a": evil}
    assert (
        '<a href="x.html#&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">A</a>' in chart.to_html()
    )
    assert "<script>alert" not in chart.to_html()
    assert "<td>B</td>" in chart.to_html()
