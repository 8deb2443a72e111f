"""The real render, checked in a browser: a fresh copy of the project rendered by Quarto.

Quarto comes from PATH (``.ci/run`` puts ``../shared/tools/quarto`` there when none is
installed); see the ``rendered_site`` fixture in ``conftest``.
"""

from __future__ import annotations

import subprocess
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import sync_playwright

from portfolio.verify.browser import launch_chromium, serve_directory
from portfolio.verify.sitecheck import check_site, format_reports


def test_every_page_passes_the_site_checks(rendered_site):
    """No other host, no console error, charts draw and re-theme, axe, links, weight."""
    reports = check_site(rendered_site)
    assert {report.path for report in reports} >= {"index.html", "research/index.html"}
    assert all(report.ok for report in reports), format_reports(reports)


def test_a_render_leaves_git_status_clean(rendered_project):
    """Quarto writes outputs into the notebooks; git neither stores nor reports them."""
    status = subprocess.run(
        ["git", "status", "--porcelain"],
        cwd=rendered_project,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
    notebook = next(rendered_project.glob("research/*/index.ipynb"))
    assert '"outputs": [\n' in notebook.read_text(encoding="utf-8")  # Quarto did write them


# The first point of a kind in the home chart: its id, its link and its centre on screen.
_POINT = """kind => {
  const figure = document.querySelector('figure[data-chart="career-at-a-glance"]');
  const links = JSON.parse(figure.querySelector('script[type="application/json"]').textContent)
    .links;
  for (const group of figure.querySelectorAll('g.trace')) {
    const trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
    const index = ((trace && trace.ids) || []).findIndex(id => id.startsWith(kind + ':'));
    if (index < 0) continue;
    const point = [...group.querySelectorAll('.point')].find(p => p.__data__.i === index);
    const box = point.getBoundingClientRect();
    return {id: trace.ids[index], href: links[trace.ids[index]],
            x: box.left + box.width / 2, y: box.top + box.height / 2};
  }
  return null;
}"""


@pytest.mark.parametrize("kind", ["role", "patent", "paper", "press"])
def test_a_click_on_a_home_chart_point_lands_on_its_record(rendered_site, kind):
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/index.html")
        figure = page.locator('figure[data-chart="career-at-a-glance"]')
        figure.scroll_into_view_if_needed()
        figure.dispatch_event("pointerover")
        figure.locator("svg.main-svg").first.wait_for(state="attached")
        point = page.evaluate(_POINT, kind)
        assert point and point["href"], f"no linked {kind} point"
        page.mouse.move(point["x"], point["y"])
        with page.expect_navigation():
            page.mouse.click(point["x"], point["y"])
        target = urljoin(f"{base}/index.html", point["href"])
        assert page.url == target
        anchor = urlsplit(target).fragment
        if anchor:
            assert page.evaluate("id => document.getElementById(id) !== null", anchor)
        browser.close()


def test_quarto_scripts_still_work_deferred_on_a_phone(rendered_site, portfolio):
    """The post-render step defers Quarto's scripts: the menu opens and search finds a paper."""
    title = portfolio.publications.papers[0].title
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 390, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/index.html")
        page.click(".navbar-toggler")
        page.locator(".navbar-collapse.show").wait_for()
        page.click("#quarto-search .aa-DetachedSearchButton")
        page.fill(".aa-Input", max(title.split(), key=len))
        results = page.locator(".aa-Item")
        results.first.wait_for()
        assert any(title in text for text in results.all_inner_texts())
        assert not errors
        browser.close()


def _shown_papers(page) -> list[str]:
    """The ids of the research page's papers that a reader sees."""
    return page.eval_on_selector_all(
        "section.paper-group li [data-venue]",
        "marks => marks.filter(m => m.closest('li').checkVisibility()).map(m => m.id)",
    )


def test_typing_part_of_a_title_finds_that_paper_on_the_research_page(rendered_site, portfolio):
    """The search keeps the papers whose title holds the text, hides the rest (and the years
    left empty), says how many it shows, and is reached from the keyboard by its label."""
    papers = portfolio.publications.papers
    paper = papers[0]
    others = [other.title.lower() for other in papers[1:]]
    part = next(word for word in paper.title.split() if word.lower() not in " ".join(others))
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(f"{base}/research/index.html")
        search = page.get_by_label("Title contains")
        search.wait_for()
        assert len(_shown_papers(page)) == len(papers)
        search.focus()
        page.keyboard.type(part.lower())
        assert _shown_papers(page) == [f"paper-{paper.id}"]
        assert page.locator("#paper-count").inner_text() == f"Showing 1 of {len(papers)} papers"
        assert not page.locator("#papers-under-review").is_visible()
        search.fill("")
        assert len(_shown_papers(page)) == len(papers)
        page.get_by_label("Order").select_option("old")
        years = page.eval_on_selector_all("section.paper-group", "s => s.map(e => e.id)")
        assert years[0] == f"papers-{min(p.year for p in papers)}"
        assert years[-1] == "papers-under-review"
        browser.close()
