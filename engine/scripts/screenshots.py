"""Full-page screenshots of a rendered site, desktop and phone, light and dark.

    python engine/scripts/screenshots.py _site OUT_DIR [PAGE ...]

Pages default to the home, experience, research and about pages. Each chart is scrolled
into view first so it draws, as it would for a reader.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from portfolio.verify.browser import launch_chromium, serve_directory

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = ["index.html", "experience.html", "research/index.html", "about.html"]


def shoot(site: Path, out: Path, pages: list[str]) -> list[Path]:
    """Write ``<page>-<width>-<mode>.png`` files into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for page_path in pages:
            for label, width in WIDTHS.items():
                for mode in ("light", "dark"):
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(f"{base}/{page_path}", wait_until="load")
                    if mode == "dark":
                        page.evaluate("window.quartoToggleColorScheme()")
                    figures = page.locator("figure.portfolio-chart")
                    for index in range(figures.count()):
                        figures.nth(index).scroll_into_view_if_needed()
                        figures.nth(index).dispatch_event("pointerover")
                        figures.nth(index).locator("svg.main-svg").first.wait_for(state="attached")
                    page.evaluate("window.scrollTo(0, 0)")
                    page.wait_for_timeout(300)
                    name = page_path.replace("/", "_").removesuffix(".html")
                    target = out / f"{name}-{label}-{mode}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                    page.close()
        browser.close()
    return written


if __name__ == "__main__":
    for path in shoot(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:] or PAGES):
        print(path)
