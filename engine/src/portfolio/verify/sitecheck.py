"""Check a rendered site in headless Chromium, page by page.

For every HTML page under the site folder: console errors and uncaught exceptions, Plotly
charts (drawn once scrolled into view, hover label, dark-mode background), axe-core
violations of any impact, ids used twice, internal links and anchors (a listing's
``#category=NAME`` must name a category of that listing's filter), requests that would
leave 127.0.0.1 (aborted), anything the page's Content-Security-Policy blocked
(``securitypolicyviolation``) and the gzipped page weight against a budget.

Command line: ``python -m portfolio.verify.sitecheck SITE_DIR``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote, unquote, urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from portfolio.exceptions import PortfolioError
from portfolio.verify import browser
from portfolio.verify.renders import ENGINE_SOURCE

AXE_SCRIPT = ENGINE_SOURCE / "node_modules" / "axe-core" / "axe.min.js"
HOME_BUDGET = 1_000_000
DEFAULT_BUDGET = 1_500_000
DEFAULT_BUDGETS: Mapping[str, int] = MappingProxyType({"index.html": HOME_BUDGET})
# The site's placeholders (drawn lazily) and any chart plotly has drawn or will draw.
CHART_SELECTOR = ".portfolio-plot, .js-plotly-plot, .plotly-graph-div"
CATEGORY_FRAGMENT = "category="
IGNORED_LINK_SCHEMES = {"javascript", "data", "blob", "about"}

_UNDRAWN_CHARTS = """sel => Array.from(document.querySelectorAll(sel), (gd, i) => {
  if (gd.querySelector('svg.main-svg')) return null;
  const named = gd.closest('[data-chart]');
  return gd.id ? '#' + gd.id : named ? named.dataset.chart : 'chart ' + (i + 1);
}).filter(Boolean)"""
#: Records the page's CSP violations from before its first script (an init script, which
#: the policy does not govern, as axe-core is evaluated).
RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
));"""
_AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .flatMap(v => v.nodes.map(n => [v.id, v.impact, n.target.flat().join(' ')]))"""
# Per chart: 'ok', 'fail', 'skip' (not drawn, nothing hoverable) or 'no-plotly'.
_HOVER = """sel => Array.from(document.querySelectorAll(sel), gd => {
  if (!gd.querySelector('svg.main-svg')) return 'skip';
  const layout = gd._fullLayout;
  const data = gd._fullData || [];
  const i = data.findIndex(t => t.visible === true && t.xaxis && t._length > 0
      && t.hoverinfo !== 'skip' && t.hoverinfo !== 'none');
  if (!layout || layout.hovermode === false || i < 0) return 'skip';
  if (!window.Plotly || !window.Plotly.Fx) return 'no-plotly';
  window.Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}], data[i].xaxis + data[i].yaxis);
  const shown = gd.querySelector('.hoverlayer .hovertext, .hoverlayer .legend') !== null;
  window.Plotly.Fx.unhover(gd);
  return shown ? 'ok' : 'fail';
})"""
# Per chart (null if not drawn): its paper colour and the first opaque background behind it.
_BACKGROUNDS = """sel => Array.from(document.querySelectorAll(sel), gd => {
  let el = gd.querySelector('svg.main-svg');
  if (!el) return null;
  let bg = '';
  for (; el && el.nodeType === 1; el = el.parentElement) {
    bg = getComputedStyle(el).backgroundColor;
    if (bg && bg !== 'transparent' && bg !== 'rgba(0, 0, 0, 0)') break;
  }
  return (gd._fullLayout ? gd._fullLayout.paper_bgcolor : '') + ' | ' + bg;
})"""
_BACKGROUNDS_CHANGED = f"""([sel, before]) => ({_BACKGROUNDS})(sel)
    .every((bg, i) => bg === null || bg !== before[i])"""
_TOGGLE_DARK = """() => {
  if (typeof window.quartoToggleColorScheme === 'function') {
    window.quartoToggleColorScheme();
    return true;
  }
  const toggle = document.querySelector('.quarto-color-scheme-toggle');
  if (toggle) toggle.click();
  return toggle !== null;
}"""
# Links of the page, and those a click on a chart's points opens (its JSON's "links").
_LINKS = """() => [
  ...Array.from(document.querySelectorAll('a[href], area[href]'),
      a => [a.getAttribute('href'), a.href]),
  ...Array.from(document.querySelectorAll(
        'figure.portfolio-chart > script[type="application/json"]'),
      s => Object.values(JSON.parse(s.textContent).links || {})).flat()
      .map(href => [href, new URL(href, document.baseURI).href]),
]"""
_ANCHORS = """() => Array.from(document.querySelectorAll('[id], a[name]'),
    e => [e.id, e.tagName === 'A' ? e.getAttribute('name') : ''])"""
# Ids in the body (anchors, targets); Quarto's light/dark stylesheet pair in <head> shares one.
_DUPLICATE_IDS = """() => {
  const seen = {};
  document.body.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
  return Object.keys(seen).filter(id => id && seen[id] > 1);
}"""
# The categories a listing page can filter by (Quarto stores btoa(encodeURIComponent(name))).
_CATEGORIES = """() => Array.from(
    document.querySelectorAll('.quarto-listing-category .category[data-category]'),
    e => e.dataset.category)"""


class SiteCheckError(PortfolioError):
    """The site cannot be checked at all (no folder, no pages, no browser, no axe-core)."""


@dataclass
class PageReport:
    """What the checker found on one page (``path`` is relative to the site folder)."""

    path: str
    budget_bytes: int
    problems: list[str] = field(default_factory=list)
    weight_bytes: int = 0
    charts: int = 0
    requests: int = 0
    external_links: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the page has no problem."""
        return not self.problems


