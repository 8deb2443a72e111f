"""The charts in a real browser: headless Chromium (Debian's) on a page served from loopback.

The page imitates a Quarto page one folder below the site root: the charts' HTML as
``charts.show`` emits it, the ``quarto:offset`` meta tag, the site's loader
(``theme/charts.html``), ``assets/plotly/charts.js``, the real plotly.js bundle and templates
put in place by ``portfolio.build.assets``, a body class ``quarto-light`` and a stand-in for
Quarto's ``window.quartoToggleColorScheme``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from portfolio.build import assets
from portfolio.charts import page_charts
from portfolio.data import tables
from portfolio.data.load import load_portfolio
from portfolio.project.engine import resource
from portfolio.verify.browser import RequestLog, launch_chromium, serve_directory
from portfolio.verify.pagerun import execute_page, output_text

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 24)
TIMEOUT_MS = 5_000
NAMES = ["career-timeline", "patents-timeline", "publications", "press", "career-at-a-glance"]
PLOTS = "[...document.querySelectorAll('figure.portfolio-chart .portfolio-plot')]"
DRAWN = f"{PLOTS}.every(gd => gd.querySelector('svg.main-svg'))"
PLOT = "name => document.querySelector(`figure[data-chart='${name}'] .portfolio-plot`)"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="quarto:offset" content="../">
<title>Charts</title><link rel="icon" href="data:,">
<style>body {{ margin: 0; padding: 0 12px; }} figure {{ margin: 0 0 1rem; }}</style>
</head>
<body class="quarto-light">
<main>
{spacer}
{charts}
</main>
<script>
window.quartoToggleColorScheme = function () {{
  var dark = document.body.classList.contains("quarto-dark");
  document.body.classList.toggle("quarto-dark", !dark);
  document.body.classList.toggle("quarto-light", dark);
}};
</script>
{loader}
</body></html>
"""


def reach_for_charts(page: Page) -> None:
    """Scroll each chart into view and point at it: what makes the page load plotly.js."""
    figures = page.locator("figure.portfolio-chart")
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        figures.nth(index).dispatch_event("pointerover")


@pytest.fixture(scope="module")
def roles():
    return tables.roles_frame(load_portfolio(ROOT / "data", as_of=AS_OF), AS_OF)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Quarto-like site: assets at the root, pages one folder below."""
    root = tmp_path_factory.mktemp("site")
    (root / "research").mkdir()
    assets.copy_plotly(root)
    assets.write_templates(root)
    shutil.copyfile(resource("assets/plotly/charts.js"), root / "assets/plotly/charts.js")
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    html = "\n".join(chart.to_html() for chart in page_charts.all_charts(portfolio, AS_OF))
    loader = resource("theme/charts.html").read_text(encoding="utf-8")
    for name, spacer in (("index", ""), ("below", '<div style="height:4000px"></div>')):
        page = PAGE.format(charts=html, spacer=spacer, loader=loader)
        (root / "research" / f"{name}.html").write_text(page, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[tuple[Browser, str]]:
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser, f"{url}/research/"
        browser.close()


class Visit:
    """A loaded page with its requests, console errors and any request that left loopback."""

    def __init__(self, browser: Browser, url: str, width: int = 1000, draw: bool = True) -> None:
        self.errors: list[str] = []
        self.log = RequestLog()
        viewport = {"width": width, "height": 740}
        self.page: Page = self.log.attach(browser.new_page(viewport=viewport))
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)
        if draw:
            self.draw_all()

    def draw_all(self) -> None:
        """Reach for every chart, as a reader would, and wait until all are drawn."""
        reach_for_charts(self.page)
        self.page.wait_for_function(DRAWN)

    @property
    def requested(self) -> list[str]:
        """The file names the page requested, in order."""
        return [request.path.rsplit("/", 1)[-1] for request in self.log.requests]

    @property
    def outside(self) -> list[str]:
        """Requests for another host (aborted)."""
        return [request.url for request in self.log.requests if request.external]

    def _console(self, message) -> None:
        if message.type in ("error", "warning", "trace"):
            self.errors.append(f"{message.type}: {message.text}")

    def backgrounds(self) -> list[str]:
        return self.page.evaluate(f"{PLOTS}.map(gd => gd._fullLayout.paper_bgcolor)")

    def plot(self, name: str, expression: str) -> object:
        """Evaluate ``expression`` with ``gd`` bound to the named chart's plot element."""
        return self.page.evaluate(
            f"name => {{ const gd = ({PLOT})(name); return {expression}; }}", name
        )


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    seen = Visit(browser[0], browser[1] + "index.html")
    yield seen
    seen.page.close()


