"""Figures, templates, the Chart display object and the asset copier, checked from the data."""

from __future__ import annotations

import html
import json
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.offline import get_plotlyjs_version

from portfolio.build import assets
from portfolio.charts import chart as charts
from portfolio.charts import figures, page_charts, theme
from portfolio.data import tables
from portfolio.data.dates import tenure_text
from portfolio.data.load import load_portfolio
from portfolio.project.engine import resource

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 24)
EVIL = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    """The real data as the DataFrames the figures take."""
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    return {
        "roles": tables.roles_frame(portfolio, AS_OF),
        "patents": tables.patents_frame(portfolio),
        "papers": tables.papers_frame(portfolio),
        "under_review": tables.under_review_frame(portfolio),
        "press": tables.press_frame(portfolio),
        "events": tables.events_frame(portfolio),
    }


def figs_career() -> go.Figure:
    """The career timeline of the real data, built anew."""
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    return figures.career_timeline(tables.roles_frame(portfolio, AS_OF), AS_OF)


def build_all(f: dict[str, pd.DataFrame]) -> dict[str, go.Figure]:
    return {
        "career": figures.career_timeline(f["roles"], AS_OF),
        "patents": figures.patents_timeline(f["patents"], AS_OF),
        "publications": figures.publications_chart(f["papers"], f["under_review"]),
        "press": figures.press_chart(f["press"]),
        "glance": figures.career_at_a_glance(f["roles"], f["events"], AS_OF),
    }


@pytest.fixture(scope="module")
def figs(frames) -> dict[str, go.Figure]:
    return build_all(frames)


def plain(text: str) -> str:
    """Hover text as a reader sees it."""
    return html.unescape(text.replace("<br>", " "))


def strings(node: object) -> list[str]:
    """Every string in a JSON document (plotly's JSON escapes "/", so search decoded text)."""
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [text for item in items for text in strings(item)]


def traces(fig: go.Figure, kind: str) -> list:
    return [trace for trace in fig.data if trace.type == kind]


def points(fig: go.Figure, kind: str = "scatter") -> list[tuple]:
    """(trace name, x, customdata) of every point of every trace of ``kind``."""
    return [
        (trace.name, x, data)
        for trace in traces(fig, kind)
        for x, data in zip(trace.x, trace.customdata, strict=True)
    ]


def role_bars(fig: go.Figure) -> list[tuple]:
    """(start, end, customdata, pattern shape) of every role bar."""
    return [
        (pd.Timestamp(base), pd.Timestamp(base) + pd.Timedelta(milliseconds=ms), data, shape)
        for trace in traces(fig, "bar")
        for base, ms, data, shape in zip(
            trace.base, trace.x, trace.customdata, trace.marker.pattern.shape, strict=True
        )
    ]


# -- career -----------------------------------------------------------------------------


def test_one_bar_per_role_from_start_to_end(frames, figs):
    roles = frames["roles"]
    bars = {
        plain(data[0]) + "|" + str(start): (start, end)
        for start, end, data, _ in role_bars(figs["career"])
    }
    assert len(role_bars(figs["career"])) == len(roles) == 6
    for role in roles.itertuples():
        start, end = bars[f"{role.title}|{role.start}"]
        assert start == role.start
        assert end == (pd.Timestamp(AS_OF) if role.ongoing else role.end)


def test_ongoing_role_is_hatched_and_runs_to_present(frames, figs):
    bars = role_bars(figs["career"])
    ongoing = [bar for bar in bars if bar[3] == "/"]
    assert len(ongoing) == int(frames["roles"]["ongoing"].sum()) == 1
    start, end, data, _ = ongoing[0]
    assert end == pd.Timestamp(AS_OF)
    assert data[2] == "Jul 2024 – present"
    assert all(bar[2][2].endswith(f"{bar[1]:%b %Y}") for bar in bars if bar[3] != "/")
    assert "Nov 2026" in json.dumps([a.text for a in figs["career"].layout.annotations])


def test_role_hover_has_title_organisation_dates_tenure_first_bullet(frames, figs):
    hovers = {plain(data[1]) + plain(data[0]): data for *_, data, _ in role_bars(figs["career"])}
    for role in frames["roles"].itertuples():
        title, organisation, dates, tenure, bullet = hovers[role.organisation + role.title]
        assert plain(title) == role.title and plain(organisation) == role.organisation
        assert dates.startswith(f"{role.start:%b %Y} – ")
        assert tenure == tenure_text(role.tenure_months)
        assert plain(bullet) == role.first_bullet
    assert tenure_text(29) == "2 yr 5 mo"