@dataclass
class _Visit:
    """Event collector for one page: its requests (``browser.RequestLog``), console errors
    and uncaught exceptions."""

    report: PageReport
    log: browser.RequestLog = field(default_factory=browser.RequestLog)

    def on_console(self, message: ConsoleMessage) -> None:
        """Record console errors, except load failures of requests reported already."""
        if message.type == "error" and message.location.get("url") not in self.log.problem_urls():
            self.report.problems.append(f"console error: {message.text}")

    def on_page_error(self, error: PlaywrightError) -> None:
        """Record an uncaught exception."""
        self.report.problems.append(f"uncaught exception: {error.message}")

    def finish(self) -> None:
        """Add the requests' problems, count and gzipped weight to the report."""
        self.report.problems += [r.problem for r in self.log.requests if r.problem]
        self.report.requests = len(self.log.served)
        self.report.weight_bytes = sum(request.gzip_bytes for request in self.log.served)


@dataclass
class _PageLinks:
    """Links found on a page and the anchors (ids, ``<a name>``) it defines."""

    links: list[tuple[str, str]]
    anchors: set[str]
    categories: set[str] = field(default_factory=set)


def html_pages(site_dir: Path) -> list[str]:
    """Relative POSIX paths of all HTML pages under ``site_dir``, sorted."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def check_site(
    site_dir: Path,
    budgets: Mapping[str, int] | None = None,
    default_budget: int = DEFAULT_BUDGET,
    axe_script: Path = AXE_SCRIPT,
) -> list[PageReport]:
    """Serve ``site_dir`` on 127.0.0.1, check every HTML page, return one report per page.

    ``budgets`` maps page paths (relative, e.g. ``"about/index.html"``) to gzipped byte budgets,
    on top of DEFAULT_BUDGETS (home page 1 MB); other pages get ``default_budget``.
    Raises SiteCheckError when nothing can be checked.
    """
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise SiteCheckError(f"no such folder: {site_dir}")
    pages = html_pages(site_dir)
    if not pages:
        raise SiteCheckError(f"no HTML pages in {site_dir}")
    if not Path(axe_script).is_file():
        raise SiteCheckError(f"axe-core not found at {axe_script} (run npm ci)")
    if not Path(browser.CHROMIUM).is_file():
        raise SiteCheckError(f"Chromium not found at {browser.CHROMIUM} (set PORTFOLIO_CHROMIUM)")
    axe_js = Path(axe_script).read_text(encoding="utf-8")
    budgets = {**DEFAULT_BUDGETS, **(budgets or {})}
    with browser.serve_directory(site_dir) as base, sync_playwright() as playwright:
        try:
            chromium = browser.launch_chromium(playwright)
        except PlaywrightError as exc:
            raise SiteCheckError(f"cannot start Chromium: {exc.message.splitlines()[0]}") from exc
        context = chromium.new_context(service_workers="block")
        context.add_init_script(RECORD_VIOLATIONS)
        reports: list[PageReport] = []
        found: dict[str, _PageLinks] = {}
        for path in pages:
            report = PageReport(path, budgets.get(path, default_budget))
            found[path] = _check_page(context, f"{base}/{quote(path)}", report, axe_js)
            reports.append(report)
        status = _status_checker(context)
        for report in reports:
            _check_links(report, found, base, status)
        chromium.close()
    return reports


def _check_page(context: BrowserContext, url: str, report: PageReport, axe_js: str) -> _PageLinks:
    """Visit one page, fill ``report`` and return its links and anchors."""
    visit = _Visit(report)
    page = visit.log.attach(context.new_page())
    page.on("console", visit.on_console)
    page.on("pageerror", visit.on_page_error)
    try:
        page.goto(url, wait_until="load")
        report.charts = page.locator(CHART_SELECTOR).count()
        _check_charts_drawn(page, report)
        _check_accessibility(page, report, axe_js)
        _check_hover(page, report)
        _check_dark_mode(page, report)
        for violation in page.evaluate("window.__cspViolations || []"):
            report.problems.append(f"content security policy: {violation}")
        for duplicate in page.evaluate(_DUPLICATE_IDS):
            report.problems.append(f"id used twice: {duplicate!r}")
        links = [(href, resolved) for href, resolved in page.evaluate(_LINKS)]
        found = _PageLinks(links, _anchor_names(page), _listing_categories(page))
    except PlaywrightError as exc:
        report.problems.append(f"page could not be checked: {exc.message.splitlines()[0]}")
        found = _PageLinks([], set())
    finally:
        page.close()
        visit.finish()
    if report.weight_bytes > report.budget_bytes:
        report.problems.append(
            f"weight {report.weight_bytes / 1000:.0f} KB gzipped exceeds budget "
            f"{report.budget_bytes / 1000:.0f} KB"
        )
    return found


def _check_charts_drawn(page: Page, report: PageReport, timeout_ms: float = 5000) -> None:
    """Every chart, scrolled into view and pointed at as a reader would, must draw Plotly's
    ``svg.main-svg``."""
    charts = page.locator(CHART_SELECTOR)
    for index in range(report.charts):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        chart.dispatch_event("pointerover")  # a reader reaching for it loads plotly.js
        with contextlib.suppress(PlaywrightTimeoutError):  # reported below, by name
            chart.locator("svg.main-svg").first.wait_for(state="attached", timeout=timeout_ms)
    for chart in page.evaluate(_UNDRAWN_CHARTS, CHART_SELECTOR):
        report.problems.append(f"chart not drawn: {chart}")
    page.evaluate("window.scrollTo(0, 0)")


def _check_accessibility(page: Page, report: PageReport, axe_js: str) -> None:
    """Run axe-core; report every violation (of any impact) with its targets."""
    page.evaluate(axe_js + "\n;undefined")  # not an inline <script>: the page's CSP allows none
    for rule, impact, target in page.evaluate(_AXE_RUN):
        report.problems.append(f"axe {rule} ({impact}): {target}")


def _check_hover(page: Page, report: PageReport) -> None:
    """Hovering the first point of each drawn chart's first hoverable trace shows a label."""
    for i, outcome in enumerate(page.evaluate(_HOVER, CHART_SELECTOR), start=1):
        if outcome == "fail":
            report.problems.append(f"chart {i}: no hover label")
        elif outcome == "no-plotly":
            report.problems.append(f"chart {i}: window.Plotly missing, hover not testable")


