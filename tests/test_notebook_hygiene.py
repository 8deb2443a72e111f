"""Notebooks are kept in git without outputs: Quarto and Binder readers execute them.

What git stores is checked (the index), not the working copy: a render writes outputs back
into the notebooks, and the nbstripout filter that ``engine/install.sh`` sets up keeps them
out of git.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
from helpers import REPO
from nbformat.v4 import new_code_cell, new_notebook, new_output


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


def committed_notebooks() -> dict[str, str]:
    """Every ``.ipynb`` that git tracks, as git stores it (path -> text)."""
    names = [name for name in _git("ls-files", "-z", "--", "*.ipynb").split("\0") if name]
    return {name: _git("show", f":{name}") for name in names}


def notebook_problems(path: Path | str, text: str | None = None) -> list[str]:
    """Cells that carry outputs or execution counts (run nbstripout on the notebook)."""
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    problems = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.get("outputs"):
            problems.append(f"{path.name}: cell {number} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{path.name}: cell {number} has an execution count")
    return problems


def test_committed_notebooks_have_no_outputs():
    stored = committed_notebooks()
    assert stored, "git tracks no notebook"
    problems = [
        problem for name, text in stored.items() for problem in notebook_problems(name, text)
    ]
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
