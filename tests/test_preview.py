"""``portfolio preview`` follows the data; ``portfolio render`` and ``preview`` find Quarto
wherever it was installed."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from helpers import readme_command

from portfolio.authoring.preview import FIRST_PAGE, pages_to_render
from portfolio.build.drafts import output_page
from portfolio.project.quarto import QuartoNotFound, find_quarto
from portfolio.project.sources import draft_pages
from portfolio.verify.previews import PreviewRun

from conftest import DRAFT_TITLE, ENGINE, ROOT, replace_in


def test_the_page_that_shows_the_changed_file_renders_first():
    pages = pages_to_render(ROOT, [ROOT / "data" / "roles.yml"])
    assert pages[0] == "experience.qmd"
    assert sorted(pages) == sorted(pages_to_render(ROOT, []))
    assert len(pages) == len(set(pages)) and "index.qmd" in pages
    code = pages_to_render(ROOT, [ENGINE / "src" / "portfolio" / "charts" / "figures.py"])
    assert code[0] == "index.qmd"  # a code change renders every page, in the site's order
    for name, page in FIRST_PAGE.items():
        assert (ROOT / "data" / name).is_file() and (ROOT / page).is_file()


def test_output_of_a_source():
    assert output_page("research/x/index.ipynb") == "research/x/index.html"
    assert output_page("about.qmd") == "about.html"


def _executable(folder: Path) -> Path:
    folder.mkdir(parents=True)
    quarto = folder / "quarto"
    quarto.write_text("#!/bin/sh\n", encoding="utf-8")
    quarto.chmod(quarto.stat().st_mode | stat.S_IXUSR)
    return quarto


def test_quarto_is_found_on_path_or_beside_this_python(tmp_path):
    on_path, in_venv = _executable(tmp_path / "path"), _executable(tmp_path / "venv-bin")
    assert find_quarto(str(on_path.parent), in_venv.parent) == str(on_path)
    assert find_quarto(str(tmp_path / "empty"), in_venv.parent) == str(in_venv)
    with pytest.raises(QuartoNotFound, match="quarto.org"):
        find_quarto(str(tmp_path / "empty"), tmp_path / "empty")


@pytest.fixture
def preview_project(rendered_project: Path, tmp_path: Path) -> Path:
    """A copy of the rendered project (its site and frozen results too), so the preview
    starts from an up-to-date site and the shared render is left untouched."""
    if shutil.which("quarto") is None and not os.environ.get("CI"):
        pytest.skip("needs the quarto binary on PATH")
    return Path(shutil.copytree(rendered_project, tmp_path / "project", symlinks=True))


def test_a_data_edit_reaches_the_served_page_and_stop_ends_everything(preview_project):
    """The README's preview command: drafts shown, a broken data file reported as
    FILE:LINE, the fixed one on the page, and SIGTERM leaves nothing running."""
    run = PreviewRun(preview_project, readme_command("Render and preview", "preview"))
    run.start()
    try:
        [draft] = [p for p in draft_pages(preview_project) if DRAFT_TITLE in p.read_text("utf-8")]
        draft_page = output_page(draft.relative_to(preview_project).as_posix())
        assert DRAFT_TITLE in (run.fetch(draft_page) or ""), "the preview shows drafts"
        roles = preview_project / "data" / "roles.yml"
        line = replace_in(roles, "  title: ", '  title: "')  # a quote never closed
        problem = run.wait_for_output("not valid YAML")
        assert f"roles.yml:{line}:" in problem and "Traceback" not in run.log()
        replace_in(roles, '  title: "', "  title: Previewed ")
        run.seconds_until("experience.html", "Previewed ")
        served = run.fetch("experience.html")  # Quarto's reload script runs: no policy
        assert "quarto-preview.js" in served and "Content-Security-Policy" not in served
        assert "Traceback" not in run.log()
    finally:
        left = run.stop()
    assert left == [], f"still running after SIGTERM: {left}"
    assert run.process.returncode == 0, run.log()
