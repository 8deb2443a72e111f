"""Every page of the site runs without Quarto and shows every fact of the data.

Each ``.ipynb`` runs as it is and each ``.qmd`` by its Python chunks, in a fresh kernel
with the page's folder as working directory, as Quarto runs them.
"""

from __future__ import annotations

import re

import pytest

from portfolio import fragments, tables
from portfolio.pagerun import execute_page, output_text, site_pages

from conftest import ROOT

PAGES = site_pages(ROOT)


def plain(text: str) -> str:
    """Page output with markdown escapes removed and whitespace folded, for fact lookup."""
    return " ".join(re.sub(r"\\([^\w\s])", r"\1", text).split())


@pytest.fixture(scope="module")
def outputs(monkeypatch_module) -> dict[str, str]:
    """Every page executed once: its output text, keyed by its path in the project."""
    return {
        str(page.relative_to(ROOT)): output_text(execute_page(page, timeout=120)) for page in PAGES
    }


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", "2026-11-24")
        patch.delenv("PORTFOLIO_DATA", raising=False)
        yield patch


@pytest.fixture(scope="module")
def site_text(outputs) -> str:
    return plain("\n".join(outputs.values()))


def test_the_site_has_its_pages():
    names = {str(page.relative_to(ROOT)) for page in PAGES}
    assert {"index.qmd", "experience.qmd", "research/index.qmd", "press.qmd", "about.qmd"} <= names
    paper_pages = {
        name for name in names if name.startswith("research/") and name != "research/index.qmd"
    }
    assert paper_pages == {
        str(page.relative_to(ROOT)) for page in ROOT.glob("research/*/index.ipynb")
    }
    assert sum(name.startswith("blog/posts/") for name in names) >= 2
    assert "notebooks/tour.ipynb" in names


def test_every_page_executes(outputs):
    assert set(outputs) == {str(page.relative_to(ROOT)) for page in PAGES}


def test_every_fact_is_shown(portfolio, site_text):
    facts = [role.title for role in portfolio.roles]
    facts += [bullet for role in portfolio.roles for bullet in role.bullets]
    facts += [patent.number for patent in portfolio.patents if patent.status == "granted"]
    facts += [patent.title for patent in portfolio.patents]
    facts += [paper.title for paper in portfolio.publications.papers]
    facts += portfolio.publications.under_review
    facts += [item.headline for item in portfolio.press]
    facts += [f"**{review.venue}** -- {review.track}" for review in portfolio.reviewing]
    facts += list(tables.skills_frame(portfolio)["skill"])
    facts += [entry.institution for entry in portfolio.profile.education]
    facts += [cert.name for cert in portfolio.profile.certifications]
    facts += [m.organisation for m in portfolio.profile.memberships]
    facts += [portfolio.profile.name, portfolio.profile.headline, portfolio.profile.tagline]
    missing = [fact for fact in facts if plain(fact) not in site_text]
    assert missing == []


def test_home_page_shows_stats_and_the_glance_chart(portfolio, outputs):
    home = plain(outputs["index.qmd"])
    for stat in portfolio.profile.stats:
        assert f"[{plain(fragments.esc(stat.value))}]{{.stat-value}}" in home, stat.id
    assert 'id="career-at-a-glance"' in outputs["index.qmd"]
    assert outputs["index.qmd"].count("plotly-basic.min.js") == 1
    assert '"@type":"Person"' in outputs["index.qmd"]


def test_charts_load_plotly_from_the_site_once_per_page(outputs):
    for name, text in outputs.items():
        charts = text.count('class="portfolio-chart"')
        assert text.count("plotly-basic.min.js") == (1 if charts else 0), name
        assert "cdn.plot.ly" not in text, name
        depth = name.count("/")
        if charts:
            assert f'src="{"../" * depth}assets/plotly/plotly-basic.min.js"' in text, name


def test_paper_pages_show_citation_bibtex_header_and_synthetic_label(portfolio, outputs):
    for paper in portfolio.publications.papers:
        text = outputs.get(f"research/{paper.id}/index.ipynb")
        if text is None:
            continue  # a paper without a page of its own
        assert f"@inproceedings{{{paper.id}," in text
        assert (
            "Launch on Binder" in text
            and f"urlpath=lab/tree/research/{paper.id}/index.ipynb" in text
        )
        assert '"@type":"ScholarlyArticle"' in text
        assert 'class="portfolio-chart"' in text
        assert "Synthetic illustration" in text


def test_every_notebook_links_to_itself_and_shows_provenance(outputs):
    notebooks = [name for name in outputs if name.endswith(".ipynb")]
    assert len(notebooks) >= 7
    for name in notebooks:
        assert (ROOT / name).is_file()
        text = outputs[name]
        assert f"?urlpath=lab/tree/{name}" in text, name
        assert f"/blob/main/{name}" in text and f"/raw/main/{name}" in text, name
        assert "Launch on Binder" in text and "Download notebook" in text, name
        assert "View source" in text and "Executed" in text and "pandas" in text, name


def test_posts_carry_blog_posting_data(outputs):
    posts = [name for name in outputs if name.startswith("blog/posts/")]
    for name in posts:
        assert '"@type":"BlogPosting"' in outputs[name]
        assert "Executed" in outputs[name]
