"""Notebooks are kept in git without outputs: Quarto and Binder readers execute them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
from helpers import REPO
from nbformat.v4 import new_code_cell, new_notebook, new_output


def committed_notebooks() -> list[Path]:
    """Every ``.ipynb`` that git tracks."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "*.ipynb"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [REPO / name for name in listed.stdout.split("\0") if name]


def notebook_problems(path: Path) -> list[str]:
    """Cells that carry outputs or execution counts (run nbstripout on the notebook)."""
    notebook = nbformat.read(path, as_version=4)
    problems = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.get("outputs"):
            problems.append(f"{path.name}: cell {number} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{path.name}: cell {number} has an execution count")
    return problems


def test_committed_notebooks_have_no_outputs():
    problems = [problem for path in committed_notebooks() for problem in notebook_problems(path)]
    assert not problems, "run `nbstripout` on these notebooks:\n" + "\n".join(problems)


def test_the_check_flags_an_executed_notebook(tmp_path):
    cell = new_code_cell(
        "1 + 1", execution_count=1, outputs=[new_output("execute_result", {"text/plain": "2"})]
    )
    executed = tmp_path / "executed.ipynb"
    nbformat.write(new_notebook(cells=[cell]), executed)
    assert notebook_problems(executed) == [
        "executed.ipynb: cell 1 has outputs",
        "executed.ipynb: cell 1 has an execution count",
    ]
    clean = tmp_path / "clean.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), clean)
    assert notebook_problems(clean) == []
