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

import contextlib
import hashlib
import html
import importlib.util
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree
from xml.parsers import expat

from portfolio.build.assets import TARGET as PLOTLY_BUNDLE
from portfolio.build.assets import TEMPLATES
from portfolio.build.chromium import CHROMIUM, launch_chromium
from portfolio.build.files import write_atomically
from portfolio.build.markup import Element, MarkupNotFound, Page, splice, text_of
from portfolio.exceptions import PortfolioError
from portfolio.project.links import root_prefix

FRAMES = Path("assets", "charts")
#: The frames drawn so far, in the post-render step's cache folder (by content hash).
CACHE_DIR = "frames"
THEMES = ("light", "dark")
#: Frame widths (CSS px) and the widest viewport each is for; the last is the default. The
#: widths are the chart's width in the site's layout at 390, 768 and 1280 px.
WIDTHS = {"narrow": (340, 575.98), "medium": (612, 1199.98), "wide": (800, None)}
#: The characters of a chart's name (it names the frames' files).
NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
#: Draws figures with plotly.js (loaded in the page), one after the other, and returns each as
#: SVG text; one call for them all (a call per frame costs a round trip each). Given the figure
#: itself, ``toImage`` draws it once, off screen (a plot drawn first would be drawn twice).
_DRAW = """async (frames) => {
  const svgs = [];
  for (const [spec, template, width, height] of frames) {
    const layout = Object.assign({}, spec.layout, {template, width, height});
    const figure = {data: spec.data, layout, config: {staticPlot: true}};
    const url = await Plotly.toImage(figure, {format: "svg", width, height});
    svgs.push(decodeURIComponent(url.slice(url.indexOf(",") + 1)));
  }
  return svgs;
}"""


class FramesUnavailable(PortfolioError):
    """Chromium or Playwright is missing: the charts keep their placeholders."""


@dataclass(frozen=True)
class Chart:
    """One ``<figure class="portfolio-chart">`` of a page: what its frames are drawn from,
    and its placeholder (``<div class="portfolio-plot">``), which holds them."""

    name: str
    height: int
    spec: str
    caption: str
    plot: Element


@dataclass(frozen=True)
class Frame:
    """One chart's figure at one size and theme, and the file it is drawn to."""

    spec: str
    height: int
    width: int
    theme: str
    name: str
    caption: str = ""

    def key(self, tools: Tools) -> str:
        """The hash of everything the drawing depends on."""
        digest = hashlib.sha256()
        for part in (self.spec, tools.templates, self.theme, f"{self.width}x{self.height}"):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(tools.plotly_digest)
        return digest.hexdigest()[:16]

    def file_name(self, tools: Tools) -> str:
        """The frame's file (in the cache and in ``FRAMES``): its chart, theme, width, key."""
        return f"{self.name}-{self.theme}-{self.width}-{self.key(tools)}.svg"


@dataclass(frozen=True)
class Tools:
    """What frames are drawn with: the site's plotly.js bundle and its templates (JSON)."""

    bundle: Path
    templates: str
    plotly_digest: bytes

    @classmethod
    def of(cls, root: Path) -> Tools | None:
        """The tools a site (or the project, which the pre-render step gives them) holds;
        None when it has no plotly.js or no templates."""
        bundle, templates = root / PLOTLY_BUNDLE, root / TEMPLATES
        if not bundle.is_file() or not templates.is_file():
            return None
        digest = hashlib.sha256(bundle.read_bytes()).digest()
        return cls(bundle, templates.read_text(encoding="utf-8"), digest)


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
    return text_of(value)


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


def page_charts(page: Page) -> list[Chart]:
    """The charts of a page; one whose markup is not the charts' raises ``MarkupNotFound``."""
    return [_chart(page, figure) for figure in page.find_all("figure") if _is_chart(figure)]


def _is_chart(figure: Element) -> bool:
    return "portfolio-chart" in figure.classes


