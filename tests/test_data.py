"""The data is sound and says exactly what the person's current site says, nothing more."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from portfolio.data.dates import parse_partial_date
from portfolio.data.load import read_portfolio

from conftest import AS_OF, DATA, ROOT

SEED = " ".join((ROOT / "tests" / "data" / "seed.txt").read_text(encoding="utf-8").split())
#: Keys whose values are identifiers, dates or enumerations rather than text from the seed.
NOT_TEXT = {"id", "start", "end", "granted", "filed", "since", "status", "media", "derive", "year"}


def text_values(node, key=None):
    """Every string in a YAML tree, with the key it sits under."""
    if isinstance(node, dict):
        for child_key, value in node.items():
            yield from text_values(value, child_key)
    elif isinstance(node, list):
        for value in node:
            yield from text_values(value, key)
    elif isinstance(node, str) and key not in NOT_TEXT:
        yield key, node


def month_year(text: str) -> str:
    return parse_partial_date(text).strftime("%b %Y")


def test_real_data_is_sound():
    portfolio, problems = read_portfolio(DATA, as_of=AS_OF)
    assert problems == []
    assert portfolio is not None


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yml")), ids=lambda p: p.name)
def test_every_text_is_in_the_seed(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    invented = [
        (key, text) for key, text in text_values(data) if " ".join(text.split()) not in SEED
    ]
    assert invented == []


@pytest.mark.parametrize("path", sorted(DATA.glob("*.yml")), ids=lambda p: p.name)
def test_data_files_hold_no_links(path):
    assert not re.search(r"https?://", path.read_text(encoding="utf-8"))


def test_the_seed_counts(portfolio):
    assert len(portfolio.roles) == 6  # the seed lists six roles
    assert len(portfolio.patents) == 5
    assert len(portfolio.publications.papers) == 4
    assert len(portfolio.publications.under_review) == 4
    assert len(portfolio.reviewing) == 5
    assert len(portfolio.press) == 9
    assert sum(len(group.items) for group in portfolio.profile.skills) == 30


def test_role_dates_match_the_seed(portfolio):
    for role in portfolio.roles:
        end = month_year(role.end) if role.end else "Present"
        assert f"{month_year(role.start)} -- {end}" in SEED, role.id


def test_patent_dates_match_the_seed(portfolio):
    for patent in portfolio.patents:
        if patent.status == "granted":
            assert f"{patent.number} {patent.title} Granted {month_year(patent.granted)}" in SEED
        else:
            assert f"{patent.title} Pending Filed {month_year(patent.filed)}" in SEED


def test_years_match_the_seed(portfolio):
    for paper in portfolio.publications.papers:
        assert f"{paper.year} {' '.join(paper.title.split())}" in SEED
    for item in portfolio.press:
        assert f"{item.outlet} {item.year} {item.headline}" in SEED
        assert f"{item.media.title()} →" in SEED
    for review in portfolio.reviewing:
        count = (
            f"{review.papers_reviewed} papers reviewed" if review.papers_reviewed else review.role
        )
        assert f"{review.track} {count}" in SEED


def test_education_and_certification_dates(portfolio):
    [education] = portfolio.profile.education
    assert f"{education.start} -- {education.end}" in SEED
    [pilot] = portfolio.profile.certifications
    assert f"Since {month_year(pilot.since)}" in SEED


def test_only_the_current_role_is_open(portfolio):
    assert [role.id for role in portfolio.roles if role.end is None] == ["sdm-prime-video"]
    assert parse_partial_date(portfolio.roles[0].start) <= date.today()
