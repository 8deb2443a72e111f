"""What each page of a rendered site loads: every request, its raw and gzipped bytes.

A page is opened in headless Chromium from a loopback server, scrolled to the end and its
charts pointed at (so anything loaded on demand, plotly.js included, is loaded too) and
left until the network is idle. Requests to
other hosts are aborted and listed (no test reaches the internet). Byte counts do not
depend on the machine's speed, so budgets on them belong in tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, sync_playwright

from portfolio.verify import browser
from portfolio.verify.browser import Request
from portfolio.verify.sitecheck import CHART_SELECTOR

_SCROLL_TO_END = """() => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  document.querySelectorAll("figure.portfolio-chart").forEach(
    (figure) => figure.dispatchEvent(new PointerEvent("pointerover", {bubbles: true}))
  );
}"""


@dataclass
class PageWeight:
    """Everything one page loaded (``path`` relative to the site folder)."""

    path: str
    requests: list[Request] = field(default_factory=list)
    charts: int = 0

    @property
    def raw_bytes(self) -> int:
        """Bytes of every response as stored on disk."""
        return sum(request.raw_bytes for request in self.requests)

    @property
    def gzip_bytes(self) -> int:
        """Bytes of every response gzipped (fonts and images barely shrink)."""
        return sum(request.gzip_bytes for request in self.requests)

    @property
    def external(self) -> list[str]:
        """Requests to other hosts (aborted)."""
        return [request.path for request in self.requests if request.external]

    def requests_to(self, name: str) -> int:
        """How many requests fetched a file called ``name``."""
        return sum(request.path.rsplit("/", 1)[-1] == name for request in self.requests)


def weigh_pages(site_dir: Path, pages: Iterable[str]) -> list[PageWeight]:
    """Load each page (paths relative to ``site_dir``) and weigh what it requests."""
    site_dir = Path(site_dir)
    with browser.serve_directory(site_dir) as base, sync_playwright() as playwright:
        chromium = browser.launch_chromium(playwright)
        try:
            context = chromium.new_context(service_workers="block")
            return [_weigh(context.new_page(), base, path) for path in pages]
        finally:
            chromium.close()


def _weigh(page: Page, base: str, path: str) -> PageWeight:
    log = browser.RequestLog()
    log.attach(page).goto(f"{base}/{quote(path)}", wait_until="load")
    page.evaluate(_SCROLL_TO_END)
    page.wait_for_load_state("networkidle")
    weight = PageWeight(path, log.requests, page.locator(CHART_SELECTOR).count())
    page.close()
    return weight
