"""Chart frames drawn during the render: the drawer finds the charts where the pre-render step
and Quarto keep them before the pages exist, draws each under the name the post-render step
gives it, and ends when it is stopped or when Quarto is gone; in the real render it drew
frames and left nothing running."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psutil
import pytest

from portfolio.build import assets, drawahead, frames
from portfolio.build.context import CACHE, POSTRENDER_CACHE, SECTION_TEXT, BuildContext
from portfolio.build.markup import Page
from portfolio.charts import page_charts
from portfolio.data.load import load_portfolio

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 24)
FREEZE_RESULT = Path("_freeze", "blog", "post", "index", "execute-results", "html.json")


def _charts() -> list:
    return page_charts.all_charts(load_portfolio(ROOT / "data", as_of=AS_OF), AS_OF)[:2]


def _raw(html: str) -> str:
    """Chart HTML as a page's markdown holds it (a section page's, a notebook's output)."""
    return f"::: {{.cell-output}}\n```{{=html}}\n{html}```\n:::\n"


def _project(tmp_path: Path) -> Path:
    """A project with plotly.js and the templates, a section page's text with one chart and
    a notebook's stored results with the other."""
    project = tmp_path / "project"
    assets.copy_plotly(project)
    assets.write_templates(project)
    first, second = _charts()
    (project / SECTION_TEXT).mkdir(parents=True)
    (project / SECTION_TEXT / "index.md").write_text(_raw(first.to_html()))
    _store_result(project, second.to_html())
    return project


def _store_result(project: Path, html: str) -> None:
    path = project / FREEZE_RESULT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"hash": "x", "result": {"markdown": _raw(html)}}))


def test_the_frames_found_ahead_are_those_the_page_will_need(tmp_path):
    project = _project(tmp_path)
    tools = frames.Tools.of(project)
    sources = list(drawahead.chart_sources(project))
    assert sources == [project / SECTION_TEXT / "index.md", project / FREEZE_RESULT]
    found = {f.file_name(tools) for path in sources for f in drawahead.source_frames(path)}
    page = Page("<html><body>" + "".join(chart.to_html() for chart in _charts()) + "</body></html>")
    needed = {
        f.file_name(tools) for chart in frames.page_charts(page) for f in frames.chart_frames(chart)
    }
    assert found == needed and len(needed) == 2 * len(frames.THEMES) * len(frames.WIDTHS)


def test_a_result_quarto_is_still_writing_is_read_again_later(tmp_path):
    project = _project(tmp_path)
    text = (project / FREEZE_RESULT).read_text()
    (project / FREEZE_RESULT).write_text(text[: len(text) // 2])
    assert drawahead.source_frames(project / FREEZE_RESULT) is None
    drawn: list[str] = []
    rounds = iter(range(4))

    def going() -> bool:
        round_ = next(rounds, None)
        if round_ == 2:  # Quarto finishes the file
            (project / FREEZE_RESULT).write_text(text)
        return round_ is not None

    count = drawahead.watch(project, lambda found: drawn.append(found[0].name) or 1, going)
    assert drawn == ["career-timeline", _charts()[1].name] and count == 2


def test_a_changed_source_is_drawn_again_and_an_unchanged_one_is_not(tmp_path):
    project = _project(tmp_path)
    drawn: list[str] = []
    rounds = iter(range(4))

    def going() -> bool:
        round_ = next(rounds, None)
        if round_ == 2:
            _store_result(project, _charts()[0].to_html())
        return round_ is not None

    drawahead.watch(project, lambda found: drawn.append(found[0].name) or 0, going)
    first, second = (chart.name for chart in _charts())
    assert drawn == [first, second, first]


def test_no_drawer_in_a_preview_or_for_some_pages(tmp_path):
    for preview, render_all in ((True, True), (False, False)):
        context = BuildContext(tmp_path, tmp_path / "_site", preview, render_all)
        assert drawahead.start(context, 1) is None
    assert not (tmp_path / CACHE).exists()


def test_stopping_leaves_a_process_that_is_not_the_drawer_alone(tmp_path):
    folder = tmp_path / POSTRENDER_CACHE
    folder.mkdir()
    (folder / drawahead.PID_FILE).write_text(str(psutil.Process().pid))
    started = time.monotonic()
    drawahead.stop(folder)
    assert time.monotonic() - started < 1 and psutil.Process().is_running()
    assert list(folder.iterdir()) == []
    drawahead.stop(folder)  # none running: nothing to do


def _start(project: Path, quarto: subprocess.Popen) -> subprocess.Popen:
    context = BuildContext(project, project / "_site", render_all=True)
    drawer = drawahead.start(context, quarto.pid)
    assert drawer is not None
    return drawer


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _quarto() -> subprocess.Popen:
    """A process that stands for Quarto (the drawer watches that it lives)."""
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])


@pytest.mark.browser
def test_the_drawer_draws_ahead_and_the_post_render_step_stops_it(tmp_path):
    project = _project(tmp_path)
    folder = project / CACHE / POSTRENDER_CACHE
    cache = folder / frames.CACHE_DIR
    quarto = _quarto()
    try:
        drawer = _start(project, quarto)
        _wait_for(lambda: len(list(cache.glob("*.svg"))) == 12)
        tools = frames.Tools.of(project)
        third = _charts()[0].to_html().replace('data-chart="career-timeline"', 'data-chart="x"')
        _store_result(project, third)  # a notebook ran: its chart is drawn too
        _wait_for(lambda: any(cache.glob("x-*.svg")))
        drawahead.stop(folder)
        assert drawer.wait(5) == 0
        assert not (folder / drawahead.PID_FILE).exists()
        assert not (folder / drawahead.STOP_FILE).exists()
        assert "drew 18 chart frames" in (folder / drawahead.LOG_FILE).read_text()
        names = {p.name for p in cache.glob("*.svg")}
        assert all(
            f.file_name(tools) in names for f in drawahead.source_frames(project / FREEZE_RESULT)
        )
        assert all(p.read_text().startswith("<svg") for p in cache.glob("*.svg"))
    finally:
        quarto.kill()


@pytest.mark.browser
def test_the_drawer_ends_when_quarto_is_gone(tmp_path):
    project = _project(tmp_path)
    folder = project / CACHE / POSTRENDER_CACHE
    quarto = _quarto()
    drawer = _start(project, quarto)
    _wait_for(lambda: len(list((folder / frames.CACHE_DIR).glob("*.svg"))) == 12)
    quarto.kill()
    quarto.wait()
    assert drawer.wait(10) == 0
    assert not (folder / drawahead.PID_FILE).exists()


def test_in_the_real_render_the_drawer_drew_and_left_nothing_running(rendered_project):
    folder = rendered_project / CACHE / POSTRENDER_CACHE
    tools = frames.Tools.of(rendered_project)
    ahead = {
        frame.file_name(tools)
        for source in drawahead.chart_sources(rendered_project)
        for frame in drawahead.source_frames(source) or []
    }
    shown = {path.name for path in (rendered_project / "_site" / frames.FRAMES).glob("*.svg")}
    assert len(ahead) > 60 and ahead <= shown  # what it draws is what the pages show
    log = (folder / drawahead.LOG_FILE).read_text()
    assert log.startswith("drawahead: drew ") and not log.startswith("drawahead: drew 0 ")
    assert not (folder / drawahead.PID_FILE).exists()
    running = [
        p
        for p in psutil.process_iter(["cmdline"])
        if drawahead.__name__ in (p.info["cmdline"] or [])
        and str(rendered_project) in p.info["cmdline"]
    ]
    assert running == []
