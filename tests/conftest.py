"""Shared fixtures: the real data, writable copies of it, and the real render of the site."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import nbformat
import pytest
from helpers import readme_command

from portfolio.authoring.gitfilter import install_filter
from portfolio.authoring.init import init_site
from portfolio.authoring.new_page import new_paper, new_post
from portfolio.build import chromium
from portfolio.data.load import load_portfolio
from portfolio.data.models import Portfolio
from portfolio.verify.renders import project_copy

ROOT = Path(__file__).resolve().parents[1]
#: The engine's source tree (its pyproject.toml, npm files, benchmarks, scripts).
ENGINE = ROOT / "engine"
DATA = ROOT / "data"
#: A second, fictional researcher's data: the site must build from it with no code change.
OTHER_DATA = ROOT / "tests" / "fixtures" / "other-researcher" / "data"
AS_OF = date(2026, 11, 24)
#: Fixtures that render with Quarto: a test using one is marked ``quarto``.
RENDERING_FIXTURES = {"rendered_project", "rendered_site", "other_rendered_site", "unlinked_site"}
#: What the fast loop leaves out (pytest.ini names the markers).
NOT_FAST = ("quarto", "browser", "slow")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        help="run only the tests that need neither Quarto nor Chromium (under a minute); "
        "Quarto and Chromium are hidden, so a test that needs them unmarked fails",
    )


def pytest_configure(config: pytest.Config) -> None:
    """In the fast loop, hide Quarto (off PATH) and Chromium (a path that does not exist)."""
    if not config.getoption("--fast"):
        return
    folders = os.environ["PATH"].split(os.pathsep)
    kept = [folder for folder in folders if not (Path(folder) / "quarto").exists()]
    os.environ["PATH"] = os.pathsep.join(kept)
    os.environ["PORTFOLIO_CHROMIUM"] = chromium.CHROMIUM = "/nonexistent/fast-loop/chromium"
    os.environ["PORTFOLIO_FAST_LOOP"] = "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that use a rendered site ``quarto``; in the fast loop, deselect every
    test marked ``quarto``, ``browser`` or ``slow``."""
    for item in items:
        if RENDERING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.quarto)
    if not config.getoption("--fast"):
        return
    fast = [item for item in items if not any(item.get_closest_marker(m) for m in NOT_FAST)]
    config.hook.pytest_deselected(items=[item for item in items if item not in fast])
    items[:] = fast


@pytest.fixture(scope="session")
def portfolio() -> Portfolio:
    """The real career data, with "present" fixed to ``AS_OF``."""
    return load_portfolio(DATA, as_of=AS_OF)


@pytest.fixture(scope="session")
def other() -> Portfolio:
    """The fictional researcher's data (tests/fixtures), with "present" fixed to ``AS_OF``."""
    return load_portfolio(OTHER_DATA, as_of=AS_OF)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/``."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Edit a data file in place; return the 1-based line where ``old`` was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def require_quarto() -> None:
    """Skip the calling test without Quarto on a developer's machine; fail it in CI and in
    the fast loop (the test is not marked ``quarto``)."""
    if shutil.which("quarto") is None:
        if os.environ.get("PORTFOLIO_FAST_LOOP"):
            pytest.fail("this test renders with Quarto: mark it @pytest.mark.quarto")
        if os.environ.get("CI"):
            pytest.fail("CI must render the site: put Quarto on PATH (see .ci/run)")
        pytest.skip("needs the quarto binary on PATH (../shared/tools/quarto on this team)")


#: Each rendered project's render log (stdout and stderr), for the checks of what it says.
RENDER_LOGS: dict[Path, str] = {}


