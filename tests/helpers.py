"""Small projects in temporary folders for the authoring and Binder tests."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: The fictional researcher's data: stable test data, so these tests pass in any fork.
DATA = REPO / "tests" / "fixtures" / "other-researcher" / "data"
REPO_URL = "https://github.com/example-owner/example-repo"
QUARTO_YML = f"project:\n  type: website\nwebsite:\n  repo-url: {REPO_URL}\n"


def make_project(folder: Path, quarto_yml: str = QUARTO_YML) -> Path:
    """A project with the fictional researcher's data and a minimal ``_quarto.yml``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(DATA, folder / "data")
    (folder / "_quarto.yml").write_text(quarto_yml, encoding="utf-8")
    return folder
