"""Keep Quarto's frozen page results (``_freeze/``) in step with what each page reads.

With ``execute.freeze: auto`` Quarto re-runs a page only when the page's own source
changes, but a page's output also depends on the data files it shows
(``portfolio.project.targets.shows_data``), the engine (the installed ``portfolio``
package), the project settings (``_quarto.yml``), the site's overrides of engine files
(``overrides/``) and which pages the site has (links go to
them). The pre-render step hashes each page's inputs and removes that page's frozen results
when the hash differs from the one stored with them (``_freeze/portfolio-inputs.json``): a
data edit re-runs the pages that show the file and no other, an engine change every page.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from portfolio.project.sources import site_pages

FREEZE_DIR = "_freeze"
MANIFEST = "portfolio-inputs.json"
#: What the pages read besides the package (project-relative).
INPUTS = ("data", "_quarto.yml", "overrides")
#: What every page reads besides its data files.
SHARED = ("_quarto.yml", "overrides")
SKIPPED = {"__pycache__"}


#: The installed package, wherever it is (``engine/src/`` or a site's environment).
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


def page_inputs(root: Path) -> dict[str, str]:
    """Each page of the site (relative to ``root``) -> a hash of its inputs: the engine,
    ``_quarto.yml`` and ``overrides/``, the site's pages and the data files the page shows."""
    from portfolio.project.targets import shows_data  # pandas: not for a skipped pre-render

    pages = [page.relative_to(root).as_posix() for page in site_pages(root)]
    shared = f"{package_hash()}\0{inputs_hash(root, SHARED)}\0{pages}"
    data = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((root / "data").glob("*"))
        if path.is_file()
    }
    inputs = {}
    for page in pages:
        shown = [f"{name}:{digest}" for name, digest in data.items() if shows_data(page, name)]
        inputs[page] = hashlib.sha256(f"{shared}\0{shown}".encode()).hexdigest()
    return inputs


def frozen_results(root: Path, page: str) -> Path:
    """Where Quarto keeps a page's frozen results (``_freeze/research/x/index/``)."""
    return root / FREEZE_DIR / PurePosixPath(page).with_suffix("")


def refresh_freeze(root: Path) -> list[str]:
    """Remove the frozen results of the pages whose inputs changed since they were made;
    return those pages. The inputs are stored in ``_freeze/portfolio-inputs.json``."""
    manifest = root / FREEZE_DIR / MANIFEST
    stored = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}
    current = page_inputs(root)
    stale = [p for p, digest in current.items() if stored.get(p) != digest]
    stale = [page for page in stale if frozen_results(root, page).is_dir()]
    for page in stale:
        shutil.rmtree(frozen_results(root, page))
    if stored != current:
        manifest.parent.mkdir(exist_ok=True)
        manifest.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    return stale