def _check_dark_mode(page: Page, report: PageReport, timeout_ms: float = 1500) -> None:
    """Toggling dark mode must change every drawn chart's background; then toggle back."""
    if not report.charts:
        return
    before = page.evaluate(_BACKGROUNDS, CHART_SELECTOR)
    if not page.evaluate(_TOGGLE_DARK):
        report.problems.append("no dark-mode toggle")
        return
    try:
        page.wait_for_function(
            _BACKGROUNDS_CHANGED, arg=[CHART_SELECTOR, before], timeout=timeout_ms
        )
    except PlaywrightTimeoutError:
        after = page.evaluate(_BACKGROUNDS, CHART_SELECTOR)
        for i, (old, new) in enumerate(zip(before, after, strict=True), start=1):
            if old is not None and old == new:
                report.problems.append(f"chart {i}: background unchanged in dark mode ({old})")
    page.evaluate(_TOGGLE_DARK)


def _anchor_names(page: Page) -> set[str]:
    """Ids and ``<a name>`` values defined on the page."""
    return {name for pair in page.evaluate(_ANCHORS) for name in pair if name}


def _listing_categories(page: Page) -> set[str]:
    """The category names of the page's listing filter (empty for other pages)."""
    names = set()
    for encoded in page.evaluate(_CATEGORIES):
        try:
            names.add(unquote(base64.b64decode(encoded).decode("ascii")))
        except (binascii.Error, UnicodeDecodeError):
            names.add(encoded)
    return names


