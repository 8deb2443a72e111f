"""Chart frames drawn while Quarto renders, on the core the render leaves idle.

The post-render step gives every chart its first frames (``portfolio.build.frames``), and
drawing them all at the end of a whole-site render takes seconds. Most charts are known long
before the end: a section page's once the pre-render step has written its text
(``_generated/pages/``), a notebook's once Quarto stores its results
(``_freeze/<page>/execute-results/html.json``), while Quarto goes on with the other pages.

In a whole-site render, the pre-render step starts this drawer in the background (``start``).
It watches those files and draws their charts' missing frames into the post-render step's
frame cache, under the names that step gives them (each file written whole, by rename). The
post-render step stops it (``stop``: it finishes the file under way) and then draws whatever
is still missing, so the drawer moves work earlier and decides nothing. It also ends when
the Quarto process that started it is gone, or after ``LIFETIME``. A preview or a render of
some pages starts none; neither does a machine without Chromium (the post-render step says
so). What it printed is in ``.quarto/portfolio-postrender/drawahead.log``.

    python -m portfolio.build.drawahead PROJECT QUARTO_PID    (started by the pre-render step)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from portfolio.build import frames
from portfolio.build.context import CACHE, POSTRENDER_CACHE, SECTION_TEXT, BuildContext
from portfolio.build.freeze import FREEZE_DIR
from portfolio.build.markup import MarkupNotFound, Page

#: Seconds between two looks at the files that hold charts.
POLL = 0.1
#: Seconds after which a drawer ends whatever happens (a render takes a minute or two).
LIFETIME = 30 * 60
#: Seconds ``stop`` waits for the file under way before it ends the drawer.
STOP_WAIT = 20
#: The drawer's scheduling priority below the render's (``nice``): it uses the core Quarto
#: leaves idle, not the one Quarto needs.
NICENESS = 10
PID_FILE, STOP_FILE, LOG_FILE = "drawahead.pid", "drawahead.stop", "drawahead.log"


def start(context: BuildContext, quarto_pid: int) -> subprocess.Popen | None:
    """Start a drawer for a whole-site render that Quarto (``quarto_pid``) runs; return it.
    None in a preview, a render of some pages, or without a browser to draw with."""
    if not context.full_render:
        return None
    try:
        frames.check_browser()
    except frames.FramesUnavailable:
        return None
    folder = context.cache / POSTRENDER_CACHE
    stop(folder)
    folder.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", __name__, str(context.project), str(quarto_pid)]
    with (folder / LOG_FILE).open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
    (folder / PID_FILE).write_text(str(process.pid), encoding="utf-8")
    return process


def stop(folder: Path) -> None:
    """Stop the drawer whose files are in ``folder`` (the post-render step's cache), if one
    runs: it finishes the file it is drawing (waited for, up to ``STOP_WAIT`` s) and ends.
    The drawer removes its pid file when it is done; an ended drawer may stay a zombie (its
    parent, the pre-render step, is gone), so its process is not waited for."""
    pid_file, stop_file = folder / PID_FILE, folder / STOP_FILE
    try:
        pid = int(pid_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    stop_file.touch()
    deadline = time.monotonic() + STOP_WAIT
    while pid_file.is_file() and _running(pid, __name__):
        if time.monotonic() > deadline:
            psutil.Process(pid).kill()
            break
        time.sleep(0.02)
    pid_file.unlink(missing_ok=True)
    stop_file.unlink(missing_ok=True)


def _running(pid: int, command: str | None = None) -> bool:
    """Whether process ``pid`` runs (not ended, not a zombie), with ``command`` among its
    arguments when given (a pid may have been reused)."""
    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and (
            command is None or command in process.cmdline()
        )
    except psutil.Error:
        return False


def chart_sources(project: Path) -> Iterator[Path]:
    """The files that hold a page's charts before Quarto writes the page."""
    yield from sorted((project / SECTION_TEXT).rglob("*.md"))
    yield from sorted((project / FREEZE_DIR).glob("**/execute-results/html.json"))


def source_frames(path: Path) -> list[frames.Frame] | None:
    """The frames of the charts ``path`` holds; None when it cannot be read (yet: Quarto may
    be writing it)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            text = json.loads(text)["result"]["markdown"]
        charts = frames.page_charts(Page(text))
    except (OSError, ValueError, KeyError, TypeError, MarkupNotFound):
        return None
    return [frame for chart in charts for frame in frames.chart_frames(chart)]


def watch(
    project: Path, draw: Callable[[list[frames.Frame]], int], going: Callable[[], bool]
) -> int:
    """Draw the frames of every chart source that is new or changed, each with ``draw``,
    until ``going()`` is false; return how many were drawn."""
    seen: dict[Path, int] = {}
    drawn = 0
    while going():
        for path in chart_sources(project):
            try:
                stamp = path.stat().st_mtime_ns
            except OSError:
                continue
            if seen.get(path) == stamp or (found := source_frames(path)) is None:
                continue
            seen[path] = stamp
            drawn += draw(found)
            if not going():
                break
        time.sleep(POLL)
    return drawn


def main(argv: list[str] | None = None) -> int:
    """Draw ahead for the project until stopped (see the module's text)."""
    project, quarto_pid = (argv or sys.argv[1:])[:2]
    project = Path(project)
    folder = project / CACHE / POSTRENDER_CACHE
    deadline = time.monotonic() + LIFETIME

    def going() -> bool:
        return (
            not (folder / STOP_FILE).exists()
            and _running(int(quarto_pid))
            and time.monotonic() < deadline
        )

    if hasattr(os, "nice"):
        os.nice(NICENESS)  # Quarto's render comes first (Chromium inherits it)
    try:
        drawn = _draw_ahead(project, folder / frames.CACHE_DIR, going)
        print(f"drawahead: drew {drawn} chart frames")
    except frames.FramesUnavailable as exc:
        print(f"drawahead: {exc}")
    finally:
        (folder / PID_FILE).unlink(missing_ok=True)
    return 0


def _draw_ahead(project: Path, cache: Path, going: Callable[[], bool]) -> int:
    """Watch and draw (``watch``) with one browser; 0 without plotly.js in the project."""
    tools = frames.Tools.of(project)
    if tools is None:
        return 0
    with frames.Painter(tools) as painter:
        return watch(project, lambda found: painter.draw(found, cache), going)


if __name__ == "__main__":
    sys.exit(main())
