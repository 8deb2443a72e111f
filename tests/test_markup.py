"""The build's HTML scanner (``portfolio.build.markup``): Quarto's pages read and written back
byte for byte, edits that touch only their span, attributes in any order and quoting, and
pages whose markup the post-render does not recognise reported, never half-edited."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from portfolio.build import assets, csp, cssbundle, frames, pagescripts, postrender
from portfolio.build.markup import MarkupNotFound, Page, edited, text_of
from portfolio.verify.sitecheck import html_pages

QUARTO_PAGES = Path(__file__).parent / "fixtures" / "quarto-pages"
VERSIONS = ("1.10.18", "1.7.34")
SPEC = '{"data": [{"name": "A"}], "layout": {"title": {"text": "Counts"}}}'


def _quarto_page(version: str) -> str:
    return (QUARTO_PAGES / f"listing-{version}.html").read_text(encoding="utf-8")


def _assert_read_exactly(text: str) -> None:
    """Each element's tags and attributes lie where the scanner says; unedited, the page is
    written back byte for byte."""
    page = Page(text)
    assert page.edited() == text
    for element in page.elements:
        assert text[element.start : element.open_end].lower().startswith(f"<{element.name}")
        assert text[element.open_end - 1] == ">"
        spans = page.attributes(element)
        assert [span.name for span in spans] == [name for name, _ in element.attrs]
        for span, (_, value) in zip(spans, element.attrs, strict=True):
            raw = None if span.value_span is None else text[slice(*span.value_span)]
            assert value == (None if raw is None else html.unescape(raw)), text[
                span.start : span.end
            ]
        if element.close_start is not None:
            assert text[element.close_start : element.end].lower() == f"</{element.name}>"


@pytest.mark.parametrize("version", VERSIONS)
def test_quartos_pages_are_read_where_they_are_written_and_kept_byte_for_byte(version):
    text = _quarto_page(version)
    _assert_read_exactly(text)
    page = Page(text)
    head = page.find("head")
    assert head is not None and page.source[head.close_start :].startswith("</head>")
    after_body = page.find("script", id="quarto-html-after-body")
    assert after_body is not None and "DOMContentLoaded" in page.inner(after_body)


def test_every_rendered_page_is_read_exactly(rendered_site):
    for path in html_pages(rendered_site):
        _assert_read_exactly((rendered_site / path).read_text(encoding="utf-8"))


def test_an_edit_changes_its_span_and_no_other_byte():
    text = _quarto_page(VERSIONS[0])
    page = Page(text)
    link = next(link for link in page.find_all("link") if "quarto-color-alternate" in link.classes)
    value_start, value_end = page.attribute(link, "rel").value_span
    page.set_attribute(link, "rel", "disabled-stylesheet")
    assert page.edited() == text[:value_start] + "disabled-stylesheet" + text[value_end:]
    page = Page(text)
    script = page.find("script", id="quarto-html-after-body")
    page.remove(script, newline="after")
    page.insert_after(page.find("title"), "<!-- x -->")
    title_end = page.find("title").end
    end = script.end + 1 if text[script.end] == "\n" else script.end
    assert page.edited() == (
        text[:title_end] + "<!-- x -->" + text[title_end : script.start] + text[end:]
    )
    page.replace(script.start, script.start + 1, "")  # overlaps the removal
    with pytest.raises(ValueError, match="overlap"):
        page.edited()


def test_attributes_in_any_order_and_quoting_are_read_and_edited():
    dark = (
        "<link rel='stylesheet' class='quarto-color-scheme quarto-color-alternate' href=a.css>"
        '<link class="quarto-color-alternate" href="b.css" rel=stylesheet>'
    )
    assert edited(dark, postrender.edit_dark_theme) == (
        "<link rel='disabled-stylesheet' class='quarto-color-scheme quarto-color-alternate' "
        'href=a.css><link class="quarto-color-alternate" href="b.css" '
        f'rel="disabled-stylesheet">{postrender.ENABLE_DARK}'
    )
    handler = "<head></head><a title='a > b' ONCLICK = 'window.scrollTo(0, 0); return false;' id=x>"
    assert edited(handler, pagescripts.edit_handlers, "") == (
        '<head><script defer src="assets/handlers.js"></script>\n</head>'
        "<a title='a > b' data-portfolio-click=\"back-to-top\" id=x>"
    )
    scripts = "<script TYPE='Module'>a()</script><script type=text/javascript>b()</script>"
    assert csp.inline_scripts(scripts + "<script type=application/json>{}</script>") == [
        "a()",
        "b()",
    ]
    assert edited("<script src=site_libs/x.js></script>", postrender.edit_script_defer) == (
        "<script defer src=site_libs/x.js></script>"
    )


def test_a_chart_is_found_whatever_the_order_and_quoting_of_its_attributes():
    figure = (
        f"<figure data-chart='c-1' class=\"wide portfolio-chart\">\n"
        f"<div style='height: 320px' class=portfolio-plot></div>"
        f"<script type='application/json'>{SPEC}</script>"
        f"<figcaption>Counts &amp; more</figcaption></figure>"
    )
    [chart] = frames.page_charts(Page(figure))
    assert (chart.name, chart.height, chart.spec) == ("c-1", 320, SPEC)
    assert text_of(chart.caption) == "Counts & more"


@pytest.mark.parametrize("version", VERSIONS)
def test_the_page_edits_recognise_the_pages_of_both_quartos(version, tmp_path):
    """Quarto's pages as each version writes them get every page edit (none is skipped)."""
    text = _quarto_page(version)
    page = tmp_path / "posts.html"
    lighter, policy = postrender._lighter_page(text, page, tmp_path, {}, True, False)
    parsed = Page(lighter)
    alternates = [
        link for link in parsed.find_all("link") if "quarto-color-alternate" in link.classes
    ]
    assert alternates and all(link.get("rel") == "disabled-stylesheet" for link in alternates)
    classic = [s for s in parsed.find_all("script") if "site_libs/" in (s.get("src") or "")]
    assert all(s.has("defer") or s.has("type") or s.has("async") for s in classic)
    assert parsed.find("script", id="quarto-html-after-body") is None
    assert pagescripts.linked_scripts(lighter)
    assert csp.inline_handlers(lighter) == [] and csp.inline_handlers(text)
    assert parsed.find("link", rel="preload") is not None
    assert policy and all(csp.sha256_source(s) in policy for s in csp.inline_scripts(lighter))
    meta = parsed.find("meta", http_equiv="Content-Security-Policy")
    assert meta is not None and meta.get("content") == policy


