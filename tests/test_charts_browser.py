"""The charts in a real browser: headless Chromium (Debian's) on a page served from loopback.

The page imitates a Quarto page: the charts' HTML as ``charts.show`` emits it, the real
plotly.js bundle copied by ``portfolio.assets``, the committed theme script, a body class
``quarto-light`` and a stand-in for Quarto's ``window.quartoToggleColorScheme``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from portfolio import assets, charts, page_charts, tables
from portfolio.browser import launch_chromium, serve_directory
from portfolio.load import load_portfolio

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 24)
TIMEOUT_MS = 5_000
NAMES = ["career-timeline", "patents-timeline", "publications", "press", "career-at-a-glance"]
DRAWN = f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * len(NAMES)}"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Charts</title><link rel="icon" href="data:,">
<style>body {{ margin: 0; padding: 0 12px; }} figure {{ margin: 0 0 1rem; }}</style>
</head>
<body class="quarto-light">
<main>
{charts}
</main>
<script>
window.quartoToggleColorScheme = function () {{
  var dark = document.body.classList.contains("quarto-dark");
  document.body.classList.toggle("quarto-dark", !dark);
  document.body.classList.toggle("quarto-light", dark);
}};
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def roles():
    return tables.roles_frame(load_portfolio(ROOT / "data", as_of=AS_OF), AS_OF)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Quarto-like site: project root with assets, one page a folder below."""
    root = tmp_path_factory.mktemp("site")
    (root / "_quarto.yml").write_text("project:\n  type: website\n")
    page = root / "research" / "index.html"
    page.parent.mkdir()
    assets.copy_plotly(root, npm_root=ROOT)
    shutil.copyfile(ROOT / "assets" / "plotly" / "theme.js", root / charts.THEME_JS)
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(page.parent)
        charts.reset_page()
        shown = page_charts.all_charts(portfolio, AS_OF)
        charts.reset_page()
    html = "\n".join(chart.to_html() for chart in shown)
    page.write_text(PAGE.format(charts=html), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[tuple[Browser, str]]:
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser, f"{url}/research/index.html"
        browser.close()


class Visit:
    """A loaded page with its console errors and any request that left loopback."""

    def __init__(self, browser: Browser, url: str, width: int = 1000) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": width, "height": 740})
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)
        self.page.wait_for_function(DRAWN)

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _console(self, message) -> None:
        if message.type in ("error", "warning", "trace"):
            self.errors.append(f"{message.type}: {message.text}")

    def backgrounds(self) -> list[str]:
        return self.page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot')]"
            ".map(gd => gd._fullLayout.paper_bgcolor)"
        )


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    seen = Visit(*browser)
    yield seen
    seen.page.close()


def test_every_chart_draws_without_errors_or_outside_requests(visit: Visit):
    drawn = visit.page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')]"
        ".map(gd => [gd.id, gd.querySelectorAll('svg.main-svg').length])"
    )
    assert [name for name, svgs in drawn if svgs] == NAMES
    scripts = visit.page.evaluate("[...document.scripts].filter(s => s.src).map(s => s.src)")
    assert [src.rsplit("/", 1)[-1] for src in scripts] == ["plotly-basic.min.js", "theme.js"]
    assert visit.errors == [] and visit.outside == []


def test_bundle_has_every_trace_type_and_the_hatch(visit: Visit):
    version = visit.page.evaluate("Plotly.version")
    types = visit.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
    assert version == "4.1.1" and {"bar", "scatter"} <= set(types)
    hatched = visit.page.evaluate(
        "document.querySelectorAll('#career-timeline pattern, #career-at-a-glance pattern').length"
    )
    assert hatched >= 2


def test_hover_shows_the_role(visit: Visit, roles):
    first = roles.sort_values("start").iloc[0]
    visit.page.evaluate("Plotly.Fx.hover('career-timeline', [{curveNumber: 0, pointNumber: 0}])")
    text = visit.page.locator("#career-timeline .hovertext").first.text_content()
    assert first["title"] in text and f"{first['start']:%b %Y}" in text
    visit.page.evaluate("Plotly.Fx.hover('publications', [{curveNumber: 0, pointNumber: 3}])")
    assert "Int'l Conf." in visit.page.locator("#publications .hovertext").first.text_content()
    assert visit.errors == []


def test_dark_mode_toggle_rethemes_every_chart(visit: Visit):
    assert set(visit.backgrounds()) == {"#ffffff"}
    visit.page.evaluate("window.quartoToggleColorScheme()")
    visit.page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')]"
        ".every(gd => gd._fullLayout.paper_bgcolor === '#222222')"
    )
    colour = visit.page.evaluate(
        "document.getElementById('career-timeline')._fullLayout.font.color"
    )
    assert colour == "#ffffff"
    visit.page.evaluate("window.quartoToggleColorScheme()")
    visit.page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')]"
        ".every(gd => gd._fullLayout.paper_bgcolor === '#ffffff')"
    )
    assert visit.errors == []


def test_page_that_starts_dark_gets_dark_charts(browser):
    browser_, url = browser
    page = browser_.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(
        "document.addEventListener('readystatechange', () => "
        "document.body && document.body.classList.replace('quarto-light', 'quarto-dark'))"
    )
    page.goto(url)
    page.wait_for_function(DRAWN)
    page.wait_for_function(
        "[...document.querySelectorAll('.js-plotly-plot')]"
        ".every(gd => gd._fullLayout.paper_bgcolor === '#222222')"
    )
    page.close()


def test_phone_width_fits_without_horizontal_scroll(browser):
    phone = Visit(*browser, width=375)
    widths = phone.page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')]"
        ".map(gd => gd.getBoundingClientRect().right)"
    )
    assert len(widths) == len(NAMES) and max(widths) <= 375
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.errors == [] and phone.outside == []
    phone.page.close()
