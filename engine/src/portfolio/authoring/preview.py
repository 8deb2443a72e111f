"""``portfolio preview``: Quarto's live preview, following ``data/`` and the package too.

``quarto preview`` re-renders a page when the page changes, but not when the data or the
code it runs changes, and it takes the outputs a render writes into a notebook for an edit
(one render more). This command runs ``quarto preview --no-watch-inputs`` and watches the
pages, ``data/`` and the package with ``watchfiles``. A page the author edits is rendered at
once (a notebook that only got new outputs is not edited). On a data or code change it
checks the data (problems are printed as ``FILE:LINE:`` and nothing is rendered until they
are fixed), runs the pre-render step, then renders the pages that show the changed file
(``portfolio.project.targets``; every page for a change to the package): the one the browser
shows and the one that shows the file first at once, the others once the author pauses
(``RenderQueue``). Pages are rendered through the request Quarto's IDE integrations send
(``GET /<RENDER_REQUEST>/<page>``), one at a time: Quarto's output passes through this
command, and the next page is asked for when Quarto says the last one is written (it
reloads the browser then). Drafts are run and shown (``portfolio.build.drafts``). Ctrl-C or
SIGTERM stops Quarto and every process it started, the kernels it keeps up for the section
pages included (``portfolio.build.pagemeta``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import FrameType
from urllib.parse import quote, urlsplit

import psutil
import watchfiles

from portfolio.build import prerender
from portfolio.build.context import PREVIEW_ENV, build_context
from portfolio.build.csp import remove_policy
from portfolio.build.drafts import output_page
from portfolio.data.load import read_portfolio
from portfolio.project.quarto import (
    SESSION_ENV,
    find_quarto,
    free_port,
    quarto_env,
    session_processes,
)
from portfolio.project.sources import site_pages
from portfolio.project.targets import shows_data

#: The path of Quarto's preview render request (``previewRenderRequest`` in quarto-cli).
RENDER_REQUEST = "90B3C9E8-0DBC-4BC0-B164-AA2D5C031B28"
#: The page that shows each data file first, when the browser shows none of them.
FIRST_PAGE = {
    "profile.yml": "index.qmd",
    "roles.yml": "experience.qmd",
    "patents.yml": "research/index.qmd",
    "publications.yml": "research/index.qmd",
    "reviewing.yml": "research/index.qmd",
    "press.yml": "press.qmd",
}
PACKAGE = Path(__file__).resolve().parents[1]
RENDER_TIMEOUT = 300.0
PAGE_SUFFIXES = (".qmd", ".ipynb")
#: How long the author makes no change before the pages out of sight are rendered.
IDLE_SECONDS = 20.0
#: What Quarto prints when it wrote a page, when the browser asks for one, and on an error.
CREATED, REQUESTED, FAILED = "Output created: ", "GET: ", "ERROR"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def pages_to_render(root: Path, changed: Iterable[Path], viewed: str | None = None) -> list[str]:
    """The pages (drafts too: the author previews them, relative to ``root``) that show a
    changed data file, every page when anything else changed (the package); first those
    of ``first_pages``."""
    pages = [page.relative_to(root).as_posix() for page in site_pages(root)]
    changed = list(changed)
    data = root / "data"
    if all(path.is_relative_to(data) for path in changed):
        names = {path.name for path in changed}
        pages = [page for page in pages if any(shows_data(page, name) for name in names)]
    first = [page for page in first_pages(changed, viewed) if page in pages]
    return first + [page for page in pages if page not in first]


def first_pages(changed: Iterable[Path], viewed: str | None = None) -> list[str]:
    """The pages to render first after a change: the one the browser shows (``viewed``),
    and the one that shows each changed data file first."""
    return list(dict.fromkeys(filter(None, [viewed, *(FIRST_PAGE.get(p.name) for p in changed)])))


def _output_path(line: str) -> str | None:
    """The output a line of Quarto's (colours removed) says was created, as printed."""
    return line.removeprefix(CREATED).strip() if line.startswith(CREATED) else None


def _requested_page(line: str) -> str | None:
    """The HTML page a ``GET: /path`` line of Quarto's names (``/`` is ``index.html``)."""
    if not line.startswith(REQUESTED):
        return None
    path = urlsplit(line.removeprefix(REQUESTED).strip()).path.lstrip("/")
    path = path + "index.html" if not path or path.endswith("/") else path
    return path if path.endswith(".html") else None