def test_career_groups_rows_by_organisation_and_colours_by_employer(frames, figs):
    fig = figs["career"]
    employers = list(dict.fromkeys(frames["roles"].sort_values("start", kind="stable")["employer"]))
    assert [plain(trace.name) for trace in fig.data] == employers
    assert len({trace.marker.color for trace in fig.data}) == len(employers)
    labels = [a.text for a in fig.layout.annotations if a.xref == "paper"]
    assert set(map(plain, labels)) == set(frames["roles"]["team"])
    rows = {y for trace in fig.data for y in trace.y}
    assert len(rows) == frames["roles"]["organisation"].nunique()


# -- patents, papers, press -------------------------------------------------------------


def test_one_marker_per_patent(frames, figs):
    patents = frames["patents"]
    marks = points(figs["patents"])
    assert len(marks) == len(patents) == 5
    granted = [(x, plain(d[0]), plain(d[1])) for name, x, d in marks if name == "Granted"]
    expected = patents[patents["status"] == "granted"]
    months = expected["granted"].dt.strftime("%Y-%m-%d")
    assert sorted(granted) == sorted(
        zip(months, expected["number"], expected["title"], strict=True)
    )
    pending = traces(figs["patents"], "scatter")[-1]
    assert pending.name == "Pending" and pending.marker.symbol == "diamond-open"
    assert list(pending.x) == ["2023-03-01"]
    assert pending.customdata[0][2] == "Filed Mar 2023"


def test_papers_per_year_one_segment_per_paper_and_under_review(frames, figs):
    fig = figs["publications"]
    published, review = traces(fig, "bar")
    papers = frames["papers"]
    assert len(published.x) == len(papers) == 4 and set(published.x) == {1}
    axis = fig.layout.yaxis
    labels = dict(zip(axis.tickvals, axis.ticktext, strict=True))
    assert sorted(labels[row] for row in published.y) == sorted(papers["year"].astype(str))
    assert {plain(d[0]) for d in published.customdata} == set(papers["title"])
    assert {plain(d[1]) for d in published.customdata} == set(papers["venue_full"])
    assert set(published.ids) == {f"paper:{paper_id}" for paper_id in papers["id"]}
    assert review.name == "Under review" and {labels[row] for row in review.y} == {"Under review"}
    assert review.marker.pattern.shape == "/" and review.marker.color == published.marker.color
    assert [plain(d) for d in review.customdata] == list(frames["under_review"]["venue"])
    assert list(axis.ticktext) == ["Under review", "2026", "2012"]  # top row first
    assert fig.layout.barmode == "stack"
    counts = {labels[a.y]: a.text for a in fig.layout.annotations}
    assert counts == {"2026": "<b>3</b>", "2012": "<b>1</b>", "Under review": "<b>4</b>"}


def test_publications_rows_are_short_labels(figs):
    """Years and "Under review": labels that fit a 390 px phone, never cut venue names."""
    rows = list(figs["publications"].layout.yaxis.ticktext)
    assert max(len(row) for row in rows) <= len("Under review")
    assert figs["publications"].layout.height <= 60 * len(rows) + 60


def test_one_marker_per_press_item(frames, figs):
    marks = points(figs["press"])
    press = frames["press"]
    assert len(marks) == len(press) == 9
    assert sorted(plain(d[0]) for _, _, d in marks) == sorted(press["headline"])
    assert sorted(x for _, x, _ in marks) == sorted(press["year"])
    assert {name for name, _, _ in marks} == {"Video", "Article"}


def test_at_a_glance_has_every_kind_on_one_time_axis(frames, figs):
    fig = figs["glance"]
    names = [trace.name for trace in fig.data]
    assert names == ["Roles", "Patents", "Papers", "Press"]
    counts = {trace.name: len(trace.x) for trace in fig.data}
    events = frames["events"]["kind"].value_counts()
    assert counts == {
        "Roles": 6,
        "Patents": events["patent"],
        "Papers": events["paper"],
        "Press": events["press"],
    }
    assert all(trace.xaxis in (None, "x") for trace in fig.data)
    assert fig.layout.xaxis.type == "date"
    assert len(role_bars(fig)) == 6


# -- edge cases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", ["one role", "no patents", "no press", "no events", "nothing", "no under review"]
)
def test_edge_cases_build(frames, case):
    f = dict(frames)
    events = f["events"]
    if case in ("one role", "nothing"):
        f["roles"] = f["roles"].iloc[:1] if case == "one role" else f["roles"].iloc[:0]
    if case in ("no patents", "nothing"):
        f["patents"] = f["patents"].iloc[:0]
        f["events"] = events[events["kind"] != "patent"]
    if case in ("no press", "nothing"):
        f["press"] = f["press"].iloc[:0]
        f["events"] = f["events"][f["events"]["kind"] != "press"]
    if case in ("no events", "nothing"):
        f["events"] = events.iloc[:0]
        f["papers"], f["under_review"] = f["papers"].iloc[:0], f["under_review"].iloc[:0]
    if case == "no under review":
        f["under_review"] = f["under_review"].iloc[:0]
    built = build_all(f)
    assert len(role_bars(built["career"])) == len(f["roles"])
    assert len(points(built["patents"])) == len(f["patents"])
    assert len(points(built["press"])) == len(f["press"])
    assert len(points(built["glance"])) == len(f["events"])
    for fig in built.values():
        assert len(fig.to_json()) < 50_000


