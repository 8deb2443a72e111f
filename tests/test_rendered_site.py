"""The real render, checked in a browser: a fresh copy of the project rendered by Quarto.

Quarto comes from PATH (``.ci/run`` puts ``../shared/tools/quarto`` there when none is
installed); see the ``rendered_site`` fixture in ``conftest``.
"""

from __future__ import annotations

from portfolio.sitecheck import check_site, format_reports


def test_every_page_passes_the_site_checks(rendered_site):
    """No other host, no console error, charts draw and re-theme, axe, links, weight."""
    reports = check_site(rendered_site)
    assert {report.path for report in reports} >= {"index.html", "research/index.html"}
    assert all(report.ok for report in reports), format_reports(reports)
