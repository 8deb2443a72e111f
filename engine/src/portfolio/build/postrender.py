"""What Quarto runs after a render (``project.post-render``): lighter pages in ``_site/``.

- Bootstrap Icons: Quarto ships the whole font (about 175 KB) and a rule for each of its
  ~2000 icons to every page; the site uses a few (navbar, search, code copy, listings).
  The stylesheet keeps the rules of the icons that the site's HTML, scripts and styles name
  (``bi-<name>``) and the font keeps only their glyphs (fontTools).
- Dark theme: Quarto links the dark stylesheets as ``rel="stylesheet"`` and disables them
  from a script, so every page downloads them before it can paint. They are linked
  disabled instead, and a one-line script right after them enables them while the page is
  parsed when the reader chose dark mode (Quarto's toggle enables them on demand).
  A page that nobody views dark no longer loads about 70 KB (gzipped) before it paints.
- Scripts: Quarto links its own scripts (``site_libs/``: navigation, search, tooltips,
  Bootstrap) without ``defer``, most in ``<head>``, so the page paints only after all of
  them have loaded and run. They get ``defer``: they still run in document order, before
  ``DOMContentLoaded`` (where Quarto's code starts its work), but no longer hold up the
  first paint.

- Drafts: in a render of the whole site, the empty page Quarto writes for each draft is
  removed (``portfolio.build.drafts``).
- Fonts: the site's Inter files (``assets/fonts/``, copied from npm by the pre-render step)
  keep only the glyphs of the characters the site's pages, data and scripts hold (their
  variable weight axis stays), and every page preloads the Latin file, so text is drawn in
  Inter from the first paint.
- Stylesheets (``portfolio.build.purge``): Bootstrap's and Quarto's rules that no page or
  script of the site uses are removed with PurgeCSS (67 KB gzipped down to about 22 KB).
- Charts (``portfolio.build.frames``): each chart gets its first frame, SVG images of the
  figure drawn at build time by the site's plotly.js in headless Chromium, light and dark,
  so it is seen before any script runs (and without one, in print and in the feed).
- One stylesheet (``portfolio.build.cssbundle``): the tooltip, syntax, icon and site
  stylesheets are folded into Bootstrap's, so a page waits for one stylesheet before it
  paints, not five.
- Page scripts (``portfolio.build.pagescripts``): Quarto's page script moves to a shared,
  deferred file, and its inline event handlers become attributes a site script acts on.
- Content-Security-Policy (``portfolio.build.csp``): every page carries a strict policy
  in a ``<meta>`` (scripts from the site and the page's own inline scripts by hash), and
  ``_headers`` gives hosts that read it the same policies as headers.

Every step starts from Quarto's own files (the fonts from the project's copies), so running
it again (or after a partial render that copied only some libraries) gives the same result::

    python -m portfolio.build.postrender [SITE_DIR]
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import multiprocessing
import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from portfolio.build import csp, cssbundle, drafts, drawahead, frames, minify, pagescripts, purge
from portfolio.build.assets import FONT_FILES, FONTS
from portfolio.build.context import CACHE, POSTRENDER_CACHE, BuildContext, build_context
from portfolio.build.markup import MarkupNotFound, Page
from portfolio.exceptions import PortfolioError, run_step
from portfolio.project.links import root_prefix

ICONS_DIR = Path("site_libs", "bootstrap")
ICONS_CSS = "bootstrap-icons.css"
MARK = "/* Trimmed by portfolio.build.postrender to the icons this site uses. */\n"
ORIGINALS = CACHE / POSTRENDER_CACHE
FONT_CACHE = ORIGINALS / "fonts"
TEXT_SUFFIXES = (".html", ".js", ".css")
_ICON_NAME = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")
ICON_RULE = re.compile(r'\.bi-([a-z0-9-]+)::before\s*\{\s*content:\s*"\\([0-9a-f]+)";\s*\}\s*')
_FONT_URL = re.compile(r'url\("\./([^"?]+)[^"]*"\)')
_ALTERNATE = "quarto-color-alternate"
# Written by the parser (document.write), the enabled copies block the first paint as the
# originals did, so a reader who chose dark mode never sees the page light first.
ENABLE_DARK = (
    "<script>try{if(localStorage.getItem('quarto-color-scheme')==='alternate')"
    "document.querySelectorAll('link.quarto-color-alternate').forEach(l=>{"
    "document.write(l.outerHTML.replace('disabled-stylesheet','stylesheet'));l.remove()})"
    "}catch(e){}</script>"
)


#: Characters drawn at run time that no page file holds: plotly's minus sign, typography.
ALWAYS_DRAWN = {chr(c) for c in range(0x20, 0x7F)} | set("\u2212\u00a0…–—‘’“”·•→")
#: Files whose text may be drawn in the site's font (the plotly.js bundle holds no text).
FONT_TEXT_SUFFIXES = (".html", ".json", ".js", ".xml")
#: Layout features the text font keeps: kerning (GPOS, about 2.8 KB gzipped with its
#: variation deltas, paid for by the purged stylesheets), ligatures, composed accents.
TEXT_FEATURES = ("kern", "liga", "ccmp", "locl")
#: The weights of the site's styles (theme/site.css declares the same range).
TEXT_WEIGHTS = (400, 700)
PRELOAD = '<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'


class PostRenderError(PortfolioError):
    """The rendered site is not what the step expects."""


def used_icons(site: Path) -> set[str]:
    """Icon names (``bi-<name>``) written in the site's HTML, scripts and styles."""
    names: set[str] = set()
    for path in site.rglob("*"):
        if (
            path.suffix in TEXT_SUFFIXES
            and path.name != ICONS_CSS
            and not path.name.startswith(cssbundle.PREFIX)
        ):
            names.update(_ICON_NAME.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def trim_icon_css(css: str, names: set[str]) -> tuple[str, set[int]]:
    """The stylesheet with only the rules of ``names``, and those icons' code points."""
    kept: set[int] = set()

    def keep(match: re.Match[str]) -> str:
        if match[1] not in names:
            return ""
        kept.add(int(match[2], 16))
        return match[0]

    return MARK + ICON_RULE.sub(keep, css), kept


def subset_font(data: bytes, codepoints: set[int], text: bool = False) -> bytes:
    """The font (WOFF or WOFF2) with only the glyphs of ``codepoints``, same format.

    An icon font drops every layout feature; a ``text`` font keeps ``TEXT_FEATURES``
    (ligatures, composed accents; not the alternates, which would double its glyphs) and
    its weight axis only over ``TEXT_WEIGHTS``, the weights the site's styles use. The
    axis is limited after the glyphs are cut: on the kept glyphs only, it takes a fraction
    of the time it takes on the whole font."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes on each run
    flavor = font.flavor
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = list(TEXT_FEATURES) if text else []
    if not text:
        options.name_IDs = []
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    if text and "fvar" in font:
        font = instancer.instantiateVariableFont(font, {"wght": TEXT_WEIGHTS})
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out)
    return out.getvalue()


def _originals(site: Path, cache: Path) -> tuple[str, dict[str, bytes]]:
    """Quarto's icon stylesheet and fonts: from ``_site`` when fresh, else the saved copy."""
    css_path = site / ICONS_DIR / ICONS_CSS
    css = css_path.read_text(encoding="utf-8")
    source = cache if css.startswith(MARK) else site / ICONS_DIR
    if source == cache and not (cache / ICONS_CSS).is_file():
        raise PostRenderError(f"{css_path} is trimmed and no original is saved in {cache}")
    css = (source / ICONS_CSS).read_text(encoding="utf-8")
    fonts = {name: (source / name).read_bytes() for name in dict.fromkeys(_FONT_URL.findall(css))}
    if source != cache:
        cache.mkdir(parents=True, exist_ok=True)
        shutil.copy2(css_path, cache / ICONS_CSS)
        for name, data in fonts.items():
            (cache / name).write_bytes(data)
    return css, fonts


def trim_icons(site: Path, cache: Path) -> list[Path]:
    """Trim the icon stylesheet and its fonts to the icons the site uses; return them."""
    folder = site / ICONS_DIR
    if not (folder / ICONS_CSS).is_file():
        return []
    css, fonts = _originals(site, cache)
    trimmed, codepoints = trim_icon_css(css, used_icons(site))
    (folder / ICONS_CSS).write_text(trimmed, encoding="utf-8")
    for name, data in fonts.items():
        (folder / name).write_bytes(subset_font(data, codepoints))
    return [folder / ICONS_CSS, *(folder / name for name in fonts)]


def edit_dark_theme(page: Page) -> None:
    """Link the dark stylesheets disabled; enable them during parsing if dark was chosen."""
    links = [link for link in page.find_all("link", rel="stylesheet") if _ALTERNATE in link.classes]
    for link in links:
        page.set_attribute(link, "rel", "disabled-stylesheet")
    if links:
        page.insert_after(links[-1], ENABLE_DARK)


def edit_script_defer(page: Page) -> None:
    """Give Quarto's classic scripts (``src`` in ``site_libs/``) the ``defer`` attribute."""
    for script in page.find_all("script"):
        classic = not any(script.has(name) for name in ("defer", "async", "type"))
        if classic and "site_libs/" in (script.get("src") or ""):
            page.add_attribute(script, "defer")


def site_characters(site: Path) -> set[str]:
    """Every character the site's pages, data and scripts hold, and those always drawn."""
    found = set(ALWAYS_DRAWN)
    for path in site.rglob("*"):
        if path.suffix in FONT_TEXT_SUFFIXES and "plotly-basic" not in path.name:
            found.update(path.read_text(encoding="utf-8", errors="ignore"))
    return found


def subset_fonts(site: Path, project: Path) -> list[Path]:
    """Cut the site's font files to the glyphs of ``site_characters``, from the project's
    uncut copies; return the files written."""
    return cut_fonts(site, project, site_characters(site))


def cut_fonts(site: Path, project: Path, characters: Iterable[str]) -> list[Path]:
    """Cut the site's font files to the glyphs of ``characters``; return the files written."""
    codepoints = {ord(char) for char in characters}
    written = []
    for name in FONT_FILES:
        source, target = project / FONTS / name, site / FONTS / name
        if source.is_file() and target.parent.is_dir():
            target.write_bytes(_cached_subset(source, codepoints, project / FONT_CACHE))
            written.append(target)
    return written


def _cached_subset(source: Path, codepoints: set[int], cache: Path) -> bytes:
    """``subset_font`` of ``source`` kept in ``cache`` by a hash of the font and the
    characters: a render of one page (the preview's) seldom brings a new character."""
    data = source.read_bytes()
    digest = hashlib.sha256(data)
    digest.update(",".join(map(str, sorted(codepoints))).encode())
    path = cache / f"{digest.hexdigest()[:16]}-{source.name}"
    if path.is_file():
        return path.read_bytes()
    subset = subset_font(data, codepoints, text=True)
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(f"*-{source.name}"):
        stale.unlink()
    path.write_bytes(subset)
    return subset


def edit_font_preload(page: Page, offset: str) -> None:
    """Preload the Latin font file at the end of the page's head (once); a page without
    ``</head>`` raises ``MarkupNotFound``."""
    href = offset + (FONTS / next(iter(FONT_FILES))).as_posix()
    if page.find("link", rel="preload", href=href) is not None:
        return
    head = page.find("head")
    if head is None:
        raise MarkupNotFound("no <head> to preload the site's font in")
    page.insert_at_end(head, PRELOAD.format(href=href) + "\n", "the font's preload")


def purge_stylesheets(site: Path, cache: Path, project: Path) -> list[Path]:
    """Purge Quarto's stylesheets (``portfolio.build.purge``); without PurgeCSS, say so and
    leave them whole."""
    try:
        purged = purge.purge_css(site, cache / "css", project)
    except purge.PurgeUnavailable as exc:
        print(f"postrender: stylesheets left whole: {exc}", file=sys.stderr)
        return []
    return [path for path, _, _ in purged]


def add_chart_frames(site: Path, cache: Path) -> list[Path]:
    """Give the charts of pages and feeds their first frames (``portfolio.build.frames``);
    without a browser, say so and leave the placeholders."""
    drawahead.stop(cache)
    try:
        pages, drawn = frames.add_frames(site, cache / frames.CACHE_DIR)
    except frames.FramesUnavailable as exc:
        print(f"postrender: charts left without first frames: {exc}", file=sys.stderr)
        return []
    if drawn:
        print(f"postrender: drew {drawn} chart frames")
    feeds = [feed for feed in sorted(site.rglob("*.xml")) if frames.frame_feed(feed, site)]
    return pages + feeds


def postrender(
    site: Path, cache: Path, project: Path | None = None, preview: bool = False
) -> list[Path]:
    """Apply every trim to the rendered ``site``; return the files changed. A ``preview``
    gets neither purge nor frames, and no page keeps a policy (``portfolio.build.context``).

    The fonts are cut, from the characters the pages hold before any frame is added, while
    PurgeCSS (Node.js) and the browser work (the one works in Python, the others wait on
    their processes). The stylesheets are purged before the icons are trimmed: an icon that
    only a removed rule named is not kept."""
    characters = site_characters(site) if project else ""
    with ThreadPoolExecutor(max_workers=1) as pool:
        cutting = pool.submit(cut_fonts, site, project, characters) if project else None
        changed = purge_stylesheets(site, cache, project) if project and not preview else []
        changed += trim_icons(site, cache)
        changed += [] if preview else add_chart_frames(site, cache)
        fonts = cutting.result() if cutting else []
    changed += fonts
    bundles = {} if preview else cssbundle.write_bundles(site)
    changed += [site / cssbundle.FOLDER / name for name in bundles.values()]
    written, policies, linked = _edit_pages(site, bundles, bool(fonts), preview)
    changed += written
    if not preview:
        pagescripts.remove_unlinked(site, linked)
        changed.append(csp.write_headers(site, policies))
    return changed + minify.minify_scripts(site)


def _edit_pages(
    site: Path, bundles: dict[str, str], fonts: bool, preview: bool
) -> tuple[list[Path], dict[str, str], set[str]]:
    """Make the page edits on every page (``_edit_page``); return the pages written, each
    page's policy and the moved page scripts linked. Raises ``PostRenderError`` naming the
    pages whose markup is not recognised."""
    pages = sorted(site.rglob("*.html"))
    edit = functools.partial(_edit_page, site=site, bundles=bundles, fonts=fonts, preview=preview)
    written, policies, linked, unrecognised = [], {}, set(), []
    with _page_pool(len(pages)) as pool:
        for page, (changed, policy, scripts, problem) in zip(
            pages, pool.map(edit, pages), strict=True
        ):
            name = page.relative_to(site).as_posix()
            if problem:
                unrecognised.append(f"{name}: {problem}")
            if changed:
                written.append(page)
            if policy is not None:
                policies[name] = policy
            linked |= scripts
    if unrecognised:
        raise PostRenderError(
            "pages whose markup the step does not recognise (left as Quarto wrote them):\n  "
            + "\n  ".join(unrecognised)
        )
    return written, policies, linked


#: Pages from which the page edits are shared between two processes (each page is read
#: several times with Python's HTML parser: about 60 ms a page on this site).
POOL_FROM = 8


def _page_pool(count: int) -> contextlib.AbstractContextManager:
    """Two worker processes for ``count`` pages, or this process for a few (and where
    processes cannot be forked: Windows)."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    if count < POOL_FROM or (os.cpu_count() or 1) < 2 or not forks:
        return contextlib.nullcontext(_InProcess())
    return ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork"))


class _InProcess:
    """``map`` in this process (for a few pages: a worker's start would cost more)."""

    map = staticmethod(map)


def _edit_page(
    page: Path, site: Path, bundles: dict[str, str], fonts: bool, preview: bool
) -> tuple[bool, str | None, set[str], str]:
    """Make the page edits on ``page`` and write it when they change it; return whether it
    was written, its policy, the moved page scripts it links, and the problem that left it
    as Quarto wrote it (``MarkupNotFound``), if any."""
    html = page.read_bytes().decode("utf-8")  # its line ends as Quarto wrote them
    try:
        lighter, policy = _lighter_page(html, page, site, bundles, fonts, preview)
    except MarkupNotFound as exc:
        return False, None, set(), str(exc)
    if lighter != html:
        page.write_bytes(lighter.encode("utf-8"))
    scripts = set() if preview else pagescripts.linked_scripts(lighter)
    return lighter != html, policy, scripts, ""


def _lighter_page(
    html: str, page: Path, site: Path, bundles: dict[str, str], fonts: bool, preview: bool
) -> tuple[str, str | None]:
    """The page with every page edit made, and its policy (None in a preview). Raises
    ``MarkupNotFound`` when an edit's anchor is missing, before anything is written; a page
    without ``<head>`` (not one of Quarto's) is left as it is, and the step says so.

    The edits that do not depend on each other are made on one reading of the page; the page
    script moves once its scripts are deferred, and the policy hashes the page's last text."""
    parsed = Page(html)
    if parsed.find("head") is None:
        name = page.relative_to(site).as_posix()
        print(
            f"postrender: {name} has no <head> (not a Quarto page): left as it was", file=sys.stderr
        )
        return html, None
    offset = root_prefix(page.parent, site)
    cssbundle.edit_bundle_links(parsed, bundles)
    edit_dark_theme(parsed)
    edit_script_defer(parsed)
    if fonts:
        edit_font_preload(parsed, offset)
    if preview:
        csp.edit_drop_policy(parsed)
        return parsed.edited(), None
    pagescripts.edit_handlers(parsed, offset)
    lighter = pagescripts.move_after_body(parsed.edited(), offset, site)
    return csp.add_policy(lighter)


def main(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run after ``quarto render`` (site from the argument, else from the render ``environ``
    describes, default: this process's environment); an expected failure
    (``PortfolioError``) is reported in one line, anything else is a bug with a traceback."""
    args = sys.argv[1:] if argv is None else argv
    return run_step("postrender", lambda: _run(build_context(environ), args))


def _run(context: BuildContext, args: list[str]) -> int:
    project = context.project
    site = project / args[0] if args else context.site
    if not site.is_dir():
        raise PostRenderError(f"no rendered site at {site}")
    changed = postrender(site, context.cache / ORIGINALS.name, project, context.preview)
    removed = drafts.remove_draft_pages(site, project) if context.full_render else []
    print(f"postrender: trimmed {len(changed)} files in {site}")
    for page in removed:
        print(f"postrender: removed the draft's empty page {page.relative_to(site)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
