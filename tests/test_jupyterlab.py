"""The author's loop in JupyterLab: a post made by ``portfolio new-post`` runs, cell by cell,
in a kernel that a Jupyter server (the one JupyterLab runs on) starts for it in the
project, against the project's data."""

from __future__ import annotations

import asyncio
import json
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import nbformat
from helpers import make_project
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from portfolio.authoring.new_page import new_post
from portfolio.project.quarto import free_port

JUPYTER = Path(sys.executable).parent / "jupyter"
PLOTLY = "application/vnd.plotly.v1+json"


class JupyterServer:
    """``jupyter server`` on a free loopback port, rooted at ``root``, with a token."""

    def __init__(self, root: Path, log: Path) -> None:
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.log = log
        self.process = subprocess.Popen(
            [
                str(JUPYTER),
                "server",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}",
                f"--ServerApp.root_dir={root}",
                f"--IdentityProvider.token={self.token}",
                "--allow-root",  # CI runs as root
            ],
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            start_new_session=True,
        )

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/{path}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
        return json.loads(text) if text else {}

    def wait(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.api("GET", "status")
                return
            except (urllib.error.URLError, OSError):
                if self.process.poll() is not None:
                    raise RuntimeError(self.log.read_text(errors="replace")) from None
                time.sleep(0.5)
        raise TimeoutError("jupyter server did not answer")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def _request(code: str, session: str) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": "execute_request",
            "session": session,
            "username": "author",
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": True},
        "channel": "shell",
        "buffers": [],
    }


async def run_cells(server: JupyterServer, kernel: str, cells: list[str]) -> list[list[dict]]:
    """Execute each cell in the kernel as JupyterLab does (over its websocket); return each
    cell's output messages (stream, display, result, error)."""
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels"
    headers = {"Authorization": f"token {server.token}"}
    connection = await websocket_connect(HTTPRequest(url, headers=headers))
    session, results = uuid.uuid4().hex, []
    for code in cells:
        request = _request(code, session)
        await connection.write_message(json.dumps(request))
        outputs, replied, idle = [], False, False
        while not (replied and idle):
            message = json.loads(await asyncio.wait_for(connection.read_message(), 180))
            if message["parent_header"].get("msg_id") != request["header"]["msg_id"]:
                continue
            kind = message["msg_type"]
            replied |= kind == "execute_reply"
            idle |= kind == "status" and message["content"]["execution_state"] == "idle"
            if kind in {"stream", "display_data", "execute_result", "error"}:
                outputs.append(message)
        results.append(outputs)
    connection.close()
    return results


def test_a_new_post_runs_in_a_jupyter_server(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    root = make_project(tmp_path / "site")
    post = new_post("Trying it in JupyterLab", ["ML"], date(2026, 11, 24), root=root)
    cells = [cell.source for cell in nbformat.read(post, 4).cells if cell.cell_type == "code"]
    server = JupyterServer(root, tmp_path / "server.log")
    try:
        server.wait()
        session = server.api(
            "POST",
            "sessions",
            {
                "path": post.relative_to(root).as_posix(),
                "type": "notebook",
                "name": post.name,
                "kernel": {"name": "python3"},
            },
        )
        results = asyncio.run(run_cells(server, session["kernel"]["id"], cells))
        server.api("DELETE", f"sessions/{session['id']}")
    finally:
        server.stop()
    errors = [m["content"] for outputs in results for m in outputs if m["msg_type"] == "error"]
    assert errors == [], errors
    bundles = [m["content"].get("data", {}) for outputs in results for m in outputs]
    assert any(PLOTLY in bundle for bundle in bundles), "the starter chart was not drawn"
    assert any("Launch on Binder" in str(bundle) for bundle in bundles)


def test_the_authors_tools_are_installed():
    """engine/install.sh installs the dev extra: JupyterLab and its Quarto extension."""
    assert find_spec("jupyterlab")
    assert version("jupyterlab-quarto")  # a prebuilt JupyterLab extension (no module)
