"""Links derived from the one repository setting, provenance, and the page header."""

from __future__ import annotations

import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from helpers import REPO_URL, make_project

from portfolio.authoring import cli
from portfolio.build.sitemeta import site_metadata_text
from portfolio.data.load import load_portfolio
from portfolio.pages.header import PageHeader, page_header
from portfolio.pages.provenance import provenance, provenance_html, provenance_text
from portfolio.project.links import (
    LinkError,
    PageLinks,
    page_links,
    project_root,
    repo_settings,
    root_prefix,
    site_url,
)

NOTEBOOK = "research/some-paper/index.ipynb"


def _project(tmp_path: Path, website: str) -> Path:
    root = make_project(tmp_path / "site")
    (root / "_quarto.yml").write_text(
        f"project:\n  type: website\nwebsite:\n{website}", encoding="utf-8"
    )
    return root


def _notebook(root: Path, relative: str = NOTEBOOK) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}", encoding="utf-8")
    return path


def test_project_root_is_the_nearest_folder_with_quarto_yml(tmp_path, monkeypatch):
    root = make_project(tmp_path / "site")
    notebook = _notebook(root)
    monkeypatch.chdir(notebook.parent)
    assert project_root() == root.resolve()
    assert project_root(notebook.parent) == root.resolve()


def test_project_root_says_when_there_is_no_project(tmp_path):
    with pytest.raises(LinkError, match="no _quarto.yml"):
        project_root(tmp_path)


def test_repo_settings_read_url_and_branch(tmp_path):
    root = _project(
        tmp_path, "  repo-url: https://github.com/someone/their-site.git/\n  repo-branch: live\n"
    )
    settings = repo_settings(root)
    assert (settings.owner, settings.repo, settings.branch) == ("someone", "their-site", "live")
    assert settings.url == "https://github.com/someone/their-site"


def test_branch_defaults_to_main(tmp_path):
    assert repo_settings(make_project(tmp_path / "site")).branch == "main"


@pytest.mark.parametrize(
    ("website", "message"),
    [
        (
            "  repo-url: https://gitlab.com/someone/site\n",
            "must look like https://github.com/OWNER/REPO",
        ),
        ("  repo-url: https://github.com/someone\n", "must look like"),
    ],
)
def test_a_non_github_repo_url_is_a_clear_error(tmp_path, website, message):
    with pytest.raises(LinkError, match=message):
        repo_settings(_project(tmp_path, website))


def _git_project(tmp_path: Path, remote: str | None) -> Path:
    root = _project(tmp_path, "  title: x\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    if remote:
        subprocess.run(["git", "remote", "add", "origin", remote], cwd=root, check=True)
    return root


@pytest.fixture
def outside_actions(monkeypatch):
    """No GitHub Actions repository in the environment (CI on GitHub sets one)."""
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)


@pytest.mark.parametrize(
    "remote",
    [
        "https://github.com/some-one/their.site.git",
        "git@github.com:some-one/their.site.git",
        "ssh://git@github.com/some-one/their.site",
    ],
)
def test_repository_and_site_follow_a_github_remote(tmp_path, remote, outside_actions):
    root = _git_project(tmp_path, remote)
    settings = repo_settings(root)
    assert (settings.owner, settings.repo, settings.branch) == ("some-one", "their.site", "main")
    assert settings.source == "git remote origin"
    assert site_url(root) == "https://some-one.github.io/their.site/"


def test_a_user_site_repository_is_served_at_the_root(tmp_path, outside_actions):
    root = _git_project(tmp_path, "https://github.com/Some-One/some-one.github.io")
    assert site_url(root) == "https://some-one.github.io/"


def test_the_settings_win_over_the_remote(tmp_path, outside_actions):
    root = _git_project(tmp_path, "https://github.com/some-one/their-site")
    (root / "_quarto.yml").write_text(
        "website:\n  site-url: https://example.org/x\n  repo-url: https://github.com/a/b\n"
    )
    assert repo_settings(root).url == "https://github.com/a/b"
    assert site_url(root) == "https://example.org/x/"


def test_a_github_actions_run_names_its_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_REPOSITORY", "acting-owner/acted-site")
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    root = _git_project(tmp_path, "https://gitlab.com/someone/mirror.git")
    assert repo_settings(root).source == "GITHUB_REPOSITORY"
    assert site_url(root) == "https://acting-owner.github.io/acted-site/"


@pytest.mark.parametrize("remote", [None, "https://gitlab.com/someone/site.git"])
def test_nothing_known_leaves_the_links_out(tmp_path, remote, outside_actions, monkeypatch):
    root = _git_project(tmp_path, remote)
    assert repo_settings(root) is None and site_url(root) is None
    _notebook(root)
    assert page_links(NOTEBOOK, root) is None
    monkeypatch.chdir(root / NOTEBOOK.rsplit("/", 1)[0])
    text = page_header(NOTEBOOK, root).markdown()
    assert "page-links" not in text and "Binder" not in text and "OWNER" not in text
    website = yaml.safe_load(site_metadata_text(load_portfolio(root / "data").profile, root))
    assert {"site-url", "repo-url", "repo-actions", "navbar"}.isdisjoint(website["website"])


