"""Small projects in temporary folders, and notebook execution, for the authoring tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
REPO_URL = "https://github.com/example-owner/example-repo"
QUARTO_YML = f"project:\n  type: website\nwebsite:\n  repo-url: {REPO_URL}\n"


def make_project(folder: Path, quarto_yml: str = QUARTO_YML) -> Path:
    """A project with the real ``data/`` and a minimal ``_quarto.yml``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "data", folder / "data")
    (folder / "_quarto.yml").write_text(quarto_yml, encoding="utf-8")
    return folder


def execute(path: Path, kernel_name: str = "python3") -> nbformat.NotebookNode:
    """Run the notebook in its own folder (as Quarto does) and return it with outputs."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name=kernel_name,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def markdown_outputs(notebook: nbformat.NotebookNode) -> list[str]:
    """Every ``text/markdown`` output, in order."""
    return [
        output["data"]["text/markdown"]
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "text/markdown" in output.get("data", {})
    ]
