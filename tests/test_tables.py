"""DataFrames: real dtypes, "present" resolved against as_of, derived facts computed."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from portfolio.data import facts, tables
from portfolio.data.dates import months_between, parse_partial_date, resolve_as_of

from conftest import AS_OF


def test_roles_frame(other):
    roles = tables.roles_frame(other, AS_OF)
    assert len(roles) == len(other.roles)
    assert str(roles["start"].dtype) == "datetime64[ns]"
    assert str(roles["end"].dtype) == "datetime64[ns]"
    assert roles["start"].is_monotonic_decreasing
    current = roles.iloc[0]
    assert bool(current["ongoing"])
    assert current["end"] == pd.Timestamp(AS_OF)
    assert current["tenure_months"] == months_between(date(2021, 4, 1), AS_OF) == 67
    assert current["organisation"] == "Café Acoustique GmbH -- Écoute & Signal"
    earlier = roles.set_index("id").loc["research-engineer"]
    assert (earlier["start"], earlier["end"]) == (
        pd.Timestamp("2017-09-01"),
        pd.Timestamp("2021-04-01"),
    )
    assert earlier["tenure_months"] == 43
    assert earlier["organisation"] == "Café Acoustique GmbH"  # no team: the employer alone
    assert earlier["first_bullet"].startswith("Built a fictional espresso-machine")


def test_as_of_makes_output_reproducible(portfolio):
    later = tables.roles_frame(portfolio, "2030-01")
    assert later.iloc[0]["end"] == pd.Timestamp("2030-01-01")
    pd.testing.assert_frame_equal(
        tables.roles_frame(portfolio, AS_OF), tables.roles_frame(portfolio, AS_OF)
    )


def test_patents_frame(other):
    patents = tables.patents_frame(other)
    assert list(patents["status"]) == ["pending", "granted"]
    pending = patents.set_index("status").loc["pending"]
    assert pending["filed"] == pd.Timestamp("2024-11-01")
    assert pd.isna(pending["granted"]) and pd.isna(pending["number"])
    assert patents["date"].is_monotonic_decreasing


def test_papers_and_under_review(other, portfolio):
    papers = tables.papers_frame(other)
    assert list(papers["year"]) == [2025, 2023, 2021, 2019, 2017, 2015]
    assert papers["year"].dtype == "int64"
    shared = papers.set_index("id").loc["espresso-noise"]
    assert shared["authors_text"] == "M. Kovač-Ortiz, J. Doe & <b>Partners</b>"
    assert list(papers["url"].notna()) == [False, False, True, False, False, False]
    assert tables.under_review_frame(other).empty
    assert (
        list(tables.under_review_frame(portfolio)["venue"]) == portfolio.publications.under_review
    )


def test_press_reviewing_skills_events(portfolio):
    assert len(tables.press_frame(portfolio)) == 9
    reviewing = tables.reviewing_frame(portfolio)
    assert str(reviewing["papers_reviewed"].dtype) == "Int64"
    assert reviewing["papers_reviewed"].sum() == 19
    assert len(tables.skills_frame(portfolio)) == 30
    events = tables.events_frame(portfolio)
    assert events["kind"].value_counts().to_dict() == {"press": 9, "patent": 5, "paper": 4}
    assert events["date"].is_monotonic_increasing


def test_derived_facts(other):
    # fictional data: roles 2013-10 to 2017-08, 2017-09 to 2021-04, 2021-04 to now (2026-11)
    assert facts.years_since_first_role(other, AS_OF) == pytest.approx(13 + 1 / 12)
    assert facts.years_in_roles(other, AS_OF) == pytest.approx(13)  # a month's gap left out
    [years_at, *_] = [stat for stat in other.profile.stats if stat.derive == "years_at_employer"]
    assert years_at.employer == "Café Acoustique"
    assert facts.derive(years_at, other, AS_OF) == pytest.approx(9 + 2 / 12)
    assert facts.shown_value(years_at, other, AS_OF) == "9+"
    assert facts.granted_patents(other) == 1
    assert facts.papers(other) == 6


def test_the_real_stats_are_derived_from_the_data(portfolio):
    derived = [stat for stat in portfolio.profile.stats if stat.derive]
    assert derived
    for stat in derived:
        assert facts.shown_value(stat, portfolio, AS_OF) == stat.value, stat.id


def test_years_at_an_employer_count_overlaps_once(other):
    [stat] = [stat for stat in other.profile.stats if stat.derive == "years_at_employer"]
    overlapping = other.roles[0].model_copy(update={"start": "2017-01", "end": "2018-01"})
    extended = other.model_copy(update={"roles": [*other.roles, overlapping]})
    assert facts.derive(stat, extended, AS_OF) == pytest.approx(9 + 10 / 12)  # from 2017-01


@pytest.mark.parametrize(
    ("stated", "derived", "agrees"),
    [
        ("12+", 12.7, True),
        ("12+", 11.9, False),
        ("12+", 13.0, False),  # stale: the data now gives 13+
        ("4", 4, True),
        ("4", 5, False),
        ("four", 4, False),
    ],
)
def test_stat_mismatch(stated, derived, agrees):
    assert (facts.stat_mismatch(stated, derived) is None) is agrees


def test_dates():
    assert parse_partial_date("2024") == date(2024, 1, 1)
    assert parse_partial_date("2024-07-15") == date(2024, 7, 15)
    with pytest.raises(ValueError, match="not a real date"):
        parse_partial_date("2024-02-30")
    assert resolve_as_of("2026-11") == date(2026, 11, 1)


def test_as_of_from_environment(monkeypatch):
    monkeypatch.setenv("PORTFOLIO_AS_OF", "2025-01-02")
    assert resolve_as_of() == date(2025, 1, 2)


def test_empty_collections_give_empty_typed_frames(portfolio):
    empty = portfolio.model_copy(
        update={
            "roles": [],
            "patents": [],
            "press": [],
            "reviewing": [],
            "publications": portfolio.publications.model_copy(update={"papers": []}),
        }
    )
    roles = tables.roles_frame(empty, AS_OF)
    assert roles.empty and str(roles["start"].dtype) == "datetime64[ns]"
    for frame in (
        tables.patents_frame(empty),
        tables.papers_frame(empty),
        tables.press_frame(empty),
        tables.reviewing_frame(empty),
        tables.events_frame(empty),
    ):
        assert frame.empty and len(frame.columns) > 3
