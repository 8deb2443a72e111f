"""Static first frames of the charts, drawn at build time (run by the post-render step).

Each chart of a page (``<figure class="portfolio-chart">``, as ``portfolio.charts`` writes
it) gets SVG images of the same figure drawn by the site's own plotly.js in headless
Chromium, in the light and the dark template, at three widths (phone, tablet, desktop:
``WIDTHS``). The page shows them at once, inside the chart's placeholder, as ``<picture>``
elements (the width chosen by media query, the theme by ``theme/site.css`` on
``body.quarto-dark``), so a chart is visible before any script runs, with JavaScript off,
in print and in the blog's RSS feed; the image's ``alt`` is the figure's text (title, axes,
series). ``assets/plotly/charts.js`` loads plotly.js only when the reader reaches for a
chart, or when the page is idle, draws the chart under the frame and then removes it.

Frames are named by the hash of what they are drawn from (figure, template, plotly.js,
size), kept under ``.quarto/portfolio-postrender/frames`` and copied to
``_site/assets/charts/``: a render where no chart changed starts no browser, and the frames
of charts that changed or went are removed from both. Without
Chromium (or Playwright) the pages keep their placeholders, and the step says so.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from portfolio.build.assets import TARGET as PLOTLY_BUNDLE
from portfolio.build.assets import TEMPLATES
from portfolio.build.chromium import CHROMIUM, launch_chromium

FRAMES = Path("assets", "charts")
THEMES = ("light", "dark")
#: Frame widths (CSS px) and the widest viewport each is for; the last is the default. The
#: widths are the chart's width in the site's layout at 390, 768 and 1280 px.
WIDTHS = {"narrow": (340, 575.98), "medium": (612, 1199.98), "wide": (800, None)}
_FIGURE = re.compile(
    r'<figure class="portfolio-chart[^"]*" data-chart="(?P<name>[a-z0-9-]+)">\s*'
    r'<div class="portfolio-plot" style="height:(?P<height>\d+)px">(?P<frame>.*?)</div>\s*'
    r'<script type="application/json">(?P<spec>.*?)</script>\s*'
    r"(?:<figcaption>(?P<caption>.*?)</figcaption>)?",
    re.DOTALL,
)
_TAGS = re.compile(r"<[^>]+>")
#: Draws one figure with plotly.js (loaded in the page) and returns it as SVG text. Given the
#: figure itself, ``toImage`` draws it once, off screen (a plot drawn first would be drawn twice).
_DRAW = """async ([spec, template, width, height]) => {
  const layout = Object.assign({}, spec.layout, {template, width, height});
  const figure = {data: spec.data, layout, config: {staticPlot: true}};
  const url = await Plotly.toImage(figure, {format: "svg", width, height});
  return decodeURIComponent(url.slice(url.indexOf(",") + 1));
}"""


class FramesUnavailable(RuntimeError):
    """Chromium or Playwright is missing: the charts keep their placeholders."""


@dataclass(frozen=True)
class Frame:
    """One chart's figure at one size and theme, and the file it is drawn to."""

    spec: str
    height: int
    width: int
    theme: str
    name: str
    caption: str = ""

    def key(self, templates: str, plotly: bytes) -> str:
        """The hash of everything the drawing depends on."""
        digest = hashlib.sha256()
        for part in (self.spec, templates, self.theme, f"{self.width}x{self.height}"):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(plotly).digest())
        return digest.hexdigest()[:16]


def describe(spec: dict, caption: str = "") -> str:
    """The figure's text, as a sentence or two: its caption (HTML) or title, axes, series."""
    layout = spec.get("layout", {})
    parts = []
    title = _text(caption) or _text(layout.get("title"))
    if title:
        parts.append(title.rstrip(".") + ".")
    axes = [
        f"{axis[0]} axis: {text}"
        for axis in ("xaxis", "yaxis")
        if (text := _text(layout.get(axis, {}).get("title")))
    ]
    if axes:
        sentence = "; ".join(axes)
        parts.append(sentence[0].upper() + sentence[1:] + ".")
    series = [name for trace in spec.get("data", []) if (name := _text(trace.get("name")))]
    if series:
        parts.append("Series: " + ", ".join(dict.fromkeys(series)) + ".")
    return " ".join(parts)


def _text(value: object) -> str:
    """Plain text of a plotly title or name (``{"text": ...}`` or a string)."""
    if isinstance(value, dict):
        value = value.get("text")
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(_TAGS.sub(" ", value.replace("<br>", " "))).split())


def _picture(srcs: dict[str, str], theme: str, alt: str, height: int) -> str:
    """A ``<picture>`` of one theme: a source per narrower size, the widest as ``<img>``."""
    sources = "".join(
        f'<source media="(max-width: {limit}px)" srcset="{srcs[size]}">'
        for size, (_, limit) in WIDTHS.items()
        if limit is not None
    )
    width = WIDTHS["wide"][0]
    loading = "" if theme == "light" else ' loading="lazy"'
    return (
        f'<picture class="portfolio-frame portfolio-frame-{theme}">{sources}'
        f'<img src="{srcs["wide"]}" alt="{html.escape(alt)}" width="{width}" '
        f'height="{height}" decoding="async"{loading}></picture>'
    )


def page_frames(html_text: str) -> list[tuple[re.Match[str], list[Frame]]]:
    """The charts of a page, each with the frames it needs."""
    found = []
    for match in _FIGURE.finditer(html_text):
        spec, height = match["spec"], int(match["height"])
        frames = [
            Frame(spec, height, width, theme, match["name"], match["caption"] or "")
            for theme in THEMES
            for width, _ in WIDTHS.values()
        ]
        found.append((match, frames))
    return found


