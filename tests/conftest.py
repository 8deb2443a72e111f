"""Shared fixtures: the real data, and writable copies of it for bad-input tests."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from portfolio.load import load_portfolio
from portfolio.models import Portfolio

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="session")
def portfolio() -> Portfolio:
    """The real career data, with "present" fixed to ``AS_OF``."""
    return load_portfolio(DATA, as_of=AS_OF)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/``."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Edit a data file in place; return the 1-based line where ``old`` was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line
