"""The post-render trims: icon subset, dark theme on demand, Quarto's scripts deferred."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from portfolio.build import csp, purge
from portfolio.build import postrender as postrender_module
from portfolio.build.context import PREVIEW_ENV
from portfolio.build.markup import edited
from portfolio.build.postrender import (
    ENABLE_DARK,
    ICONS_CSS,
    ICONS_DIR,
    MARK,
    edit_dark_theme,
    edit_font_preload,
    edit_script_defer,
    postrender,
    purge_stylesheets,
    subset_font,
    trim_icon_css,
)

ROOT = Path(__file__).resolve().parents[1]
ICONS = {"rss": 0xF522, "search": 0xF52A, "github": 0xF3ED}
CSS = (
    '@font-face { font-family: "bootstrap-icons"; src: url("./icons.woff?v1") format("woff"); }\n'
    + "".join(f'.bi-{name}::before {{ content: "\\{cp:x}"; }}\n' for name, cp in ICONS.items())
)


def _woff(codepoints: dict[str, int]) -> bytes:
    """A small WOFF font with a square glyph per code point."""
    names = [".notdef", *codepoints]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({cp: name for name, cp in codepoints.items()})
    pen = TTGlyphPen(None)
    for x, y in ((0, 0), (0, 500), (500, 500), (500, 0)):
        (pen.moveTo if (x, y) == (0, 0) else pen.lineTo)((x, y))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({name: square for name in names})
    builder.setupHorizontalMetrics({name: (500, 0) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "icons", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.font.flavor = "woff"
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_trim_keeps_the_rules_and_code_points_of_used_icons():
    trimmed, codepoints = trim_icon_css(CSS, {"rss", "search", "not-an-icon"})
    assert trimmed.startswith(MARK) and "@font-face" in trimmed
    assert ".bi-rss::before" in trimmed and ".bi-github" not in trimmed
    assert codepoints == {0xF522, 0xF52A}


def test_subset_font_keeps_only_the_given_glyphs_in_the_same_format():
    subset = TTFont(io.BytesIO(subset_font(_woff(ICONS), {0xF522})))
    assert subset.flavor == "woff"
    assert set(subset.getBestCmap()) == {0xF522}


def _site(tmp_path):
    site = tmp_path / "_site"
    (site / ICONS_DIR).mkdir(parents=True)
    (site / ICONS_DIR / ICONS_CSS).write_text(CSS)
    (site / ICONS_DIR / "icons.woff").write_bytes(_woff(ICONS))
    (site / "index.html").write_text(
        '<head><link href="light.css" rel="stylesheet" class="quarto-color-scheme">'
        '<link href="dark.css" rel="stylesheet" class="quarto-color-scheme '
        'quarto-color-alternate"></head><body><i class="bi bi-rss"></i></body>'
    )
    return site


def test_postrender_trims_the_site_and_gives_the_same_result_when_run_again(tmp_path):
    site = _site(tmp_path)
    postrender(site, tmp_path / "originals")
    first = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert ".bi-search" not in (site / ICONS_DIR / ICONS_CSS).read_text()
    font = TTFont(site / ICONS_DIR / "icons.woff")
    assert set(font.getBestCmap()) == {0xF522}
    (site / "page.html").write_text('<i class="bi-search"></i>')  # a page rendered later
    postrender(site, tmp_path / "originals")
    assert ".bi-search::before" in (site / ICONS_DIR / ICONS_CSS).read_text()
    assert (site / "index.html").read_bytes() == first[site / "index.html"]


def test_dark_stylesheets_are_linked_disabled_and_enabled_when_chosen():
    html = (
        '<link href="a.css" rel="stylesheet" class="quarto-color-scheme">'
        '<link href="a-dark.css" rel="stylesheet" class="quarto-color-scheme '
        'quarto-color-alternate"><link href="b.css" rel="stylesheet">'
    )
    lighter = edited(html, edit_dark_theme)
    assert lighter == (
        '<link href="a.css" rel="stylesheet" class="quarto-color-scheme">'
        '<link href="a-dark.css" rel="disabled-stylesheet" class="quarto-color-scheme '
        f'quarto-color-alternate">{ENABLE_DARK}<link href="b.css" rel="stylesheet">'
    )
    assert edited(lighter, edit_dark_theme) == lighter
    assert edited("<p>no themes</p>", edit_dark_theme) == "<p>no themes</p>"


def test_quarto_scripts_are_deferred_and_nothing_else_changes():
    html = (
        '<head><script src="site_libs/quarto-nav/quarto-nav.js"></script>'
        '<script src="site_libs/quarto-html/quarto.js" type="module"></script>'
        '<script async src="site_libs/x.js"></script><script src="mine.js"></script>'
        "<script>inline()</script></head>"
        '<body><script src="../site_libs/quarto-html/zenscroll-min.js"></script></body>'
    )
    deferred = edited(html, edit_script_defer)
    assert deferred == html.replace(
        '<script src="site_libs/quarto-nav', '<script defer src="site_libs/quarto-nav'
    ).replace('<script src="../site_libs', '<script defer src="../site_libs')
    assert edited(deferred, edit_script_defer) == deferred


def test_the_site_font_is_cut_to_the_characters_of_the_site(tmp_path):
    from portfolio.build.assets import FONTS, copy_fonts
    from portfolio.build.postrender import subset_fonts

    project, site = tmp_path / "project", tmp_path / "site"
    copy_fonts(project)
    (site / FONTS).mkdir(parents=True)
    (site / "index.html").write_text("<html><head></head><body>Kovač Zürich</body></html>")
    written = subset_fonts(site, project)
    latin, extended = (TTFont(path) for path in written)
    assert {ord("ü"), ord("Z")} <= set(latin.getBestCmap()) and ord("č") in extended.getBestCmap()
    assert len(latin.getBestCmap()) < 140  # ASCII and a little punctuation, not all of Latin
    page = edited("<html><head></head></html>", edit_font_preload, "../")
    assert page.count('rel="preload"') == 1 and 'href="../assets/fonts/inter-latin.woff2"' in page
    assert edited(page, edit_font_preload, "../") == page


BOOTSTRAP = (
    ":root{--bs-primary:#123;--bs-unused:#456;--bs-read-by-site-css:#789}"
    ".used{color:var(--bs-primary)}.never-named{color:red}.show{display:block}"
    ".aa-Panel{position:absolute}.built-by-a-script{color:blue}"
)


def _css_site(tmp_path):
    site = tmp_path / "_site"
    (site / "site_libs" / "bootstrap").mkdir(parents=True)
    (site / "site_libs" / "quarto-nav").mkdir()
    (site / "theme").mkdir()
    (site / "site_libs/bootstrap/bootstrap-abc.min.css").write_text(BOOTSTRAP)
    (site / "site_libs/quarto-nav/nav.js").write_text('el.classList.add("built-by-a-script")')
    (site / "theme/site.css").write_text(".x{color:var(--bs-read-by-site-css)}")
    (site / "index.html").write_text('<html><body><p class="used">x</p></body></html>')
    return site


def test_purge_keeps_what_pages_scripts_and_the_safelist_use_and_runs_again_alike(tmp_path):
    site = _css_site(tmp_path)
    cache = tmp_path / "originals"
    [(path, before, after)] = purge.purge_css(site, cache, ROOT)
    css = path.read_text()
    assert css.startswith(purge.MARK) and (before, after) == (len(BOOTSTRAP), len(css))
    for kept in (".used", ".show", ".aa-Panel", ".built-by-a-script", "--bs-read-by-site-css"):
        assert kept in css, kept
    assert ".never-named" not in css and "--bs-unused" not in css
    purge.purge_css(site, cache, ROOT)
    assert path.read_text() == css


def test_without_node_the_stylesheets_stay_whole_and_the_step_says_so(
    tmp_path, monkeypatch, capsys
):
    site = _css_site(tmp_path)
    monkeypatch.setattr(purge.shutil, "which", lambda name: None)
    assert purge_stylesheets(site, tmp_path / "originals", ROOT) == []
    assert "stylesheets left whole" in capsys.readouterr().err
    assert (site / "site_libs/bootstrap/bootstrap-abc.min.css").read_text() == BOOTSTRAP


def run_python(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Python with ``args``, in the environment Quarto gives a step of project ``tmp_path``."""
    env = {**os.environ, "QUARTO_PROJECT_DIR": str(tmp_path), "QUARTO_PROJECT_OUTPUT_DIR": "out"}
    command = [sys.executable, *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_an_expected_failure_is_one_line_and_fails_the_step(tmp_path):
    """Run as Quarto runs it: a ``PortfolioError`` (here: no rendered site) is one line on
    stderr, no traceback, and a non-zero status."""
    result = run_python(tmp_path, "-m", "portfolio.build.postrender")
    assert result.returncode == 1
    assert result.stderr == f"postrender: no rendered site at {tmp_path / 'out'}\n"


def test_an_unexpected_exception_is_a_bug_and_shows_its_traceback(tmp_path):
    (tmp_path / "out").mkdir()
    result = run_python(
        tmp_path,
        "-c",
        "import sys; from portfolio.build import postrender as step\n"
        "step.postrender = lambda *args: 1 / 0\n"
        "sys.exit(step.main([]))",
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("ZeroDivisionError: division by zero\n")


def test_the_step_trims_the_site_of_the_render_its_environment_names(tmp_path, capsys):
    """The site is ``QUARTO_PROJECT_OUTPUT_DIR``; a preview's page loses its policy."""
    site, (html, _) = tmp_path / "public", csp.add_policy('<head><meta charset="utf-8"></head>')
    (site / "blog").mkdir(parents=True)
    (site / "blog" / "index.html").write_text(html, encoding="utf-8")
    environ = {"QUARTO_PROJECT_DIR": str(tmp_path), "QUARTO_PROJECT_OUTPUT_DIR": "public"}
    assert postrender_module.main([], environ | {PREVIEW_ENV: "1"}) == 0
    assert capsys.readouterr().out == f"postrender: trimmed 1 files in {site}\n"
    assert "Content-Security-Policy" in html
    assert "Content-Security-Policy" not in (site / "blog" / "index.html").read_text()


def test_pages_edited_in_two_processes_are_those_edited_in_one(tmp_path, monkeypatch):
    results = []
    for pool_from in (1, 1000):  # every site in two processes; none
        monkeypatch.setattr(postrender_module, "POOL_FROM", pool_from)
        site = _site(tmp_path / str(pool_from))
        for index in range(9):
            (site / f"page{index}.html").write_text(
                f'<head><meta charset="utf-8"></head><body><p>{index}</p>'
                f"<script>let page = {index};</script></body>"
            )
        postrender(site, tmp_path / str(pool_from) / "originals")
        pages = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")}
        results.append((pages, (site / "_headers").read_text()))
    assert results[0] == results[1] and len(results[0][0]) == 10
    assert results[0][1].count("/page3") == 2  # each page's policy, from the worker
    assert b"Content-Security-Policy" in results[0][0][Path("page3.html")]
