"""On the real render: a draft made by ``portfolio new-post`` is neither run nor shown, and
every derived link follows the repository (a GitHub remote here), or is left out when no
repository is known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio.verify.renders import project_copy, quarto_render

from conftest import DRAFT_TITLE, RENDER_SITE_URL, require_quarto

PUBLISHED_TO = ("search.json", "sitemap.xml", "blog/index.xml", "blog/index.html", "index.html")


def _site_files(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in site.rglob("*")
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}
    }


def test_a_draft_is_neither_run_nor_written_nor_listed(rendered_project):
    [draft] = [
        path
        for path in rendered_project.glob("blog/posts/*/index.ipynb")
        if DRAFT_TITLE in path.read_text(encoding="utf-8")
    ]
    cells = json.loads(draft.read_text(encoding="utf-8"))["cells"]
    assert [cell.get("outputs") for cell in cells if cell["cell_type"] == "code"]
    assert all(not cell.get("outputs") for cell in cells if cell["cell_type"] == "code")
    site = rendered_project / "_site"
    assert not (site / draft.parent.relative_to(rendered_project)).exists()
    files = _site_files(site)
    assert all(name in files for name in PUBLISHED_TO)
    assert [name for name, text in files.items() if DRAFT_TITLE in text] == []


def test_links_follow_the_github_remote(rendered_site):
    files = _site_files(rendered_site)
    tour = files["notebooks/tour.html"]
    assert "https://mybinder.org/v2/gh/example-owner/example-portfolio/main?" in tour
    assert "https://github.com/example-owner/example-portfolio/blob/main/" in tour
    assert f'property="og:image" content="{RENDER_SITE_URL}assets/cards/' in files["index.html"]
    assert f"<loc>{RENDER_SITE_URL}research/index.html</loc>" in files["sitemap.xml"]
    assert 'href="./blog/index.xml"' in files["index.html"]  # the feed's navbar icon
    assert [name for name, text in files.items() if "OWNER" in text] == []


@pytest.fixture(scope="module")
def unlinked_site(tmp_path_factory) -> Path:
    """A page of a copy that knows no repository (no settings, no git, no Actions)."""
    require_quarto()
    project = project_copy(tmp_path_factory.mktemp("unlinked") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("GITHUB_REPOSITORY", raising=False)
        result = quarto_render(project, args=["notebooks/tour.ipynb"])
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "_site"


def test_no_repository_known_leaves_every_derived_link_out(unlinked_site):
    tour = (unlinked_site / "notebooks" / "tour.html").read_text(encoding="utf-8")
    assert "OWNER" not in tour and "mybinder.org" not in tour
    assert 'href="https://github.com' not in tour
    assert "index.xml" not in tour  # no feed, so no navbar icon for it
    assert 'property="og:image" content="http' not in tour
    assert "Launch on Binder" not in tour and "View source" not in tour
    assert "Report an issue" not in tour and "About this page" in tour
