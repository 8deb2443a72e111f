"""Headless Chromium (Debian's package, driven by Playwright), a loopback web server, and
the log of what a page requests from it (requests to any other host are aborted)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route

# Re-exported: the checks and tests start Chromium from here.
from portfolio.build.chromium import CHROMIUM as CHROMIUM
from portfolio.build.chromium import CHROMIUM_ARGS as CHROMIUM_ARGS
from portfolio.build.chromium import launch_chromium as launch_chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep test output clean."""

    def list_directory(self, path: str) -> None:
        """Answer 404 for a folder without index.html, as static hosts do (no listings)."""
        self.send_error(404, "No index.html in this folder")


LOCAL_HOST = "127.0.0.1"  # the only host the checks and benchmarks let a page reach
#: Types static hosts compress; fonts (WOFF/WOFF2) and images are compressed already.
GZIP_TYPES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map")
GZIP_LEVEL = 6  # what web servers typically use


class _GzipHandler(_QuietHandler):
    """Sends text files gzipped when the client accepts it and keeps the connection open
    for the next request (HTTP/1.1), as static hosts do."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        """Serve a text file gzipped; anything else as the plain handler does."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in GZIP_TYPES and path.is_file()):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a request it no longer needs is not an error worth a trace."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(root: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yield the base URL.

    With ``compress``, text files go out gzipped to clients that accept it.
    """
    handler_class = _GzipHandler if compress else _QuietHandler
    handler = functools.partial(handler_class, directory=str(root))
    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Request:
    """One request of a page: ``path`` is site-relative for loopback requests, else the URL.

    ``status`` is the HTTP status, 0 when the request was aborted (another host) or failed.
    """

    url: str
    path: str
    status: int
    raw_bytes: int = 0
    gzip_bytes: int = 0

    @property
    def external(self) -> bool:
        """The request was for another host (and aborted)."""
        return urlsplit(self.url).hostname != LOCAL_HOST

    @property
    def problem(self) -> str | None:
        """What was wrong with it: another host, a failure, or an HTTP error."""
        if self.external:
            return f"request to another host blocked: {self.url}"
        if self.status == 0:
            return f"request failed: {self.url}"
        return f"HTTP {self.status}: {self.url}" if self.status >= 400 else None


@dataclass
class RequestLog:
    """Serves a page's requests from the loopback server and records each one (bytes raw and
    gzipped); a request for another host is aborted and recorded, never sent."""

    requests: list[Request] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        """Route every request of ``page`` through this log; return the page."""
        page.route("**/*", self.on_route)
        return page

    def on_route(self, route: Route) -> None:
        """Abort a request for another host; fetch, weigh and fulfil a loopback one."""
        url = route.request.url
        if urlsplit(url).hostname != LOCAL_HOST:
            self.requests.append(Request(url, url, 0))
            route.abort("blockedbyclient")
            return
        path = unquote(urlsplit(url).path).lstrip("/") or "index.html"
        try:
            response = route.fetch(max_redirects=0)
        except PlaywrightError:
            self.requests.append(Request(url, path, 0))
            route.abort()
            return
        body = response.body()
        gzipped = len(gzip.compress(body, GZIP_LEVEL))
        self.requests.append(Request(url, path, response.status, len(body), gzipped))
        route.fulfill(response=response)

    @property
    def served(self) -> list[Request]:
        """The requests the loopback server answered."""
        return [request for request in self.requests if request.status]

    def problem_urls(self) -> set[str]:
        """The URLs of the requests that had a problem."""
        return {request.url for request in self.requests if request.problem}