def quarto_render(project: Path, env: dict[str, str] | None = None) -> Path:
    """Render ``project`` with the quarto on PATH and this Python (or the ``portfolio`` of
    the environment ``env`` puts first on PATH); return its ``_site``. The log is kept in
    ``RENDER_LOGS``.

    Without quarto the calling test is skipped on a developer's machine and fails in CI.
    """
    require_quarto()
    command = readme_command("Render and preview", "render")  # as the README writes it
    if env:
        command[0] = shutil.which("portfolio", path=env["PATH"])
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    RENDER_LOGS[project] = result.stdout + result.stderr
    assert result.returncode == 0, RENDER_LOGS[project][-4000:]
    return project / "_site"


def git_snapshot(project: Path) -> Path:
    """Make ``project`` a git repository with the notebook filter, everything committed."""

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    install_filter(project)
    git("add", "-A")
    git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "copy")
    return project


#: The GitHub repository the rendered copy's ``origin`` names: its links derive from it.
RENDER_REMOTE = "https://github.com/example-owner/example-portfolio.git"
RENDER_SITE_URL = "https://example-owner.github.io/example-portfolio/"
#: A draft the rendered copy holds, made by ``portfolio new-post``: the site must not show it.
DRAFT_TITLE = "An unfinished draft"


@pytest.fixture(scope="session")
def rendered_project(tmp_path_factory) -> Path:
    """A fresh copy of the project with a draft post, committed to its own git repository
    whose ``origin`` is on GitHub, then rendered."""
    project = project_copy(tmp_path_factory.mktemp("render") / "project")
    new_post(DRAFT_TITLE, ["drafts"], AS_OF, "Not ready to be read.", root=project)
    git_snapshot(project)
    subprocess.run(["git", "remote", "add", "origin", RENDER_REMOTE], cwd=project, check=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("GITHUB_REPOSITORY", raising=False)
        quarto_render(project)
    return project


@pytest.fixture(scope="session")
def rendered_site(rendered_project) -> Path:
    """The rendered site of that copy (the working tree is left as it is)."""
    return rendered_project / "_site"


#: Pages ``make_it_yours`` starts for the fictional researcher with ``portfolio new-paper``.
OTHER_PAPER_PAGES = ("situated-listening", "first-steps")
OTHER_POST = "Premiers pas: notes <b>fictives</b> & more"
OTHER_URLS = (
    "  site-url: https://fictional-owner.github.io/fictional-site/\n"
    "  repo-url: https://github.com/fictional-owner/fictional-site\n"
)


def make_it_yours(project: Path, data: Path = OTHER_DATA) -> Path:
    """A new researcher's steps: ``portfolio init``, their own ``data/`` in place of the
    starter's, their site and repository URLs, pages started for their papers and a post."""
    init_site(project, AS_OF)
    shutil.rmtree(project / "data")
    shutil.copytree(data, project / "data")
    config = project / "_quarto.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("\nwebsite:\n", f"\nwebsite:\n{OTHER_URLS}", 1),
        encoding="utf-8",
    )
    for paper_id in OTHER_PAPER_PAGES:
        new_paper(paper_id, root=project)
    post = new_post(OTHER_POST, ["fiction"], AS_OF, "A fictional first post.", root=project)
    notebook = nbformat.read(post, as_version=4)
    notebook.cells[0].source = notebook.cells[0].source.replace("draft: true\n", "")  # publish
    nbformat.write(notebook, post)
    return project


@pytest.fixture(scope="session")
def other_project(tmp_path_factory) -> Path:
    """The fictional researcher's site, made with ``portfolio init`` and their data."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", AS_OF.isoformat())
        return make_it_yours(tmp_path_factory.mktemp("other") / "project")


@pytest.fixture(scope="session")
def other_rendered_site(other_project: Path) -> Path:
    """The fictional researcher's site, rendered by Quarto with "present" fixed to AS_OF."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PORTFOLIO_AS_OF", AS_OF.isoformat())
        patch.delenv("PORTFOLIO_DATA", raising=False)
        patch.delenv("GITHUB_REPOSITORY", raising=False)  # their settings, not the run's
        return quarto_render(other_project)
