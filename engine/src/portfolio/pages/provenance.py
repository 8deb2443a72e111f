"""When and with what a page's notebook was executed."""

from __future__ import annotations

import html
import platform
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

PACKAGES = ("pandas", "plotly", "pydantic")


def provenance(packages: tuple[str, ...] = PACKAGES) -> dict[str, Any]:
    """Execution time (UTC, ISO 8601), Python version and the versions of ``packages``."""
    return {
        "executed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in packages},
    }


def provenance_text(info: dict[str, Any]) -> str:
    """One sentence: "Executed 2026-05-01 09:30 UTC with Python 3.12.1, pandas 2.2.3, …"."""
    return f"Executed {_when(info)} with {_tools(info)}."


def provenance_html(info: dict[str, Any]) -> str:
    """The sentence as an escaped HTML paragraph with a machine-readable time."""
    stamp, when, tools = (
        html.escape(text) for text in (info["executed_at"], _when(info), _tools(info))
    )
    time = f'<time datetime="{stamp}">{when}</time>'
    return f'<p class="page-provenance">Executed {time} with {tools}.</p>'


def _when(info: dict[str, Any]) -> str:
    return datetime.fromisoformat(info["executed_at"]).strftime("%Y-%m-%d %H:%M UTC")


def _tools(info: dict[str, Any]) -> str:
    names = [f"Python {info['python']}"] + [f"{name} {v}" for name, v in info["packages"].items()]
    return ", ".join(names)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