def _site_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "_site"
    site.mkdir()
    for name, text in pages.items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def test_a_page_without_the_end_of_its_head_fails_the_render_and_is_not_written(tmp_path):
    broken = (
        "<html><head><title>t</title><body>"
        '<a onclick="window.scrollTo(0, 0); return false;">top</a></body></html>'
    )
    site = _site_with(tmp_path, {"broken.html": broken})
    with pytest.raises(postrender.PostRenderError, match=r"broken\.html: no </head>"):
        postrender.postrender(site, tmp_path / "originals")
    assert (site / "broken.html").read_bytes() == broken.encode()


def test_a_file_without_a_head_is_left_as_it_was_and_the_step_says_so(tmp_path, capsys):
    fragment = '<script src="site_libs/x.js"></script><a onclick="x()">a</a>'
    site = _site_with(tmp_path, {"fragment.html": fragment})
    postrender.postrender(site, tmp_path / "originals")
    assert (site / "fragment.html").read_text() == fragment
    assert (
        "fragment.html has no <head> (not a Quarto page): left as it was" in capsys.readouterr().err
    )


def test_a_page_keeps_its_line_ends(tmp_path):
    page = (
        '<html><head>\r\n<meta charset="utf-8">\r\n<link href="d.css" rel="stylesheet" '
        'class="quarto-color-alternate">\r\n</head><body>\r\n</body></html>\r\n'
    )
    site = _site_with(tmp_path, {"index.html": ""})
    (site / "index.html").write_bytes(page.encode())
    postrender.postrender(site, tmp_path / "originals")
    written = (site / "index.html").read_bytes().decode()
    assert written != page and written.count("\r\n") == page.count("\r\n") == 5


def test_folded_stylesheets_without_bootstraps_link_are_reported():
    page = '<head><link href="site_libs/quarto-html/tippy.css" rel="stylesheet"></head>'
    with pytest.raises(MarkupNotFound, match="Bootstrap"):
        edited(page, cssbundle.edit_bundle_links, {"light": "portfolio-0.min.css"})


def test_a_chart_whose_markup_is_not_recognised_leaves_its_page_without_frames(tmp_path, capsys):
    page = (
        '<html><head></head><body><figure class="portfolio-chart" data-chart="c">'
        '<div class="portfolio-plot" style="height:300px"></div></figure></body></html>'
    )
    site = _site_with(tmp_path, {"index.html": page})
    assets.copy_plotly(site)
    assets.write_templates(site)
    assert frames.add_frames(site, tmp_path / "frames") == ([], 0)
    assert (site / "index.html").read_bytes() == page.encode()
    err = capsys.readouterr().err
    assert "index.html: a chart 'c' without its <script type=\"application/json\">" in err
    assert "the page's charts keep their placeholders" in err
