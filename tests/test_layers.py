"""The package's layers, as import-linter contracts (``[tool.importlinter]`` in pyproject.toml).

Each folder of ``src/portfolio`` is one layer; a layer imports only the layers below it;
``portfolio.exceptions``, which every layer imports, imports none; and what a page imports
(pages, charts, project, data) loads no notebook, schema or browser tool.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENGINE

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(config_dir: Path, src: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` with the contracts in ``config_dir``, on the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(config_dir / "pyproject.toml")],
        cwd=config_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_keeps_its_layers():
    result = lint_imports(ENGINE, ENGINE / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("data/tables.py", "from portfolio.charts import figures", "portfolio.data.tables ->"),
        ("pages/fragments.py", "from portfolio.build import cv", "portfolio.build.cv"),
        ("charts/figures.py", "from portfolio.verify import sitecheck", "portfolio.verify"),
        ("pages/posts.py", "import nbformat", "portfolio.pages.posts -> nbformat"),
        ("exceptions.py", "from portfolio.data import load", "portfolio.exceptions ->"),
    ],
    ids=[
        "data-imports-charts",
        "pages-import-build",
        "charts-import-verify",
        "pages-nbformat",
        "exceptions-import-data",
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, line, broken):
    """The same contracts fail on a copy of the package with one forbidden import added."""
    src = tmp_path / "src"
    shutil.copytree(ENGINE / "src" / "portfolio", src / "portfolio")
    shutil.copy(ENGINE / "pyproject.toml", tmp_path / "pyproject.toml")
    target = src / "portfolio" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tmp_path, src)
    assert result.returncode == 1, result.stdout
    assert broken in result.stdout, result.stdout
