"""Lighthouse CI on the real render: accessibility, best practices and SEO are 100.

``lighthouserc.json`` holds the assertions; ``portfolio.verify.lighthouse`` runs ``lhci collect``
and ``lhci assert`` on the audited pages. Performance scores depend on the machine, so they
are measured by ``benchmarks/bench_site.py``, not here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio.verify import lighthouse

BROKEN_PAGE = "<!doctype html><html><body><img src='missing.png'><a href='#'></a></body></html>"


def test_lighthouse_ci_scores_every_audited_page_100(rendered_site: Path, tmp_path: Path):
    pages = lighthouse.audited_pages(rendered_site)
    assert {"index.html", "about.html", "blog/index.html"} <= set(pages)
    assert any(page.startswith("research/") and page != "research/index.html" for page in pages)
    assert any(page.startswith("blog/posts/") for page in pages)
    verdict = lighthouse.assert_site(rendered_site, pages, tmp_path)
    assert verdict.ok, str(verdict)


@pytest.mark.browser
def test_lighthouse_ci_names_the_failed_audits(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    verdict = lighthouse.assert_site(site, ["index.html"], tmp_path / "lhci")
    assert not verdict.ok
    assert "categories.accessibility failure" in verdict.log
    for failure in (
        "index.html: accessibility: html-has-lang",
        "index.html: accessibility: image-alt",
        "index.html: seo: document-title",
    ):
        assert any(line.startswith(failure) for line in verdict.failed_audits), str(verdict)


def test_lighthouse_ci_asserts_only_scores_that_do_not_depend_on_the_machine():
    config = json.loads(lighthouse.CONFIG.read_text(encoding="utf-8"))["ci"]
    assert set(config["assert"]["assertions"]) == {
        "categories:accessibility",
        "categories:best-practices",
        "categories:seo",
    }
    assert "performance" not in config["collect"]["settings"]["onlyCategories"]
