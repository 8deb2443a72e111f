"""The real render, checked in a browser: runs only where the quarto binary is installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from portfolio.sitecheck import check_site, format_reports

from conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("quarto") is None, reason="needs the quarto binary (not on PATH)"
)


@pytest.fixture(scope="module")
def rendered_site(tmp_path_factory):
    """A copy of the project rendered by Quarto (the working tree is left as it is)."""
    project = tmp_path_factory.mktemp("render") / "project"
    ignore = shutil.ignore_patterns(".venv", ".git", "_site", ".quarto", "__pycache__")
    shutil.copytree(ROOT, project, ignore=ignore, symlinks=True)
    subprocess.run(["quarto", "render"], cwd=project, check=True)
    return project / "_site"


def test_every_page_passes_the_site_checks(rendered_site):
    """No console error, charts draw and re-theme, axe, links, no other host, home <= 1 MB."""
    reports = check_site(rendered_site)
    assert {report.path for report in reports} >= {"index.html", "research/index.html"}
    assert all(report.ok for report in reports), format_reports(reports)