def _chart(page: Page, figure: Element) -> Chart:
    """The chart the figure holds: its name, plot, figure JSON and caption."""
    name = figure.get("data-chart") or ""
    plot = next(
        (div for div in figure.children_named("div") if "portfolio-plot" in div.classes), None
    )
    spec = next(
        (s for s in figure.children_named("script") if s.get("type") == "application/json"), None
    )
    height = _height(plot.get("style") or "") if plot else None
    missing = [
        what
        for what, found in (
            ("a data-chart name", name and set(name) <= NAME_CHARACTERS),
            ('its <div class="portfolio-plot">', plot),
            ("its height in px", height),
            ('its <script type="application/json">', spec),
        )
        if not found
    ]
    if missing:
        raise MarkupNotFound(f"a chart {name!r} without " + ", ".join(missing))
    captions = figure.children_named("figcaption")
    caption = page.inner(captions[0]) if captions else ""
    return Chart(name, height, page.inner(spec), caption, plot)


def _height(style: str) -> int | None:
    """The ``height`` in px of an inline style (CSS text), or None."""
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        value = value.strip()
        if prop.strip() == "height" and value.endswith("px") and value[:-2].isdigit():
            return int(value[:-2])
    return None


def chart_frames(chart: Chart) -> list[Frame]:
    """The frames a chart needs, every theme at every width."""
    return [
        Frame(chart.spec, chart.height, width, theme, chart.name, chart.caption)
        for theme in THEMES
        for width, _ in WIDTHS.values()
    ]


def check_browser() -> None:
    """Raise ``FramesUnavailable`` unless Playwright and Chromium are there to draw with."""
    if importlib.util.find_spec("playwright") is None:
        raise FramesUnavailable("Playwright is not installed")
    if not Path(CHROMIUM).is_file():
        raise FramesUnavailable(f"no Chromium at {CHROMIUM} (set PORTFOLIO_CHROMIUM)")


class Painter(contextlib.ExitStack):
    """Headless Chromium with the site's plotly.js loaded, open for as many drawings as the
    ``with`` block asks. Raises ``FramesUnavailable`` when it cannot start or draw."""

    def __init__(self, tools: Tools) -> None:
        super().__init__()
        check_browser()
        self.tools = tools
        self.templates = json.loads(tools.templates)

    def __enter__(self) -> Painter:
        from playwright.sync_api import sync_playwright

        super().__enter__()
        try:
            with _failures():
                browser = launch_chromium(self.enter_context(sync_playwright()))
                self._page = browser.new_page()
                self._page.set_content("<!doctype html><html><body></body></html>")
                self._page.add_script_tag(path=str(self.tools.bundle))
        except BaseException:
            self.close()
            raise
        return self

    def draw(self, frames: Iterable[Frame], cache: Path) -> int:
        """Draw the ``frames`` that ``cache`` lacks into it (each file written whole, by
        rename: another process may be reading); return how many."""
        named = {frame.file_name(self.tools): frame for frame in frames}
        missing = {name: f for name, f in named.items() if not (cache / name).is_file()}
        if not missing:
            return 0
        figures = [
            [json.loads(f.spec), self.templates[f.theme], f.width, f.height]
            for f in missing.values()
        ]
        with _failures():
            svgs = self._page.evaluate(_DRAW, figures)
        cache.mkdir(parents=True, exist_ok=True)
        for name, svg in zip(missing, svgs, strict=True):
            write_atomically(cache / name, svg)
        return len(missing)


