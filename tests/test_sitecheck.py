"""The rendered-site checker against a small hand-made site served on 127.0.0.1."""

from __future__ import annotations

import base64
import gzip
import http.server
import os
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio.build.assets import vendor_file
from portfolio.verify import browser, sitecheck
from portfolio.verify.sitecheck import PageReport, check_site, main

ROOT = Path(__file__).resolve().parents[1]
PLOTLY = vendor_file("plotly-basic.min.js")

PLOTLY_TAG = '<script src="plotly-basic.min.js"></script>'
BAR_CHART = """<div id="chart"></div>
<script>
Plotly.newPlot("chart", [{type: "bar", x: ["a", "b", "c"], y: [1, 3, 2]}],
  {paper_bgcolor: "#ffffff", title: {text: "Bars"}}, {displayModeBar: false});
</script>"""
# Imitates Quarto: body classes quarto-light/quarto-dark, a toggle link and
# window.quartoToggleColorScheme; the page restyles its charts when the scheme changes.
DARK_MODE = """<a href="" class="quarto-color-scheme-toggle" aria-label="Toggle dark mode"
   onclick="window.quartoToggleColorScheme(); return false;">&#9680;</a>
<script>
window.quartoToggleColorScheme = () => {
  const dark = document.body.classList.toggle("quarto-dark");
  document.body.classList.toggle("quarto-light", !dark);
  for (const gd of document.querySelectorAll(".js-plotly-plot")) {
    Plotly.relayout(gd, {paper_bgcolor: dark ? "#222222" : "#ffffff"});
  }
};
</script>"""
DARK_MODE_IGNORED = """<a href="" class="quarto-color-scheme-toggle" aria-label="Toggle dark mode"
   onclick="window.quartoToggleColorScheme(); return false;">&#9680;</a>
<script>
window.quartoToggleColorScheme = () => {
  const dark = document.body.classList.toggle("quarto-dark");
  document.body.classList.toggle("quarto-light", !dark);
};
</script>"""


def write_page(site: Path, name: str, body: str, head: str = "") -> None:
    """Write an accessible HTML page (lang, title, main landmark) with ``body``."""
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{name}</title>{head}</head>\n"
        f'<body class="quarto-light"><main><h1>{name}</h1>\n{body}\n</main></body></html>\n',
        encoding="utf-8",
    )


def write_good_site(site: Path) -> None:
    """A home page with a working chart and dark mode, plus a plain sub-page."""
    shutil.copy(PLOTLY, site / "plotly-basic.min.js")
    write_page(
        site,
        "index.html",
        f"""{DARK_MODE}
{BAR_CHART}
<p id="intro">Links: <a href="#chart">chart</a> <a href="sub/">sub</a>
<a href="https://example.org/">example</a> <a href="mailto:someone@example.org">mail</a></p>""",
        PLOTLY_TAG,
    )
    write_page(
        site,
        "sub/index.html",
        '<p><a href="../">home</a> <a href="../index.html#intro">intro</a> '
        '<a href="/index.html#chart">chart</a> <a href="#">top</a></p>',
    )


class Spy(http.server.BaseHTTPRequestHandler):
    """Records every request it receives (it must receive none)."""

    paths: list[str] = []

    def do_GET(self) -> None:
        """Record and answer 404."""
        Spy.paths.append(self.path)
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet."""


@pytest.fixture(scope="module")
def spy_port() -> Iterator[int]:
    """A loopback server reachable as ``localhost`` (not 127.0.0.1) that logs requests."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Spy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port
    server.shutdown()
    server.server_close()


