"""A second, fictional researcher's data gives their whole site with no code change.

Their site is made as a new researcher makes one (``conftest.make_it_yours``: ``portfolio
init``, their data, pages for their papers, a post); every page then runs (without Quarto)
and renders (with it), shows their facts, none of the main data's, and keeps markup written
in their data as text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from portfolio.build.markup import Page
from portfolio.data import tables
from portfolio.data.models import Portfolio
from portfolio.pages.fragments import DEFAULT_TITLES
from portfolio.project.sources import draft_pages, site_pages
from portfolio.verify.pagerun import page_output
from portfolio.verify.sitecheck import check_site, format_reports

from conftest import AS_OF

#: Markup the fictional data holds in text fields; it must show as written, never run.
MARKUP = ("<script>alert('fictional')</script>", "<b>Partners</b>", "<img src=x onerror=alert(2)>")


def their_facts(other: Portfolio) -> list[str]:
    """Texts of the fictional data that the site must show."""
    facts = [other.profile.name, other.profile.headline, other.profile.tagline]
    facts += [role.title for role in other.roles] + [role.employer for role in other.roles]
    facts += [patent.title for patent in other.patents]
    facts += [paper.title for paper in other.publications.papers]
    facts += [entry.institution for entry in other.profile.education]
    facts += list(tables.skills_frame(other)["skill"])
    facts += [review.venue for review in other.reviewing]
    return facts


def main_facts(portfolio: Portfolio) -> list[str]:
    """Distinctive texts of the main data that must not reach the other person's site."""
    profile = portfolio.profile
    facts = [profile.name, profile.headline, profile.tagline, " ".join(profile.summary.split())]
    facts += [role.employer for role in portfolio.roles] + [role.title for role in portfolio.roles]
    facts += [bullet for role in portfolio.roles for bullet in role.bullets]
    facts += [patent.title for patent in portfolio.patents]
    facts += [paper.title for paper in portfolio.publications.papers]
    facts += [item.headline for item in portfolio.press] + [item.outlet for item in portfolio.press]
    facts += [entry.institution for entry in profile.education]
    facts += [cert.name for cert in profile.certifications]
    facts += [section.title for section in profile.sections.values()]
    facts = [fact for fact in facts if fact not in DEFAULT_TITLES.values()]  # "Blog" is generic
    facts += [stat.label for stat in profile.stats]
    return [" ".join(fact.split()) for fact in facts]


def plain(text: str) -> str:
    """Markdown output with its escapes removed and whitespace folded."""
    return " ".join(re.sub(r"\\([^\w\s])", r"\1", text).split())


def html_text(page: str) -> str:
    """The visible text of an HTML page (tags dropped, entities decoded, spaces folded)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL | re.IGNORECASE)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def live_markup(page: str) -> list[str]:
    """Elements made from the markup in the fictional data (none when it stayed text)."""
    parsed = Page(page)
    found = ["<img src=x onerror=...>" for _ in parsed.find_all("img", src="x")]
    found += [
        f"script: {parsed.inner(script)[:60]}"
        for script in parsed.find_all("script")
        if parsed.inner(script).strip().startswith("alert(")
    ]
    found += [
        f"<b>{parsed.text(bold)}</b>"
        for bold in parsed.find_all("b")
        if parsed.text(bold).strip() in {"fictives", "Partners"}
    ]
    return found


@pytest.fixture(scope="module")
def outputs(other_project: Path) -> dict[str, str]:
    """Every page of the fictional site executed once (nbclient, no Quarto)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", AS_OF.isoformat())
        patch.delenv("PORTFOLIO_DATA", raising=False)
        return {
            str(page.relative_to(other_project)): page_output(page, other_project, timeout=120)
            for page in site_pages(other_project)
        }


def test_their_site_has_only_their_pages(other_project, other):
    drafts = set(draft_pages(other_project))  # the starter's example post, a draft
    pages = {str(page.relative_to(other_project)) for page in site_pages(other_project)}
    pages -= {str(page.relative_to(other_project)) for page in drafts}
    papers = {paper.id for paper in other.publications.papers}
    research = {name.split("/")[1] for name in pages if name.count("/") == 2 and "research" in name}
    assert research and research <= papers
    assert sum(name.startswith("blog/posts/") for name in pages) == 1


def test_every_page_runs_and_shows_their_facts(outputs, other, portfolio):
    text = plain("\n".join(outputs.values()))
    assert [fact for fact in their_facts(other) if plain(fact) not in text] == []
    assert [fact for fact in main_facts(portfolio) if fact in text] == []
    assert "None" not in plain(outputs["blog/index.qmd"])
    assert "[9+]{.stat-value}" in plain(outputs["index.qmd"])


def test_markup_in_their_data_stays_text_in_every_page(outputs):
    for name, text in outputs.items():
        outside_code = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
        for markup in MARKUP:
            assert markup not in outside_code, (name, markup)
    # escaped; the paper is their oldest, so it is on the research page (home lists the newest)
    assert r"\<script\>alert('fictional')\</script\>" in outputs["research/index.qmd"]
    assert "\\u003cscript\\u003e" in outputs["research/first-steps/index.ipynb"]  # JSON-LD


def test_their_site_renders_with_their_facts_only(other_rendered_site, other, portfolio):
    pages = {
        path.relative_to(other_rendered_site).as_posix(): path.read_text(encoding="utf-8")
        for path in other_rendered_site.rglob("*")
        if path.suffix in {".html", ".xml", ".json", ".bib"} and path.is_file()
    }
    text = " ".join(html_text(page) for page in pages.values())
    assert [fact for fact in their_facts(other) if fact not in text] == []
    leaked = {
        fact: name
        for fact in main_facts(portfolio)
        for name, page in pages.items()
        if fact in html.unescape(page)
    }
    assert leaked == {}
    assert "Premiers pas" in pages["blog/index.xml"]
    live = {name: live_markup(page) for name, page in pages.items() if name.endswith(".html")}
    assert {name: found for name, found in live.items() if found} == {}
    feed = pages["blog/index.xml"]
    assert "<b>fictives</b>" not in feed.replace("&lt;b&gt;fictives&lt;/b&gt;", "")


def test_their_rendered_site_passes_the_site_checks(other_rendered_site):
    reports = check_site(other_rendered_site)
    assert {report.path for report in reports} >= {"index.html", "research/index.html"}
    assert all(report.ok for report in reports), format_reports(reports)
