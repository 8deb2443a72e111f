"""``portfolio preview`` follows the data; ``portfolio render`` and ``preview`` find Quarto
wherever it was installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import readme_command

from portfolio.authoring import preview
from portfolio.authoring.preview import (
    FIRST_PAGE,
    PageEdits,
    RenderQueue,
    page_text,
    pages_to_render,
)
from portfolio.build.drafts import output_page
from portfolio.project.quarto import QuartoNotFound, find_quarto
from portfolio.project.sources import draft_pages, site_pages
from portfolio.project.targets import SECTION_DATA, is_paper_source
from portfolio.verify.previews import PreviewRun

from conftest import DRAFT_TITLE, ENGINE, ROOT, replace_in


def _pages(*names: str, viewed: str | None = None) -> list[str]:
    return pages_to_render(ROOT, [ROOT / "data" / name for name in names], viewed)


def test_a_data_edit_renders_the_pages_that_show_the_file_and_no_other():
    every = [page.relative_to(ROOT).as_posix() for page in site_pages(ROOT)]
    roles = _pages("roles.yml")
    assert roles[0] == "experience.qmd" and len(roles) == len(set(roles))
    assert {"index.qmd", "notebooks/tour.ipynb"} <= set(roles)  # the home page, a notebook
    assert not {"press.qmd", "about.qmd", "research/index.qmd"} & set(roles)
    assert not [page for page in roles if is_paper_source(page)]
    press = _pages("press.yml", viewed="index.qmd")
    assert press[:2] == ["index.qmd", "press.qmd"] and "experience.qmd" not in press
    assert _pages("roles.yml", viewed="about.qmd")[0] == "experience.qmd"  # not shown there
    papers = _pages("publications.yml")
    assert {"research/index.qmd", "research/vlm-identity-consistency/index.ipynb"} <= set(papers)
    assert sorted(_pages("profile.yml")) == sorted(every)  # the title and footer of each page
    code = pages_to_render(ROOT, [ENGINE / "src" / "portfolio" / "charts" / "figures.py"])
    assert code == every  # a code change renders every page, in the site's order
    for name, page in FIRST_PAGE.items():
        assert (ROOT / "data" / name).is_file() and (ROOT / page).is_file()


def test_every_section_page_says_which_data_it_shows():
    pages = {page.relative_to(ROOT).as_posix() for page in site_pages(ROOT)}
    assert set(SECTION_DATA) == {page for page in pages if page.endswith(".qmd")}
    files = {name for shown in SECTION_DATA.values() for name in shown or ()}
    assert files <= {path.name for path in (ROOT / "data").glob("*.yml")}


@dataclass
class FakePreview:
    """Records the pages it is asked to render."""

    rendered: list[str] = field(default_factory=list)
    viewed: str | None = None

    def render(self, page: str) -> bool:
        self.rendered.append(page)
        return True


def _worked_off(queue: RenderQueue, count: int) -> list[str]:
    worker = threading.Thread(target=queue.work, daemon=True)
    worker.start()
    deadline = time.monotonic() + 10
    while len(queue.preview.rendered) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    queue.stop()
    worker.join(5)
    return queue.preview.rendered


def test_pages_in_sight_render_at_once_the_others_when_the_author_pauses(monkeypatch):
    monkeypatch.setattr(preview, "IDLE_SECONDS", 0.3)
    queue = RenderQueue(FakePreview())
    queue.add(["experience.qmd"], ["index.qmd", "experience.qmd", "blog/x/index.ipynb"])
    queue.add(["about.qmd"], ["index.qmd"])  # a newer change: index.qmd still renders once
    started = time.monotonic()
    rendered = _worked_off(queue, 4)
    assert rendered == ["about.qmd", "experience.qmd", "index.qmd", "blog/x/index.ipynb"]
    assert time.monotonic() - started >= 0.3  # index.qmd waited for the pause


def test_a_notebook_given_outputs_by_a_render_is_not_an_edit(tmp_path):
    notebook = tmp_path / "index.ipynb"
    cells = [{"cell_type": "code", "source": "x = 1\nx", "outputs": [], "metadata": {}}]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    edits = PageEdits({notebook: page_text(notebook)})
    cells[0] |= {"source": ["x = 1\n", "x"], "outputs": [{"output_type": "stream"}]}
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert edits.edited([notebook]) == []
    cells[0]["source"] = "x = 2"
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert edits.edited([notebook]) == [notebook]
    assert edits.edited([notebook]) == []  # seen


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


def _rendered(run: PreviewRun) -> Counter:
    """How many times the preview asked Quarto to render each page."""
    return Counter(
        m[1] for line in run.output if (m := re.match(r"preview: (\S+) rendered in", line))
    )


def test_interleaved_edits_each_reach_the_open_page_and_render_only_what_shows_them(
    preview_project,
):
    """As the author works: a role's title edited, the page edited, again, then three data
    edits in a row; each is on the open page, and no page that does not show roles.yml is
    rendered, nor a page out of sight once per edit."""
    run = PreviewRun(preview_project)
    run.start()
    roles, page = preview_project / "data" / "roles.yml", preview_project / "experience.qmd"
    try:
        tab = run.open("experience.html")
        for turn in range(2):
            replace_in(roles, "  title: ", f"  title: Datum{turn} ")
            tab.seconds_until(f"Datum{turn} ", 120)
            with page.open("a", encoding="utf-8") as source:
                source.write(f"\nParagraph{turn} added.\n")
            tab.seconds_until(f"Paragraph{turn} added.", 120)
        for word in ("Burst0", "Burst1", "Burst2"):
            replace_in(roles, "  title: ", f"  title: {word} ")
        tab.seconds_until("Burst2 Burst1 Burst0 ", 120)
        run.wait_for_output("preview: index.qmd rendered", 180)  # once the author pauses
    finally:
        left = run.stop()
    assert left == [], f"still running after SIGTERM: {left}"
    rendered = _rendered(run)
    assert set(rendered) <= set(pages_to_render(preview_project, [roles])), rendered
    assert "press.qmd" not in rendered and "about.qmd" not in rendered
    assert rendered["index.qmd"] < 5, rendered  # out of sight: not once per data edit
    assert "Traceback" not in run.log()
