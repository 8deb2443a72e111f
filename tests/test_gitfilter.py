"""The notebook filter git runs: one process per git command (git's filter protocol) that
stores a notebook exactly as nbstripout's command line would, whatever its size, and a file
that is no notebook fails the git command with the file's name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from portfolio.authoring.gitfilter import EXTRA_KEYS, strip

from conftest import git_snapshot


def _executed(size: int = 10) -> str:
    """A notebook as Quarto leaves it: outputs, counts, kernel details; ``size`` lines of
    source in its markdown cell."""
    cell = new_code_cell("print('x' * 3)", execution_count=3)
    cell.outputs = [new_output("stream", text="x" * 200_000 + "\n")]
    cell.metadata["ExecuteTime"] = {"start": "2026-12-07"}
    notebook = new_notebook(cells=[new_markdown_cell("é line\n" * size), cell])
    notebook.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    return nbformat.writes(notebook) + "\n"


def _nbstripout(text: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id", "--extra-keys", EXTRA_KEYS],
        input=text.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)


def test_a_notebook_is_stripped_as_nbstripout_strips_it():
    text = _executed()
    assert strip(text) == _nbstripout(text)
    assert '"outputs": []' in strip(text) and "3.11.7" not in strip(text)


def test_git_stores_notebooks_stripped_through_one_filter_process(tmp_path: Path):
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), tmp_path / "small.ipynb")
    git_snapshot(tmp_path)
    assert _git(tmp_path, "config", "filter.nbstripout.process").stdout.endswith(
        "-m portfolio.authoring.gitfilter\n"
    )
    _git(tmp_path, "config", "filter.nbstripout.clean", "false")  # git must use the process
    big = _executed(size=20_000)  # more than one packet (65516 bytes) even once stripped
    (tmp_path / "big.ipynb").write_text(big, encoding="utf-8")
    small = _executed()
    (tmp_path / "small.ipynb").write_text(small, encoding="utf-8")
    assert _git(tmp_path, "add", "big.ipynb", "small.ipynb").returncode == 0
    stored = _git(tmp_path, "show", ":big.ipynb").stdout
    assert stored == _nbstripout(big) and len(stored.encode()) > 2 * 65516
    assert _git(tmp_path, "show", ":small.ipynb").stdout == _nbstripout(small)


def test_a_file_that_is_no_notebook_fails_the_git_command_naming_it(tmp_path: Path):
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), tmp_path / "ok.ipynb")
    git_snapshot(tmp_path)
    (tmp_path / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    added = _git(tmp_path, "add", "broken.ipynb")
    assert added.returncode != 0
    assert "gitfilter: not stripped" in added.stderr and "broken.ipynb" in added.stderr
    assert _git(tmp_path, "status", "--porcelain").stdout == "?? broken.ipynb\n"


def test_notebooks_check_out_and_stash_through_the_filter(tmp_path: Path):
    nbformat.write(new_notebook(cells=[new_code_cell("1")]), tmp_path / "nb.ipynb")
    git_snapshot(tmp_path)
    stored = (tmp_path / "nb.ipynb").read_text(encoding="utf-8")
    (tmp_path / "nb.ipynb").unlink()
    assert _git(tmp_path, "checkout", "--", "nb.ipynb").returncode == 0
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == stored
    (tmp_path / "nb.ipynb").write_text(_executed(), encoding="utf-8")
    assert _git(tmp_path, "stash").returncode == 0
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == stored
    assert _git(tmp_path, "stash", "pop").returncode == 0
    assert _git(tmp_path, "status", "--porcelain").stdout == " M nb.ipynb\n"