@dataclass
class QuartoPreview:
    """``quarto preview`` of the project at ``root``, in its own process group; its output
    passes through this process, which notes the pages Quarto wrote and the browser asked
    for."""

    root: Path
    port: int
    browser: bool = True
    process: subprocess.Popen | None = None
    #: The outputs Quarto said it wrote, in order.
    created: list[Path] = field(default_factory=list)
    #: How many errors Quarto reported.
    errors: int = 0
    #: The page the browser asked for last (its source, relative to ``root``).
    viewed: str | None = None
    events: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        """Start Quarto's preview server (it renders what is out of date first)."""
        command = [find_quarto(), "preview", "--port", str(self.port), "--no-navigate"]
        command += ["--no-watch-inputs"]  # the queue renders edited pages (one render each)
        command += [] if self.browser else ["--no-browser"]
        env = quarto_env() | {PREVIEW_ENV: "1", SESSION_ENV: str(os.getpid())}
        self.process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        """Pass Quarto's output on; note what it wrote, what was asked for, each error."""
        root = self.root.resolve()
        pages = [page.relative_to(root).as_posix() for page in site_pages(root)]
        sources = {output_page(page): page for page in pages}
        for line in self.process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            text = _ANSI.sub("", line).strip()
            with self.events:
                if (created := _output_path(text)) is not None:
                    self.created.append(self._output_of(created))
                elif (requested := _requested_page(text)) in sources:
                    self.viewed = sources[requested]
                elif text.startswith(FAILED):
                    self.errors += 1
                self.events.notify_all()

    def _output_of(self, printed: str) -> Path:
        """An output as Quarto prints it, from its page's folder (``../_site/research/
        index.html``), made absolute."""
        parts = [part for part in PurePosixPath(printed).parts if part != ".."]
        return (self.root / Path(*parts)).resolve()

    def output(self, page: str) -> Path:
        """Where ``page``'s HTML goes."""
        return (self.root / "_site" / output_page(page)).resolve()

    def mark(self) -> tuple[int, int]:
        """Where Quarto's output is now: what ``wait_for`` waits after."""
        with self.events:
            return len(self.created), self.errors

    def wait_for(self, page: str, mark: tuple[int, int], timeout: float) -> bool:
        """Wait until Quarto says it wrote ``page`` after ``mark``; False on an error, when
        Quarto ended, or after ``timeout`` seconds."""
        output, deadline = self.output(page), time.monotonic() + timeout
        with self.events:
            while time.monotonic() < deadline and self.running():
                if output in self.created[mark[0] :]:
                    return True
                if self.errors > mark[1]:
                    return False
                self.events.wait(min(1.0, max(deadline - time.monotonic(), 0.01)))
        return False

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def render(self, page: str, timeout: float = RENDER_TIMEOUT) -> bool:
        """Ask the server to render ``page``; wait until Quarto says it wrote it."""
        mark = self.mark()
        request = f"{self.url}{RENDER_REQUEST}/{quote(page)}"
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.read() != b"rendered":
                    return False
        except (urllib.error.URLError, OSError):
            return False
        return self.wait_for(page, mark, timeout)

    def stop(self, grace: float = 10.0) -> None:
        """End Quarto and every process it started: deno, the kernels, and the kernel
        daemons Quarto detaches from it (all carry this preview's ``SESSION_ENV``)."""
        if self.process is None:
            return
        others = [p for p in session_processes(str(os.getpid())) if p.pid != self.process.pid]
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            for process in others:
                with contextlib.suppress(psutil.Error):
                    process.send_signal(sig)
            _, others = psutil.wait_procs(others, timeout=grace)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(grace)
                if not others:
                    return


@dataclass
class RenderQueue:
    """Pages waiting to be rendered, worked off one at a time by a thread: those the author
    edits or looks at (``now``) at once, the others (``later``) once the author has made no
    change for ``IDLE_SECONDS``, so that no render of a page out of sight holds up the next
    edit. A page waits in one place however many edits want it (one render shows them all)."""

    preview: QuartoPreview
    now: list[str] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    wake: threading.Condition = field(default_factory=threading.Condition)
    stopped: bool = False
    last_change: float = 0.0

    def add(self, now: list[str], later: Iterable[str] = ()) -> None:
        """Queue ``now`` before any page waiting, and ``later`` after them."""
        with self.wake:
            self.now = list(dict.fromkeys([*now, *self.now]))
            self.later = [p for p in dict.fromkeys([*self.later, *later]) if p not in self.now]
            self.last_change = time.monotonic()
            self.wake.notify()

    def stop(self) -> None:
        with self.wake:
            self.stopped = True
            self.wake.notify()

    def _next(self) -> str | None:
        """The next page to render, once it is its turn; None when stopped."""
        with self.wake:
            while not self.stopped:
                idle = self.last_change + IDLE_SECONDS - time.monotonic()
                if self.now or (self.later and idle <= 0):
                    return (self.now or self.later).pop(0)
                self.wake.wait(idle if self.later else None)
        return None

    def work(self) -> None:
        """Render the pending pages until stopped."""
        while (page := self._next()) is not None:
            started = time.monotonic()
            done = self.preview.render(page)
            if self.stopped:
                return
            verdict = "rendered" if done else "not rendered (see Quarto's output above)"
            print(f"preview: {page} {verdict} in {time.monotonic() - started:.1f} s", flush=True)


