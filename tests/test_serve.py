"""The loopback server gzips text as static hosts do (benchmarks measure through it)."""

from __future__ import annotations

import gzip
import urllib.request

from portfolio.verify.browser import serve_directory


def _get(url: str) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_text_is_gzipped_and_binary_files_are_not(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<p>hello</p>" * 100)
    (tmp_path / "font.woff").write_bytes(b"\x00woff" * 10)
    with serve_directory(tmp_path, compress=True) as base:
        encoding, body = _get(f"{base}/docs/")
        assert encoding == "gzip" and gzip.decompress(body) == b"<p>hello</p>" * 100
        assert _get(f"{base}/font.woff") == (None, b"\x00woff" * 10)
    with serve_directory(tmp_path) as base:
        assert _get(f"{base}/docs/index.html")[0] is None