def _status_checker(context: BrowserContext) -> Callable[[str], int]:
    """A cached URL -> HTTP status lookup against the local server."""
    cache: dict[str, int] = {}

    def status(url: str) -> int:
        if url not in cache:
            response = context.request.head(url, max_redirects=5)
            cache[url] = response.status
            response.dispose()
        return cache[url]

    return status


def _page_path(url: str) -> str:
    """The site-relative file a local URL serves (``dir/`` -> ``dir/index.html``)."""
    path = unquote(urlsplit(url).path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def _check_links(
    report: PageReport, found: Mapping[str, _PageLinks], base: str, status: Callable[[str], int]
) -> None:
    """Internal links must resolve (HTTP 200) and their #anchors exist; record external ones."""
    for raw, url in dict.fromkeys(found[report.path].links):
        parts = urlsplit(url)
        if parts.scheme in IGNORED_LINK_SCHEMES:
            continue
        if f"{parts.scheme}://{parts.netloc}" != base:
            report.external_links.append(url)
            continue
        target, _, fragment = url.partition("#")
        code = status(target)
        target_page = found.get(_page_path(target))
        if code != 200:
            report.problems.append(f"broken link {raw!r} (HTTP {code})")
        elif not fragment or fragment.lower() == "top" or target_page is None:
            continue
        elif fragment.startswith(CATEGORY_FRAGMENT):
            category = unquote(fragment.removeprefix(CATEGORY_FRAGMENT))
            if category not in target_page.categories:
                report.problems.append(f"category link {raw!r} leads to no listing filter")
        elif unquote(fragment) not in target_page.anchors:
            report.problems.append(f"missing anchor {raw!r}")


def format_reports(reports: Sequence[PageReport]) -> str:
    """One line per page (OK/FAIL, weight, charts, problem count), problems indented below."""
    width = max(len(r.path) for r in reports)
    lines = []
    for r in reports:
        verdict = "OK  " if r.ok else "FAIL"
        lines.append(
            f"{verdict} {r.path:<{width}}  {r.weight_bytes / 1000:7.1f} KB  "
            f"charts {r.charts}  problems {len(r.problems)}"
        )
        lines.extend(f"    {problem}" for problem in r.problems)
    failed = sum(not r.ok for r in reports)
    lines.append(f"{len(reports)} pages checked, {failed} failed")
    return "\n".join(lines)


def _parse_budget(text: str) -> tuple[str, int]:
    """``PAGE=BYTES`` -> (page, bytes)."""
    page, sep, size = text.partition("=")
    if not sep or not size.isdigit():
        raise argparse.ArgumentTypeError(f"expected PAGE=BYTES, got {text!r}")
    return page, int(size)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: check a rendered site; exit 0 if all pages pass, 1 if not, 2 on errors."""
    parser = argparse.ArgumentParser(
        prog="python -m portfolio.verify.sitecheck", description="Check a rendered Quarto site."
    )
    parser.add_argument("site_dir", type=Path, help="rendered site folder, e.g. _site")
    parser.add_argument(
        "--budget",
        type=_parse_budget,
        action="append",
        default=[],
        metavar="PAGE=BYTES",
        help="gzipped weight budget for one page (repeatable); index.html defaults to 1 MB",
    )
    parser.add_argument(
        "--default-budget",
        type=int,
        default=DEFAULT_BUDGET,
        metavar="BYTES",
        help="gzipped weight budget for other pages (default %(default)s)",
    )
    parser.add_argument("--axe", type=Path, default=AXE_SCRIPT, help="path to axe.min.js")
    args = parser.parse_args(argv)
    try:
        reports = check_site(args.site_dir, dict(args.budget), args.default_budget, args.axe)
    except PortfolioError as exc:
        print(exc.report("sitecheck"), file=sys.stderr)
        return 2
    print(format_reports(reports))
    return 0 if all(r.ok for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