@contextlib.contextmanager
def _failures() -> Iterator[None]:
    """Playwright's errors as ``FramesUnavailable``, in one line."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        yield
    except PlaywrightError as exc:
        message = exc.message.splitlines()[0]
        raise FramesUnavailable(f"Chromium could not draw: {message}") from exc


def draw_frames(frames: list[Frame], tools: Tools, cache: Path) -> int:
    """Draw every frame missing from ``cache``; return how many (no browser starts when
    none is missing)."""
    if all((cache / frame.file_name(tools)).is_file() for frame in frames):
        return 0
    with Painter(tools) as painter:
        return painter.draw(frames, cache)


def add_frames(site: Path, cache: Path) -> tuple[list[Path], int]:
    """Give every chart of the site its first frames; return the pages changed and the
    number of frames drawn. Raises ``FramesUnavailable`` without a browser."""
    tools = Tools.of(site)
    if tools is None:
        return [], 0
    pages = {}
    for page in sorted(site.rglob("*.html")):
        parsed = Page.read(page)
        try:
            charts = page_charts(parsed)
        except MarkupNotFound as exc:
            print(
                f"postrender: {page.relative_to(site)}: {exc}; the page's charts keep their "
                "placeholders, without first frames",
                file=sys.stderr,
            )
            continue
        if charts:
            pages[page] = (parsed, charts)
    named = {
        frame.file_name(tools): frame
        for _, charts in pages.values()
        for chart in charts
        for frame in chart_frames(chart)
    }
    drawn = draw_frames(list(named.values()), tools, cache)
    (site / FRAMES).mkdir(parents=True, exist_ok=True)
    for name in named:
        shutil.copyfile(cache / name, site / FRAMES / name)
    prune(named, cache, site / FRAMES)
    changed = []
    for page, (parsed, charts) in pages.items():
        offset = root_prefix(page.parent, site)
        for chart in charts:
            parsed.replace_inner(chart.plot, _frame_html(chart, offset, tools))
        if parsed.write(page):
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


def _frame_html(chart: Chart, offset: str, tools: Tools) -> str:
    """Both themes' pictures of one chart, with its text as their ``alt``."""
    frames = chart_frames(chart)
    alt = describe(json.loads(chart.spec), chart.caption)
    pictures = []
    for theme in THEMES:
        srcs = {
            size: offset + (FRAMES / frame.file_name(tools)).as_posix()
            for size, (width, _) in WIDTHS.items()
            for frame in frames
            if frame.theme == theme and frame.width == width
        }
        pictures.append(_picture(srcs, theme, alt, chart.height))
    return "".join(pictures)


def frame_feed(feed: Path, site: Path) -> bool:
    """Put the light, wide frame of each chart in an RSS feed's items (the HTML in their
    ``CDATA`` sections), with an absolute address (feed readers run no script); return
    whether the feed changed. An item whose chart is not recognised is left as it is."""
    data = feed.read_bytes()
    tools = Tools.of(site)
    if b"portfolio-plot" not in data or tools is None:
        return False
    channel, sections = _read_feed(feed, data)
    if not channel:
        return False
    root = urljoin(channel, root_prefix(feed.parent, site))
    text = data.decode("utf-8")
    edits = []
    for start, end in sections:
        if b"portfolio-plot" in data[start:end]:
            item = Page(data[start:end].decode("utf-8"))
            at = len(data[:start].decode("utf-8"))
            framed = _feed_item(item, feed, site, root, tools)
            edits.append((at, at + len(item.source), framed))
    framed = splice(text, edits)
    if framed != text:
        feed.write_bytes(framed.encode("utf-8"))
    return framed != text


def _read_feed(feed: Path, data: bytes) -> tuple[str, list[tuple[int, int]]]:
    """The feed's channel ``<link>`` and the byte spans of its ``CDATA`` sections' text.
    A feed that is not well-formed XML raises ``MarkupNotFound``."""
    parser = expat.ParserCreate()
    starts, sections = [], []
    opening = len("<![CDATA[")
    parser.StartCdataSectionHandler = lambda: starts.append(parser.CurrentByteIndex + opening)
    parser.EndCdataSectionHandler = lambda: sections.append((starts.pop(), parser.CurrentByteIndex))
    try:
        parser.Parse(data, True)
        channel = ElementTree.fromstring(data).findtext("channel/link") or ""
    except (expat.ExpatError, ElementTree.ParseError) as exc:
        raise MarkupNotFound(f"{feed}: not well-formed XML ({exc})") from exc
    return channel.strip(), sections


def _feed_item(page: Page, feed: Path, site: Path, root: str, tools: Tools) -> str:
    """An item's HTML with each chart's placeholder holding its light, wide frame."""
    try:
        charts = page_charts(page)
    except MarkupNotFound as exc:
        print(
            f"postrender: {feed.relative_to(site)}: {exc}; the item is left as it was",
            file=sys.stderr,
        )
        return page.source
    for chart in charts:
        frame = Frame(chart.spec, chart.height, WIDTHS["wide"][0], "light", chart.name)
        path = FRAMES / frame.file_name(tools)
        if (site / path).is_file():
            alt = html.escape(describe(json.loads(frame.spec), chart.caption))
            page.replace_inner(
                chart.plot,
                f'<img src="{urljoin(root, path.as_posix())}" alt="{alt}" '
                f'width="{frame.width}" height="{frame.height}">',
            )
    return page.edited()