def test_known_urls_reach_the_site_metadata(tmp_path, outside_actions):
    root = _git_project(tmp_path, "git@github.com:some-one/their-site.git")
    website = yaml.safe_load(site_metadata_text(load_portfolio(root / "data").profile, root))
    website = website["website"]
    assert website["site-url"] == "https://some-one.github.io/their-site/"
    assert website["repo-url"] == "https://github.com/some-one/their-site"
    assert website["repo-actions"] == ["source", "issue"]
    assert website["navbar"]["right"][0]["href"] == "blog/index.xml"


def test_check_says_what_to_set_only_when_nothing_is_known(tmp_path, outside_actions, capsys):
    for remote, hint in ((None, True), ("https://github.com/a/b", False)):
        root = _git_project(tmp_path / str(hint), remote)
        assert cli.main(["check", "--data", str(root / "data"), "--as-of", "2026-11-24"]) == 0
        err = capsys.readouterr().err
        assert ("set website.repo-url and website.site-url" in err) is hint, err


def test_page_links_point_at_the_notebooks_own_path(tmp_path):
    root = make_project(tmp_path / "site")
    _notebook(root)
    links = page_links(NOTEBOOK, root)
    assert links == PageLinks(
        binder=f"https://mybinder.org/v2/gh/example-owner/example-repo/main?urlpath=lab/tree/{NOTEBOOK}",
        download=f"{REPO_URL}/raw/main/{NOTEBOOK}",
        source=f"{REPO_URL}/blob/main/{NOTEBOOK}",
    )
    assert page_links(root / NOTEBOOK, root) == links


def test_paths_and_branches_are_url_quoted(tmp_path):
    root = _project(tmp_path, f"  repo-url: {REPO_URL}\n  repo-branch: feature/new pages\n")
    _notebook(root, "notebooks/my notebook.ipynb")
    links = page_links("notebooks/my notebook.ipynb", root)
    assert links.binder.endswith(
        "/feature%2Fnew%20pages?urlpath=lab/tree/notebooks/my%20notebook.ipynb"
    )
    assert links.source == f"{REPO_URL}/blob/feature/new%20pages/notebooks/my%20notebook.ipynb"


def test_a_missing_or_outside_notebook_is_an_error(tmp_path):
    root = make_project(tmp_path / "site")
    with pytest.raises(LinkError, match="no notebook at research/typo/index.ipynb"):
        page_links("research/typo/index.ipynb", root)
    outside = _notebook(tmp_path, "elsewhere/index.ipynb")
    with pytest.raises(LinkError, match="not inside the project"):
        page_links(outside, root)


def test_provenance_records_this_python_and_utc_time():
    info = provenance(("pandas", "no-such-package-xyz"))
    assert info["python"] == platform.python_version()
    executed = datetime.fromisoformat(info["executed_at"])
    assert executed.utcoffset().total_seconds() == 0
    assert abs((datetime.now(UTC) - executed).total_seconds()) < 60
    assert info["packages"]["no-such-package-xyz"] == "not installed"
    assert provenance_text(info).startswith(f"Executed {executed:%Y-%m-%d %H:%M} UTC with Python ")


def test_page_header_shows_links_and_provenance_without_remote_images(tmp_path, monkeypatch):
    root = make_project(tmp_path / "site")
    monkeypatch.chdir(_notebook(root).parent)
    header = page_header(NOTEBOOK, root)
    text = str(header)
    assert text == header._repr_markdown_() == header.markdown()
    for label in ("Launch on Binder", "Download notebook", "View source"):
        assert label in text
    assert f'href="{page_links(NOTEBOOK, root).binder}"' in text
    assert f"Python {platform.python_version()}" in text
    assert "<img" not in text and "badge" not in text
    # provenance is for authors: collapsed, in a section Quarto moves to the page's end
    links, about = text.split('<section class="appendix page-about"')
    assert "Launch on Binder" in links and "Executed" not in links
    assert about.index("<details>") < about.index("Executed") < about.index("</details>")


def test_page_header_refuses_another_pages_path(tmp_path, monkeypatch):
    root = make_project(tmp_path / "site")
    _notebook(root)
    monkeypatch.chdir(_notebook(root, "blog/posts/other/index.ipynb").parent)
    with pytest.raises(LinkError, match="pass this notebook's own path"):
        page_header(NOTEBOOK)


def test_page_header_escapes_what_it_shows():
    links = PageLinks(
        binder='https://x/"><script>', download="https://x/?a=1&b=2", source="https://x/"
    )
    info = {"executed_at": "2026-01-02T03:04:05+00:00", "python": "3<12", "packages": {"a&b": "1"}}
    text = PageHeader(links, info).markdown()
    assert "<script>" not in text and "&quot;&gt;&lt;script&gt;" in text
    assert "a=1&amp;b=2" in text and "Python 3&lt;12, a&amp;b 1" in text
    assert provenance_html(info) in text


@pytest.mark.parametrize(
    ("folder", "prefix"), [(".", ""), ("blog", "../"), ("blog/posts/a-post", "../../../")]
)
def test_a_page_reaches_the_site_root_one_level_up_at_a_time(tmp_path: Path, folder, prefix):
    assert root_prefix(tmp_path / folder, tmp_path) == prefix
