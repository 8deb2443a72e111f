"""The failures the engine expects, under one base class.

``PortfolioError`` is what the user's data, pages, settings or tools can cause: each layer
raises a subclass named after what failed (``DataError``, ``LinkError``, ``CvError``, ...)
with a message that says where (file, record, field) and what to do. The ``portfolio``
command and the steps Quarto runs catch only this base: they print it without a traceback
and exit non-zero. Any other exception is a bug in the engine and shows its traceback.

This module imports nothing of the package, so every layer may import it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


class PortfolioError(Exception):
    """An expected failure: its message tells the user what is wrong and what to do."""

    def report(self, command: str) -> str:
        """The failure as the user reads it: one line, after the command or step that met it."""
        return f"{command}: {self}"

    def _render_traceback_(self) -> list[str]:
        """IPython and Jupyter (a page's cell) show this instead of a traceback."""
        return [f"{type(self).__name__}: {self}"]


def run_step(command: str, step: Callable[[], int]) -> int:
    """Run ``step`` and return its status; an expected failure is printed (no traceback) and
    gives 1. Any other exception propagates: it is a bug, and its traceback says where."""
    try:
        return step()
    except PortfolioError as exc:
        print(exc.report(command), file=sys.stderr)
        return 1
