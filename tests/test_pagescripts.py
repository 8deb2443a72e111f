"""Quarto's page script moves to a shared file; its inline handlers become attributes."""

from __future__ import annotations

from portfolio.build import csp, pagescripts
from portfolio.build.markup import edited

AFTER_BODY = 'window.document.addEventListener("DOMContentLoaded", function () { go(); });'
PAGE = f"""<html><head>
<script defer src="../site_libs/quarto-nav/quarto-nav.js"></script>
</head><body>
<a onclick="window.quartoToggleColorScheme(); return false;" class="toggle">x</a>
<ul><li><a onclick="window.quartoListingCategory(&#39;Y2FyZWVy&#39;); return false;">c</a></li></ul>
<button onclick="alert(document.cookie)">unknown</button>
<script>const text = ' onclick="window.scrollTo(0, 0); return false;"';</script>
<script id="quarto-html-after-body" type="application/javascript">{AFTER_BODY}</script>
</body></html>"""


def test_the_page_script_moves_to_a_file_deferred_before_quartos_scripts(tmp_path):
    page = pagescripts.move_after_body(PAGE, "../", tmp_path)
    name = pagescripts.after_body_name(AFTER_BODY)
    assert (tmp_path / pagescripts.LIBS / name).read_text() == AFTER_BODY
    assert "quarto-html-after-body" not in page and AFTER_BODY not in page
    tag = f'<script defer src="../site_libs/quarto-html/{name}"></script>'
    assert page.index(tag) < page.index("quarto-nav.js")
    assert pagescripts.move_after_body(page, "../", tmp_path) == page
    (tmp_path / pagescripts.LIBS / "after-body-0000.js").write_text("old")
    assert pagescripts.linked_scripts(page) == {name}
    assert pagescripts.remove_unlinked(tmp_path, pagescripts.linked_scripts(page)) == [
        tmp_path / pagescripts.LIBS / "after-body-0000.js"
    ]
    assert (tmp_path / pagescripts.LIBS / name).is_file()


def test_known_handlers_become_attributes_and_unknown_ones_stay():
    page = edited(PAGE, pagescripts.edit_handlers, "../")
    assert 'data-portfolio-click="toggle-color-scheme" class="toggle"' in page
    assert 'data-portfolio-click="listing-category" data-portfolio-arg="Y2FyZWVy"' in page
    assert csp.inline_handlers(page) == ["alert(document.cookie)"]
    assert """' onclick="window.scrollTo(0, 0); return false;"'""" in page  # script text
    assert page.count('<script defer src="../assets/handlers.js"></script>') == 1
    assert edited(page, pagescripts.edit_handlers, "../") == page


def test_a_page_without_known_handlers_gets_no_site_script():
    page = "<html><head></head><body><a onclick='x()'>a</a></body></html>"
    assert edited(page, pagescripts.edit_handlers, "") == page
