"""The Content-Security-Policy: how the post-render step writes it, and the real render
obeying it in Chromium (every page, every chart, search, menu, dark mode), with an injected
script blocked."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from portfolio.build import csp
from portfolio.verify.browser import launch_chromium, serve_directory
from portfolio.verify.sitecheck import RECORD_VIOLATIONS, html_pages

PAGE = (
    "<!doctype html><html><head>\n<meta charset='utf-8'>"
    '<script type="application/json">{"a": 1}</script>'
    '<script type="application/ld+json">{}</script>'
    '<script src="x.js"></script></head><body>'
    '<a href="" onclick="go(); return false;">a</a>'
    "<script>run();</script>"
    '<script id="after" type="application/javascript">later();</script>'
    "</body></html>"
)
INJECTED = (
    "<script>window.injected = 'script';</script>"
    '<img src="data:," alt="" onload="window.injected = \'handler\'">'
)


def _source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def test_only_scripts_the_browser_runs_are_hashed_with_the_handlers():
    assert csp.inline_scripts(PAGE) == ["run();", "later();"]
    assert csp.inline_handlers(PAGE) == ["go(); return false;"]
    script_src = csp.script_src(PAGE)
    assert script_src == (
        f"script-src 'self' {_source('run();')} {_source('later();')} 'unsafe-hashes' "
        f"{_source('go(); return false;')}"
    )


def test_the_policy_follows_the_charset_and_is_replaced_when_run_again():
    once, policy = csp.add_policy(PAGE)
    assert once.startswith(
        "<!doctype html><html><head>\n<meta charset='utf-8'>\n<meta http-equiv=\"Content-Security"
    )
    assert csp.add_policy("<head><title>t</title>")[0].startswith("<head>\n<meta http-equiv")
    twice, again = csp.add_policy(once)
    assert (twice, again) == (once, policy)
    assert "'unsafe-inline'" not in csp.script_src(once)
    assert csp.add_policy("<html></html>") == ("<html></html>", None)


def test_the_headers_file_names_every_url_of_a_page():
    text = csp.headers_file({"index.html": "P1", "blog/index.html": "P2", "about.html": "P3"})
    blocks = dict(re.findall(r"^(/\S*)\n  Content-Security-Policy: (.*)$", text, re.M))
    assert blocks == {
        "/": "P1; frame-ancestors 'none'",
        "/index.html": "P1; frame-ancestors 'none'",
        "/blog/": "P2; frame-ancestors 'none'",
        "/blog/index.html": "P2; frame-ancestors 'none'",
        "/about.html": "P3; frame-ancestors 'none'",
        "/about": "P3; frame-ancestors 'none'",
    }
    assert "X-Content-Type-Options: nosniff" in text and "Permissions-Policy:" in text


def _policy(html: str) -> str:
    head = r'<head>\s*<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" '
    found = re.search(head + r'content="([^"]*)">', html)
    assert found, "no policy right after the charset"
    assert html.index("<meta charset") < 1024 - len("<meta charset='utf-8'>")
    return found[1]


def test_every_rendered_page_carries_a_strict_policy_and_the_headers_repeat_it(rendered_site):
    headers = (rendered_site / "_headers").read_text(encoding="utf-8")
    for path in html_pages(rendered_site):
        html = (rendered_site / path).read_text(encoding="utf-8")
        policy = _policy(html)
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"].startswith("'self' 'sha256-"), path
        assert "'unsafe-inline'" not in directives["script-src"], path
        assert "'unsafe-eval'" not in policy and "'unsafe-hashes'" not in policy, path
        assert csp.inline_handlers(html) == [], path  # Quarto's became data attributes
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == directives["form-action"] == "'self'"
        for script in csp.inline_scripts(html):
            assert _source(script) in directives["script-src"], path
        assert f"/{path}\n  Content-Security-Policy: {policy}; frame-ancestors 'none'" in headers


def _use_the_page(page: Page, query: str) -> None:
    """Draw every chart, toggle dark mode and back, open the menu, search for ``query``."""
    charts = page.locator("figure.portfolio-chart")
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        charts.nth(index).dispatch_event("pointerover")
        charts.nth(index).locator("svg.main-svg").first.wait_for(state="attached")
    page.evaluate("window.scrollTo(0, 0)")
    page.click(".navbar-toggler")
    page.locator(".navbar-collapse.show").wait_for()
    toggle = page.locator(".quarto-color-scheme-toggle:visible").first
    toggle.click()
    page.wait_for_function("document.body.classList.contains('quarto-dark')")
    toggle.click()
    page.click("#quarto-search .aa-DetachedSearchButton")
    page.fill(".aa-Input", query)
    page.locator(".aa-Item").first.wait_for()


def test_no_page_violates_its_policy_while_used(rendered_site, portfolio):
    query = max(portfolio.publications.papers[0].title.split(), key=len)
    violations: dict[str, list[str]] = {}
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 390, "height": 800})
        context.add_init_script(RECORD_VIOLATIONS)
        for path in html_pages(rendered_site):
            page = context.new_page()
            page.goto(f"{base}/{path}")
            _use_the_page(page, query)
            violations[path] = page.evaluate("window.__cspViolations")
            page.close()
        browser.close()
    assert len(violations) >= 10
    assert {path: found for path, found in violations.items() if found} == {}


def test_an_injected_inline_script_or_handler_is_blocked(rendered_site: Path):
    with serve_directory(rendered_site) as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.add_init_script(RECORD_VIOLATIONS)

        def inject(route):
            response = route.fetch()
            body = response.text().replace("</main>", INJECTED + "</main>", 1)
            route.fulfill(response=response, body=body)

        page.route(f"{base}/about.html", inject)
        page.goto(f"{base}/about.html", wait_until="load")
        page.wait_for_function("window.__cspViolations.length >= 2")
        assert page.evaluate("window.injected") is None
        assert "window.injected" in page.content()
        found = page.evaluate("window.__cspViolations")
        assert all(entry.startswith("script-src") for entry in found), found
        browser.close()
