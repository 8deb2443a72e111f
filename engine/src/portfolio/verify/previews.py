"""``portfolio preview`` driven as an author uses it (tests and ``bench_preview.py``): start
it in a project, keep a page open as a browser does (reloaded when the preview says), wait
until it shows a text, stop it and see that nothing of it is left running."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import websocket

from portfolio.project.quarto import free_port, session_processes

#: The command as the README spells it, from this environment.
PORTFOLIO = str(Path(sys.executable).parent / "portfolio")


@dataclass
class PreviewRun:
    """A running ``portfolio preview --no-browser`` in ``root``; its output is collected."""

    root: Path
    #: The command, without its port (default: this environment's ``portfolio preview``).
    command: list[str] = field(default_factory=lambda: [PORTFOLIO, "preview"])
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    output: list[str] = field(default_factory=list)
    tabs: dict[str, BrowserTab] = field(default_factory=dict)

    def start(self, timeout: float = 300.0) -> float:
        """Start it; return the seconds until the home page is served."""
        started = time.monotonic()
        self.process = subprocess.Popen(
            [*self.command, "--no-browser", "--port", str(self.port)],
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if self.fetch("", timeout) is None:
            ended = self.process.poll() is not None
            why = "preview ended" if ended else f"preview served nothing in {timeout:.0f} s"
            raise TimeoutError(f"{why}:\n{self.log()}")
        self.wait_for_output("Watching files for changes", timeout)  # Quarto's own watcher
        return time.monotonic() - started

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def log(self, last: int = 60) -> str:
        return "".join(self.output[-last:])

    def fetch(self, page: str, timeout: float = 5.0) -> str | None:
        """The served page (``""`` is the home page), or None when nothing answers."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            try:
                url = f"http://127.0.0.1:{self.port}/{page}"
                with urllib.request.urlopen(url, timeout=10) as response:
                    return response.read().decode("utf-8", errors="replace")
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.25)
        return None

    def open(self, page: str) -> BrowserTab:
        """``page`` open as a browser tab (the one already open, if any)."""
        if page not in self.tabs:
            self.tabs[page] = BrowserTab(self, page)
            self.tabs[page].open()
        return self.tabs[page]

    def seconds_until(self, page: str, text: str, timeout: float = 300.0) -> float:
        """Seconds until ``page``, open in a tab, shows ``text``; TimeoutError after
        ``timeout``."""
        return self.open(page).seconds_until(text, timeout)

    def wait_for_output(self, text: str, timeout: float = 60.0) -> str:
        """The first line of its output holding ``text``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.output):
                if text in line:
                    return line
            time.sleep(0.2)
        raise TimeoutError(f"no output line with {text!r}:\n{self.log()}")

    def stop(self, timeout: float = 30.0) -> list[str]:
        """SIGTERM, as a terminal or a process manager sends it; return what is still
        running of the processes it had started, the kernels Quarto detached included
        (nothing, when it stopped cleanly)."""
        for tab in self.tabs.values():
            tab.closed = True
        family = psutil.Process(self.process.pid).children(recursive=True)
        family += [p for p in session_processes(str(self.process.pid)) if p not in family]
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout)
        gone, alive = psutil.wait_procs(family, timeout=timeout)
        left = [" ".join(proc.cmdline()[:3]) for proc in alive if proc.is_running()]
        for proc in alive:
            proc.kill()
        return left


@dataclass
class BrowserTab:
    """A page of a preview open as a browser holds it: loaded, then loaded again each time
    the preview's live-reload socket (the one Quarto's page script opens) says to reload.
    It never asks for the page while Quarto is still rendering it."""

    run: PreviewRun
    page: str
    body: str = ""
    closed: bool = False
    loaded: threading.Condition = field(default_factory=threading.Condition)

    def open(self) -> None:
        threading.Thread(target=self._follow, daemon=True).start()

    def _follow(self) -> None:
        url = f"ws://127.0.0.1:{self.run.port}/"
        while not self.closed and self.run.process.poll() is None:
            try:
                socket = websocket.create_connection(url, timeout=1)
            except (OSError, websocket.WebSocketException):
                time.sleep(0.2)
                continue
            with contextlib.closing(socket):
                self._load()
                self._wait_for_reload(socket)

    def _load(self) -> None:
        body = self.run.fetch(self.page) or ""
        with self.loaded:
            self.body = body
            self.loaded.notify_all()

    def _wait_for_reload(self, socket: websocket.WebSocket) -> None:
        while not self.closed:
            try:
                if socket.recv().startswith("reload"):
                    return
            except websocket.WebSocketTimeoutException:
                continue
            except (OSError, websocket.WebSocketException):
                return

    def seconds_until(self, text: str, timeout: float = 300.0) -> float:
        """Seconds until the tab shows ``text``; TimeoutError after ``timeout``."""
        started = time.monotonic()
        with self.loaded:
            shown = self.loaded.wait_for(lambda: text in self.body, timeout)
        if not shown:
            log = self.run.log()
            raise TimeoutError(f"{self.page} did not show {text!r} in {timeout:.0f} s:\n{log}")
        return time.monotonic() - started