# -- escaping, determinism, size, templates ---------------------------------------------


def test_text_from_data_is_escaped(frames):
    f = dict(frames)
    f["roles"] = f["roles"].assign(title=EVIL, first_bullet=EVIL, team=EVIL, employer=EVIL)
    f["patents"] = f["patents"].assign(title=EVIL, number=EVIL, office=EVIL)
    f["papers"] = f["papers"].assign(title=EVIL, venue=EVIL, venue_full=EVIL)
    f["under_review"] = f["under_review"].assign(venue=EVIL)
    f["press"] = f["press"].assign(headline=EVIL, outlet=EVIL)
    f["events"] = f["events"].assign(label=EVIL, detail=EVIL)
    for name, fig in build_all(f).items():
        found = strings(json.loads(fig.to_json()))
        assert not [text for text in found if "<script" in text], name
        assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in text for text in found), name
        page = charts.show(fig, name=name, caption=EVIL).to_html()
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_same_data_same_json_and_html(frames):
    first = {name: fig.to_json() for name, fig in build_all(frames).items()}
    second = build_all(frames)
    assert first == {name: fig.to_json() for name, fig in second.items()}
    pages = [
        "".join(charts.show(fig, name=n, caption=n).to_html() for n, fig in second.items())
        for _ in range(2)
    ]
    assert pages[0] == pages[1]
    assert 'data-chart="career"' in pages[0]


@pytest.mark.parametrize("name", ["career", "patents", "publications", "press", "glance"])
def test_figure_json_is_small(figs, name):
    assert len(figs[name].to_json()) <= 50_000


def test_only_trace_types_in_the_basic_bundle(figs):
    assert {trace.type for fig in figs.values() for trace in fig.data} <= {"bar", "scatter"}


def test_light_template_applied_and_dark_available(figs):
    for fig in figs.values():
        layout = fig.layout.template.layout
        assert layout.paper_bgcolor == "#ffffff"
        assert layout.font.family == theme.FONT and layout.font.color == "#373a3c"
        assert list(layout.colorway) == list(theme.GROUP_PALETTE)
        assert layout.margin.t == theme.MARGIN["t"] < 100  # plotly's default band is 100 px
    dark = theme.apply(go.Figure(figs["career"]), "dark").layout.template.layout
    assert dark.paper_bgcolor == "#222222" and dark.font.color == "#ffffff"
    assert dark.font.family == theme.FONT
    assert pio.templates[theme.LIGHT].layout.paper_bgcolor == "#ffffff"
    assert pio.templates[theme.DARK].layout.paper_bgcolor == "#222222"


def test_phone_friendly_layout(figs):
    for fig in figs.values():
        layout = fig.layout
        assert layout.autosize and layout.width is None
        assert layout.legend.orientation == "h" and layout.legend.y < 0
        assert max(layout.margin.l, layout.margin.r) <= 10
    assert charts.CONFIG == {"responsive": True, "displaylogo": False}


# -- charts -----------------------------------------------------------------------------


def test_chart_bundle_has_plotly_json_and_markdown():
    """JupyterLab takes the plotly mimetype; Quarto the markdown (no HTML: it means require.js)."""
    chart = charts.show(figs_career(), name="career-timeline", caption="Roles over time")
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {charts.PLOTLY_MIMETYPE, "text/markdown", "text/plain"}
    data = bundle[charts.PLOTLY_MIMETYPE]
    assert data["config"] == charts.CONFIG and data["layout"]["template"]
    page = bundle["text/markdown"]
    assert page.startswith("```{=html}\n<figure") and page.endswith("</figure>\n```\n")
    assert '<figure class="portfolio-chart" data-chart="career-timeline">' in page
    assert "<figcaption>Roles over time</figcaption>" in page
    assert "<details>" in page and "<table" in page and "Software Development Manager" in page


def test_site_json_is_the_figure_without_template():
    fig = figs_career()
    chart = charts.show(fig, name="career-timeline", caption="Roles")
    page = chart.to_html()
    start = page.index('<script type="application/json">') + len('<script type="application/json">')
    spec = json.loads(page[start : page.index("</script>", start)])
    expected = json.loads(fig.to_json())
    assert spec["data"] == expected["data"] and spec["config"] == charts.CONFIG
    assert "template" not in spec["layout"]
    assert spec["layout"]["height"] == fig.layout.height
    assert f'style="height:{fig.layout.height}px"' in page