def _file_name(frame: Frame, key: str) -> str:
    return f"{frame.name}-{frame.theme}-{frame.width}-{key}.svg"


def draw_frames(frames: Iterable[tuple[Frame, str]], site: Path, cache: Path) -> int:
    """Draw every frame missing from ``cache`` (named ``_file_name``); return how many."""
    missing = [(frame, name) for frame, name in frames if not (cache / name).is_file()]
    if not missing:
        return 0
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise FramesUnavailable("Playwright is not installed") from exc
    if not Path(CHROMIUM).is_file():
        raise FramesUnavailable(f"no Chromium at {CHROMIUM} (set PORTFOLIO_CHROMIUM)")
    templates = json.loads((site / TEMPLATES).read_text(encoding="utf-8"))
    cache.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.set_content("<!doctype html><html><body></body></html>")
            page.add_script_tag(path=str(site / PLOTLY_BUNDLE))
            for frame, name in missing:
                args = [json.loads(frame.spec), templates[frame.theme], frame.width, frame.height]
                (cache / name).write_text(page.evaluate(_DRAW, args), encoding="utf-8")
            browser.close()
    except PlaywrightError as exc:
        raise FramesUnavailable(f"Chromium could not draw: {exc.message.splitlines()[0]}") from exc
    return len(missing)


def add_frames(site: Path, cache: Path) -> tuple[list[Path], int]:
    """Give every chart of the site its first frames; return the pages changed and the
    number of frames drawn. Raises ``FramesUnavailable`` without a browser."""
    if not (site / PLOTLY_BUNDLE).is_file() or not (site / TEMPLATES).is_file():
        return [], 0
    templates = (site / TEMPLATES).read_text(encoding="utf-8")
    plotly = (site / PLOTLY_BUNDLE).read_bytes()
    pages = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        charts = page_frames(text)
        if charts:
            pages[page] = (text, charts)
    named = {
        _file_name(frame, frame.key(templates, plotly)): frame
        for _, charts in pages.values()
        for _, frames in charts
        for frame in frames
    }
    drawn = draw_frames(((frame, name) for name, frame in named.items()), site, cache)
    (site / FRAMES).mkdir(parents=True, exist_ok=True)
    for name in named:
        shutil.copyfile(cache / name, site / FRAMES / name)
    prune(named, cache, site / FRAMES)
    changed = []
    for page, (text, charts) in pages.items():
        offset = "../" * (len(page.relative_to(site).parts) - 1)
        framed = _framed(text, charts, offset, templates, plotly)
        if framed != text:
            page.write_text(framed, encoding="utf-8")
            changed.append(page)
    return changed, drawn


def prune(kept: Iterable[str], *folders: Path) -> list[Path]:
    """Remove the frames in ``folders`` whose names are not ``kept`` (a chart changed or
    went); return them. Every page's charts are named on each run, so none still shown goes."""
    names = set(kept)
    stale = [path for folder in folders for path in folder.glob("*.svg") if path.name not in names]
    for path in stale:
        path.unlink()
    return stale


def _frame_html(frames: list[Frame], offset: str, templates: str, plotly: bytes) -> str:
    """Both themes' pictures of one chart, with its text as their ``alt``."""
    alt = describe(json.loads(frames[0].spec), frames[0].caption)
    pictures = []
    for theme in THEMES:
        srcs = {
            size: offset + (FRAMES / _file_name(frame, frame.key(templates, plotly))).as_posix()
            for size, (width, _) in WIDTHS.items()
            for frame in frames
            if frame.theme == theme and frame.width == width
        }
        pictures.append(_picture(srcs, theme, alt, frames[0].height))
    return "".join(pictures)


def _framed(text: str, charts: list, offset: str, templates: str, plotly: bytes) -> str:
    """The page with each chart's placeholder holding its frames (replacing older ones)."""
    out, last = [], 0
    for match, frames in charts:
        start, end = match.span("frame")
        out += [text[last:start], _frame_html(frames, offset, templates, plotly)]
        last = end
    return "".join(out) + text[last:]


def frame_feed(feed: Path, site: Path) -> bool:
    """Put the light, wide frame of each chart in an RSS feed's items, with an absolute
    address (feed readers run no script); return whether the feed changed."""
    text = feed.read_text(encoding="utf-8")
    channel = re.search(r"<link>([^<]+)</link>", text)
    if channel is None or "portfolio-plot" not in text or not (site / TEMPLATES).is_file():
        return False
    root = urljoin(channel[1], "../" * (len(feed.relative_to(site).parts) - 1))
    templates = (site / TEMPLATES).read_text(encoding="utf-8")
    plotly = (site / PLOTLY_BUNDLE).read_bytes()

    def image(match: re.Match[str]) -> str:
        frame = Frame(
            match["spec"], int(match["height"]), WIDTHS["wide"][0], "light", match["name"]
        )
        path = FRAMES / _file_name(frame, frame.key(templates, plotly))
        if not (site / path).is_file():
            return match[0]
        alt = html.escape(describe(json.loads(frame.spec), match["caption"] or ""))
        tag = (
            f'<img src="{urljoin(root, path.as_posix())}" alt="{alt}" '
            f'width="{frame.width}" height="{frame.height}">'
        )
        start, end = (index - match.start() for index in match.span("frame"))
        return match[0][:start] + tag + match[0][end:]

    framed = _FIGURE.sub(image, text)
    if framed != text:
        feed.write_text(framed, encoding="utf-8")
    return framed != text