def test_every_chart_draws_without_errors_or_outside_requests(visit: Visit):
    drawn = visit.page.evaluate(
        "[...document.querySelectorAll('figure.portfolio-chart')]"
        ".map(f => [f.dataset.chart, f.querySelectorAll('svg.main-svg').length])"
    )
    assert [name for name, svgs in drawn if svgs] == NAMES
    scripts = visit.page.evaluate("[...document.scripts].filter(s => s.src).map(s => s.src)")
    assert [src.rsplit("/", 1)[-1] for src in scripts] == ["charts.js", "plotly-basic.min.js"]
    assert visit.requested.count("plotly-basic.min.js") == 1
    assert visit.errors == [] and visit.outside == []


def test_plotly_loads_only_when_a_reader_reaches_for_a_chart(browser):
    seen = Visit(browser[0], browser[1] + "index.html", draw=False)
    seen.page.wait_for_function("window.portfolioCharts !== undefined")
    seen.page.wait_for_timeout(500)
    assert "plotly-basic.min.js" not in seen.requested
    assert seen.page.evaluate("typeof window.Plotly") == "undefined"
    seen.page.locator("figure.portfolio-chart").first.dispatch_event("pointerover")
    seen.page.wait_for_function(f"{PLOTS}[0].querySelector('svg.main-svg')")
    assert seen.requested.count("plotly-basic.min.js") == 1
    assert seen.errors == []
    seen.page.close()


def test_an_idle_page_draws_the_charts_in_view_and_only_those(browser):
    top = Visit(browser[0], browser[1] + "index.html", draw=False)
    top.page.wait_for_function(f"{PLOTS}[0].querySelector('svg.main-svg')", timeout=15_000)
    below = Visit(browser[0], browser[1] + "below.html", draw=False)
    below.page.wait_for_timeout(5_000)  # past the idle delay: no chart is near the viewport
    assert "plotly-basic.min.js" not in below.requested
    below.draw_all()
    assert below.requested.count("plotly-basic.min.js") == 1
    assert top.errors == below.errors == []
    top.page.close()
    below.page.close()


def test_the_placeholder_keeps_the_chart_height(visit: Visit):
    heights = visit.page.evaluate(
        f"{PLOTS}.map(gd => [gd.getBoundingClientRect().height, gd._fullLayout.height])"
    )
    assert all(abs(box - layout) <= 1 for box, layout in heights)