def test_chart_html_loads_nothing_and_holds_no_id():
    page = charts.show(figs_career(), name="career-timeline", caption="Roles").to_html()
    assert "<script src" not in page and "Plotly.newPlot" not in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert " id=" not in page  # nothing to collide with a heading's id


def test_no_text_can_end_the_json_script_or_the_raw_block():
    fig = go.Figure(go.Bar(x=["a"], y=[1], name="</script><script>alert(1)</script>"))
    fig.update_layout(title="``` and ````")
    chart = charts.show(fig, name="t", caption="````` caption")
    json_text = chart.site_json()
    assert "<" not in json_text and json.loads(json_text)["data"][0]["name"].startswith("</")
    markdown = chart.to_markdown()
    fence = markdown.split("{=html}", 1)[0]
    assert fence == "`" * 6 and markdown.rstrip("\n").endswith("\n" + fence)


def test_templates_file_holds_both_theme_templates(tmp_path: Path):
    written = json.loads(assets.write_templates(tmp_path).read_text(encoding="utf-8"))
    assert written == {"light": theme.template_json("light"), "dark": theme.template_json("dark")}


@pytest.mark.parametrize("name", ["", "Career", "a b", 'x"); alert(1); ("', "-a"])
def test_chart_name_must_be_a_slug(figs, name):
    with pytest.raises(ValueError, match="slug"):
        charts.show(figs["press"], name=name, caption="Press")


def test_text_alternative_table():
    fig = go.Figure(go.Scatter(x=[1], y=[1], name="<b>x</b>", customdata=[["a<br>b", EVIL]]))
    table = charts.figure_table(fig)
    assert '<th scope="row">&lt;b&gt;x&lt;/b&gt;</th>' in table
    assert "a b · &lt;script&gt;" in table and "<script" not in table
    given = pd.DataFrame({"Title": [EVIL]})
    page = charts.show(fig, name="t", caption="T", table=given).to_html()
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page


def test_a_notebook_figure_takes_the_site_template():
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    assert (
        fig.layout.template.layout.paper_bgcolor
        != theme.make_template("light").layout.paper_bgcolor
    )
    charts.show(fig, name="notebook-figure", caption="A figure made in a notebook")
    assert fig.layout.template == theme.make_template("light")


def test_page_charts_one_call_per_chart():
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    shown = page_charts.all_charts(portfolio, AS_OF)
    names = [chart.name for chart in shown]
    assert names == [
        "career-timeline",
        "patents-timeline",
        "publications",
        "press",
        "career-at-a-glance",
    ]
    assert all(chart.caption for chart in shown)
    assert (
        shown[0].figure.to_json()
        == figures.career_timeline(tables.roles_frame(portfolio, AS_OF), AS_OF).to_json()
    )


# -- assets -----------------------------------------------------------------------------


def test_copy_plotly_from_the_engine(tmp_path: Path):
    target = assets.copy_plotly(tmp_path)
    assert target == tmp_path / "assets" / "plotly" / "plotly-basic.min.js"
    bundle = assets.vendor_file(assets.TARGET.name).read_bytes()
    assert target.read_bytes() == b"//# allFunctionsCalledOnLoad\n" + bundle
    assert f"v{get_plotlyjs_version()}" in bundle[:200].decode()
    assets.copy_plotly(tmp_path)
    assert target.read_bytes().count(b"allFunctionsCalledOnLoad") == 1


def test_an_engine_without_its_browser_files_says_how_to_get_them(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(assets, "VENDOR", tmp_path / "vendor")
    with pytest.raises(assets.AssetError, match="npm ci"):
        assets.copy_plotly(tmp_path)
    assert assets.main([str(tmp_path)]) == 1
    assert "npm ci" in capsys.readouterr().err


def test_engine_files_written_into_a_site_are_ignored_by_git(tmp_path: Path):
    written = assets.copy_engine_files(tmp_path)
    assert tmp_path / "theme" / "site.css" in written
    assert (tmp_path / "theme" / ".gitignore").read_text().startswith(assets.IGNORE_MARK)
    ignored = (tmp_path / "assets" / ".gitignore").read_text().splitlines()
    assert {"/plotly/", "/fonts/", "/handlers.js", "/plotly/charts.js"} <= set(ignored)
    own = tmp_path / "schemas" / ".gitignore"
    own.write_text("# the author's own\n")
    assets.copy_engine_files(tmp_path)
    assert own.read_text() == "# the author's own\n"
    script = resource("assets/plotly/charts.js").read_text()
    assert "IntersectionObserver" in script and "MutationObserver" in script
    assert "templates.json" in script and "plotly-basic.min.js" in script