BIG_BUDGET = 20_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, spy_port: int) -> Path:
    """The good site plus one page per kind of problem."""
    site = tmp_path_factory.mktemp("site")
    write_good_site(site)
    (site / "empty").mkdir()
    write_page(
        site,
        "links.html",
        '<p><a href="missing.html">missing</a> <a href="empty/">empty folder</a> '
        '<a href="sub/">fine</a> <a href="index.html">fine too</a></p>',
    )
    write_page(
        site,
        "anchors.html",
        '<p id="here"><a href="#here">here</a> <a href="#nowhere">nowhere</a> '
        '<a href="index.html#chart">chart</a> <a href="index.html#nope">nope</a> '
        '<a href="#top">top</a> <a name="old-style">old</a> <a href="#old-style">old</a></p>',
    )
    write_page(
        site,
        "external.html",
        f'<img src="http://localhost:{spy_port}/pixel.png" alt="pixel">',
        '<script src="https://cdn.example.com/x.js"></script>',
    )
    write_page(site, "button.html", "<button></button>")
    write_page(site, "landmarks.html", "<nav><a href='#'>a</a></nav><nav><a href='#'>b</a></nav>")
    write_page(
        site,
        "errors.html",
        '<script>console.error("boom");</script><script>throw new Error("kaboom");</script>',
    )
    write_page(site, "nodark.html", f"{DARK_MODE_IGNORED}\n{BAR_CHART}", PLOTLY_TAG)
    write_page(site, "notoggle.html", BAR_CHART, PLOTLY_TAG)
    write_page(
        site,
        "nohover.html",
        f"""{DARK_MODE}\n{BAR_CHART}
<script>
Plotly.Fx.hover = () => {{}};  // hovering draws no label, as a broken chart would
</script>""",
        PLOTLY_TAG,
    )
    write_page(
        site, "noglobal.html", f"{BAR_CHART}\n<script>delete window.Plotly;</script>", PLOTLY_TAG
    )
    write_page(
        site,
        "undrawn.html",
        '<div id="lost" class="plotly-graph-div"></div><p>No plotly.js here.</p>',
    )
    write_page(site, "dupes.html", '<p id="twice">a</p><p id="twice">b</p>', '<link id="x">')
    write_page(
        site,
        "listing.html",
        '<div class="quarto-listing-category"><div class="category" data-category="">All</div>'
        f'<div class="category" data-category="{base64.b64encode(b"deep%20learning").decode()}">'
        "deep learning</div></div>",
    )
    write_page(
        site,
        "categories.html",
        '<p><a href="listing.html#category=deep%20learning">ok</a> '
        '<a href="listing.html#category=nope">nope</a></p>',
    )
    write_page(
        site,
        "lazy.html",
        f"""{DARK_MODE}<div style="height:3000px"></div>
<div id="later" class="portfolio-plot"></div>
<script>
new IntersectionObserver((entries, observer) => entries.forEach(entry => {{
  if (!entry.isIntersecting) return;
  observer.disconnect();
  Plotly.newPlot("later", [{{type: "bar", x: ["a"], y: [1]}}], {{paper_bgcolor: "#ffffff"}});
}})).observe(document.getElementById("later"));
</script>""",
        PLOTLY_TAG,
    )
    (site / "big.js").write_text(f'var big = "{secrets.token_hex(30_000)}";\n')
    write_page(site, "big.html", "<p>Heavy.</p>", '<script src="big.js"></script>')
    return site


@pytest.fixture(scope="module")
def reports(site: Path) -> dict[str, PageReport]:
    """Check the whole site once; reports by page path."""
    return {r.path: r for r in check_site(site, budgets={"big.html": BIG_BUDGET})}


def gzipped(*paths: Path) -> int:
    """Sum of the gzip-compressed sizes of files, as the checker counts them."""
    return sum(len(gzip.compress(p.read_bytes(), browser.GZIP_LEVEL)) for p in paths)


@pytest.mark.browser
def test_every_html_page_is_checked(reports: dict[str, PageReport]) -> None:
    assert sorted(reports) == [
        "anchors.html",
        "big.html",
        "button.html",
        "categories.html",
        "dupes.html",
        "errors.html",
        "external.html",
        "index.html",
        "landmarks.html",
        "lazy.html",
        "links.html",
        "listing.html",
        "nodark.html",
        "noglobal.html",
        "nohover.html",
        "notoggle.html",
        "sub/index.html",
        "undrawn.html",
    ]


@pytest.mark.browser
def test_good_home_page_passes(reports: dict[str, PageReport], site: Path) -> None:
    home = reports["index.html"]
    assert home.problems == []
    assert home.ok
    assert home.charts == 1
    assert home.budget_bytes == 1_000_000
    assert home.requests == 2
    assert home.weight_bytes == gzipped(site / "index.html", site / "plotly-basic.min.js")
    assert home.external_links == ["https://example.org/", "mailto:someone@example.org"]


@pytest.mark.browser
def test_ids_used_twice_in_the_body(reports: dict[str, PageReport]) -> None:
    assert reports["dupes.html"].problems == ["id used twice: 'twice'"]


@pytest.mark.browser
def test_category_links_must_name_a_category_of_the_listing(reports) -> None:
    assert reports["categories.html"].problems == [
        "category link 'listing.html#category=nope' leads to no listing filter"
    ]
    assert reports["listing.html"].ok


@pytest.mark.browser
def test_a_chart_below_the_fold_is_scrolled_into_view_and_drawn(reports) -> None:
    lazy = reports["lazy.html"]
    assert (lazy.problems, lazy.charts) == ([], 1)


@pytest.mark.browser
def test_good_sub_page_passes_with_cross_page_anchors(reports: dict[str, PageReport]) -> None:
    sub = reports["sub/index.html"]
    assert (sub.problems, sub.charts, sub.budget_bytes) == ([], 0, sitecheck.DEFAULT_BUDGET)