# Layout shifts (https://w3c.github.io/layout-instability/) from the first paint on.
RECORD_SHIFTS = """window.shifts = [];
new PerformanceObserver(list => window.shifts.push(...list.getEntries().map(e => e.value)))
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("width", [375, 1280])
def test_drawing_the_charts_shifts_nothing(browser, width: int):
    context = browser[0].new_context(viewport={"width": width, "height": 740})
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    page.goto(browser[1] + "index.html")
    reach_for_charts(page)
    page.wait_for_function(DRAWN)
    page.wait_for_timeout(100)
    assert page.evaluate("window.shifts") == []
    context.close()


def test_bundle_has_every_trace_type_and_the_hatch(visit: Visit):
    version = visit.page.evaluate("Plotly.version")
    types = visit.page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)")
    assert version == "4.1.1" and {"bar", "scatter"} <= set(types)
    hatched = sum(
        visit.plot(name, "gd.querySelectorAll('pattern').length")
        for name in ("career-timeline", "career-at-a-glance")
    )
    assert hatched >= 2


def test_hover_shows_the_role(visit: Visit, roles):
    first = roles.sort_values("start").iloc[0]
    hover = "(Plotly.Fx.hover(gd, [{curveNumber: 0, pointNumber: %d}]), "
    hover += "gd.querySelector('.hovertext').textContent)"
    text = visit.plot("career-timeline", hover % 0)
    assert first["title"] in text and f"{first['start']:%b %Y}" in text
    assert "Int'l Conf." in visit.plot("publications", hover % 3)
    assert visit.errors == []


def test_dark_mode_toggle_rethemes_every_chart(visit: Visit):
    assert set(visit.backgrounds()) == {"#ffffff"}
    visit.page.evaluate("window.quartoToggleColorScheme()")
    visit.page.wait_for_function(f"{PLOTS}.every(gd => gd._fullLayout.paper_bgcolor === '#222222')")
    assert visit.plot("career-timeline", "gd._fullLayout.font.color") == "#ffffff"
    visit.page.evaluate("window.quartoToggleColorScheme()")
    visit.page.wait_for_function(f"{PLOTS}.every(gd => gd._fullLayout.paper_bgcolor === '#ffffff')")
    assert visit.errors == []


def test_page_that_starts_dark_gets_dark_charts(browser):
    browser_, url = browser
    page = browser_.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(
        "document.addEventListener('readystatechange', () => "
        "document.body && document.body.classList.replace('quarto-light', 'quarto-dark'))"
    )
    page.goto(url + "index.html")
    reach_for_charts(page)
    page.wait_for_function(DRAWN)
    assert set(page.evaluate(f"{PLOTS}.map(gd => gd._fullLayout.paper_bgcolor)")) == {"#222222"}
    page.close()


def test_phone_width_fits_without_horizontal_scroll(browser):
    phone = Visit(browser[0], browser[1] + "index.html", width=375)
    widths = phone.page.evaluate(f"{PLOTS}.map(gd => gd.getBoundingClientRect().right)")
    assert len(widths) == len(NAMES) and max(widths) <= 375
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.errors == [] and phone.outside == []
    phone.page.close()


#: The pages whose notebooks draw their own charts (synthetic illustrations, the data tour).
NOTEBOOK_PAGES = sorted([*ROOT.glob("research/*/index.ipynb"), *ROOT.glob("notebooks/*.ipynb")])
RAW_HTML = "```{=html}\n"
#: Each chart's legend box against its x-axis title and tick labels: the pairs that meet.
LEGEND_OVERLAPS = """() => {
  const box = el => el.getBoundingClientRect();
  const meet = (a, b) => a.width && b.width && a.left < b.right && b.left < a.right
    && a.top < b.bottom && b.top < a.bottom;
  return [...document.querySelectorAll('figure.portfolio-chart')].flatMap(figure => {
    const legend = figure.querySelector('g.legend');
    if (!legend) return [];
    const axis = [...figure.querySelectorAll('.xtitle, .xaxislayer-above .xtick text')];
    return axis.filter(el => meet(box(legend), box(el)))
      .map(el => `${figure.dataset.chart}: legend over "${el.textContent}"`);
  });
}"""


def notebook_charts(path: Path) -> list[str]:
    """The chart fragments a notebook page displays, run without Quarto."""
    text = output_text(execute_page(path, timeout=120))
    blocks = [block.split("\n```", 1)[0] for block in text.split(RAW_HTML)[1:]]
    return [block for block in blocks if "portfolio-chart" in block]


@pytest.mark.browser
def test_no_legend_covers_an_x_axis_at_phone_width(site: Path, browser):
    charts = {path: notebook_charts(path) for path in NOTEBOOK_PAGES}
    assert all(charts.values()), "a notebook page shows no chart"
    loader = resource("theme/charts.html").read_text(encoding="utf-8")
    html = "\n".join(block for blocks in charts.values() for block in blocks)
    page = PAGE.format(charts=html, spacer="", loader=loader)
    (site / "research" / "notebooks.html").write_text(page, encoding="utf-8")
    seen = Visit(browser[0], browser[1] + "notebooks.html", width=390)
    assert seen.page.evaluate(LEGEND_OVERLAPS) == []
    assert seen.errors == []
    seen.page.close()
