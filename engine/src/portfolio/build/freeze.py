"""Keep Quarto's frozen page results (``_freeze/``) in step with the data and the package.

With ``execute.freeze: auto`` Quarto re-runs a page only when the page's own source
changes, but every page's output also depends on ``data/``, the ``portfolio`` package and
the project settings it reads (``_quarto.yml``). The pre-render step hashes those inputs
and, when the hash differs from the one stored with the frozen results, removes them, so
the render runs every page again instead of showing stale results.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

FREEZE_DIR = "_freeze"
STAMP = "portfolio-inputs.sha256"
#: What every page's results depend on besides the page itself (project-relative), and the
#: installed engine (its code and resources, wherever it is installed).
INPUTS = ("data", "overrides", "_quarto.yml")
ENGINE = Path(__file__).resolve().parents[1]
SKIPPED = {"__pycache__"}


def _files(root: Path) -> Iterator[Path]:
    for path in (*(root / name for name in INPUTS), ENGINE):
        if path.is_file():
            yield path
        elif path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and not SKIPPED.intersection(found.parts):
                    yield found


def inputs_hash(root: Path) -> str:
    """SHA-256 over the paths and contents of every shared input of the pages."""
    digest = hashlib.sha256()
    for path in _files(root):
        name = path.relative_to(ENGINE if path.is_relative_to(ENGINE) else root)
        digest.update(name.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def refresh_freeze(root: Path) -> bool:
    """Remove the frozen results when the shared inputs changed; return True if removed.

    The current hash is stored in ``_freeze/portfolio-inputs.sha256`` either way.
    """
    freeze = root / FREEZE_DIR
    stamp = freeze / STAMP
    current = inputs_hash(root)
    stored = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else None
    stale = (
        stored != current
        and freeze.is_dir()
        and any(entry.name != STAMP for entry in freeze.iterdir())
    )
    if stale:
        for entry in freeze.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    freeze.mkdir(exist_ok=True)
    if stored != current:
        stamp.write_text(current + "\n", encoding="utf-8")
    return stale
