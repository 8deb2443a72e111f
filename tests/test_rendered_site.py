"""The real render, checked in a browser: a fresh copy of the project rendered by Quarto.

Quarto comes from PATH (``.ci/run`` puts ``../shared/tools/quarto`` there when none is
installed). Without it the test is skipped on a developer's machine and fails in CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from portfolio.sitecheck import check_site, format_reports

from conftest import ROOT

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "node_modules", "_site", ".quarto", "_freeze", "__pycache__", "_*.local"
)


@pytest.fixture(scope="module")
def rendered_site(tmp_path_factory):
    """A copy of the project rendered by Quarto with this Python (the working tree is kept)."""
    if shutil.which("quarto") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must render the site: put Quarto on PATH (see .ci/run)")
        pytest.skip("needs the quarto binary on PATH (../shared/tools/quarto on this team)")
    project = tmp_path_factory.mktemp("render") / "project"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE, symlinks=True)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    env = {**os.environ, "QUARTO_PYTHON": sys.executable}
    result = subprocess.run(
        ["quarto", "render"], cwd=project, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "_site"


def test_every_page_passes_the_site_checks(rendered_site):
    """No other host, no console error, charts draw and re-theme, axe, links, weight."""
    reports = check_site(rendered_site)
    assert {report.path for report in reports} >= {"index.html", "research/index.html"}
    assert all(report.ok for report in reports), format_reports(reports)
