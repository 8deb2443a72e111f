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
#: What every page's results depend on besides the page itself (project-relative).
INPUTS = ("data", "src/portfolio", "_quarto.yml")
SKIPPED = {"__pycache__"}


#: The installed package, wherever it is (the project's ``src/`` or a site's environment).
PACKAGE = Path(__file__).resolve().parents[1]


def _files(root: Path, names: tuple[str, ...] = INPUTS) -> Iterator[Path]:
    for name in names:
        path = root / name
        if path.is_file():
            yield path
        elif path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and not SKIPPED.intersection(found.parts):
                    yield found


def inputs_hash(root: Path, names: tuple[str, ...] = INPUTS) -> str:
    """SHA-256 over the paths and contents of every shared input of the pages (``names``
    under ``root``)."""
    digest = hashlib.sha256()
    for path in _files(root, names):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def package_hash() -> str:
    """SHA-256 over the files of the installed package."""
    return inputs_hash(PACKAGE.parent, (PACKAGE.name,))


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
