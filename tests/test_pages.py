"""Every page of the site runs without Quarto and shows every fact of the data.

Each ``.ipynb`` runs as it is and each ``.qmd`` by its Python chunks, in a fresh kernel
with the page's folder as working directory, as Quarto runs them; a section page shows the
text the pre-render step writes for it (``portfolio.build.sections``), made here the same way.
"""

from __future__ import annotations

import re

import pytest
from nbformat import NotebookNode

from portfolio.build.sections import SECTIONS, section_text
from portfolio.data import tables
from portfolio.pages import fragments
from portfolio.pages.posts import posts_frame
from portfolio.project.sources import site_pages
from portfolio.verify.pagerun import execute_page, load_page, output_text

from conftest import ROOT

PAGES = site_pages(ROOT)


def plain(text: str) -> str:
    """Page output with markdown escapes removed and whitespace folded, for fact lookup."""
    return " ".join(re.sub(r"\\([^\w\s])", r"\1", text).split())


@pytest.fixture(scope="module")
def executed(monkeypatch_module) -> dict[str, NotebookNode]:
    """Every page with code executed once, keyed by its path in the project."""
    return {
        page.relative_to(ROOT).as_posix(): execute_page(page, timeout=120)
        for page in PAGES
        if any(cell.cell_type == "code" for cell in load_page(page).cells)
    }


@pytest.fixture(scope="module")
def outputs(executed) -> dict[str, str]:
    """Every page's text (its section text, what its code prints), by its path."""
    names = [page.relative_to(ROOT).as_posix() for page in PAGES]
    printed = {name: output_text(notebook) for name, notebook in executed.items()}
    return {
        name: "\n".join(filter(None, [section_text(ROOT, name), printed.get(name)]))
        for name in names
    }


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", "2026-11-24")
        patch.delenv("PORTFOLIO_DATA", raising=False)
        # the links derive from the repository a GitHub Actions run names (any checkout)
        patch.setenv("GITHUB_REPOSITORY", "example-owner/example-portfolio")
        patch.setenv("GITHUB_SERVER_URL", "https://github.com")
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


def test_section_pages_run_no_code_and_show_what_the_prerender_writes(executed, outputs):
    """The section pages need no kernel; papers, posts and notebooks stay executable."""
    assert not set(SECTIONS) & set(executed)
    assert all(section_text(ROOT, page) for page in SECTIONS)
    notebooks = {page.relative_to(ROOT).as_posix() for page in PAGES if page.suffix == ".ipynb"}
    assert notebooks <= set(executed)


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


def test_home_page_shows_stats_the_glance_chart_and_latest_posts(portfolio, outputs):
    home = plain(outputs["index.qmd"])
    for stat in portfolio.profile.stats:
        assert f"[{plain(fragments.esc(stat.value))}]{{.stat-value}}" in home, stat.id
    assert 'data-chart="career-at-a-glance"' in outputs["index.qmd"]
    assert '"@type":"Person"' in outputs["index.qmd"]
    for post in posts_frame(ROOT)["path"][:3]:  # the latest published posts (no draft)
        assert f"(<{post}>)" in outputs["index.qmd"]
    assert "[All posts](<blog/index.qmd>)" in outputs["index.qmd"]


def test_no_output_makes_quarto_load_widget_scripts(executed):
    """Quarto adds require.js and jQuery from a CDN for any HTML or JavaScript output."""
    widgets = {"text/html", "application/javascript"}
    found = [
        f"{name}: cell {number} ({', '.join(sorted(widgets & set(output.get('data', {}))))})"
        for name, notebook in executed.items()
        for number, cell in enumerate(notebook.cells, start=1)
        for output in cell.get("outputs", [])
        if widgets & set(output.get("data", {}))
    ]
    assert found == [], "show tables and charts through the package: " + "; ".join(found)


def test_pages_load_no_script_themselves(outputs):
    """plotly.js is fetched by the site's chart script, never by a page's own output."""
    for name, text in outputs.items():
        assert "<script src" not in text and "plotly-basic.min.js" not in text, name
        assert "cdn.plot.ly" not in text, name


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