def page_text(page: Path) -> str:
    """What the author writes in a page: a ``.qmd`` page's text, a notebook's cells without
    their outputs (a render writes those into the notebook); "" when it cannot be read."""
    try:
        text = page.read_text(encoding="utf-8")
        if page.suffix != ".ipynb":
            return text
        cells = json.loads(text).get("cells", [])
    except (OSError, ValueError):
        return ""
    return json.dumps([[cell.get("cell_type"), _joined(cell.get("source"))] for cell in cells])


def _joined(source: str | list[str] | None) -> str:
    """A notebook cell's source as one string (nbformat writes it either way)."""
    return "".join(source) if isinstance(source, list) else source or ""


@dataclass
class PageEdits:
    """The text of each page as last seen, to tell the author's edits from a render's
    writes."""

    texts: dict[Path, str] = field(default_factory=dict)

    @classmethod
    def of(cls, root: Path) -> PageEdits:
        return cls({page: page_text(page) for page in site_pages(root)})

    def edited(self, paths: Iterable[Path]) -> list[Path]:
        """The pages among ``paths`` whose text changed since last seen."""
        found = []
        for path in paths:
            if path.suffix in PAGE_SUFFIXES and self.texts.get(path) != (text := page_text(path)):
                self.texts[path] = text
                found.append(path)
        return found


def on_change(
    root: Path, changes: set[tuple[watchfiles.Change, str]], queue: RenderQueue, edits: PageEdits
) -> None:
    """Render the pages the author edited at once; when the data or the package changed and
    the data is sound, the pages that show the change: the one the browser shows and the
    one that shows the file first at once too, the others later; else say what is wrong."""
    changed = [Path(path) for _, path in changes]
    pages = [path.relative_to(root).as_posix() for path in edits.edited(changed)]
    if pages:
        print(f"preview: {', '.join(pages)} edited; rendering it", flush=True)
    sources = (root / "data", PACKAGE)
    changed = [path for path in changed if any(path.is_relative_to(s) for s in sources)]
    if changed:
        names = ", ".join(sorted({path.name for path in changed}))
        _, problems = read_portfolio(root / "data")
        for problem in problems:
            print(problem, flush=True)
        if problems or prerender.refresh(build_context({PREVIEW_ENV: "1"}, root)):
            print(f"preview: {names} changed; fix the problem(s) above to see it", flush=True)
            return
        viewed = queue.preview.viewed
        shown = pages_to_render(root, changed, viewed)
        print(f"preview: {names} changed; {len(shown)} pages show it", flush=True)
        first = [page for page in first_pages(changed, viewed) if page in shown]
        queue.add([*pages, *first], shown)
    else:
        queue.add(pages)


def _watched(change: watchfiles.Change, path: str) -> bool:
    """Data files, the package's Python and templates, and pages (no caches, checkpoints or
    editor files)."""
    name, suffix = Path(path).name, Path(path).suffix
    hidden = name.startswith(".") or ".ipynb_checkpoints" in Path(path).parts
    return not hidden and suffix in {".yml", ".yaml", ".py", ".typ", *PAGE_SUFFIXES}


def watched_paths(root: Path) -> list[Path]:
    """``data/``, the package, and the folders (or files, at the top) of the site's pages."""
    pages = site_pages(root)
    folders = {page.parent for page in pages if page.parent != root}
    folders = {folder for folder in folders if not any(p in folders for p in folder.parents)}
    top = [page for page in pages if page.parent == root]
    return [root / "data", PACKAGE, *sorted(folders), *top]


def remove_policies(site: Path) -> None:
    """Take a published render's Content-Security-Policy off its pages: it would block the
    reload script Quarto's preview server injects."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if (lighter := remove_policy(html)) != html:
            page.write_text(lighter, encoding="utf-8")


def run_preview(root: Path, port: int = 0, browser: bool = True) -> int:
    """Preview the project until Ctrl-C or SIGTERM (any free port when ``port`` is 0)."""
    preview = QuartoPreview(root, port or free_port(), browser)
    stop = threading.Event()
    queue, edits = RenderQueue(preview), PageEdits.of(root)

    def terminate(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, terminate)
    remove_policies(root / "_site")
    preview.start()
    worker = threading.Thread(target=queue.work, daemon=True)
    worker.start()
    try:
        watch = watchfiles.watch(
            *watched_paths(root),
            watch_filter=_watched,
            stop_event=stop,
            rust_timeout=1000,
            yield_on_timeout=True,
        )
        for changes in watch:
            if not preview.running():
                break
            if changes:
                on_change(root, changes, queue, edits)
    except KeyboardInterrupt:
        pass
    finally:
        queue.stop()
        preview.stop()
        signal.signal(signal.SIGTERM, previous)
    print("preview: stopped", flush=True)
    return 0 if stop.is_set() or not preview.process.returncode else preview.process.returncode
