"""The Quarto CLI, wherever it was installed, and the environment it runs the pages in.

Quarto is found on ``PATH`` (quarto.org's installers, ``../shared/tools/quarto``), else next
to this Python (``pip install quarto-cli`` puts it in the virtual environment's ``bin``), so
``portfolio render`` and ``portfolio preview`` are spelled the same either way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sys
from pathlib import Path

import psutil

from portfolio.exceptions import PortfolioError

#: Set by ``portfolio preview`` for Quarto to its own pid: every process of the preview
#: inherits it, the kernel daemons Quarto detaches too.
SESSION_ENV = "PORTFOLIO_PREVIEW_SESSION"


class QuartoNotFound(PortfolioError):
    """No Quarto CLI on PATH or in this Python's environment."""


def find_quarto(path: str | None = None, bin_dir: Path | None = None) -> str:
    """The ``quarto`` executable: on ``path`` (default: ``PATH``), else in ``bin_dir``
    (default: the folder of this Python)."""
    found = shutil.which("quarto", path=path)
    if found:
        return found
    folder = bin_dir or Path(sys.executable).parent
    candidate = folder / "quarto"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return str(candidate)
    raise QuartoNotFound(
        "no Quarto found on PATH or in this environment: install it from quarto.org or with "
        "`pip install quarto-cli`"
    )


def quarto_env(python: str | None = None) -> dict[str, str]:
    """This process's environment, with the pages run by ``python`` (default: QUARTO_PYTHON
    if set, else this Python) and its folder first on ``PATH``: the site's render steps
    (``python -m portfolio.build...``) run in the same environment as the pages."""
    python = python or os.environ.get("QUARTO_PYTHON") or sys.executable
    path = os.pathsep.join([str(Path(python).parent), os.environ.get("PATH", "")])
    return {**os.environ, "QUARTO_PYTHON": python, "PATH": path}


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now (for a preview)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def session_processes(session: str) -> list[psutil.Process]:
    """The running processes whose ``SESSION_ENV`` is ``session``."""
    found = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if process.environ().get(SESSION_ENV) == session:
                found.append(process)
    return found
