"""Page fragments: every fact printed, text from data escaped, unknown links left out."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from portfolio.data import tables
from portfolio.data.facts import is_person
from portfolio.pages import citation, fragments

from conftest import AS_OF


def test_escaping_neutralises_html_and_markdown():
    escaped = fragments.esc("<script>alert(1)</script> *x* [a](b) $5 @cite & more")
    assert "<script>" not in escaped
    assert escaped == (r"\<script\>alert(1)\</script\> \*x\* \[a\](b) \$5 \@cite \& more")


def test_roles_fragment(portfolio):
    text = fragments.roles(tables.roles_frame(portfolio, AS_OF))
    assert text.count("\n## ") + text.startswith("## ") == len(portfolio.roles)
    assert "Jul 2024 – Present (2 yr 4 mo)" in text
    assert "Mar 2014 – Aug 2016 (2 yr 5 mo)" in text
    for role in portfolio.roles:
        for bullet in role.bullets:
            assert fragments.esc(bullet) in text


def test_stats_compute_the_derived_values(portfolio):
    text = fragments.stats(portfolio, AS_OF)
    assert "[12\\+]{.stat-value}" in text
    later = fragments.stats(portfolio, pd.Timestamp("2028-06-01").date())
    assert "[14\\+]{.stat-value}" in later


def test_no_link_without_a_url(portfolio):
    press = fragments.press(tables.press_frame(portfolio))
    papers = fragments.papers(tables.papers_frame(portfolio))
    assert "](" not in press and "](" not in papers
    assert "Watch" not in press and "Read" not in press  # nothing to read or watch
    assert "**TechCrunch** · 2017\n" in press


def test_a_press_feature_with_a_link_says_how_to_follow_it(portfolio):
    frame = tables.press_frame(portfolio)
    frame.loc[frame["outlet"] == "TIME", "url"] = "https://example.org/time"
    press = fragments.press(frame)
    assert "**TIME** · 2017 · [Read on TIME](https://example.org/time)" in press
    assert press.count("](") == 1


def test_role_headings_tell_the_roles_apart(portfolio, other):
    for data in (portfolio, other):
        roles = tables.roles_frame(data, AS_OF)
        text = fragments.roles(roles)
        headings = [line for line in text.splitlines() if line.startswith("## ")]
        assert len(headings) == len(set(headings)) == len(roles)
    frame = tables.roles_frame(portfolio, AS_OF)
    assert "## Software Development Manager [· Prime Video Personalization \\& Discovery]" in (
        fragments.roles(frame)
    )
    twice = pd.concat(
        [frame.head(1), frame.head(1).assign(id="again", start=pd.Timestamp("2030-01"))]
    )
    assert list(fragments.role_places(twice)) == [
        "Prime Video Personalization & Discovery (2024)",
        "Prime Video Personalization & Discovery (2030)",
    ]


def test_a_known_url_is_linked(portfolio):
    frame = tables.papers_frame(portfolio)
    frame.loc[0, "url"] = "https://example.org/paper"
    assert "](https://example.org/paper)" in fragments.papers(frame)


def test_pending_patent_and_reviewing(portfolio):
    patents = fragments.patents(tables.patents_frame(portfolio))
    assert "**USPTO Pending** Multi-Modal Person Recognition  \n  Filed Mar 2023" in patents
    reviewing = fragments.reviewing(tables.reviewing_frame(portfolio))
    assert "7 papers reviewed" in reviewing and "Reviewer" in reviewing


def test_one_paper_reviewed_is_singular(portfolio):
    frame = tables.reviewing_frame(portfolio)
    frame.loc[0, "papers_reviewed"] = 1
    reviewing = fragments.reviewing(frame)
    assert "1 paper reviewed" in reviewing and "1 papers" not in reviewing


def test_paper_pages_only_link_existing_pages(portfolio, tmp_path, monkeypatch):
    papers = tables.papers_frame(portfolio)
    (tmp_path / "research" / papers["id"][0]).mkdir(parents=True)
    (tmp_path / "research" / papers["id"][0] / "index.ipynb").write_text("{}")
    monkeypatch.chdir(tmp_path)
    assert fragments.paper_pages(papers, "research/") == {
        papers["id"][0]: f"research/{papers['id'][0]}/index.ipynb"
    }
    (tmp_path / "research" / papers["id"][1]).mkdir()
    (tmp_path / "research" / papers["id"][1] / "index.qmd").write_text("---\n---\n")
    monkeypatch.chdir(tmp_path / "research")  # as the research page runs
    assert fragments.paper_pages(papers, "") == {
        papers["id"][0]: f"{papers['id'][0]}/index.ipynb",
        papers["id"][1]: f"{papers['id'][1]}/index.qmd",
    }


def test_orcid_link_follows_the_documented_rule(portfolio):
    orcid = portfolio.profile.orcid
    assert fragments.orcid(portfolio.profile) == f"ORCID: [{orcid}](https://orcid.org/{orcid})\n"


EVIL = "<b>x</b> `code` [a](b)"


def _one_paper(portfolio, **fields) -> pd.DataFrame:
    """The real data's first paper with ``fields`` set (as an import could give them)."""
    frame = tables.papers_frame(portfolio).head(1).copy()
    for name, value in fields.items():
        frame[name] = pd.Series([value], dtype=object)
    return frame


