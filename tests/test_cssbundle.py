"""The stylesheets a page waits for are folded into one bundle per colour scheme."""

from __future__ import annotations

from pathlib import Path

from portfolio.build import cssbundle
from portfolio.build.markup import edited

SOURCES = {
    "site_libs/quarto-html/tippy.css": ".tippy-box{position:relative}",
    "site_libs/quarto-html/quarto-syntax-highlighting-c8ad.css": "code span.kw{color:#003B4F}",
    "site_libs/quarto-html/quarto-syntax-highlighting-dark-befe.css": "code span.kw{color:#fff}",
    "site_libs/bootstrap/bootstrap-icons.css": '@font-face{src:url("./bootstrap-icons.woff?1")}',
    "site_libs/bootstrap/bootstrap-414c.min.css": "body{color:#111}",
    "site_libs/bootstrap/bootstrap-dark-d4ba.min.css": "body{color:#eee}",
    "theme/site.css": 'body{font-family:Inter}@font-face{src:url("../assets/fonts/a.woff2")}',
}
EXTRA_LINE = (
    "\n      document.querySelector('link#quarto-text-highlighting-styles"
    ".quarto-color-scheme-extra').rel = 'disabled-stylesheet';"
)
PAGE = """<html><head>
<link href="../site_libs/quarto-html/tippy.css" rel="stylesheet">
<link href="../site_libs/quarto-html/quarto-syntax-highlighting-c8ad.css" rel="stylesheet" \
class="quarto-color-scheme" id="quarto-text-highlighting-styles">
<link href="../site_libs/quarto-html/quarto-syntax-highlighting-dark-befe.css" \
rel="disabled-stylesheet" class="quarto-color-scheme quarto-color-alternate" \
id="quarto-text-highlighting-styles">
<link href="../site_libs/bootstrap/bootstrap-icons.css" rel="stylesheet">
<link href="../site_libs/bootstrap/bootstrap-414c.min.css" rel="stylesheet" \
class="quarto-color-scheme" id="quarto-bootstrap" data-mode="light">
<link href="../site_libs/bootstrap/bootstrap-dark-d4ba.min.css" rel="disabled-stylesheet" \
class="quarto-color-scheme quarto-color-alternate" id="quarto-bootstrap" data-mode="dark">
<link rel="stylesheet" href="../theme/site.css">
<link rel="preload" href="../assets/fonts/a.woff2" as="font">
</head><body><script>const a = 1;EXTRA
</script></body></html>"""


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "_site"
    for name, text in SOURCES.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    return site


def _bundle(site: Path, names: dict[str, str], kind: str) -> str:
    return (site / cssbundle.FOLDER / names[kind]).read_text()


def test_bundles_keep_the_cascade_order_and_point_urls_from_their_folder(tmp_path):
    site = _site(tmp_path)
    names = cssbundle.write_bundles(site)
    light, dark = _bundle(site, names, "light"), _bundle(site, names, "dark")
    order = [".tippy-box", "#003B4F", "bootstrap-icons.woff", "#111", "Inter"]
    assert [light.index(part) for part in order] == sorted(light.index(part) for part in order)
    assert "#eee" not in light and "#fff" not in light
    assert dark.index("#fff") < dark.index("#eee") < dark.index("Inter")
    assert 'url("bootstrap-icons.woff?1")' in light
    assert 'url("../../assets/fonts/a.woff2")' in light and 'url("../../assets' in dark


def test_pages_link_the_bundles_in_bootstraps_place_and_run_again_alike(tmp_path):
    site = _site(tmp_path)
    names = cssbundle.write_bundles(site)
    page = edited(PAGE.replace("EXTRA", EXTRA_LINE), cssbundle.edit_bundle_links, names)
    assert page.count(".css") == 2 and "quarto-text-highlighting-styles" not in page
    assert f'href="../site_libs/bootstrap/{names["light"]}" rel="stylesheet"' in page
    assert f'href="../site_libs/bootstrap/{names["dark"]}" rel="disabled-stylesheet"' in page
    assert 'data-mode="dark"' in page and "a.woff2" in page and "const a = 1;" in page
    assert cssbundle.write_bundles(site) == names
    assert edited(page, cssbundle.edit_bundle_links, names) == page


def test_a_changed_source_gives_a_new_bundle_and_the_old_one_goes(tmp_path):
    site = _site(tmp_path)
    names = cssbundle.write_bundles(site)
    (site / "theme/site.css").write_text("body{color:red}")
    again = cssbundle.write_bundles(site)
    assert again["light"] != names["light"] and "color:red" in _bundle(site, again, "light")
    assert not (site / cssbundle.FOLDER / names["light"]).exists()
    page = edited(
        edited(PAGE, cssbundle.edit_bundle_links, names), cssbundle.edit_bundle_links, again
    )
    assert again["light"] in page and names["light"] not in page


def test_syntax_links_stay_when_quartos_script_still_reaches_for_them(tmp_path):
    site = _site(tmp_path)
    names = cssbundle.write_bundles(site)
    other = "document.getElementById('quarto-text-highlighting-styles')"
    page = edited(PAGE.replace("EXTRA", other), cssbundle.edit_bundle_links, names)
    assert page.count("quarto-syntax-highlighting") == 2 and "tippy.css" not in page


def test_a_site_without_bootstrap_is_left_alone(tmp_path):
    site = tmp_path / "_site"
    site.mkdir()
    assert cssbundle.write_bundles(site) == {}
    assert edited(PAGE, cssbundle.edit_bundle_links, {}) == PAGE
