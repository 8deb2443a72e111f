"""The charts' first frames: drawn at build time by the site's plotly.js in Chromium, put in
each chart's placeholder (light and dark, three widths) and in the feed; then on the real
render, seen with JavaScript off, replaced by the interactive chart without a shift."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from portfolio.build import assets, frames
from portfolio.build.postrender import add_chart_frames
from portfolio.charts import page_charts
from portfolio.data.load import load_portfolio
from portfolio.verify.browser import launch_chromium, serve_directory
from portfolio.verify.sitecheck import html_pages

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 24)
PLOTLY = "plotly-basic.min.js"
#: Layout shifts from the first paint on (https://w3c.github.io/layout-instability/).
RECORD_SHIFTS = """window.shifts = [];
new PerformanceObserver(list => window.shifts.push(...list.getEntries().map(e => e.value)))
  .observe({type: 'layout-shift', buffered: true});"""
SHOWN_FRAMES = """() => [...document.querySelectorAll("figure.portfolio-chart")].map(figure => {
  const img = [...figure.querySelectorAll(".portfolio-frame img")]
    .find(i => i.getBoundingClientRect().height > 0);
  const plot = figure.querySelector(".portfolio-plot").getBoundingClientRect();
  return img ? [img.currentSrc, img.naturalWidth, img.alt, img.getBoundingClientRect().height,
                plot.height] : null;
})"""


def test_the_description_is_the_figures_text():
    spec = {
        "layout": {"xaxis": {"title": {"text": "Year"}}, "yaxis": {"title": "<b>Count</b>"}},
        "data": [{"name": "Papers"}, {"name": "Patents"}, {"name": "Papers"}],
    }
    assert frames.describe(spec, "Records &amp; more per year") == (
        "Records & more per year. X axis: Year; y axis: Count. Series: Papers, Patents."
    )


def _site(tmp_path: Path) -> Path:
    """Two pages (one a folder down) with the site's charts, and a feed."""
    site = tmp_path / "_site"
    (site / "blog").mkdir(parents=True)
    assets.copy_plotly(site)
    assets.write_templates(site)
    portfolio = load_portfolio(ROOT / "data", as_of=AS_OF)
    charts = page_charts.all_charts(portfolio, AS_OF)[:2]
    body = "".join(chart.to_html() for chart in charts)
    for page in ("index.html", "blog/index.html"):
        (site / page).write_text(f"<html><head></head><body>{body}</body></html>")
    (site / "blog/index.xml").write_text(
        "<rss><channel><title>t</title><link>https://example.org/site/blog/</link>"
        f"<item><description><![CDATA[{charts[0].to_html()}]]></description></item>"
        "</channel></rss>"
    )
    return site


@pytest.mark.browser
def test_frames_are_drawn_once_put_in_place_and_named_in_the_feed(tmp_path):
    site = _site(tmp_path)
    cache = tmp_path / "frames"
    changed, drawn = frames.add_frames(site, cache)
    assert len(changed) == 2 and drawn == 2 * len(frames.THEMES) * len(frames.WIDTHS)
    files = sorted((site / frames.FRAMES).glob("*.svg"))
    assert len(files) == drawn and all(f.read_text().startswith("<svg") for f in files)
    page = (site / "blog/index.html").read_text()
    assert page.count('<picture class="portfolio-frame') == 4
    assert 'src="../assets/charts/' in page and 'alt="Each role over time' in page
    assert page.count('loading="lazy"') == 2  # the dark frames
    (cache / "gone-light-340-0.svg").write_text("<svg/>")
    (site / frames.FRAMES / "gone-light-340-0.svg").write_text("<svg/>")
    assert frames.add_frames(site, cache) == ([], 0)  # nothing new: no browser
    assert not list(cache.glob("gone-*")) and not list((site / frames.FRAMES).glob("gone-*"))
    assert len(list(cache.glob("*.svg"))) == drawn
    assert (site / "blog/index.html").read_text() == page
    assert frames.frame_feed(site / "blog/index.xml", site)
    feed = (site / "blog/index.xml").read_text()
    image = re.search(r'<img src="([^"]+)"', feed)
    assert image and image[1].startswith("https://example.org/site/assets/charts/")
    assert (site / image[1].removeprefix("https://example.org/site/")).is_file()


def test_without_chromium_the_charts_keep_their_placeholders(tmp_path, monkeypatch, capsys):
    site = _site(tmp_path)
    before = (site / "index.html").read_text()
    monkeypatch.setattr(frames, "CHROMIUM", str(tmp_path / "no-chromium"))
    assert add_chart_frames(site, tmp_path / "originals") == []
    assert "charts left without first frames: no Chromium" in capsys.readouterr().err
    assert (site / "index.html").read_text() == before


@pytest.fixture(scope="module")
def served(rendered_site):
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser, base
        browser.close()


def _chart_pages(site: Path) -> list[str]:
    return [p for p in html_pages(site) if "portfolio-chart" in (site / p).read_text()]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_chart_is_seen_with_javascript_off(served, rendered_site, width):
    browser, base = served
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    missing = {}
    pages = _chart_pages(rendered_site)
    assert len(pages) >= 8
    for path in pages:
        page.goto(f"{base}/{path}", wait_until="load")
        for shown in page.evaluate(SHOWN_FRAMES):
            ok = shown and shown[1] > 0 and shown[2] and abs(shown[3] - shown[4]) <= 1
            if not ok:
                missing.setdefault(path, []).append(shown)
    context.close()
    assert missing == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_a_tap_makes_the_chart_interactive_with_no_shift(served, width):
    browser, base = served
    context = browser.new_context(viewport={"width": width, "height": 800}, has_touch=True)
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    page.goto(f"{base}/press.html", wait_until="load")
    page.wait_for_timeout(500)
    assert PLOTLY not in requested and page.evaluate(SHOWN_FRAMES)[0][1] > 0
    page.evaluate("window.shifts = []")  # Quarto's own, at load, are not the chart's
    figure = page.locator("figure.portfolio-chart").first
    figure.locator(".portfolio-frame-light img").tap()
    figure.locator("svg.main-svg").first.wait_for(state="attached")
    page.wait_for_function("() => !document.querySelector('.portfolio-frame')")
    page.wait_for_timeout(200)
    assert requested.count(PLOTLY) == 1
    assert page.evaluate("window.shifts") == []
    context.close()


def test_a_dark_page_shows_the_dark_frame_and_prints_the_light_one(served):
    browser, base = served
    context = browser.new_context()
    context.add_init_script("localStorage.setItem('quarto-color-scheme', 'alternate')")
    page = context.new_page()
    page.goto(f"{base}/experience.html", wait_until="load")
    page.wait_for_function("() => document.body.classList.contains('quarto-dark')")
    assert "-dark-" in page.evaluate(SHOWN_FRAMES)[0][0]
    page.emulate_media(media="print")
    assert "-light-" in page.evaluate(SHOWN_FRAMES)[0][0]
    context.close()


def test_the_feed_shows_each_chart_as_an_image(rendered_site):
    feed = (rendered_site / "blog" / "index.xml").read_text(encoding="utf-8")
    images = re.findall(r'<img src="([^"]+/assets/charts/[^"]+)" alt="([^"]+)"', feed)
    assert images and feed.count('class="portfolio-plot"') == len(images)
    for src, _ in images:
        assert (rendered_site / "assets" / "charts" / src.rsplit("/", 1)[-1]).is_file()