def test_a_paper_shows_its_badge_award_buttons_and_toggles(portfolio):
    frame = _one_paper(
        portfolio,
        abbr="ICLR",
        award="Best Paper",
        pdf="https://example.org/p.pdf",
        code="https://example.org/code",
        video="https://example.org/video",
        arxiv="2401.01234",
        doi="10.5555/x_y",
        abstract="An abstract.",
    )
    text = fragments.papers(frame)
    first, buttons, *_ = text.split("\n\n")
    assert first.startswith("1. [ICLR]{.badge .text-bg-secondary} *A. Upadhyay*. ")
    assert first.endswith(" [Best Paper]{.badge .text-bg-warning}")
    button = "{.btn .btn-sm .btn-outline-primary}"
    assert buttons == "    " + " ".join(
        [
            f"[PDF](https://example.org/p.pdf){button}",
            f"[Code](https://example.org/code){button}",
            f"[Video](https://example.org/video){button}",
            f"[arXiv](https://arxiv.org/abs/2401.01234){button}",
            f"[DOI](https://doi.org/10.5555/x_y){button}",
        ]
    )
    assert '<details class="paper-toggle"><summary>Abstract</summary>' in text
    assert "\n    An abstract.\n" in text
    assert '<summary>BibTeX</summary>\n    <div class="sourceCode"><pre' in text
    assert "@inproceedings{vlm-identity-consistency," in text


def test_the_seed_papers_show_no_badge_award_or_button(portfolio):
    text = fragments.papers(tables.papers_frame(portfolio))
    assert "badge" not in text and ".btn" not in text and "<summary>Abstract" not in text
    assert text.count("<summary>BibTeX</summary>") == len(portfolio.publications.papers)


def test_paper_extras_from_the_data_stay_text(portfolio):
    frame = _one_paper(portfolio, abbr=EVIL, award=EVIL, abstract=EVIL + "\n```\n<script>")
    text = fragments.papers(frame)
    assert "<b>" not in text and "<script>" not in text
    assert "\n```\n<script>" not in text  # no value ends a raw block
    assert "\\<b\\>x\\</b\\> \\`code\\` \\[a\\](b)" in text


def test_a_long_author_list_is_shortened_and_the_owner_emphasised(other):
    frame = tables.papers_frame(other).head(1).copy()
    names = [f"Author {n}" for n in range(44)] + ["M. Kovač-Ortiz"]
    frame["authors"] = pd.Series([names], dtype=object)
    frame["owner"] = pd.Series([[False] * 44 + [True]], dtype=object)
    text = fragments.papers(frame)
    shown = ", ".join(names[:8])
    assert text.startswith(f"1. {shown} and 37 more. ")
    assert "<summary>All 45 authors</summary>" in text
    assert "Author 43, *M. Kovač-Ortiz*\n" in text


def test_the_owner_is_found_by_surname_and_initial(other):
    frame = tables.papers_frame(other)
    assert frame["owner"].map(any).all()  # each fictional paper is hers
    assert list(frame.iloc[0]["owner"]) == [True, False]  # M. Kovač-Ortiz, Ł. Żółkiewski


@pytest.mark.parametrize(
    ("author", "name", "same"),
    [
        ("A. Upadhyay", "Alok Upadhyay", True),
        ("Mira Kovač-Ortiz*", "Dr. Mira Kovač-Ortiz", True),
        ("M. Kovac-Ortiz", "Dr. Mira Kovač-Ortiz", True),
        ("B. Upadhyay", "Alok Upadhyay", False),
        ("M. Ortiz", "Dr. Mira Kovač-Ortiz", False),
        ("Upadhyay", "Alok Upadhyay", False),
        ("et al.", "Alok Upadhyay", False),
    ],
)
def test_an_author_is_the_person_by_surname_and_first_initial(author, name, same):
    assert is_person(author, name) is same


def test_a_granted_us_patent_links_to_its_public_record_and_a_pending_one_to_none(portfolio):
    text = fragments.patents(tables.patents_frame(portfolio))
    assert (
        "**US 12,573,408** [Input Processing with Profile Context]"
        "(https://patents.google.com/patent/US12573408)"
    ) in text
    granted = [p for p in portfolio.patents if p.status == "granted"]
    assert text.count("](https://patents.google.com/patent/US") == len(granted)
    assert "**USPTO Pending** Multi-Modal Person Recognition  \n" in text


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Espresso Noise Is NOT White.", "M. K. Espresso Noise Is NOT White. Venue, 2021."),
        ("Is Noise White?", "M. K. Is Noise White? Venue, 2021."),
        ("Noise", "M. K. Noise. Venue, 2021."),
    ],
)
def test_a_title_that_ends_its_own_sentence_gets_no_second_full_stop(title, shown):
    paper = SimpleNamespace(
        authors_text="M. K.", title=title, venue_full="Venue", year=2021, notes=[]
    )
    assert citation.reference_text(paper) == shown