@pytest.mark.browser
def test_broken_internal_links(reports: dict[str, PageReport]) -> None:
    assert sorted(reports["links.html"].problems) == [
        "broken link 'empty/' (HTTP 404)",
        "broken link 'missing.html' (HTTP 404)",
    ]


@pytest.mark.browser
def test_missing_anchors_on_same_and_other_page(reports: dict[str, PageReport]) -> None:
    assert sorted(reports["anchors.html"].problems) == [
        "missing anchor '#nowhere'",
        "missing anchor 'index.html#nope'",
    ]


@pytest.mark.browser
def test_requests_to_other_hosts_are_reported_and_never_sent(
    reports: dict[str, PageReport], spy_port: int
) -> None:
    assert sorted(reports["external.html"].problems) == [
        f"request to another host blocked: http://localhost:{spy_port}/pixel.png",
        "request to another host blocked: https://cdn.example.com/x.js",
    ]
    assert Spy.paths == []


@pytest.mark.browser
def test_unlabelled_button_fails_axe(reports: dict[str, PageReport]) -> None:
    assert reports["button.html"].problems == ["axe button-name (critical): button"]


@pytest.mark.browser
def test_moderate_axe_violations_fail_too(reports: dict[str, PageReport]) -> None:
    assert reports["landmarks.html"].problems == [
        "axe landmark-unique (moderate): nav:nth-child(2)"
    ]


@pytest.mark.browser
def test_console_error_and_uncaught_exception(reports: dict[str, PageReport]) -> None:
    assert sorted(reports["errors.html"].problems) == [
        "console error: boom",
        "uncaught exception: kaboom",
    ]


@pytest.mark.browser
def test_chart_ignoring_dark_mode(reports: dict[str, PageReport]) -> None:
    assert reports["nodark.html"].problems == [
        "chart 1: background unchanged in dark mode (#ffffff | rgb(255, 255, 255))"
    ]


@pytest.mark.browser
def test_chart_page_without_toggle(reports: dict[str, PageReport]) -> None:
    assert reports["notoggle.html"].problems == ["no dark-mode toggle"]


@pytest.mark.browser
def test_chart_without_hover_label(reports: dict[str, PageReport]) -> None:
    assert reports["nohover.html"].problems == ["chart 1: no hover label"]


@pytest.mark.browser
def test_chart_drawn_without_global_plotly(reports: dict[str, PageReport]) -> None:
    assert reports["noglobal.html"].problems == [
        "chart 1: window.Plotly missing, hover not testable",
        "no dark-mode toggle",
    ]


@pytest.mark.browser
def test_chart_that_never_draws(reports: dict[str, PageReport]) -> None:
    undrawn = reports["undrawn.html"]
    assert undrawn.charts == 1
    assert undrawn.problems == ["chart not drawn: #lost", "no dark-mode toggle"]


@pytest.mark.browser
def test_page_over_budget(reports: dict[str, PageReport], site: Path) -> None:
    big = reports["big.html"]
    assert big.weight_bytes == gzipped(site / "big.html", site / "big.js")
    assert big.weight_bytes > BIG_BUDGET
    assert big.problems == [
        f"weight {big.weight_bytes / 1000:.0f} KB gzipped exceeds budget {BIG_BUDGET / 1000:.0f} KB"
    ]


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m portfolio.verify.sitecheck`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "portfolio.verify.sitecheck", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )


@pytest.mark.browser
def test_cli_good_site_exits_0(tmp_path: Path) -> None:
    write_good_site(tmp_path)
    result = run_cli(str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0].startswith("OK   index.html")
    assert result.stdout.splitlines()[-1] == "2 pages checked, 0 failed"


@pytest.mark.browser
def test_cli_bad_site_exits_1_and_prints_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_page(tmp_path, "index.html", "<button></button>")
    assert main([str(tmp_path), "--budget", "index.html=10"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("FAIL index.html")
    assert lines[0].endswith("charts 0  problems 2")
    assert lines[1] == "    axe button-name (critical): button"
    assert lines[2].startswith("    weight 0 KB gzipped exceeds budget 0 KB")
    assert lines[3] == "1 pages checked, 1 failed"


def test_cli_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr == f"sitecheck: no such folder: {tmp_path / 'nope'}\n"


def test_cli_folder_without_pages_exits_2(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"sitecheck: no HTML pages in {tmp_path}\n"


def test_cli_without_chromium_exits_2(tmp_path: Path) -> None:
    write_page(tmp_path, "index.html", "<p>Hi.</p>")
    result = run_cli(str(tmp_path), PORTFOLIO_CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode == 2
    assert result.stderr.startswith("sitecheck: Chromium not found at ")
    assert "Traceback" not in result.stderr
