"""What Quarto's scripts do on the real render, with its stylesheets purged: the phone menu
opens and closes, search shows its results, dark mode restyles the page, the table of
contents follows the reading, the blog listing filters by category and by text.

Each check looks at what the reader sees (boxes and colours), so a rule that PurgeCSS
removed but a script needs fails here. ``test_csp`` and ``test_rendered_site`` use the
same features under the Content-Security-Policy and with Quarto's scripts deferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from portfolio.build.purge import MARK, stylesheets
from portfolio.verify.browser import launch_chromium, serve_directory

#: Functions, not expressions: Playwright evaluates an expression with eval(), which the
#: pages' policy forbids.
SHOWN = """([selector, shown]) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return (box.width > 0 && box.height > 0) === shown;
}"""
BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"
BACKGROUND_IS = (
    "([colour, same]) => (getComputedStyle(document.body).backgroundColor === colour) === same"
)


@pytest.fixture(scope="module")
def browser(rendered_site: Path) -> Iterator[tuple[Browser, str]]:
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium, base
        chromium.close()


def _open(browser: tuple[Browser, str], path: str, width: int) -> Page:
    chromium, base = browser
    page = chromium.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("load")
    return page


def test_the_stylesheets_are_purged_to_a_third(rendered_site):
    sheets = [path for path in stylesheets(rendered_site) if "bootstrap" in path.name]
    assert len(sheets) == 2
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        assert text.startswith(MARK) and len(text) < 200_000, (sheet.name, len(text))


def test_the_phone_menu_opens_and_closes(browser):
    page = _open(browser, "index.html", 390)
    assert page.evaluate(SHOWN, ["#navbarCollapse", False])
    page.click(".navbar-toggler")
    page.locator("#navbarCollapse.show").wait_for()  # the transition has ended
    assert page.evaluate(SHOWN, ["#navbarCollapse", True])
    links = page.locator("#navbarCollapse .nav-link")
    assert links.count() >= 6 and all(link.is_visible() for link in links.all()[:6])
    page.click(".navbar-toggler")
    page.wait_for_function(SHOWN, arg=["#navbarCollapse", False])
    page.close()


def test_search_shows_its_results_over_the_page(browser, portfolio):
    title = portfolio.publications.papers[0].title
    page = _open(browser, "about.html", 1280)
    page.click("#quarto-search .aa-DetachedSearchButton, #quarto-search .aa-SubmitButton")
    page.fill(".aa-Input", max(title.split(), key=len))
    item = page.locator(".aa-Item").first
    item.wait_for()
    panel = page.locator(".aa-Panel, .aa-DetachedContainer").first
    assert panel.evaluate("el => getComputedStyle(el).position") in ("absolute", "fixed")
    assert item.is_visible() and title in page.locator(".aa-List").inner_text()
    page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_dark_mode_restyles_the_page_and_back(browser, width):
    page = _open(browser, "about.html", width)
    light = page.evaluate(BACKGROUND)
    page.evaluate("window.quartoToggleColorScheme()")
    page.wait_for_function(BACKGROUND_IS, arg=[light, False])
    dark = page.evaluate(BACKGROUND)
    assert sum(int(c) for c in dark[4:-1].split(",")[:3]) < 150, dark
    page.evaluate("window.quartoToggleColorScheme()")
    page.wait_for_function(BACKGROUND_IS, arg=[light, True])
    page.close()


def test_the_table_of_contents_follows_the_reading(browser):
    page = _open(browser, "about.html", 1280)
    links = page.locator("#TOC a.nav-link")
    assert links.count() >= 2 and links.first.is_visible()
    last = links.nth(links.count() - 1)
    target = "#" + (last.get_attribute("href") or "").split("#")[-1]
    page.locator(f"[id='{target[1:]}']").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 1)")
    page.wait_for_function(
        "href => document.querySelector(`#TOC a.nav-link.active[href$='${href}']`)", arg=target
    )
    page.wait_for_timeout(1_000)  # smooth scrolling and the links' colour transitions end
    colours = page.evaluate(
        "() => [...document.querySelectorAll('#TOC a.nav-link')].map(a => "
        "getComputedStyle(a).color)"
    )
    assert len(set(colours)) == 2, colours  # the active entry stands out
    page.close()


def _shown_posts(page: Page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('#listing-listing .quarto-post')]"
        ".filter(el => el.offsetParent !== null).length"
    )


def test_the_blog_listing_filters_by_category_and_text(browser):
    page = _open(browser, "blog/index.html", 1280)
    everything = _shown_posts(page)
    categories = page.locator(".quarto-listing-category .category:not([data-category=''])")
    counts = []
    for index in range(categories.count()):
        categories.nth(index).click()
        page.wait_for_timeout(100)
        counts.append(_shown_posts(page))
        assert "active" in (categories.nth(index).get_attribute("class") or "")
    assert everything >= 2 and min(counts) >= 1 and min(counts) < everything, counts
    page.locator(".category[data-category='']").click()
    page.locator("input.search").press_sequentially("zzzz-no-such-post")  # list.js: keyup
    page.wait_for_function(
        "() => document.querySelectorAll('#listing-listing .quarto-post').length === 0"
    )
    page.close()


def test_quartos_handlers_work_from_the_site_script(browser):
    """The listing's order and back to top, whose inline handlers became attributes that
    ``assets/handlers.js`` acts on (the policy allows no inline handler)."""
    page = _open(browser, "blog/index.html", 1280)
    assert page.locator("[onclick], [onchange]").count() == 0
    page.evaluate(
        "() => { window['quarto-listings']['listing-listing'].sort = "
        "(value, options) => { window.sortedBy = [value, options.order]; }; }"
    )
    page.select_option("#listing-listing-sort", "listing-title")
    assert page.evaluate("window.sortedBy") == ["listing-title", "asc"]
    page.close()
    page = _open(browser, "research/index.html", 1280)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => window.scrollY > 100")
    page.locator("#quarto-back-to-top").dispatch_event("click")
    page.wait_for_function("() => window.scrollY === 0")
    page.close()
