"""Many papers (issue 19): 400 synthetic papers, 50 patents and 100 press items, built in a
temporary copy of the data, give a short home list, a research list grouped by year and a
home chart with a bounded number of points. Fragments and figures only: no Quarto."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from portfolio.authoring.cli import main
from portfolio.charts import figures, page_charts
from portfolio.data import tables
from portfolio.data.load import load_portfolio
from portfolio.data.models import HOME_PAPERS, Portfolio
from portfolio.pages import fragments
from portfolio.project.targets import record_targets, year_targets
from portfolio.verify.synthetic import (
    FIRST_YEAR,
    LAST_YEAR,
    SyntheticTargetError,
    paper_title,
    write_synthetic,
)

from conftest import AS_OF, DATA

PAPERS = 400
EVIL = "<script>alert(1)</script>`"


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory) -> Path:
    """A copy of data/ with 400 synthetic papers and patents and press in proportion."""
    data = tmp_path_factory.mktemp("scale") / "data"
    shutil.copytree(DATA, data)
    assert write_synthetic(data, PAPERS) == {"papers": 400, "patents": 50, "press": 100}
    return data


@pytest.fixture(scope="module")
def many(synthetic_data: Path) -> Portfolio:
    return load_portfolio(synthetic_data, as_of=AS_OF)


@pytest.fixture(scope="module")
def papers(many: Portfolio) -> pd.DataFrame:
    return tables.papers_frame(many)


def listed(markdown: str) -> list[str]:
    """The items of the numbered lists in ``markdown``."""
    return re.findall(r"^\d+\. .*$", markdown, re.MULTILINE)


def test_synthetic_data_passes_the_check_and_never_lands_in_data(synthetic_data, capsys):
    assert main(["check", "--data", str(synthetic_data), "--as-of", AS_OF.isoformat()]) == 0
    assert "400 papers" in capsys.readouterr().out
    with pytest.raises(SyntheticTargetError):
        write_synthetic(DATA, 4)


def test_home_lists_the_newest_few_and_links_all(papers):
    home = fragments.home_papers(papers, {})
    items = listed(home)
    assert len(items) == HOME_PAPERS
    newest = papers["year"].max()
    assert all(f", {newest}." in item for item in items)
    assert f"[All {PAPERS} papers" in home
    assert "](<research/index.qmd#publications>)" in home


def test_selected_papers_win_over_the_newest(papers):
    oldest = papers.sort_values("year").head(2)["id"]
    chosen = papers.assign(selected=papers["id"].isin(oldest))
    items = listed(fragments.home_papers(chosen, {}))
    assert len(items) == 2
    for paper_id in oldest:
        title = papers.set_index("id").loc[paper_id, "title"]
        assert sum(title in item for item in items) == 1


def test_more_selected_papers_than_the_home_shows_is_a_located_error(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    write_synthetic(data, 8)
    path = data / "publications.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  authors:\n", "  selected: true\n  authors:\n"), "utf-8")
    assert main(["check", "--data", str(data), "--as-of", AS_OF.isoformat()]) == 1
    output = capsys.readouterr()
    problems = [line for line in (output.out + output.err).splitlines() if "selected" in line]
    assert len(problems) == 8 - HOME_PAPERS, problems
    located = re.compile(r"publications\.yml:\d+: record synthetic-paper-\d+: field selected: ")
    assert all(located.search(line) for line in problems), problems
    assert f"shows at most {HOME_PAPERS}" in problems[0]
    assert "Traceback" not in output.out + output.err


def test_research_groups_papers_by_year_newest_first(many, papers):
    text = fragments.paper_groups(papers, tables.under_review_frame(many))
    headings = re.findall(r"^### (.+) \{#papers-([\w-]+) \.paper-group\}$", text, re.MULTILINE)
    years = sorted(set(papers["year"]), reverse=True)
    assert headings == [("Under peer review", "under-review")] + [
        (str(year), str(year)) for year in years
    ]
    blocks = re.split(r"^### ", text, flags=re.MULTILINE)[2:]
    for year, block in zip(years, blocks, strict=True):
        ids = re.findall(r"\{#paper-([\w-]+) data-venue=\"\d+\"\}", block)
        assert sorted(ids) == sorted(papers.loc[papers["year"] == year, "id"])
    assert len(listed(text)) == PAPERS
    assert text.count('class="paper-filter"') == 1
    assert '<label class="form-label" for="paper-query">' in text


def test_research_filter_keeps_data_as_text(many, papers):
    evil = papers.assign(venue=EVIL, title=EVIL)
    text = fragments.paper_groups(evil, tables.under_review_frame(many))
    assert "<script>" not in text and "`<" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#96;" in text  # the venue's option
    assert "\\<script\\>" in text  # the title, escaped markdown


def glance(many: Portfolio):
    roles = tables.roles_frame(many, AS_OF)
    return figures.career_at_a_glance(roles, tables.events_frame(many), AS_OF)


def test_home_chart_has_a_bounded_number_of_points(many):
    fig = glance(many)
    years = LAST_YEAR - FIRST_YEAR + 1
    traces = {trace.name: trace for trace in fig.data}
    for name, count in (("Papers", 400), ("Patents", 50), ("Press", 100)):
        trace = traces[name]
        assert len(trace.x) <= years * figures.POINTS_PER_YEAR, name
        counted = [re.match(r"(\d+) ", data[0]) for data in trace.customdata]
        assert sum(int(m[1]) if m else 1 for m in counted) == count, name
    assert len(traces["Papers"].x) <= years and len(traces["Press"].x) <= years
    papers = traces["Papers"]
    counts = [int(re.match(r"\d+", data[0])[0]) for data in papers.customdata]
    sizes = dict(zip(counts, papers.marker.size, strict=True))
    assert max(sizes.values()) == figures.LARGEST_YEAR_POINT  # the year with the most papers
    assert all(size >= 10 for size in sizes.values())  # never smaller than one record's point
    assert all(sizes[a] <= sizes[b] for a in sizes for b in sizes if a < b)  # grows with count
    assert len(fig.to_json()) < 50_000


def test_the_caption_says_when_points_stand_for_years(many, portfolio):
    assert "one point per year" in page_charts.career_at_a_glance(many, AS_OF).caption
    assert "one point per year" not in page_charts.career_at_a_glance(portfolio, AS_OF).caption


def test_every_point_of_the_home_chart_has_a_place(many):
    targets = record_targets(many, Path("/nonexistent")) | year_targets(many)
    ids = [point for trace in glance(many).data for point in trace.ids]
    assert set(ids) <= set(targets)
    assert targets["paper-year:2026"] == "research/index.html#papers-2026"


def test_a_year_point_keeps_titles_as_text(many):
    events = tables.events_frame(many)
    events = events.assign(label=events["label"].where(events["kind"] != "paper", EVIL))
    roles = tables.roles_frame(many, AS_OF)
    fig = figures.career_at_a_glance(roles, events, AS_OF)
    hovers = " ".join(str(data) for trace in fig.data for data in trace.customdata)
    assert "<script>" not in hovers and "&lt;script&gt;" in hovers


def test_synthetic_titles_are_unique():
    titles = {paper_title(index) for index in range(PAPERS)}
    assert len(titles) == PAPERS
