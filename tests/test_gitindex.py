"""After a render, git reports no change for notebooks whose only change is their outputs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from portfolio.build.gitindex import main, refresh, touched_notebooks

from conftest import git_snapshot


def status(repo: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def test_outputs_alone_leave_status_clean_real_edits_stay(tmp_path: Path):
    for name in ("a", "b"):
        nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), tmp_path / f"{name}.ipynb")
    git_snapshot(tmp_path)
    for name, source in (("a", "1 + 1"), ("b", "2 + 2")):  # b: the author changed the code
        notebook = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
        cell = notebook.cells[0]
        cell.source, cell.execution_count = source, 1
        cell.outputs = [new_output("execute_result", {"text/plain": "2"}, execution_count=1)]
        nbformat.write(notebook, tmp_path / f"{name}.ipynb")
    assert sorted(status(tmp_path).split()) == ["M", "M", "a.ipynb", "b.ipynb"]
    assert refresh(tmp_path) == ["a.ipynb"]
    assert status(tmp_path) == " M b.ipynb\n"
    staged = subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=tmp_path, check=False)
    assert staged.returncode == 0  # nothing was staged


def test_outside_git_nothing_happens(tmp_path: Path):
    assert refresh(tmp_path) == []


def test_a_git_failure_is_one_line_and_leaves_the_render_alone(tmp_path: Path, capsys):
    (tmp_path / ".git").write_text(f"gitdir: {tmp_path / 'gone'}\n", encoding="utf-8")
    assert main({"QUARTO_PROJECT_DIR": str(tmp_path)}) == 0  # the site is written
    err = capsys.readouterr().err
    assert err.startswith("gitindex: git index not refreshed: fatal: not a git repository")
    assert len(err.splitlines()) == 1


def test_notebooks_the_render_did_not_touch_run_no_filter(tmp_path: Path):
    for name in ("a", "b"):
        nbformat.write(new_notebook(cells=[new_code_cell("1 + 1")]), tmp_path / f"{name}.ipynb")
    git_snapshot(tmp_path)
    notebook = nbformat.read(tmp_path / "a.ipynb", as_version=4)
    notebook.cells[0].outputs = [new_output("stream", text="2\n")]
    nbformat.write(notebook, tmp_path / "a.ipynb")
    assert touched_notebooks(tmp_path) == {"a.ipynb"}  # b is not read through the filter
    assert refresh(tmp_path) == ["a.ipynb"] and touched_notebooks(tmp_path) == set()
    assert refresh(tmp_path) == []  # nothing touched since: nothing to do
