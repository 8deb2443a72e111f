"""Binder's setup, reproduced: a fresh environment from ``binder/`` runs every notebook."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import QUARTO_YML, REPO
from jupyter_client.kernelspec import KernelSpecManager
from nbclient.exceptions import CellExecutionError

from portfolio.verify.pagerun import execute_page

NOTEBOOK_GLOBS = ("research/**/index.ipynb", "blog/**/*.ipynb", "notebooks/*.ipynb")
KERNEL = "portfolio-binder-test"


def notebooks(root: Path) -> list[Path]:
    """The site's notebooks under ``root`` (checkpoints left out)."""
    found = {path for pattern in NOTEBOOK_GLOBS for path in root.glob(pattern)}
    return sorted(path for path in found if ".ipynb_checkpoints" not in path.parts)


def _pins() -> dict[str, str]:
    lines = (REPO / "binder/requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {_normal(name): version for name, version in pins}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_binder_files_pin_every_dependency():
    assert (REPO / "binder/runtime.txt").read_text(encoding="utf-8").strip() == "python-3.12"
    assert os.access(REPO / "binder/postBuild", os.X_OK)
    pins = _pins()
    assert all(re.fullmatch(r"[\w.+!-]+", version) for version in pins.values())
    project = tomllib.loads((REPO / "engine" / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]
    for requirement in project["dependencies"]:
        assert _normal(re.match(r"[\w.-]+", requirement)[0]) in pins, f"{requirement} is not pinned"


def _copy_repo(target: Path) -> None:
    """The files git would check out (tracked and new, ignored ones left out)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def binder_repo(tmp_path_factory) -> tuple[Path, Path]:
    """A checkout set up as repo2docker does: pinned requirements, then ``binder/postBuild``."""
    base = tmp_path_factory.mktemp("binder")
    repo, venv = base / "repo", base / "venv"
    _copy_repo(repo)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = os.environ | {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(venv),
    }
    quiet = {"check": True, "env": env, "capture_output": True}
    subprocess.run(
        ["python", "-m", "pip", "install", "-r", "binder/requirements.txt"], cwd=repo, **quiet
    )
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, **quiet)
    subprocess.run(
        ["python", "-m", "ipykernel", "install", "--prefix", str(venv), "--name", KERNEL], **quiet
    )
    if not (repo / "_quarto.yml").exists():
        (repo / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    post = ["portfolio", "new-post", "Binder check", "--date", "2026-01-01", "--root", str(repo)]
    subprocess.run(post, **quiet)
    return repo, venv


@pytest.mark.slow
def test_every_notebook_runs_in_the_binder_environment(binder_repo, monkeypatch):
    repo, venv = binder_repo
    monkeypatch.setenv("JUPYTER_PATH", str(venv / "share" / "jupyter"))
    monkeypatch.delenv("PORTFOLIO_DATA", raising=False)
    found = notebooks(repo)
    assert len(found) == len(notebooks(REPO)) + 1
    assert repo / "blog/posts/2026-01-01-binder-check/index.ipynb" in found
    assert KernelSpecManager().get_kernel_spec(KERNEL).argv[0].startswith(str(venv))
    for path in found:
        try:
            execute_page(path, kernel_name=KERNEL)
        except CellExecutionError as exc:
            pytest.fail(f"{path.relative_to(repo)} failed on Binder's setup:\n{exc}")
