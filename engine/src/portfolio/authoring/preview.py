"""``portfolio preview``: Quarto's live preview, following ``data/`` and the package too.

``quarto preview`` re-renders a page when the page changes, but not when the data or the
code it runs changes. This command runs ``quarto preview`` and watches ``data/`` and the
package with ``watchfiles``; on a change it checks the data (problems are printed as
``FILE:LINE:`` and nothing is rendered until they are fixed), then asks the preview server
to render every page again, the pages that show the changed file first (the request Quarto's
IDE integrations send: ``GET /<RENDER_REQUEST>/<page>``). Quarto renders them one at a time
and reloads the browser after each. Drafts are run and shown (``portfolio.build.drafts``).
Ctrl-C or SIGTERM stops Quarto and all its children.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from urllib.parse import quote

import watchfiles

from portfolio.build.csp import remove_policy
from portfolio.build.drafts import output_page
from portfolio.build.rendermode import PREVIEW_ENV
from portfolio.data.load import read_portfolio
from portfolio.project.quarto import find_quarto, free_port, quarto_env
from portfolio.project.sources import site_pages

#: The path of Quarto's preview render request (``previewRenderRequest`` in quarto-cli).
RENDER_REQUEST = "90B3C9E8-0DBC-4BC0-B164-AA2D5C031B28"
#: The page that shows each data file first; every other page follows it.
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
HOLD_TIMEOUT = 60.0
PAGE_SUFFIXES = (".qmd", ".ipynb")


def pages_to_render(root: Path, changed: Iterable[Path]) -> list[str]:
    """Every page of the site (drafts too: the author previews them), relative to ``root``;
    the pages that show a changed data file first."""
    pages = [page.relative_to(root).as_posix() for page in site_pages(root)]
    first = [FIRST_PAGE[path.name] for path in changed if path.name in FIRST_PAGE]
    first = [page for page in dict.fromkeys(first) if page in pages]
    return first + [page for page in pages if page not in first]


@dataclass
class QuartoPreview:
    """``quarto preview`` of the project at ``root``, in its own process group."""

    root: Path
    port: int
    browser: bool = True
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        """Start Quarto's preview server (it renders what is out of date first)."""
        command = [find_quarto(), "preview", "--port", str(self.port), "--no-navigate"]
        command += [] if self.browser else ["--no-browser"]
        env = quarto_env() | {PREVIEW_ENV: "1"}  # see portfolio.build.rendermode
        self.process = subprocess.Popen(command, cwd=self.root, env=env, start_new_session=True)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def render(self, page: str, timeout: float = RENDER_TIMEOUT) -> bool:
        """Ask the server to render ``page``; wait until its output is rewritten."""
        output = self.root / "_site" / output_page(page)
        before = output.stat().st_mtime_ns if output.exists() else 0
        request = f"{self.url}{RENDER_REQUEST}/{quote(page)}"
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                if response.read() != b"rendered":
                    return False
        except (urllib.error.URLError, OSError):
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.running():
            if output.exists() and output.stat().st_mtime_ns != before:
                return True
            time.sleep(0.2)
        return False

    def stop(self, grace: float = 10.0) -> None:
        """End Quarto and every process it started (deno, the kernels)."""
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(grace)
                _wait_for_group(self.process.pid, grace)
                break
            except subprocess.TimeoutExpired:
                continue


def _wait_for_group(pgid: int, timeout: float) -> None:
    """Wait until no process of the group ``pgid`` is left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise subprocess.TimeoutExpired(f"process group {pgid}", timeout)


@dataclass
class RenderQueue:
    """Pages waiting to be rendered, worked off one at a time by a thread; a new change
    replaces what is still waiting (the pages are rendered again anyway)."""

    preview: QuartoPreview
    pending: list[str] = field(default_factory=list)
    wake: threading.Condition = field(default_factory=threading.Condition)
    stopped: bool = False
    #: Outputs of pages the author just edited, with the time of the edit: Quarto renders
    #: them itself, and the queue waits until their output is newer than the edit.
    held: dict[Path, int] = field(default_factory=dict)

    def replace(self, pages: list[str]) -> None:
        with self.wake:
            self.pending = list(pages)
            self.wake.notify()

    def hold(self, pages: list[str]) -> None:
        """Let Quarto render these edited pages before the next page of the queue."""
        root = self.preview.root
        with self.wake:
            self.held |= {root / "_site" / output_page(page): _mtime(root / page) for page in pages}

    def _wait_for_held(self) -> None:
        deadline = time.monotonic() + HOLD_TIMEOUT
        while self.held and time.monotonic() < deadline and not self.stopped:
            with self.wake:
                self.held = {out: edit for out, edit in self.held.items() if _mtime(out) < edit}
            time.sleep(0.2)
        self.held = {}

    def stop(self) -> None:
        with self.wake:
            self.stopped = True
            self.wake.notify()

    def work(self) -> None:
        """Render the pending pages until stopped."""
        while True:
            with self.wake:
                while not self.pending and not self.stopped:
                    self.wake.wait()
                if self.stopped:
                    return
                page = self.pending.pop(0)
            self._wait_for_held()
            started = time.monotonic()
            done = self.preview.render(page)
            if self.stopped:
                return
            verdict = "rendered" if done else "not rendered (see Quarto's output above)"
            print(f"preview: {page} {verdict} in {time.monotonic() - started:.1f} s", flush=True)


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


def on_change(root: Path, changes: set[tuple[watchfiles.Change, str]], queue: RenderQueue) -> None:
    """An edited page goes before the queue (Quarto renders it); for data or code, check the
    data, then render every page again when it is sound, else say what is wrong."""
    changed = [Path(path) for _, path in changes]
    if edited := [path for path in changed if path.suffix in PAGE_SUFFIXES]:
        queue.hold([path.relative_to(root).as_posix() for path in edited])
    sources = (root / "data", PACKAGE)
    changed = [path for path in changed if any(path.is_relative_to(s) for s in sources)]
    if not changed:
        return
    names = ", ".join(sorted({path.name for path in changed}))
    _, problems = read_portfolio(root / "data")
    if problems:
        for problem in problems:
            print(problem, flush=True)
        print(f"preview: {names} changed; fix the problem(s) above to see it", flush=True)
        return
    pages = pages_to_render(root, changed)
    print(f"preview: {names} changed; rendering {len(pages)} pages, {pages[0]} first", flush=True)
    queue.replace(pages)


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
    queue = RenderQueue(preview)

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
                on_change(root, changes, queue)
    except KeyboardInterrupt:
        pass
    finally:
        queue.stop()
        preview.stop()
        signal.signal(signal.SIGTERM, previous)
    print("preview: stopped", flush=True)
    return 0 if stop.is_set() or not preview.process.returncode else preview.process.returncode
